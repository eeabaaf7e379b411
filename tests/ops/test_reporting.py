"""With SENTRY_DSN set, an error reaches Sentry tagged with the request's id. Sentry cannot
run here: a stand-in ingest endpoint on 127.0.0.1 receives what the official SDK sends."""

from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class SentryStandIn(BaseHTTPRequestHandler):
    """Records each envelope the SDK posts (a named stand-in for Sentry's ingest)."""

    received: list[bytes] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sentry_dsn():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SentryStandIn.received = []
    yield f"http://publickey@127.0.0.1:{server.server_port}/1"
    import sentry_sdk

    sentry_sdk.init()  # no DSN: reporting off again for the rest of the suite
    server.shutdown()


def test_an_error_is_reported_to_sentry_with_its_request_id(app_with, sentry_dsn):
    import sentry_sdk

    reporting = app_with(SENTRY_DSN=sentry_dsn)
    reporting.config["PROPAGATE_EXCEPTIONS"] = False

    @reporting.route("/broken")
    def broken_page():
        raise RuntimeError("a bug worth reporting")

    answer = reporting.test_client().get("/broken")
    assert answer.status_code == 500
    sentry_sdk.flush(timeout=5)
    sent = b"".join(SentryStandIn.received)
    assert b"a bug worth reporting" in sent
    assert answer.headers["X-Request-ID"].encode() in sent


def test_a_dsn_without_the_sdk_installed_is_a_clear_error(app_with, monkeypatch):
    import sys

    from careercenter.config import ConfigError

    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ConfigError, match=r"careercenter\[sentry\]"):
        app_with(SENTRY_DSN="http://key@127.0.0.1:9/1")
