"""An employer sets up the company, adds a logo and colleagues; visitors see its jobs."""

from __future__ import annotations

import io

from careercenter.companies.models import Company
from careercenter.extensions import db
from tests.support.factories import CompanyFactory, EmployerFactory, JobFactory, UserFactory

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def company_form(**overrides):
    form = {
        "name": "Ridgeline Spine",
        "website": "https://ridgeline.example",
        "about": "We code **spine**.",
        "city": "Birmingham",
        "state": "AL",
        "country": "US",
    }
    form.update(overrides)
    return form


def test_a_new_employer_creates_the_company_and_lands_on_the_job_form(user):
    user.register("hr@ridgeline.example", role="employer")

    page = user.submit("/employer/company/new", company_form())

    assert b"Ridgeline Spine is set up" in page.data
    assert b"Post a coding job" in page.data
    company = db.session.scalar(db.select(Company))
    assert company.slug == "ridgeline-spine"
    assert [member.email for member in company.members] == ["hr@ridgeline.example"]


def test_company_slugs_stay_unique(user):
    CompanyFactory(name="Ridgeline Spine", slug="ridgeline-spine")
    user.register("hr@other.example", role="employer")

    user.submit("/employer/company/new", company_form())

    slugs = sorted(db.session.scalars(db.select(Company.slug)))
    assert slugs == ["ridgeline-spine", "ridgeline-spine-2"]


def test_a_job_seeker_cannot_create_a_company(user):
    UserFactory(email="seeker@example.com")
    user.login("seeker@example.com")

    response = user.submit("/employer/company/new", company_form(), follow_redirects=False)

    assert response.status_code == 403
    assert db.session.scalar(db.select(Company)) is None


def test_bad_profile_input_is_explained_and_kept(user):
    user.register("hr@ridgeline.example", role="employer")

    page = user.submit(
        "/employer/company/new", company_form(name="", website="javascript:alert(1)", state="ZZ")
    )

    assert b"This field is required" in page.data
    assert b"Enter a full web address starting with https://" in page.data
    assert b"Not a valid choice" in page.data
    assert b"We code **spine**." in page.data
    assert db.session.scalar(db.select(Company)) is None


def test_a_logo_is_checked_by_its_content(user):
    employer = EmployerFactory(email="hr@ridgeline.example")
    user.login("hr@ridgeline.example")

    renamed_exe = (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64), "logo.png")
    page = user.submit("/employer/company", company_form(logo=renamed_exe))
    assert b"This file is not a PNG, JPEG or WebP file" in page.data

    empty = (io.BytesIO(b""), "logo.png")
    assert b"The file is empty" in user.submit("/employer/company", company_form(logo=empty)).data

    too_big = (io.BytesIO(PNG_BYTES + b"\x00" * (1024 * 1024)), "logo.png")
    assert b"larger than 1 MB" in user.submit("/employer/company", company_form(logo=too_big)).data

    real_png = (io.BytesIO(PNG_BYTES), "whatever.bin")
    assert b"profile is saved" in user.submit("/employer/company", company_form(logo=real_png)).data

    served = user.client.get(f"/companies/{employer.company.slug}/logo")
    assert served.status_code == 200
    assert served.mimetype == "image/png"
    assert served.data == PNG_BYTES


def test_the_company_page_lists_only_open_jobs(client):
    company = CompanyFactory(name="Ridgeline Spine", about="Surgeons <script>alert(1)</script>")
    JobFactory(company=company, title="Open Spine Coder")
    JobFactory(company=company, title="Draft Coder", draft=True)
    JobFactory(company=company, title="Closed Coder", status="closed")

    page = client.get(f"/companies/{company.slug}")

    assert page.status_code == 200
    assert b"Open Spine Coder" in page.data
    assert b"Draft Coder" not in page.data
    assert b"Closed Coder" not in page.data
    assert b"<script>alert(1)</script>" not in page.data


def test_an_unknown_company_is_404(client):
    assert client.get("/companies/nobody").status_code == 404


def test_a_colleague_joins_by_invitation(app, user, other_user, mailbox):
    owner = EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    page = user.submit("/employer/company/team", {"email": "colleague@ridgeline.example"})
    assert b"We sent an invitation" in page.data
    link = mailbox.link_in_last("colleague@ridgeline.example", "/companies/join/")

    other_user.register("colleague@ridgeline.example", role="employer")
    page = other_user.submit(link)

    assert b"You are now a member of" in page.data
    db.session.refresh(owner.company)
    assert {member.email for member in owner.company.members} == {
        "owner@ridgeline.example",
        "colleague@ridgeline.example",
    }


def test_an_invitation_works_only_for_its_address(user, other_user, mailbox):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    user.submit("/employer/company/team", {"email": "colleague@ridgeline.example"})
    link = mailbox.link_in_last("colleague@ridgeline.example", "/companies/join/")

    other_user.register("stranger@elsewhere.example", role="employer")
    page = other_user.submit(link)

    assert b"This invitation was sent to colleague@ridgeline.example" in page.data


def test_the_owner_removes_a_departed_colleague_who_then_sees_nothing(user, other_user, mailbox):
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Spine Surgery Coder")
    departed = EmployerFactory(
        email="departed@ridgeline.example", company=owner.company, company_owner=False
    )
    other_user.login("departed@ridgeline.example")
    assert other_user.client.get(f"/employer/jobs/{job.id}/applicants").status_code == 200
    user.login("owner@ridgeline.example")
    user.submit("/employer/company/team", {"email": "departed@ridgeline.example"})
    old_invitation = mailbox.link_in_last("departed@ridgeline.example", "/companies/join/")

    page = user.submit(f"/employer/company/team/{departed.id}/remove")

    assert "is no longer on the team" in page.data.decode()
    db.session.refresh(departed)
    assert departed.company_id is None and departed.left_company_at is not None
    # From the next request on: no applicants, no jobs, no team.
    assert other_user.client.get(f"/employer/jobs/{job.id}/applicants").status_code != 200
    assert other_user.client.get("/employer/company/team").status_code == 302
    # An invitation sent before the removal does not let them back in.
    back = other_user.submit(old_invitation).data.decode()
    assert "sent before you were removed" in back
    db.session.refresh(departed)
    assert departed.company_id is None


def test_only_the_owner_removes_members_and_never_themselves(user, other_user):
    owner = EmployerFactory(email="owner@ridgeline.example")
    colleague = EmployerFactory(
        email="colleague@ridgeline.example", company=owner.company, company_owner=False
    )
    other_user.login("colleague@ridgeline.example")
    refused = other_user.submit(f"/employer/company/team/{owner.id}/remove").data.decode()
    assert "Only the company&#39;s owner can remove members." in refused
    assert "Remove" not in other_user.client.get("/employer/company/team").data.decode()

    user.login("owner@ridgeline.example")
    itself = user.submit(f"/employer/company/team/{owner.id}/remove").data.decode()
    assert "you cannot remove yourself" in itself
    stranger = EmployerFactory(email="owner@lakeshore.example")
    elsewhere = user.submit(f"/employer/company/team/{stranger.id}/remove").data.decode()
    assert "not on this team" in elsewhere
    db.session.refresh(owner)
    db.session.refresh(colleague)
    db.session.refresh(stranger)
    assert owner.company_id and colleague.company_id and stranger.company_id
