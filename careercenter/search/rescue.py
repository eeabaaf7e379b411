"""What the search page does when nothing matches: the best partial match, and searches
that do find jobs.

When no job matches every word, the jobs that match most of them are shown with a note
saying which words were left out. An empty result always comes with at least one other
search that finds jobs: the broader family of a code, a nearby code in use, the words
without the filters, or every open job. Every offer is counted before it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import and_, or_, select

from careercenter.codes.models import GROUP_KINDS, Code
from careercenter.codes.tags import EXPECTED_FORMS, code_system
from careercenter.extensions import db
from careercenter.search.embedded_query import QUERY_PART, quote_known_phrases
from careercenter.search.query import (
    CodeTerm,
    Offer,
    Partial,
    SearchQuery,
    SearchResult,
    search_args,
)

Search = Callable[[SearchQuery], SearchResult]
MAX_WORDS = 8  # a longer query is not rescued word by word


def query_parts(words: str) -> list[str]:
    """The words of a query as the engine groups them (a quoted or known phrase is one)."""
    return [match.group(0) for match in QUERY_PART.finditer(quote_known_phrases(words))]


def counted(search: Search, query: SearchQuery) -> int:
    return search(replace(query, page=1, per_page=0, with_facets=False)).total


def best_partial(search: Search, query: SearchQuery) -> SearchResult | None:
    """The jobs matching the most words when none match all; None if no word matches."""
    parts = query_parts(query.words)
    if not 2 <= len(parts) <= MAX_WORDS:
        return None
    alone = {part: counted(search, query.with_words(part)) for part in parts}
    kept = [part for part in parts if alone[part]]
    while kept:
        result = search(query.with_words(" ".join(kept)))
        if result.total:
            left_out = [part for part in parts if part not in kept]
            result.partial = Partial(
                asked=query.q,
                matched=with_codes(query, " ".join(kept)),
                unmatched=[part.strip('"') for part in left_out],
            )
            matched = result.partial.matched
            result.offers.insert(0, Offer(f"Search for {matched}", {"q": [matched]}, result.total))
            return result
        kept.remove(min(kept, key=lambda part: alone[part]))
    return None


def with_codes(query: SearchQuery, words: str) -> str:
    """A new ``q``: these words and the codes the seeker typed among the old ones."""
    typed_words = set(query.words.split())
    codes = [word for word in query.q.split() if word not in typed_words]
    return " ".join([words.replace('"', ""), *codes]).strip()


def offers_for_empty(search: Search, query: SearchQuery) -> list[Offer]:
    """Searches that find jobs, most like the one asked first; never empty while any job
    is open."""
    offers: list[Offer] = []

    def offer(text: str, changed: SearchQuery) -> None:
        args = search_args(changed)
        if len(offers) < 3 and all(existing.args != args for existing in offers):
            total = counted(search, changed)
            if total:
                offers.append(Offer(text, args, total))

    for term in query.codes:
        others = [code for code in query.codes if code is not term]
        for other in [*broader_codes(term), *nearby_codes(term)]:
            offer(f"Jobs for {other.label}", replace(query, codes=[*others, other], bad_codes=[]))
    has_filters = bool(query.filters or query.salary_min or query.posted_within)
    if query.bad_codes:
        offer("Drop the code box", replace(query, bad_codes=[]))
    kept = " and ".join(
        name for name, used in (("words", query.words), ("codes", query.codes)) if used
    )
    if has_filters and kept:
        offer(
            f"Keep the {kept}, drop the filters",
            replace(query, filters={}, salary_min=None, posted_within=None),
        )
    others = " and ".join(
        name for name, used in (("codes", query.codes), ("filters", has_filters)) if used
    )
    if query.words and others:
        offer(f"Keep the {others}, drop the words", query.with_words(""))
    if not offers:
        offer("See all open jobs", SearchQuery())
    return offers


def broader_codes(term: CodeTerm) -> list[CodeTerm]:
    """The family and category above a code: 63035 -> 6303x, 630xx; M51.16 -> M51.1, M51."""
    if term.span or not term.parts:
        return []
    code = term.parts[-1]
    if "." in code or (code[:1].isalpha() and len(code) >= 3):
        head = code.split(".")[0]
        above = [*term.above] or ([head] if head != code else [])
        return [CodeTerm(name, (name,)) for name in above]
    if code.isdigit():
        return [
            CodeTerm(code[:length] + "x" * (5 - length), (code[:length],), is_family=True)
            for length in (min(len(code), 5) - 1, 3)
            if length >= 3
        ]
    return []


def nearby_codes(term: CodeTerm, limit: int = 3) -> list[CodeTerm]:
    """Known codes sharing the longest leading part with the one asked for (the offer is
    made only if open jobs need them)."""
    if term.span or not term.parts or term.is_family:
        return []
    code = term.parts[-1]
    system = code_system(code)
    for length in range(len(code) - 1, 2, -1):
        stem = code[:length]
        found = db.session.scalars(
            select(Code.code)
            .where(Code.system == system, Code.code >= stem, Code.code < stem + "~")
            .where(Code.code != code, Code.kind.not_in(GROUP_KINDS))
            .order_by(Code.code)
            .limit(limit)
        ).all()
        if found:
            return [CodeTerm(near, (near,)) for near in found]
    return []


def code_notices(search: Search, query: SearchQuery) -> list[str]:
    """Say plainly when a code box entry is no code, or a code is one we do not know."""
    notices = [
        f"“{text}” is not a code, family or range. {EXPECTED_FORMS}" for text in query.bad_codes
    ]
    for term in query.codes:
        if term.span or term.is_family or not term.parts:
            continue
        known = db.session.scalar(
            select(Code.id)
            .where(or_(*[and_(Code.system == code_system(p), Code.code == p) for p in term.parts]))
            .limit(1)
        )
        if known is None:
            alone = counted(search, SearchQuery(codes=[term]))
            needed = f"{alone} open job{'s' * (alone != 1)} need" + ("s" if alone == 1 else "")
            notices.append(
                f"{term.label} is not a code in our reference data"
                + (f"; {needed} it." if alone else ", and no open job needs it.")
            )
    return notices
