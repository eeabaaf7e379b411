"""The search change log and the state of the followers that apply it to an index."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from careercenter.extensions import db
from careercenter.timeutil import utcnow


class SearchChange(db.Model):
    """One row per change that affects a job's search document, written in the same
    transaction as the change. Append-only, ordered by ``seq``; kept for a retention period so
    that every index (one per machine, plus Meilisearch) can follow it with its own cursor.

    No foreign key to jobs: a deleted job still needs its row, to leave the index.
    """

    __tablename__ = "search_changes"

    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    job_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    reason: Mapped[str] = mapped_column(String(16), default="change")


class SearchFollower(db.Model):
    """Where a follower stored in the database stands: Meilisearch's cursor (an embedded index
    keeps its own inside the index), who holds the lease to write it, and the last error.
    The row named ``PRUNED_MARK`` records the last sequence id removed from the log."""

    __tablename__ = "search_followers"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    pending: Mapped[str] = mapped_column(Text, default="{}")
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None]
    documents: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SearchDocument(db.Model):
    """A job's index entry as last built (tantivy fields and facet keys, JSON), with the
    change-log sequence id it reflects. A rebuild takes entries no newer change has touched
    from here instead of building each again in Python (most of a rebuild's time)."""

    __tablename__ = "search_documents"

    job_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    body: Mapped[str] = mapped_column(Text)
