"""How search is wired into the app: a request that publishes a job leaves the index written
before its access line is, and the follower thread starts with the server's worker, never
with a request."""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace

from flask import request

from careercenter import gunicorn_conf
from careercenter.search import extension, follower
from tests.support.pages import employer_posts


def test_a_publishing_request_logs_its_access_line_after_the_index_is_written(
    user, caplog, monkeypatch
):
    written = logging.getLogger("careercenter.search.extension")
    real_catch_up = extension.catch_up_all

    def catch_up_and_say_so():
        applied = real_catch_up()
        written.info("index written for %s %s: %d changes", request.method, request.path, applied)
        return applied

    monkeypatch.setattr(extension, "catch_up_all", catch_up_and_say_so)
    caplog.set_level(logging.INFO)
    employer_posts(user, {"Spine Surgery Coder": "63035"})

    lines = [record.getMessage() for record in caplog.records]
    publish = next(line for line in lines if "index written for POST" in line and "/submit" in line)
    path = publish.split()[4].rstrip(":")
    assert not publish.endswith(" 0 changes")  # the job went into the index in that request
    access = next(i for i, line in enumerate(lines) if f'"POST {path}"' in line)
    assert lines.index(publish) < access  # and the access line, with its time, came after


def _followers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "search-follower" and t.is_alive()]


def test_the_follower_starts_with_the_servers_worker_not_with_a_request(app_with, tmp_path):
    board = app_with(SEARCH_FOLLOW_INTERVAL=0.05, SEARCH_INDEX_PATH=str(tmp_path / "index"))
    before = _followers()

    assert board.test_client().get("/").status_code == 200
    assert not follower.is_following(board)
    assert _followers() == before

    gunicorn_conf.post_worker_init(SimpleNamespace(wsgi=board))  # what gunicorn calls
    try:
        assert follower.is_following(board)
        assert len(_followers()) == len(before) + 1
    finally:
        assert follower.stop_follower(board)
    assert _followers() == before
