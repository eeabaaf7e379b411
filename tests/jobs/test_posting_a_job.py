"""An employer posts a job through the forms, previews it and publishes it."""

from __future__ import annotations

import re

from careercenter.extensions import db
from careercenter.jobs.models import Job
from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF, upload
from tests.support.pages import job_form


def only_job() -> Job:
    return db.session.scalars(db.select(Job)).one()


def test_an_employer_posts_previews_and_publishes_a_job_tagged_63035(user, guest):
    user.register("hr@ridgeline.example", role="employer", name="Riley")
    user.submit("/employer/company/new", {"name": "Ridgeline Spine", "country": "US"})

    preview = user.submit("/employer/jobs/new", job_form())
    assert b"Preview." in preview.data
    assert b"Draft saved" in preview.data
    job = only_job()
    assert job.status == "draft"
    assert job.code_tags == ["63035", "630xx", "63001-63048"]
    assert guest.get(f"/jobs/{job.path_key}").status_code == 404  # not public yet

    published = user.submit(f"/employer/jobs/{job.id}/submit")
    assert b"Your job is live" in published.data
    db.session.refresh(job)
    assert job.status == "published"
    assert (job.expires_at - job.published_at).days == 30

    listing = guest.get("/jobs")
    assert b"Spine Surgery Coder (CPC)" in listing.data
    page = guest.get(f"/jobs/{job.path_key}")
    assert page.status_code == 200
    assert b"<strong>laminotomy</strong>" in page.data
    assert b"63035" in page.data
    assert b"AL, GA, TN" in page.data
    assert b"$58,000\xe2\x80\x93$74,000/yr" in page.data


def test_another_employer_gets_404_on_every_management_page(user, other_user):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company)
    EmployerFactory(email="rival@elsewhere.example")
    other_user.login("rival@elsewhere.example")

    for path in ("edit", "preview", "close"):
        assert other_user.client.get(f"/employer/jobs/{job.id}/{path}").status_code == 404
    for path in ("edit", "submit", "close", "renew"):
        response = other_user.submit(f"/employer/jobs/{job.id}/{path}", job_form(reason="filled"))
        assert response.status_code == 404
    db.session.refresh(job)
    assert job.title != "Spine Surgery Coder (CPC)"
    assert job.status == "published"


def test_job_seekers_and_guests_cannot_reach_the_employer_pages(user, guest):
    EmployerFactory(email="owner@ridgeline.example")
    assert guest.get("/employer/jobs/new").status_code == 302  # to log in
    user.register("seeker@example.com", role="seeker")
    assert user.client.get("/employer/jobs/new").status_code == 403


def test_form_errors_are_shown_by_the_field_and_nothing_typed_is_lost(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    page = user.submit(
        "/employer/jobs/new",
        job_form(
            title="",
            work_mode="onsite",
            city="",
            salary_min="90000",
            salary_max="50000",
            apply_method="url",
            apply_url="javascript:alert(1)",
            postal_code="<b>",
            productivity_unit="",
            description="Short text here but with the marker KEEP-ME-123 so we see it is kept.",
        ),
    )

    html = page.data.decode()
    assert "Please correct the highlighted fields" in html
    assert "This field is required." in html
    assert "On-site and hybrid jobs need a city and state." in html
    assert "The upper figure must be at least the lower one." in html
    assert "Enter a full web address starting with https://" in html
    assert "Enter a postal code like 35203" in html
    assert "Give both the number and its unit, or neither." in html
    assert "KEEP-ME-123" in html
    assert re.search(r'value="90000(\.00)?"', html)
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_hostile_input_is_stored_but_never_runs(user, guest):
    owner = EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    hostile = (
        "<script>alert('x')</script> [click](javascript:alert(1)) "
        '<img src=x onerror="alert(1)"> <a href="https://ok.example" onclick="x()">ok</a>'
    )

    user.submit("/employer/jobs/new", job_form(description=hostile, title="<i>Coder</i> & co"))
    job = only_job()
    user.submit(f"/employer/jobs/{job.id}/submit")

    html = guest.get(f"/jobs/{job.path_key}").data.decode()
    assert "<script>alert" not in html
    assert "<img" not in html
    assert not re.search(r"href=\"\s*javascript:", html)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html)  # no live event handler attributes
    assert '<a href="https://ok.example"' not in html  # raw HTML is shown as text
    assert "&lt;i&gt;Coder&lt;/i&gt; &amp; co" in html
    assert job.description == hostile  # what the employer typed is kept as typed
    assert owner.company_id == job.company_id


