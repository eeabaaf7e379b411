"""What several workers share: rate limits kept in Redis count every attempt once, whichever
worker or machine takes it; job view counts survive a restart."""

from __future__ import annotations

import re
import shutil
import subprocess
import time

import pytest
import redis
import requests

from careercenter.extensions import db
from careercenter.jobs.models import Job
from tests.conftest import free_port
from tests.factories import JobFactory
from tests.live import LiveSite

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture
def redis_url():
    """Debian's redis-server on a free port, nothing kept on disk."""
    server = shutil.which("redis-server")
    assert server, "redis-server is installed by .ci/system-deps"
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def machines(app, tmp_path):
    started: list[LiveSite] = []

    def start(name: str, **settings: str) -> LiveSite:
        site = LiveSite(tmp_path / name, app.config["SQLALCHEMY_DATABASE_URI"], 1, **settings)
        started.append(site.start())
        return site

    yield start
    for site in started:
        site.stop()


def failed_log_in(site: LiveSite, attempt: int) -> int:
    """One wrong password from the same address, for a different account each time (so only
    the per-address limit can stop it)."""
    browser = requests.Session()
    token = CSRF.search(browser.get(site.base + "/login", timeout=10).text).group(1)
    form = {"email": f"nobody{attempt}@example.com", "password": "wrong", "csrf_token": token}
    return browser.post(site.base + "/login", data=form, timeout=10).status_code


def test_a_limit_kept_in_redis_counts_each_attempt_once_across_workers(machines, redis_url):
    limits = {
        "RATELIMIT_ENABLED": "1",
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    first, second = machines("first", **limits), machines("second", **limits)
    answers = [failed_log_in(site, n) for n, site in enumerate([first, second, first, second])]
    assert answers == [200, 200, 200, 429]


def test_without_shared_storage_each_worker_counts_alone(machines):
    """Why the README asks for Redis with several workers: memory counts are per process."""
    limits = {"RATELIMIT_ENABLED": "1", "LOGIN_RATE_LIMIT": "3 per minute"}
    first, second = machines("first", **limits), machines("second", **limits)
    answers = [failed_log_in(site, n) for n, site in enumerate([first, second, first, second])]
    assert answers == [200, 200, 200, 200]


def test_job_views_counted_before_a_restart_are_kept(app, tmp_path):
    job = JobFactory(title="Popular Spine Coder")
    site = LiveSite(
        tmp_path / "web", app.config["SQLALCHEMY_DATABASE_URI"], 2, VIEW_COUNT_FLUSH_SECONDS="3600"
    ).start()
    for _ in range(40):
        assert requests.get(f"{site.base}/jobs/{job.path_key}", timeout=10).ok
    site.stop()  # SIGTERM: gunicorn's workers finish and write what they counted
    db.session.expire_all()
    assert db.session.get(Job, job.id).views_count == 40
