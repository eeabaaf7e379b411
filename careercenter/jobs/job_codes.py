"""The codes each job needs (``JobCode``): its exact tags plus every known code its families
and ranges cover, kept in step with the job's tags and with the loaded code data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select

from careercenter.codes.expansion import expand_tags
from careercenter.codes.tags import sort_key
from careercenter.extensions import db
from careercenter.jobs.models import Job, JobCode
from careercenter.jobs.signals import announce_bulk_change


def job_code_row(job_id: int, system: str, code: str) -> dict[str, Any]:
    """A ``job_codes`` row, with the sort key span queries compare."""
    return {"job_id": job_id, "system": system, "code": code, "sort_key": sort_key(system, code)}


def refresh_job_codes(job: Job) -> None:
    """Rebuild the expanded code set of one job (in the caller's transaction)."""
    db.session.execute(delete(JobCode).where(JobCode.job_id == job.id))
    pairs = expand_tags(job.code_tags or [])
    if pairs:
        db.session.execute(
            insert(JobCode),
            [job_code_row(job.id, system, code) for system, code in pairs],
        )


def refresh_all_job_codes(batch: int = 2000) -> int:
    """Re-expand every job's tags, after code data was loaded or changed.

    Read as plain rows and written in bulk, each distinct tag set expanded once: a row-by-row
    refresh through the ORM slowed down with every job it had seen (minutes at 100,000)."""
    rows = db.session.execute(
        select(Job.id, Job.code_tags).where(Job.code_tags.is_not(None)).order_by(Job.id)
    ).all()
    expanded: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        ids = [job_id for job_id, _ in chunk]
        db.session.execute(
            delete(JobCode)
            .where(JobCode.job_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        fresh = []
        for job_id, tags in chunk:
            key = tuple(tags or ())
            if key not in expanded:
                expanded[key] = expand_tags(key)
            fresh += [job_code_row(job_id, system, code) for system, code in expanded[key]]
        if fresh:
            db.session.execute(insert(JobCode), fresh)
        announce_bulk_change(ids, reason="codes")
    db.session.commit()
    return len(rows)
