"""A seeker on a job page, and an employer typing pay on the posting form, see where that
pay sits among similar open jobs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from careercenter.extensions import db
from careercenter.jobs.models import STATUS_CLOSED
from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of


def remote_spine_jobs(pays: list[int]) -> list:
    with jobs_indexed_once():
        return [
            JobFactory(specialties=["spine"], salary_min=Decimal(pay), salary_max=None)
            for pay in pays
        ]


def test_a_job_page_says_where_its_pay_sits_among_similar_open_jobs(client):
    *_, job = remote_spine_jobs([50000, 55000, 60000, 65000, 70000, 75000, 80000, 72000])
    closed = JobFactory(specialties=["spine"], salary_min=Decimal(10000), salary_max=None)
    closed.status, closed.closed_at = STATUS_CLOSED, utcnow() - timedelta(days=2)
    db.session.commit()
    words = text_of(client.get(f"/jobs/{job.path_key}"))
    # 72,000 pays more than 5 of the 7 other open remote CPC spine jobs (the closed one is
    # not open, the job itself is left out).
    assert "This pay is above 71 % of 7 open Remote CPC Spine surgery jobs" in words


def test_with_too_few_similar_jobs_the_comparison_widens_then_stays_silent(client):
    jobs = remote_spine_jobs([50000, 60000])
    with jobs_indexed_once():
        for pay in (40000, 45000, 47000, 90000):
            JobFactory(
                specialties=["cardiology"],
                credentials_required=["CCS"],
                salary_min=Decimal(pay),
                salary_max=None,
            )
    words = text_of(client.get(f"/jobs/{jobs[0].path_key}"))
    assert "above 60 % of 5 open Remote jobs" in words
    lonely = JobFactory(
        work_mode="onsite",
        state="TX",
        city="Austin",
        specialties=["obgyn"],
        credentials_required=["RHIT"],
        salary_min=None,
        salary_max=None,
    )
    assert "This pay is above" not in text_of(client.get(f"/jobs/{lonely.path_key}"))


def test_the_posting_form_asks_where_the_pay_being_typed_would_sit(client):
    remote_spine_jobs([50000, 55000, 60000, 65000, 70000, 75000])
    reply = client.get(
        "/pay/position?salary_min=30&salary_max=34&salary_unit=HOUR&work_mode=remote"
        "&credential=CPC&specialty=spine"
    ).get_json()
    # 32/hr is 66,560 a year: above four of the six.
    assert reply["text"] == "This pay is above 67 % of 6 open Remote CPC Spine surgery jobs."
    assert reply["url"].startswith("/pay?")
    assert client.get("/pay/position?work_mode=remote").get_json()["text"] is None
    canadian = client.get("/pay/position?salary_min=60000&salary_currency=CAD").get_json()
    assert canadian["reason"] == "Pay figures compare dollar amounts."
