"""Logs: one access line per request, and a request id on every line logged while the
request runs, also sent back as ``X-Request-ID`` (a proxy's own id is kept when it sends
a sane one), so an error report, a log line and a user's complaint can be matched."""

from __future__ import annotations

import logging
import re
import sys
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


def configure(level: str) -> None:
    """Log to standard error with request ids, unless the host (gunicorn's own logging
    aside, pytest, an operator's config) has already set handlers up."""
    root = logging.getLogger()
    if not any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        if not root.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter(FORMAT))
            root.addHandler(handler)
        for handler in root.handlers:
            handler.addFilter(RequestIdFilter())
    logging.getLogger("careercenter").setLevel(level)


def register(app: Flask) -> None:
    configure(app.config["LOG_LEVEL"])

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
