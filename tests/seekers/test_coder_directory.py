"""An employer looks for a spine coder: only seekers who chose "Employers searching for
coders" are found, by credential, specialty, code worked, years, state and remote wish,
showing what they share and never their name or address; the employer invites one to apply
(once per job), and a coder who turned invitations off gets none."""

from __future__ import annotations

from careercenter.extensions import db
from careercenter.seekers.models import JobInvitation
from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.pages import text_of
from tests.support.people import UserActions


def coder(app, email: str, **profile) -> UserActions:
    UserFactory(email=email, name=f"Private Name {email[:3]}")
    person = UserActions(app.test_client())
    person.login(email)
    form = {
        "headline": "Spine coder",
        "credentials": ["CPC"],
        "specialties": ["spine"],
        "codes_worked": "630xx, 22551",
        "years_experience": "5",
        "state": "ID",
        "open_to_remote": "y",
        "visibility": "employers",
        "invitations_ok": "y",
    }
    form.update(profile)
    person.submit("/me/profile", {key: value for key, value in form.items() if value is not None})
    return person


def test_an_employer_finds_opted_in_coders_and_invites_one_to_apply(app, user, mailbox):
    coder(app, "ida@example.com", headline="CPC, 5 years of spine pro-fee")
    coder(app, "pat@example.com", headline="Private spine coder", visibility="private")
    coder(
        app,
        "lee@example.com",
        headline="Cardiology coder",
        codes_worked="93xxx",
        specialties=["cardiology"],
    )
    coder(app, "kim@example.com", headline="Spine coder, no invitations", invitations_ok=None)
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Remote Spine Coder")
    user.login("owner@ridgeline.example")

    found = text_of(user.client.get("/employer/coders?code=63035&credential=CPC&min_years=3"))
    assert "CPC, 5 years of spine pro-fee" in found and "Spine coder, no invitations" in found
    assert "Private spine coder" not in found and "Cardiology coder" not in found
    assert "ida@example.com" not in found and "Private Name" not in found
    assert "Takes no invitations by e-mail" in found
    assert "Cardiology coder" in text_of(user.client.get("/employer/coders?code=93000"))
    assert "2 coders" in text_of(user.client.get("/employer/coders?state=ID&specialty=spine"))
    assert "0 coders" in text_of(user.client.get("/employer/coders?min_years=9"))

    from careercenter.seekers.models import SeekerProfile

    ida = db.session.scalar(
        db.select(SeekerProfile).where(SeekerProfile.headline.startswith("CPC, 5"))
    )
    sent = user.submit(f"/employer/coders/{ida.id}/invite", {"job": str(job.id)})
    assert "Invitation to apply" in text_of(sent)
    letter = mailbox.text_of(mailbox.last_to("ida@example.com"))
    assert "Ridgeline" in letter or owner.company.name in letter
    assert "Remote Spine Coder" in letter and "/me/profile" in letter
    again = user.submit(f"/employer/coders/{ida.id}/invite", {"job": str(job.id)})
    assert "invited this coder to that job already" in text_of(again)
    assert db.session.scalar(db.select(db.func.count(JobInvitation.id))) == 1

    kim = db.session.scalar(
        db.select(SeekerProfile).where(SeekerProfile.headline.endswith("no invitations"))
    )
    refused = user.submit(f"/employer/coders/{kim.id}/invite", {"job": str(job.id)})
    assert "does not take invitations" in text_of(refused)
    pat = db.session.scalar(
        db.select(SeekerProfile).where(SeekerProfile.headline == "Private spine coder")
    )
    assert user.submit(f"/employer/coders/{pat.id}/invite", {"job": str(job.id)}).status_code == 404


def test_hostile_search_values_get_a_clear_answer_not_an_error(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    for query in (
        "code=%3Cscript%3E",
        "min_years=-5",
        "min_years=99999999999999",
        "state=XX",
        "credential=%00",
        "code=" + "6" * 500,
    ):
        answer = user.client.get(f"/employer/coders?{query}")
        assert answer.status_code in (200, 400), query  # a NUL byte is refused (400)
        assert "<script>" not in answer.data.decode()
