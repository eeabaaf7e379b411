"""Shared fixtures: one app on a real database, a real SMTP server, and user actions.

The database is SQLite in a temporary folder unless TEST_DATABASE_URL (or DATABASE_URL)
points at PostgreSQL; the schema is built by the Alembic migrations, as in production.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from careercenter import create_app
from careercenter.codes.loaders import load_cpt, load_icd10cm
from careercenter.codes.service import forget_code_pages
from careercenter.config import normalise_database_url
from careercenter.extensions import db, limiter
from careercenter.pay.index import PAY_EXTENSION, get_pay_index
from careercenter.search.backend import get_backend
from tests.support.mailbox import Mailbox
from tests.support.people import IsolatedClient, UserActions
from tests.support.processes import free_port
from tests.support.stored_rows import REFERENCE_TABLES


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    Mailbox.shared = mailbox  # for UserActions, which confirm addresses as a person would
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


def test_database_url(instance: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance / 'test.db'}"
    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and url.startswith("postgresql"):
        return own_postgres_database(url, worker)
    return url


def own_postgres_database(url: str, worker: str) -> str:
    """Under pytest-xdist each worker process runs its own session: on PostgreSQL it gets a
    database of its own beside the one given (the role needs CREATEDB), made afresh."""
    given = make_url(url)
    name = f"{given.database}_{worker}"
    admin = create_engine(given, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        # like the given one: commits need not wait for the disk
        connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    admin.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


def in_memory_directory(name: str) -> Path | None:
    """A fresh directory on a RAM disk (/dev/shm), where an fsync costs nothing; None where
    there is none. The suite's own index lives there: each tantivy commit fsyncs its files,
    ~17 ms on this disk against ~3 ms in memory, and every factory job commits one."""
    shared_memory = Path("/dev/shm")  # noqa: S108
    if not shared_memory.is_dir() or not os.access(shared_memory, os.W_OK):
        return None
    return Path(tempfile.mkdtemp(prefix=name, dir=shared_memory))


@pytest.fixture(scope="session")
def app(
    tmp_path_factory: pytest.TempPathFactory, smtp_server: tuple[Mailbox, int]
) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    index_home = in_memory_directory("careercenter-tests-")
    _, smtp_port = smtp_server
    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-prod",
            "SQLALCHEMY_DATABASE_URI": test_database_url(instance),
            "MAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "BASE_URL": "http://careercenter.test",
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "POSTING_RATE_LIMIT": "1000 per minute",
            "JOB_MODERATION": False,
            "SEARCH_BACKEND": "embedded",
            "SEARCH_INDEX_PATH": (index_home or instance) / "search-index",
            "PAY_INDEX_PATH": (index_home or instance) / "pay-index",
            "PAY_REFRESH_SECONDS": 0,
            "SEARCH_FOLLOW_INTERVAL": 0,
            "VIEW_COUNT_FLUSH_SECONDS": 0,
            # Every test sees every warning it causes (a repeat from an earlier test is no
            # repeat to it); tests/ops and the fault tests check the holding back itself.
            "LOG_REPEAT_SECONDS": 0,
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
        flask_migrate.upgrade()
        load_cpt()
        load_icd10cm()
    app.test_client_class = IsolatedClient
    yield app
    get_backend(app).close()  # its writer goes, and with it tantivy's merging threads
    if index_home is not None:
        shutil.rmtree(index_home, ignore_errors=True)


@pytest.fixture
def app_with(app: Flask) -> Any:
    """Another app on the same database, built with some settings changed (for settings
    read once at start, such as TRUSTED_PROXIES)."""

    def build(**settings: Any) -> Flask:
        other = create_app(
            {
                "INSTANCE_PATH": app.instance_path,
                "TESTING": True,
                "SECRET_KEY": app.config["SECRET_KEY"],
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "MAIL_URL": app.config["MAIL_URL"],
                "BASE_URL": app.config["BASE_URL"],
                "JOB_MODERATION": False,
                "SEARCH_BACKEND": "embedded",
                "SEARCH_INDEX_PATH": app.config["SEARCH_INDEX_PATH"],
                "PAY_INDEX_PATH": app.config["PAY_INDEX_PATH"],
                "PAY_REFRESH_SECONDS": 0,
                "SEARCH_FOLLOW_INTERVAL": 0,
                "VIEW_COUNT_FLUSH_SECONDS": 0,
                "LOG_REPEAT_SECONDS": 0,
                **settings,
            }
        )
        other.test_client_class = IsolatedClient
        return other

    return build


@pytest.fixture(autouse=True)
def _clean_state(app: Flask, smtp_server: tuple[Mailbox, int]) -> Iterator[None]:
    """Each test starts with empty tables, an empty mailbox, fresh rate limits and the
    session's settings (a setting a test changed without monkeypatch is put back)."""
    mailbox, _ = smtp_server
    mailbox.messages.clear()
    limiter.reset()
    settings = dict(app.config)
    with app.app_context():
        get_backend().rebuild([], 0)  # an empty index, like the empty tables
        if PAY_EXTENSION in app.extensions:  # the pay index too, once a test has used it
            get_pay_index(app).rebuild([])
        forget_code_pages(words=False)  # the code data itself stays the same
        yield
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
    app.config.clear()
    app.config.update(settings)


@pytest.fixture
def mailbox(smtp_server: tuple[Mailbox, int]) -> Mailbox:
    return smtp_server[0]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def user(client: FlaskClient) -> UserActions:
    return UserActions(client)


@pytest.fixture
def guest(app: Flask) -> FlaskClient:
    """A browser that never logs in."""
    return app.test_client()


@pytest.fixture
def other_user(app: Flask) -> UserActions:
    """A second browser, for what someone else can or cannot see."""
    return UserActions(app.test_client())


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The app served over real HTTP on 127.0.0.1, for browsers and other real clients."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the figures tests recorded for the summary (record_property "relevance"), so
    a CI log shows the judged sets' nDCG@10 and P@5 and not only that they passed."""
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if getattr(report, "when", "") == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "relevance"
    ]
    if lines:
        terminalreporter.write_sep("-", "judged sets: search relevance, CasePilot")
        for line in sorted(lines):
            terminalreporter.write_line(line)
