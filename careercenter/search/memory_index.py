"""The embedded backend's in-memory side: one boolean mask per facet value and per cached
text match, so filters, totals and facet counts are a few vector operations instead of SQL
over every matching row.

The masks follow the index file incrementally: every write appends the changed rowids to
the ``changes`` table, and a reader applies only what changed since it last looked. A new
index file (after a rebuild) or a trimmed change log means a full reload.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import numpy as np

NEVER = np.iinfo(np.int64).max
NO_SALARY = -1
TEXT_CACHE_SIZE = 128
RESULT_CACHE_SIZE = 256
GROWTH = 1.5


class MemoryIndex:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.generation: str | None = None
        self.seen = 0
        self.size = 0
        self.positions: dict[int, int] = {}
        self.by_rowid = np.full(0, -1, dtype=np.int64)  # rowid -> position, -1 if unknown
        self.rowids = np.zeros(0, dtype=np.int64)
        self.alive = np.zeros(0, dtype=bool)
        self.posted = np.zeros(0, dtype=np.int64)
        self.expires = np.zeros(0, dtype=np.int64)
        self.salary = np.zeros(0, dtype=np.int64)
        self.masks: dict[tuple[str, str], np.ndarray] = {}
        self.text: OrderedDict[str, np.ndarray] = OrderedDict()
        self.ranked: OrderedDict[str, list[tuple[int, float]]] = OrderedDict()
        self.results: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._orders: dict[str, np.ndarray] = {}

    # ---- keeping up with the file ----------------------------------------------------

    def refresh(self, connection: sqlite3.Connection, generation: str) -> None:
        """Bring the masks up to date with the index file behind this connection."""
        last, first = connection.execute("SELECT max(seq), min(seq) FROM changes").fetchone()
        last = last or 0
        trimmed = first is not None and first > self.seen + 1 and last > self.seen
        if generation != self.generation or trimmed:
            self._load_all(connection, generation, last)
        elif last > self.seen:
            changed = [
                row[0]
                for row in connection.execute(
                    "SELECT DISTINCT rowid FROM changes WHERE seq > ?", (self.seen,)
                )
            ]
            self._apply(connection, changed)
            self.seen = last

    def _load_all(self, connection: sqlite3.Connection, generation: str, last: int) -> None:
        rows = connection.execute(
            "SELECT rowid, posted_at, expires_at, salary_max, facets FROM docs ORDER BY rowid"
        ).fetchall()
        self._allocate(max(len(rows), 16))
        self.positions, self.masks, self.size = {}, {}, 0
        self.by_rowid = np.full(0, -1, dtype=np.int64)
        self.text.clear()
        self.ranked.clear()
        self.results.clear()
        for row in rows:
            self._place(row)
        self.generation, self.seen = generation, last
        self._orders.clear()

    def _allocate(self, capacity: int) -> None:
        def grow(array: np.ndarray, fill: Any) -> np.ndarray:
            grown = np.full(capacity, fill, dtype=array.dtype)
            grown[: min(len(array), capacity)] = array[:capacity]
            return grown

        self.rowids = grow(self.rowids, 0)
        self.alive = grow(self.alive, False)
        self.posted = grow(self.posted, 0)
        self.expires = grow(self.expires, NEVER)
        self.salary = grow(self.salary, NO_SALARY)
        self.masks = {key: grow(mask, False) for key, mask in self.masks.items()}
        self.text = OrderedDict((key, grow(mask, False)) for key, mask in self.text.items())

    def _place(self, row: tuple[Any, ...]) -> int:
        rowid, posted, expires, salary, facets = row
        position = self.positions.get(rowid)
        if position is None:
            if self.size >= len(self.alive):
                self._allocate(int(len(self.alive) * GROWTH) + 16)
            position = self.size
            self.size += 1
            self.positions[rowid] = position
        if rowid >= len(self.by_rowid):
            grown = np.full(int(rowid * GROWTH) + 16, -1, dtype=np.int64)
            grown[: len(self.by_rowid)] = self.by_rowid
            self.by_rowid = grown
        self.by_rowid[rowid] = position
        self.rowids[position] = rowid
        self.alive[position] = True
        self.posted[position] = posted or 0
        self.expires[position] = expires if expires is not None else NEVER
        self.salary[position] = salary if salary is not None else NO_SALARY
        for facet, value in json.loads(facets or "[]"):
            mask = self.masks.get((facet, value))
            if mask is None:
                mask = self.masks[(facet, value)] = np.zeros(len(self.alive), dtype=bool)
            mask[position] = True
        return position

    def _apply(self, connection: sqlite3.Connection, rowids: list[int]) -> None:
        known = [self.positions[rowid] for rowid in rowids if rowid in self.positions]
        for mask in self.masks.values():
            mask[known] = False
        self.alive[known] = False
        marks = ",".join("?" * len(rowids))
        rows = connection.execute(
            "SELECT rowid, posted_at, expires_at, salary_max, facets FROM docs"
            f" WHERE rowid IN ({marks})",
            rowids,
        ).fetchall()
        for row in rows:
            self._place(row)
        self._orders.clear()
        # Re-checking each cached match against changed rows costs FTS5 a full scan per row,
        # so cached matches and rankings are dropped; the next query of each redoes it once.
        self.text.clear()
        self.ranked.clear()
        self.results.clear()

    # ---- reading ---------------------------------------------------------------------

    def text_mask(self, connection: sqlite3.Connection, expression: str) -> np.ndarray:
        """Every document the expression matches, cached until the index changes under it."""
        cached = self.text.get(expression)
        if cached is not None:
            self.text.move_to_end(expression)
            return cached
        ids = np.fromiter(
            (
                row[0]
                for row in connection.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ?", (expression,)
                )
            ),
            dtype=np.int64,
        )
        mask = np.zeros(len(self.alive), dtype=bool)
        ids = ids[ids < len(self.by_rowid)]
        positions = self.by_rowid[ids]
        mask[positions[positions >= 0]] = True
        self.text[expression] = mask
        if len(self.text) > TEXT_CACHE_SIZE:
            self.text.popitem(last=False)
        return mask

    def remember_ranking(self, expression: str, rows: list[tuple[int, float]]) -> None:
        """BM25 scores of an expression's newest matches, kept like the text masks."""
        self.ranked[expression] = rows
        if len(self.ranked) > TEXT_CACHE_SIZE:
            self.ranked.popitem(last=False)

    def remember_result(self, key: tuple[Any, ...], answer: Any) -> None:
        """A search's total, facet counts and first positions, dropped on any change."""
        self.results[key] = answer
        if len(self.results) > RESULT_CACHE_SIZE:
            self.results.popitem(last=False)

    def value_mask(self, facet: str, values: Iterable[str]) -> np.ndarray:
        combined = np.zeros(len(self.alive), dtype=bool)
        for value in values:
            mask = self.masks.get((facet, value))
            if mask is not None:
                combined |= mask
        return combined

    def facet_values(self, facet: str) -> list[tuple[str, np.ndarray]]:
        return [(value, mask) for (name, value), mask in self.masks.items() if name == facet]

    def order(self, key: str) -> np.ndarray:
        """Positions newest first, or best paid first (no pay last), computed once per change."""
        if key not in self._orders:
            size = self.size
            if key == "salary":
                self._orders[key] = np.lexsort((-self.posted[:size], -self.salary[:size]))
            else:
                self._orders[key] = np.lexsort((-self.rowids[:size], -self.posted[:size]))
        return self._orders[key]
