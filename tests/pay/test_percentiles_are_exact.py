"""Pay figures equal a direct computation over the same postings, for random boards and
random questions (Hypothesis), on whichever database the suite runs on."""

from __future__ import annotations

import random
import statistics
from datetime import timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careercenter.extensions import db
from careercenter.jobs.models import STATUS_CLOSED, Job
from careercenter.jobs.pay import yearly
from careercenter.jobs.vocabulary import experience_level
from careercenter.pay.index import get_pay_index
from careercenter.timeutil import utcnow
from tests.support.factories import CompanyFactory, JobFactory, jobs_indexed_once

CODES = ["63030", "63047", "99213", "22633"]
CODE_FILTERS = {
    "630xx": lambda tags: any(t.startswith("630") for t in tags),
    **{code: (lambda tags, code=code: code in tags) for code in CODES},
}
CREDENTIALS = ["CPC", "CCS", "RHIT"]
SPECIALTIES = ["spine", "cardiology", "radiology"]
SETTINGS = ["inpatient", "profee", "auditing"]
STATES = ["TX", "OH"]
CENTS = Decimal("0.01")


def make_board(rng: random.Random, size: int) -> None:
    """Jobs with and without pay (yearly, hourly, CAD), open or closed inside and outside
    the window, some relisted."""
    now = utcnow()
    company = CompanyFactory()
    with jobs_indexed_once():
        for _ in range(size):
            unit = rng.choice(["YEAR", "YEAR", "HOUR"])
            low = (
                rng.randrange(40_000, 90_000, 250)
                if unit == "YEAR"
                else rng.randrange(1800, 4500) / 100
            )
            pay = rng.random()
            fields = {
                "company": company,
                "work_mode": rng.choice(["remote", "onsite", "hybrid"]),
                "state": rng.choice(STATES),
                "remote_states": [rng.choice(STATES)],
                "code_tags": rng.sample(CODES, rng.randint(1, 2)),
                "credentials_required": rng.sample(CREDENTIALS, rng.randint(0, 2)),
                "specialties": rng.sample(SPECIALTIES, 1),
                "settings": rng.sample(SETTINGS, rng.randint(0, 2)),
                "min_years_experience": rng.choice([None, 0, 2, 4, 6]),
                "salary_unit": unit,
                "salary_min": None if pay < 0.12 else Decimal(str(low)),
                "salary_max": Decimal(str(low * 1.2)).quantize(CENTS) if pay > 0.5 else None,
                "salary_currency": "CAD" if pay > 0.95 else "USD",
                "published_at": now - timedelta(days=rng.randint(1, 700)),
            }
            job = JobFactory(**fields)
            if rng.random() < 0.4:
                job.status = STATUS_CLOSED
                job.closed_at = now - timedelta(days=rng.randint(0, 500))
                job.published_at = job.closed_at - timedelta(days=30)
                if rng.random() < 0.5:
                    copy = JobFactory(
                        **{**fields, "salary_min": Decimal(str(low)) if pay >= 0.12 else None},
                        renewed_from_id=job.id,
                    )
                    copy.published_at = now - timedelta(days=rng.randint(0, 20))
        db.session.commit()


def direct_values(question: dict, months: int) -> tuple[int, list[int]]:
    """Jobs the question reaches and their yearly pay, from the database row by row."""
    now = utcnow()
    since = now - timedelta(days=round(months * 365 / 12))
    jobs = db.session.query(Job).all()
    by_id = {job.id: job for job in jobs}
    lineages: dict[int, list[Job]] = {}
    for job in jobs:
        root = job
        while root.renewed_from_id:
            root = by_id[root.renewed_from_id]
        lineages.setdefault(root.id, []).append(job)
    reached, values = 0, []
    for posts in lineages.values():
        latest = max(posts, key=lambda job: (job.published_at, job.id))
        ends = [job.closed_at if job.status == STATUS_CLOSED else job.expires_at for job in posts]
        if max(ends) < since:
            continue
        if not matches(latest, question):
            continue
        reached += 1
        if latest.salary_currency != "USD":
            continue
        figures = [
            v
            for v in (
                yearly(latest.salary_min, latest.salary_unit),
                yearly(latest.salary_max, latest.salary_unit),
            )
            if v is not None
        ]
        if figures:
            values.append(round(sum(figures) / len(figures)))
    return reached, values


def matches(job: Job, question: dict) -> bool:
    states = job.remote_states if job.work_mode == "remote" else [job.state]
    credentials = set(job.credentials_required) | set(job.credentials_preferred)
    checks = {
        "work_mode": lambda v: job.work_mode == v,
        "credential": lambda v: v in credentials,
        "specialty": lambda v: v in job.specialties,
        "setting": lambda v: v in job.settings,
        "experience": lambda v: experience_level(job.min_years_experience) == v,
        "state": lambda v: v in states,
        "code": lambda v: CODE_FILTERS[v](job.code_tags),
    }
    return all(checks[name](value) for name, value in question.items())


questions = st.fixed_dictionaries(
    {},
    optional={
        "work_mode": st.sampled_from(["remote", "onsite", "hybrid"]),
        "credential": st.sampled_from(CREDENTIALS),
        "specialty": st.sampled_from(SPECIALTIES),
        "setting": st.sampled_from(SETTINGS),
        "experience": st.sampled_from(["entry", "1_2", "3_5", "5_plus"]),
        "state": st.sampled_from(STATES),
        "code": st.sampled_from(sorted(CODE_FILTERS)),
    },
)


def quartiles(values: list[int]) -> dict[str, float]:
    p25, median, p75 = statistics.quantiles(values, n=4, method="inclusive")
    return {"p25": round(p25), "median": round(median), "p75": round(p75)}


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 100_000),
    size=st.integers(0, 16),
    question=questions,
    months=st.sampled_from([6, 12, 24]),
)
def test_figures_equal_a_direct_computation(client, monkeypatch, seed, size, question, months):
    monkeypatch.setitem(client.application.config, "PAY_MIN_POSTINGS", 2)
    db.session.query(Job).delete()  # a bulk delete the change log does not see:
    db.session.commit()
    get_pay_index().rebuild()  # the pay index is read afresh from the (empty) database
    make_board(random.Random(seed), size)
    reply = client.get("/api/v1/pay", query_string={**question, "months": months}).get_json()
    reached, values = direct_values(question, months)
    assert reply["postings"] == reached
    assert reply["with_pay"] == len(values)
    assert reply["without_pay"] == reached - len(values)
    if len(values) >= 2:
        assert reply["annual"] == quartiles(values)
        assert reply["hourly"]["median"] == round(reply["annual"]["median"] / 2080, 2)
    else:
        assert reply["annual"] is None and reply["hourly"] is None
    for facet in ("work_mode", "credential", "setting"):  # a job may hold several of these
        if facet in question:
            continue  # a filtered facet is compared without its own filter (tested apart)
        for bar in reply["by"][facet]:
            _, facet_values = direct_values({**question, facet: bar["value"]}, months)
            assert bar["postings"] == len(facet_values)
            if len(facet_values) >= 2:
                thousands = [round(value / 1000) * 1000 for value in facet_values]
                assert bar["median"] == round(statistics.median(thousands))
