"""An employer sees who applied at a glance: credentials against the job's, specialties and
experience; filters by stage and credential; sorts by date or by credential match."""

from __future__ import annotations

import re

import pytest

from careercenter.extensions import db
from careercenter.jobs.models import Application
from careercenter.seekers.models import SeekerProfile
from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF, upload


@pytest.fixture
def applied(app, user, other_user):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(
        company=owner.company, title="Spine Coder", credentials_required=["CPC", "COC"]
    )
    people = [
        ("dana@example.com", "Dana Reyes", ["CPC", "COC", "CRC"], ["spine"], 6),
        ("sam@example.com", "Sam Ortiz", ["CPC"], ["orthopedics", "spine"], 2),
        ("lee@example.com", "Lee Park", [], [], None),
    ]
    for email, name, credentials, specialties, years in people:
        seeker = UserFactory(email=email, name=name)
        db.session.add(
            SeekerProfile(
                user_id=seeker.id,
                headline=f"{name}, coder",
                credentials=credentials,
                specialties=specialties,
                years_experience=years,
            )
        )
        db.session.commit()
        user.login(email)
        user.submit(f"/jobs/{job.id}/apply", {"resume": upload(PDF, "cv.pdf")})
        user.logout()
    other_user.login("owner@ridgeline.example")
    return other_user, job


def row_of(html: str, name: str) -> str:
    return next(row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if name in row)


def names_in(html: str) -> list[str]:
    return re.findall(r'/employer/applications/\d+">([^<]+)</a>', html)


def test_the_list_shows_credentials_against_the_job_specialties_and_years(applied):
    employer, job = applied
    html = employer.client.get(f"/employer/jobs/{job.id}/applicants").data.decode()
    dana = row_of(html, "Dana Reyes")
    assert "✓ CPC" in dana and "✓ COC" in dana and "CRC" in dana
    assert "Spine surgery" in dana and "6 years" in dana
    sam = row_of(html, "Sam Ortiz")
    assert "✓ CPC" in sam and "✗ COC" in sam and "2 years" in sam
    assert "Orthopedics, Spine surgery" in sam


def test_filter_by_stage_and_credential_and_sort_by_match(applied):
    employer, job = applied
    base = f"/employer/jobs/{job.id}/applicants"
    newest = names_in(employer.client.get(base).data.decode())
    assert newest == ["Lee Park", "Sam Ortiz", "Dana Reyes"]
    by_match = names_in(employer.client.get(base + "?sort=match").data.decode())
    assert by_match == ["Dana Reyes", "Sam Ortiz", "Lee Park"]
    assert names_in(employer.client.get(base + "?sort=oldest").data.decode())[0] == "Dana Reyes"
    holds_coc = employer.client.get(base + "?credential=COC").data.decode()
    assert names_in(holds_coc) == ["Dana Reyes"] and "1 of 3 applicants" in holds_coc

    sam = db.session.scalars(
        db.select(Application)
        .join(Application.seeker)
        .where(Application.seeker.has(email="sam@example.com"))
    ).one()
    employer.submit(f"/employer/applications/{sam.id}/stage", {"stage": "interview"})
    assert names_in(employer.client.get(base + "?stage=interview").data.decode()) == ["Sam Ortiz"]
    odd = employer.client.get(base + "?stage=<script>&sort=evil&credential=" + "x" * 500)
    assert odd.status_code == 200 and len(names_in(odd.data.decode())) == 0


def test_the_application_page_shows_the_profile_the_seeker_shares(applied):
    employer, _job = applied
    dana = db.session.scalars(
        db.select(Application).where(Application.seeker.has(email="dana@example.com"))
    ).one()
    page = employer.client.get(f"/employer/applications/{dana.id}").data.decode()
    assert "Dana Reyes, coder" in page and "✓ COC" in page and "6 years" in page
    assert "Spine surgery" in page
