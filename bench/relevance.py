"""The judged query sets: a fixed board, queries as coders type them, and the measures.

The board and the judgments live beside the tests that enforce them
(``tests/search/relevance/``); the benchmark prints precision@5 and nDCG@10 for each set.
``queries.toml`` is the first set: a query's ``top`` jobs are the relevant ones, each must
be among the first five results. ``coder_queries.toml`` (issue #26) grades its jobs 1–3 and
names the failure class each query watches. In both, ``never`` jobs must not be found.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from werkzeug.datastructures import MultiDict

HERE = Path(__file__).resolve().parent.parent / "tests" / "search" / "relevance"
BOARD_FILE = HERE / "board.toml"
QUERIES_FILE = HERE / "queries.toml"
CODER_QUERIES_FILE = HERE / "coder_queries.toml"
CODER_BOARD_FILE = HERE / "coder_board.toml"  # board.toml's jobs and these beside them
TOP = 5
DEPTH = 10
RELEVANT = 2  # the grade from which a job counts as relevant for precision@5


@dataclass(frozen=True)
class Judged:
    q: str
    args: dict[str, str]
    top: tuple[str, ...]
    never: tuple[str, ...]
    grades: dict[str, int] = field(default_factory=dict)  # job key -> 1..3; top jobs are 3
    kind: str = ""  # the failure class a query watches

    @property
    def name(self) -> str:
        extra = " ".join(f"{key}={value}" for key, value in self.args.items())
        return " ".join(part for part in (self.q, extra) if part)

    def search_args(self) -> MultiDict[str, str]:
        return MultiDict({**({"q": self.q} if self.q else {}), **self.args})

    def grade(self, key: str) -> int:
        return self.grades.get(key, 3 if key in self.top else 0)

    @property
    def relevant(self) -> set[str]:
        return {key for key in {*self.top, *self.grades} if self.grade(key) >= RELEVANT}


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
        wanted = self.judged.relevant
        found = len(wanted & set(self.ranked[:TOP]))
        return found / min(TOP, len(wanted)) if wanted else 1.0

    @property
    def ndcg_at_10(self) -> float:
        """Graded: a job's gain is 2^grade - 1, discounted by log2 of its rank + 1."""
        gains = [2 ** self.judged.grade(key) - 1 for key in self.ranked[:DEPTH]]
        dcg = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))
        graded = {*self.judged.top, *self.judged.grades}
        best = sorted((2 ** self.judged.grade(key) - 1 for key in graded), reverse=True)
        ideal = sum(gain / math.log2(rank + 2) for rank, gain in enumerate(best[:DEPTH]))
        return dcg / ideal if ideal else 0.0


def _read(path: Path) -> list[Judged]:
    data = tomllib.loads(path.read_text("utf-8"))
    return [
        Judged(
            item.get("q", ""),
            dict(item.get("args", {})),
            tuple(item.get("top", ())),
            tuple(item.get("never", ())),
            dict(item.get("grades", {})),
            item.get("class", ""),
        )
        for item in data["query"]
    ]


def judged_queries() -> list[Judged]:
    """The first judged set: every top job in the first five."""
    return _read(QUERIES_FILE)


def coder_queries() -> list[Judged]:
    """The graded set of issue #26, one or more queries per failure class."""
    return _read(CODER_QUERIES_FILE)


def board_jobs(coder_board: bool = False) -> list[dict[str, Any]]:
    jobs = tomllib.loads(BOARD_FILE.read_text("utf-8"))["job"]
    if coder_board:
        jobs += tomllib.loads(CODER_BOARD_FILE.read_text("utf-8"))["job"]
    return jobs


def post_board(coder_board: bool = False) -> dict[int, str]:
    """Publish the judged board (with ``coder_board``, the larger board of the graded
    queries) in the current app's database (and so its index, once the follower catches
    up); returns job id -> key."""
    from careercenter.companies.models import Company
    from careercenter.extensions import db
    from careercenter.jobs.job_codes import refresh_job_codes
    from careercenter.jobs.models import STATUS_PUBLISHED, Job
    from careercenter.slugs import make_slug
    from careercenter.timeutil import utcnow

    now = utcnow()
    companies: dict[str, Company] = {}
    keys: dict[int, str] = {}
    for item in board_jobs(coder_board):
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
            employment_type=item.get("employment_type", "full_time"),
            min_years_experience=item.get("years"),
            apprentice_accepted=item.get("apprentice", False),
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


def judge(
    rank: Callable[[Judged], list[str]], queries: list[Judged] | None = None
) -> list[Verdict]:
    """Run judged queries (the first set unless given); ``rank`` returns the keys of the
    jobs found, best first."""
    return [Verdict(judged, rank(judged)) for judged in queries or judged_queries()]


def by_class(verdicts: list[Verdict]) -> dict[str, float]:
    """nDCG@10 per failure class."""
    classes: dict[str, list[float]] = {}
    for verdict in verdicts:
        classes.setdefault(verdict.judged.kind, []).append(verdict.ndcg_at_10)
    return {kind: sum(values) / len(values) for kind, values in sorted(classes.items())}


def summary(verdicts: list[Verdict]) -> dict[str, float]:
    count = len(verdicts) or 1
    return {
        "queries": len(verdicts),
        "passed": sum(verdict.passed for verdict in verdicts),
        "precision_at_5": sum(verdict.precision_at_5 for verdict in verdicts) / count,
        "ndcg_at_10": sum(verdict.ndcg_at_10 for verdict in verdicts) / count,
    }
