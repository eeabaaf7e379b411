"""Index entries kept in the database, so that a full rebuild of the embedded index does not
build every job's entry again in Python.

Whoever builds a job's search document (the follower applying changes, a rebuild) keeps its
tantivy fields and facet keys in ``search_documents`` with the newest change-log sequence id
it reflects. Every change to a job, its company or its codes is in the change log (written in
the same transaction), so a kept entry is current unless the log holds a newer change for
that job: a rebuild takes current entries as they are and builds only the others.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import tantivy
from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from careercenter.extensions import db
from careercenter.search.documents import all_open_documents
from careercenter.search.embedded_schema import (
    SCHEMA_VERSION,
    entry_fields,
    facet_keys,
    fields_document,
)
from careercenter.search.models import SearchChange, SearchDocument

BATCH = 2000
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedEntry:
    """A job's index entry: the tantivy fields and the facet keys it adds to the totals."""

    fields: dict[str, Any]
    facets: frozenset[str]

    def document(self) -> tantivy.Document:
        return fields_document(self.fields)

    def body(self) -> str:
        return orjson.dumps(
            {"v": SCHEMA_VERSION, "f": self.fields, "k": sorted(self.facets)}
        ).decode()

    @classmethod
    def from_body(cls, body: str) -> PreparedEntry | None:
        """The kept entry, or None when it was built for another index schema."""
        # orjson: reading the kept entries is a rebuild's largest Python cost
        data = orjson.loads(body)
        if data.get("v") != SCHEMA_VERSION:
            return None
        return cls(data["f"], frozenset(data["k"]))


def prepare(document: dict[str, Any]) -> PreparedEntry:
    return PreparedEntry(entry_fields(document), frozenset(facet_keys(document)))


def keep_entries(entries: list[PreparedEntry], gone: list[str], seq: int) -> None:
    """Keep entries just built (reflecting the log up to ``seq``) and forget those of jobs
    that left the index. The caller commits.

    Rows are written in job order, so two followers or a rebuild beside them lock them in
    the same order; should one still lose a deadlock, nothing is kept this time, which only
    costs the next rebuild the work (an entry older than a job's newest change is not used).
    """
    rows = sorted(
        ({"job_id": item.fields["id"], "seq": seq, "body": item.body()} for item in entries),
        key=lambda row: row["job_id"],
    )
    try:
        with db.session.begin_nested():
            if gone:
                ids = sorted(int(i) for i in gone)
                db.session.execute(delete(SearchDocument).where(SearchDocument.job_id.in_(ids)))
            for start in range(0, len(rows), BATCH):
                _upsert(rows[start : start + BATCH])
    except DBAPIError as error:
        log.warning("search index entries not kept this time: %s", str(error.orig).splitlines()[0])


def _upsert(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(SearchDocument).values(rows)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["job_id"],
            set_={"seq": statement.excluded.seq, "body": statement.excluded.body},
        )
    )


def open_entries(ids: list[int], seq: int) -> Iterator[PreparedEntry]:
    """The entries of these (open) jobs: kept ones that no newer change touched, the rest
    built now from the database and kept (as reflecting the log up to ``seq``)."""
    newest = dict(
        db.session.execute(
            select(SearchChange.job_id, func.max(SearchChange.seq)).group_by(SearchChange.job_id)
        ).all()
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        kept = db.session.execute(
            select(SearchDocument.job_id, SearchDocument.seq, SearchDocument.body).where(
                SearchDocument.job_id.in_(chunk)
            )
        ).all()
        current: dict[int, PreparedEntry] = {}
        for job_id, at, body in kept:
            if newest.get(job_id, 0) <= at and (entry := PreparedEntry.from_body(body)):
                current[job_id] = entry
        yield from current.values()
        missing = [job_id for job_id in chunk if job_id not in current]
        if missing:
            built = [prepare(document) for document in all_open_documents(missing)]
            keep_entries(built, [], seq)
            db.session.commit()
            yield from built
