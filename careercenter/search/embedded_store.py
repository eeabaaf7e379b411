"""Where the embedded index lives: which directory is live, opening it, noticing another
process's commit, and repairing a lost or damaged one. Nothing here writes documents (that
is ``embedded_writer.py``) or answers a search (``embedded_reader.py``).

``SEARCH_INDEX_PATH`` holds index directories and a ``CURRENT`` file naming the live one;
a switch replaces ``CURRENT`` atomically and readers keep the old directory until they see
the new name.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from careercenter.logs import EACH_TIME
from careercenter.search.backend import IndexRebuilding, SearchUnavailable
from careercenter.search.embedded_schema import DamagedIndex, open_index, read_meta

log = logging.getLogger(__name__)

POINTER = "CURRENT"
DIRECTORY = re.compile(r"index-\d+-\d+")


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
    except BaseException as error:  # the one place: a panic is not an Exception
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


class IndexStore:
    """The live index directory of one ``SEARCH_INDEX_PATH`` as this process sees it."""

    def __init__(
        self,
        root: Path,
        repair: Callable[[], Any] | None = None,
        pinned: Path | None = None,
        defer: Callable[[Callable[[], Any]], bool] | None = None,
    ) -> None:
        self.root = root
        self.repair = repair  # rebuilds the index from the database
        self.defer = defer  # hands a repair to the background (True) or says do it here
        self.pinned = pinned  # a staged index, before it is switched in
        self.lock = threading.RLock()  # this process's: the live index and its writer
        self._live: LiveIndex | None = None
        self._exclusive_depth = threading.local()

    def _stamp(self) -> Any:
        if self.pinned is not None:
            return str(self.pinned)
        try:
            pointer = (self.root / POINTER).stat()
        except FileNotFoundError:
            return None
        return (pointer.st_ino, pointer.st_mtime_ns, pointer.st_size)

    def _open(self, stamp: Any) -> LiveIndex:
        if stamp is None:
            raise DamagedIndex(f"no index at {self.root}")
        if self.pinned is not None:
            directory = self.pinned
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
        with self.lock:
            try:
                self._live = self._open(self._stamp())
                return self._live
            except (DamagedIndex, OSError) as problem:
                self._live, reason = None, str(problem)
        # Repaired without holding the lock: a rebuild on another thread of this process
        # (holding the machine's rebuild lock) needs it to switch the new index in.
        self._repair(reason)
        with self.lock:
            self._live = self._open(self._stamp())
            return self._live

    def reopen_after(self, failed: LiveIndex, error: Exception) -> None:
        """A search failed on ``failed``: open the live index afresh, and repair it when it
        will not open."""
        log.warning("search failed on %s (%s); reopening", failed.directory, error)
        with self.lock:
            self._live = None
            with contextlib.suppress(DamagedIndex, OSError):
                self._live = self._open(self._stamp())
                return
        self._repair(f"{failed.directory}: {error}")  # outside the lock, as in live()

    def forget(self) -> None:
        """Drop the open index; the next ``live()`` opens whatever CURRENT names."""
        with self.lock:
            self._live = None

    def _repair(self, problem: str) -> None:
        if self.repair is None or self.pinned is not None:
            raise SearchUnavailable(f"search index: {problem}")
        if self.defer is not None and self.defer(self._repair_now):
            raise IndexRebuilding(f"the search index is being rebuilt ({problem})")
        self._repair_now()

    def _repair_now(self) -> None:
        """Rebuild from the database, one process of the machine at a time (the others find
        the repaired index once they get the lock)."""
        with self.exclusive():
            try:
                self._live = self._open(self._stamp())
                return  # another process repaired it while we waited
            except (DamagedIndex, OSError) as found:
                problem = str(found)  # as it is now: a repaired index may be damaged again
            log.warning(
                "search index unusable (%s); rebuilding it from the database",
                problem,
                extra=EACH_TIME,
            )
            self.repair()

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[None]:
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

    def new_directory(self, stamp: str) -> Path:
        """Where a rebuild writes its index, named so that a switch can find it."""
        return self.root / f"index-{stamp}-{os.getpid()}"

    def switch(self, directory: Path) -> None:
        """Make ``directory`` the live index (CURRENT replaced atomically), then remove the
        directories no reader can still be using (all but it and the one it replaced)."""
        previous = None
        with contextlib.suppress(OSError):
            previous = (self.root / POINTER).read_text().strip()
        fresh = self.root / f"{POINTER}.{os.getpid()}.tmp"
        fresh.write_text(directory.name + "\n")
        with open(fresh) as handle:
            os.fsync(handle.fileno())
        os.replace(fresh, self.root / POINTER)
        self.forget()
        keep = {directory.name, previous}
        for old in self.root.iterdir():
            if old.is_dir() and DIRECTORY.fullmatch(old.name) and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)
