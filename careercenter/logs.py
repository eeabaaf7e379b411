"""Logs: one access line per request, and a request id on every line logged while the
request runs, also sent back as ``X-Request-ID`` (a proxy's own id is kept when it sends
a sane one), so an error report, a log line and a user's complaint can be matched."""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import uuid
from typing import Any

from flask import Flask, g, has_request_context, request

access_log = logging.getLogger("careercenter.access")
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


class RepeatedProblems:
    """Warnings and errors that say the same thing again (an outage seen by every request
    and by each follower round) are let through once per ``interval`` seconds; the next one
    let through says how many were held back. Keyed by logger, level, message template and
    exception type, so a different problem is never hidden behind the first."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.seen: dict[tuple[Any, ...], list[float]] = {}  # key: [last let through, held]

    def allow(self, key: tuple[Any, ...], now: float | None = None) -> tuple[bool, int]:
        """(let through?, how many were held back since the last one let through)."""
        now = time.monotonic() if now is None else now
        with self.lock:
            entry = self.seen.get(key)
            if entry is None or now - entry[0] >= self.interval:
                held = int(entry[1]) if entry else 0
                self.seen[key] = [now, 0]
                if len(self.seen) > 1000:  # forget the oldest keys, not memory
                    for stale in sorted(self.seen, key=lambda k: self.seen[k][0])[:500]:
                        del self.seen[stale]
                return True, held
            entry[1] += 1
            return False, 0


def problem_key(record: logging.LogRecord) -> tuple[Any, ...]:
    kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
    return (record.name, record.levelno, str(record.msg), kind)


class RepeatFilter(logging.Filter):
    """The logging side of :class:`RepeatedProblems` (warnings and above)."""

    def __init__(self, problems: RepeatedProblems) -> None:
        super().__init__()
        self.problems = problems

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or getattr(record, "each_time", False):
            return True
        if getattr(record, "_repeat_checked", None) is not None:  # several handlers
            return record._repeat_checked
        allowed, held = self.problems.allow(problem_key(record))
        if allowed and held:
            record.msg = f"{record.msg} (and {held} more like it held back)"
        record._repeat_checked = allowed
        return allowed


# For events that are rare by nature and each worth a line (an index rebuilt): a second one
# is never a repeat of the first, though the template is the same.
EACH_TIME = {"each_time": True}

REPEATS = RepeatedProblems(60.0)  # one per process: every handler and Sentry share it


def configure(level: str, repeat_seconds: float = 60.0) -> None:
    """Log to standard error with request ids, unless the host (gunicorn's own logging
    aside, pytest, an operator's config) has already set handlers up."""
    root = logging.getLogger()
    REPEATS.interval = repeat_seconds
    if not any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        if not root.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(FORMAT))
            root.addHandler(handler)
        for handler in root.handlers:
            handler.addFilter(RequestIdFilter())
            handler.addFilter(RepeatFilter(REPEATS))
    logging.getLogger("careercenter").setLevel(level)


def register(app: Flask) -> None:
    configure(app.config["LOG_LEVEL"], app.config["LOG_REPEAT_SECONDS"])

    @app.before_request
    def start_request() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        g.request_started = time.monotonic()

    @app.after_request
    def finish_request(response: Any) -> Any:
        response.headers["X-Request-ID"] = g.get("request_id", "-")
        if app.config["ACCESS_LOG"]:
            took = (time.monotonic() - g.get("request_started", time.monotonic())) * 1000
            access_log.info(
                '%s "%s %s" %s %s %.1fms',
                request.remote_addr,
                request.method,
                request.full_path.rstrip("?"),
                response.status_code,
                response.calculate_content_length() or "-",
                took,
            )
        return response
