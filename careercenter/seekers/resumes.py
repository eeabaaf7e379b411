"""Who may open a resume, and how it is sent: as a download, never rendered inline."""

from __future__ import annotations

from flask import Response
from sqlalchemy import select

from careercenter.accounts.models import User
from careercenter.extensions import db
from careercenter.jobs.models import Application, Job
from careercenter.seekers.models import Resume


def resume_visible_to(resume_id: int, user: User) -> Resume | None:
    """The resume if the user owns it, or works for a company the owner applied to with it."""
    resume = db.session.get(Resume, resume_id)
    if resume is None:
        return None
    if resume.owner_id == user.id:
        return resume
    if user.is_employer and user.company_id is not None:
        applied = db.session.scalar(
            select(Application.id)
            .join(Job, Job.id == Application.job_id)
            .where(Job.company_id == user.company_id, Application.resume_id == resume.id)
            .limit(1)
        )
        if applied:
            return resume
    return None


def resume_response(resume: Resume) -> Response:
    response = Response(resume.data, mimetype=resume.mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{resume.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
