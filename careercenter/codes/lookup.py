"""Code lookup: a code typed any way (M5116, m51.16, 630), or words of its description,
inclusion terms or the coders' keywords ("herniated disc").

Ranked exact code, then codes starting with what was typed, then word matches. Numbers go
to the database through the (system, code) index; words go to a tantivy index of every
code's text, held in memory (about 1.5 s to build for the 98,000 ICD-10-CM codes, then well
under a millisecond a query) and rebuilt when the code data changes.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import tantivy
from sqlalchemy import func, select

from careercenter.caches import on_app
from careercenter.codes.models import Code
from careercenter.codes.tags import SYSTEMS, normalise_code
from careercenter.extensions import db

LOOKUP_LIMIT = 50
MAX_WORDS = 8
# How often a process checks whether another one loaded new code data.
STALE_CHECK_SECONDS = 60
# An ICD-10-CM code typed without its dot: M5116 -> M51.16, S32000A -> S32.000A.
UNDOTTED_ICD = re.compile(r"([A-Z][0-9][0-9A-Z])([0-9A-Z]{1,4})")
WORD = re.compile(r"[A-Za-z0-9]+")


def code_forms(text: str) -> list[str]:
    """The codes a lookup text may mean, as typed and with the ICD-10-CM dot put back."""
    compact = normalise_code(text)
    if not compact or not all(char.isalnum() or char in ".-" for char in compact):
        return []
    forms = [compact]
    match = UNDOTTED_ICD.fullmatch(compact)
    if match:
        forms.append(f"{match.group(1)}.{match.group(2)}")
    return forms


def _prefix_upper(prefix: str) -> str:
    return prefix + "\x7f"


def _bytewise(column: Any) -> Any:
    """The column compared byte by byte (SQLite does; PostgreSQL needs the C collation),
    so a range finds exactly the codes that start with a prefix."""
    return column.collate("C") if db.engine.dialect.name == "postgresql" else column


def _by_code(forms: list[str], limit: int) -> list[Code]:
    """Exact codes first, then codes that start with a form, shortest (highest) first."""
    if not forms:
        return []
    exact = list(
        db.session.scalars(
            select(Code).where(Code.system.in_(SYSTEMS), Code.code.in_(forms)).order_by(Code.system)
        )
    )
    prefixed: list[Code] = []
    for form in forms:
        prefixed += db.session.scalars(
            select(Code)
            .where(
                Code.system.in_(SYSTEMS),
                _bytewise(Code.code) > form,
                _bytewise(Code.code) < _prefix_upper(form),
            )
            .order_by(func.length(Code.code), Code.sort_key)
            .limit(limit)
        )
    prefixed.sort(key=lambda row: (len(row.code), row.system, row.sort_key))
    return exact + prefixed


@dataclass
class _WordIndex:
    index: tantivy.Index
    stamp: tuple[int, int]
    checked_at: float


class CodeWordIndex:
    """The words of every loaded code, for lookup by words; one per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: _WordIndex | None = None

    @staticmethod
    def _stamp() -> tuple[int, int]:
        count, highest = db.session.execute(select(func.count(Code.id), func.max(Code.id))).one()
        return int(count or 0), int(highest or 0)

    def forget(self) -> None:
        with self._lock:
            self._current = None

    def get(self) -> tantivy.Index:
        current = self._current
        now = time.monotonic()
        if current is not None and now - current.checked_at < STALE_CHECK_SECONDS:
            return current.index
        with self._lock:
            current = self._current
            stamp = self._stamp()
            if current is None or current.stamp != stamp:
                current = self._current = _WordIndex(build_word_index(), stamp, now)
            else:
                current.checked_at = now
            return current.index


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=False)
    builder.add_text_field("words", stored=False, tokenizer_name="en_stem")
    return builder.build()


SCHEMA = _schema()


def _code_text(row: Iterable[str | None]) -> str:
    return " ".join(part.replace(";", " ") for part in row if part)


def build_word_index() -> tantivy.Index:
    """Index the descriptions, our plain wording, keywords and inclusion terms of every
    code, in memory."""
    index = tantivy.Index(SCHEMA)
    writer = index.writer(heap_size=64_000_000, num_threads=1)
    rows = db.session.execute(
        select(
            Code.id,
            Code.description,
            Code.plain_description,
            Code.short_title,
            Code.keywords,
            Code.inclusion_terms,
        )
    )
    for code_id, *texts in rows:
        words = _code_text(texts)
        if not words:
            continue
        document = tantivy.Document()
        document.add_unsigned("id", code_id)
        document.add_text("words", words)
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def word_index() -> CodeWordIndex:
    """This app's index of the words in code descriptions, built on first lookup."""
    return on_app("code-word-index", CodeWordIndex)


def code_texts_know(word: str) -> bool:
    """Whether any loaded code's description, plain wording, keywords or inclusion terms
    use the word, in any of its forms: search never "corrects" cataract into catheter."""
    if not WORD.fullmatch(word):
        return False
    index = word_index().get()
    query = index.parse_query(word.lower(), ["words"])
    return index.searcher().search(query, 1, count=True).count > 0


def _by_words(text: str, limit: int) -> list[Code]:
    words = [word.lower() for word in WORD.findall(text) if len(word) > 1][:MAX_WORDS]
    if not words:
        return []
    index = word_index().get()
    query = index.parse_query(" ".join(words), ["words"], conjunction_by_default=True)
    searcher = index.searcher()
    ids = [searcher.doc(address)["id"][0] for _, address in searcher.search(query, limit).hits]
    if not ids:
        return []
    rows = {row.id: row for row in db.session.scalars(select(Code).where(Code.id.in_(ids)))}
    return [rows[code_id] for code_id in ids if code_id in rows]


def lookup(text: str, limit: int = LOOKUP_LIMIT) -> list[Code]:
    """Codes for what a visitor typed, best first, at most ``limit``."""
    text = " ".join(text.split())[:100]
    if not text:
        return []
    found = _by_code(code_forms(text), limit)
    # One token that matched codes was a code: words would only add noise (and build the
    # word index for a lookup that does not need it).
    if not found or (len(found) < limit and len(text.split()) > 1):
        found += _by_words(text, limit)
    seen: set[int] = set()
    ranked = []
    for row in found:
        if row.id not in seen:
            seen.add(row.id)
            ranked.append(row)
    return ranked[:limit]
