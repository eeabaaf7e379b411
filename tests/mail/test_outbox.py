"""E-mail waits in a table written with the change that causes it; the worker sends each
message once, retries when the mail server is down, and never loses one."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from careercenter.extensions import db
from careercenter.mail.models import FAILED, PENDING, SENT, OutgoingEmail
from careercenter.mail.queue import send_due
from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory, UserFactory
from tests.support.processes import free_port


@pytest.fixture
def queued_only(app, monkeypatch):
    """As in production: requests only queue; the worker sends."""
    monkeypatch.setitem(app.config, "MAIL_SEND_AT_ONCE", False)


def queue() -> list[OutgoingEmail]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutgoingEmail).order_by(OutgoingEmail.id)))


def test_registering_queues_the_confirmation_with_the_account(user, mailbox, queued_only):
    user.register("new@example.com", confirm=False)
    (waiting,) = queue()
    assert waiting.status == PENDING and waiting.recipients == "new@example.com"
    assert mailbox.to("new@example.com") == []  # the request did not wait on a mail server

    assert send_due().sent == 1
    assert mailbox.last_to("new@example.com")["Subject"] == "Confirm your e-mail address"
    assert queue()[0].status == SENT
    assert send_due().sent == 0  # never twice
    assert len(mailbox.to("new@example.com")) == 1


def test_an_email_whose_change_rolls_back_is_never_sent(app, mailbox, queued_only):
    from careercenter.mail import send_email

    with app.test_request_context():
        send_email("ghost@example.com", "Never", "verify_email", user=None, link="x")
        db.session.rollback()
    assert queue() == []


def test_a_mail_server_that_is_down_is_retried_with_backoff_and_nothing_is_lost(
    app, user, mailbox, queued_only, monkeypatch
):
    user.register("patient@example.com", confirm=False)
    working = app.config["MAIL_URL"]
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{free_port()}")  # refused
    report = send_due()
    assert report.retried == 1 and report.sent == 0
    (waiting,) = queue()
    assert waiting.status == PENDING and waiting.attempts == 1
    assert "Connection" in waiting.last_error or "refused" in waiting.last_error
    wait = waiting.next_attempt_at - utcnow()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=30)
    assert send_due().sent == 0  # not due yet

    monkeypatch.setitem(app.config, "MAIL_URL", working)
    waiting.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert send_due().sent == 1
    assert mailbox.last_to("patient@example.com")


def test_after_the_last_attempt_a_message_is_kept_as_failed(app, user, queued_only, monkeypatch):
    user.register("unlucky@example.com", confirm=False)
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{free_port()}")
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    for _ in range(2):
        for email in queue():
            email.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        send_due()
    (kept,) = queue()
    assert kept.status == FAILED and kept.attempts == 2 and kept.last_error


def test_two_senders_at_once_send_each_message_once(app, mailbox, queued_only):
    from careercenter.mail import send_email

    with app.test_request_context():
        for number in range(30):
            send_email(f"reader{number}@example.com", "Hello", "verify_email", user=None, link="x")
        db.session.commit()

    def sender() -> None:
        with app.app_context():
            send_due()

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(mailbox.messages) == 30
    assert {email.status for email in queue()} == {SENT}


def test_messages_carry_a_date_a_message_id_of_the_site_and_a_one_line_unsubscribe(
    app, user, mailbox
):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    user.submit("/alerts", {"query": "q=spine&work_mode=remote", "frequency": "daily"})
    JobFactory(title="Remote Spine Coder", work_mode="remote", code_tags=["630xx"])
    assert "sent 1 digests" in app.test_cli_runner().invoke(args=["alerts", "send"]).output

    raw = next(email.message for email in queue() if email.recipients == "dana@example.com")
    headers = raw.split(b"\r\n\r\n", 1)[0].decode()
    lines = headers.split("\r\n")
    assert any(line.startswith("Date: ") for line in lines)
    (message_id,) = [line for line in lines if line.startswith("Message-ID: ")]
    assert message_id.endswith("@careercenter.test>")
    (unsubscribe,) = [line for line in lines if line.startswith("List-Unsubscribe: ")]
    assert unsubscribe.startswith("List-Unsubscribe: <http://careercenter.test/alerts/")
    assert unsubscribe.endswith(">") and "=?" not in unsubscribe  # one line, no encoded words
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines
    received = mailbox.last_to("dana@example.com")
    assert received["List-Unsubscribe"] == unsubscribe.split(": ", 1)[1]


def test_a_subject_from_user_text_stays_on_one_line(app, mailbox):
    from careercenter.mail import send_email

    with app.test_request_context():
        send_email("x@example.com", "Spine\r\nBcc: victim@example.com", "verify_email",
                   user=None, link="x")  # fmt: skip
        db.session.commit()
    send_due()
    received = mailbox.last_to("x@example.com")
    assert received["Subject"] == "Spine Bcc: victim@example.com"
    assert received["Bcc"] is None


def test_the_worker_forgets_sent_and_failed_mail_after_the_retention(app, monkeypatch):
    from careercenter.worker import Task, prune_old_records, run_pass

    monkeypatch.setitem(app.config, "MAIL_RETENTION_DAYS", 7)
    long_ago, lately = utcnow() - timedelta(days=8), utcnow() - timedelta(days=2)

    def message(subject, status, when):
        return OutgoingEmail(
            recipients="a@example.com",
            subject=subject,
            message=b"x",
            status=status,
            sent_at=when if status == SENT else None,
            created_at=when,
            next_attempt_at=when,
        )

    db.session.add_all(
        [
            message("old reset link", SENT, long_ago),
            message("old failure", FAILED, long_ago),
            message("recent reset link", SENT, lately),
            message("still waiting", PENDING, long_ago),  # never dropped before it is sent
        ]
    )
    db.session.commit()

    said = run_pass(app, [Task("prune", 3600.0, prune_old_records)])

    assert "2 old e-mails pruned" in said
    left = set(db.session.scalars(db.select(OutgoingEmail.subject)))
    assert left == {"recent reset link", "still waiting"}
