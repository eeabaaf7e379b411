"""Headers a careful client or browser relies on."""

from __future__ import annotations

from careercenter.search.query import MAX_PAGE


def test_production_tells_browsers_to_come_back_over_https_only(app_with):
    production = app_with(ENVIRONMENT="production")
    answer = production.test_client().get("/healthz")
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


def test_signed_in_pages_are_never_stored(user):
    user.register("pat@example.com")
    page = user.client.get("/jobs")
    assert page.cache_control.private and page.cache_control.no_store


def test_the_apis_405_says_which_methods_are_allowed(client):
    answer = client.post("/api/v1/jobs")
    assert answer.status_code == 405
    assert answer.json["error"]["code"] == "method_not_allowed"
    assert "GET" in answer.headers["Allow"]


def test_the_openapi_document_states_the_page_limit_it_enforces(client):
    parameters = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/jobs"]["get"][
        "parameters"
    ]
    (page,) = [p for p in parameters if p["name"] == "page"]
    assert page["schema"]["maximum"] == MAX_PAGE
    too_far = client.get(f"/api/v1/jobs?page={MAX_PAGE + 1}")
    assert too_far.status_code == 400


def test_a_feed_that_cannot_search_says_so(client, monkeypatch):
    from careercenter.search.backend import SearchUnavailable, get_backend

    def down(query):
        raise SearchUnavailable("down")

    monkeypatch.setattr(get_backend(), "search", down)
    answer = client.get("/jobs/feed.atom")
    assert answer.status_code == 503
    assert b"unavailable for a moment" in answer.data
    assert b"Something in that request was not right" not in answer.data
