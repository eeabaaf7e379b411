"""The mail server is down while alert digests and application e-mails are due: nothing is
marked sent, nothing is lost, and everything goes out exactly once when it is back."""

from __future__ import annotations

from datetime import timedelta

from careercenter.alerts.models import SavedSearch
from careercenter.extensions import db
from careercenter.mail.models import PENDING, SENT, OutgoingEmail
from careercenter.mail.queue import send_due
from careercenter.timeutil import utcnow
from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF, upload
from tests.support.processes import free_port


def test_alerts_and_applications_wait_out_a_mail_outage_and_go_out_once(
    app, user, mailbox, monkeypatch
):
    working = app.config["MAIL_URL"]
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{free_port()}")  # down
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Spine Coder", code_tags=["630xx"])
    db.session.add(
        SavedSearch(email="dana@example.com", query_string="q=spine", label="spine",
                    frequency="daily", confirmed_at=utcnow(),
                    created_at=utcnow() - timedelta(days=2))
    )  # fmt: skip
    db.session.commit()
    UserFactory(email="sam@example.com")
    user.login("sam@example.com")
    applied = user.submit(f"/jobs/{job.id}/apply", {"resume": upload(PDF, "sam.pdf")})
    assert b"Your application to" in applied.data  # the outage never reaches the seeker
    sent = app.test_cli_runner().invoke(args=["alerts", "send"])
    assert sent.exit_code == 0 and "sent 1 digests" in sent.output

    waiting = db.session.scalars(db.select(OutgoingEmail)).all()
    # the employer's notice, the seeker's receipt, the digest
    assert len(waiting) == 3 and {email.status for email in waiting} == {PENDING}
    assert mailbox.messages == []

    monkeypatch.setitem(app.config, "MAIL_URL", working)
    for email in waiting:
        email.next_attempt_at = utcnow() - timedelta(seconds=1)  # their retry time has come
    db.session.commit()
    assert send_due().sent == 3
    assert send_due().sent == 0
    db.session.expire_all()
    assert {email.status for email in db.session.scalars(db.select(OutgoingEmail))} == {SENT}
    assert len(mailbox.to("owner@ridgeline.example")) == 1
    assert len(mailbox.to("dana@example.com")) == 1
    assert len(mailbox.to("sam@example.com")) == 1
    assert app.test_cli_runner().invoke(args=["alerts", "send"]).output.count("sent 0") == 1
