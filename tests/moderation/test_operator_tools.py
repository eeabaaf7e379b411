"""An operator acts on what seekers report: two seekers report a fake job (each once), the
operator takes it down with a reason — it leaves search and its page, the employer is told
why — suspends the account behind it, finds people and companies, and every step is in the
log with who did it and when."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.moderation.models import AuditEntry, JobReport
from tests.support.factories import AdminFactory, EmployerFactory, JobFactory, UserFactory
from tests.support.pages import text_of
from tests.support.people import UserActions


def test_reports_lead_to_a_take_down_the_employer_hears_of(app, user, other_user, guest, mailbox):
    owner = EmployerFactory(email="owner@fake-coding.example", company__name="Fake Coding LLC")
    job = JobFactory(company=owner.company, title="Earn $9,000 a week coding from home")
    UserFactory(email="dana@example.com")
    UserFactory(email="sam@example.com")
    AdminFactory(email="ops@example.com")

    user.login("dana@example.com")
    assert "Report this job" in text_of(user.client.get(f"/jobs/{job.path_key}"))
    user.submit(f"/jobs/{job.id}/report", {"reason": "spam", "note": "Asks for a fee first."})
    again = user.submit(f"/jobs/{job.id}/report", {"reason": "misleading"})
    assert "You reported this job already" in text_of(again)
    other_user.login("sam@example.com")
    other_user.submit(f"/jobs/{job.id}/report", {"reason": "spam"})
    assert db.session.scalar(db.select(db.func.count(JobReport.id))) == 2

    operator = UserActions(app.test_client())
    operator.login("ops@example.com")
    reports = text_of(operator.client.get("/admin/reports"))
    assert "reported 2 times" in reports and "Spam or a scam: 2" in reports
    assert "Asks for a fee first." in reports

    refused = operator.submit(f"/admin/jobs/{job.id}/take-down", {"reason": "no"})
    assert "Reason:" in text_of(refused) and db.session.get(type(job), job.id).status == "published"
    operator.submit(f"/admin/jobs/{job.id}/take-down", {"reason": "A fee-first scam."})
    db.session.expire_all()
    assert job.status == "removed"
    assert guest.get(f"/jobs/{job.path_key}").status_code == 404
    assert "Earn $9,000" not in text_of(guest.get("/jobs?q=coding"))
    told = mailbox.text_of(mailbox.last_to("owner@fake-coding.example"))
    assert "was taken down" in told and "A fee-first scam." in told
    assert "No open reports" in text_of(operator.client.get("/admin/reports"))

    employer = UserActions(app.test_client())
    employer.login("owner@fake-coding.example")
    assert "Taken down" in text_of(employer.client.get("/employer"))

    log = text_of(operator.client.get("/admin/log"))
    assert "ops@example.com" in log and f"take down job job:{job.id}" in log
    assert "A fee-first scam." in log


def test_a_suspended_account_is_logged_out_and_cannot_log_in_until_reinstated(app, user):
    AdminFactory(email="ops@example.com")
    spammer = EmployerFactory(email="spam@fake-coding.example", company__name="Fake Coding LLC")
    user.login("spam@fake-coding.example")
    assert user.client.get("/employer").status_code == 200

    operator = UserActions(app.test_client())
    operator.login("ops@example.com")
    found = text_of(operator.client.get("/admin/users?q=fake-coding"))
    assert "spam@fake-coding.example" in found
    assert "Fake Coding LLC" in text_of(operator.client.get("/admin/companies?q=fake"))
    operator.submit(f"/admin/users/{spammer.id}/suspend", {"reason": "Spam under many names."})

    assert user.client.get("/employer").status_code == 302  # the session ended
    page = user.login("spam@fake-coding.example")
    assert "This account is suspended" in text_of(page)
    ops = db.session.scalar(
        db.select(type(spammer)).where(type(spammer).email == "ops@example.com")
    )
    refused_self = operator.submit(f"/admin/users/{ops.id}/suspend", {"reason": "Trying myself."})
    assert "are not suspended from here" in text_of(refused_self)

    operator.submit(f"/admin/users/{spammer.id}/reinstate")
    user.login("spam@fake-coding.example")
    assert user.client.get("/employer").status_code == 200
    actions = [entry.action for entry in db.session.scalars(db.select(AuditEntry))]
    assert actions[-2:] == ["suspend_user", "reinstate_user"]
