"""A seeker builds a profile with a resume, saves jobs, and sees the jobs they qualify for."""

from __future__ import annotations

import re

from careercenter.extensions import db
from careercenter.seekers.models import SeekerProfile
from tests.support.factories import JobFactory, UserFactory
from tests.support.files import PDF, docx, plain_zip, upload


def profile_form(**overrides):
    form = {
        "headline": "CPC, spine pro-fee",
        "credentials": ["CPC"],
        "specialties": ["spine"],
        "years_experience": "4",
        "city": "Birmingham",
        "state": "AL",
        "open_to_remote": "y",
        "visibility": "private",
    }
    form.update(overrides)
    return form


def test_a_seeker_saves_a_profile_with_a_pdf_resume_and_downloads_it(user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")

    page = user.submit("/me/profile", profile_form(resume=upload(PDF, "Dana Resume.pdf")))

    assert b"Your profile is saved" in page.data
    profile = db.session.scalar(db.select(SeekerProfile))
    assert profile.credentials == ["CPC"] and profile.visibility == "private"
    download = user.client.get(f"/resumes/{profile.resume_id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.headers["Content-Disposition"] == 'attachment; filename="Dana_Resume.pdf"'

    again = user.submit("/me/profile", profile_form(headline="CPC, spine and ortho"))
    assert again.status_code == 200 and b"Your profile is saved" in again.data
    db.session.expire_all()
    kept = db.session.scalar(db.select(SeekerProfile))
    assert kept.headline == "CPC, spine and ortho" and kept.resume_id == profile.resume_id


def test_resumes_are_checked_by_content_not_by_name(user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    refused = {
        "six_mb.pdf": (PDF + b"0" * (6 * 1024 * 1024), "larger than 5 MB"),
        "resume.pdf": (b"MZ\x90\x00" + b"\x00" * 200, "not a PDF or Word (.docx) file"),
        "empty.pdf": (b"", "The file is empty"),
        "archive.docx": (plain_zip(), "not a PDF or Word (.docx) file"),
    }
    for name, (data, message) in refused.items():
        page = user.submit("/me/profile", profile_form(resume=upload(data, name)))
        assert message.encode() in page.data, name
        assert b'value="CPC, spine pro-fee"' in page.data  # what was typed is kept
    assert db.session.scalar(db.select(SeekerProfile.resume_id)) is None

    page = user.submit("/me/profile", profile_form(resume=upload(docx(), "cv.bin")))
    assert b"Your profile is saved" in page.data


def test_a_seeker_saves_jobs_and_sees_closed_ones_marked(user):
    UserFactory(email="dana@example.com")
    open_job = JobFactory(title="Saved Open Coder")
    closed_job = JobFactory(title="Saved Closed Coder")
    user.login("dana@example.com")

    user.submit(f"/jobs/{open_job.id}/save")
    user.submit(f"/jobs/{closed_job.id}/save")
    user.submit(f"/jobs/{closed_job.id}/save")  # twice is harmless
    closed_job.status = "closed"
    db.session.commit()

    html = user.client.get("/me/saved").data.decode()
    assert "Saved Open Coder" in html and "Saved Closed Coder" in html
    assert html.count("no longer accepting applications") == 1
    assert "★ Saved" in user.client.get(f"/jobs/{open_job.path_key}").data.decode()

    user.submit(f"/jobs/{open_job.id}/unsave")
    assert "Saved Open Coder" not in user.client.get("/me/saved").data.decode()


def test_the_home_page_shows_jobs_the_seeker_qualifies_for_best_first(user):
    UserFactory(email="dana@example.com")
    JobFactory(title="CCS Only Coder", credentials_required=["CCS"])
    JobFactory(title="CPC General Coder", credentials_required=["CPC"], specialties=["cardiology"])
    JobFactory(title="CPC Spine Coder", credentials_required=["CPC"], specialties=["spine"])
    user.login("dana@example.com")
    user.submit("/me/profile", profile_form())

    html = user.client.get("/").data.decode()
    section = html.split("Jobs you qualify for")[1].split("Newest jobs")[0]
    titles = re.findall(r'<a href="/jobs/[^"]+">([^<]+)</a>', section)
    assert titles == ["CPC Spine Coder", "CPC General Coder"]


def test_only_seekers_have_a_profile_page(user):
    from tests.support.factories import EmployerFactory

    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    assert user.client.get("/me/profile").status_code == 403


def test_a_seeker_cannot_save_or_read_another_companys_unpublished_job(user):
    UserFactory(email="dana@example.com")
    draft = JobFactory(title="Secret Acquisition Coder", draft=True)
    pending = JobFactory(title="Pending Review Coder", status="pending", published_at=None)
    user.login("dana@example.com")

    for job in (draft, pending):
        answer = user.submit(f"/jobs/{job.id}/save", follow_redirects=False)
        assert answer.status_code == 404
    saved = user.client.get("/me/saved").data.decode()
    assert "Secret Acquisition Coder" not in saved and "Pending Review Coder" not in saved
    assert "Coding Group" not in saved  # nor whose it is

    # A job saved while live and then taken back to a draft stops showing too.
    live = JobFactory(title="Withdrawn Coder")
    user.submit(f"/jobs/{live.id}/save")
    live.status = "draft"
    db.session.commit()
    assert "Withdrawn Coder" not in user.client.get("/me/saved").data.decode()
