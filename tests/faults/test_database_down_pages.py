"""With the database gone, every visitor, signed in or not, gets the page that says so: a
503 with Retry-After. The page itself must not need the database (it used to look up the
signed-in user, and a signed-in visitor got a bare 500)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from careercenter.extensions import db
from tests.support.factories import EmployerFactory, JobFactory, UserFactory


@contextmanager
def database_down():
    """Every statement fails as it does when PostgreSQL is stopped under the app."""

    def refuse(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)


@pytest.mark.parametrize("who", ["guest", "seeker", "employer"])
def test_every_visitor_gets_the_database_page_while_it_is_down(who, user):
    job = JobFactory(title="Spine Coder")
    job_page, job_api = f"/jobs/{job.path_key}", f"/api/v1/jobs/{job.id}"
    if who == "seeker":
        UserFactory(email="dana@example.com")
        user.login("dana@example.com")
    elif who == "employer":
        EmployerFactory(email="owner@ridgeline.example", company=job.company)
        user.login("owner@ridgeline.example")

    with database_down():
        for page in ("/", "/jobs?q=spine", job_page, "/me/saved", "/employer", "/no-such-page"):
            answer = user.client.get(page)
            if who == "guest" and page.startswith(("/jobs?", "/me/", "/employer")):
                # a guest's search is answered from the index; private pages ask to log in
                assert answer.status_code in (200, 302, 503), page
                continue
            if page == "/no-such-page":  # an error page of its own, drawn without the database
                assert answer.status_code == 404 and b"could not find" in answer.data
                continue
            assert answer.status_code == 503, (page, answer.status_code)
            assert answer.headers["Retry-After"] == "5"
            assert b"cannot reach its database" in answer.data, page
        api = user.client.get(job_api)
        assert api.status_code == 503 and api.json["error"]["code"] == "unavailable"

    assert user.client.get("/").status_code == 200  # back as soon as the database is
