"""The jobs that need a code: the database's one answer to "which open jobs need this code,
family or range", over the codes each job's tags expand to (``JobCode``). For a single code
the search backend answers the same question faster (``search.service.jobs_for_code``); the
code pages use this when it is down, and for spans, which search does not page through."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from careercenter.codes.tags import EXACT, FAMILY, RANGE, CodeTag, TagError, parse_tag, span_bounds
from careercenter.extensions import db
from careercenter.jobs.models import Job, JobCode
from careercenter.jobs.service import open_jobs_query


def _needing_ids(tag: CodeTag) -> Select[tuple[int]]:
    query = select(JobCode.job_id).where(JobCode.system == tag.system)
    if tag.is_exact:
        return query.where(JobCode.code == tag.text)
    if tag.kind == FAMILY:
        return query.where(JobCode.code.startswith(tag.prefix, autoescape=True))
    low, high = span_bounds(tag.system, tag.first, tag.last)
    return query.where(JobCode.sort_key >= low, JobCode.sort_key <= high)


def open_jobs_needing(tag: CodeTag) -> Select[tuple[Job]]:
    """Open jobs whose expanded codes meet a code, family or range, newest first."""
    return open_jobs_query().where(Job.id.in_(_needing_ids(tag)))


def open_jobs_needing_tag(text: str) -> Select[tuple[Job]]:
    """The same for a tag as typed; malformed input needs no job."""
    try:
        tag = parse_tag(text)
    except TagError:
        return open_jobs_query().where(False)
    return open_jobs_needing(tag)


def exact(system: str, code: str) -> CodeTag:
    return CodeTag(EXACT, system, code, code, code)


def span(system: str, first: str, last: str) -> CodeTag:
    """A span from a code page: a grouping's children or a typed range, ``last``'s subtree
    included (``M54`` covers ``M54.9``)."""
    return CodeTag(RANGE, system, f"{first}-{last}", first, last)


def codes_needed_in_span(
    system: str, first: str, last: str, job_ids: list[int], each: int = 4
) -> dict[int, list[str]]:
    """For each listed job, the codes it needs inside the span (the first few in order):
    a category page says which code beneath it each job asks for."""
    if not job_ids:
        return {}
    low, high = span_bounds(system, first, last)
    rows = db.session.execute(
        select(JobCode.job_id, JobCode.code)
        .where(
            JobCode.system == system,
            JobCode.sort_key >= low,
            JobCode.sort_key <= high,
            JobCode.job_id.in_(job_ids),
        )
        .order_by(JobCode.job_id, JobCode.sort_key)
    ).all()
    needed: dict[int, list[str]] = {}
    for job_id, code in rows:
        needed.setdefault(job_id, []).append(code)
    return {
        job_id: codes[:each] + ([f"+{len(codes) - each}"] if len(codes) > each else [])
        for job_id, codes in needed.items()
    }


def job_counts_for_codes(system: str, codes: list[str]) -> dict[str, int]:
    """How many open jobs need each of these codes."""
    if not codes:
        return {}
    open_ids = open_jobs_query().order_by(None).with_only_columns(Job.id)
    rows = db.session.execute(
        select(JobCode.code, func.count(JobCode.job_id))
        .where(JobCode.system == system, JobCode.code.in_(codes), JobCode.job_id.in_(open_ids))
        .group_by(JobCode.code)
    ).all()
    return dict(rows)
