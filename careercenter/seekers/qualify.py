"""Whether a seeker qualifies for a job, and why: a listed job is a promise, so every rule is
checked on the job itself and each one that holds is said.

* credentials: a job that requires credentials needs one of them held;
* years: a job that asks a minimum needs at least that many years (given in the profile);
* where: a remote job needs a seeker who wants remote work, in a country and state it hires
  in (a state-limited job needs the seeker's state); a hybrid or on-site job needs the
  seeker's own state, or a seeker willing to relocate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from careercenter.jobs.vocabulary import label

SEEKER_COUNTRY = "US"  # profiles hold a US state; the board is for US coding work


class Seeker(Protocol):
    credentials: list[str] | None
    years_experience: int | None
    state: str | None
    willing_to_relocate: bool
    open_to_remote: bool


class Posting(Protocol):
    credentials_required: list[str] | None
    min_years_experience: int | None
    work_mode: str
    remote_states: list[str] | None
    remote_countries: list[str] | None
    city: str | None
    state: str | None
    country: str


@dataclass(frozen=True)
class Fit:
    """Why a job fits, one sentence per rule it meets."""

    reasons: tuple[str, ...]


def credential_reason(seeker: Seeker, job: Posting) -> str | None:
    required = set(job.credentials_required or [])
    if not required:
        return "No credential required"
    held = sorted(required & set(seeker.credentials or []))
    if not held:
        return None
    return f"You hold {' and '.join(held)}, which it requires"


def years_reason(seeker: Seeker, job: Posting) -> str | None:
    asked = job.min_years_experience or 0
    if asked <= 0:
        return "No minimum experience"
    years = seeker.years_experience
    if years is None or years < asked:
        return None
    return f"Asks {asked}+ years; you have {years}"


def place_reason(seeker: Seeker, job: Posting) -> str | None:
    if job.work_mode == "remote":
        if not seeker.open_to_remote:
            return None
        countries = job.remote_countries or []
        if countries and SEEKER_COUNTRY not in countries:
            return None
        states = job.remote_states or []
        if not states:
            return "Remote, anywhere in the US"
        if seeker.state not in states:
            return None
        return f"Remote, open to {seeker.state} residents"
    where = ", ".join(part for part in (job.city, job.state) if part) or "its office"
    mode = label("work_mode", job.work_mode)
    if seeker.state and job.country == SEEKER_COUNTRY and job.state == seeker.state:
        return f"{mode} in {where}, in your state"
    if seeker.willing_to_relocate:
        return f"{mode} in {where}; you would relocate"
    return None


RULES = (credential_reason, years_reason, place_reason)


def fit(seeker: Seeker, job: Posting) -> Fit | None:
    """The job's fit for the seeker, or None when any rule fails."""
    reasons = []
    for rule in RULES:
        reason = rule(seeker, job)
        if reason is None:
            return None
        reasons.append(reason)
    return Fit(tuple(reasons))
