"""Pay compares like with like: hourly jobs show their yearly equivalent beside the figure
given, and the pay filter takes an hourly or a yearly amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of


@pytest.fixture
def paid_jobs():
    with jobs_indexed_once():
        return {
            "hourly": JobFactory(
                title="Hourly ED Coder",
                salary_min=Decimal(29),
                salary_max=Decimal(35),
                salary_unit="HOUR",
            ),
            "high": JobFactory(
                title="Senior Spine Coder", salary_min=Decimal(70000), salary_max=None
            ),
            "low": JobFactory(
                title="Entry Coder", salary_min=Decimal(45000), salary_max=Decimal(55000)
            ),
        }


def test_hourly_pay_is_shown_with_its_yearly_equivalent(client, paid_jobs):
    expected = "$29–$35/hr · about $60,000–$73,000/yr"
    assert expected in text_of(client.get(f"/jobs/{paid_jobs['hourly'].path_key}"))
    assert expected in text_of(client.get("/jobs?q=coder&sort=salary"))
    assert "$45,000–$55,000/yr" in text_of(client.get("/jobs?q=coder"))  # yearly as given


def test_the_pay_filter_takes_an_hourly_figure(client, paid_jobs):
    page = text_of(client.get("/jobs?salary_min=30&salary_unit=hour"))
    # $30/hr is $62,400 a year: the $29–35/hr job reaches it, so does $70,000/yr; $55,000 not
    assert "Hourly ED Coder" in page and "Senior Spine Coder" in page
    assert "Entry Coder" not in page
    assert "Pay $30/hr+" in page
    yearly = text_of(client.get("/jobs?salary_min=65000"))
    assert "Senior Spine Coder" in yearly and "Hourly ED Coder" in yearly
    assert "Pay $65,000+" in yearly


def test_the_api_takes_the_unit_and_refuses_others(client, paid_jobs):
    found = client.get("/api/v1/jobs?salary_min=30&salary_unit=hour").json
    assert {hit["title"] for hit in found["hits"]} == {"Hourly ED Coder", "Senior Spine Coder"}
    refused = client.get("/api/v1/jobs?salary_min=30&salary_unit=month")
    assert refused.status_code == 400 and "salary_unit" in refused.json["error"]["fields"]


def test_an_alert_for_hourly_pay_says_so(user, paid_jobs, mailbox):
    user.register("dana@example.com")
    user.submit("/alerts", {"query": "salary_min=30&salary_unit=hour", "frequency": "daily"})
    page = text_of(user.client.get("/me/alerts"))
    assert "$30/hr+" in page
