"""Reports of jobs by seekers, and the audit log of what operators did."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.accounts.models import User
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.timeutil import utcnow

REPORT_REASONS = [
    ("spam", "Spam or a scam"),
    ("not_coding", "Not a medical coding job"),
    ("misleading", "Pay, place or facts are wrong"),
    ("filled", "The job is already filled or gone"),
    ("offensive", "Offensive or discriminatory"),
]


class JobReport(db.Model):
    """A signed-in account says a job is wrong; one report per account and job."""

    __tablename__ = "job_reports"
    __table_args__ = (UniqueConstraint("job_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When an operator dealt with it (took the job down, or found nothing wrong).
    handled_at: Mapped[datetime | None]

    job: Mapped[Job] = relationship()
    user: Mapped[User] = relationship()


class AuditEntry(db.Model):
    """One operator action: who, when, what, on which object, and why."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64))  # "job:12", "user:7"
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor: Mapped[User | None] = relationship()
