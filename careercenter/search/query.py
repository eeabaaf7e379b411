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

from careercenter.codes.meaning import (
    CENTRAL,
    COVERS,
    IN_FAMILY,
    IN_RANGE,
    TAGGED,
    TIERS,
    WHOLE,
    icd_ancestors,
    leading_parts,
)
from careercenter.codes.tags import (
    CPT,
    FAMILY,
    ICD10CM,
    ICD10CM_CODE,
    RANGE,
    TagError,
    code_system,
    parse_tag,
    span_prefixes,
)
from careercenter.jobs.pay import FILTER_UNITS, yearly
from careercenter.jobs.vocabulary import (
    APPRENTICE,
    CODE_SYSTEMS,
    CREDENTIALS,
    EHR_SYSTEMS,
    EMPLOYMENT_TYPES,
    EXPERIENCE_LEVELS,
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


@dataclass(frozen=True)
class Facet:
    """A filter of the search page and the API: ``name`` is the URL parameter and the
    vocabulary its values are labelled from, ``field`` the search-document field it filters
    on, ``title`` its heading on the search page."""

    name: str
    field: str
    title: str
    values: frozenset[str]


# The one facet table; the mappings below are views of it.
FACET_TABLE = {
    facet.name: facet
    for facet in (
        Facet("work_mode", "work_mode", "Work mode", frozenset(values(WORK_MODES))),
        Facet("state", "states", "State", frozenset(values(US_STATES))),
        Facet(
            "employment_type",
            "employment_type",
            "Employment type",
            frozenset(values(EMPLOYMENT_TYPES)),
        ),
        Facet("setting", "settings", "Setting", frozenset(values(SETTINGS))),
        Facet("credential", "credentials", "Credential", frozenset(values(CREDENTIALS))),
        Facet("specialty", "specialties", "Specialty", frozenset(values(SPECIALTIES))),
        Facet("code_system", "code_systems", "Code system", frozenset(values(CODE_SYSTEMS))),
        Facet("experience", "experience", "Experience asked", frozenset(values(EXPERIENCE_LEVELS))),
        Facet("apprentice", "apprentice", "Apprentices", frozenset(values(APPRENTICE))),
        Facet("ehr", "ehr_systems", "EHR and encoder", frozenset(values(EHR_SYSTEMS))),
    )
}
FACETS = tuple(FACET_TABLE)
FACET_VALUES = {name: facet.values for name, facet in FACET_TABLE.items()}
FACET_FIELDS = {name: facet.field for name, facet in FACET_TABLE.items()}
FACET_TITLES = {name: facet.title for name, facet in FACET_TABLE.items()}


class QueryError(ValueError):
    """The search parameters are not valid; ``fields`` maps each parameter to its problem."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {problem}" for name, problem in fields.items()))
        self.fields = fields


NO_CODE = "!"  # a part no job has: a range with no codes in use matches nothing


@dataclass(frozen=True)
class CodeTerm:
    """A code, family or range the seeker asked for.

    A job matches when one of its codes starts with one of ``parts`` (a code finds itself
    and the codes beneath it: M51 finds M51.16), or, for an ICD-10-CM code, when the job
    tags a category above it exactly (``above``: M51.16 is found by a job tagged M51). A
    range's parts are the fewest leading parts that cover it exactly (63001-63048 is
    63001…63009, 6301, 6302, 6303, 63040…63048). Every part belongs to a code system
    (``systems``, one per part; ``system`` for all of them when not given), so J9xxx, a
    HCPCS family, never meets J96.01, an ICD-10-CM code.
    """

    label: str
    parts: tuple[str, ...] = ()
    above: tuple[str, ...] = ()
    span: tuple[str, str, str] | None = None
    is_family: bool = False
    system: str = ""
    systems: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.system:
            guessed = code_system(self.parts[-1]) if self.parts else None
            object.__setattr__(self, "system", guessed or (CPT if self.is_family else ""))
        if len(self.systems) != len(self.parts):
            object.__setattr__(self, "systems", (self.system,) * len(self.parts))

    def keys(self) -> list[str]:
        return [f"{system}:{part}" for system, part in zip(self.systems, self.parts, strict=True)]

    def terms(self, tier: str) -> list[str]:
        """The ``code_match`` terms that reach this code at one tier.

        For a family or range the first tier is the jobs that tag that very family or range;
        the jobs that tag codes within it follow with those whose ranges cover them. An
        exact code also reaches the family and range tags that cover it by shape when no
        data of their system is loaded (``…*`` terms: J9035 finds a job tagged J9xxx)."""
        keys = self.keys() or [NO_CODE]
        if tier == CENTRAL:  # a family or range search starts with the jobs tagging it
            return [] if self.is_family or self.span else [f"{CENTRAL}:{key}" for key in keys]
        if self.is_family or self.span:
            if tier == TAGGED:
                return [f"{TAGGED}:{self.system}:{self.label}{WHOLE}"]
            if tier == IN_RANGE:
                return [f"{level}:{key}" for level in (TAGGED, IN_RANGE) for key in keys]
        terms = [f"{tier}:{key}" for key in keys]
        if tier == IN_FAMILY:
            terms += [f"{TAGGED}:{ICD10CM}:{code}{WHOLE}" for code in self.above]
        if tier in (IN_RANGE, IN_FAMILY) and not (self.is_family or self.span):
            terms += [
                f"{tier}:{system}:{lead}{COVERS}"
                for system, part in zip(self.systems, self.parts, strict=True)
                for lead in leading_parts(part)
            ]
        return terms


def code_filter_terms(codes: list[CodeTerm], tiers: tuple[str, ...] = TIERS) -> list[str]:
    """The ``code_match`` terms that reach any of the codes at any of the tiers."""
    return sorted({term for code in codes for tier in tiers for term in code.terms(tier)})


def tiers_above(tier: str) -> tuple[str, ...]:
    return TIERS[: TIERS.index(tier)]


@dataclass
class SearchQuery:
    """``q`` is the query as typed; ``words`` is what is left for full-text matching once
    the codes in it are moved to ``codes``."""

    q: str = ""
    words: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    codes: list[CodeTerm] = field(default_factory=list)
    salary_min: int | None = None
    salary_unit: str = "YEAR"  # what salary_min is per: "YEAR" or "HOUR"
    posted_within: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    with_facets: bool = True  # lists that show no facets (code pages, feeds) skip counting
    code_tier: str | None = None  # only jobs reaching the codes at this tier, none better
    skip: int | None = None  # a start other than the page's (to page across tiers)
    bad_codes: list[str] = field(default_factory=list)  # typed in the code box, not codes

    @property
    def salary_floor(self) -> int | None:
        """The pay filter as a yearly figure, the figure every job is indexed with."""
        return yearly(self.salary_min, self.salary_unit) if self.salary_min else None

    @property
    def offset(self) -> int:
        return self.skip if self.skip is not None else (self.page - 1) * self.per_page

    def without(self, facet: str) -> SearchQuery:
        """The same search without one facet's filter, for counting that facet's values."""
        filters = {name: chosen for name, chosen in self.filters.items() if name != facet}
        return replace(self, filters=filters, page=1, per_page=0)

    def with_words(self, words: str) -> SearchQuery:
        return replace(self, words=words)

    def read_as(self, corrected: str) -> str:
        """The search as the engine read it, to show: corrected words, then the codes as
        typed (codes are never corrected)."""
        codes = [word for word in self.q.split() if word not in self.words.split()]
        return " ".join([corrected, *codes])

    @property
    def is_empty(self) -> bool:
        return not (
            self.q
            or self.filters
            or self.codes
            or self.salary_min
            or self.posted_within
            or self.bad_codes
        )


@dataclass
class SearchHit:
    id: str
    title_html: str
    snippet_html: str
    document: dict[str, Any]
    tier: str | None = None  # how the job names the code searched for, on code searches
    tier_label: str = ""


@dataclass
class Partial:
    """Jobs shown for some of the words when none matched all of them."""

    asked: str
    matched: str
    unmatched: list[str]


@dataclass
class Offer:
    """Another search that finds jobs, offered on an empty or partial result; ``args`` are
    its whole query string."""

    text: str
    args: dict[str, list[str]]
    total: int = 0


@dataclass
class SearchResult:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    corrected_query: str | None = None
    partial: Partial | None = None  # no job matched every word; these match most of them
    notices: list[str] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)  # searches that find something
    # The engine counted no further than ``total`` (Meilisearch stops at maxTotalHits): at
    # least that many jobs match, and only that many can be paged through.
    total_capped: bool = False

    @property
    def pages(self) -> int:
        """Pages that can be shown: no more than the engine can reach or a URL may ask."""
        if not self.per_page:
            return 1
        return max(1, min(MAX_PAGE, -(-self.total // self.per_page)))

    @property
    def total_text(self) -> str:
        """``1,234 jobs``, or ``10,000+ jobs`` where the engine stopped counting."""
        plus = "+" if self.total_capped else ""
        return f"{self.total:,}{plus} job{'' if self.total == 1 and not plus else 's'}"


CODE_PREFIX = re.compile(r"\d{3,4}")
UNDOTTED_ICD = re.compile(r"[A-Z][0-9A][0-9A-Z][0-9A-Z]{1,4}")
DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-"})


def code_term(text: str) -> CodeTerm | None:
    """A query word that names a code (63035, m51.16, M5116), a family (630xx, M51.*), a
    range (63001-63048, with a hyphen or a dash) or a bare CPT prefix (630); None for an
    ordinary word."""
    text = text.translate(DASHES).strip()
    if CODE_PREFIX.fullmatch(text):
        return CodeTerm(text + "x" * (5 - len(text)), (text,), is_family=True, system=CPT)
    if not any(character.isdigit() for character in text):
        return None  # "durable" and "surgery" have the shape of ICD-10-PCS codes; words
    try:
        tag = parse_tag(text)
    except TagError:
        dotted = undotted_icd10cm(text)  # N184, S72001A: a coder's ICD-10-CM without its dot
        return code_term(dotted) if dotted else None
    if tag.kind == RANGE:
        parts = span_prefixes(tag.first, tag.last, dotted=tag.system == ICD10CM)
        return CodeTerm(tag.text, parts, span=(tag.system, tag.first, tag.last), system=tag.system)
    if tag.kind == FAMILY:
        return CodeTerm(tag.text, (tag.prefix,), is_family=True, system=tag.system)
    parts, systems, above = [tag.text], [tag.system], []
    if tag.system == ICD10CM:
        above = icd_ancestors(tag.text)
    elif UNDOTTED_ICD.fullmatch(tag.text):  # M5116: a HCPCS shape, or M51.16 without its dot
        dotted = f"{tag.text[:3]}.{tag.text[3:]}"
        if ICD10CM_CODE.fullmatch(dotted) and code_system(dotted) == ICD10CM:
            parts.append(dotted)
            systems.append(ICD10CM)
            above = icd_ancestors(dotted)
    return CodeTerm(tag.text, tuple(parts), tuple(above), system=tag.system, systems=tuple(systems))


def undotted_icd10cm(text: str) -> str | None:
    """An ICD-10-CM code typed without its dot (N184, S72001A), dotted; None otherwise."""
    shape = text.upper()
    # A category's third character is a digit but in C4A, C7A, C7B, D3A, M1A and Z3A: H1N1
    # stays a word.
    if len(shape) < 4 or not UNDOTTED_ICD.fullmatch(shape) or shape[2] not in "0123456789AB":
        return None
    dotted = f"{shape[:3]}.{shape[3:]}"
    return dotted if ICD10CM_CODE.fullmatch(dotted) else None


def split_code_words(text: str) -> tuple[str, list[CodeTerm]]:
    """Take the codes out of a query: they match job codes, not words."""
    words, codes = [], []
    for word in text.split():
        term = code_term(word.strip(",;"))
        if term is None:
            words.append(word)
        else:
            codes.append(term)
    return " ".join(words), codes


def _code_box_entries(raw: str) -> list[str]:
    """The code box takes one entry or several separated by commas or spaces; a range may
    be written with spaces around its dash (63001 - 63048)."""
    text = re.sub(r"\s*[-\u2013\u2014\u2212]\s*", "-", raw.translate(DASHES).strip())
    return [entry for entry in re.split(r"[,;\s]+", text) if entry]


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
    bad_codes: list[str] = []
    for raw in args.getlist("code"):
        for text in _code_box_entries(raw):
            term = code_term(text)
            if term is None:
                errors["code"] = f"{text[:40]!r} is not a code, family or range"
                bad_codes.append(text[:40])
            else:
                codes.append(term)
    salary_min = _int_arg(args, "salary_min", errors, 0, 10_000_000)
    salary_unit = FILTER_UNITS.get(args.get("salary_unit", "") or "year")
    if salary_unit is None:
        errors["salary_unit"] = f"must be one of {', '.join(FILTER_UNITS)}"
        salary_unit = "YEAR"
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
        bad_codes=bad_codes,
        salary_min=salary_min,
        salary_unit=salary_unit,
        posted_within=posted_within,
        sort=sort,
        page=page,
        per_page=per_page,
    )


def search_args(query: SearchQuery) -> dict[str, list[str]]:
    """A search as query-string arguments (the inverse of ``parse_search_args``)."""
    args: dict[str, list[str]] = {}
    if query.words:
        args["q"] = [query.words]
    codes = [code.label for code in query.codes] + query.bad_codes
    if codes:
        args["code"] = codes
    for facet, chosen in sorted(query.filters.items()):
        if chosen:
            args[facet] = list(chosen)
    for name in ("salary_min", "posted_within"):
        if getattr(query, name):
            args[name] = [str(getattr(query, name))]
    if query.salary_min and query.salary_unit != "YEAR":
        args["salary_unit"] = [query.salary_unit.lower()]
    if query.sort != "relevance":
        args["sort"] = [query.sort]
    return args
