"""What search hooks into the app, in one place (``init_app``, called by ``create_app``):

* every ORM session logs job changes to the search change log in the transaction that makes
  them, and bulk statements that bypass the session say so through ``jobs_changed_in_bulk``;
* after a request that changed jobs, the process that writes the embedded index applies the
  changes at once, before the request's access line is written, so its time counts.

The follower thread that applies other processes' changes is started by the server when a
worker starts (gunicorn's ``post_worker_init``, ``flask serve``), never by a request."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g
from werkzeug.wrappers import Response

from careercenter.extensions import db
from careercenter.jobs.signals import jobs_changed_in_bulk
from careercenter.search import changelog
from careercenter.search.backend import NeedsRebuild, SearchUnavailable
from careercenter.search.follower import catch_up_all

log = logging.getLogger(__name__)


def _log_bulk_change(job_ids: list[int], reason: str) -> None:
    changelog.append_changes(job_ids, reason=reason)


def apply_after_commit(response: Response) -> Response:
    """A request that changed jobs leaves the embedded index up to date when it answers; if
    the index cannot be written now, the follower catches up later."""
    changed = g.pop("search_log_changed", False)
    if changed and current_app.config["SEARCH_BACKEND"] == "embedded":
        try:
            catch_up_all()
        except (SearchUnavailable, OSError, NeedsRebuild):
            db.session.rollback()
            log.exception("search index catch-up after request failed")
    return response


def init_app(app: Flask) -> None:
    changelog.install_session_hooks()
    jobs_changed_in_bulk.connect(_log_bulk_change)
    app.after_request(apply_after_commit)
