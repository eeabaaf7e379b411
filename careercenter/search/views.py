"""The job search page: the URL holds the whole search; with JavaScript the results
refresh as the seeker types."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict

from careercenter.jobs.pay import pay_floor_text
from careercenter.jobs.vocabulary import label
from careercenter.search.backend import IndexRebuilding, SearchUnavailable
from careercenter.search.blueprint import bp
from careercenter.search.query import (
    FACET_TITLES,
    FACET_VALUES,
    FACETS,
    POSTED_WITHIN_DAYS,
    SearchQuery,
    parse_search_args,
    search_args,
)
from careercenter.search.query_string import canonical_query, describe, query_pairs
from careercenter.search.service import search_jobs
from careercenter.text import whole_number


def search_url(**changes: object) -> str:
    """The current search with some parameters changed (None removes one)."""
    args = request.args.to_dict(flat=False)
    args.pop("partial", None)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value if isinstance(value, list) else [str(value)]
    if "page" not in changes:
        args.pop("page", None)
    return url_for("search.job_search", **args)


@dataclass(frozen=True)
class Heading:
    text: str
    title: str


@dataclass(frozen=True)
class Chip:
    text: str
    url: str


def search_heading(query: SearchQuery, landing: object = None) -> Heading:
    """What the page is about, in the heading and the page title: the words asked for and
    the codes from the code box."""
    if landing is not None:
        return Heading(landing.title, landing.title)  # type: ignore[attr-defined]
    boxed = [code.label for code in query.codes if code.label not in query.q.split()]
    boxed += query.bad_codes
    needs = f"that need {', '.join(boxed)}" if boxed else ""
    if query.q:
        text = f"Jobs matching “{query.q}” {needs}".strip()
        return Heading(text, f"“{query.q}” coding jobs {needs}".strip())
    if needs:
        return Heading(f"Jobs {needs}", f"Coding jobs {needs}")
    return Heading("Medical coding jobs", "Medical coding jobs")


def active_chips(args: MultiDict[str, str]) -> list[Chip]:
    """One removable chip per filter in force (words stay in the box)."""
    chips = [
        Chip(f"Code {value}", search_url(code=[v for v in args.getlist("code") if v != value]))
        for value in args.getlist("code")
        if value.strip()
    ]
    for facet in FACETS:
        chosen = args.getlist(facet)
        chips += [
            Chip(
                label(facet, value),
                search_url(**{facet: [other for other in chosen if other != value]}),
            )
            for value in chosen
            if value in FACET_VALUES[facet]
        ]
    if (pay := whole_number(args.get("salary_min", ""))) is not None:
        floor = pay_floor_text(pay, args.get("salary_unit"))
        chips.append(Chip(f"Pay {floor}", search_url(salary_min=None, salary_unit=None)))
    if (days := whole_number(args.get("posted_within", ""))) is not None:
        chips.append(
            Chip(f"Posted within {days} day{'s' * (days != 1)}", search_url(posted_within=None))
        )
    return chips


@bp.route("/jobs")
def job_search() -> str | tuple[str, int]:
    return render_search(request.args)


def render_search(args: MultiDict[str, str], landing: object = None) -> tuple[str, int]:
    """The search page for these arguments; landing pages pass their fixed filters in."""
    query = parse_search_args(args)
    error = None
    try:
        result = search_jobs(query, rescue=True)
        if result.total and not result.hits and query.page > result.pages:
            # A hand-made URL past the last page (or past what the engine can reach)
            # shows the last page rather than an empty one.
            query = replace(query, page=result.pages)
            result = search_jobs(query, rescue=True)
    except IndexRebuilding:
        result, error = None, "Search is being rebuilt. Please try again in a minute."
    except SearchUnavailable:
        result, error = None, "Search is unavailable for a moment. Please try again shortly."
    context = {
        "query": query,
        "result": result,
        "error": error,
        "facets": FACETS,
        "facet_titles": FACET_TITLES,
        "facet_label": lambda facet, value: label(facet, value),
        "posted_steps": POSTED_WITHIN_DAYS,
        "search_url": search_url,
        "code_args": [value for value in args.getlist("code") if value.strip()],
        "alert_query": canonical_query(args),
        "alert_summary": describe(canonical_query(args)),
        "heading": search_heading(query, landing),
        "chips": active_chips(args),
        "landing": landing,
        "feed_args": MultiDict(query_pairs(canonical_query(args))),
        # The pay page takes the codes and facets (never words, pay floor or sort).
        "pay_args": search_args(
            replace(query, words="", salary_min=None, posted_within=None, sort="relevance")
        ),
    }
    template = "search/_region.html" if request.args.get("partial") else "search/page.html"
    return render_template(template, **context), 503 if error else 200
