"""Synthetic postings at scale, for benchmarks and load tests.

Rows go in with batched INSERTs, and each job's expanded codes are computed in memory from
the loaded code data, so 100,000 jobs take seconds, not minutes.
"""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import insert, select

from careercenter.codes.models import GROUP_KINDS, Code
from careercenter.codes.tags import EXACT, parse_tag
from careercenter.companies.models import Company
from careercenter.demo.content import COMPANIES, ROLES
from careercenter.demo.load import role_job_fields
from careercenter.extensions import db
from careercenter.jobs.job_codes import code_rows
from careercenter.jobs.models import STATUS_PUBLISHED, Job, JobCode
from careercenter.slugs import make_slug
from careercenter.timeutil import utcnow

BATCH = 2000
PLACE_WORDS = [
    "North",
    "South",
    "River",
    "Lake",
    "Pine",
    "Cedar",
    "Harbor",
    "Valley",
    "Summit",
    "Prairie",
    "Mesa",
    "Bay",
    "Oak",
    "Granite",
    "Maple",
    "Coastal",
    "Union",
    "Grand",
]
KIND_WORDS = [
    "Health",
    "Medical Group",
    "Orthopedics",
    "Spine Center",
    "Physicians",
    "Revenue Partners",
    "Coding Services",
    "Surgical Associates",
    "Clinic",
    "Hospital",
]
CITIES = [
    ("Birmingham", "AL"),
    ("Phoenix", "AZ"),
    ("Denver", "CO"),
    ("Tampa", "FL"),
    ("Atlanta", "GA"),
    ("Chicago", "IL"),
    ("Indianapolis", "IN"),
    ("Louisville", "KY"),
    ("Boston", "MA"),
    ("Detroit", "MI"),
    ("Minneapolis", "MN"),
    ("St. Louis", "MO"),
    ("Omaha", "NE"),
    ("Charlotte", "NC"),
    ("Columbus", "OH"),
    ("Portland", "OR"),
    ("Pittsburgh", "PA"),
    ("Nashville", "TN"),
    ("Dallas", "TX"),
    ("Seattle", "WA"),
    ("Milwaukee", "WI"),
    ("Salt Lake City", "UT"),
    ("Richmond", "VA"),
]
SENIORITY = ["", "", "", "Senior ", "Lead ", "Remote ", "Certified "]


class CompanySketch:
    """Just what a job description needs from a company."""

    def __init__(self, company: Company) -> None:
        self.id, self.name, self.slug = company.id, company.name, company.slug
        self.city, self.state, self.about = company.city, company.state, company.about


def make_companies(count: int, rng: random.Random) -> list[CompanySketch]:
    """The demo employers plus generated ones, created if missing."""
    existing = {company.slug: company for company in db.session.scalars(select(Company))}
    wanted: list[dict[str, Any]] = [
        {"name": spec.name, "city": spec.city, "state": spec.state, "about": spec.about}
        for spec in COMPANIES
    ]
    while len(wanted) < count:
        city, state = rng.choice(CITIES)
        name = f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)} {rng.choice(KIND_WORDS)}"
        about = f"{name} employs coders across {state} and remotely."
        wanted.append({"name": name, "city": city, "state": state, "about": about})
    for spec in wanted:
        slug = make_slug(spec["name"])
        if slug not in existing:
            company = Company(slug=slug, country="US", **spec)
            db.session.add(company)
            existing[slug] = company
    db.session.commit()
    return [CompanySketch(company) for company in existing.values()]


@cache
def _known_codes(system: str) -> tuple[str, ...]:
    return tuple(
        db.session.scalars(
            select(Code.code).where(Code.system == system, Code.kind.not_in(GROUP_KINDS))
        )
    )


@cache
def expand_in_memory(text: str) -> tuple[tuple[str, str], ...]:
    """The same expansion as codes.expansion.expand_tag, over codes held in memory."""
    tag = parse_tag(text)
    if tag.kind == EXACT:
        return ((tag.system, tag.text),)
    return tuple((tag.system, code) for code in _known_codes(tag.system) if tag.covers(code))


@cache
def case_vocabulary() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Words of the loaded ICD-10-CM descriptions, most common first, with Zipf weights
    (1/rank): postings then mention thousands of distinct clinical words, a few often and
    most rarely, as real ones do."""
    counts: Counter[str] = Counter()
    for text in db.session.scalars(select(Code.description).where(Code.description.is_not(None))):
        counts.update(word.lower() for word in re.findall(r"[A-Za-z]{4,}", text))
    words = tuple(word for word, _ in counts.most_common(6000))
    weights = tuple(itertools.accumulate(1.0 / rank for rank in range(1, len(words) + 1)))
    return words, weights


def case_notes(rng: random.Random) -> str:
    """A paragraph on the case mix, drawn from the clinical vocabulary."""
    words, cumulative = case_vocabulary()
    if not words:
        return ""
    picked = rng.choices(words, cum_weights=cumulative, k=rng.randint(12, 30))
    return "\n\nRecent case mix: " + ", ".join(picked) + "."


def generate_jobs(
    count: int, seed: int = 630, progress: Callable[[int], None] | None = None
) -> int:
    """Insert ``count`` published jobs; returns how many were written."""
    rng = random.Random(seed)
    companies = make_companies(max(6, count // 400), rng)
    expand_in_memory.cache_clear()
    _known_codes.cache_clear()
    case_vocabulary.cache_clear()
    now = utcnow()
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        rows = [_job_row(rng, companies, now) for _ in range(size)]
        ids = list(
            db.session.scalars(insert(Job).returning(Job.id, sort_by_parameter_order=True), rows)
        )
        codes = [
            code_row
            for job_id, row in zip(ids, rows, strict=True)
            for code_row in code_rows(
                job_id,
                row["code_tags"],
                {pair for tag in row["code_tags"] for pair in expand_in_memory(tag)},
            )
        ]
        if codes:
            db.session.execute(insert(JobCode), codes)
        db.session.commit()
        written += size
        if progress:
            progress(size)
    return written


def _job_row(rng: random.Random, companies: list[CompanySketch], now: Any) -> dict[str, Any]:
    role = rng.choice(ROLES)
    company = rng.choice(companies)
    tag_sets = (role.tags, *role.extra_tag_sets)
    work_mode = rng.choices(["remote", "hybrid", "onsite"], weights=[6, 2, 2])[0]
    step = Decimal(1) if role.salary[2] == "HOUR" else Decimal(1000)
    bump = step * rng.randint(-3, 8)
    title = f"{rng.choice(SENIORITY)}{role.title}"
    published = now - timedelta(days=rng.uniform(0, 28))
    credentials = list(role.credentials_required)
    rng.shuffle(credentials)
    fields = role_job_fields(role, company, work_mode, title, bump, rng)
    fields["description"] += case_notes(rng)
    fields.update(
        company_id=company.id,
        credentials_required=credentials[: rng.randint(1, len(credentials))],
        apply_method="site",
        code_tags=list(rng.choice(tag_sets)),
        status=STATUS_PUBLISHED,
        created_at=published,
        updated_at=published,
        submitted_at=published,
        published_at=published,
        expires_at=published + timedelta(days=30),
        views_count=0,
    )
    return fields
