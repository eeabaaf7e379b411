"""Employers finding coders: only seekers who chose "Employers searching for coders" are
listed, showing what they chose to share (headline, credentials, specialties, codes worked,
years, state, remote) and never their name, address or resume. An employer may invite one
to apply to an open job of its company, once per job; the seeker can turn invitations off.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from careercenter.accounts.models import ROLE_SEEKER, User
from careercenter.codes.tags import TagError, parse_tag
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.mail import send_email
from careercenter.seekers.models import VISIBILITY_EMPLOYERS, JobInvitation, SeekerProfile

LISTED = 50


class InvitationError(ValueError):
    """The invitation cannot be sent; the message is safe to show."""


@dataclass(frozen=True)
class CoderSearch:
    credential: str = ""
    specialty: str = ""
    code: str = ""
    min_years: int | None = None
    state: str = ""
    remote: bool = False


def _works_with(profile: SeekerProfile, code: str) -> bool:
    """A code worked (63035) or a family or range the seeker named (630xx) meets the code."""
    for text in profile.codes_worked or []:
        try:
            tag = parse_tag(text)
        except TagError:
            continue
        if tag.text == code or tag.covers(code):
            return True
    return False


def matches(profile: SeekerProfile, search: CoderSearch) -> bool:
    if search.credential and search.credential not in (profile.credentials or []):
        return False
    if search.specialty and search.specialty not in (profile.specialties or []):
        return False
    if search.min_years is not None and (profile.years_experience or 0) < search.min_years:
        return False
    if search.state and profile.state != search.state and not profile.willing_to_relocate:
        return False
    if search.remote and not profile.open_to_remote:
        return False
    return not search.code or _works_with(profile, search.code.upper())


def find_coders(search: CoderSearch) -> list[SeekerProfile]:
    """Opted-in, active seekers who fit the search, the most recently updated first."""
    profiles = db.session.scalars(
        select(SeekerProfile)
        .join(User, User.id == SeekerProfile.user_id)
        .where(
            SeekerProfile.visibility == VISIBILITY_EMPLOYERS,
            User.role == ROLE_SEEKER,
            User.suspended_at.is_(None),
        )
        .order_by(SeekerProfile.updated_at.desc())
    )
    return [profile for profile in profiles if matches(profile, search)][:LISTED]


def listed_profile(profile_id: int) -> SeekerProfile | None:
    """A profile an employer may see: opted in and active; None otherwise."""
    profile = db.session.get(SeekerProfile, profile_id)
    if profile is None or profile.visibility != VISIBILITY_EMPLOYERS:
        return None
    user = db.session.get(User, profile.user_id)
    if user is None or user.role != ROLE_SEEKER or user.suspended_at is not None:
        return None
    return profile


def invite(employer: User, profile: SeekerProfile, job: Job) -> None:
    """E-mail the coder an invitation to apply to one of the employer's open jobs."""
    if job.company_id != employer.company_id or not job.is_open:
        raise InvitationError("Choose an open job of your company.")
    if not profile.invitations_ok:
        raise InvitationError("This coder does not take invitations by e-mail.")
    seeker = db.session.get(User, profile.user_id)
    db.session.add(JobInvitation(job_id=job.id, seeker_id=seeker.id, invited_by_id=employer.id))
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise InvitationError("You invited this coder to that job already.") from error
    send_email(
        [seeker.email],
        f"{job.company.name} invites you to apply: {job.title}",
        "job_invitation",
        job=job,
        job_url=url_for("board.detail", key=job.path_key, _external=True),
        profile_url=url_for("seekers.profile", _external=True),
    )
    db.session.commit()
