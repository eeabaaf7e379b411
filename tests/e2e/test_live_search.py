"""In a real browser: results follow the seeker's typing and ticking, and the URL keeps up."""

from __future__ import annotations

import pytest

from tests.factories import JobFactory

pytestmark = pytest.mark.browser


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
