"""The one entry point for searching jobs, used by the search page, the API, code pages
and alerts."""

from __future__ import annotations

from careercenter.search.backend import SearchUnavailable, get_backend
from careercenter.search.changelog import stored_document_count
from careercenter.search.embedded import EmbeddedBackend
from careercenter.search.query import CodeTerm, SearchQuery, SearchResult


def search_jobs(query: SearchQuery) -> SearchResult:
    """Answer a search from the configured backend (raises SearchUnavailable)."""
    return get_backend().search(query)


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


def jobs_for_code(system: str, code: str, per_page: int = 20) -> SearchResult:
    """Open jobs whose expanded codes include this code, newest first (for code pages)."""
    query = SearchQuery(
        codes=[CodeTerm(system, code, False)], sort="newest", per_page=per_page, with_facets=False
    )
    return search_jobs(query)
