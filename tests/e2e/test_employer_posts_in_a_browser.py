"""In a real browser: an employer signs up, sets up the company, posts, previews, publishes."""

from __future__ import annotations

import os
import re

import pytest

from tests.support.browser import sign_up_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.once]
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_an_employer_posts_a_job_tagged_63035_and_a_visitor_finds_it(
    page, live_server, browser, mailbox
):
    page.goto(f"{live_server}/register?role=employer")
    sign_up_in_browser(page, live_server, mailbox, "riley@ridgeline.example", "Riley Park")

    page.get_by_label("Company name").fill("Ridgeline Spine")
    page.get_by_label("City").fill("Birmingham")
    page.get_by_role("button", name="Create company").click()
    page.get_by_text("Ridgeline Spine is set up").wait_for()

    # An empty form explains itself next to the fields.
    page.get_by_role("button", name="Save draft and preview").click()
    page.get_by_text("Please correct the highlighted fields below.").wait_for()
    assert page.locator("#field-title .errors").inner_text() == "This field is required."
    shot(page, "job-form-errors")

    page.get_by_label("Job title").fill("Spine Surgery Coder (CPC)")
    page.get_by_label("Description").fill(
        "Code **laminotomy** and discectomy cases for twelve surgeons.\n\n- Remote\n- Full-time"
    )
    page.get_by_label("Codes this work involves").fill("63035, 630xx")
    page.get_by_label("CPC", exact=True).first.check()
    page.get_by_label("Pay from").fill("58000")
    page.get_by_label("Pay up to").fill("74000")
    page.get_by_role("button", name="Save draft and preview").click()

    page.get_by_text("Draft saved").wait_for()
    assert page.locator("h1").inner_text() == "Spine Surgery Coder (CPC)"
    assert page.locator(".prose strong").inner_text() == "laminotomy"
    shot(page, "job-preview")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Your job is live.").wait_for()
    assert re.search(r"/jobs/\d+-spine-surgery-coder-cpc$", page.url)
    shot(page, "job-page")

    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server}/")
    visitor.get_by_label("Search jobs").fill("laminotomy")
    visitor.get_by_role("button", name="Search").click()
    visitor.get_by_role("link", name="Spine Surgery Coder (CPC)").click()
    assert visitor.locator(".chip-code", has_text="63035").count() == 1
    assert "$58,000–$74,000/yr" in visitor.locator(".pay").inner_text()
    shot(visitor, "visitor-job-page")
    visitor.context.close()
