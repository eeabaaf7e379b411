"""The one entry point for searching jobs, used by the search page, the API, code pages
and alerts."""

from __future__ import annotations

from careercenter.search.backend import SearchBackend, SearchUnavailable, get_backend
from careercenter.search.query import SearchQuery, SearchResult, code_term
from careercenter.search.rescue import best_partial, code_notices, offers_for_empty
from careercenter.search.tiers import is_tiered, tiered_search


def search_jobs(
    query: SearchQuery, rescue: bool = False, backend: SearchBackend | None = None
) -> SearchResult:
    """Answer a search from the configured backend (raises SearchUnavailable).

    Code searches are ranked tier by tier. With ``rescue`` (the search page), a search that
    finds nothing shows the jobs matching most of its words, or offers searches that find
    jobs; alerts, feeds and the API get exactly what they asked for.
    """
    backend = backend or get_backend()

    def answer(asked: SearchQuery) -> SearchResult:
        return tiered_search(backend.search, asked) if is_tiered(asked) else backend.search(asked)

    result = answer(query)
    if not result.total and query.per_page:
        result.notices = code_notices(answer, query)
    if rescue and not result.total and query.per_page:
        partial = best_partial(answer, query)
        if partial is not None:
            partial.notices = result.notices
            return partial
        result.offers = offers_for_empty(answer, query)
    return result


def open_job_count() -> int | None:
    """How many jobs are listed, from the engine rather than a walk over every row; None
    when the figure is not to be had without waiting on a remote server."""
    try:
        return get_backend().count_open()
    except SearchUnavailable:
        return None


def jobs_for_code(code: str, per_page: int = 20) -> SearchResult:
    """Open jobs that need a code, family or range (for code pages), tier by tier: the
    jobs that tag it first, newest first within a tier."""
    term = code_term(code)
    if term is None:
        return SearchResult([], 0, 1, per_page, {})
    query = SearchQuery(codes=[term], per_page=per_page, with_facets=False)
    return search_jobs(query)
