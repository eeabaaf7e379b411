"""Error pages: one template, a clear sentence for each status."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from careercenter.extensions import db, login_manager

logger = logging.getLogger(__name__)
DATABASE_RETRY_SECONDS = 5
DATABASE_ADVICE = "The board cannot reach its database for a moment. Please try again shortly."

MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: ("This page is not for your account", "Log in with an account that can use it."),
    404: ("We could not find that page", "The link may be old, or the job may have been removed."),
    405: ("That action is not allowed here", "Please use the buttons on the page."),
    410: ("This page is gone", "It was removed and will not come back."),
    413: ("That file is too large", "Please choose a smaller file."),
    429: ("Too many attempts", "Please wait a minute before trying again."),
    503: ("This is unavailable for a moment", "Please try again shortly."),
    500: ("Something went wrong on our side", "We have logged it. Please try again shortly."),
}


def render_error(status: int, detail: str | None = None) -> tuple[str, int]:
    title, advice = MESSAGES.get(status, MESSAGES[400])
    advice = detail or advice
    try:
        page = render_template("errors/error.html", status=status, title=title, advice=advice)
    except (OperationalError, InterfaceError):
        # The page looked up the signed-in account and the database is gone: an error
        # page must not fail in turn, so it is drawn for a guest.
        forget_the_session_after_a_database_error()
        page = render_template("errors/error.html", status=status, title=title, advice=advice)
    return page, status


def forget_the_session_after_a_database_error() -> None:
    """Roll back (or drop the broken connection) and draw what follows for a guest: looking
    up or refreshing the signed-in account needs the database that just failed. The
    session cookie itself is left as it is."""
    try:
        db.session.rollback()
    except DBAPIError:  # the connection itself is gone: let the pool replace it
        db.session().invalidate()
    g._login_user = login_manager.anonymous_user()


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400, "The form had expired or came from another site. Reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        status = error.code or 500
        if request.path.startswith("/api/"):
            body, status = api_error_body(status, error)
            for name, value in error.get_headers():  # Allow on a 405, Retry-After, …
                if name != "Content-Type":
                    body.headers[name] = value
            return body, status
        # Our own aborts carry a sentence meant for the user; Werkzeug's defaults do not.
        detail = error.description if error.description != type(error).description else None
        return render_error(status, detail)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: DBAPIError) -> Any:
        """The database down, restarting or locked: a 503 the visitor can retry, not a 500.
        The pool tests connections before use, so the first request after it is back works.
        (Other database errors, such as a broken constraint, stay 500s with a traceback.)"""
        forget_the_session_after_a_database_error()
        logger.warning("database unavailable: %s", str(error.orig).strip().splitlines()[0][:200])
        unavailable = ServiceUnavailable(retry_after=DATABASE_RETRY_SECONDS)
        if request.path.startswith("/api/"):
            body, status = api_error_body(503, unavailable)
        else:
            body, status = render_error(503, DATABASE_ADVICE)
        return body, status, {"Retry-After": str(DATABASE_RETRY_SECONDS)}

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> Any:
        db.session.rollback()  # Flask has logged it, once, with the request id on the line
        if request.path.startswith("/api/"):
            return api_error_body(500, error)
        return render_error(500)


API_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    429: "rate_limited",
    503: "unavailable",
    500: "server_error",
}


def api_error_body(status: int, error: HTTPException) -> tuple[Any, int]:
    """The API's one error shape, for errors raised outside the API's own handlers."""
    message = MESSAGES.get(status, MESSAGES[400])[0]
    code = getattr(error, "error_code", None) or API_CODES.get(status, "error")
    fields = getattr(error, "fields", {}) or {}
    if getattr(error, "error_code", None):
        message = error.description or message
    return jsonify({"error": {"code": code, "message": message, "fields": fields}}), status
