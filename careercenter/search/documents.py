"""One function turns a job into its search document; both backends index exactly this."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from careercenter.jobs.models import Job
from careercenter.markup import index_text

# Pay normalised to a year so that hourly and salaried jobs sort and filter together.
YEARLY_FACTOR = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}
DESCRIPTION_LIMIT = 4000


def yearly(amount: Decimal | None, unit: str) -> int | None:
    if amount is None:
        return None
    return int(Decimal(amount) * YEARLY_FACTOR.get(unit, 1))


def code_prefixes(codes: list[str]) -> list[str]:
    """Every leading part of every code, for family queries (7xxxx, 630xx, M51.*)."""
    prefixes: set[str] = set()
    for code in codes:
        for length in range(1, len(code)):
            prefixes.add(code[:length].rstrip("."))
    return sorted(prefixes)


def job_states(job: Job) -> list[str]:
    """Where the job is: its office state, or for remote jobs the states it hires in."""
    if job.work_mode == "remote":
        return list(job.remote_states or [])
    return [job.state] if job.state else []


def epoch(moment: Any) -> int | None:
    return int(moment.timestamp()) if moment is not None else None


def job_document(job: Job, codes: list[tuple[str, str]]) -> dict[str, Any]:
    """The search document of a published job; ``codes`` is its expanded (system, code) set."""
    code_values = sorted({code for _, code in codes})
    salary_min = yearly(job.salary_min, job.salary_unit)
    salary_max = yearly(job.salary_max, job.salary_unit) or salary_min
    return {
        "id": str(job.id),
        "title": job.title,
        "url": f"/jobs/{job.path_key}",  # the jobs.detail route; no request needed to build it
        "company": job.company.name,
        "company_slug": job.company.slug,
        "description": index_text(job.description, DESCRIPTION_LIMIT),
        "work_mode": job.work_mode,
        "states": job_states(job),
        "remote_countries": list(job.remote_countries or []),
        "location": {
            "city": job.city,
            "state": job.state,
            "postal_code": job.postal_code,
            "country": job.country,
            "lat": None,
            "lng": None,
        },
        "employment_type": job.employment_type,
        "settings": list(job.settings or []),
        "credentials": sorted(
            set(job.credentials_required or []) | set(job.credentials_preferred or [])
        ),
        "credentials_required": list(job.credentials_required or []),
        "apprentice_accepted": job.apprentice_accepted,
        "specialties": list(job.specialties or []),
        "code_systems": sorted(set(job.code_systems or []) | {system for system, _ in codes}),
        "tags": list(job.code_tags or []),
        "codes": code_values,
        "code_prefixes": code_prefixes(code_values),
        "salary": {
            "min": str(job.salary_min) if job.salary_min is not None else None,
            "max": str(job.salary_max) if job.salary_max is not None else None,
            "currency": job.salary_currency,
            "unit": job.salary_unit,
        },
        "salary_yearly_min": salary_min,
        "salary_yearly_max": salary_max,
        "posted_at": epoch(job.published_at),
        "expires_at": epoch(job.expires_at),
    }
