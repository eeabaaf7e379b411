"""Every request has an id: in its access line, in every line logged meanwhile, in the
X-Request-ID header; an error is logged once, with that id."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture
def failing_app(app_with):
    """An app with one page that breaks, as a bug would."""
    broken = app_with()
    broken.config["PROPAGATE_EXCEPTIONS"] = False

    @broken.route("/broken")
    def broken_page():
        raise RuntimeError("a bug")

    return broken


def test_each_request_gets_an_id_in_its_header_and_its_access_line(client, caplog):
    caplog.set_level(logging.INFO, logger="careercenter.access")
    answer = client.get("/jobs?q=spine")
    request_id = answer.headers["X-Request-ID"]
    assert len(request_id) == 32
    (line,) = [r for r in caplog.records if r.name == "careercenter.access"]
    assert '"GET /jobs?q=spine" 200' in line.getMessage()
    assert line.request_id == request_id


def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(client):
    kept = client.get("/healthz", headers={"X-Request-ID": "edge-1234abcd"})
    assert kept.headers["X-Request-ID"] == "edge-1234abcd"
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert (
        len(replaced.headers["X-Request-ID"]) == 32 and "<" not in replaced.headers["X-Request-ID"]
    )


def test_an_error_is_logged_once_with_the_request_id(failing_app, caplog):
    caplog.set_level(logging.INFO)
    answer = failing_app.test_client().get("/broken")
    assert answer.status_code == 500
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert errors[0].request_id == answer.headers["X-Request-ID"]
    assert "a bug" in caplog.text


def test_the_same_problem_is_let_through_once_per_interval_with_a_count():
    from careercenter.logs import RepeatedProblems

    problems = RepeatedProblems(60.0)
    outage = ("careercenter.errors", 30, "database unavailable: %s", "")
    other = ("careercenter.search.follower", 40, "search follower round failed", "OperationalError")

    assert problems.allow(outage, now=0.0) == (True, 0)
    assert [problems.allow(outage, now=t)[0] for t in (1.0, 2.0, 59.0)] == [False] * 3
    assert problems.allow(other, now=3.0) == (True, 0)  # a different problem is never hidden
    assert problems.allow(outage, now=60.5) == (True, 3)  # says how many were held back


def test_an_index_rebuild_is_logged_each_time_though_the_line_reads_alike():
    """Two rebuilds a second apart (the index damaged again) are two events, not a repeat:
    the second was once held back, and a rebuild happened without a word in the log."""
    import logging

    from careercenter.logs import EACH_TIME, RepeatedProblems, RepeatFilter

    passes = RepeatFilter(RepeatedProblems(60.0)).filter

    def line(problem: str, **extra) -> logging.LogRecord:
        record = logging.LogRecord(
            "careercenter.search.embedded",
            logging.WARNING,
            __file__,
            1,
            "search index unusable (%s); rebuilding it from the database",
            (problem,),
            None,
        )
        record.__dict__.update(extra)
        return record

    assert passes(line("no index", **EACH_TIME)) and passes(line("truncated", **EACH_TIME))
    assert passes(line("no index")) and not passes(line("truncated"))  # without: held back


def test_error_reports_are_sent_once_per_problem_and_interval(monkeypatch):
    from careercenter.logs import REPEATS
    from careercenter.ops.reporting import once_per_interval

    monkeypatch.setattr(REPEATS, "interval", 60.0)  # the default (the suite sets 0)

    def failure():
        try:
            raise TimeoutError("database unreachable")
        except TimeoutError as error:
            return (type(error), error, error.__traceback__)

    event = {"level": "error", "message": "reporting test: database unreachable"}
    sent = [once_per_interval(dict(event), {"exc_info": failure()}) for _ in range(20)]
    assert sum(report is not None for report in sent) == 1
