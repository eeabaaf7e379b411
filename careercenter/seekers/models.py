"""A job seeker's profile, resume files and saved jobs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from careercenter.extensions import db
from careercenter.timeutil import utcnow

VISIBILITY_PRIVATE = "private"
VISIBILITY_EMPLOYERS = "employers"


class Resume(db.Model):
    """An uploaded resume. Stored in the database, never under static/, and served only to
    its owner and to the staff of companies the owner applied to."""

    __tablename__ = "resumes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class SeekerProfile(db.Model):
    __tablename__ = "seeker_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, index=True
    )
    headline: Mapped[str] = mapped_column(String(160), default="")
    credentials: Mapped[list[str]] = mapped_column(JSON, default=list)
    apprentice: Mapped[bool] = mapped_column(default=False)
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    years_experience: Mapped[int | None]
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    willing_to_relocate: Mapped[bool] = mapped_column(default=False)
    open_to_remote: Mapped[bool] = mapped_column(default=True)
    visibility: Mapped[str] = mapped_column(String(16), default=VISIBILITY_PRIVATE)
    # Code tags the seeker has worked with (63035, 630xx), shown to employers searching.
    codes_worked: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Whether employers who find the profile may e-mail an invitation to apply.
    invitations_ok: Mapped[bool] = mapped_column(default=True, server_default=true())
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    resume: Mapped[Resume | None] = relationship()


class SavedJob(db.Model):
    __tablename__ = "saved_jobs"
    __table_args__ = (UniqueConstraint("user_id", "job_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobInvitation(db.Model):
    """An employer invited a coder who opted in to apply to a job; once per job and coder."""

    __tablename__ = "job_invitations"
    __table_args__ = (UniqueConstraint("job_id", "seeker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    seeker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
