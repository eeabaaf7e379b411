"""The search change log: an append-only list of job changes that every index follows.

A session hook appends a row whenever a job (or its company's name) changes, in the same
transaction as the change, so the log commits with the change or not at all. Each index
follows the log with its own ``LogPosition``; applying a change reads the job as it is now,
so applying twice, or out of order, ends in the same document (the last write wins).

On PostgreSQL a sequence id is taken when a row is inserted, not when it commits, so a
smaller id can appear after a larger one. A position therefore keeps the ids it applied
above its cursor and only moves the cursor over a gap once the gap is older than
``GAP_WAIT``: by then the transaction that held the id has committed or rolled back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import g, has_request_context
from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.jobs.models import Job, JobCode
from careercenter.search.backend import NeedsRebuild
from careercenter.search.models import SearchChange, SearchFollower
from careercenter.timeutil import utcnow

# Columns whose change does not touch the search document.
IGNORED_JOB_COLUMNS = {"views_count"}
COMPANY_COLUMNS_IN_DOCUMENTS = {"name", "slug"}
GAP_WAIT = timedelta(seconds=30)
PRUNED_MARK = "log:pruned-through"


class StalePosition(Exception):
    """The index moved on (a rebuild switched in) after its position was read: changes
    worked out from the old position must not be recorded in the new index."""


@dataclass
class LogPosition:
    """How far an index has followed the log: every change up to ``cursor`` is applied, and
    so are the changes in ``pending`` (sequence id -> when it was written, epoch seconds).
    ``cursor_written`` is when the change at the cursor was written: the log it came from is
    recognised by it, so a database restored from a backup (whose sequence ids are reused by
    other changes) is told from the one the index followed."""

    cursor: int = 0
    pending: dict[int, float] = field(default_factory=dict)
    cursor_written: float | None = None

    def has_applied(self, seq: int) -> bool:
        return seq <= self.cursor or seq in self.pending

    def to_json(self) -> str:
        data: dict[str, Any] = {"cursor": self.cursor, "pending": self.pending}
        if self.cursor_written is not None:
            data["cursor_written"] = self.cursor_written
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> LogPosition:
        data = json.loads(text)
        written = data.get("cursor_written")
        return cls(
            int(data["cursor"]),
            {int(k): float(v) for k, v in data["pending"].items()},
            None if written is None else float(written),
        )


class DatabaseMovedBack(NeedsRebuild):
    """The index has followed changes this database does not hold (it was restored from a
    backup, or replaced): only a rebuild from the database brings them back in step."""


@dataclass(frozen=True)
class Change:
    seq: int
    job_id: int
    written: float  # epoch seconds


def epoch_of(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


# ---- writing the log ----------------------------------------------------------------------


def _changed(target: Any, ignored: set[str] | None = None, only: set[str] | None = None) -> bool:
    for attribute in inspect(target).attrs:
        if not attribute.history.has_changes():
            continue
        if only is not None and attribute.key in only:
            return True
        if only is None and attribute.key not in (ignored or set()):
            return True
    return False


def _append_from_session(session: Session, _context: Any, _instances: Any) -> None:
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
        session.info.setdefault("search_log_new_jobs", []).extend(pending_jobs)
    for job_id in sorted(job_ids):
        session.add(SearchChange(job_id=job_id))
    if job_ids:
        _mark_request_changed()


def _append_new_jobs(session: Session, _context: Any) -> None:
    """New jobs get their id during flush; their rows follow right after, same transaction."""
    jobs = session.info.pop("search_log_new_jobs", [])
    for job in jobs:
        if job.id is not None:
            session.add(SearchChange(job_id=job.id))
    if jobs:
        _mark_request_changed()


def _mark_request_changed() -> None:
    if has_request_context():
        g.search_log_changed = True


def install_session_hooks() -> None:
    """Listen on every session; SQLAlchemy's events on the Session class are process-wide,
    so a second app in the same process finds them already there."""
    if not event.contains(Session, "before_flush", _append_from_session):
        event.listen(Session, "before_flush", _append_from_session)
        event.listen(Session, "after_flush_postexec", _append_new_jobs)


def append_changes(job_ids: list[int], reason: str = "change") -> None:
    """Log jobs changed by bulk statements that bypass the session hook."""
    db.session.add_all(SearchChange(job_id=job_id, reason=reason) for job_id in job_ids)
    if job_ids:
        _mark_request_changed()


# ---- reading the log ----------------------------------------------------------------------


def head() -> int:
    """The newest sequence id in the log (0 when empty)."""
    return db.session.scalar(select(func.max(SearchChange.seq))) or 0


def changes_after(position: LogPosition, limit: int) -> list[Change]:
    """Changes this position has not applied yet, oldest first: late arrivals inside the
    window of pending ids, then up to ``limit`` newer ones."""
    rows: list[Any] = []
    top = max(position.pending, default=position.cursor)
    if top > position.cursor:
        rows += db.session.execute(
            select(SearchChange.seq, SearchChange.job_id, SearchChange.created_at)
            .where(SearchChange.seq > position.cursor, SearchChange.seq <= top)
            .order_by(SearchChange.seq)
        ).all()
    rows += db.session.execute(
        select(SearchChange.seq, SearchChange.job_id, SearchChange.created_at)
        .where(SearchChange.seq > top)
        .order_by(SearchChange.seq)
        .limit(limit)
    ).all()
    return [
        Change(row.seq, row.job_id, epoch_of(row.created_at))
        for row in rows
        if not position.has_applied(row.seq)
    ]


def advance(position: LogPosition, applied: list[Change], now: float) -> LogPosition:
    """The position after applying ``applied``: the cursor moves over every applied id, and
    over a gap once the change after the gap is older than GAP_WAIT."""
    pending = dict(position.pending)
    pending.update({change.seq: change.written for change in applied})
    cursor, cursor_written = position.cursor, position.cursor_written
    while pending:
        following = min(pending)
        if following == cursor + 1 or pending[following] < now - GAP_WAIT.total_seconds():
            cursor, cursor_written = following, pending.pop(following)
        else:
            break
    return LogPosition(cursor, pending, cursor_written)


def check_same_log(position: LogPosition) -> None:
    """Raise DatabaseMovedBack when the database's log is not the one this position
    followed: it ends before the position, or a change the position applied (the one at the
    cursor, those above it) is missing or another one. On PostgreSQL ids leave gaps, so the
    cursor may wait below them while the applied ids sit in ``pending``: both are checked."""
    pruned = pruned_through()
    newest = max(head(), pruned)
    ahead = [seq for seq in position.pending if seq > newest]
    if position.cursor > newest or ahead:
        raise DatabaseMovedBack(
            f"the index has followed the change log to {max([position.cursor, *ahead])}, "
            f"but the database's log ends at {newest} (restored from a backup?)"
        )
    applied = {seq: written for seq, written in position.pending.items() if seq > pruned}
    if position.cursor_written is not None and position.cursor > pruned:
        applied[position.cursor] = position.cursor_written
    if not applied:
        return
    stored = dict(
        db.session.execute(
            select(SearchChange.seq, SearchChange.created_at).where(SearchChange.seq.in_(applied))
        ).all()
    )
    for seq, written in applied.items():
        if seq not in stored or abs(epoch_of(stored[seq]) - written) > 0.001:
            raise DatabaseMovedBack(
                f"change {seq} in the database is not the one the index applied "
                "(the database was restored from a backup or replaced)"
            )


def start_position(started: datetime) -> LogPosition:
    """Where a rebuild that reads the jobs from ``started`` on begins to follow: before every
    change that could still be in flight, so catching up replays them (harmlessly)."""
    settled = db.session.execute(
        select(SearchChange.seq, SearchChange.created_at)
        .where(SearchChange.created_at < started - GAP_WAIT)
        .order_by(SearchChange.seq.desc())
        .limit(1)
    ).first()
    pruned = pruned_through()
    if settled is None or settled.seq <= pruned:
        return LogPosition(pruned)
    return LogPosition(settled.seq, {}, epoch_of(settled.created_at))


# ---- follower rows ------------------------------------------------------------------------


def follower_row(name: str) -> SearchFollower:
    """The named row, created if missing. Every gunicorn worker of a machine starts at once
    and looks for the same row: INSERT … ON CONFLICT DO NOTHING lets both go on, where
    get-then-add had one fail on the primary key."""
    if db.session.get(SearchFollower, name) is None:
        dialect = db.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        db.session.execute(
            insert(SearchFollower).values(name=name).on_conflict_do_nothing(index_elements=["name"])
        )
    row = db.session.get(SearchFollower, name)
    assert row is not None
    return row


# ---- retention ----------------------------------------------------------------------------


def pruned_through() -> int:
    """The newest sequence id removed from the log; a cursor below it has fallen behind."""
    return (
        db.session.scalar(select(SearchFollower.cursor).where(SearchFollower.name == PRUNED_MARK))
        or 0
    )


def prune(keep: timedelta) -> int:
    """Remove changes older than ``keep`` and remember how far the log now starts."""
    cutoff = utcnow() - keep
    last = db.session.scalar(
        select(func.max(SearchChange.seq)).where(SearchChange.created_at < cutoff)
    )
    if not last:
        return 0
    mark = follower_row(PRUNED_MARK)
    mark.cursor = max(mark.cursor or 0, last)
    removed = db.session.execute(delete(SearchChange).where(SearchChange.seq <= last)).rowcount
    db.session.commit()
    return removed


# ---- followers whose position lives in the database (Meilisearch) ---------------------------


def stored_position(name: str) -> LogPosition:
    row = db.session.get(SearchFollower, name)
    if row is None:
        return LogPosition()
    return LogPosition(row.cursor, {int(k): float(v) for k, v in json.loads(row.pending).items()})


def store_position(name: str, position: LogPosition, documents: int | None = None) -> None:
    row = follower_row(name)
    row.cursor = position.cursor
    row.pending = json.dumps(position.pending)
    row.last_error = None
    if documents is not None:
        row.documents = documents
    db.session.commit()


def stored_document_count(name: str) -> int | None:
    return db.session.scalar(select(SearchFollower.documents).where(SearchFollower.name == name))


def record_error(name: str, error: str) -> None:
    db.session.rollback()
    follower_row(name).last_error = error[:2000]
    db.session.commit()


def release_lease(name: str, owner: str) -> None:
    db.session.execute(
        SearchFollower.__table__.update()
        .where(SearchFollower.name == name, SearchFollower.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
    )
    db.session.commit()


def take_lease(name: str, owner: str, seconds: float) -> bool:
    """Hold the right to write one remote index for ``seconds`` (renewed by the holder), so
    that two workers never apply the log to it at once."""
    now = utcnow()
    follower_row(name)
    taken = db.session.execute(
        SearchFollower.__table__.update()
        .where(SearchFollower.name == name)
        .where(
            (SearchFollower.lease_owner.is_(None))
            | (SearchFollower.lease_owner == owner)
            | (SearchFollower.lease_until < now)
        )
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=seconds))
    ).rowcount
    db.session.commit()
    return bool(taken)
