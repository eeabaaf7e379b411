"""Saved searches e-mail new matching jobs once, and one click stops them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from careercenter.alerts.models import SavedSearch
from careercenter.alerts.service import send_due_alerts
from careercenter.extensions import db
from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory, UserFactory


@pytest.fixture
def send(app):
    def run() -> str:
        return app.test_cli_runner().invoke(args=["alerts", "send"]).output

    return run


def subscribe(actions, query: str, frequency: str = "daily", **extra):
    return actions.submit("/alerts", {"query": query, "frequency": frequency, **extra})


def test_a_daily_630xx_remote_alert_sends_new_jobs_once_and_unsubscribes_in_one_click(
    user, guest, mailbox, send
):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    page = subscribe(user, "q=630xx&work_mode=remote")
    assert "Alert saved" in page.data.decode()
    JobFactory(title="Remote Spine Coder", work_mode="remote", code_tags=["630xx"])
    JobFactory(title="Remote Range Coder", work_mode="remote", code_tags=["63001-63048"])
    JobFactory(
        title="Onsite Spine Coder",
        work_mode="onsite",
        city="Tampa",
        state="FL",
        code_tags=["630xx"],
    )
    JobFactory(title="Closed Spine Coder", work_mode="remote", code_tags=["630xx"], status="closed")
    JobFactory(title="Remote Heart Coder", work_mode="remote", code_tags=["93xxx"])

    assert "sent 1 digests with 2 jobs" in send()

    digest = mailbox.last_to("dana@example.com")
    body = mailbox.text_of(digest)
    assert "Remote Spine Coder" in body and "Remote Range Coder" in body
    assert "Onsite" not in body and "Closed" not in body and "Heart" not in body
    assert digest["List-Unsubscribe"].startswith("<http://")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest.get_body(preferencelist=("html",)) is not None

    assert "sent 0 digests" in send()  # run again: nothing new
    assert len(mailbox.to("dana@example.com")) == 1

    unsubscribe = mailbox.link_in_last("dana@example.com", "/alerts/unsubscribe/")
    asked = guest.get(unsubscribe).data.decode()  # a mail scanner following the link
    assert "Stop this alert?" in asked
    assert db.session.scalar(db.select(SavedSearch.unsubscribed_at)) is None
    assert b"You are unsubscribed" in guest.post(unsubscribe).data  # the page's one button
    alert = db.session.scalar(db.select(SavedSearch))
    alert.last_sent_at = utcnow() - timedelta(days=2)
    db.session.commit()
    JobFactory(title="Later Remote Spine Coder", work_mode="remote", code_tags=["630xx"])
    assert "Checked 0 due alerts" in send()


def test_a_job_is_never_sent_twice_and_the_next_day_brings_only_new_ones(user, mailbox):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    subscribe(user, "q=spine")
    JobFactory(title="First Spine Coder")
    assert send_due_alerts().jobs == 1

    JobFactory(title="Second Spine Coder")
    assert send_due_alerts().digests == 0  # a daily alert is not due again yet
    tomorrow = utcnow() + timedelta(days=1)
    report = send_due_alerts(now=tomorrow)
    assert (report.digests, report.jobs) == (1, 1)
    assert "First Spine Coder" not in mailbox.text_of(mailbox.last_to("dana@example.com"))


def test_a_guest_confirms_the_address_before_anything_is_sent(guest, mailbox, send):
    from tests.support.people import UserActions

    visitor = UserActions(guest)
    page = subscribe(visitor, "q=spine", frequency="instant", email="guest@example.com")
    assert "we sent a link to guest@example.com" in page.data.decode()
    JobFactory(title="Instant Spine Coder")
    assert "sent 0 digests" in send()

    confirm = mailbox.link_in_last("guest@example.com", "/alerts/confirm/")
    assert "is on" in guest.get(confirm, follow_redirects=True).data.decode()
    assert "sent 1 digests with 1 jobs" in send()


def test_one_click_unsubscribe_by_post_from_a_mail_program(user, guest, mailbox):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    subscribe(user, "q=spine", frequency="instant")
    JobFactory(title="Spine Coder")
    send_due_alerts()
    link = mailbox.link_in_last("dana@example.com", "/alerts/unsubscribe/")

    response = guest.post(link, data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert db.session.scalar(db.select(SavedSearch)).unsubscribed_at is not None


def test_bad_alert_requests_get_a_message(user):
    from tests.support.people import UserActions

    visitor = UserActions(user.client)
    assert "Enter the e-mail address" in subscribe(visitor, "q=spine").data.decode()
    assert (
        "Not a valid choice"
        in subscribe(visitor, "q=spine", frequency="hourly", email="a@example.com").data.decode()
    )
    assert (
        "cannot be saved"
        in subscribe(visitor, "work_mode=underwater", email="a@example.com").data.decode()
    )
    assert db.session.scalar(db.select(SavedSearch)) is None
    forged = user.client.get("/alerts/unsubscribe/not-a-token")
    assert forged.status_code == 404


def test_the_search_page_offers_the_alert_form_with_the_search(client):
    html = client.get("/jobs?q=630xx&work_mode=remote&page=2&sort=newest").data.decode()
    assert "E-mail me new jobs like these" in html
    assert 'name="query" value="q=630xx&amp;work_mode=remote"' in html


def test_seekers_list_and_delete_their_alerts(user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    subscribe(user, "q=630xx&work_mode=remote&credential=CPC", frequency="weekly")

    html = user.client.get("/me/alerts").data.decode()
    assert "630xx · Remote · CPC" in html and "weekly" in html
    alert = db.session.scalar(db.select(SavedSearch))
    user.submit(f"/me/alerts/{alert.id}/delete")
    assert db.session.scalar(db.select(SavedSearch)) is None


def test_one_broken_alert_never_stops_the_others(app, send, mailbox, monkeypatch):
    """An alert whose search held a line break stopped every alert after it."""
    from careercenter.alerts import service

    for email, query in (
        ("first@example.com", "q=spine%0Aremote"),
        ("next@example.com", "q=spine"),
    ):
        db.session.add(
            SavedSearch(email=email, query_string=query, label=query, frequency="daily",
                        confirmed_at=utcnow(), created_at=utcnow() - timedelta(days=2))
        )  # fmt: skip
    db.session.commit()
    JobFactory(title="Remote Spine Coder", code_tags=["630xx"])
    real = service.new_jobs_for

    def broken_for_the_first(alert):
        if alert.email == "first@example.com":
            raise RuntimeError("a broken alert")
        return real(alert)

    monkeypatch.setattr(service, "new_jobs_for", broken_for_the_first)
    result = app.test_cli_runner().invoke(args=["alerts", "send"])
    assert result.exit_code == 0 and "sent 1 digests" in result.output
    assert mailbox.last_to("next@example.com")


def test_an_alert_whose_search_holds_a_line_break_is_sent_on_one_subject_line(user, send, mailbox):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    subscribe(user, "q=spine%0Aremote")
    JobFactory(title="Remote Spine Coder", code_tags=["630xx"])
    assert "sent 1 digests" in send()
    assert "\n" not in mailbox.last_to("dana@example.com")["Subject"]


def test_only_search_parameters_enter_a_stored_search(user):
    for key in ("endpoint", "_anchor", "_method", "_scheme", "_external"):
        page = subscribe(user, f"q=spine&{key}=x", email="dana@example.com")
        assert page.status_code == 200, key
    stored = {alert.query_string for alert in db.session.scalars(db.select(SavedSearch))}
    assert stored == {"q=spine"}


def test_an_unsubscribe_link_scanned_by_a_mail_filter_unsubscribes_nobody(user, guest, mailbox):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    subscribe(user, "q=spine")
    JobFactory(title="Spine Coder", code_tags=["630xx"])
    assert send_due_alerts().digests == 1
    link = mailbox.link_in_last("dana@example.com", "/alerts/unsubscribe/")
    for _ in range(3):
        assert guest.get(link).status_code == 200
    assert db.session.scalar(db.select(SavedSearch.unsubscribed_at)) is None


def test_a_guest_s_alert_posted_without_a_token_only_ever_waits_for_its_e_mailed_link(
    user, guest, mailbox
):
    """The guest form carries no CSRF token (the cacheable search page sets no cookie): even
    sent from a signed-in seeker's browser, it starts nothing without the link."""
    from careercenter.alerts.models import SavedSearch
    from tests.support.factories import UserFactory

    answer = guest.post(
        "/alerts/guest", data={"query": "q=spine", "frequency": "instant", "email": "g@example.com"}
    )
    assert answer.status_code == 302
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    user.client.post(
        "/alerts/guest", data={"query": "q=spine", "frequency": "daily", "email": "x@example.com"}
    )
    alerts = db.session.scalars(db.select(SavedSearch).order_by(SavedSearch.id)).all()
    assert [(a.email, a.confirmed_at, a.user_id) for a in alerts] == [
        ("g@example.com", None, None),
        ("x@example.com", None, None),
    ]
    assert mailbox.last_to("g@example.com") and mailbox.last_to("x@example.com")
