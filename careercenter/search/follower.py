"""Following the change log into an index.

``catch_up`` applies what an index has not seen yet, reading every changed job as it is now,
and records the new position with the documents (atomically in an embedded index). A
process that cannot write the index (another one on this machine holds tantivy's writer
lock, or another worker holds Meilisearch's lease) leaves the work to that one. ``reindex``
builds a new index from a recorded log position, catches it up, then switches to it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from flask import Flask, current_app, has_request_context
from sqlalchemy import select

from careercenter.codes.meaning import forget_code_meanings
from careercenter.extensions import db
from careercenter.logs import EACH_TIME
from careercenter.search import changelog
from careercenter.search.backend import (
    NeedsRebuild,
    SearchBackend,
    get_backend,
)
from careercenter.search.documents import all_open_documents, documents_for, open_job_ids
from careercenter.search.models import SearchFollower
from careercenter.search.prepared import keep_entries, open_entries, prepare
from careercenter.timeutil import utcnow

log = logging.getLogger(__name__)

BATCH = 1000
PRUNE_EVERY = 3600.0


class IndexBehind(NeedsRebuild):
    """The index's cursor is older than the log's retention: only a rebuild can help."""


STALE_RETRIES = 3


def catch_up(backend: SearchBackend | None = None, limit: int = BATCH) -> int:
    """Apply one batch of waiting changes; returns how many were applied (0 when this
    process is not the index's writer or nothing waits). Raises SearchUnavailable."""
    backend = backend or get_backend()
    for _ in range(STALE_RETRIES):
        if not backend.claim_writer():
            return 0
        position = backend.position()
        changelog.check_same_log(position)
        if position.cursor < changelog.pruned_through():
            raise IndexBehind(
                f"it fell behind the change log: cursor {position.cursor} is older than "
                "the retained log"
            )
        changes = changelog.changes_after(position, limit)
        moved = changelog.advance(position, changes, time.time())
        if not changes and moved == position:
            db.session.rollback()  # end the read transaction: the next look sees new commits
            backend.check_live()  # a quiet board still notices a lost index
            return 0
        upserts, deletes = documents_for(sorted({change.job_id for change in changes}))
        # Kept for the next full rebuild, as of the newest change this batch read.
        keep_entries(
            [prepare(document) for document in upserts],
            deletes,
            max(c.seq for c in changes) if changes else 0,
        )
        db.session.commit()
        try:
            backend.apply(upserts, deletes, moved, since=position)
        except changelog.StalePosition:
            continue  # a rebuild switched in: start again from the new index's position
        return len(changes)
    return 0


def catch_up_all(backend: SearchBackend | None = None) -> int:
    """Apply every waiting change; a follower that fell behind the log rebuilds itself.

    A process that does not keep following (a command, a script) lets go of the writer
    afterwards, so that the machine's follower is not locked out by it."""
    backend = backend or get_backend()
    total = 0
    try:
        while True:
            try:
                applied = catch_up(backend)
            except NeedsRebuild as reason:
                db.session.rollback()
                if has_request_context():  # never inside a request: the follower does it
                    app = current_app._get_current_object()  # type: ignore[attr-defined]
                    if run_in_background(app, partial(reindex_in, app, backend)):
                        log.warning(
                            "search index needs a rebuild (%s); rebuilding", reason, extra=EACH_TIME
                        )
                    return total
                log.warning(
                    "search index needs a rebuild (%s); rebuilding", reason, extra=EACH_TIME
                )
                reindex(backend)
                return total
            total += applied
            if applied < BATCH:
                return total
    finally:
        if not is_following():
            backend.release_writer()


def reindex_in(app: Flask, backend: SearchBackend) -> None:
    with app.app_context():
        reindex(backend)


REBUILDING = "careercenter.search.rebuilding"


def run_in_background(app: Flask, work: Callable[[], Any]) -> bool:
    """Run ``work`` (a rebuild) on a thread of its own, one at a time in this process; True
    when it was started or one already runs (the caller answers "being rebuilt")."""
    running: threading.Lock = app.extensions.setdefault(REBUILDING, threading.Lock())
    if not running.acquire(blocking=False):
        return True

    def run() -> None:
        try:
            work()
        except Exception:  # the next search or follower round starts another
            log.exception("background search index rebuild failed")
        finally:
            with app.app_context():
                db.session.remove()
            running.release()

    threading.Thread(target=run, name="search-rebuild", daemon=True).start()
    return True


def is_rebuilding(app: Flask | None = None) -> bool:
    lock = (app or current_app).extensions.get(REBUILDING)
    return bool(lock is not None and lock.locked())


def waiting(backend: SearchBackend | None = None) -> int:
    """How many changes the index has not applied yet."""
    backend = backend or get_backend()
    position = backend.position()
    return len(changelog.changes_after(position, 1_000_000))


def reindex(
    backend: SearchBackend | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Build the whole index beside the live one from a recorded log position, catch the new
    one up with what changed meanwhile, then switch to it atomically."""
    backend = backend or get_backend()
    forget_code_meanings()  # a rebuild reads the code data as it is now
    started = utcnow()
    position = changelog.start_position(started)
    ids = open_job_ids()
    # The embedded index takes entries kept in the database (built only where a job changed
    # since); Meilisearch builds its own from the documents.
    source = (
        open_entries(ids, position.cursor)
        if backend.name == "embedded"
        else all_open_documents(ids)
    )
    written = backend.rebuild(source, len(ids), progress, position, before_switch=catch_up_all)
    db.session.rollback()
    catch_up_all(backend)
    return written


# ---- in the web process ---------------------------------------------------------------


FOLLOW_BACKOFF_SECONDS = 5.0


def _follow_forever(app: Flask, interval: float, stop: threading.Event) -> None:
    """A machine's follower: whichever process holds the writer lock applies the log; the
    others retry now and then, so a killed writer is replaced within ``interval``."""
    last_prune = last_note = 0.0
    failures = 0
    # After failures (the database down), wait longer between rounds, up to 5 s: an outage
    # is not made worse by every process asking four times a second.
    while not stop.wait(min(interval * 2**failures, max(interval, FOLLOW_BACKOFF_SECONDS))):
        try:
            with app.app_context():
                catch_up_all()
                last_prune = prune_now_and_then(last_prune)
                last_note = note_machine_now_and_then(last_note)
            failures = 0
        except Exception:  # keep following; the next round retries
            failures = min(failures + 1, 10)
            log.exception("search follower round failed")
        finally:
            with app.app_context():
                db.session.remove()


def prune_now_and_then(last: float) -> float:
    """Drop changes older than the retention period, at most once an hour per process."""
    if time.monotonic() - last < PRUNE_EVERY:
        return last
    changelog.prune(timedelta(days=current_app.config["SEARCH_LOG_RETENTION_DAYS"]))
    return time.monotonic()


MACHINE_PREFIX = "embedded@"
NOTE_EVERY = 300.0
MACHINE_WINDOW = timedelta(minutes=15)
WARNED_MACHINES = "careercenter.search.warned-machines"


def note_machine_now_and_then(last: float) -> float:
    """Say, in the database, that this machine serves from an embedded index, and warn once
    when others on the same database do too: the embedded index serves one machine; several
    machines should share Meilisearch instead of each keeping (and rebuilding) its own."""
    if time.monotonic() - last < NOTE_EVERY:
        return last
    others = note_embedded_machine(socket.gethostname())
    if others and not current_app.extensions.get(WARNED_MACHINES):
        current_app.extensions[WARNED_MACHINES] = True
        log.warning(
            "%d other machine(s) use this database with their own embedded search index; "
            "the embedded index serves one machine: with more than one, use Meilisearch "
            "(SEARCH_BACKEND=meilisearch, see the README's Production section)",
            len(others),
        )
    return time.monotonic()


def note_embedded_machine(host: str) -> list[str]:
    """Record this machine's embedded index as seen now; returns the other machines seen
    recently."""
    name = MACHINE_PREFIX + host
    changelog.follower_row(name).updated_at = utcnow()
    db.session.commit()
    recent = db.session.scalars(
        select(SearchFollower.name).where(
            SearchFollower.name.startswith(MACHINE_PREFIX),
            SearchFollower.name != name,
            SearchFollower.updated_at > utcnow() - MACHINE_WINDOW,
        )
    ).all()
    return [other.removeprefix(MACHINE_PREFIX) for other in recent]


FOLLOWER = "careercenter.search.follower"


def is_following(app: Flask | None = None) -> bool:
    """Whether this process keeps following the log (a web worker's thread, a sync loop)."""
    state = (app or current_app).extensions.get(FOLLOWER, {})
    return state.get("pid") == os.getpid()


def mark_following(app: Flask) -> None:
    app.extensions.setdefault(FOLLOWER, {})["pid"] = os.getpid()


def start_follower(app: Flask) -> None:
    """Start this process's follower thread once (after a fork, in the worker itself)."""
    if app.config["SEARCH_FOLLOW_INTERVAL"] <= 0 or is_following(app):
        return
    if app.config["SEARCH_BACKEND"] != "embedded":
        return  # web workers never write a remote index; `search sync --loop` does
    interval = app.config["SEARCH_FOLLOW_INTERVAL"]
    mark_following(app)
    stop = threading.Event()
    thread = threading.Thread(
        target=_follow_forever, args=(app, interval, stop), name="search-follower", daemon=True
    )
    app.extensions[FOLLOWER].update(thread=thread, stop=stop)
    thread.start()


def stop_follower(app: Flask, timeout: float = 30.0) -> bool:
    """Stop this process's follower thread after its current round; whether it stopped."""
    state = app.extensions.get(FOLLOWER, {})
    thread, stop = state.get("thread"), state.get("stop")
    if thread is None or stop is None:
        return True
    stop.set()
    thread.join(timeout)
    state.pop("pid", None)
    return not thread.is_alive()
