"""Sending queued e-mail: claimed row by row, so two workers never send one message twice;
retried with backoff when the mail server fails; never lost."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from careercenter.extensions import db
from careercenter.mail.compose import envelope_sender
from careercenter.mail.models import FAILED, PENDING, SENT, OutgoingEmail
from careercenter.mail.transport import DELIVERY_ERRORS, deliver
from careercenter.timeutil import utcnow

log = logging.getLogger(__name__)

CLAIM_SECONDS = 120  # longer than an SMTP exchange can take (10 s timeout, a few commands)
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600


@dataclass
class MailReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … up to an hour between tries."""
    return timedelta(seconds=min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempts - 1)))


def _due(now: object) -> object:
    return (
        (OutgoingEmail.status == PENDING)
        & (OutgoingEmail.next_attempt_at <= now)
        & or_(OutgoingEmail.claimed_until.is_(None), OutgoingEmail.claimed_until < now)
    )


def send_due(limit: int = 100) -> MailReport:
    """Send up to ``limit`` due messages, each claimed first (in its own session, so only
    committed messages are seen and nothing of the caller's transaction is touched)."""
    report = MailReport()
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    mail_url = current_app.config["MAIL_URL"]
    most = current_app.config["MAIL_MAX_ATTEMPTS"]
    with Session(db.engine) as session:
        now = utcnow()
        due = session.scalars(
            select(OutgoingEmail.id).where(_due(now)).order_by(OutgoingEmail.id).limit(limit)
        ).all()
        session.rollback()
        for message_id in due:
            now = utcnow()
            claimed = session.execute(
                update(OutgoingEmail)
                .where(OutgoingEmail.id == message_id, _due(now))
                .values(claimed_by=owner, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
            ).rowcount
            session.commit()
            if not claimed:
                continue  # another worker has it
            email = session.get(OutgoingEmail, message_id)
            assert email is not None
            email.attempts += 1
            email.claimed_until = None
            try:
                deliver(email.message, envelope_sender(), email.recipients.split(","), mail_url)
            except DELIVERY_ERRORS as error:
                email.last_error = f"{type(error).__name__}: {error}"[:2000]
                if email.attempts >= most:
                    email.status = FAILED
                    report.failed += 1
                    log.error("gave up on e-mail %s %r: %s", email.id, email.subject, error)
                else:
                    email.next_attempt_at = utcnow() + retry_delay(email.attempts)
                    report.retried += 1
                    log.warning("e-mail %s not sent, will retry: %s", email.id, error)
            else:
                email.status, email.sent_at = SENT, utcnow()
                report.sent += 1
            session.commit()
    return report


def prune_finished(older_than: timedelta) -> int:
    """Forget messages sent (or given up on) longer ago than the retention: their bodies
    hold reset and confirmation links and people's addresses, kept no longer than needed."""
    cutoff = utcnow() - older_than
    removed = db.session.execute(
        delete(OutgoingEmail).where(
            or_(
                (OutgoingEmail.status == SENT) & (OutgoingEmail.sent_at < cutoff),
                (OutgoingEmail.status == FAILED) & (OutgoingEmail.next_attempt_at < cutoff),
            )
        )
    ).rowcount
    db.session.commit()
    return removed or 0
