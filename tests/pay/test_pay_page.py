"""A coder asks what spine coding with a CPC pays, remote against on-site, and reads
figures that say how many jobs they stand on."""

from __future__ import annotations

import statistics
from datetime import timedelta
from decimal import Decimal

from careercenter.extensions import db
from careercenter.jobs.models import STATUS_CLOSED
from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of


def spine_board() -> list:
    """Eight remote CPC spine jobs, four on-site, one without pay, one hourly."""
    with jobs_indexed_once():
        jobs = [
            JobFactory(
                code_tags=["63030"],
                specialties=["spine"],
                salary_min=Decimal(50000 + 2000 * i),
                salary_max=Decimal(60000 + 2000 * i),
            )
            for i in range(8)
        ]
        jobs += [
            JobFactory(
                code_tags=["63030"],
                specialties=["spine"],
                work_mode="onsite",
                state="TX",
                city="Austin",
                salary_min=Decimal(45000 + 1000 * i),
                salary_max=None,
            )
            for i in range(4)
        ]
        jobs.append(
            JobFactory(code_tags=["63030"], specialties=["spine"], salary_min=None, salary_max=None)
        )
        jobs.append(
            JobFactory(
                code_tags=["63047"],
                specialties=["spine"],
                salary_min=Decimal("30.00"),
                salary_max=Decimal("34.00"),
                salary_unit="HOUR",
            )
        )
    return jobs


def test_a_coder_reads_quartiles_for_spine_cpc_jobs(client):
    spine_board()
    page = client.get("/pay?code=630xx&credential=CPC")
    assert page.status_code == 200
    words = text_of(page)
    assert "14 jobs" in words and "13 list pay" in words and "1 do not" in words
    pays = [55000 + 2000 * i for i in range(8)] + [45000 + 1000 * i for i in range(4)] + [66560]
    p25, median, p75 = statistics.quantiles(pays, n=4, method="inclusive")
    assert f"${median:,.0f}" in words
    assert f"${p25:,.0f}" in words and f"${p75:,.0f}" in words
    assert f"${median / 2080:,.2f}" in words
    assert "<svg" in page.data.decode() and "Jobs by yearly pay" in words


def test_the_api_answers_the_same_figures_and_remote_against_onsite(client):
    spine_board()
    reply = client.get("/api/v1/pay?code=630xx&credential=CPC&work_mode=remote").get_json()
    remote = [55000 + 2000 * i for i in range(8)] + [66560]
    assert reply["postings"] == 10 and reply["with_pay"] == 9 and reply["without_pay"] == 1
    assert reply["annual"]["median"] == statistics.median(remote)
    modes = {bar["value"]: bar for bar in reply["by"]["work_mode"]}
    assert modes["onsite"]["postings"] == 4 and modes["remote"]["postings"] == 9
    assert modes["remote"]["median"] == statistics.median([round(v / 1000) * 1000 for v in remote])
    assert reply["window"]["months"] == 12


def test_too_few_jobs_give_no_figure_but_a_broader_question(client):
    spine_board()
    page = client.get("/pay?code=63030&credential=CPC&work_mode=onsite&state=TX")
    words = text_of(page)
    assert page.status_code == 200
    assert "4 jobs with pay are too few for a figure" in words
    reply = client.get("/api/v1/pay?code=63030&work_mode=onsite&state=TX").get_json()
    assert reply["annual"] is None and reply["with_pay"] == 4
    assert reply["broader"]["with_pay"] >= 5


def test_a_relisted_job_counts_once_and_closed_jobs_in_the_window_count(client):
    (first,) = [JobFactory(code_tags=["63030"], salary_min=Decimal(90000), salary_max=None)]
    first.status, first.closed_at = STATUS_CLOSED, utcnow() - timedelta(days=20)
    again = JobFactory(
        code_tags=["63030"], renewed_from_id=first.id, salary_min=Decimal(95000), salary_max=None
    )
    old = JobFactory(code_tags=["63030"], salary_min=Decimal(20000), salary_max=None)
    old.status, old.closed_at = STATUS_CLOSED, utcnow() - timedelta(days=400)
    old.published_at = utcnow() - timedelta(days=430)
    db.session.commit()
    reply = client.get("/api/v1/pay?code=63030").get_json()
    assert reply["postings"] == 1 and reply["with_pay"] == 1  # the lineage, once; not the old job
    assert again.id
    longer = client.get("/api/v1/pay?code=63030&months=24").get_json()
    assert longer["postings"] == 2


def test_hostile_parameters_get_a_400_with_a_message(client):
    for query in (
        "months=13",
        "code=%00drop",
        "credential=<script>",
        "work_mode=x",
        "q=spine+coder",
        "sort=salary",
    ):
        reply = client.get(f"/api/v1/pay?{query}")
        assert reply.status_code == 400, query
        assert reply.get_json()["error"]["message"]
        page = client.get(f"/pay?{query}")
        assert page.status_code == 400, query
