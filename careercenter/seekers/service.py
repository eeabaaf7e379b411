"""Seeker rules: the profile, resume uploads, saved jobs and the jobs a seeker qualifies for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from careercenter.accounts.models import User
from careercenter.extensions import db
from careercenter.jobs.models import PUBLIC_STATUSES, Application, Job
from careercenter.search.backend import SearchUnavailable
from careercenter.search.query import MAX_PER_PAGE, SearchHit, SearchQuery
from careercenter.search.service import search_jobs
from careercenter.seekers.models import Resume, SavedJob, SeekerProfile
from careercenter.seekers.qualify import fit
from careercenter.uploads import RESUME_KINDS, read_checked_upload

RESUME_MAX_BYTES = 5 * 1024 * 1024
PROFILE_FIELDS = (
    "headline",
    "credentials",
    "apprentice",
    "specialties",
    "years_experience",
    "city",
    "state",
    "willing_to_relocate",
    "open_to_remote",
    "visibility",
    "codes_worked",
    "invitations_ok",
)


def existing_profile(user: User) -> SeekerProfile | None:
    """The seeker's profile if they have one; for pages that only show it."""
    return db.session.scalar(select(SeekerProfile).where(SeekerProfile.user_id == user.id))


def profile_of(user: User) -> SeekerProfile:
    """The seeker's profile, created empty on first use."""
    profile = existing_profile(user)
    if profile is None:
        profile = SeekerProfile(user_id=user.id)
        db.session.add(profile)
        db.session.flush()
    return profile


def store_resume(owner: User, upload: FileStorage) -> Resume:
    """Keep an uploaded resume after checking its content (raises UploadError)."""
    data, kind = read_checked_upload(upload, RESUME_KINDS, RESUME_MAX_BYTES)
    name = secure_filename(upload.filename or "") or f"resume.{kind.extension}"
    if not name.lower().endswith("." + kind.extension):
        name = f"{name.rsplit('.', 1)[0]}.{kind.extension}"
    resume = Resume(
        owner_id=owner.id, filename=name[:200], mime=kind.mime, size=len(data), data=data
    )
    db.session.add(resume)
    db.session.flush()
    return resume


def save_profile(user: User, fields: dict[str, Any], upload: FileStorage | None) -> SeekerProfile:
    profile = profile_of(user)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    profile.city = profile.city or None
    profile.state = profile.state or None
    if upload is not None and upload.filename:
        profile.resume = store_resume(user, upload)
    db.session.commit()
    return profile


def save_job(user: User, job: Job) -> bool:
    """Bookmark a job; returns False when it was already saved."""
    exists = db.session.scalar(
        select(SavedJob.id).where(SavedJob.user_id == user.id, SavedJob.job_id == job.id)
    )
    if exists:
        return False
    db.session.add(SavedJob(user_id=user.id, job_id=job.id))
    db.session.commit()
    return True


def unsave_job(user: User, job_id: int) -> None:
    db.session.execute(
        delete(SavedJob).where(SavedJob.user_id == user.id, SavedJob.job_id == job_id)
    )
    db.session.commit()


def saved_jobs(user: User) -> list[Job]:
    """The seeker's saved jobs that are public (a job taken back to a draft or under review
    is not shown, whatever was saved)."""
    return list(
        db.session.scalars(
            select(Job)
            .join(SavedJob, SavedJob.job_id == Job.id)
            .where(SavedJob.user_id == user.id, Job.status.in_(PUBLIC_STATUSES))
            .order_by(SavedJob.saved_at.desc())
        )
    )


def saved_job_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(SavedJob.job_id).where(SavedJob.user_id == user.id)))


@dataclass(frozen=True)
class QualifiedJob:
    """A job listed as one the seeker qualifies for, with the reasons it fits."""

    hit: SearchHit
    reasons: tuple[str, ...]


CANDIDATE_PAGES = 4  # up to 200 of the newest jobs that name a held credential


def closeness(profile: SeekerProfile, document: dict[str, Any]) -> int:
    """Among jobs that fit, how close one is: specialties shared, preferred credentials held."""
    score = 3 * len(set(profile.specialties or []) & set(document.get("specialties", [])))
    return score + len(set(profile.credentials or []) & set(document.get("credentials", [])))


def jobs_you_qualify_for(user: User, limit: int = 10) -> list[QualifiedJob]:
    """Open jobs the seeker qualifies for by every rule of ``seekers.qualify`` (credentials,
    years, where the job hires), closest to the profile first, then newest, leaving out jobs
    already applied to. The
    candidates are the newest jobs that name a credential the seeker holds; each is checked
    on the job itself, not on its search document."""
    profile = existing_profile(user)
    if profile is None or not profile.credentials:
        return []
    applied = set(
        db.session.scalars(select(Application.job_id).where(Application.seeker_id == user.id))
    )
    listed: list[QualifiedJob] = []
    for page in range(1, CANDIDATE_PAGES + 1):
        query = SearchQuery(
            filters={"credential": sorted(profile.credentials)},
            sort="newest",
            page=page,
            per_page=MAX_PER_PAGE,
            with_facets=False,
        )
        try:
            hits = search_jobs(query).hits
        except SearchUnavailable:
            return listed
        jobs = {
            job.id: job
            for job in db.session.scalars(
                select(Job).where(Job.id.in_([int(hit.id) for hit in hits]))
            )
        }
        for hit in hits:
            job = jobs.get(int(hit.id))
            if job is None or not job.is_open or job.id in applied:
                continue
            fits = fit(profile, job)
            if fits is not None:
                listed.append(QualifiedJob(hit, fits.reasons))
        if len(listed) >= limit or len(hits) < MAX_PER_PAGE:
            break
    listed.sort(key=lambda match: -closeness(profile, match.hit.document))  # stable: newest next
    return listed[:limit]
