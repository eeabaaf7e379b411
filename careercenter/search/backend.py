"""The contract every search backend keeps, and the choice of backend from settings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

from flask import Flask, current_app, has_request_context

from careercenter.search.query import SearchQuery, SearchResult

if TYPE_CHECKING:
    from careercenter.search.changelog import LogPosition


class SearchUnavailable(RuntimeError):
    """The search backend cannot be reached or refused the work; nothing was lost."""


class IndexRebuilding(SearchUnavailable):
    """The index is being rebuilt from the database in the background; searches are answered
    again once it is switched in (a request never waits for a rebuild)."""


class NeedsRebuild(Exception):
    """Only a rebuild can bring this index back in step: it fell behind the retained change
    log, or it is gone (a Meilisearch index deleted behind the board's back)."""


class SearchBackend(Protocol):
    name: str

    def upsert(self, documents: Iterable[dict[str, Any]]) -> None:
        """Add or replace documents by id."""

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored."""

    def search(self, query: SearchQuery) -> SearchResult:
        """Answer a query: hits, total, facet counts and a suggestion when nothing matched."""

    def rebuild(
        self,
        documents: Iterable[dict[str, Any]],
        total: int = 0,
        progress: Callable[[int], None] | None = None,
        position: LogPosition | None = None,
        before_switch: Callable[[Any], Any] | None = None,
    ) -> int:
        """Build a fresh index beside the live one from all documents, recording the log
        position they reflect; ``before_switch`` may catch it up; then swap it in."""

    def check_live(self) -> None:
        """On a pass with nothing to write: raise NeedsRebuild when the index is gone."""

    def count(self) -> int:
        """How many documents the live index holds."""

    def count_open(self) -> int | None:
        """How many jobs are listed now, from what this process has at hand (the home page);
        None when only a call to a remote server could say."""

    def setup(self) -> str | None:
        """Prepare the index where that is an operator's step (`flask search setup`): a
        sentence saying what is ready, or None when the backend sets itself up."""

    def position(self) -> LogPosition:
        """How far this index has followed the change log."""

    def claim_writer(self) -> bool:
        """Whether this process may write the index now (one writer at a time)."""

    def release_writer(self) -> None:
        """Let another process write (after a one-off catch-up)."""

    def apply(
        self,
        upserts: list[dict[str, Any]],
        deletes: list[str],
        position: LogPosition,
        since: LogPosition | None = None,
    ) -> None:
        """Write documents, remove ids and record the new log position; with ``since``,
        only if the index is still at that position (else StalePosition)."""


def get_backend(app: Flask | None = None) -> SearchBackend:
    """The configured backend, created once per app."""
    app = app or current_app
    backend = app.extensions.get("careercenter.search")
    if backend is None:
        backend = make_backend(app)
        app.extensions["careercenter.search"] = backend
    return backend


def make_backend(app: Flask) -> SearchBackend:
    # The app itself, not the current_app proxy: a repair may run on a thread of its own.
    app = getattr(app, "_get_current_object", lambda: app)()
    choice = app.config["SEARCH_BACKEND"]
    if choice == "meilisearch":
        from careercenter.search.meili import MeiliBackend

        return MeiliBackend(
            url=app.config["MEILI_URL"],
            api_key=app.config["MEILI_API_KEY"] or None,
            search_key=app.config["MEILI_SEARCH_KEY"] or None,
            index_name=app.config["MEILI_INDEX"],
            timeout=app.config["MEILI_TIMEOUT"],
            app=app,
        )
    if choice == "embedded":
        from careercenter.search.embedded import EmbeddedBackend

        def repair(backend: EmbeddedBackend) -> None:
            from careercenter.search.follower import reindex

            with app.app_context():
                reindex(backend)

        def defer(work: Callable[[], Any]) -> bool:
            """In a request, hand the repair to a background thread (a rebuild of a large
            board outlasts any request timeout); elsewhere (the worker, a command, the
            follower thread) do it here."""
            from careercenter.search.follower import run_in_background

            return has_request_context() and run_in_background(app, work)

        return EmbeddedBackend(app.config["SEARCH_INDEX_PATH"], repair=repair, defer=defer)
    raise ValueError(f"SEARCH_BACKEND must be embedded or meilisearch, not {choice!r}")
