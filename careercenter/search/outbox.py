"""Keeping the index in step with the database through an outbox.

A session hook writes an outbox row whenever a job (or its company's name) changes, in the
same transaction as the change. Draining reads each job as it is now and upserts or
deletes its document, so draining twice changes nothing and a backend outage only delays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from flask import Flask, g, has_request_context
from sqlalchemy import delete, event, inspect, select, update
from sqlalchemy.orm import Session, joinedload

from careercenter.codes.models import JobCode
from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.search.backend import SearchBackend, SearchUnavailable, get_backend
from careercenter.search.documents import job_document
from careercenter.search.models import SearchOutbox
from careercenter.timeutil import utcnow

log = logging.getLogger(__name__)

# Columns whose change does not touch the search document.
IGNORED_JOB_COLUMNS = {"views_count", "updated_at"}
COMPANY_COLUMNS_IN_DOCUMENTS = {"name", "slug"}
DRAIN_BATCH = 500
KEEP_PROCESSED = timedelta(days=1)


def _changed(target: Any, ignored: set[str] | None = None, only: set[str] | None = None) -> bool:
    state = inspect(target)
    for attribute in state.attrs:
        if not attribute.history.has_changes():
            continue
        if only is not None and attribute.key in only:
            return True
        if only is None and attribute.key not in (ignored or set()):
            return True
    return False


def _enqueue_from_session(session: Session, _context: Any, _instances: Any) -> None:
    job_ids: set[int] = set()
    pending_jobs: list[Job] = []
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Job):
            if obj in session.new or obj in session.deleted or _changed(obj, IGNORED_JOB_COLUMNS):
                if obj.id is None:
                    pending_jobs.append(obj)
                else:
                    job_ids.add(obj.id)
        elif isinstance(obj, JobCode) and obj.job_id:
            job_ids.add(obj.job_id)
        elif (
            isinstance(obj, Company)
            and obj.id
            and obj in session.dirty
            and _changed(obj, only=COMPANY_COLUMNS_IN_DOCUMENTS)
        ):
            job_ids.update(session.scalars(select(Job.id).where(Job.company_id == obj.id)))
    if pending_jobs:
        session.info.setdefault("outbox_new_jobs", []).extend(pending_jobs)
    for job_id in job_ids:
        session.add(SearchOutbox(job_id=job_id))
    if job_ids:
        _mark_request_for_drain()


def _enqueue_new_jobs(session: Session, _context: Any) -> None:
    """New jobs get their id during flush; their rows follow right after, same transaction."""
    jobs = session.info.pop("outbox_new_jobs", [])
    for job in jobs:
        if job.id is not None:
            session.add(SearchOutbox(job_id=job.id))
    if jobs:
        _mark_request_for_drain()


def _mark_request_for_drain() -> None:
    if has_request_context():
        g.search_outbox_dirty = True


def install_session_hooks() -> None:
    """Listen on every session once per process."""
    if getattr(install_session_hooks, "installed", False):
        return
    event.listen(Session, "before_flush", _enqueue_from_session)
    event.listen(Session, "after_flush_postexec", _enqueue_new_jobs)
    install_session_hooks.installed = True  # type: ignore[attr-defined]


def enqueue_jobs(job_ids: list[int], reason: str = "change") -> None:
    """Queue jobs changed by bulk statements that bypass the session hook."""
    db.session.add_all(SearchOutbox(job_id=job_id, reason=reason) for job_id in job_ids)
    if job_ids:
        _mark_request_for_drain()


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
    codes: dict[int, list[tuple[str, str]]] = {}
    for row in db.session.execute(
        select(JobCode.job_id, JobCode.system, JobCode.code).where(JobCode.job_id.in_(job_ids))
    ):
        codes.setdefault(row.job_id, []).append((row.system, row.code))
    upserts, deletes = [], []
    for job_id in job_ids:
        job = jobs.get(job_id)
        if job is not None and job.is_open:
            upserts.append(job_document(job, codes.get(job_id, [])))
        else:
            deletes.append(str(job_id))
    return upserts, deletes


def apply_jobs(backend: SearchBackend, job_ids: list[int]) -> None:
    upserts, deletes = documents_for(job_ids)
    if upserts:
        backend.upsert(upserts)
    if deletes:
        backend.delete(deletes)


def drain_outbox(backend: SearchBackend | None = None, limit: int = DRAIN_BATCH) -> int:
    """Apply waiting outbox rows; returns how many rows were processed.

    On failure the rows stay, with their attempt count and the error, for the next drain.
    """
    backend = backend or get_backend()
    rows = db.session.scalars(
        select(SearchOutbox)
        .where(SearchOutbox.processed_at.is_(None))
        .order_by(SearchOutbox.id)
        .limit(limit)
    ).all()
    if not rows:
        return 0
    ids = [row.id for row in rows]
    now = utcnow()
    try:
        apply_jobs(backend, sorted({row.job_id for row in rows}))
    except (SearchUnavailable, OSError) as error:
        db.session.rollback()
        db.session.execute(
            update(SearchOutbox)
            .where(SearchOutbox.id.in_(ids))
            .values(
                attempts=SearchOutbox.attempts + 1,
                last_error=str(error)[:2000],
                last_attempt_at=now,
            )
        )
        db.session.commit()
        log.warning("search outbox: %d rows wait; backend said: %s", len(ids), error)
        return 0
    db.session.execute(
        update(SearchOutbox)
        .where(SearchOutbox.id.in_(ids))
        .values(processed_at=now, last_attempt_at=now, last_error=None)
    )
    db.session.execute(delete(SearchOutbox).where(SearchOutbox.processed_at < now - KEEP_PROCESSED))
    db.session.commit()
    return len(ids)


def drain_all(backend: SearchBackend | None = None) -> int:
    total = 0
    while processed := drain_outbox(backend):
        total += processed
    return total


def pending_count() -> int:
    return (
        db.session.scalar(
            select(db.func.count(SearchOutbox.id)).where(SearchOutbox.processed_at.is_(None))
        )
        or 0
    )


class JobRow(SimpleNamespace):
    """A job read as a plain row (no ORM object), shaped like Job for job_document()."""

    @property
    def path_key(self) -> str:
        return f"{self.id}-{self.slug}"


def _all_open_documents(batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every open job's document, a batch at a time, read as plain rows: building ORM
    objects for every job was a third of a full reindex."""
    from careercenter.jobs.service import open_jobs_query

    ids = list(db.session.scalars(open_jobs_query().order_by(None).with_only_columns(Job.id)))
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        codes: dict[int, list[tuple[str, str]]] = {}
        for row in db.session.execute(
            select(JobCode.job_id, JobCode.system, JobCode.code).where(JobCode.job_id.in_(chunk))
        ):
            codes.setdefault(row.job_id, []).append((row.system, row.code))
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


def reindex(
    backend: SearchBackend | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the whole index beside the live one and swap it in.

    Changes drained into the old index while the new one was being built are applied again
    after the swap, so none is lost.
    """
    from careercenter.jobs.service import count_open_jobs

    backend = backend or get_backend()
    started = utcnow()
    written = backend.rebuild(_all_open_documents(), count_open_jobs(), progress)
    replay = sorted(
        set(
            db.session.scalars(
                select(SearchOutbox.job_id).where(SearchOutbox.processed_at >= started)
            )
        )
    )
    if replay:
        apply_jobs(backend, replay)
    return written


def register(app: Flask) -> None:
    """Drain right after any request that queued outbox rows, once it has committed."""
    install_session_hooks()

    @app.after_request
    def drain_after_commit(response: Any) -> Any:
        if g.pop("search_outbox_dirty", False):
            try:
                drain_outbox()
            except Exception:  # the index can always catch up later; the request succeeded
                db.session.rollback()
                log.exception("search outbox drain after request failed")
        return response
