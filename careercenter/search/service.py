"""The one entry point for searching jobs, used by the search page, the API, code pages
and alerts."""

from __future__ import annotations

from careercenter.search.backend import get_backend
from careercenter.search.query import CodeTerm, SearchQuery, SearchResult


def search_jobs(query: SearchQuery) -> SearchResult:
    """Answer a search from the configured backend (raises SearchUnavailable)."""
    return get_backend().search(query)


def jobs_for_code(system: str, code: str, per_page: int = 20) -> SearchResult:
    """Open jobs whose expanded codes include this code, newest first (for code pages)."""
    query = SearchQuery(
        codes=[CodeTerm(system, code, False)], sort="newest", per_page=per_page, with_facets=False
    )
    return search_jobs(query)
