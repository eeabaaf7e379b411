"""The judged query set: a fixed board, queries as coders type them, and the measures.

The board and the judgments live beside the test that enforces them
(``tests/search/relevance/``); the benchmark prints precision@5 and nDCG@10 for them. A
query's ``top`` jobs are the relevant ones: each must be among the first five results.
Its ``never`` jobs must not be found at all.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from werkzeug.datastructures import MultiDict

HERE = Path(__file__).resolve().parent.parent / "tests" / "search" / "relevance"
BOARD_FILE = HERE / "board.toml"
QUERIES_FILE = HERE / "queries.toml"
TOP = 5
DEPTH = 10


@dataclass(frozen=True)
class Judged:
    q: str
    args: dict[str, str]
    top: tuple[str, ...]
    never: tuple[str, ...]

    @property
    def name(self) -> str:
        extra = " ".join(f"{key}={value}" for key, value in self.args.items())
        return " ".join(part for part in (self.q, extra) if part)

    def search_args(self) -> MultiDict[str, str]:
        return MultiDict({**({"q": self.q} if self.q else {}), **self.args})


@dataclass
class Verdict:
    judged: Judged
    ranked: list[str]

    @property
    def missing(self) -> list[str]:
        return [key for key in self.judged.top if key not in self.ranked[:TOP]]

    @property
    def intruders(self) -> list[str]:
        return [key for key in self.judged.never if key in self.ranked]

    @property
    def passed(self) -> bool:
        return not self.missing and not self.intruders

    @property
    def precision_at_5(self) -> float:
        """The relevant jobs found in the first five, out of as many as five could hold."""
        wanted = set(self.judged.top)
        found = len(wanted & set(self.ranked[:TOP]))
        return found / min(TOP, len(wanted))

    @property
    def ndcg_at_10(self) -> float:
        wanted = set(self.judged.top)
        gains = [1.0 if key in wanted else 0.0 for key in self.ranked[:DEPTH]]
        dcg = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))
        ideal = sum(1 / math.log2(rank + 2) for rank in range(min(DEPTH, len(wanted))))
        return dcg / ideal if ideal else 0.0


def judged_queries() -> list[Judged]:
    data = tomllib.loads(QUERIES_FILE.read_text("utf-8"))
    return [
        Judged(
            item.get("q", ""),
            dict(item.get("args", {})),
            tuple(item.get("top", ())),
            tuple(item.get("never", ())),
        )
        for item in data["query"]
    ]


def board_jobs() -> list[dict[str, Any]]:
    return tomllib.loads(BOARD_FILE.read_text("utf-8"))["job"]


def post_board() -> dict[int, str]:
    """Publish the judged board in the current app's database (and so its index, once the
    follower catches up); returns job id -> key."""
    from careercenter.companies.models import Company
    from careercenter.extensions import db
    from careercenter.jobs.job_codes import refresh_job_codes
    from careercenter.jobs.models import STATUS_PUBLISHED, Job
    from careercenter.slugs import make_slug
    from careercenter.timeutil import utcnow

    now = utcnow()
    companies: dict[str, Company] = {}
    keys: dict[int, str] = {}
    for item in board_jobs():
        name = item["company"]
        if name not in companies:
            companies[name] = Company(name=name, slug=make_slug(name), city="Denver", state="CO")
            db.session.add(companies[name])
        low, high, unit = item.get("salary", [None, None, "YEAR"])
        remote = item["work_mode"] == "remote"
        job = Job(
            company=companies[name],
            title=item["title"],
            slug=make_slug(item["title"]),
            description=item["description"],
            work_mode=item["work_mode"],
            remote_states=item.get("states", []) if remote else [],
            remote_countries=["US"] if remote else [],
            city=item.get("city"),
            state=item.get("state"),
            employment_type="full_time",
            settings=item.get("settings", []),
            credentials_required=item.get("credentials", []),
            specialties=item.get("specialties", []),
            code_tags=item.get("tags", []),
            salary_min=Decimal(low) if low is not None else None,
            salary_max=Decimal(high) if high is not None else None,
            salary_unit=unit,
            status=STATUS_PUBLISHED,
            published_at=now - timedelta(days=item.get("days", 1)),
            expires_at=now + timedelta(days=60),
        )
        db.session.add(job)
        db.session.flush()
        refresh_job_codes(job)
        keys[job.id] = item["key"]
    db.session.commit()
    return keys


def judge(rank: Callable[[Judged], list[str]]) -> list[Verdict]:
    """Run every judged query; ``rank`` returns the keys of the jobs found, best first."""
    return [Verdict(judged, rank(judged)) for judged in judged_queries()]


def summary(verdicts: list[Verdict]) -> dict[str, float]:
    count = len(verdicts) or 1
    return {
        "queries": len(verdicts),
        "passed": sum(verdict.passed for verdict in verdicts),
        "precision_at_5": sum(verdict.precision_at_5 for verdict in verdicts) / count,
        "ndcg_at_10": sum(verdict.ndcg_at_10 for verdict in verdicts) / count,
    }
