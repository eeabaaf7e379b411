"""The README's pictures show the board a newcomer gets from `make run` (the demo data), not
the suite's synthetic one: this test loads the demo, has its seeker apply to a spine job, and
takes the four pages at a desktop's and a phone's width. With SCREENSHOTS_DIR set
(``SCREENSHOTS_DIR=docs/screenshots``) they are saved there for the README."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careercenter.demo.content import DEMO_PASSWORD
from careercenter.demo.load import load_demo, load_demo_cms
from careercenter.extensions import db
from careercenter.jobs.models import Application, Job
from careercenter.search.follower import catch_up_all
from tests.support.files import PDF, upload
from tests.support.people import UserActions

pytestmark = [pytest.mark.browser, pytest.mark.once]

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
EMPLOYER = "hiring@ridgeline-spine-neurosurgery.example.com"


def test_the_readme_screenshots_are_taken_on_the_demo_board(
    app, browser, live_server, tmp_path, monkeypatch
):
    assert load_demo() is not None
    assert load_demo_cms() == 3  # as `flask demo load` does, for CasePilot
    monkeypatch.setitem(app.config, "ASK_METERING", False)
    catch_up_all()  # as `flask demo load` does: the demo jobs are searchable at once
    spine_job = db.session.scalars(
        db.select(Job)
        .where(Job.title.ilike("%spine%"), Job.apply_method == "site", Job.status == "published")
        .order_by(Job.id)
    ).first()
    assert spine_job is not None and spine_job.company.members[0].email == EMPLOYER
    seeker = UserActions(app.test_client())
    seeker.login("seeker@example.com", DEMO_PASSWORD)
    seeker.submit(f"/jobs/{spine_job.id}/apply", {"resume": upload(PDF, "resume.pdf")})
    assert db.session.scalar(db.select(db.func.count(Application.id))) == 1

    shots = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    pages = {
        "search": ("guest", "/jobs?q=spine", spine_job.title),
        "job": ("guest", f"/jobs/{spine_job.path_key}", spine_job.title),
        "code": ("guest", "/codes/cpt/63030", "63030"),
        "ask": (
            "guest",
            "/ask?q=Can+22633+and+63030+be+billed+together%3F",
            "column 1 22633, column 2 63030",
        ),
        "applicants": ("employer", f"/employer/jobs/{spine_job.id}/applicants", "Applicants"),
        "pay": ("guest", "/pay?specialty=spine", "25th percentile"),
    }
    for width_name, viewport in WIDTHS.items():
        contexts = {who: browser.new_context(viewport=viewport) for who in ("guest", "employer")}
        try:
            sign_in = contexts["employer"].new_page()
            sign_in.goto(f"{live_server}/login")
            sign_in.get_by_label("E-mail").fill(EMPLOYER)
            sign_in.get_by_label("Password").fill(DEMO_PASSWORD)
            sign_in.get_by_role("button", name="Log in").click()
            sign_in.wait_for_url(lambda url: "/login" not in url)
            for name, (who, path, shown) in pages.items():
                page = contexts[who].new_page()
                page.goto(live_server + path)
                page.wait_for_load_state("networkidle")
                body = page.inner_text("main")
                assert shown.lower() in body.lower(), (name, body[:300])
                assert (
                    "Coding Group" not in body and "Remote Spine Coder" not in body
                )  # the suite's board
                picture = shots / f"{name}-{width_name}.png"
                page.screenshot(path=str(picture), full_page=name == "pay")  # its charts
                assert picture.stat().st_size > 10_000
                page.close()
        finally:
            for context in contexts.values():
                context.close()
