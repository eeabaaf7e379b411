"""The pay index: one small tantivy document per job of the pay window, whichever backend
serves search, kept from the search change log like the embedded search index.

Every figure is a terms aggregation (how many postings pay each yearly figure) over the
postings a question reaches; the percentiles are worked out from those counts
(``figures.py``). Facet breakdowns read one multi-valued column per facet whose values are
(facet value, pay) pairs, so one pass over the matches counts every value's pay at once. The
aggregations of one question run side by side on two threads (tantivy lets go of the GIL).

The log position is a document of the index (id 0), committed with the changes it
describes. One process writes at a time (tantivy's lock file); a process that finds the
lock taken leaves the work to the writer. A missing or foreign index is rebuilt from the
database.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy
from flask import Flask, current_app
from tantivy import Query

from careercenter.extensions import db
from careercenter.jobs.vocabulary import VOCABULARIES
from careercenter.pay.postings import FILTER_FIELDS, every_root, lineage_roots, pay_documents
from careercenter.search import changelog
from careercenter.search.changelog import LogPosition
from careercenter.search.embedded_store import EngineFailure, committed_at, engine_failures
from careercenter.search.query import FACET_FIELDS
from careercenter.timeutil import utcnow

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: one breakdown key a document per facet
META_ID = 0
# The facets whose values are compared side by side, in the order the page shows them.
BY_FACETS = ("work_mode", "experience", "credential", "setting")
PAY_BITS = 24  # a breakdown key packs (the facet's values as bits, yearly pay in $1,000s)
BY_UNIT = 1000  # breakdown medians are to the nearest $1,000
MAX_BUCKETS = 60_000  # below tantivy's bucket limit (65,000)
WRITER_HEAP = 30_000_000
BATCH = 1000


def by_values(facet: str) -> list[str]:
    return [value for value, _ in VOCABULARIES[facet]]


BY_INDEX = {facet: {value: i for i, value in enumerate(by_values(facet))} for facet in BY_FACETS}


def by_field(facet: str) -> str:
    return f"by_{facet}"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    for field in ("annual", "listed_from", "listed_until", "open"):
        builder.add_integer_field(field, indexed=True, fast=True)
    for field in FILTER_FIELDS:
        builder.add_text_field(field, tokenizer_name="raw")
    for facet in BY_FACETS:
        builder.add_integer_field(by_field(facet), fast=True)
    builder.add_bytes_field("source", stored=True)
    return builder.build()


SCHEMA = build_schema()


def by_key(document: dict[str, Any], facet: str) -> int | None:
    """One facet of a document as one number: its values as bits, then its pay. A single
    value a document reads about ten times faster than a list of values (tantivy's
    multi-valued columns), and the few value sets that occur are split back into values
    after counting (``split_by_keys``)."""
    field = FACET_FIELDS[facet]
    chosen = document.get(field)
    chosen = [chosen] if isinstance(chosen, str) else list(chosen or [])
    bits = 0
    for value in chosen:
        if value in BY_INDEX[facet]:
            bits |= 1 << BY_INDEX[facet][value]
    if not bits:
        return None
    pay = min(round(document["annual"] / BY_UNIT), 2**PAY_BITS - 1)
    return (bits << PAY_BITS) | pay


def entry(document: dict[str, Any]) -> tantivy.Document:
    fields: dict[str, Any] = {
        name: document[name] for name in ("id", "listed_from", "listed_until", "open")
    }
    fields["source"] = json.dumps({"job_id": document["job_id"]}).encode()
    for field in FILTER_FIELDS:
        value = document.get(field)
        if value:
            fields[field] = [value] if isinstance(value, str) else list(value)
    if document.get("annual") is not None:
        fields["annual"] = document["annual"]
        for facet in BY_FACETS:
            key = by_key(document, facet)
            if key is not None:
                fields[by_field(facet)] = key
    return tantivy.Document(**fields)


def meta_entry(position: LogPosition) -> tantivy.Document:
    meta = {"schema": SCHEMA_VERSION, "position": json.loads(position.to_json())}
    return tantivy.Document(id=META_ID, source=json.dumps(meta).encode())


class PayIndex:
    """The pay index of one directory, as this process reads and (sometimes) writes it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        self._index: tantivy.Index | None = None
        self._loaded: int | None = None
        self.checked_at = 0.0

    # ---- opening and reading -----------------------------------------------------------

    def index(self) -> tantivy.Index:
        """The index, reloaded when another process committed since this one looked."""
        with self.lock:
            stamp = committed_at(self.path)
            if self._index is None or stamp is None:
                self._index = self._open()
                self._loaded = committed_at(self.path)
            elif stamp != self._loaded:
                self._index.reload()
                self._loaded = stamp
            return self._index

    def _open(self) -> tantivy.Index:
        """Open the index; one missing, damaged or of another shape is started afresh (it is
        derived from the database, so nothing is lost) and rebuilt by the next catch-up."""
        if (self.path / "meta.json").is_file():
            try:
                with engine_failures():
                    index = tantivy.Index.open(str(self.path))
                if index.schema == SCHEMA:
                    return index  # without its position document it is rebuilt
                log.warning("pay index at %s is of another shape; starting afresh", self.path)
            except EngineFailure as error:
                log.warning("pay index at %s is damaged (%s); starting afresh", self.path, error)
            shutil.rmtree(self.path, ignore_errors=True)
        with engine_failures():
            self.path.mkdir(parents=True, exist_ok=True)
            return tantivy.Index(SCHEMA, path=str(self.path), reuse=False)

    @staticmethod
    def _meta(index: tantivy.Index) -> dict[str, Any] | None:
        searcher = index.searcher()
        hits = searcher.search(Query.term_query(SCHEMA, "id", META_ID), 1).hits
        if not hits:
            return None
        meta = json.loads(searcher.doc(hits[0][1])["source"][0])
        return meta if meta.get("schema") == SCHEMA_VERSION else None  # else: rebuilt

    def position(self) -> LogPosition | None:
        meta = self._meta(self.index())
        return None if meta is None else LogPosition.from_json(json.dumps(meta["position"]))

    def searcher(self) -> tantivy.Searcher:
        return self.index().searcher()

    # ---- writing -----------------------------------------------------------------------

    def _writer(self) -> Any | None:
        """tantivy's writer, or None while another process holds the lock."""
        try:
            return self.index().writer(heap_size=WRITER_HEAP, num_threads=1)
        except ValueError as error:
            if "LockBusy" in str(error) or "lock" in str(error).lower():
                return None
            raise

    def _commit(self, writer: Any) -> None:
        writer.commit()
        writer.wait_merging_threads()  # ends the writer: the lock goes with it
        with self.lock:
            self.index().reload()
            self._loaded = committed_at(self.path)

    def catch_up(self, rebuild: Callable[[], int] | None = None) -> int:
        """Apply what the change log holds past this index's position; a missing index, or one
        behind the retained log, is rebuilt (here, or by ``rebuild``, which a request passes
        to hand a large rebuild to a thread). Returns how many changes were applied."""
        self.checked_at = time.monotonic()
        rebuild = rebuild or self.rebuild
        position = self.position()
        if position is None:
            return rebuild()
        try:
            changelog.check_same_log(position)
        except changelog.DatabaseMovedBack:
            return rebuild()
        if position.cursor < changelog.pruned_through():
            return rebuild()
        total = 0
        while True:
            changes = changelog.changes_after(position, BATCH)
            moved = changelog.advance(position, changes, time.time())
            if not changes and moved == position:
                db.session.rollback()
                return total
            roots = lineage_roots(sorted({change.job_id for change in changes}))
            documents = pay_documents(roots)
            db.session.rollback()
            writer = self._writer()
            if writer is None:
                return total
            with engine_failures():
                if self.position() != position:  # another process got here first
                    writer.rollback()
                    writer.wait_merging_threads()
                    return total
                for root in roots:
                    writer.delete_documents_by_term("id", root)
                for document in documents:
                    writer.add_document(entry(document))
                writer.delete_documents_by_term("id", META_ID)
                writer.add_document(meta_entry(moved))
                self._commit(writer)
            total += len(changes)
            position = moved
            if len(changes) < BATCH:
                return total

    @property
    def ready(self) -> bool:
        """Whether the index has been built (it may be behind, never empty for want of it)."""
        return self.position() is not None

    def rebuild(self, documents: Iterable[dict[str, Any]] | None = None) -> int:
        """Write every job's document afresh, from the database (or ``documents``), then
        follow the log from where the reading began."""
        position = changelog.start_position(utcnow())
        writer = self._writer()
        if writer is None:
            return 0
        written = 0
        with engine_failures():
            writer.delete_all_documents()
            for document in documents if documents is not None else database_documents():
                writer.add_document(entry(document))
                written += 1
            writer.add_document(meta_entry(position))
            self._commit(writer)
        db.session.rollback()
        log.info("pay index rebuilt: %d jobs", written)
        if documents is None:
            self.catch_up()
        return written


