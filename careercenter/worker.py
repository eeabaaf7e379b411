"""The worker: everything that must happen outside requests, in one process.

``flask --app careercenter worker`` follows the search change log (into Meilisearch, or this
machine's index), sends queued e-mail, sends due alert digests, expires jobs and prunes the
change log, each on its own schedule. It logs one line per pass saying what it did, stops
cleanly on SIGTERM or Ctrl-C after the task at hand, and is safe to run twice at once:
e-mail is claimed row by row, alerts by moving their last-sent time, the search index by
its lease, and expiry is a conditional update.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Flask, current_app

from careercenter.alerts.service import send_due_alerts
from careercenter.consult.mail_in import MailboxUnavailable, read_mailbox
from careercenter.extensions import db
from careercenter.jobs.service import expire_due_jobs
from careercenter.mail.queue import prune_finished, send_due
from careercenter.pay.index import get_pay_index
from careercenter.search import changelog
from careercenter.search.backend import SearchUnavailable, get_backend
from careercenter.search.embedded_store import EngineFailure
from careercenter.search.follower import catch_up_all, mark_following

log = logging.getLogger("careercenter.worker")


@dataclass
class Task:
    name: str
    every: float  # seconds between runs
    run: Callable[[], str]  # does one round; says what it did ("" when nothing)
    due_at: float = 0.0


def sync_search() -> str:

    applied = catch_up_all()
    return f"{applied} index changes" if applied else ""


def sync_pay() -> str:
    """The pay index, from the same change log (its own position)."""
    applied = get_pay_index().catch_up()
    return f"{applied} pay index changes" if applied else ""


def send_mail() -> str:

    report = send_due()
    parts = [
        f"{count} {what}"
        for count, what in (
            (report.sent, "e-mails sent"),
            (report.retried, "to retry"),
            (report.failed, "failed"),
        )
        if count
    ]
    return ", ".join(parts)


def send_alerts() -> str:

    report = send_due_alerts()
    return f"{report.digests} alert digests" if report.digests else ""


def expire_jobs() -> str:

    expired = expire_due_jobs()
    return f"{expired} jobs expired" if expired else ""


def prune_old_records() -> str:
    """The search change log and finished e-mail, each kept for its retention period."""

    changelog.prune(timedelta(days=current_app.config["SEARCH_LOG_RETENTION_DAYS"]))
    emails = prune_finished(timedelta(days=current_app.config["MAIL_RETENTION_DAYS"]))
    return f"{emails} old e-mails pruned" if emails else ""


def read_consult_mail() -> str:
    """The consultant desk's mailbox, when there is one; a server down or hanging is one
    warning a pass, and the next pass tries again."""
    try:
        return read_mailbox().said()
    except MailboxUnavailable as error:
        log.warning("consult mailbox: %s", error)
        return "consult mailbox unavailable"


def default_tasks(app: Flask) -> list[Task]:
    every = app.config["WORKER_INTERVAL"]
    # Mail last, so that a pass sends the digests it has just queued.
    return [
        Task("search", every, sync_search),
        Task("pay", every, sync_pay),
        Task("alerts", app.config["WORKER_ALERTS_EVERY"], send_alerts),
        Task("expiry", 300.0, expire_jobs),
        Task("prune", 3600.0, prune_old_records),
        Task("consult mail", max(every, 30.0), read_consult_mail),
        Task("mail", every, send_mail),
    ]


def run_pass(app: Flask, tasks: list[Task]) -> str:
    """Run every task that is due; one failing task never stops the others."""
    started, done = time.monotonic(), []
    for task in tasks:
        if time.monotonic() < task.due_at:
            continue
        task.due_at = time.monotonic() + task.every
        with app.app_context():
            try:
                said = task.run()
            except (
                SearchUnavailable,
                EngineFailure,
            ) as error:  # a server down: one line a pass, no traceback
                log.warning("worker task %s: %s", task.name, error)
                said = f"{task.name} failed (search unavailable)"
            except Exception as error:  # logged with its traceback; the next pass retries
                log.exception("worker task %s failed", task.name)
                said = f"{task.name} failed ({type(error).__name__})"
            finally:
                db.session.remove()
        if said:
            done.append(said)
    took = (time.monotonic() - started) * 1000
    return f"worker pass: {'; '.join(done) or 'nothing to do'} ({took:.0f} ms)"


def run_worker(app: Flask, once: bool = False, stop: threading.Event | None = None) -> None:
    """Pass after pass until SIGTERM (or ``stop``); with ``once``, a single pass."""

    stop = stop or threading.Event()
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGTERM, signal.SIGINT):
            previous[number] = signal.signal(number, lambda *_: stop.set())
    mark_following(app)  # keep the search writer's lease between passes
    tasks = default_tasks(app)
    log.info("worker started (a pass every %s s)", app.config["WORKER_INTERVAL"])
    try:
        while not stop.is_set():
            log.info(run_pass(app, tasks))
            if once:
                break
            stop.wait(app.config["WORKER_INTERVAL"])
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        with app.app_context():
            get_backend().release_writer()
        log.info("worker stopped")


def supervise(app: Flask, stop: threading.Event | None = None) -> None:
    """Run the worker in a child process and start a new one whenever it dies. A damaged
    index file read through tantivy's memory map ends a process with SIGBUS, which Python
    cannot catch; the next child opens the index afresh, finds the damage and rebuilds it
    once (the rebuild lock), instead of the worker staying down."""
    stop = stop or threading.Event()
    child = 0

    def forward(number: int, _frame: Any) -> None:
        stop.set()
        if child:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, number)

    previous = {
        number: signal.signal(number, forward) for number in (signal.SIGTERM, signal.SIGINT)
    }
    failures = 0
    try:
        while not stop.is_set():
            with app.app_context():
                db.engine.dispose()  # the child opens its own connections
            started = time.monotonic()
            child = os.fork()
            if child == 0:  # pragma: no cover - the child's end is seen through its exit code
                code = 1
                try:
                    for number, handler in previous.items():
                        signal.signal(number, handler)
                    run_worker(app)
                    code = 0
                finally:
                    logging.shutdown()
                    os._exit(code)
            _, status = os.waitpid(child, 0)
            code, child = os.waitstatus_to_exitcode(status), 0
            if code == 0 or stop.is_set():
                return
            what = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
            failures = 0 if time.monotonic() - started > 60 else failures + 1
            delay = min(2.0**failures, 30.0) if failures else 0.0
            log.error("worker process died (%s); starting a new one", what)
            stop.wait(delay)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
