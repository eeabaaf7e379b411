"""Job postings, the applications they collect and the codes each job needs."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.codes.models import SortKey
from careercenter.extensions import db
from careercenter.timeutil import utcnow

if TYPE_CHECKING:
    from careercenter.accounts.models import User
    from careercenter.companies.models import Company
    from careercenter.seekers.models import Resume

STATUS_DRAFT = "draft"
STATUS_PENDING = "pending"
STATUS_PUBLISHED = "published"
STATUS_REJECTED = "rejected"
STATUS_CLOSED = "closed"
STATUS_EXPIRED = "expired"
STATUS_REMOVED = "removed"  # taken down by an operator, with a reason
STATUSES = (
    STATUS_DRAFT,
    STATUS_PENDING,
    STATUS_PUBLISHED,
    STATUS_REJECTED,
    STATUS_CLOSED,
    STATUS_EXPIRED,
    STATUS_REMOVED,
)
# A job's page is public once it has been published, through its closing and expiry.
PUBLIC_STATUSES = (STATUS_PUBLISHED, STATUS_CLOSED, STATUS_EXPIRED)
STATUS_LABELS = {
    STATUS_DRAFT: "Draft",
    STATUS_PENDING: "Pending review",
    STATUS_PUBLISHED: "Published",
    STATUS_REJECTED: "Rejected",
    STATUS_CLOSED: "Closed",
    STATUS_EXPIRED: "Expired",
    STATUS_REMOVED: "Taken down",
}
CLOSE_REASONS = [("filled", "The position was filled"), ("withdrawn", "We withdrew the posting")]


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_status_published_at", "status", "published_at"),
        # A job is relisted once: a second click (or two at once) finds the copy made first.
        Index("uq_jobs_renewed_from_id", "renewed_from_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    renewed_from_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))

    title: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(90))
    description: Mapped[str] = mapped_column(Text)

    work_mode: Mapped[str] = mapped_column(String(16))
    remote_states: Mapped[list[str]] = mapped_column(JSON, default=list)
    remote_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2), default="US")

    employment_type: Mapped[str] = mapped_column(String(16))
    settings: Mapped[list[str]] = mapped_column(JSON, default=list)
    code_systems: Mapped[list[str]] = mapped_column(JSON, default=list)
    credentials_required: Mapped[list[str]] = mapped_column(JSON, default=list)
    credentials_preferred: Mapped[list[str]] = mapped_column(JSON, default=list)
    apprentice_accepted: Mapped[bool] = mapped_column(default=False)
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_years_experience: Mapped[int | None]
    productivity_target: Mapped[int | None]
    productivity_unit: Mapped[str | None] = mapped_column(String(32))
    accuracy_target: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    expectations_note: Mapped[str | None] = mapped_column(String(300))
    ehr_systems: Mapped[list[str]] = mapped_column(JSON, default=list)

    salary_min: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    salary_max: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    salary_currency: Mapped[str] = mapped_column(String(3), default="USD")
    salary_unit: Mapped[str] = mapped_column(String(8), default="YEAR")

    apply_method: Mapped[str] = mapped_column(String(8), default="site")
    apply_url: Mapped[str | None] = mapped_column(String(500))
    apply_email: Mapped[str | None] = mapped_column(String(254))

    # Tags exactly as the employer typed them; parsing and expansion belong to codes/.
    code_tags: Mapped[list[str]] = mapped_column(JSON, default=list)

    status: Mapped[str] = mapped_column(String(16), default=STATUS_DRAFT, index=True)
    close_reason: Mapped[str | None] = mapped_column(String(16))
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    views_count: Mapped[int] = mapped_column(default=0)
    apply_clicks: Mapped[int] = mapped_column(default=0, server_default="0")

    company: Mapped[Company] = relationship(back_populates="jobs")
    renewed_from: Mapped[Job | None] = relationship(
        remote_side=[id], back_populates="relisted_as", foreign_keys=[renewed_from_id]
    )
    relisted_as: Mapped[Job | None] = relationship(
        back_populates="renewed_from", uselist=False, foreign_keys=[renewed_from_id]
    )
    created_by: Mapped[User | None] = relationship()
    applications: Mapped[list[Application]] = relationship(
        back_populates="job", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Open means listed and accepting applications right now."""
        return self.status == STATUS_PUBLISHED and (
            self.expires_at is None or self.expires_at > utcnow()
        )

    @property
    def display_status(self) -> str:
        """The status a person should see: a published job past its date reads as expired."""
        if self.status == STATUS_PUBLISHED and not self.is_open:
            return STATUS_EXPIRED
        return self.status

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.state) if part)

    @property
    def path_key(self) -> str:
        return f"{self.id}-{self.slug}"

    def copy_fields(self) -> dict[str, Any]:
        """The employer-entered content of this posting, for relisting it as a new job."""
        return {name: getattr(self, name) for name in JOB_CONTENT_FIELDS}

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.status}>"


JOB_CONTENT_FIELDS = (
    "title",
    "description",
    "work_mode",
    "remote_states",
    "remote_countries",
    "city",
    "state",
    "postal_code",
    "country",
    "employment_type",
    "settings",
    "code_systems",
    "credentials_required",
    "credentials_preferred",
    "apprentice_accepted",
    "specialties",
    "min_years_experience",
    "productivity_target",
    "productivity_unit",
    "accuracy_target",
    "expectations_note",
    "ehr_systems",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_unit",
    "apply_method",
    "apply_url",
    "apply_email",
    "code_tags",
)


STAGES = [
    ("new", "New"),
    ("reviewed", "Reviewed"),
    ("phone_screen", "Phone screen"),
    ("interview", "Interview"),
    ("offer", "Offer"),
    ("hired", "Hired"),
    ("rejected", "Not selected"),
]


class Application(db.Model):
    """A seeker's application to a job taken on the site."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("job_id", "seeker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    resume_id: Mapped[int | None] = mapped_column(ForeignKey("resumes.id", ondelete="SET NULL"))
    stage: Mapped[str] = mapped_column(String(16), default="new")
    cover_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    stage_changed_at: Mapped[datetime | None]

    job: Mapped[Job] = relationship(back_populates="applications")
    seeker: Mapped[User] = relationship()
    resume: Mapped[Resume | None] = relationship()
    notes: Mapped[list[ApplicationNote]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationNote.id"
    )

    @property
    def stage_label(self) -> str:
        return dict(STAGES).get(self.stage, self.stage)


class ApplicationNote(db.Model):
    """A private note by the employer's staff; applicants never see these."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    application: Mapped[Application] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()


class JobCode(db.Model):
    """One code a job needs: its exact tags plus every known code its families and ranges
    cover. Rebuilt whenever the job's tags or the code data change."""

    __tablename__ = "job_codes"
    __table_args__ = (
        UniqueConstraint("job_id", "system", "code"),
        Index("ix_job_codes_system_code", "system", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    system: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    sort_key: Mapped[str] = mapped_column(SortKey, default="", server_default="")


Index("ix_job_codes_system_sort_key", JobCode.system, JobCode.sort_key)
