"""The embedded search backend: a tantivy index in a directory of the instance folder, in
three parts — the store (which directory is live, repair: ``embedded_store.py``), the
writer (``embedded_writer.py``) and the reader (``embedded_reader.py``) — behind the
backend protocol.

A rebuild writes a new directory, lets the follower catch it up, and switches by replacing
``CURRENT`` atomically. The index's own log position is a document in the index (id 0), so
it commits with the changes it describes. One process per machine writes (tantivy's writer
lock); every other process only reads and reloads on commit. A missing, truncated or
foreign index is rebuilt from the database through ``repair`` (with a log line), never
answered as an empty board.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Query

from careercenter.search.backend import SearchUnavailable
from careercenter.search.changelog import LogPosition
from careercenter.search.embedded_reader import answer
from careercenter.search.embedded_schema import SCHEMA, DamagedIndex, every_job, read_meta
from careercenter.search.embedded_store import (
    EngineFailure,
    IndexStore,
    engine_failures,
)
from careercenter.search.embedded_writer import IndexWriter
from careercenter.search.query import SearchQuery, SearchResult

__all__ = ["EmbeddedBackend", "EngineFailure", "engine_failures"]


class EmbeddedBackend:
    name = "embedded"

    def __init__(
        self,
        path: str | os.PathLike[str],
        repair: Callable[[EmbeddedBackend], Any] | None = None,
        pinned: Path | None = None,
        defer: Callable[[Callable[[], Any]], bool] | None = None,
    ) -> None:
        self.store = IndexStore(
            Path(path),
            repair=(lambda: repair(self)) if repair is not None else None,
            pinned=pinned,
            defer=defer,
        )
        self.writer = IndexWriter(self.store)

    @property
    def root(self) -> Path:
        return self.store.root

    # ---- position and writing -------------------------------------------------------

    def position(self) -> LogPosition:
        meta = read_meta(self.store.live().index.searcher())
        return LogPosition.from_json(json.dumps(meta["position"]))

    def claim_writer(self) -> bool:
        """Become the writer of the live index, unless another process is."""
        return self.writer.claim()

    def release_writer(self) -> None:
        self.writer.release()

    def close(self) -> None:
        self.writer.release()
        self.store.forget()

    def apply(
        self,
        upserts: list[dict[str, Any]],
        deletes: list[str],
        position: LogPosition,
        since: LogPosition | None = None,
    ) -> None:
        """Write documents and the new position in one commit; with ``since``, only into
        an index still at that position (a rebuild may have switched in meanwhile)."""
        self.writer.apply(upserts, deletes, position, since)

    def upsert(self, documents: Iterable[dict[str, Any]]) -> None:
        self.apply(list(documents), [], self.position())

    def delete(self, ids: Iterable[str]) -> None:
        self.apply([], list(ids), self.position())

    def rebuild(
        self,
        documents: Iterable[dict[str, Any]],
        total: int = 0,
        progress: Callable[[int], None] | None = None,
        position: LogPosition | None = None,
        before_switch: Callable[[EmbeddedBackend], Any] | None = None,
    ) -> int:
        """Write a new index directory, let ``before_switch`` catch it up, then switch."""
        with self.store.exclusive():
            directory, written = self.writer.write_new(
                documents, position or LogPosition(), progress
            )
            if before_switch is not None:
                staged = EmbeddedBackend(self.root, pinned=directory)
                try:
                    before_switch(staged)
                finally:
                    staged.close()
            # Locks are taken in one order, the machine's rebuild lock before this index's
            # own (a repair never waits for the first while holding the second), so this
            # cannot wait on a thread that waits on this rebuild.
            self.store.switch(directory)
            self.writer.release()
        return written

    def setup(self) -> None:
        """Nothing to do: the embedded index sets itself up (``live()`` builds a lost one)."""
        return None

    def check_live(self) -> None:
        """Nothing to do on a quiet pass: ``live()`` repairs a lost index when it opens it."""

    # ---- reading ----------------------------------------------------------------------

    def count(self) -> int:
        """How many jobs the live index holds."""
        return self.store.live().index.searcher().search(every_job(), 1, count=True).count

    def count_open(self, now: int | None = None) -> int:
        """How many listed jobs there are now, for the home page."""
        searcher = self.store.live().index.searcher()
        # Every document less the few past their expiry (and the position document, which
        # expires at 0): walking the listed million would cost tens of milliseconds.
        past = Query.range_query(
            SCHEMA, "expires_at", tantivy.FieldType.Integer, upper_bound=now or int(time.time())
        )
        return searcher.num_docs - searcher.search(past, 1, count=True).count

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every job document the index holds (for checks against the database)."""
        searcher = self.store.live().index.searcher()  # one snapshot for count and hits
        total = searcher.search(every_job(), 1, count=True).count
        if not total:
            return
        for _, address in searcher.search(every_job(), total).hits:
            yield json.loads(searcher.doc(address)["source"][0])

    def search(self, query: SearchQuery) -> SearchResult:
        for attempt in (1, 2):
            live = self.store.live()
            try:
                with engine_failures():
                    return answer(live.index.searcher(), query)
            except (EngineFailure, DamagedIndex) as error:
                if attempt == 2:
                    raise SearchUnavailable(f"search index: {error}") from error
                self.store.reopen_after(live, error)
        raise SearchUnavailable("search index unavailable")
