"""The embedded search backend: SQLite FTS5 in its own file, so it works the same whatever
the main database is, and needs no server.

Ranking is BM25 with field weights; the last word matches as a prefix; quoted words match
as a phrase; coding synonyms widen words; a word that matches nothing is corrected to the
nearest indexed word. User text is reduced to word characters and quoted before it reaches
MATCH, so FTS5 syntax in a query (``NEAR(``, ``*``, ``"``, ``C++``) is only ever text.
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import distance, process

from careercenter.search.backend import SearchUnavailable
from careercenter.search.query import (
    FACET_FIELDS,
    FACETS,
    SearchHit,
    SearchQuery,
    SearchResult,
    code_words,
)
from careercenter.search.synonyms import synonym_map

MARK_START, MARK_END = "\x02", "\x03"
# Field weights for bm25(): title, company, terms (credentials, specialties, tags), body.
WEIGHTS = (10.0, 3.0, 5.0, 1.0)
SNIPPET_TOKENS = 24
BATCH = 1000
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
    salary_max INTEGER
);
CREATE INDEX IF NOT EXISTS docs_posted ON docs (posted_at);
CREATE TABLE IF NOT EXISTS facets (
    facet TEXT NOT NULL, value TEXT NOT NULL, rowid INTEGER NOT NULL,
    PRIMARY KEY (facet, value, rowid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facets_rowid ON facets (rowid);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
    title, company, terms, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab (fts, 'row');
"""


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def words_of(text: str) -> list[str]:
    return [word.lower() for word in WORD.findall(text) if word != "_"]


def quote_known_phrases(words: str) -> str:
    """Treat a multi-word term we know ("certified professional coder") as one phrase, so
    its synonyms (CPC) apply to it."""
    for phrase in MULTI_WORD_TERMS:
        pattern = r"(?<![\w\"])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![\w\"])"
        words = re.sub(pattern, f'"{phrase}"', words, flags=re.IGNORECASE)
    return words


def build_match(words: str) -> str:
    """A safe FTS5 expression: every part quoted; the last bare word also as a prefix."""
    words = quote_known_phrases(words)
    parts = list(QUERY_PART.finditer(words))
    groups: list[str] = []
    for index, part in enumerate(parts):
        phrase, bare = part.group(1), part.group(2)
        tokens = words_of(phrase if phrase is not None else bare)
        if not tokens:
            continue
        text = " ".join(tokens)
        options = [quote(text)]
        last_bare = (
            index == len(parts) - 1
            and phrase is None
            and len(tokens) == 1
            and not words.endswith(" ")
            and len(tokens[0]) >= 2
        )
        if last_bare:
            options.append(quote(text) + "*")
        key = (phrase if phrase is not None else bare).lower()
        for synonym in SYNONYMS.get(key, SYNONYMS.get(text, [])):
            options.append(quote(" ".join(words_of(synonym))))
        groups.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    return " AND ".join(groups)  # FTS5 needs the explicit AND before a parenthesised group


