"""The one entry point for searching jobs, used by the search page, the API, code pages
and alerts."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from careercenter.codes.models import JobCode
from careercenter.codes.tags import range_upper_bound
from careercenter.extensions import db
from careercenter.search.backend import SearchBackend, SearchUnavailable, get_backend
from careercenter.search.changelog import stored_document_count
from careercenter.search.embedded import EmbeddedBackend
from careercenter.search.query import CodeTerm, SearchQuery, SearchResult, code_term
from careercenter.search.rescue import best_partial, code_notices, offers_for_empty
from careercenter.search.tiers import is_tiered, tiered_search

RANGE_LIMIT = 1000  # codes in use a range may stand for in one search


def search_jobs(
    query: SearchQuery, rescue: bool = False, backend: SearchBackend | None = None
) -> SearchResult:
    """Answer a search from the configured backend (raises SearchUnavailable).

    Code searches are ranked tier by tier. With ``rescue`` (the search page), a search that
    finds nothing shows the jobs matching most of its words, or offers searches that find
    jobs; alerts, feeds and the API get exactly what they asked for.
    """
    backend = backend or get_backend()
    query = with_ranges_resolved(query)

    def answer(asked: SearchQuery) -> SearchResult:
        return tiered_search(backend.search, asked) if is_tiered(asked) else backend.search(asked)

    result = answer(query)
    if not result.total and query.per_page:
        result.notices = code_notices(query)
    if rescue and not result.total and query.per_page:
        partial = best_partial(answer, query)
        if partial is not None:
            partial.notices = result.notices
            return partial
        result.offers = offers_for_empty(answer, query)
    return result


def with_ranges_resolved(query: SearchQuery) -> SearchQuery:
    """A range matches the codes open jobs need within it (job codes are few; the codes a
    range spans can be thousands)."""
    if not any(term.span for term in query.codes):
        return query
    return replace(query, codes=[_resolved(term) for term in query.codes])


def _resolved(term: CodeTerm) -> CodeTerm:
    if term.span is None or term.parts:
        return term
    system, first, last = term.span
    codes = db.session.scalars(
        select(JobCode.code)
        .where(
            JobCode.system == system,
            JobCode.code >= first,
            JobCode.code <= range_upper_bound(last),
        )
        .group_by(JobCode.code)
        .limit(RANGE_LIMIT)
    ).all()
    return replace(term, parts=tuple(codes))


def open_job_count() -> int | None:
    """How many jobs are listed, from the engine rather than a walk over every row; None
    when the figure is not to be had without waiting on a remote server."""
    backend = get_backend()
    if isinstance(backend, EmbeddedBackend):
        try:
            return backend.count_open()
        except SearchUnavailable:
            return None
    return stored_document_count(backend.follower_name)


def jobs_for_code(code: str, per_page: int = 20) -> SearchResult:
    """Open jobs that need a code, family or range (for code pages), tier by tier: the
    jobs that tag it first, newest first within a tier."""
    term = code_term(code)
    if term is None:
        return SearchResult([], 0, 1, per_page, {})
    query = SearchQuery(codes=[term], per_page=per_page, with_facets=False)
    return search_jobs(query)
