"""What a visitor sees: the home page, the job list and job pages."""

from __future__ import annotations

import time
from datetime import timedelta

from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory


def test_the_home_page_shows_the_newest_jobs_and_a_search_box(client):
    JobFactory(title="Older Coder", published_at=utcnow() - timedelta(days=3))
    JobFactory(title="Newest Coder")
    JobFactory(title="Hidden Draft", draft=True)

    html = client.get("/").data.decode()

    assert 'role="search"' in html
    assert html.index("Newest Coder") < html.index("Older Coder")
    assert "Hidden Draft" not in html
    assert "2 open jobs" in html


def test_the_open_job_figure_leaves_out_closed_jobs_and_those_past_their_expiry(client):
    from careercenter.search.backend import get_backend

    JobFactory(title="Listed Coder")
    JobFactory(title="Closed Coder", status="closed")
    JobFactory(title="Lapsing Coder", expires_at=utcnow() + timedelta(hours=1))
    assert "2 open jobs" in client.get("/").data.decode()

    in_two_hours = int(time.time()) + 2 * 3600
    assert get_backend().count_open(now=in_two_hours) == 1


def test_a_job_page_has_a_readable_address(client):
    job = JobFactory(title="Spine Surgery Coder")

    assert (
        client.get(f"/jobs/{job.id}")
        .headers["Location"]
        .endswith(f"/jobs/{job.id}-spine-surgery-coder")
    )
    assert client.get(f"/jobs/{job.id}-wrong-words").status_code == 301
    assert client.get(f"/jobs/{job.id}-spine-surgery-coder").status_code == 200
    for bad in ("abc", "99999", "-1", "1" * 40, "%2e%2e"):
        assert client.get(f"/jobs/{bad}").status_code == 404
    assert client.get("/jobs/%00").status_code == 400


def test_drafts_are_not_public(client):
    job = JobFactory(draft=True)
    assert client.get(f"/jobs/{job.path_key}").status_code == 404


def test_unknown_pages_get_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"We could not find that page" in response.data


def test_a_server_error_gets_a_friendly_500(app):
    from careercenter.errors import render_error

    with app.test_request_context("/"):
        body, status = render_error(500)
    assert status == 500
    assert "Something went wrong on our side" in body


def test_every_page_carries_protective_headers(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