def marked_to_html(text: str) -> str:
    """Escape indexed text, then turn our private highlight marks into <mark>."""
    escaped = html.escape(text or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


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


def document_facets(document: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for facet, field in FACET_FIELDS.items():
        value = document.get(field)
        for item in value if isinstance(value, list) else [value]:
            if item:
                pairs.append((facet, str(item)))
    pairs += [("code", code) for code in document.get("codes", [])]
    pairs += [("code_prefix", prefix) for prefix in document.get("code_prefixes", [])]
    return pairs


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._vocab: tuple[tuple[int, float], list[str]] | None = None
        self._vocab_lock = threading.Lock()

    # ---- connections -----------------------------------------------------------------

    def _open(self, path: Path) -> sqlite3.Connection:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout = 10000")
        connection.executescript(SCHEMA)
        return connection

    def _connection(self) -> sqlite3.Connection:
        """One connection per thread, reopened when a rebuild has swapped the file."""
        try:
            inode = self.path.stat().st_ino
        except FileNotFoundError:
            inode = None
        cached = getattr(self._local, "connection", None)
        if cached is not None and self._local.inode == inode and inode is not None:
            return cached
        if cached is not None:
            cached.close()
        try:
            connection = self._open(self.path)
        except sqlite3.Error as error:
            raise SearchUnavailable(f"search index {self.path}: {error}") from error
        self._local.connection, self._local.inode = connection, self.path.stat().st_ino
        return connection

    # ---- writing -----------------------------------------------------------------------

    def upsert(self, documents: Iterable[dict[str, Any]]) -> None:
        connection = self._connection()
        try:
            with connection:
                self._write(connection, documents)
        except sqlite3.Error as error:
            raise SearchUnavailable(str(error)) from error

    def delete(self, ids: Iterable[str]) -> None:
        connection = self._connection()
        try:
            with connection:
                for doc_id in ids:
                    self._remove(connection, int(doc_id))
        except sqlite3.Error as error:
            raise SearchUnavailable(str(error)) from error

    @staticmethod
    def _remove(connection: sqlite3.Connection, rowid: int) -> None:
        connection.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM facets WHERE rowid = ?", (rowid,))
        connection.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))

    def _write(self, connection: sqlite3.Connection, documents: Iterable[dict[str, Any]]) -> int:
        written = 0
        for document in documents:
            rowid = int(document["id"])
            self._remove(connection, rowid)
            connection.execute(
                "INSERT INTO docs (rowid, body, posted_at, expires_at, salary_max)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    rowid,
                    json.dumps(document),
                    document.get("posted_at"),
                    document.get("expires_at"),
                    document.get("salary_yearly_max"),
                ),
            )
            connection.executemany(
                "INSERT OR IGNORE INTO facets (facet, value, rowid) VALUES (?, ?, ?)",
                [(facet, value, rowid) for facet, value in document_facets(document)],
            )
            connection.execute(
                "INSERT INTO fts (rowid, title, company, terms, body) VALUES (?, ?, ?, ?, ?)",
                (
                    rowid,
                    document["title"],
                    document["company"],
                    document_terms(document),
                    document.get("description", ""),
                ),
            )
            written += 1
        return written

    def rebuild(self, documents: Iterable[dict[str, Any]], total: int, progress: Any = None) -> int:
        """Write a new index file beside the live one and rename it into place."""
        fresh = self.path.with_name(self.path.name + ".new")
        fresh.unlink(missing_ok=True)
        connection = self._open(fresh)
        written = 0
        try:
            batch: list[dict[str, Any]] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= BATCH:
                    written += self._write_batch(connection, batch, progress)
                    batch = []
            written += self._write_batch(connection, batch, progress)
            connection.execute("INSERT INTO fts (fts) VALUES ('optimize')")
            connection.commit()
        finally:
            connection.close()
        os.replace(fresh, self.path)
        return written

    def _write_batch(
        self, connection: sqlite3.Connection, batch: list[dict[str, Any]], progress: Any
    ) -> int:
        with connection:
            written = self._write(connection, batch)
        if progress:
            progress(written)
        return written

    def count(self) -> int:
        return self._connection().execute("SELECT count(*) FROM docs").fetchone()[0]

    # ---- searching ---------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        try:
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

    def _where(self, query: SearchQuery, skip_facet: str | None = None) -> tuple[str, list[Any]]:
        clauses = ["(d.expires_at IS NULL OR d.expires_at > ?)"]
        params: list[Any] = [int(time.time())]
        for facet, chosen in query.filters.items():
            if facet == skip_facet or facet not in FACETS:
                continue
            marks = ",".join("?" * len(chosen))
            clauses.append(
                f"d.rowid IN (SELECT rowid FROM facets WHERE facet = ? AND value IN ({marks}))"
            )
            params += [facet, *chosen]
        if query.codes:
            exact = [c.value for c in query.codes if not c.is_prefix]
            prefixes = [c.value for c in query.codes if c.is_prefix]
            parts = []
            if exact:
                parts.append(f"(facet = 'code' AND value IN ({','.join('?' * len(exact))}))")
                params += exact
            if prefixes:
                marks = ",".join("?" * len(prefixes))
                parts.append(f"(facet = 'code_prefix' AND value IN ({marks}))")
                params += prefixes
            clauses.append(f"d.rowid IN (SELECT rowid FROM facets WHERE {' OR '.join(parts)})")
        if query.salary_min:
            clauses.append("d.salary_max >= ?")
            params.append(query.salary_min)
        if query.posted_within:
            clauses.append("d.posted_at >= ?")
            params.append(int(time.time()) - query.posted_within * 86400)
        return " AND ".join(clauses), params

    def _search(self, query: SearchQuery) -> SearchResult:
        connection = self._connection()
        match = build_match(query.words)
        where, params = self._where(query)
        if match:
            source = "fts JOIN docs d ON d.rowid = fts.rowid"
            where = f"fts MATCH ? AND {where}"
            params = [match, *params]
            rank = f"bm25(fts, {', '.join(map(str, WEIGHTS))})"
        else:
            source, rank = "docs d", "0"
        order = {
            "newest": "d.posted_at DESC, d.rowid DESC",
            "salary": "d.salary_max IS NULL, d.salary_max DESC, d.posted_at DESC",
        }.get(
            query.sort, f"{rank}, d.posted_at DESC" if match else "d.posted_at DESC, d.rowid DESC"
        )
        total = connection.execute(
            f"SELECT count(*) FROM {source} WHERE {where}", params
        ).fetchone()[0]
        rows = connection.execute(
            f"SELECT d.rowid, d.body FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, query.per_page, query.offset],
        ).fetchall()
        hits = self._hits(connection, rows, match)
        return SearchResult(hits, total, query.page, query.per_page, self._facets(query, match))

    def _hits(
        self, connection: sqlite3.Connection, rows: list[tuple[int, str]], match: str
    ) -> list[SearchHit]:
        marks: dict[int, tuple[str, str]] = {}
        if match and rows:
            ids = [rowid for rowid, _ in rows]
            for rowid, title, snippet in connection.execute(
                "SELECT rowid, highlight(fts, 0, ?, ?), snippet(fts, 3, ?, ?, '…', ?) FROM fts"
                f" WHERE fts MATCH ? AND rowid IN ({','.join('?' * len(ids))})",
                [MARK_START, MARK_END, MARK_START, MARK_END, SNIPPET_TOKENS, match, *ids],
            ):
                marks[rowid] = (title, snippet)
        hits = []
        for rowid, body in rows:
            document = json.loads(body)
            title, snippet = marks.get(rowid, (document["title"], ""))
            if not snippet or MARK_START not in snippet:
                snippet = _lead(document.get("description", ""))
            hits.append(
                SearchHit(str(rowid), marked_to_html(title), marked_to_html(snippet), document)
            )
        return hits

    def _facets(self, query: SearchQuery, match: str) -> dict[str, dict[str, int]]:
        """Counts per value, each facet counted with every filter but its own."""
        connection = self._connection()
        counts: dict[str, dict[str, int]] = {}
        for facet in FACETS:
            where, params = self._where(query, skip_facet=facet)
            source = "fts JOIN docs d ON d.rowid = fts.rowid" if match else "docs d"
            if match:
                where, params = f"fts MATCH ? AND {where}", [match, *params]
            rows = connection.execute(
                "SELECT f.value, count(*) FROM facets f WHERE f.facet = ? AND f.rowid IN"
                f" (SELECT d.rowid FROM {source} WHERE {where}) GROUP BY f.value"
                " ORDER BY count(*) DESC, f.value",
                [facet, *params],
            ).fetchall()
            counts[facet] = dict(rows)
        return counts

    # ---- typo correction ---------------------------------------------------------------

    def vocabulary(self) -> list[str]:
        """Indexed words, cached until the index file changes."""
        stat = self.path.stat()
        key = (stat.st_ino, stat.st_mtime)
        with self._vocab_lock:
            if self._vocab is None or self._vocab[0] != key:
                terms = [
                    row[0]
                    for row in self._connection().execute(
                        "SELECT term FROM fts_vocab WHERE length(term) > 2"
                    )
                ]
                self._vocab = (key, terms)
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


def _lead(text: str, limit: int = 180) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
