"""Code searches ranked by how exactly a job names the code.

For ``63035`` the jobs that tag 63035 come first (those about it, with few tags or the code
in their title, before those listing it among many), then those whose range covers it, then
the family 630xx (or an ICD-10-CM category above the code), then the jobs that only mention
it in their text; within a tier the usual order (relevance, or newest when there are no
words). Every backend can filter on one tier (``SearchQuery.code_tier``), so the tiers are
counted and a page is cut across them here, the same way for every backend.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from careercenter.codes.meaning import CENTRAL, IN_FAMILY, IN_RANGE, MENTIONED, TAGGED, TIERS
from careercenter.codes.tags import EXACT, FAMILY, RANGE, TagError, parse_tag
from careercenter.search.query import CodeTerm, SearchQuery, SearchResult

KIND_ORDER = {EXACT: 0, RANGE: 1, FAMILY: 2}
TIER_VERBS = dict.fromkeys((CENTRAL, TAGGED, IN_RANGE, IN_FAMILY), "tags")
TIER_VERBS[MENTIONED] = "mentions"


def is_tiered(query: SearchQuery) -> bool:
    return bool(query.codes) and query.sort == "relevance" and query.code_tier is None


def tiered_search(search: Any, query: SearchQuery) -> SearchResult:
    """One page of a code search, tier after tier. ``search`` answers one SearchQuery."""
    whole = search(replace(query, per_page=0))  # total and facets, over every tier
    if not whole.total or whole.corrected_query or not query.per_page:
        return whole if not query.per_page else search(query)
    # Walk the tiers until the page is full: each slice comes back with its hits; a tier
    # wholly before the page's start is only counted (exactly) to move the start on.
    start, wanted, hits = query.offset, query.per_page, []
    for tier in TIERS:
        if wanted <= 0:
            break
        part = search(
            replace(query, code_tier=tier, skip=start, per_page=wanted, with_facets=False)
        )
        if not part.hits:
            if start:
                start -= search(replace(query, code_tier=tier, per_page=0, with_facets=False)).total
            continue
        for hit in part.hits:
            hit.tier = tier
        hits += part.hits
        wanted -= len(part.hits)
        start = 0
    whole.hits, whole.page, whole.per_page = hits, query.page, query.per_page
    label_tiers(whole, query.codes)
    return whole


def label_tiers(result: SearchResult, codes: list[CodeTerm]) -> None:
    """Say on each hit which of its tags reached the code ("tags 630xx")."""
    for hit in result.hits:
        if hit.tier:
            named = naming_tag(hit.tier, hit.document, codes)
            hit.tier_label = f"{TIER_VERBS[hit.tier]} {named}"


def naming_tag(tier: str, document: dict[str, Any], codes: list[CodeTerm]) -> str:
    """The job's tag that reaches one of the codes at this tier (or the code it mentions):
    the very family or range asked for, else the most exact tag covering a code asked for,
    else a category above the code."""
    if tier == MENTIONED:
        return codes[0].label
    tags = []
    for text in document.get("tags", []):
        try:
            tags.append(parse_tag(text))
        except TagError:
            continue
    labels = {term.label for term in codes}
    needed = [
        code
        for code in document.get("codes", [])
        if any(code.startswith(part) for term in codes for part in term.parts)
    ]
    above = {code for term in codes for code in term.above}
    for tag in sorted(tags, key=lambda tag: KIND_ORDER[tag.kind]):
        if (
            tag.text in labels
            or any(tag.covers(code) for code in needed)
            or any(  # a family or range kept by shape: no data of its system is loaded
                tag.system == system and tag.covers(part)
                for term in codes
                for system, part in zip(term.systems, term.parts, strict=True)
            )
        ):
            return tag.text
    for tag in tags:
        if tag.text in above:
            return tag.text
    return codes[0].label
