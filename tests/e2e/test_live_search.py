"""In a real browser: results follow the seeker's typing and ticking, and the URL keeps up."""

from __future__ import annotations

import pytest

from tests.support.factories import JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.once]


def test_results_update_as_the_seeker_types_and_filters(page, live_server):
    JobFactory(
        title="Laminotomy Spine Coder",
        work_mode="remote",
        code_tags=["630xx"],
        description="Spine decompression coding.",
    )
    JobFactory(
        title="Cardiology Coder",
        work_mode="onsite",
        city="Tampa",
        state="FL",
        description="Cath lab coding.",
        code_tags=["93xxx"],
    )

    page.goto(f"{live_server}/jobs")
    page.locator("#results").get_by_text("2 jobs").wait_for()

    page.get_by_label("Search jobs").press_sequentially("lamin", delay=40)
    page.locator("#results").get_by_text("1 job", exact=True).wait_for()
    assert page.locator("#results mark").first.inner_text().lower() == "laminotomy"
    assert "q=lamin" in page.url

    page.get_by_label("Search jobs").fill("")
    page.locator("#results").get_by_text("2 jobs").wait_for()
    page.locator('input[name="work_mode"][value="onsite"]').check()
    page.locator("#results").get_by_text("Cardiology Coder").wait_for()
    page.wait_for_url("**work_mode=onsite**")
    assert page.locator("#results .job-card").count() == 1


def test_the_whole_page_follows_live_search_and_back_and_forward_step_through_it(page, live_server):
    from careercenter.alerts.models import SavedSearch
    from careercenter.extensions import db

    JobFactory(
        title="Spine Surgery Coder",
        work_mode="remote",
        code_tags=["63030"],
        description="Operative notes from six surgeons.",
    )
    JobFactory(
        title="Orthopedic Coder",
        work_mode="onsite",
        city="Tampa",
        state="FL",
        code_tags=["27447"],
        description="Joint replacement coding.",
    )

    page.goto(f"{live_server}/jobs")
    page.get_by_label("Search jobs").press_sequentially("lumbar laminotomy", delay=30)
    page.keyboard.press("Enter")
    heading = page.locator("#search-heading")
    heading.get_by_text("Jobs matching “lumbar laminotomy”").wait_for()
    assert "lumbar laminotomy" in page.title()
    results = page.locator("#results")
    results.get_by_text("1 job", exact=True).wait_for()
    assert "tags 63030" not in results.inner_text()  # words, not a code search
    assert "q=lumbar+laminotomy" in page.locator("#feed-atom").get_attribute("href")
    assert "lumbar+laminotomy" in page.locator('#search-alert input[name="query"]').input_value()

    page.get_by_label("Search jobs").fill("")
    page.get_by_label("Code", exact=True).fill("27447")
    page.keyboard.press("Enter")
    heading.get_by_text("Jobs that need 27447").wait_for()
    results.get_by_text("tags 27447").wait_for()
    page.locator('input[name="work_mode"][value="onsite"]').check()
    page.locator("#search-chips").get_by_text("On-site").wait_for()
    page.wait_for_url("**work_mode=onsite**")
    alert_query = page.locator('#search-alert input[name="query"]').input_value()
    assert "work_mode=onsite" in alert_query and "code=27447" in alert_query
    assert page.locator("#search-facets .facet-count").count() > 0

    page.go_back()
    page.wait_for_url(lambda url: "work_mode" not in url and "code=27447" in url)
    page.locator("#search-chips").get_by_text("On-site").wait_for(state="detached")
    page.go_back()
    heading.get_by_text("Jobs matching “lumbar laminotomy”").wait_for()
    assert page.get_by_label("Search jobs").input_value() == "lumbar laminotomy"
    page.go_forward()
    heading.get_by_text("Jobs that need 27447").wait_for()
    page.go_forward()
    page.locator("#search-chips").get_by_text("On-site").wait_for()

    page.locator("#alert-email").fill("coder@example.com")
    page.get_by_role("button", name="Create alert").click()  # one press, for a guest too
    page.get_by_text("we sent a link").wait_for()
    saved = db.session.scalars(db.select(SavedSearch)).one()
    assert "work_mode=onsite" in saved.query_string and "code=27447" in saved.query_string
