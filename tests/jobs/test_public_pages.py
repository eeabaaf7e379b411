"""What a visitor sees: the home page, the job list and job pages."""

from __future__ import annotations

from datetime import timedelta

from careercenter.timeutil import utcnow
from tests.factories import JobFactory


def test_the_home_page_shows_the_newest_jobs_and_a_search_box(client):
    JobFactory(title="Older Coder", published_at=utcnow() - timedelta(days=3))
    JobFactory(title="Newest Coder")
    JobFactory(title="Hidden Draft", draft=True)

    html = client.get("/").data.decode()

    assert 'role="search"' in html
    assert html.index("Newest Coder") < html.index("Older Coder")
    assert "Hidden Draft" not in html
    assert "2 open jobs" in html


def test_the_job_list_pages_through_all_open_jobs(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_PER_PAGE", 5)
    for number in range(12):
        JobFactory(
            title=f"Coder number {number:02d}", published_at=utcnow() - timedelta(hours=number)
        )

    first = client.get("/jobs").data.decode()
    third = client.get("/jobs?page=3").data.decode()

    assert "Page 1 of 3" in first
    assert "Coder number 00" in first and "Coder number 05" not in first
    assert "Coder number 10" in third and "Coder number 11" in third
    assert client.get("/jobs?page=99").status_code == 200
    assert client.get("/jobs?page=-3").status_code == 200
    assert client.get("/jobs?page=abc").status_code == 200


def test_the_job_list_filters_by_words_and_work_mode(client):
    JobFactory(title="Remote Spine Coder", work_mode="remote")
    JobFactory(title="Onsite Spine Coder", work_mode="onsite", city="Tampa", state="FL")
    JobFactory(
        title="Remote Cardiology Coder",
        work_mode="remote",
        description="Code echocardiograms and cath lab cases.",
    )

    html = client.get("/jobs?q=spine&work_mode=remote").data.decode()

    assert "Remote Spine Coder" in html
    assert "Onsite Spine Coder" not in html
    assert "Cardiology" not in html


def test_odd_search_text_is_safe(client):
    JobFactory(title="100% remote coder_one")
    for query in ["%", "_", "\\", "'", '"', "<script>", "a" * 500, "NEAR(", "C++"]:
        response = client.get("/jobs", query_string={"q": query, "work_mode": query})
        assert response.status_code == 200
        assert b"<script>" not in response.data.split(b"</header>")[1]
    assert b"100% remote" in client.get("/jobs?q=100%25").data
    nul = client.get("/jobs?q=a%00b")
    assert nul.status_code == 400
    assert b"Text may not contain NUL characters." in nul.data


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
