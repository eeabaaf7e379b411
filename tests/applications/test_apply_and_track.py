"""A seeker applies; the employer is told, reviews, and moves the applicant along."""

from __future__ import annotations

import re

from careercenter.extensions import db
from careercenter.jobs.models import Application
from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF, upload
from tests.support.people import UserActions


def apply(user, job, **form):
    data = {"cover_note": "I code 630xx every day.", "resume": upload(PDF, "dana.pdf")}
    data.update(form)
    return user.submit(f"/jobs/{job.id}/apply", data)


def test_apply_with_a_pdf_then_the_employer_moves_the_applicant_to_interview(
    app, user, other_user, mailbox
):
    owner = EmployerFactory(email="owner@ridgeline.example")
    colleague = EmployerFactory(email="colleague@ridgeline.example", company=owner.company)
    job = JobFactory(company=owner.company, title="Spine Surgery Coder")
    UserFactory(email="dana@example.com", name="Dana Reyes")
    user.login("dana@example.com")

    page = apply(user, job)
    assert b"Your application to" in page.data
    assert b"New" in page.data  # My applications shows the stage

    for address in (owner.email, colleague.email):
        message = mailbox.last_to(address)
        assert message["Subject"] == "New applicant for Spine Surgery Coder"
    receipt = mailbox.last_to("dana@example.com")
    assert receipt["Subject"] == f"Your application to {owner.company.name} is sent"
    assert "dana.pdf" in mailbox.text_of(receipt) and "/me/applications" in mailbox.text_of(receipt)
    link = mailbox.link_in_last(owner.email, "/employer/applications/")

    other_user.login("owner@ridgeline.example")
    listing = other_user.client.get(f"/employer/jobs/{job.id}/applicants").data.decode()
    assert "Dana Reyes" in listing
    detail = other_user.client.get(link).data.decode()
    assert "I code 630xx every day." in detail
    resume_path = re.search(r'href="(/resumes/\d+)"', detail).group(1)
    assert other_user.client.get(resume_path).data == PDF

    other_user.submit(link + "/stage", {"stage": "interview"})
    other_user.submit(link + "/notes", {"text": "Strong on add-on codes."})
    assert "Strong on add-on codes." in other_user.client.get(link).data.decode()

    mine = user.client.get("/me/applications").data.decode()
    assert "Interview" in mine
    assert "Strong on add-on codes." not in mine

    rival = UserActions(app.test_client())
    EmployerFactory(email="rival@elsewhere.example")
    rival.login("rival@elsewhere.example")
    assert rival.client.get(resume_path).status_code == 404
    assert rival.client.get(link).status_code == 404
    assert rival.submit(link + "/stage", {"stage": "hired"}).status_code == 404
    assert app.test_client().get(resume_path).status_code == 404  # anonymous
    stranger = UserActions(app.test_client())
    UserFactory(email="stranger@example.com")
    stranger.login("stranger@example.com")
    assert stranger.client.get(resume_path).status_code == 404


def test_applying_twice_is_refused_politely(user):
    job = JobFactory()
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    apply(user, job)

    again = user.client.get(f"/jobs/{job.id}/apply", follow_redirects=True).data.decode()

    assert "You applied to this job on" in again
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 1


def test_applying_to_a_closed_job_is_refused(user):
    job = JobFactory(status="closed")
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")

    page = apply(user, job)

    assert b"no longer accepting applications" in page.data
    assert db.session.scalar(db.select(Application)) is None


def test_an_application_needs_a_resume(user):
    job = JobFactory()
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")

    page = user.submit(f"/jobs/{job.id}/apply", {"cover_note": "Hello"})

    assert b"Attach a resume, or add one to your profile first." in page.data


def test_the_profile_resume_can_be_sent(user):
    job = JobFactory()
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    user.submit("/me/profile", {"visibility": "private", "resume": upload(PDF, "p.pdf")})

    page = user.submit(f"/jobs/{job.id}/apply", {"cover_note": "", "use_profile_resume": "y"})

    assert b"Your application to" in page.data
    application = db.session.scalar(db.select(Application))
    assert application.resume.filename == "p.pdf"


def test_jobs_that_apply_elsewhere_say_so_and_count_the_click(client):
    by_url = JobFactory(apply_method="url", apply_url="https://careers.example/spine")
    by_mail = JobFactory(apply_method="email", apply_email="jobs@example.com")

    assert b"Apply on" in client.get(f"/jobs/{by_url.path_key}").data
    out = client.get(f"/jobs/{by_url.id}/apply-out")
    # A page of ours that names the other site, never a redirect from our address.
    assert out.status_code == 200 and "Location" not in out.headers
    page = out.data.decode()
    assert "Continue to careers.example" in page
    assert 'href="https://careers.example/spine"' in page
    mail = client.get(f"/jobs/{by_mail.id}/apply-out").data.decode()
    assert 'href="mailto:jobs@example.com?subject=' in mail
    db.session.refresh(by_url)
    assert by_url.apply_clicks == 1


def test_apply_out_links_only_to_a_web_address_as_published(client):
    stored_otherwise = [
        "javascript:alert(document.cookie)",
        "//evil.example/phish",
        "data:text/html,<script>alert(1)</script>",
        "https:///no-host",
    ]
    for address in stored_otherwise:  # written around the form (an import, an old row)
        job = JobFactory(apply_method="url", apply_url=address)
        out = client.get(f"/jobs/{job.id}/apply-out")
        assert out.status_code == 302 and out.headers["Location"].endswith(job.path_key)
        assert address not in out.data.decode()


def test_stage_values_are_checked(user):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company)
    seeker = UserFactory(email="dana@example.com")
    application = Application(job=job, seeker=seeker, cover_note="<script>alert(1)</script>")
    db.session.add(application)
    db.session.commit()
    user.login("owner@ridgeline.example")

    page = user.submit(f"/employer/applications/{application.id}/stage", {"stage": "fired"})

    assert b"Choose one of the listed stages." in page.data
    assert b"<script>alert(1)</script>" not in page.data
    db.session.refresh(application)
    assert application.stage == "new"


def test_an_empty_note_sends_the_employer_back_to_the_application(user, other_user):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company)
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    apply(user, job)
    application = db.session.scalars(db.select(Application)).one()
    other_user.login("owner@ridgeline.example")
    page = f"/employer/applications/{application.id}"
    assert 'maxlength="5000"' in other_user.client.get(page).data.decode()
    answer = other_user.submit(f"{page}/notes", {"text": "   "}, follow_redirects=False)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(page)
    assert "Write something in the note" in other_user.client.get(page).data.decode()
