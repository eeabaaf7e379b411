"""Applying on the site and moving applicants through an employer's stages."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from flask import url_for
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from careercenter.accounts.models import User
from careercenter.extensions import db
from careercenter.jobs.models import STAGES, Application, ApplicationNote, Job
from careercenter.mail import send_email
from careercenter.seekers.service import profile_of, store_resume
from careercenter.timeutil import utcnow

STAGE_VALUES = {value for value, _ in STAGES}


class ApplicationError(ValueError):
    """The application cannot be taken; the message is safe to show."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def existing_application(job: Job, seeker: User) -> Application | None:
    return db.session.scalar(
        select(Application).where(Application.job_id == job.id, Application.seeker_id == seeker.id)
    )


def apply(
    job: Job, seeker: User, cover_note: str, upload: FileStorage | None, use_profile_resume: bool
) -> Application:
    """Take an application; the employer's staff are e-mailed, and the seeker gets a
    receipt. Raises ApplicationError."""
    if not job.is_open:
        raise ApplicationError("This job is no longer accepting applications.")
    if job.apply_method != "site":
        raise ApplicationError("This employer takes applications on their own site or by e-mail.")
    previous = existing_application(job, seeker)
    if previous is not None:
        raise ApplicationError(
            f"You already applied on {previous.created_at:%b %-d, %Y}; "
            "you can follow it under My applications."
        )
    if upload is not None and upload.filename:
        resume = store_resume(seeker, upload)
    elif use_profile_resume and profile_of(seeker).resume is not None:
        resume = profile_of(seeker).resume
    else:
        raise ApplicationError("Attach a resume, or add one to your profile first.", "resume")
    application = Application(job=job, seeker=seeker, resume=resume, cover_note=cover_note.strip())
    db.session.add(application)
    try:
        db.session.flush()
    except IntegrityError as error:  # a double click raced the check above
        db.session.rollback()
        raise ApplicationError("You already applied to this job.") from error
    _notify_employer(application)  # queued with the application, in one transaction
    send_email(
        seeker.email,
        f"Your application to {job.company.name} is sent",
        "application_sent",
        application=application,
        job=job,
        link=url_for("applications.mine", _external=True),
    )
    db.session.commit()
    return application


def _notify_employer(application: Application) -> None:
    job = application.job
    recipients = [member.email for member in job.company.members]
    if recipients:
        send_email(
            recipients,
            f"New applicant for {job.title}",
            "new_application",
            application=application,
            job=job,
            link=url_for("applications.detail", application_id=application.id, _external=True),
        )


def application_for_staff(application_id: int, user: User) -> Application | None:
    """The application if the user works for the company that posted the job."""
    application = db.session.get(Application, application_id)
    if application is None or not user.is_employer or user.company_id is None:
        return None
    return application if application.job.company_id == user.company_id else None


def move_to_stage(application: Application, stage: str) -> None:
    if stage not in STAGE_VALUES:
        raise ApplicationError("Choose one of the listed stages.", "stage")
    if application.stage != stage:
        application.stage = stage
        application.stage_changed_at = utcnow()
        db.session.commit()


def add_note(application: Application, author: User, text: str) -> ApplicationNote:
    note = ApplicationNote(application=application, author=author, text=text.strip())
    db.session.add(note)
    db.session.commit()
    return note


def applications_of(seeker: User) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.seeker_id == seeker.id)
            .order_by(Application.created_at.desc())
        )
    )


def count_apply_click(job: Job) -> None:
    """Count a visit to the employer's own application page, in one UPDATE."""
    db.session.execute(
        update(Job).where(Job.id == job.id).values(apply_clicks=Job.apply_clicks + 1)
    )
    db.session.commit()


@dataclass(frozen=True)
class OutsideDestination:
    """Where a job takes applications off the board: a web page or a mail address."""

    kind: str  # "url" or "email"
    href: str
    shown: str  # the host or the address, as the seeker should read it


def outside_destination(job: Job) -> OutsideDestination | None:
    """The address as the employer published it, checked again here (only http(s) with a
    host, only a plain address), so nothing stored another way becomes a link."""
    if job.apply_method == "url" and job.apply_url:
        parts = urlsplit(job.apply_url.strip())
        if parts.scheme in ("http", "https") and parts.hostname:
            return OutsideDestination("url", parts.geturl(), parts.hostname)
    if job.apply_method == "email" and job.apply_email and "@" in job.apply_email:
        address = job.apply_email.strip()
        subject = quote(f"Application: {job.title}")
        return OutsideDestination(
            "email", f"mailto:{quote(address, safe='@')}?subject={subject}", address
        )
    return None
