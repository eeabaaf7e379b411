"""Job page views, counted in the process and written together.

Counts gather per app (on ``app.extensions``) and are written every few seconds, or every
thousand views, with relative UPDATEs: busy job pages do not queue on the database's write
lock and concurrent workers never lose a count. What is still gathered when the process
stops (a restart, a deploy) is written on the way out, through an exit hook registered
when the app is made, never from a request.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

from flask import Flask, current_app
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError

from careercenter.extensions import db
from careercenter.jobs.models import Job

log = logging.getLogger(__name__)

FLUSH_COUNT = 1000
EXTENSION = "careercenter.view_counts"


class ViewCounts:
    """The views one app has counted and not yet written."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.pending: Counter[int] = Counter()
        self.flushed_at = time.monotonic()
        self._lock = threading.Lock()  # the follower and request threads share a process

    def record(self, job_id: int) -> None:
        with self._lock:
            self.pending[job_id] += 1
            due = sum(self.pending.values()) >= FLUSH_COUNT or (
                time.monotonic() - self.flushed_at >= self.app.config["VIEW_COUNT_FLUSH_SECONDS"]
            )
        if due:
            self.flush()

    def flush(self) -> None:
        """Write what was counted, in job id order: two workers flushing at once then lock
        the rows in the same order (in the order of first view they deadlocked on
        PostgreSQL). If the database refuses, the counts are kept for the next flush and the
        page that triggered it still shows."""
        with self._lock:
            pending = dict(self.pending)
            self.pending.clear()
            self.flushed_at = time.monotonic()
        if not pending:
            return
        try:
            for job_id in sorted(pending):
                db.session.execute(
                    update(Job)
                    .where(Job.id == job_id)
                    # updated_at as it was: being read is no change to the posting (feeds and
                    # the sitemap date postings by it), and the column's onupdate would move it
                    .values(
                        views_count=Job.views_count + pending[job_id], updated_at=Job.updated_at
                    )
                )
            db.session.commit()
        except DBAPIError as error:
            with self._lock:
                self.pending.update(pending)
            log.warning("view counts kept for the next flush: %s", str(error.orig).splitlines()[0])
            try:
                db.session.rollback()
            except DBAPIError:
                db.session().invalidate()

    def flush_at_exit(self) -> None:
        if self.pending:
            with self.app.app_context():
                self.flush()
                db.session.remove()


def init_app(app: Flask) -> None:
    counts = ViewCounts(app)
    app.extensions[EXTENSION] = counts
    atexit.register(counts.flush_at_exit)


def record_view(job: Job) -> None:
    """Count a page view of an open job."""
    current_app.extensions[EXTENSION].record(job.id)


def flush_views() -> None:
    """Write the views this app has counted so far."""
    current_app.extensions[EXTENSION].flush()
