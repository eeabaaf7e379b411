"""Load balancers ask whether the process is up and whether it can serve."""

from __future__ import annotations

from datetime import timedelta

from careercenter.extensions import db
from careercenter.search.models import SearchChange
from careercenter.timeutil import utcnow


def test_healthz_says_the_process_is_up(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}


def test_readyz_checks_the_database_search_and_index_lag(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["ready"] is True
    assert set(answer.json["checks"]) == {"database", "search", "search_lag"}
    assert all(check["ok"] for check in answer.json["checks"].values())


def test_readyz_fails_when_the_index_is_far_behind(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "READY_MAX_SEARCH_LAG_SECONDS", 60)
    db.session.add(SearchChange(job_id=12345, created_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["ready"] is False
    lag = answer.json["checks"]["search_lag"]
    assert lag["ok"] is False and "behind the change log" in lag["detail"]
    assert answer.json["checks"]["database"]["ok"] is True


def test_readyz_fails_when_search_does_not_answer(app, client, monkeypatch):
    from careercenter.search.backend import SearchUnavailable, get_backend

    def down(query):
        raise SearchUnavailable("Meilisearch: connection refused")

    monkeypatch.setattr(get_backend(), "search", down)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["search"] == {
        "ok": False,
        "detail": "SearchUnavailable: Meilisearch: connection refused",
        "ms": answer.json["checks"]["search"]["ms"],
    }
