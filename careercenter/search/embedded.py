"""The embedded search backend: SQLite FTS5 in its own file, so it works the same whatever
the main database is, and needs no server.

Words match through FTS5 (BM25 with field weights, the last word as a prefix, quoted words as
phrases, coding synonyms); codes match a ``codes`` column, families as prefixes. Filters,
totals and facet counts come from in-memory masks (memory_index.py). Ranking by BM25 is
bounded to the newest RANKED_CANDIDATES (500) text matches; further matches follow newest first.
User text is reduced to word characters and quoted before it reaches MATCH, so FTS5 syntax
in a query (``NEAR(``, ``*``, ``"``, ``C++``) is only ever text.
"""

from __future__ import annotations

import json
import os
import queue
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import distance, process

from careercenter.search.backend import SearchUnavailable
from careercenter.search.highlight import (
    MARK_END,
    MARK_START,
    mark,
    marked_to_html,
    snippet,
    term_pattern,
)
from careercenter.search.memory_index import MemoryIndex
from careercenter.search.query import (
    FACET_FIELDS,
    FACETS,
    CodeTerm,
    SearchHit,
    SearchQuery,
    SearchResult,
    code_words,
)
from careercenter.search.synonyms import synonym_map

__all__ = ["MARK_END", "MARK_START", "EmbeddedBackend", "build_match", "marked_to_html"]

# Field weights for bm25(): title, company, terms (credentials, specialties, tags), body, codes.
WEIGHTS = (10.0, 3.0, 5.0, 1.0, 0.0)
RANKED_CANDIDATES = 500
RESULT_HEAD = 1000  # positions kept per cached search: the first fifty pages
BATCH = 1000
KEEP_CHANGES = 20000
WORD = re.compile(r"\w+", re.UNICODE)
QUERY_PART = re.compile(r'"([^"]*)"|([^\s"]+)')
SYNONYMS = synonym_map()
MULTI_WORD_TERMS = sorted((term for term in SYNONYMS if " " in term), key=len, reverse=True)

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    rowid INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    posted_at INTEGER,
    expires_at INTEGER,
    salary_max INTEGER,
    facets TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, rowid INTEGER);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, company, terms, body, codes,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab (fts, 'row');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', lower(hex(randomblob(16))));
