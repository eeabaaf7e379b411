"""The embedded search backend: a tantivy index in a directory of the instance folder.

``SEARCH_INDEX_PATH`` holds index directories and a ``CURRENT`` file naming the live one. A
rebuild writes a new directory, lets the follower catch it up, and switches by replacing
``CURRENT`` atomically; readers keep the old one until they see the new name. The index's
own log position is a document in the index (id 0), so it commits with the changes it
describes. One process per machine writes (tantivy's writer lock); every other process only
reads and reloads on commit. A missing, truncated or foreign index is rebuilt from the
database through ``repair`` (with a log line), never answered as an empty board.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Query

from careercenter.logs import EACH_TIME
from careercenter.search.backend import IndexRebuilding, SearchUnavailable
from careercenter.search.changelog import LogPosition, StalePosition
from careercenter.search.embedded_reader import answer
from careercenter.search.embedded_schema import (
    META_ID,
    SCHEMA,
    DamagedIndex,
    FacetTotals,
    count_facet_keys,
    entry,
    every_job,
    facet_keys,
    meta_entry,
    open_index,
    read_meta,
)
from careercenter.search.prepared import PreparedEntry
from careercenter.search.query import SearchQuery, SearchResult

log = logging.getLogger(__name__)

POINTER = "CURRENT"
DIRECTORY = re.compile(r"index-\d+-\d+")
WRITER_HEAP = 20_000_000
REBUILD_HEAP = 200_000_000
WRITER_RETRY_SECONDS = 1.0


class EngineFailure(Exception):
    """tantivy failed: an error it returned, or a panic inside it."""


@contextlib.contextmanager
def engine_failures() -> Iterator[None]:
    """Turn what tantivy raises into EngineFailure, in one place. tantivy reports errors as
    ValueError or OSError; a panic inside it reaches Python as pyo3's PanicException, which
    derives from BaseException and cannot be imported (each pyo3 extension makes its own
    on first use: PyO3/pyo3#2880), so it is told by its name. Everything else, a
    KeyboardInterrupt or a bug of ours, passes through unchanged."""
    try:
        yield
    except (ValueError, OSError) as error:
        raise EngineFailure(str(error)) from error
    except BaseException as error:
        if type(error).__name__ != "PanicException":
            raise
        raise EngineFailure(f"tantivy panicked: {error}") from error


@dataclass
class LiveIndex:
    directory: Path
    index: tantivy.Index
    stamp: Any
    committed: int | None = None  # meta.json's mtime when this process last loaded it


def committed_at(directory: Path) -> int | None:
    """When the index in ``directory`` last committed (tantivy replaces meta.json each time);
    None when it is gone."""
    try:
        return (directory / "meta.json").stat().st_mtime_ns
    except FileNotFoundError:
        return None


class EmbeddedBackend:
    name = "embedded"

    def __init__(
        self,
        path: str | os.PathLike[str],
        repair: Callable[[EmbeddedBackend], Any] | None = None,
        pinned: Path | None = None,
        defer: Callable[[Callable[[], Any]], bool] | None = None,
    ) -> None:
        self.root = Path(path)
        self.repair = repair
        self.defer = defer  # hands a repair to the background (True) or says do it here
        self._pinned = pinned  # a staged index, before it is switched in
        self._live: LiveIndex | None = None
        self._writer: Any = None
        self._writer_directory: Path | None = None
        self._writer_retry_at = 0.0
        self._lock = threading.RLock()
        self._exclusive_depth = threading.local()

    # ---- which directory is live ------------------------------------------------------

    def _stamp(self) -> Any:
        if self._pinned is not None:
            return str(self._pinned)
        try:
            pointer = (self.root / POINTER).stat()
        except FileNotFoundError:
            return None
        return (pointer.st_ino, pointer.st_mtime_ns, pointer.st_size)

    def _open_live(self, stamp: Any) -> LiveIndex:
        if stamp is None:
            raise DamagedIndex(f"no index at {self.root}")
        if self._pinned is not None:
            directory = self._pinned
        else:
            name = (self.root / POINTER).read_text().strip()
            if not DIRECTORY.fullmatch(name):
                raise DamagedIndex(f"{self.root / POINTER} names no index directory")
            directory = self.root / name
        try:
            with engine_failures():
                index = open_index(directory)
                read_meta(index.searcher())
        except EngineFailure as error:
            raise DamagedIndex(f"{directory}: {error}") from error
        return LiveIndex(directory, index, stamp, committed_at(directory))

    def live(self) -> LiveIndex:
        """The live index, reopened when CURRENT changed and repaired when it is gone."""
        stamp = self._stamp()
        live = self._live
        if live is not None and live.stamp == stamp:
            committed = committed_at(live.directory)
            if committed is not None and committed == live.committed:
                return live
            if committed is not None:
                # Another process committed: load it now rather than when tantivy's watcher
                # of meta.json gets round to it (about half a second later). A reload that
                # fails is damage, found and repaired below like any other.
                with contextlib.suppress(EngineFailure), engine_failures():
                    live.index.reload()
                    live.committed = committed
                    return live
        with self._lock:
            try:
                self._live = self._open_live(self._stamp())
                return self._live
            except (DamagedIndex, OSError) as problem:
                self._live, reason = None, str(problem)
        # Repaired without holding the lock: a rebuild on another thread of this process
        # (holding the machine's rebuild lock) needs it to switch the new index in.
        self._repair(reason)
        with self._lock:
            self._live = self._open_live(self._stamp())
            return self._live

    def _repair(self, problem: str) -> None:
        if self.repair is None or self._pinned is not None:
            raise SearchUnavailable(f"search index: {problem}")
        if self.defer is not None and self.defer(self._repair_now):
            raise IndexRebuilding(f"the search index is being rebuilt ({problem})")
        self._repair_now()

    def _repair_now(self) -> None:
        """Rebuild from the database, one process of the machine at a time (the others find
        the repaired index once they get the lock)."""
        with self._exclusive():
            try:
                self._live = self._open_live(self._stamp())
                return  # another process repaired it while we waited
            except (DamagedIndex, OSError) as found:
                problem = str(found)  # as it is now: a repaired index may be damaged again
            log.warning(
                "search index unusable (%s); rebuilding it from the database",
                problem,
                extra=EACH_TIME,
            )
            self.repair(self)

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """One rebuild at a time on this machine (a file lock), re-entrant in a thread."""
        depth = getattr(self._exclusive_depth, "value", 0)
        if depth:
            self._exclusive_depth.value = depth + 1
            try:
                yield
            finally:
                self._exclusive_depth.value = depth
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "rebuild.lock", "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._exclusive_depth.value = 1
            try:
                yield
            finally:
                self._exclusive_depth.value = 0
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ---- position and writing -------------------------------------------------------

    def position(self) -> LogPosition:
        meta = read_meta(self.live().index.searcher())
        return LogPosition.from_json(json.dumps(meta["position"]))

    def claim_writer(self) -> bool:
        """Become the writer of the live index, unless another process is."""
        return self._claim(self.live())  # live() may wait for a rebuild: never under our lock

    def _claim(self, live: LiveIndex) -> bool:
        with self._lock:
            if self._writer is not None and self._writer_directory == live.directory:
                return True
            self._drop_writer()
            if time.monotonic() < self._writer_retry_at:
                return False
            try:
                self._writer = live.index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise SearchUnavailable(f"search index writer: {error}") from error
                self._writer_retry_at = time.monotonic() + WRITER_RETRY_SECONDS
                return False
            self._writer_directory = live.directory
            return True

    def release_writer(self) -> None:
        with self._lock:
            self._drop_writer()

    def _drop_writer(self) -> None:
        self._writer = None  # dropping it releases tantivy's lock file
        self._writer_directory = None

    def close(self) -> None:
        with self._lock:
            self._drop_writer()
            self._live = None

    def apply(
        self,
        upserts: list[dict[str, Any]],
        deletes: list[str],
        position: LogPosition,
        since: LogPosition | None = None,
    ) -> None:
        """Write documents and the new position in one commit; with ``since``, only into
        an index still at that position (a rebuild may have switched in meanwhile)."""
        live = self.live()  # outside the lock, as in claim_writer
        with self._lock:
            if not self._claim(live):
                raise SearchUnavailable("another process writes this search index")
            writer = self._writer
            index = live.index
            index.reload()  # this writer's last commit, whatever the reload policy
            searcher = index.searcher()
            meta = read_meta(searcher)
            if since is not None and LogPosition.from_json(json.dumps(meta["position"])) != since:
                raise StalePosition(f"{self._writer_directory} moved on")
            try:
                with engine_failures():
                    totals = self._totals_after(searcher, meta, upserts, deletes)
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
                self._drop_writer()
                raise SearchUnavailable(f"search index write failed: {error}") from error
            index.reload()
            live.committed = committed_at(live.directory)

    @staticmethod
    def _totals_after(
        searcher: Any, meta: dict[str, Any], upserts: list[dict[str, Any]], deletes: list[str]
    ) -> FacetTotals | None:
        """The facet totals once this batch is written: the stored ones, less what the
        replaced and deleted documents carried (read back from the committed index), plus
        what the new documents carry."""
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
        with self._exclusive():
            directory = self.root / f"index-{time.time_ns()}-{os.getpid()}"
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
            writer.add_document(meta_entry(position or LogPosition(), totals))
            writer.commit()
            writer.wait_merging_threads()
            if progress:
                progress(written % 1000)
            if before_switch is not None:
                staged = EmbeddedBackend(self.root, pinned=directory)
                try:
                    before_switch(staged)
                finally:
                    staged.close()
            self._switch(directory)
        return written

    def _switch(self, directory: Path) -> None:
        previous = None
        with contextlib.suppress(OSError):
            previous = (self.root / POINTER).read_text().strip()
        fresh = self.root / f"{POINTER}.{os.getpid()}.tmp"
        fresh.write_text(directory.name + "\n")
        with open(fresh) as handle:
            os.fsync(handle.fileno())
        os.replace(fresh, self.root / POINTER)
        # Locks are taken in one order, the machine's rebuild lock before this index's own
        # (a repair never waits for the first while holding the second), so this cannot
        # wait on a thread that waits on this rebuild.
        with self._lock:
            self._drop_writer()
            self._live = None
        keep = {directory.name, previous}
        for old in self.root.iterdir():
            if old.is_dir() and DIRECTORY.fullmatch(old.name) and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)

    def setup(self) -> None:
        """Nothing to do: the embedded index sets itself up (``live()`` builds a lost one)."""
        return None

    def check_live(self) -> None:
        """Nothing to do on a quiet pass: ``live()`` repairs a lost index when it opens it."""

    def count(self) -> int:
        """How many jobs the live index holds."""
        return self.live().index.searcher().search(every_job(), 1, count=True).count

    def count_open(self, now: int | None = None) -> int:
        """How many listed jobs there are now, for the home page."""
        searcher = self.live().index.searcher()
        # Every document less the few past their expiry (and the position document, which
        # expires at 0): walking the listed million would cost tens of milliseconds.
        past = Query.range_query(
            SCHEMA, "expires_at", tantivy.FieldType.Integer, upper_bound=now or int(time.time())
        )
        return searcher.num_docs - searcher.search(past, 1, count=True).count

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every job document the index holds (for checks against the database)."""
        searcher = self.live().index.searcher()  # one snapshot for the count and the hits
        total = searcher.search(every_job(), 1, count=True).count
        if not total:
            return
        for _, address in searcher.search(every_job(), total).hits:
            yield json.loads(searcher.doc(address)["source"][0])

    # ---- searching --------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        for attempt in (1, 2):
            live = self.live()
            try:
                with engine_failures():
                    return answer(live.index.searcher(), query)
            except (EngineFailure, DamagedIndex) as error:
                if attempt == 2:
                    raise SearchUnavailable(f"search index: {error}") from error
                log.warning("search failed on %s (%s); reopening", live.directory, error)
                with self._lock:
                    self._live = None
                    with contextlib.suppress(DamagedIndex, OSError):
                        self._live = self._open_live(self._stamp())
                        continue
                self._repair(f"{live.directory}: {error}")  # outside the lock, as in live()
        raise SearchUnavailable("search index unavailable")
