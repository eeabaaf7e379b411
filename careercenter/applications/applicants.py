"""The employer's list of applicants: each with the profile they share when applying and how
well they meet the job's required credentials, filtered by stage or credential and sorted."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from careercenter.extensions import db
from careercenter.jobs.models import STAGES, Application, Job
from careercenter.seekers.models import SeekerProfile

SORTS = {"newest": "Newest first", "oldest": "Oldest first", "match": "Best credential match"}
STAGE_VALUES = {value for value, _ in STAGES}


@dataclass
class ApplicantFilter:
    """What the employer chose on the applicants page; unknown values are ignored."""

    stage: str = ""
    credential: str = ""
    sort: str = "newest"

    @classmethod
    def from_args(cls, args: dict[str, str]) -> ApplicantFilter:
        stage = args.get("stage", "")
        sort = args.get("sort", "newest")
        return cls(
            stage=stage if stage in STAGE_VALUES else "",
            credential=args.get("credential", "")[:20],
            sort=sort if sort in SORTS else "newest",
        )


@dataclass
class ApplicantRow:
    application: Application
    profile: SeekerProfile | None
    required: list[tuple[str, bool]] = field(default_factory=list)  # (credential, held)

    @property
    def credentials(self) -> list[str]:
        return list(self.profile.credentials or []) if self.profile else []

    @property
    def other_credentials(self) -> list[str]:
        """Held but not required: shown after the required ones."""
        asked = {name for name, _ in self.required}
        return [name for name in self.credentials if name not in asked]

    @property
    def matched(self) -> int:
        return sum(held for _, held in self.required)


def credential_match(job: Job, profile: SeekerProfile | None) -> list[tuple[str, bool]]:
    """Each credential the job requires, and whether the applicant holds it."""
    held = set(profile.credentials or []) if profile else set()
    return [(name, name in held) for name in job.credentials_required or []]


def applicant_rows(job: Job, chosen: ApplicantFilter) -> list[ApplicantRow]:
    """The job's applicants as the page lists them."""
    pairs = db.session.execute(
        select(Application, SeekerProfile)
        .outerjoin(SeekerProfile, SeekerProfile.user_id == Application.seeker_id)
        .where(Application.job_id == job.id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()
    rows = [
        ApplicantRow(application, profile, credential_match(job, profile))
        for application, profile in pairs
    ]
    if chosen.stage:
        rows = [row for row in rows if row.application.stage == chosen.stage]
    if chosen.credential:
        rows = [row for row in rows if chosen.credential in row.credentials]
    if chosen.sort == "oldest":
        rows.reverse()
    elif chosen.sort == "match":
        rows.sort(key=lambda row: -row.matched)  # stable: newest first among equals
    return rows


def credentials_among(job: Job) -> list[str]:
    """Credentials to filter by: the job's required ones, then any an applicant holds."""
    held = db.session.scalars(
        select(SeekerProfile.credentials)
        .join(Application, Application.seeker_id == SeekerProfile.user_id)
        .where(Application.job_id == job.id)
    ).all()
    names = list(job.credentials_required or [])
    for credentials in held:
        names += [name for name in credentials or [] if name not in names]
    return names