"""


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def words_of(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text) if word != "_"]


def code_token(code: str) -> str:
    """How a code is written in the codes column: M51.16 -> m5116, so prefixes still work."""
    return code.replace(".", "").lower()


MULTI_WORD_PATTERNS = [
    (
        re.compile(
            r"(?<![\w\"])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![\w\"])",
            re.IGNORECASE,
        ),
        f'"{phrase}"',
    )
    for phrase in MULTI_WORD_TERMS
]


def quote_known_phrases(words: str) -> str:
    """Treat a multi-word term we know ("certified professional coder") as one phrase, so
    its synonyms (CPC) apply to it."""
    if " " not in words.strip():
        return words
    for pattern, quoted in MULTI_WORD_PATTERNS:
        words = pattern.sub(quoted, words)
    return words


def parse_words(words: str, known: frozenset[str] = frozenset()) -> list[tuple[list[str], bool]]:
    """Each group of the query: its alternatives (synonyms) and whether it is a prefix.

    The last bare word matches as a prefix (search as you type) unless it is already a word
    the index knows: a prefix over a common word costs FTS5 a merge of many long lists.
    """
    words = quote_known_phrases(words)
    parts = list(QUERY_PART.finditer(words))
    groups = []
    for index, part in enumerate(parts):
        phrase, bare = part.group(1), part.group(2)
        tokens = words_of(phrase if phrase is not None else bare)
        if not tokens:
            continue
        text = " ".join(tokens)
        is_prefix = (
            index == len(parts) - 1
            and phrase is None
            and len(tokens) == 1
            and not words.endswith(" ")
            and len(tokens[0]) >= 2
            and tokens[0] not in known
        )
        key = (phrase if phrase is not None else bare).lower()
        alternatives = [text] + [
            " ".join(words_of(synonym)) for synonym in SYNONYMS.get(key, SYNONYMS.get(text, []))
        ]
        groups.append((alternatives, is_prefix))
    return groups


def build_match(
    words: str, codes: Iterable[CodeTerm] = (), known: frozenset[str] = frozenset()
) -> str:
    """A safe FTS5 expression: every part quoted; an unfinished last word as a prefix."""
    expressions = []
    for alternatives, is_prefix in parse_words(words, known):
        options = [quote(alternatives[0]) + ("*" if is_prefix else "")]
        options += [quote(synonym) for synonym in alternatives[1:]]
        expressions.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    code_options = [
        quote(code_token(term.value)) + ("*" if term.is_prefix else "") for term in codes
    ]
    if code_options:
        expressions.append("codes : (" + " OR ".join(code_options) + ")")
    return " AND ".join(expressions)  # FTS5 needs the explicit AND before a parenthesised group


def highlight_pattern(words: str, known: frozenset[str]) -> re.Pattern[str] | None:
    exact, prefixes = [], []
    for alternatives, is_prefix in parse_words(words, known):
        exact += [token for alternative in alternatives for token in alternative.split()]
        if is_prefix:
            prefixes.append(alternatives[0])
    return term_pattern(exact, prefixes)


def document_terms(document: dict[str, Any]) -> str:
    from careercenter.jobs.vocabulary import label

    words = [
        *document.get("credentials", []),
        *[label("specialty", value) for value in document.get("specialties", [])],
        *[label("setting", value) for value in document.get("settings", [])],
        *[label("code_system", value) for value in document.get("code_systems", [])],
        label("work_mode", document.get("work_mode")),
        label("employment_type", document.get("employment_type")),
        *document.get("tags", []),
    ]
    return " ".join(word for word in words if word)


def document_facets(document: dict[str, Any]) -> list[list[str]]:
    pairs = []
    for facet, field in FACET_FIELDS.items():
        value = document.get(field)
        for item in value if isinstance(value, list) else [value]:
            if item:
                pairs.append([facet, str(item)])
    return pairs


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.memory = MemoryIndex()
        self._vocab: tuple[tuple[str, int], tuple[list[str], frozenset[str]]] | None = None

    # ---- connections -----------------------------------------------------------------

    def _open(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 10000")
        connection.executescript(SCHEMA)
        return connection

    def _connection(self) -> tuple[sqlite3.Connection, str]:
        """One connection per thread and the index generation it reads. The connection is
        reopened whenever the file changed on disk, since a rebuild replaces the file (and a
        new file may even reuse the old inode number)."""
        try:
            stat = self.path.stat()
            identity: tuple[int, int] | None = (stat.st_ino, stat.st_mtime_ns)
        except FileNotFoundError:
            identity = None
        cached = getattr(self._local, "connection", None)
        if cached is not None and identity is not None and self._local.identity == identity:
            return cached, self._local.generation
        if cached is not None:
            cached.close()
        try:
            connection = self._open(self.path)
            generation = connection.execute(
                "SELECT value FROM meta WHERE key = 'generation'"
            ).fetchone()[0]
        except sqlite3.Error as error:
            raise SearchUnavailable(f"search index {self.path}: {error}") from error
        stat = self.path.stat()
        self._local.connection, self._local.generation = connection, generation
        self._local.identity = (stat.st_ino, stat.st_mtime_ns)
        return connection, generation

    # ---- writing -----------------------------------------------------------------------

    def upsert(self, documents: Iterable[dict[str, Any]]) -> None:
        self._change(lambda connection: self._write(connection, documents, log=True))

    def delete(self, ids: Iterable[str]) -> None:
        def remove(connection: sqlite3.Connection) -> None:
            for doc_id in ids:
                self._remove(connection, int(doc_id))
                connection.execute("INSERT INTO changes (rowid) VALUES (?)", (int(doc_id),))

        self._change(remove)

    def _change(self, work: Any) -> None:
        connection, _ = self._connection()
        try:
            with connection:
                work(connection)
                connection.execute(
                    "DELETE FROM changes WHERE seq <= (SELECT max(seq) FROM changes) - ?",
                    (KEEP_CHANGES,),
                )
        except sqlite3.Error as error:
            raise SearchUnavailable(str(error)) from error

    @staticmethod
    def _remove(connection: sqlite3.Connection, rowid: int) -> None:
        connection.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))

    @staticmethod
    def _rows(
        documents: Iterable[dict[str, Any]],
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The docs and fts rows of some documents, prepared before any SQL runs."""
        docs, texts = [], []
        for document in documents:
            rowid = int(document["id"])
            docs.append(
                (
                    rowid,
                    json.dumps(document),
                    document.get("posted_at"),
                    document.get("expires_at"),
                    document.get("salary_yearly_max"),
                    json.dumps(document_facets(document)),
                )
            )
            texts.append(
                (
                    rowid,
                    document["title"],
                    document["company"],
                    document_terms(document),
                    document.get("description", ""),
                    " ".join(code_token(code) for code in document.get("codes", [])),
                )
            )
        return docs, texts

    @staticmethod
    def _insert(
        connection: sqlite3.Connection, rows: tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]
    ) -> int:
        docs, texts = rows
        connection.executemany(
            "INSERT INTO docs (rowid, body, posted_at, expires_at, salary_max, facets)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            docs,
        )
        connection.executemany(
            "INSERT INTO fts (rowid, title, company, terms, body, codes) VALUES (?, ?, ?, ?, ?, ?)",
            texts,
        )
        return len(docs)

    def _write(
        self, connection: sqlite3.Connection, documents: Iterable[dict[str, Any]], log: bool
    ) -> int:
        rows = self._rows(documents)
        if log:
            for rowid, *_ in rows[0]:
                self._remove(connection, rowid)
                connection.execute("INSERT INTO changes (rowid) VALUES (?)", (rowid,))
        return self._insert(connection, rows)

    def rebuild(self, documents: Iterable[dict[str, Any]], total: int, progress: Any = None) -> int:
        """Write a new index file beside the live one and rename it into place.

        A writer thread inserts while this thread builds the next batch of documents:
        SQLite lets go of the GIL while it works, so the two overlap on two cores.
        """
        fresh = self.path.with_name(self.path.name + ".new")
        fresh.unlink(missing_ok=True)
        batches: queue.Queue[tuple[list[Any], list[Any]] | None] = queue.Queue(maxsize=4)
        written: list[int] = []
        failure: list[BaseException] = []

        def write_all() -> None:
            connection = self._open(fresh)
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            try:
                while (rows := batches.get()) is not None:
                    if not failure:
                        with connection:
                            written.append(self._insert(connection, rows))
                        if progress:
                            progress(written[-1])
                connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
                connection.commit()
            except BaseException as error:  # reported in the calling thread below
                failure.append(error)
                while batches.get() is not None:
                    pass
            finally:
                connection.close()

        writer = threading.Thread(target=write_all, name="search-rebuild", daemon=True)
        writer.start()
        try:
            batch: list[dict[str, Any]] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    batches.put(self._rows(batch))
                    batch = []
            batches.put(self._rows(batch))
        finally:
            batches.put(None)
            writer.join()
        if failure:
            raise SearchUnavailable(f"rebuilding the index failed: {failure[0]}") from failure[0]
        os.replace(fresh, self.path)
        return sum(written)

    def warm(self) -> None:
        """Load the in-memory side now, so a new worker's first search is not the slow one."""
        with self.memory.lock:
            connection, generation = self._connection()
            self.memory.refresh(connection, generation)
            self._vocabulary()

    def count(self) -> int:
        connection, _ = self._connection()
        return connection.execute("SELECT count(*) FROM docs").fetchone()[0]

    # ---- searching ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        try:
            with self.memory.lock:
                result = self._search(query)
                if result.total == 0 and query.words:
                    corrected = self.correct(query.words)
                    if corrected and corrected != query.words:
                        retry = self._search(query.with_words(corrected))
                        shown = " ".join([corrected, *code_words(query.q)])
                        if retry.total:
                            retry.corrected_query = shown
                            return retry
                        result.suggestion = shown
                return result
        except sqlite3.Error as error:
            raise SearchUnavailable(str(error)) from error

    def _search(self, query: SearchQuery) -> SearchResult:
        connection, generation = self._connection()
        memory = self.memory
        memory.refresh(connection, generation)
        known = self.known_words()
        match = build_match(query.words, query.codes, known)
        now = int(time.time())
        key = (
            match,
            tuple(sorted((f, tuple(v)) for f, v in query.filters.items())),
            query.salary_min,
            query.posted_within,
            query.sort,
            query.with_facets,
            now // 60,
        )
        answer = memory.results.get(key)
        if answer is None or query.offset + query.per_page > len(answer[2]):
            answer = self._answer(connection, query, match, now)
            memory.remember_result(key, answer)
        total, facets, positions = answer
        page = positions[query.offset : query.offset + query.per_page]
        rowids = [int(memory.rowids[p]) for p in page]
        hits = self._hits(connection, rowids, highlight_pattern(query.words, known))
        return SearchResult(hits, total, query.page, query.per_page, facets)

    def _answer(
        self, connection: sqlite3.Connection, query: SearchQuery, match: str, now: int
    ) -> tuple[int, dict[str, dict[str, int]], np.ndarray]:
        """Total, facet counts and the order of the first pages, for one search; kept in the
        memory index (by minute, since expiry and "posted within" move with the clock)."""
        memory = self.memory
        size = memory.size
        base = memory.alive[:size] & (memory.expires[:size] > now)
        if match:
            base &= memory.text_mask(connection, match)[:size]
        if query.salary_min:
            base &= memory.salary[:size] >= query.salary_min
        if query.posted_within:
            base &= memory.posted[:size] >= now - query.posted_within * 86400
        chosen = {
            facet: memory.value_mask(facet, values)[:size]
            for facet, values in query.filters.items()
            if facet in FACETS
        }
        final = base.copy()
        for mask in chosen.values():
            final &= mask
        facets = self._facet_counts(base, chosen) if query.with_facets else {}
        positions = self._ordered(connection, query, final, match)
        head = max(RESULT_HEAD, query.offset + query.per_page)
        return int(np.count_nonzero(final)), facets, positions[:head].copy()

    def _facet_counts(
        self, base: np.ndarray, chosen: dict[str, np.ndarray]
    ) -> dict[str, dict[str, int]]:
        """Counts per value, each facet counted with every filter but its own."""
        counts: dict[str, dict[str, int]] = {}
        size = len(base)
        for facet in FACETS:
            within = base.copy()
            for other, mask in chosen.items():
                if other != facet:
                    within &= mask
            values = {
                value: int(np.count_nonzero(within & mask[:size]))
                for value, mask in self.memory.facet_values(facet)
            }
            counts[facet] = dict(
                sorted(
                    ((v, n) for v, n in values.items() if n), key=lambda item: (-item[1], item[0])
                )
            )
        return counts

    def _ordered(
        self, connection: sqlite3.Connection, query: SearchQuery, final: np.ndarray, match: str
    ) -> np.ndarray:
        memory = self.memory
        if query.sort == "salary":
            order = memory.order("salary")
            return order[final[order]]
        newest = memory.order("newest")
        matching = newest[final[newest]]
        if query.sort == "newest" or not query.words or not match:
            return matching
        # Relevance: BM25 over the newest text matches, then the rest, newest first.
        rows = memory.ranked.get(match)
        if rows is None:
            rows = connection.execute(
                f"SELECT rowid, bm25(fts, {', '.join(map(str, WEIGHTS))}) FROM fts"
                " WHERE fts MATCH ? ORDER BY rowid DESC LIMIT ?",
                (match, RANKED_CANDIDATES),
            ).fetchall()
            memory.remember_ranking(match, rows)
        if not rows:
            return matching
        ranked = np.array(rows, dtype=np.float64)
        positions = memory.by_rowid[ranked[:, 0].astype(np.int64)]
        score = np.full(memory.size, np.inf)
        score[positions[positions >= 0]] = ranked[positions >= 0, 1]
        matched_scores = score[matching]
        scored = np.isfinite(matched_scores)
        best = matching[scored][np.argsort(matched_scores[scored], kind="stable")]
        return np.concatenate([best, matching[~scored]])

    def _hits(
        self, connection: sqlite3.Connection, rowids: list[int], pattern: re.Pattern[str] | None
    ) -> list[SearchHit]:
        if not rowids:
            return []
        bodies = dict(
            connection.execute(
                f"SELECT rowid, body FROM docs WHERE rowid IN ({','.join('?' * len(rowids))})",
                rowids,
            )
        )
        hits = []
        for rowid in rowids:
            if rowid not in bodies:
                continue
            document = json.loads(bodies[rowid])
            title = marked_to_html(mark(document["title"], pattern))
            text = marked_to_html(snippet(document.get("description", ""), pattern))
            hits.append(SearchHit(str(rowid), title, text, document))
        return hits

    # ---- typo correction ---------------------------------------------------------------

    def vocabulary(self) -> list[str]:
        """Indexed words of three letters or more, for typo correction."""
        return self._vocabulary()[0]

    def known_words(self) -> frozenset[str]:
        """Every indexed word, to tell a finished word from one still being typed."""
        return self._vocabulary()[1]

    def _vocabulary(self) -> tuple[list[str], frozenset[str]]:
        """Read from fts5vocab, cached until the index changes."""
        connection, generation = self._connection()
        last = connection.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        key = (generation, last)
        if self._vocab is None or self._vocab[0] != key:
            terms = [
                row[0]
                for row in connection.execute("SELECT term FROM fts_vocab WHERE term GLOB '[a-z]*'")
            ]
            self._vocab = (key, ([term for term in terms if len(term) > 2], frozenset(terms)))
        return self._vocab[1]

    def correct(self, words: str) -> str | None:
        """Replace each word the index does not know with the nearest word it does."""
        vocabulary = self.vocabulary()
        known = set(vocabulary)
        changed, corrected = False, []
        for word in words.split():
            plain = word.strip('"').lower()
            if len(plain) < 4 or not plain.isalpha() or plain in known or plain in SYNONYMS:
                corrected.append(word)
                continue
            limit = 1 if len(plain) <= 5 else 2
            best = process.extractOne(
                plain, vocabulary, scorer=distance.Levenshtein.distance, score_cutoff=limit
            )
            if best is None:
                corrected.append(word)
            else:
                corrected.append(best[0])
                changed = True
        return " ".join(corrected) if changed else None
