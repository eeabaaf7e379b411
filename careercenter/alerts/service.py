"""Saved searches and their digests: subscribe, confirm, send what is new, unsubscribe."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import select, update
from werkzeug.datastructures import MultiDict

from careercenter.accounts.models import User
from careercenter.alerts.models import FREQUENCIES, AlertDelivery, SavedSearch
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.mail import send_email
from careercenter.mail.compose import links_context
from careercenter.search.query import QueryError, parse_search_args
from careercenter.search.query_string import canonical_query, describe, query_pairs
from careercenter.search.service import search_jobs
from careercenter.timeutil import utcnow
from careercenter.tokens import InvalidToken, make_token, read_token

log = logging.getLogger(__name__)

# How long after the last digest the next is due, with some slack for cron's timing.
INTERVALS = {
    "instant": timedelta(0),
    "daily": timedelta(hours=23),
    "weekly": timedelta(days=6, hours=23),
}
# On the first digest, jobs this much older than the alert still count as new.
FIRST_LOOK_BACK = {
    "instant": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(days=7),
}
DIGEST_LIMIT = 20
# An unsubscribe link works for a little over a year after its e-mail was sent.
UNSUBSCRIBE_TOKEN_MAX_AGE = 400 * 24 * 3600


class AlertError(ValueError):
    """The alert cannot be made; the message is safe to show."""


def subscribe(
    query_args: MultiDict[str, str], frequency: str, user: User | None, email: str | None
) -> SavedSearch:
    """Save a search as an alert. Accounts with a confirmed address start at once; guests
    (and unconfirmed accounts) first confirm the address by e-mail."""
    if frequency not in INTERVALS:
        raise AlertError("Choose how often to hear about new jobs.")
    query_string = canonical_query(query_args)
    try:
        parse_search_args(MultiDict(query_pairs(query_string)), strict=True)
    except QueryError as error:
        raise AlertError("This search cannot be saved: " + str(error)) from error
    address = (user.email if user is not None else (email or "")).strip().lower()
    if not address:
        raise AlertError("Enter the e-mail address for the alerts.")
    alert = SavedSearch(
        user_id=user.id if user is not None else None,
        email=address,
        query_string=query_string,
        label=describe(query_string)[:200],
        frequency=frequency,
    )
    if user is not None and user.email_verified:
        alert.confirmed_at = utcnow()
    db.session.add(alert)
    db.session.flush()
    if alert.confirmed_at is None:
        send_email(
            address,
            "Confirm your CareerCenter job alert",
            "alert_confirm",
            alert=alert,
            link=url_for("alerts.confirm", token=alert_token("confirm", alert), _external=True),
        )
    db.session.commit()
    return alert


def alert_token(purpose: str, alert: SavedSearch) -> str:
    return make_token(f"alert-{purpose}", {"alert": alert.id, "email": alert.email})


def alert_from_token(purpose: str, token: str) -> SavedSearch:
    max_age = (
        current_app.config["EMAIL_TOKEN_MAX_AGE"]
        if purpose == "confirm"
        else UNSUBSCRIBE_TOKEN_MAX_AGE
    )
    try:
        payload = read_token(f"alert-{purpose}", token, max_age)
    except InvalidToken as error:
        raise AlertError("This link is invalid or has expired.") from error
    alert = db.session.get(SavedSearch, payload.get("alert"))
    if alert is None or alert.email != payload.get("email"):
        raise AlertError("This alert no longer exists.")
    return alert


def confirm(token: str) -> SavedSearch:
    alert = alert_from_token("confirm", token)
    if alert.confirmed_at is None:
        alert.confirmed_at = utcnow()
        db.session.commit()
    return alert


def unsubscribe(token: str) -> SavedSearch:
    alert = alert_from_token("unsubscribe", token)
    if alert.unsubscribed_at is None:
        alert.unsubscribed_at = utcnow()
        db.session.commit()
    return alert


def resubscribe(token: str) -> SavedSearch:
    alert = alert_from_token("unsubscribe", token)
    alert.unsubscribed_at = None
    db.session.commit()
    return alert


def alerts_of(user: User) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.user_id == user.id, SavedSearch.unsubscribed_at.is_(None))
            .order_by(SavedSearch.created_at.desc())
        )
    )


def delete_alert(user: User, alert_id: int) -> bool:
    alert = db.session.get(SavedSearch, alert_id)
    if alert is None or alert.user_id != user.id:
        return False
    db.session.delete(alert)
    db.session.commit()
    return True


def is_due(alert: SavedSearch, now: datetime) -> bool:
    if not alert.active:
        return False
    return alert.last_sent_at is None or now - alert.last_sent_at >= INTERVALS[alert.frequency]


@dataclass
class SendReport:
    checked: int = 0
    digests: int = 0
    jobs: int = 0
    failed: int = 0


def new_jobs_for(alert: SavedSearch) -> list[Job]:
    """Open jobs that match, were posted since the alert began looking, and were not sent."""
    query = parse_search_args(
        MultiDict([*query_pairs(alert.query_string), ("sort", "newest"), ("per_page", "50")])
    )
    since = int((alert.created_at - FIRST_LOOK_BACK[alert.frequency]).timestamp())
    hits = [hit for hit in search_jobs(query).hits if (hit.document.get("posted_at") or 0) >= since]
    sent = set(
        db.session.scalars(
            select(AlertDelivery.job_id).where(AlertDelivery.saved_search_id == alert.id)
        )
    )
    ids = [int(hit.id) for hit in hits if int(hit.id) not in sent]
    jobs = {job.id: job for job in db.session.scalars(select(Job).where(Job.id.in_(ids)))}
    return [jobs[job_id] for job_id in ids if job_id in jobs and jobs[job_id].is_open]


def send_due_alerts(now: datetime | None = None) -> SendReport:
    """Send each due alert one digest of what is new for it; a job never goes out twice."""
    with links_context():
        return _send_due_alerts(now or utcnow())


def _send_due_alerts(now: datetime) -> SendReport:
    report = SendReport()
    alerts = db.session.scalars(
        select(SavedSearch).where(
            SavedSearch.confirmed_at.is_not(None), SavedSearch.unsubscribed_at.is_(None)
        )
    )
    for alert_id in [alert.id for alert in alerts]:
        alert = db.session.get(SavedSearch, alert_id)
        if alert is None or not is_due(alert, now):
            continue
        report.checked += 1
        try:
            sent = _send_one(alert, now)
        except Exception:  # one broken alert never stops the others; it is logged
            db.session.rollback()
            report.failed += 1
            log.exception("alert %s could not be sent", alert_id)
            continue
        if sent:
            report.digests += 1
            report.jobs += sent
    return report


def _send_one(alert: SavedSearch, now: datetime) -> int:
    """Queue one alert's digest with its deliveries; returns how many jobs it holds."""
    jobs = new_jobs_for(alert)[:DIGEST_LIMIT]
    if not jobs or not _claim(alert, now):
        db.session.rollback()
        return 0  # nothing new, or another worker is sending this alert's digest
    db.session.add_all(AlertDelivery(saved_search_id=alert.id, job_id=job.id) for job in jobs)
    _send_digest(alert, jobs)  # queued with the deliveries: all or nothing
    db.session.commit()
    return len(jobs)


def _claim(alert: SavedSearch, now: datetime) -> bool:
    """Move the alert's last-sent time from what this run read to now; a second worker that
    read the same time finds it moved and leaves the alert alone."""
    was = alert.last_sent_at
    unchanged = (
        SavedSearch.last_sent_at.is_(None) if was is None else SavedSearch.last_sent_at == was
    )
    claimed = db.session.execute(
        update(SavedSearch)
        .where(SavedSearch.id == alert.id, unchanged)
        .values(last_sent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def _send_digest(alert: SavedSearch, jobs: list[Job]) -> bool:
    unsubscribe_url = url_for(
        "alerts.unsubscribe", token=alert_token("unsubscribe", alert), _external=True
    )
    count = len(jobs)
    return send_email(
        alert.email,
        f"{count} new coding job{'s' if count != 1 else ''}: {alert.label}",
        "alert_digest",
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        alert=alert,
        jobs=jobs,
        unsubscribe_url=unsubscribe_url,
        search_url=url_for("search.job_search", _external=True) + "?" + alert.query_string,
        frequency_label=dict(FREQUENCIES)[alert.frequency].lower(),
    )
