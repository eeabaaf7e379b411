"""Filters for what coders ask first: how much experience a job wants, whether apprentices
(CPC-A) are welcome, and which EHR or encoder it uses; on the page, in the API, in alerts."""

from __future__ import annotations

import re

import pytest

from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of


@pytest.fixture
def varied_jobs():
    with jobs_indexed_once():
        JobFactory(
            title="Apprentice Friendly Coder",
            min_years_experience=None,
            apprentice_accepted=True,
            ehr_systems=["epic"],
        )
        JobFactory(
            title="Junior Epic Coder", min_years_experience=2, ehr_systems=["epic", "3m_360"]
        )
        JobFactory(title="Mid Cerner Coder", min_years_experience=4, ehr_systems=["oracle_cerner"])
        JobFactory(title="Senior Auditor", min_years_experience=7, credentials_required=["CEMC"])


def found(client, query: str) -> set[str]:
    return {hit["title"] for hit in client.get(f"/api/v1/jobs?{query}").json["hits"]}


def test_experience_levels_filter_by_the_years_a_job_asks(client, varied_jobs):
    assert found(client, "experience=entry") == {"Apprentice Friendly Coder"}
    assert found(client, "experience=1_2") == {"Junior Epic Coder"}
    assert found(client, "experience=3_5") == {"Mid Cerner Coder"}
    assert found(client, "experience=5_plus") == {"Senior Auditor"}
    assert found(client, "experience=entry&experience=1_2") == {
        "Apprentice Friendly Coder",
        "Junior Epic Coder",
    }


def test_apprentices_and_ehr_filter_and_count(client, varied_jobs):
    assert found(client, "apprentice=welcome") == {"Apprentice Friendly Coder"}
    assert found(client, "ehr=epic") == {"Apprentice Friendly Coder", "Junior Epic Coder"}
    assert found(client, "credential=CEMC") == {"Senior Auditor"}
    page = client.get("/jobs").data.decode()
    for legend in ("Experience asked", "Apprentices", "EHR and encoder"):
        assert legend in page
    assert re.search(r'value="epic"\s*> Epic <span class="facet-count">2</span>', page)
    assert "CPC-A (apprentice) welcome" in text_of(client.get("/jobs?apprentice=welcome"))


def test_the_new_filters_are_documented_and_checked_in_the_api(client, varied_jobs):
    names = {
        p["name"]
        for p in client.get("/api/v1/openapi.json").json["paths"]["/api/v1/jobs"]["get"][
            "parameters"
        ]
    }
    assert {"experience", "apprentice", "ehr"} <= names
    refused = client.get("/api/v1/jobs?experience=lots")
    assert refused.status_code == 400 and "experience" in refused.json["error"]["fields"]


def test_an_alert_keeps_the_new_filters(user, varied_jobs):
    user.register("dana@example.com")
    user.submit("/alerts", {"query": "apprentice=welcome&ehr=epic", "frequency": "daily"})
    page = text_of(user.client.get("/me/alerts"))
    assert "CPC-A (apprentice) welcome" in page and "Epic" in page
