"""An employer typing pay on the posting form sees, before publishing, where it would sit
among similar open jobs; the seeker's pay page draws its charts in the browser too."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.e2e.test_pages_checked import log_in
from tests.support.factories import EmployerFactory, JobFactory, jobs_indexed_once

pytestmark = [pytest.mark.browser, pytest.mark.once]


def test_the_form_says_where_the_typed_pay_sits(page, live_server):
    with jobs_indexed_once():
        for pay in (50000, 55000, 60000, 65000, 70000, 75000):
            JobFactory(specialties=["spine"], salary_min=Decimal(pay), salary_max=None)
    EmployerFactory(email="riley@ridgeline.example")
    log_in(page, live_server, "riley@ridgeline.example")
    page.goto(f"{live_server}/employer/jobs/new")
    page.get_by_label("Remote").first.check()
    page.get_by_label("CPC", exact=True).first.check()
    page.get_by_label("Spine surgery").check()
    page.get_by_label("Pay from").fill("62000")
    page.get_by_label("Pay up to").fill("71000")  # 66,500 in the middle
    note = page.locator("#pay-position")
    note.get_by_text("above 67 % of 6 open Remote CPC Spine surgery jobs").wait_for()
    note.get_by_role("link", name="What these jobs pay").click()
    page.wait_for_url("**/pay?**")
    assert page.locator("svg#pay-distribution").is_visible()
    assert "25th percentile" in page.inner_text("main")
