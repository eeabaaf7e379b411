"""The posting lifecycle: draft, submit, review, publish, close, expire and relist.

Every change of a job's state goes through a function here, so the rules (who may, from
which state, what is mailed) live in one place that views, commands and tests share.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from careercenter.accounts.models import ROLE_ADMIN, User
from careercenter.extensions import db
from careercenter.jobs.job_codes import refresh_job_codes
from careercenter.jobs.models import (
    PUBLIC_STATUSES,
    STATUS_CLOSED,
    STATUS_DRAFT,
    STATUS_EXPIRED,
    STATUS_PENDING,
    STATUS_PUBLISHED,
    STATUS_REJECTED,
    STATUS_REMOVED,
    Application,
    Job,
)
from careercenter.jobs.signals import announce_bulk_change
from careercenter.mail import send_email
from careercenter.slugs import make_slug
from careercenter.timeutil import utcnow

if TYPE_CHECKING:
    from careercenter.companies.models import Company

EDITABLE_STATUSES = (STATUS_DRAFT, STATUS_REJECTED, STATUS_PENDING, STATUS_PUBLISHED)
SUBMITTABLE_STATUSES = (STATUS_DRAFT, STATUS_REJECTED)
RENEWABLE_STATUSES = (STATUS_CLOSED, STATUS_EXPIRED)
DASHBOARD_ORDER = (
    STATUS_DRAFT,
    STATUS_PENDING,
    STATUS_REJECTED,
    STATUS_PUBLISHED,
    STATUS_EXPIRED,
    STATUS_CLOSED,
    STATUS_REMOVED,
)

log = logging.getLogger(__name__)


class JobStateError(ValueError):
    """The job is not in a state where this step makes sense; the message says why."""


# ---- queries -------------------------------------------------------------------------


def open_jobs_query(company_id: int | None = None) -> Select[tuple[Job]]:
    """Published jobs that have not expired, newest first."""
    now = utcnow()
    query = (
        select(Job)
        .where(Job.status == STATUS_PUBLISHED)
        .where(or_(Job.expires_at.is_(None), Job.expires_at > now))
        .order_by(Job.published_at.desc(), Job.id.desc())
    )
    if company_id is not None:
        query = query.where(Job.company_id == company_id)
    return query


# Deeper than anyone pages by hand, and an offset every database driver can carry
# (?page=9223372036854775807 overflowed SQLite's integer).
MAX_LIST_PAGE = 10_000


def paginate(query: Select[Any], page: int, per_page: int | None = None) -> Pagination:
    per_page = per_page or current_app.config["JOBS_PER_PAGE"]
    page = min(max(page, 1), MAX_LIST_PAGE)
    return db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)


def newest_jobs(limit: int = 10) -> list[Job]:
    """The newest listed jobs with their companies (each card names its company)."""
    query = open_jobs_query().options(joinedload(Job.company)).limit(limit)
    return list(db.session.scalars(query))


def job_visible_to(job_id: int, viewer: User | None) -> Job | None:
    """A job page is public once it has been published; earlier states only to its owners."""
    job = db.session.get(Job, job_id, options=[joinedload(Job.company)])
    if job is None:
        return None
    if job.status in PUBLIC_STATUSES:
        return job
    if viewer is not None and (can_manage(viewer, job) or getattr(viewer, "is_admin", False)):
        return job
    return None


def is_gone(job: Job) -> bool:
    """Closed or expired long enough ago that its page should answer 410 Gone."""
    if job.display_status not in (STATUS_CLOSED, STATUS_EXPIRED):
        return False
    ended = job.closed_at or job.expires_at
    grace = timedelta(days=current_app.config["JOB_GONE_AFTER_DAYS"])
    return ended is not None and ended + grace < utcnow()


def can_manage(user: User | None, job: Job) -> bool:
    """Only staff of the company that owns the job may change it."""
    return bool(
        user is not None
        and getattr(user, "is_employer", False)
        and user.company_id is not None
        and user.company_id == job.company_id
    )


def job_for_manager(job_id: int, user: User) -> Job | None:
    """The job if this user may manage it; None (shown as 404) for everyone else."""
    job = db.session.get(Job, job_id)
    return job if job is not None and can_manage(user, job) else None


def dashboard(company: Company) -> dict[str, list[tuple[Job, int]]]:
    """The company's jobs grouped by the status the employer sees, with application counts."""
    counts = (
        select(Application.job_id, func.count(Application.id).label("n"))
        .group_by(Application.job_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Job, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.job_id == Job.id)
        .where(Job.company_id == company.id)
        .order_by(Job.updated_at.desc())
    ).all()
    groups: dict[str, list[tuple[Job, int]]] = defaultdict(list)
    for job, applications in rows:
        groups[job.display_status].append((job, applications))
    return {status: groups[status] for status in DASHBOARD_ORDER if groups.get(status)}


def pending_review() -> list[Job]:
    return list(
        db.session.scalars(
            select(Job).where(Job.status == STATUS_PENDING).order_by(Job.submitted_at)
        )
    )


# ---- changes -------------------------------------------------------------------------


