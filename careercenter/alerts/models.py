"""Saved searches that e-mail new matching jobs, and what each has already sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from careercenter.extensions import db
from careercenter.timeutil import utcnow

FREQUENCIES = [
    ("instant", "As soon as they are posted"),
    ("daily", "Once a day"),
    ("weekly", "Once a week"),
]


class SavedSearch(db.Model):
    """A search a seeker (or a guest who confirmed an address) wants to hear about.

    ``query_string`` is the search page's own query string, so an alert means exactly
    what the page showed.
    """

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    query_string: Mapped[str] = mapped_column(Text, default="")
    label: Mapped[str] = mapped_column(String(200), default="")
    frequency: Mapped[str] = mapped_column(String(10), default="daily")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_sent_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class AlertDelivery(db.Model):
    """One job sent by one alert: the record that keeps a job from being sent twice."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("saved_search_id", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE"), index=True
    )
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