def test_weird_values_in_choice_fields_are_refused_not_crashed(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    page = user.submit(
        "/employer/jobs/new",
        job_form(
            work_mode="underwater",
            employment_type="x",
            credentials_required=["CPC", "NOT-A-CRED"],
            salary_min="lots",
            min_years_experience="-4",
            accuracy_target="140",
        ),
    )

    assert page.status_code == 200
    html = page.data.decode()
    assert html.count("Not a valid choice") >= 2
    assert "Not a valid decimal value" in html
    assert "Enter 0 to 40 years." in html
    assert "Enter a percentage, 0 to 100." in html


def test_editing_a_published_job_keeps_it_live(user, guest):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Spine Coder")
    user.login("owner@ridgeline.example")

    form = user.client.get(f"/employer/jobs/{job.id}/edit").data.decode()
    assert 'value="Spine Coder"' in form
    assert "630xx" in form

    page = user.submit(f"/employer/jobs/{job.id}/edit", job_form(title="Senior Spine Coder"))

    assert b"Changes saved" in page.data
    db.session.refresh(job)
    assert job.status == "published"
    assert job.slug == "senior-spine-coder"
    assert b"Senior Spine Coder" in guest.get("/jobs").data


def test_posting_is_rate_limited(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "POSTING_RATE_LIMIT", "2 per hour")
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    answers = [user.submit("/employer/jobs/new", job_form()).status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_titles_and_names_with_line_breaks_are_stored_on_one_line(user, other_user, mailbox):
    """A title or company name with CR/LF broke the e-mails that carry it (apply, invite)."""
    user.register("hr@ridgeline.example", role="employer", name="Riley\r\nBcc: x@evil.example")
    user.submit("/employer/company/new", {"name": "Ridgeline\r\nSpine\x1b", "country": "US"})
    user.submit("/employer/jobs/new", job_form(title="Spine\r\nCoder\x07 (CPC)"))
    job = only_job()
    assert job.title == "Spine Coder (CPC)" and job.company.name == "Ridgeline Spine"
    assert "\n" not in job.company.members[0].name
    user.submit(f"/employer/jobs/{job.id}/submit")

    UserFactory(email="sam@example.com")
    other_user.login("sam@example.com")
    form = {"cover_note": "Line one\nline two", "resume": upload(PDF, "sam.pdf")}
    page = other_user.submit(f"/jobs/{job.id}/apply", form)
    assert b"Your application to" in page.data
    assert mailbox.last_to("hr@ridgeline.example")["Subject"] == (
        "New applicant for Spine Coder (CPC)"
    )
    invite = user.submit("/employer/company/team", {"email": "pat@example.com"})
    assert invite.status_code == 200
    assert mailbox.last_to("pat@example.com")["Subject"] == "Join Ridgeline Spine on CareerCenter"


def test_a_city_must_be_in_the_state_given_and_a_town_we_cannot_check_is_taken(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    wrong = user.submit(
        "/employer/jobs/new", job_form(work_mode="onsite", city="Tampa", state="ME")
    )
    html = wrong.data.decode()
    assert "Tampa is in FL, not ME: check the city or the state." in html
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0

    user.submit("/employer/jobs/new", job_form(work_mode="onsite", city="Tampa", state="FL"))
    user.submit(
        "/employer/jobs/new", job_form(work_mode="hybrid", city="Smallville Flats", state="ID")
    )
    places = set(db.session.execute(db.select(Job.city, Job.state)).all())
    assert places == {("Tampa", "FL"), ("Smallville Flats", "ID")}


def test_the_preview_says_when_the_text_and_the_facts_box_ask_different_years(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    preview = user.submit(
        "/employer/jobs/new",
        job_form(
            description="We code spine cases.\n\n- At least 2 years of coding experience",
            min_years_experience="3",
        ),
    )
    assert (
        "The description asks for 2 years of experience; the facts box says 3+ years."
        in preview.data.decode()
    )
    job = only_job()
    job.description = job.description.replace("2 years", "3 years")
    db.session.commit()
    again = user.client.get(f"/employer/jobs/{job.id}/preview").data.decode()
    assert "the facts box says" not in again


def test_a_code_that_does_not_exist_is_refused_and_one_we_cannot_check_is_noted(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    refused = user.submit("/employer/jobs/new", job_form(code_tags="M51.99, 63021, 630xx"))
    html = refused.data.decode()
    assert "There is no ICD-10-CM code M51.99. Did you mean M51.9" in html
    assert "There is no CPT code 63021. Did you mean 63020" in html
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0

    noted = user.submit("/employer/jobs/new", job_form(code_tags="12345, M51.16, J9035"))
    page = noted.data.decode()
    assert "Draft saved" in page
    assert "We could not check 12345: the CPT data this board holds does not cover it." in page
    assert "We could not check J9035: the HCPCS Level II data" in page
    assert "check M51.16" not in page  # a code the loaded data holds needs no note
    assert only_job().code_tags == ["12345", "M51.16", "J9035"]
