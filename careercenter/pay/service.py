"""Pay questions: read the filters (the search's own), ask the pay index, and answer with
figures that say how many postings they stand on, or plainly that there are too few."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import tantivy
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from tantivy import Occur, Query
from werkzeug.datastructures import MultiDict

from careercenter.codes.tags import CPT, ICD10CM
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.jobs.vocabulary import label
from careercenter.pay import index as pay_index
from careercenter.pay.figures import HOURS_A_YEAR, Spread, share_below
from careercenter.pay.index import BY_FACETS, SCHEMA, get_pay_index
from careercenter.pay.postings import lineage_roots, posting_pay
from careercenter.search.embedded_store import EngineFailure
from careercenter.search.query import (
    FACET_FIELDS,
    FACET_VALUES,
    NO_CODE,
    CodeTerm,
    QueryError,
    SearchQuery,
    code_filter_terms,
    code_term,
    parse_search_args,
    search_args,
)
from careercenter.timeutil import utcnow

log = logging.getLogger(__name__)

WINDOWS = (3, 6, 12, 24)  # months a question may look back
# Parameters of a search that say nothing about pay; ignored by the page, named by the API.
SEARCH_ONLY = ("salary_min", "salary_unit", "posted_within", "sort", "page", "per_page")
BY_TITLES = {
    "work_mode": "Work mode",
    "experience": "Experience asked",
    "credential": "Credential",
    "setting": "Setting",
}


class PayUnavailable(RuntimeError):
    """The pay index cannot answer now (being rebuilt, or tantivy failed); nothing is lost."""


@dataclass(frozen=True)
class PayQuestion:
    """Which postings a figure is about: the search's facet filters and codes, and how many
    months back (postings listed at any time in the window, open or closed, count)."""

    search: SearchQuery
    months: int

    @property
    def filters(self) -> dict[str, list[str]]:
        return self.search.filters

    @property
    def codes(self) -> list[CodeTerm]:
        return self.search.codes

    def args(self) -> dict[str, list[str]]:
        args = search_args(replace(self.search, words=""))
        if self.months != default_months():
            args["months"] = [str(self.months)]
        return args

    def without(self, facet: str) -> PayQuestion:
        filters = {name: chosen for name, chosen in self.filters.items() if name != facet}
        return replace(self, search=replace(self.search, filters=filters))

    def with_codes(self, codes: list[CodeTerm]) -> PayQuestion:
        return replace(self, search=replace(self.search, codes=codes, bad_codes=[]))

    def describe(self) -> str:
        """The postings in words: "remote CPC Spine surgery jobs tagged 630xx in Texas"."""
        words = [
            label(facet, value)
            for facet in ("work_mode", "employment_type")
            for value in self.filters.get(facet, [])
        ]
        words += self.filters.get("credential", [])
        words += [label("specialty", value) for value in self.filters.get("specialty", [])]
        words += [label("setting", value) for value in self.filters.get("setting", [])]
        words += [label("code_system", value) for value in self.filters.get("code_system", [])]
        text = " ".join(word for word in words if word)
        text = f"{text} jobs" if text else "jobs"
        if self.codes:
            text += " tagged " + " or ".join(code.label for code in self.codes)
        if self.filters.get("experience"):
            text += " asking " + " or ".join(
                label("experience", value).lower() for value in self.filters["experience"]
            )
        if self.filters.get("state"):
            text += " in " + " or ".join(label("state", value) for value in self.filters["state"])
        for facet in ("apprentice", "ehr"):
            if self.filters.get(facet):
                text += ", " + ", ".join(label(facet, value) for value in self.filters[facet])
        return text


def default_months() -> int:
    return int(current_app.config["PAY_WINDOW_MONTHS"])


def min_postings() -> int:
    return int(current_app.config["PAY_MIN_POSTINGS"])


def parse_pay_args(args: MultiDict[str, str], strict: bool = False) -> PayQuestion:
    """The search's filters and codes, and ``months``; with ``strict`` (the API) any bad or
    meaningless parameter raises QueryError naming it, else what cannot be used is dropped."""
    errors: dict[str, str] = {}
    try:
        search = parse_search_args(args, strict=strict)
    except QueryError as error:
        errors.update(error.fields)
        search = parse_search_args(args)
    if search.words:
        errors["q"] = "pay figures are asked by codes and filters, not words"
    if strict:
        for name in SEARCH_ONLY:
            if args.get(name):
                errors[name] = "is a search parameter, not a pay filter"
    raw = args.get("months", "").strip()
    months = default_months()
    if raw:
        if raw in {str(window) for window in WINDOWS}:  # ASCII digits only: "²" is a digit too
            months = int(raw)
        else:
            errors["months"] = f"must be one of {', '.join(map(str, WINDOWS))}"
    if strict and errors:
        raise QueryError(errors)
    search = replace(search, words="", q="", salary_min=None, posted_within=None)
    return PayQuestion(search=search, months=months)


# ---- asking the index -------------------------------------------------------------------


INLINE_REBUILD_JOBS = 20_000  # a board this small is rebuilt within the request (< 10 s)
REBUILDING = "careercenter.pay.rebuilding"


def fresh_index() -> pay_index.PayIndex:
    """The pay index, caught up with the change log when this process last looked more than
    ``PAY_REFRESH_SECONDS`` ago (the worker keeps it current meanwhile). A rebuild of a large
    board goes to a thread of its own; until the first one is done the figures are
    unavailable (never an empty board's), after that they come from the index as it is."""
    index = get_pay_index()
    if time.monotonic() - index.checked_at >= current_app.config["PAY_REFRESH_SECONDS"]:
        try:
            index.catch_up(rebuild=lambda: rebuild_now_or_later(index))
        except (EngineFailure, SQLAlchemyError) as error:  # answer from what is there
            db.session.rollback()
            log.warning("pay index catch-up failed: %s", error)
    if not index.ready:
        raise PayUnavailable("the pay index is being built")
    return index


def rebuild_now_or_later(index: pay_index.PayIndex) -> int:
    if (db.session.scalar(select(func.count(Job.id))) or 0) <= INLINE_REBUILD_JOBS:
        return index.rebuild()
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    running: threading.Lock = app.extensions.setdefault(REBUILDING, threading.Lock())
    if running.acquire(blocking=False):

        def work() -> None:
            try:
                with app.app_context():
                    index.rebuild()
            except Exception:  # the next question starts another
                log.exception("pay index rebuild failed")
            finally:
                running.release()

        threading.Thread(target=work, name="pay-rebuild", daemon=True).start()
    return 0


def window_start(months: int, now: datetime) -> datetime:
    return now - timedelta(days=round(months * 365 / 12))


def scope(
    question: PayQuestion,
    now: datetime,
    skip_facet: str | None = None,
    open_now: bool = False,
    with_pay: bool = False,
    leave_out: int | None = None,
) -> Query:
    """The postings a question reaches in the pay index."""
    moment = int(now.timestamp())
    since = moment if open_now else int(window_start(question.months, now).timestamp())
    clauses = [
        (
            Occur.Must,
            Query.range_query(SCHEMA, "listed_until", tantivy.FieldType.Integer, lower_bound=since),
        )
    ]
    if open_now:
        clauses.append((Occur.Must, Query.term_query(SCHEMA, "open", 1)))
    for facet, chosen in sorted(question.filters.items()):
        if facet != skip_facet and chosen:
            clauses.append((Occur.Must, Query.term_set_query(SCHEMA, FACET_FIELDS[facet], chosen)))
    if question.codes or question.search.bad_codes:
        reach = code_filter_terms(question.codes) if not question.search.bad_codes else []
        clauses.append((Occur.Must, Query.term_set_query(SCHEMA, "code_match", reach or [NO_CODE])))
    if with_pay:
        clauses.append(
            (
                Occur.Must,
                Query.range_query(SCHEMA, "annual", tantivy.FieldType.Integer, lower_bound=0),
            )
        )
    if leave_out is not None:
        clauses.append((Occur.MustNot, Query.term_query(SCHEMA, "id", leave_out)))
    return Query.boolean_query(clauses)


@dataclass
class FacetBar:
    value: str
    label: str
    postings: int
    median: float | None  # None below the minimum of postings


@dataclass
class Bin:
    low: int
    high: int
    postings: int


@dataclass
class Broader:
    """The nearest broader question that has enough postings."""

    text: str
    question: PayQuestion
    with_pay: int


@dataclass
class PayAnswer:
    question: PayQuestion
    postings: int  # jobs the question reaches (a relisted job once)
    with_pay: int
    annual: Spread | None
    hourly: Spread | None
    bins: list[Bin]
    by: dict[str, list[FacetBar]]
    window_from: datetime
    window_to: datetime
    minimum: int
    broader: Broader | None = None
    other_currency: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def without_pay(self) -> int:
        return self.postings - self.with_pay

    @property
    def enough(self) -> bool:
        return self.annual is not None


def answer(question: PayQuestion, now: datetime | None = None) -> PayAnswer:
    """What the postings a question reaches pay: quartiles, distribution and the facets side
    by side, or (below the minimum) how many there are and a broader question."""
    now = now or utcnow()
    index = fresh_index()
    try:
        searcher = index.searcher()
        main = scope(question, now)
        # The facets a question filters are compared without their own filter (remote
        # against on-site, when remote is asked), as the search page counts its facets.
        scopes: dict[str | None, list[str]] = {}
        for facet in BY_FACETS:
            scopes.setdefault(facet if question.filters.get(facet) else None, []).append(facet)
        # Two threads: the count and the quartiles on one, the breakdowns on the other.
        work = [
            lambda: (
                pay_index.count(searcher, main),
                pay_index.aggregate(searcher, main, {"annual": pay_index.terms("annual")}),
            )
        ]
        for skipped, facets in scopes.items():
            aggregations = {facet: pay_index.terms(pay_index.by_field(facet)) for facet in facets}
            place = scope(question, now, skip_facet=skipped) if skipped else main
            work.append(
                lambda place=place, aggregations=aggregations: pay_index.aggregate(
                    searcher, place, aggregations
                )
            )
        results = pay_index.run_side_by_side(work)
    except EngineFailure as error:
        raise PayUnavailable(str(error)) from error
    (postings, main_result), *by_results = results
    counts = pay_index.value_counts(main_result["annual"]["buckets"])
    with_pay = sum(counts.values())
    minimum = min_postings()
    enough = with_pay >= minimum
    annual = Spread.of(counts) if enough else None
    by: dict[str, list[FacetBar]] = {}
    for result in by_results:
        for facet, outcome in result.items():
            split = pay_index.split_by_keys(pay_index.value_counts(outcome["buckets"]), facet)
            by[facet] = facet_bars(facet, split, minimum)
    result = PayAnswer(
        question=question,
        postings=postings,
        with_pay=with_pay,
        annual=annual,
        hourly=annual.hourly() if annual else None,
        bins=distribution(counts) if enough else [],
        by={facet: by.get(facet, []) for facet in BY_FACETS},
        window_from=window_start(question.months, now),
        window_to=now,
        minimum=minimum,
    )
    if not enough:
        result.broader = broader_question(searcher, question, now, minimum)
    return result


def facet_bars(facet: str, split: dict[str, dict[int, int]], minimum: int) -> list[FacetBar]:
    bars = []
    for value, counts in split.items():
        postings = sum(counts.values())
        spread = Spread.of(counts) if postings >= minimum else None
        bars.append(
            FacetBar(value, label(facet, value), postings, spread.median if spread else None)
        )
    bars.sort(key=lambda bar: (-bar.postings, bar.value))
    return bars


NICE_STEPS = (1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000)


def distribution(counts: dict[int, int], bins: int = 12) -> list[Bin]:
    """The postings per pay band, bands of a round width over the range paid."""
    if not counts:
        return []
    low, high = min(counts), max(counts)
    width = next((step for step in NICE_STEPS if (high - low) / step <= bins), NICE_STEPS[-1])
    start = low // width * width
    edges = range(start, high + 1, width)
    tally = dict.fromkeys(edges, 0)
    for value, postings in counts.items():
        tally[start + (value - start) // width * width] += postings
    return [Bin(edge, edge + width, postings) for edge, postings in tally.items()]


def wider_code(code: CodeTerm) -> CodeTerm | None:
    """The family above a code: 63035 -> 630xx, M51.16 -> M51; None for a family or range."""
    if code.is_family or code.span:
        return None
    if code.system == CPT and code.label.isdigit():
        return code_term(code.label[:3] + "xx")
    if code.system == ICD10CM and "." in code.label:
        return code_term(code.label.split(".")[0])
    return None


def broader_questions(question: PayQuestion) -> list[tuple[str, PayQuestion]]:
    """Broader questions, nearest first: without the state, the family above each code,
    without each narrower filter, without the codes, then a longer window."""
    options: list[tuple[str, PayQuestion]] = []
    current = question
    steps: list[tuple[str, Any]] = [("state", None)]
    if any(wider_code(code) for code in question.codes):
        steps.append(("codes-wider", None))
    steps += [
        (facet, None)
        for facet in (
            "experience",
            "setting",
            "ehr",
            "apprentice",
            "credential",
            "employment_type",
            "code_system",
            "specialty",
            "work_mode",
        )
    ]
    steps.append(("codes", None))
    for step, _ in steps:
        if step == "codes-wider":
            widened = [wider_code(code) or code for code in current.codes]
            current = current.with_codes(widened)
            text = "the family: " + ", ".join(code.label for code in widened)
        elif step == "codes":
            if not current.codes:
                continue
            current = current.with_codes([])
            text = "without the codes"
        else:
            if not current.filters.get(step):
                continue
            current = current.without(step)
            text = f"without the {BY_TITLES.get(step, step.replace('_', ' ')).lower()} filter"
        options.append((text, current))
    if question.months < WINDOWS[-1]:
        options.append((f"over {WINDOWS[-1]} months", replace(current, months=WINDOWS[-1])))
    return options


def broader_question(
    searcher: tantivy.Searcher, question: PayQuestion, now: datetime, minimum: int
) -> Broader | None:
    for text, candidate in broader_questions(question):
        found = pay_index.count(searcher, scope(candidate, now, with_pay=True))
        if found >= minimum:
            return Broader(f"{candidate.describe()} ({text})", candidate, found)
    return None


# ---- where one job's pay sits -------------------------------------------------------------


@dataclass
class Position:
    """Where a pay sits among similar open jobs: ``above`` percent of ``among`` jobs."""

    above: int
    among: int
    question: PayQuestion

    @property
    def text(self) -> str:
        return f"above {self.above} % of {self.among} open {self.question.describe()}"


def similar_questions(
    work_mode: str | None, credentials: list[str], specialties: list[str]
) -> list[PayQuestion]:
    """Similar jobs, nearest first: same work mode, credential and specialty, then without the
    credential, then the specialty, then the work mode (every open job)."""
    filters: dict[str, list[str]] = {}
    if work_mode in FACET_VALUES["work_mode"]:
        filters["work_mode"] = [work_mode]
    credential = next((c for c in credentials if c in FACET_VALUES["credential"]), None)
    if credential:
        filters["credential"] = [credential]
    specialty = next((s for s in specialties if s in FACET_VALUES["specialty"]), None)
    if specialty:
        filters["specialty"] = [specialty]
    question = PayQuestion(SearchQuery(filters=filters), default_months())
    options = [question]
    for facet in ("credential", "specialty", "work_mode"):
        if question.filters.get(facet):
            question = question.without(facet)
            options.append(question)
    return options


def position_of(
    pay: int | None,
    work_mode: str | None,
    credentials: list[str],
    specialties: list[str],
    leave_out: int | None = None,
    now: datetime | None = None,
) -> Position | None:
    """Where ``pay`` (yearly) sits among similar open jobs with pay; None without pay or
    without enough similar jobs."""
    if pay is None:
        return None
    now = now or utcnow()
    try:
        searcher = fresh_index().searcher()
        minimum = min_postings()
        for question in similar_questions(work_mode, credentials, specialties):
            place = scope(question, now, open_now=True, with_pay=True, leave_out=leave_out)
            result = pay_index.aggregate(searcher, place, {"annual": pay_index.terms("annual")})
            counts = pay_index.value_counts(result["annual"]["buckets"])
            among = sum(counts.values())
            if among >= minimum:
                return Position(round(100 * share_below(counts, pay)), among, question)
    except (EngineFailure, PayUnavailable) as error:  # the job page goes on without it
        log.warning("pay position unavailable: %s", error)
    return None


def job_position(job: Job) -> Position | None:
    """Where a job's pay sits among similar open jobs (itself and its relistings left out)."""
    pay = posting_pay(job.salary_min, job.salary_max, job.salary_unit, job.salary_currency)
    roots = lineage_roots([job.id]) if pay is not None else set()
    return position_of(
        pay,
        job.work_mode,
        list(job.credentials_required or []) + list(job.credentials_preferred or []),
        list(job.specialties or []),
        leave_out=next(iter(roots), None),
    )


__all__ = ["HOURS_A_YEAR", "PayAnswer", "PayQuestion", "PayUnavailable", "answer", "parse_pay_args"]
