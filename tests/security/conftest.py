"""What the security tests share: a browser per role with real objects, and the database's
rows as text so a refused request can be shown to have changed nothing."""

from __future__ import annotations

import pytest

from careercenter.accounts.models import User
from careercenter.alerts.models import SavedSearch
from careercenter.consult.models import Consultant, ConsultQuestion
from careercenter.extensions import db
from careercenter.jobs.models import Application
from careercenter.seekers.models import SeekerProfile
from careercenter.seekers.service import profile_of
from tests.support.factories import (
    AdminFactory,
    EmployerFactory,
    JobFactory,
    UserFactory,
    jobs_indexed_once,
)
from tests.support.files import PDF, upload
from tests.support.people import ROLES, UserActions

LOGINS = {
    "seeker": "dana@example.com",
    "other_seeker": "sam@example.com",
    "employer": "owner@ridgeline.example",
    "other_employer": "owner@lakeshore.example",
    "admin": "ops@careercenter.example",
}


@pytest.fixture
def visitors(app):
    """One browser per role, signed in, with objects owned by the first seeker and employer."""
    employer = EmployerFactory(email="owner@ridgeline.example")
    colleague = EmployerFactory(
        email="colleague@ridgeline.example", company=employer.company, company_owner=False
    )
    EmployerFactory(email="owner@lakeshore.example")
    AdminFactory(email="ops@careercenter.example")
    for email in ("dana@example.com", "sam@example.com"):
        UserFactory(email=email)
    with jobs_indexed_once():
        job = JobFactory(company=employer.company, title="Spine Coder", code_tags=["630xx"])
        other_job = JobFactory(title="Other Coder")
        draft = JobFactory(company=employer.company, title="Draft Coder", draft=True)
        pending = JobFactory(company=employer.company, title="Pending Coder", status="pending")
        closed = JobFactory(company=employer.company, title="Closed Coder", status="closed")
    browsers = {role: UserActions(app.test_client()) for role in ROLES}
    for role, email in LOGINS.items():
        browsers[role].login(email)
    applied = browsers["seeker"].submit(
        f"/jobs/{job.id}/apply", {"resume": upload(PDF, "dana.pdf")}
    )
    assert b"Your application to" in applied.data
    alert = SavedSearch(email="dana@example.com", query_string="q=spine", label="spine")
    db.session.add(alert)
    db.session.commit()
    application = db.session.scalars(db.select(Application)).one()
    seeker = db.session.scalar(db.select(User).where(User.email == "dana@example.com"))
    profile = profile_of(seeker)
    profile.visibility = "employers"  # found by employers searching for coders
    question = ConsultQuestion(asker_id=seeker.id, body="Is 63035 an add-on to 63030?")
    operator = db.session.scalar(db.select(User).where(User.email == "ops@careercenter.example"))
    # The operator also works the consultant desk, so its pages are tried with a consultant
    # (and refused to everyone else).
    db.session.add_all([question, Consultant(user_id=operator.id, credentials=["CPC"])])
    db.session.commit()
    objects = {
        "job": job.id,
        "job_key": job.path_key,
        "other_job": other_job.id,
        "draft": draft.id,
        "pending": pending.id,
        "closed": closed.id,
        "alert": alert.id,
        "company": employer.company.slug,
        "colleague": colleague.id,
        "application": application.id,
        "profile": profile.id,
        "question": question.id,
        "resume": application.resume_id or db.session.scalar(db.select(SeekerProfile.resume_id)),
    }
    return browsers, objects
