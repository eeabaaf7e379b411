"""One pay document per job, read from the database: a relisted job and its copies are one
job (the lineage of ``renewed_from_id``), described by its latest published posting and
listed from its first publication to the end of its latest.

The document carries the search document's facet fields and code terms, so a pay question
filters exactly as a search does."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from careercenter.extensions import db
from careercenter.jobs.models import PUBLIC_STATUSES, STATUS_PUBLISHED, Job
from careercenter.jobs.pay import yearly
from careercenter.search.documents import _codes_of, epoch, job_document
from careercenter.search.query import FACET_FIELDS

PAY_CURRENCY = "USD"  # figures in another currency are counted, never mixed in
FOREVER = 2**62  # the end of a listing without an end date
FILTER_FIELDS = ("code_match", *FACET_FIELDS.values())


def posting_pay(low: Decimal | None, high: Decimal | None, unit: str, currency: str) -> int | None:
    """A posting's yearly pay: the middle of its range, or its one figure; None without pay
    in dollars."""
    if currency != PAY_CURRENCY:
        return None
    figures = [value for value in (yearly(low, unit), yearly(high, unit)) if value is not None]
    if not figures:
        return None
    return round(sum(figures) / len(figures))


def lineage_roots(job_ids: list[int]) -> set[int]:
    """The first posting of each job's lineage (a job relisted twice has one root)."""
    roots: set[int] = set()
    frontier = set(job_ids)
    while frontier:
        rows = db.session.execute(
            select(Job.id, Job.renewed_from_id).where(Job.id.in_(frontier))
        ).all()
        found = {job_id for job_id, _ in rows}
        roots |= frontier - found  # deleted jobs: their lineage is gone or re-rooted
        roots |= {job_id for job_id, parent in rows if parent is None}
        frontier = {parent for _, parent in rows if parent is not None}
    return roots


def lineage_members(roots: set[int]) -> dict[int, int]:
    """Every posting of the lineages, mapped to its root."""
    members = {root: root for root in roots}
    frontier = dict(members)
    while frontier:
        rows = db.session.execute(
            select(Job.id, Job.renewed_from_id).where(Job.renewed_from_id.in_(frontier))
        ).all()
        frontier = {job_id: frontier[parent] for job_id, parent in rows if job_id not in members}
        members.update(frontier)
    return members


def pay_documents(roots: set[int]) -> list[dict[str, Any]]:
    """Documents for the lineages that were ever listed (the others have none)."""
    members = lineage_members(roots)
    jobs = db.session.scalars(
        select(Job)
        .where(Job.id.in_(members), Job.status.in_(PUBLIC_STATUSES))
        .where(Job.published_at.is_not(None))
        .options(joinedload(Job.company))
        .execution_options(populate_existing=True)
    ).all()
    by_root: dict[int, list[Job]] = {}
    for job in jobs:
        by_root.setdefault(members[job.id], []).append(job)
    latest_ids = [
        max(posts, key=lambda job: (job.published_at, job.id)).id for posts in by_root.values()
    ]
    codes = _codes_of(latest_ids)
    documents = []
    for root, posts in sorted(by_root.items()):
        latest = max(posts, key=lambda job: (job.published_at, job.id))
        documents.append(pay_document(root, latest, posts, codes.get(latest.id, [])))
    return documents


def listed_until(job: Job) -> int:
    """When a posting stopped being listed: closing, else its expiry, else never yet."""
    if job.status != STATUS_PUBLISHED and job.closed_at is not None:
        return epoch(job.closed_at) or 0
    return epoch(job.expires_at) or FOREVER


def pay_document(
    root: int, latest: Job, posts: list[Job], codes: list[tuple[str, str]]
) -> dict[str, Any]:
    search = job_document(latest, codes)
    document: dict[str, Any] = {field: search[field] for field in FILTER_FIELDS}
    document.update(
        tags=search["tags"],  # kept out of the index; what the job was tagged with
        id=root,
        job_id=latest.id,
        annual=posting_pay(
            latest.salary_min, latest.salary_max, latest.salary_unit, latest.salary_currency
        ),
        listed_from=min(epoch(post.published_at) or 0 for post in posts),
        listed_until=max(listed_until(post) for post in posts),
        open=int(latest.status == STATUS_PUBLISHED),
    )
    return document


def every_root(batch: int = 1000) -> Iterator[set[int]]:
    """Every lineage root that was ever published, a batch at a time (for a rebuild)."""
    last = 0
    while True:
        ids = db.session.scalars(
            select(Job.id)
            .where(Job.renewed_from_id.is_(None), Job.id > last)
            .order_by(Job.id)
            .limit(batch)
        ).all()
        if not ids:
            return
        last = ids[-1]
        yield set(ids)
