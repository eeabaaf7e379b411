"""One function turns a job into its search document; both backends index exactly this.
The readers below build documents from the database as it is now."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from careercenter.codes.meaning import code_match_terms, code_text
from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.jobs.models import STATUS_PUBLISHED, Job, JobCode
from careercenter.jobs.pay import yearly
from careercenter.jobs.vocabulary import experience_level, label
from careercenter.markup import index_text
from careercenter.timeutil import utcnow

# Pay normalised to a year so that hourly and salaried jobs sort and filter together.
DESCRIPTION_LIMIT = 4000


def job_states(job: Job) -> list[str]:
    """Where the job is: its office state, or for remote jobs the states it hires in."""
    if job.work_mode == "remote":
        return list(job.remote_states or [])
    return [job.state] if job.state else []


def epoch(moment: Any) -> int | None:
    return int(moment.timestamp()) if moment is not None else None


# Credentials of the field that are not coding: billing (CPB) and data analytics (CHDA).
NOT_CODING_CREDENTIALS = frozenset({"CPB", "CHDA"})
# What the form's "no experience required" (0 years) says, in the words coders search by.
ENTRY_LEVEL_WORDS = "Entry level, no experience required"


def searchable_labels(document: dict[str, Any]) -> str:
    """The words a seeker types for a job's credentials, specialties, settings, code
    systems, work mode, employment type and tags: labels ("Per diem", "ICD-10-PCS"), never
    slugs, searched the same way by both backends."""
    words = [
        *document.get("credentials", []),
        *[label("specialty", value) for value in document.get("specialties", [])],
        *[label("setting", value) for value in document.get("settings", [])],
        *[label("code_system", value) for value in document.get("code_systems", [])],
        *[label("apprentice", value) for value in document.get("apprentice", [])],
        ENTRY_LEVEL_WORDS if document.get("entry_level") else "",
        label("work_mode", document.get("work_mode")),
        label("employment_type", document.get("employment_type")),
        *document.get("tags", []),
    ]
    return " ".join(word for word in words if word)


def job_document(job: Job, codes: list[tuple[str, str]]) -> dict[str, Any]:
    """The search document of a published job; ``codes`` is its expanded (system, code) set."""
    code_values = sorted({code for _, code in codes})
    tags = list(job.code_tags or [])
    description = index_text(job.description, DESCRIPTION_LIMIT)
    salary_min = yearly(job.salary_min, job.salary_unit)
    salary_max = yearly(job.salary_max, job.salary_unit) or salary_min
    document: dict[str, Any] = {
        "id": str(job.id),
        "title": job.title,
        "url": f"/jobs/{job.path_key}",  # the board.detail route; no request needed to build it
        "company": job.company.name,
        "company_slug": job.company.slug,
        "description": description,
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
        "apprentice": ["welcome"] if job.apprentice_accepted else [],
        "experience": experience_level(job.min_years_experience),
        # Said by the employer (0 years, or apprentices welcome), not assumed from a blank.
        "entry_level": job.min_years_experience == 0 or bool(job.apprentice_accepted),
        "ehr_systems": list(job.ehr_systems or []),
        "specialties": list(job.specialties or []),
        "code_systems": sorted(set(job.code_systems or []) | {system for system, _ in codes}),
        "tags": tags,
        "codes": code_values,
        "code_text": code_text(tags),
        "family_text": code_text(tags, covering=True),
        "code_match": code_match_terms(tags, codes, f"{job.title} {description}", title=job.title),
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
        "updated_at": epoch(job.updated_at),
    }
    document["terms"] = searchable_labels(document)
    document["coding_job"] = int(is_coding_job(document))
    return document


def is_coding_job(document: dict[str, Any]) -> bool:
    """A coding job tags codes, names a code system or asks a coding credential; an infusion
    nurse or a scheduler posted here does none of these, and ranks below coding jobs that
    match a search as well."""
    credentials = set(document.get("credentials", [])) - NOT_CODING_CREDENTIALS
    return bool(document.get("tags") or document.get("code_systems") or credentials)


def _is_code(pair: str) -> bool:
    """Not a family or range tag standing in a job's code set for codes no loaded data holds
    (jobs.job_codes.shape_rows): those are written 630xx, 0SG0*, M51.* or J9000-J9099, and
    no code has a lower-case x, a star or a hyphen. Plain ``in`` tests: this runs for every
    code of every job on a full rebuild."""
    return "x" not in pair and "*" not in pair and "-" not in pair


def _codes_of(job_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each job's expanded (system, code) pairs, one row a job: a family tag expands to dozens
    of codes, and reading them a row each was a fifth of a full reindex."""
    pairs = func.aggregate_strings(JobCode.system + ":" + JobCode.code, " ")
    rows = db.session.execute(
        select(JobCode.job_id, pairs).where(JobCode.job_id.in_(job_ids)).group_by(JobCode.job_id)
    )
    return {
        job_id: [
            tuple(pair.split(":", 1))  # type: ignore[misc]
            for pair in joined.split(" ")
            if _is_code(pair)
        ]
        for job_id, joined in rows
    }


def documents_for(job_ids: list[int]) -> tuple[list[dict[str, Any]], list[str]]:
    """Documents for the jobs that are open now, and ids of those that must leave the index."""
    # populate_existing: read each job as it is now, never a copy the session held earlier.
    current = (
        select(Job)
        .where(Job.id.in_(job_ids))
        .options(joinedload(Job.company))
        .execution_options(populate_existing=True)
    )
    jobs = {job.id: job for job in db.session.scalars(current)}
    codes = _codes_of(job_ids)
    upserts, deletes = [], []
    for job_id in job_ids:
        job = jobs.get(job_id)
        if job is not None and job.is_open:
            upserts.append(job_document(job, codes.get(job_id, [])))
        else:
            deletes.append(str(job_id))
    return upserts, deletes


class JobRow(SimpleNamespace):
    """A job read as a plain row (no ORM object), shaped like Job for job_document()."""

    @property
    def path_key(self) -> str:
        return f"{self.id}-{self.slug}"


def open_job_ids() -> list[int]:
    now = utcnow()
    return list(
        db.session.scalars(
            select(Job.id)
            .where(Job.status == STATUS_PUBLISHED)
            .where(or_(Job.expires_at.is_(None), Job.expires_at > now))
            .order_by(Job.id)
        )
    )


def all_open_documents(ids: list[int], batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every listed job's document, a batch at a time, read as plain rows: building ORM
    objects for every job was a third of a full reindex."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        codes = _codes_of(chunk)
        rows = db.session.execute(
            select(
                *Job.__table__.c,
                Company.name.label("company_name"),
                Company.slug.label("company_slug"),
            )
            .join(Company, Company.id == Job.company_id)
            .where(Job.id.in_(chunk))
        ).mappings()
        for row in rows:
            job = JobRow(**row)
            job.company = SimpleNamespace(name=row["company_name"], slug=row["company_slug"])
            yield job_document(job, codes.get(row["id"], []))
