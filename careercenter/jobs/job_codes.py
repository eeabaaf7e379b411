"""The codes each job needs (``JobCode``): its exact tags plus every known code its families
and ranges cover, kept in step with the job's tags and with the loaded code data."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, insert, select

from careercenter.codes.expansion import expand_tags
from careercenter.codes.tags import (
    CPT,
    EXACT,
    FAMILY,
    HCPCS,
    ICD10PCS,
    TagError,
    parse_tag,
    sort_key,
)
from careercenter.extensions import db
from careercenter.jobs.models import Job, JobCode
from careercenter.jobs.signals import announce_bulk_change


def job_code_row(job_id: int, system: str, code: str, key: str | None = None) -> dict[str, Any]:
    """A ``job_codes`` row, with the sort key span queries compare."""
    key = sort_key(system, code) if key is None else key
    return {"job_id": job_id, "system": system, "code": code, "sort_key": key}


CODE_LENGTHS = {CPT: 5, HCPCS: 5, ICD10PCS: 7}


def shape_rows(texts: Iterable[str], known: set[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(system, tag, sort key) for each family or range tag that covers none of the known
    codes (no data of its system is loaded): the tag itself stands in the job's code set, at
    the place of its first code, so the page of a span that holds it lists the job."""
    rows = []
    for text in texts:
        try:
            tag = parse_tag(text)
        except TagError:
            continue
        if tag.kind == EXACT or any(
            system == tag.system and tag.covers(code) for system, code in known
        ):
            continue
        first = tag.first
        if tag.kind == FAMILY and tag.system in CODE_LENGTHS:
            first = first.ljust(CODE_LENGTHS[tag.system], "0")
        rows.append((tag.system, tag.text, sort_key(tag.system, first)))
    return rows


def code_rows(job_id: int, texts: Iterable[str], expanded: set[tuple[str, str]]) -> list[dict]:
    """Every ``job_codes`` row of one job: its known codes, and its tags kept by shape."""
    rows = [job_code_row(job_id, system, code) for system, code in expanded]
    rows += [
        job_code_row(job_id, system, code, key)
        for system, code, key in shape_rows(texts, expanded)
        if (system, code) not in expanded
    ]
    return rows


def refresh_job_codes(job: Job) -> None:
    """Rebuild the expanded code set of one job (in the caller's transaction)."""
    db.session.execute(delete(JobCode).where(JobCode.job_id == job.id))
    rows = code_rows(job.id, job.code_tags or [], expand_tags(job.code_tags or []))
    if rows:
        db.session.execute(insert(JobCode), rows)


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
            fresh += code_rows(job_id, key, expanded[key])
        if fresh:
            db.session.execute(insert(JobCode), fresh)
        announce_bulk_change(ids, reason="codes")
    db.session.commit()
    return len(rows)
