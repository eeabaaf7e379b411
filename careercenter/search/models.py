"""The search outbox: one row per job change that the index has not seen yet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from careercenter.extensions import db
from careercenter.timeutil import utcnow


class SearchOutbox(db.Model):
    """Written in the same transaction as the change; marked processed once the index has
    it, and kept a day so a reindex can replay what it raced with.

    No foreign key to jobs: a deleted job still needs its row, to leave the index.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None]
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(16), default="change")
