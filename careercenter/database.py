"""Database engine settings that differ by backend, and ending a request's session when
the database has gone away under it."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

logger = logging.getLogger(__name__)


def end_sessions_even_when_the_database_is_gone(app: Flask, db: SQLAlchemy) -> None:
    """Flask-SQLAlchemy ends each request's session with a rollback; when the server was
    restarted since the request's last statement that rollback fails, and a page already
    rendered became a 500. Runs before Flask-SQLAlchemy's own teardown (teardowns run in
    reverse order): the session's connections are then invalidated, and the pool replaces
    them."""

    @app.teardown_appcontext
    def _end_session(_error: BaseException | None) -> None:
        try:
            db.session.remove()
        except DBAPIError as error:
            logger.warning("database connection lost at the end of a request: %s", error.orig)
            db.session().invalidate()  # the scoped proxy does not offer it
            db.session.remove()


def configure_engine_events(engine: Engine) -> None:
    """On SQLite, enforce foreign keys and use WAL so readers do not block the writer."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
