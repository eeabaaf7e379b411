"""The four ways through the board, walked in Chromium at a phone's and a desktop's width: a
seeker finds a job and applies, the employer moves the applicant along, a guest runs out of
free code pages and signs up on the spot, and an operator approves a posting. A failing step
leaves a full-page screenshot in test-artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from careercenter.extensions import db
from careercenter.jobs.models import STATUS_PENDING, Job
from tests.support.browser import sign_up_in_browser
from tests.support.factories import AdminFactory, EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF
from tests.support.people import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.once]

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
ARTIFACTS = Path("test-artifacts")


@pytest.fixture(params=sorted(WIDTHS))
def walk(request, browser):
    """A tab at one width; a journey that fails leaves a full-page screenshot."""
    context = browser.new_context(viewport=WIDTHS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def log_in(page, base: str, email: str) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_seeker_finds_a_spine_job_and_applies_then_the_employer_interviews(
    walk, live_server, tmp_path
):
    owner = EmployerFactory(email="owner@ridgeline.example")
    JobFactory(company=owner.company, title="Spine Surgery Coder", code_tags=["630xx"])
    UserFactory(email="dana@example.com", name="Dana Reyes")
    resume = tmp_path / "dana.pdf"
    resume.write_bytes(PDF)
    page = walk

    page.goto(f"{live_server}/jobs?q=laminotomy")
    page.get_by_role("link", name="Spine Surgery Coder").first.click()
    page.get_by_role("link", name="Log in to apply").first.click()
    log_in(page, live_server, "dana@example.com")
    page.get_by_label("Or attach a resume").set_input_files(str(resume))
    page.get_by_role("button", name="Send application").click()
    page.get_by_text("Your application to").wait_for()
    page.get_by_text("New", exact=True).first.wait_for()  # its stage, under My applications

    page.context.clear_cookies()
    page.goto(f"{live_server}/login")
    log_in(page, live_server, "owner@ridgeline.example")
    page.get_by_role("link", name="1", exact=True).click()  # the applications count
    page.get_by_role("link", name="Dana Reyes").click()
    page.get_by_label("Stage").select_option("interview")
    page.get_by_role("button", name="Move").click()
    page.get_by_text("Dana Reyes is now at: Interview.").wait_for()


def test_a_guest_reads_a_code_is_asked_to_sign_up_and_comes_back_to_the_code(
    walk, live_server, app, mailbox, monkeypatch
):
    monkeypatch.setitem(app.config, "CODE_METERING", True)
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 1)
    page = walk

    page.goto(f"{live_server}/codes/cpt/63030")
    page.get_by_text("Laminotomy on one side").first.wait_for()
    page.goto(f"{live_server}/codes/icd10cm/M51.16")
    page.get_by_role("link", name="Create a free account").first.click()
    sign_up_in_browser(page, live_server, mailbox, "pat@example.com", "Pat Coder")
    page.wait_for_url("**/codes/icd10cm/M51.16")
    page.get_by_text("Intervertebral disc disorders").first.wait_for()


def test_an_operator_approves_a_posting_and_it_goes_live(walk, live_server, app, monkeypatch):
    monkeypatch.setitem(app.config, "JOB_MODERATION", True)
    owner = EmployerFactory(email="owner@ridgeline.example")
    AdminFactory(email="ops@careercenter.example")
    job = JobFactory(company=owner.company, title="Pending Spine Coder", status=STATUS_PENDING)
    page = walk

    page.goto(f"{live_server}/login")
    log_in(page, live_server, "ops@careercenter.example")
    page.goto(f"{live_server}/admin/jobs")
    page.get_by_role("link", name="Pending Spine Coder").click()
    page.get_by_role("button", name="Approve").first.click()
    page.get_by_text("is published").wait_for()
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "published"
    page.goto(f"{live_server}/jobs?q=pending")
    page.get_by_role("link", name="Pending Spine Coder").first.wait_for()
