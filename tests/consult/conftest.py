"""The desk's mailbox: one Dovecot for the session, emptied before each test that reads it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.imap_server import ImapServer


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    # Not under pytest's own temporary folder: Dovecot's auth and mail processes run as
    # their own users and must be able to reach the password file and the mail.
    home = Path(tempfile.mkdtemp(prefix="careercenter-dovecot-"))
    home.chmod(0o755)
    server = ImapServer(home)
    yield server
    server.stop()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def desk_mailbox(app, imap_server, monkeypatch) -> ImapServer:
    imap_server.empty()
    monkeypatch.setitem(app.config, "CONSULT_IMAP_URL", imap_server.url)
    monkeypatch.setitem(app.config, "CONSULT_ADDRESS", "ask@careercenter.example")
    return imap_server
