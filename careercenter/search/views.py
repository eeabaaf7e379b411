"""The job search page: the URL holds the whole search; with JavaScript the results
refresh as the seeker types."""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import render_template, request, url_for
from werkzeug.datastructures import MultiDict

from careercenter.alerts.service import canonical_query
from careercenter.jobs.vocabulary import label
from careercenter.search.backend import SearchUnavailable
from careercenter.search.blueprint import bp
from careercenter.search.query import FACETS, POSTED_WITHIN_DAYS, parse_search_args
from careercenter.search.service import search_jobs

SALARY_STEPS = (30000, 40000, 50000, 60000, 70000, 80000, 100000)
FACET_TITLES = {
    "work_mode": "Work mode",
    "state": "State",
    "employment_type": "Employment type",
    "setting": "Setting",
    "credential": "Credential",
    "specialty": "Specialty",
    "code_system": "Code system",
}
FACET_VOCABULARY = {
    "code_system": "code_system",
    "work_mode": "work_mode",
    "state": "state",
    "employment_type": "employment_type",
    "setting": "setting",
    "credential": "credential",
    "specialty": "specialty",
}


def _pairs(query_string: str) -> list[tuple[str, str]]:
    return parse_qsl(query_string)


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


@bp.route("/jobs")
def job_search() -> str | tuple[str, int]:
    return render_search(request.args)


def render_search(args: MultiDict[str, str], landing: object = None) -> tuple[str, int]:
    """The search page for these arguments; landing pages pass their fixed filters in."""
    query = parse_search_args(args)
    error = None
    try:
        result = search_jobs(query, rescue=True)
    except SearchUnavailable:
        result, error = None, "Search is unavailable for a moment. Please try again shortly."
    context = {
        "query": query,
        "result": result,
        "error": error,
        "facets": FACETS,
        "facet_titles": FACET_TITLES,
        "facet_label": lambda facet, value: label(FACET_VOCABULARY[facet], value),
        "salary_steps": SALARY_STEPS,
        "posted_steps": POSTED_WITHIN_DAYS,
        "search_url": search_url,
        "code_args": args.getlist("code"),
        "alert_query": canonical_query(args),
        "landing": landing,
        "feed_args": MultiDict(_pairs(canonical_query(args))),
    }
    template = "search/_results.html" if request.args.get("partial") else "search/page.html"
    return render_template(template, **context), 503 if error else 200
