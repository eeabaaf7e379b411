"""Public pages seen by a guest set no cookie and may be cached; static files are
fingerprinted and cached for a year."""

from __future__ import annotations

import re

from tests.support.factories import JobFactory


def test_a_guests_public_pages_set_no_cookie_and_are_cacheable(client):
    job = JobFactory(title="Spine Coder")
    for path in ("/", "/jobs?q=spine", f"/jobs/{job.path_key}", "/remote-coding-jobs"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert "Set-Cookie" not in answer.headers, path
        assert answer.cache_control.public and answer.cache_control.max_age == 60, path
    feed = client.get("/jobs/feed.atom")
    assert feed.cache_control.public and feed.cache_control.max_age == 300


def test_a_page_with_a_form_or_a_signed_in_visitor_is_private(user):
    login = user.client.get("/login")
    assert "Set-Cookie" in login.headers  # the form's CSRF token lives in the session
    assert login.cache_control.private and login.cache_control.no_cache
    user.register("pat@example.com")
    jobs = user.client.get("/jobs")
    assert jobs.cache_control.private and not jobs.cache_control.public


def test_static_files_are_fingerprinted_and_cached_for_a_year(client):
    page = client.get("/").data.decode()
    (css,) = re.findall(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', page)
    answer = client.get(css)
    assert answer.status_code == 200
    assert answer.cache_control.max_age == 365 * 24 * 3600 and answer.cache_control.immutable
    # no-cache would make every browser ask again, year or not.
    assert not answer.cache_control.no_cache and answer.cache_control.public
    assert "no-cache" not in answer.headers["Cache-Control"]
    stale = client.get("/static/css/site.css?v=000000000000")
    assert not stale.cache_control.immutable  # an old fingerprint is not cached for a year
