"""A search as a query string: the canonical form that saved alerts and feeds compare, and
its short label. Alerts and feeds keep searches in this form, so it belongs to search."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

from careercenter.jobs.pay import pay_floor_text
from careercenter.jobs.vocabulary import label
from careercenter.search.query import FACETS
from careercenter.text import whole_number

SEARCH_PARAMETERS = ("q", *FACETS, "code", "salary_min", "salary_unit", "posted_within")


def canonical_query(args: MultiDict[str, str]) -> str:
    """Only the parameters that choose jobs, in a stable order, so equal searches compare."""
    pairs = sorted(
        (name, value.strip())
        for name in SEARCH_PARAMETERS
        for value in args.getlist(name)
        if value.strip()
    )
    return urlencode(pairs)


def query_pairs(query_string: str) -> list[tuple[str, str]]:
    """The name/value pairs of a stored query string, blanks left out."""
    return parse_qsl(query_string, keep_blank_values=False)


def describe(query_string: str) -> str:
    """A short human label: “630xx · Remote · CPC”."""
    args = MultiDict(query_pairs(query_string))
    parts = [args.get("q", ""), *args.getlist("code")]
    for facet in FACETS:
        parts += [label(facet, value) for value in args.getlist(facet)]
    if (pay := whole_number(args.get("salary_min", ""))) is not None:
        parts.append(pay_floor_text(pay, args.get("salary_unit")))
    return " · ".join(part for part in parts if part) or "All coding jobs"
