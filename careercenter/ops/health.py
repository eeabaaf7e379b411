"""``/healthz``: the process answers. ``/readyz``: it can serve — the database answers, the
search backend answers, and the search index is not far behind the change log — with each
check's result, for load balancers and orchestrators."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from careercenter.extensions import db, limiter
from careercenter.search import changelog
from careercenter.search.backend import get_backend
from careercenter.search.query import SearchQuery

bp = Blueprint("ops", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz() -> Response:
    return jsonify({"status": "ok"})


def check_database() -> str:
    db.session.execute(text("SELECT 1"))
    return "answers"


def check_search() -> str:

    found = get_backend().search(SearchQuery(per_page=0, with_facets=False))
    return f"answers ({found.total} open jobs)"


def check_search_lag() -> str:
    """The oldest change the index has not applied, against READY_MAX_SEARCH_LAG_SECONDS."""

    position = get_backend().position()
    changelog.check_same_log(position)  # a restored database: not ready until rebuilt
    waiting = changelog.changes_after(position, 1)
    lag = max(0.0, time.time() - waiting[0].written) if waiting else 0.0
    limit = current_app.config["READY_MAX_SEARCH_LAG_SECONDS"]
    if lag > limit:
        raise RuntimeError(f"{lag:.0f} s behind the change log (limit {limit} s)")
    return f"{lag:.0f} s behind"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "search": check_search,
    "search_lag": check_search_lag,
}


@bp.route("/readyz")
@limiter.exempt
def readyz() -> tuple[Response, int]:
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            results[name] = {"ok": True, "detail": check()}
        except Exception as error:  # every failure is reported, none is raised
            db.session.rollback()
            results[name] = {"ok": False, "detail": f"{type(error).__name__}: {error}"[:300]}
        results[name]["ms"] = round((time.monotonic() - started) * 1000, 1)
    ready = all(result["ok"] for result in results.values())
    return jsonify({"ready": ready, "checks": results}), 200 if ready else 503
