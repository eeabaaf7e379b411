"""Writing the embedded index: one writer per machine (tantivy's lock file), changes and
the log position they bring the index to committed together, and whole new indexes written
for a rebuild. Which directory is live is the store's business (``embedded_store.py``).
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tantivy import Query

from careercenter.search.backend import SearchUnavailable
from careercenter.search.changelog import LogPosition, StalePosition
from careercenter.search.embedded_schema import (
    META_ID,
    SCHEMA,
    FacetTotals,
    count_facet_keys,
    entry,
    facet_keys,
    meta_entry,
    open_index,
    read_meta,
)
from careercenter.search.embedded_store import (
    EngineFailure,
    IndexStore,
    LiveIndex,
    committed_at,
    engine_failures,
)
from careercenter.search.prepared import PreparedEntry

WRITER_HEAP = 20_000_000
REBUILD_HEAP = 200_000_000
WRITER_RETRY_SECONDS = 1.0


class IndexWriter:
    """This process's writer of the store's live index, when it holds the machine's lock."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._writer: Any = None
        self._directory: Path | None = None
        self._retry_at = 0.0

    def claim(self) -> bool:
        """Become the writer of the live index, unless another process is."""
        return self._claim(self.store.live())  # live() may wait for a rebuild: not locked

    def _claim(self, live: LiveIndex) -> bool:
        with self.store.lock:
            if self._writer is not None and self._directory == live.directory:
                return True
            self.release()
            if time.monotonic() < self._retry_at:
                return False
            try:
                self._writer = live.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise SearchUnavailable(f"search index writer: {error}") from error
                self._retry_at = time.monotonic() + WRITER_RETRY_SECONDS
                return False
            self._directory = live.directory
            return True

    def release(self) -> None:
        """Let another process write (dropping tantivy's writer releases its lock file)."""
        with self.store.lock:
            self._writer = None
            self._directory = None

    def apply(
        self,
        upserts: list[dict[str, Any]],
        deletes: list[str],
        position: LogPosition,
        since: LogPosition | None = None,
    ) -> None:
        """Write documents and the new position in one commit; with ``since``, only into
        an index still at that position (a rebuild may have switched in meanwhile)."""
        live = self.store.live()  # outside the lock, as in claim
        with self.store.lock:
            if not self._claim(live):
                raise SearchUnavailable("another process writes this search index")
            writer = self._writer
            index = live.index
            index.reload()  # this writer's last commit, whatever the reload policy
            searcher = index.searcher()
            meta = read_meta(searcher)
            if since is not None and LogPosition.from_json(json.dumps(meta["position"])) != since:
                raise StalePosition(f"{self._directory} moved on")
            try:
                with engine_failures():
                    totals = totals_after(searcher, meta, upserts, deletes)
                    for doc_id in deletes:
                        writer.delete_documents_by_term("id", int(doc_id))
                    for document in upserts:
                        writer.delete_documents_by_term("id", int(document["id"]))
                        writer.add_document(entry(document))
                    writer.delete_documents_by_term("id", META_ID)
                    writer.add_document(meta_entry(position, totals))
                    writer.commit()
            except EngineFailure as error:
                with contextlib.suppress(EngineFailure), engine_failures():
                    writer.rollback()
                self.release()
                raise SearchUnavailable(f"search index write failed: {error}") from error
            index.reload()
            live.committed = committed_at(live.directory)

    def write_new(
        self,
        documents: Iterable[dict[str, Any]],
        position: LogPosition,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[Path, int]:
        """Write every document into a new index directory (not yet live): its path and
        how many documents it holds."""
        directory = self.store.new_directory(str(time.time_ns()))
        index = open_index(directory, create=True)
        writer = index.writer(heap_size=REBUILD_HEAP, num_threads=2)
        written, totals = 0, FacetTotals()
        for document in documents:
            if isinstance(document, PreparedEntry):  # kept in the database, built before
                writer.add_document(document.document())
                totals.add(document.facets)
            else:
                writer.add_document(entry(document))
                totals.add(facet_keys(document))
            written += 1
            if progress and written % 1000 == 0:
                progress(1000)
        writer.add_document(meta_entry(position, totals))
        writer.commit()
        writer.wait_merging_threads()
        if progress:
            progress(written % 1000)
        return directory, written


def totals_after(
    searcher: Any, meta: dict[str, Any], upserts: list[dict[str, Any]], deletes: list[str]
) -> FacetTotals | None:
    """The facet totals once this batch is written: the stored ones, less what the replaced
    and deleted documents carried (read back from the committed index), plus what the new
    documents carry."""
    totals = FacetTotals.from_meta(meta)
    if totals is None:
        return None
    ids = [int(doc_id) for doc_id in deletes] + [int(doc["id"]) for doc in upserts]
    if ids:
        leaving = Query.term_set_query(SCHEMA, "id", ids)
        count = searcher.search(leaving, 1, count=True).count
        totals.remove_counted(count_facet_keys(searcher, leaving), count)
    for document in upserts:
        totals.add(facet_keys(document))
    return totals
