"""What operators do, each step written to the audit log in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from careercenter.accounts.models import ROLE_ADMIN, User
from careercenter.accounts.sessions import revoke_all
from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.jobs import service as jobs
from careercenter.jobs.models import PUBLIC_STATUSES, Job
from careercenter.moderation.models import REPORT_REASONS, AuditEntry, JobReport
from careercenter.timeutil import utcnow

LISTED = 50


class ModerationError(ValueError):
    """The step cannot be taken; the message is safe to show."""


def record(actor: User, action: str, target: str, reason: str = "") -> None:
    """Write one audit entry; the caller's transaction commits it with the action."""
    db.session.add(AuditEntry(actor_id=actor.id, action=action, target=target, reason=reason))


def take_down_job(actor: User, job: Job, reason: str) -> None:
    """Take a job off the board, tell its employer, close the reports about it."""
    record(actor, "take_down_job", f"job:{job.id}", reason)
    _close_reports(job)
    try:
        jobs.take_down(job, reason)  # commits, with the audit entry
    except jobs.JobStateError as error:
        db.session.rollback()
        raise ModerationError(str(error)) from error


def dismiss_reports(actor: User, job: Job) -> int:
    """The job was checked and is fine: its open reports are closed."""
    closed = _close_reports(job)
    record(actor, "dismiss_reports", f"job:{job.id}", f"{closed} report(s)")
    db.session.commit()
    return closed


def _close_reports(job: Job) -> int:
    open_reports = db.session.scalars(
        select(JobReport).where(JobReport.job_id == job.id, JobReport.handled_at.is_(None))
    ).all()
    for report in open_reports:
        report.handled_at = utcnow()
    return len(open_reports)


def suspend(actor: User, user: User, reason: str) -> None:
    """The account cannot log in, and every session it has ends now."""
    if user.id == actor.id or user.role == ROLE_ADMIN:
        raise ModerationError("Operators' accounts are not suspended from here.")
    if user.suspended_at is not None:
        raise ModerationError("This account is already suspended.")
    user.suspended_at, user.suspended_reason = utcnow(), reason
    record(actor, "suspend_user", f"user:{user.id}", reason)
    db.session.commit()
    revoke_all(user)


def reinstate(actor: User, user: User) -> None:
    if user.suspended_at is None:
        raise ModerationError("This account is not suspended.")
    user.suspended_at, user.suspended_reason = None, None
    record(actor, "reinstate_user", f"user:{user.id}")
    db.session.commit()


def report_job(user: User, job: Job, reason: str, note: str) -> bool:
    """A signed-in account reports a public job, once; False when it had already."""
    if job.status not in PUBLIC_STATUSES:
        raise ModerationError("This job is not listed.")
    db.session.add(JobReport(job_id=job.id, user_id=user.id, reason=reason, note=note or ""))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def has_reported(user: User, job: Job) -> bool:
    return (
        db.session.scalar(
            select(JobReport.id).where(JobReport.job_id == job.id, JobReport.user_id == user.id)
        )
        is not None
    )


@dataclass
class ReportedJob:
    job: Job
    count: int
    reasons: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def open_reports() -> list[ReportedJob]:
    """Jobs with reports nobody has dealt with, the most reported first."""
    labels = dict(REPORT_REASONS)
    grouped: dict[int, ReportedJob] = {}
    rows = db.session.scalars(
        select(JobReport).where(JobReport.handled_at.is_(None)).order_by(JobReport.created_at)
    ).all()
    for report in rows:
        entry = grouped.setdefault(report.job_id, ReportedJob(report.job, 0))
        entry.count += 1
        label = labels.get(report.reason, report.reason)
        entry.reasons[label] = entry.reasons.get(label, 0) + 1
        if report.note:
            entry.notes.append(report.note)
    return sorted(grouped.values(), key=lambda entry: -entry.count)


def _matching(text: str, *columns: Any) -> Any:
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(*[func.lower(column).like(pattern.lower(), escape="\\") for column in columns])


def find_users(text: str) -> list[User]:
    query = select(User).order_by(User.created_at.desc()).limit(LISTED)
    if text:
        query = query.where(_matching(text, User.email, User.name))
    return list(db.session.scalars(query))


def find_companies(text: str) -> list[Company]:
    query = select(Company).order_by(Company.name).limit(LISTED)
    if text:
        query = query.where(_matching(text, Company.name, Company.slug))
    return list(db.session.scalars(query))


def audit_log(limit: int = 200) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry)
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