def database_documents() -> Iterable[dict[str, Any]]:
    for roots in every_root(BATCH):
        documents = pay_documents(roots)
        db.session.expunge_all()  # a rebuild of a large board keeps no jobs in memory
        yield from documents


# ---- questions ------------------------------------------------------------------------

POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pay-aggregation")


def value_counts(buckets: list[dict[str, Any]]) -> dict[int, int]:
    return {int(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}


def terms(field: str) -> dict[str, Any]:
    return {"terms": {"field": field, "size": MAX_BUCKETS}}


def aggregate(searcher: tantivy.Searcher, scope: Query, aggregations: dict[str, Any]) -> dict:
    with engine_failures():
        return searcher.aggregate(scope, aggregations)


def count(searcher: tantivy.Searcher, scope: Query) -> int:
    with engine_failures():
        return searcher.search(scope, 1, count=True).count


def split_by_keys(counts: dict[int, int], facet: str) -> dict[str, dict[int, int]]:
    """(value bits, pay) key counts -> value -> pay in dollars -> postings."""
    values = by_values(facet)
    split: dict[str, dict[int, int]] = {}
    mask = 2**PAY_BITS - 1
    named: dict[int, list[str]] = {}
    for key, postings in counts.items():
        bits = key >> PAY_BITS
        if bits not in named:
            named[bits] = [value for i, value in enumerate(values) if bits >> i & 1]
        pay = (key & mask) * BY_UNIT
        for value in named[bits]:
            tally = split.setdefault(value, {})
            tally[pay] = tally.get(pay, 0) + postings
    return split


def run_side_by_side(work: list[Any]) -> list[Any]:
    """Run the question's aggregations on the two threads (each lets go of the GIL)."""
    futures = [POOL.submit(job) for job in work]
    return [future.result() for future in futures]


def every_posting() -> Query:
    return Query.range_query(SCHEMA, "listed_until", tantivy.FieldType.Integer, lower_bound=1)


PAY_EXTENSION = "careercenter.pay"


def get_pay_index(app: Flask | None = None) -> PayIndex:
    """This app's pay index, made once per process."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    index = app.extensions.get(PAY_EXTENSION)
    if index is None:
        index = app.extensions[PAY_EXTENSION] = PayIndex(app.config["PAY_INDEX_PATH"])
    return index