def create_draft(company: Company, author: User, fields: dict[str, Any]) -> Job:
    job = Job(company=company, created_by=author, status=STATUS_DRAFT)
    _apply_fields(job, fields)
    db.session.add(job)
    db.session.flush()
    refresh_job_codes(job)
    db.session.commit()
    return job


def update_job(job: Job, fields: dict[str, Any]) -> Job:
    if job.display_status not in EDITABLE_STATUSES:
        raise JobStateError("A closed or expired job cannot be edited; relist it instead.")
    _apply_fields(job, fields)
    refresh_job_codes(job)
    db.session.commit()
    return job


def _apply_fields(job: Job, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    job.slug = make_slug(job.title, 80)


def submit_job(job: Job) -> Job:
    """Send a draft to review when moderation is on, or publish it straight away."""
    if job.status not in SUBMITTABLE_STATUSES:
        raise JobStateError("Only drafts and rejected jobs can be submitted.")
    job.submitted_at = utcnow()
    job.rejection_reason = None
    if current_app.config["JOB_MODERATION"]:
        job.status = STATUS_PENDING
        _notify_admins_of_pending(job)
        db.session.commit()
        return job
    _publish(job)
    db.session.commit()
    return job


def approve_job(job: Job) -> Job:
    if job.status != STATUS_PENDING:
        raise JobStateError("Only jobs waiting for review can be approved.")
    _publish(job)
    _mail_company(job, f"Your job “{job.title}” is live", "job_approved")
    db.session.commit()
    return job


def reject_job(job: Job, reason: str) -> Job:
    if job.status != STATUS_PENDING:
        raise JobStateError("Only jobs waiting for review can be rejected.")
    job.status = STATUS_REJECTED
    job.rejection_reason = reason.strip()
    _mail_company(job, f"Your job “{job.title}” needs changes", "job_rejected")
    db.session.commit()
    return job


def close_job(job: Job, reason: str) -> Job:
    if job.status != STATUS_PUBLISHED:
        raise JobStateError("Only published jobs can be closed.")
    job.status = STATUS_CLOSED
    job.close_reason = reason
    job.closed_at = utcnow()
    db.session.commit()
    return job


def take_down(job: Job, reason: str) -> None:
    """An operator takes a job off the board (spam, a fake employer, a job that breaks the
    rules): it leaves search and its page, the employer is told why by e-mail, and it cannot
    be edited or relisted. The caller records who did it."""
    if job.status == STATUS_REMOVED:
        raise JobStateError("This job is already taken down.")
    job.status = STATUS_REMOVED
    job.rejection_reason = reason
    job.closed_at = utcnow()
    _mail_company(job, f"Your job “{job.title}” was taken down", "job_taken_down")
    db.session.commit()


def renew_job(job: Job, author: User) -> tuple[Job, bool]:
    """Relist a closed or expired job as a new posting with a fresh date, once: a job
    already relisted (a second click, or two at once) gives the copy made first. Returns the
    live copy and whether this call made it."""
    if job.relisted_as is not None:
        return job.relisted_as, False
    if job.display_status not in RENEWABLE_STATUSES:
        raise JobStateError("Only closed or expired jobs can be relisted.")
    if job.status == STATUS_PUBLISHED:  # past its date but not yet swept by `jobs expire`
        job.status = STATUS_EXPIRED
    fresh = Job(company_id=job.company_id, created_by=author, renewed_from_id=job.id)
    _apply_fields(fresh, job.copy_fields())
    fresh.status = STATUS_DRAFT
    db.session.add(fresh)
    try:
        db.session.flush()
    except IntegrityError:  # another request relisted it a moment ago
        db.session.rollback()
        earlier = db.session.scalar(select(Job).where(Job.renewed_from_id == job.id))
        if earlier is None:
            raise
        return earlier, False
    refresh_job_codes(fresh)
    return submit_job(fresh), True


def expire_due_jobs() -> int:
    """Mark published jobs past their date as expired; returns how many."""
    due = list(
        db.session.scalars(
            select(Job.id).where(Job.status == STATUS_PUBLISHED, Job.expires_at <= utcnow())
        )
    )
    if due:
        db.session.execute(update(Job).where(Job.id.in_(due)).values(status=STATUS_EXPIRED))
        announce_bulk_change(due, reason="expired")
    db.session.commit()
    return len(due)


def _publish(job: Job) -> None:
    now = utcnow()
    job.status = STATUS_PUBLISHED
    job.published_at = now
    job.expires_at = now + timedelta(days=current_app.config["JOB_EXPIRY_DAYS"])
    job.closed_at = None
    job.close_reason = None


def _mail_company(job: Job, subject: str, template: str) -> None:
    recipients = [member.email for member in job.company.members]
    if recipients:
        send_email(
            recipients,
            subject,
            template,
            job=job,
            dashboard_url=url_for("jobs.dashboard", _external=True),
            job_url=url_for("board.detail", key=job.path_key, _external=True),
        )


def _notify_admins_of_pending(job: Job) -> None:
    admins = db.session.scalars(select(User.email).where(User.role == ROLE_ADMIN)).all()
    if admins:
        send_email(
            list(admins),
            f"Job waiting for review: {job.title}",
            "job_pending",
            job=job,
            queue_url=url_for("jobs.admin_queue", _external=True),
        )
