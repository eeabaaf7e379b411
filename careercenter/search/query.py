"""What a search asks and what it answers, the same for every backend.

``parse_search_args`` turns the query string of the search page or the API into a
``SearchQuery``; every value is checked against a whitelist here, so backends never see
an attribute or value they did not expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from careercenter.codes.tags import FAMILY, TagError, parse_tag
from careercenter.jobs.vocabulary import (
    CODE_SYSTEMS,
    CREDENTIALS,
    EMPLOYMENT_TYPES,
    SETTINGS,
    SPECIALTIES,
    US_STATES,
    WORK_MODES,
    values,
)

MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 50
DEFAULT_PER_PAGE = 20
MAX_PAGE = 500
SORTS = ("relevance", "newest", "salary")
POSTED_WITHIN_DAYS = (1, 3, 7, 14, 30)

# Facet name (the URL parameter) -> the values it accepts.
FACET_VALUES: dict[str, set[str]] = {
    "work_mode": values(WORK_MODES),
    "state": values(US_STATES),
    "employment_type": values(EMPLOYMENT_TYPES),
    "setting": values(SETTINGS),
    "credential": values(CREDENTIALS),
    "specialty": values(SPECIALTIES),
    "code_system": values(CODE_SYSTEMS),
}
FACETS = tuple(FACET_VALUES)
# Facet name -> the search-document field it filters on.
FACET_FIELDS = {
    "work_mode": "work_mode",
    "state": "states",
    "employment_type": "employment_type",
    "setting": "settings",
    "credential": "credentials",
    "specialty": "specialties",
    "code_system": "code_systems",
}


class QueryError(ValueError):
    """The search parameters are not valid; ``fields`` maps each parameter to its problem."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in fields.items()))
        self.fields = fields


@dataclass(frozen=True)
class CodeTerm:
    """A code the seeker asked for: an exact code, or a prefix for a family."""

    system: str
    value: str
    is_prefix: bool


@dataclass
class SearchQuery:
    """``q`` is the query as typed; ``words`` is what is left for full-text matching once
    the codes in it are moved to ``codes``."""

    q: str = ""
    words: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    codes: list[CodeTerm] = field(default_factory=list)
    salary_min: int | None = None
    posted_within: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    with_facets: bool = True  # lists that show no facets (code pages, feeds) skip counting

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def without(self, facet: str) -> SearchQuery:
        """The same search without one facet's filter, for counting that facet's values."""
        filters = {name: chosen for name, chosen in self.filters.items() if name != facet}
        return replace(self, filters=filters, page=1, per_page=0)

    def with_words(self, words: str) -> SearchQuery:
        return replace(self, words=words)

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.filters or self.codes or self.salary_min or self.posted_within)


@dataclass
class SearchHit:
    id: str
    title_html: str
    snippet_html: str
    document: dict[str, Any]


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    corrected_query: str | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page)) if self.per_page else 1


CODE_PREFIX = re.compile(r"\d{3,4}")


def code_term(text: str) -> CodeTerm | None:
    """A query word that names a code (63035, m51.16), a family (630xx, M51.*) or a bare
    CPT prefix (630), or None for an ordinary word."""
    if CODE_PREFIX.fullmatch(text):
        return CodeTerm("cpt", text, True)
    if not any(character.isdigit() for character in text):
        return None  # "durable" and "surgery" have the shape of ICD-10-PCS codes; words
    try:
        tag = parse_tag(text)
    except TagError:
        return None
    if tag.is_exact:
        return CodeTerm(tag.system, tag.text, False)
    if tag.kind == FAMILY:
        return CodeTerm(tag.system, tag.prefix, True)
    return None


def split_code_words(text: str) -> tuple[str, list[CodeTerm]]:
    """Take the codes out of a query: they match expanded job codes, not words."""
    words, codes = [], []
    for word in text.split():
        term = code_term(word.strip(",;"))
        if term is None:
            words.append(word)
        else:
            codes.append(term)
    return " ".join(words), codes


def code_words(text: str) -> list[str]:
    """The words of a query that are codes, as typed."""
    return [word for word in text.split() if code_term(word.strip(",;")) is not None]


def _int_arg(
    args: MultiDict[str, str], name: str, errors: dict[str, str], low: int, high: int
) -> int | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        number = int(raw)
    except ValueError:
        errors[name] = "must be a whole number"
        return None
    if not low <= number <= high:
        errors[name] = f"must be between {low} and {high}"
        return None
    return number


def parse_search_args(args: MultiDict[str, str], strict: bool = False) -> SearchQuery:
    """Read a search from query-string arguments.

    With ``strict`` (the API) any bad value raises QueryError naming the parameter; the
    search page instead drops what it cannot use, so a hand-edited URL still shows results.
    """
    errors: dict[str, str] = {}
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = f"must be at most {MAX_QUERY_LENGTH} characters"
        q = q[:MAX_QUERY_LENGTH]
    filters: dict[str, list[str]] = {}
    for facet, allowed in FACET_VALUES.items():
        chosen = [value for value in args.getlist(facet) if value]
        unknown = [value for value in chosen if value not in allowed]
        if unknown:
            errors[facet] = f"unknown value {unknown[0][:40]!r}"
        kept = sorted({value for value in chosen if value in allowed})
        if kept:
            filters[facet] = kept
    codes: list[CodeTerm] = []
    for raw in args.getlist("code"):
        if not raw.strip():
            continue
        term = code_term(raw.strip())
        if term is None:
            errors["code"] = f"{raw[:40]!r} is not a code, family or range"
        else:
            codes.append(term)
    salary_min = _int_arg(args, "salary_min", errors, 0, 10_000_000)
    posted_within = _int_arg(args, "posted_within", errors, 1, 365)
    sort = args.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        errors["sort"] = f"must be one of {', '.join(SORTS)}"
        sort = "relevance"
    page = _int_arg(args, "page", errors, 1, MAX_PAGE) or 1
    per_page = _int_arg(args, "per_page", errors, 1, MAX_PER_PAGE) or DEFAULT_PER_PAGE
    if strict and errors:
        raise QueryError(errors)
    words, query_codes = split_code_words(q)
    return SearchQuery(
        q=q,
        words=words,
        filters=filters,
        codes=codes + query_codes,
        salary_min=salary_min,
        posted_within=posted_within,
        sort=sort,
        page=page,
        per_page=per_page,
    )
