"""What several workers share: rate limits kept in Redis count every attempt once, whichever
worker or machine takes it; job view counts survive a restart."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time

import pytest
import redis
import requests

from careercenter.extensions import db
from careercenter.jobs.models import Job
from tests.support.factories import JobFactory
from tests.support.live import LiveSite
from tests.support.processes import free_port

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture
def redis_url(redis_server):
    return redis_server[0]


@pytest.fixture
def redis_server():
    """Debian's redis-server on a free port, nothing kept on disk: (url, process)."""
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
    yield url, process
    process.send_signal(signal.SIGCONT)  # in case a test left it stopped
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


def sign_in_sign_up_and_reset(site: LiveSite, attempt: int) -> list[tuple[int, float]]:
    """The three forms the limits guard, each timed (status, seconds)."""
    browser = requests.Session()
    token = CSRF.search(browser.get(site.base + "/login", timeout=10).text).group(1)
    forms = [
        ("/login", {"email": f"nobody{attempt}@example.com", "password": "wrong"}),
        (
            "/register",
            {
                "email": f"new{attempt}@example.com",
                "name": "Pat",
                "role": "seeker",
                "password": "a long passphrase here",
                "confirm": "a long passphrase here",
            },
        ),
        ("/account/reset", {"email": f"nobody{attempt}@example.com"}),
    ]
    answers = []
    for path, form in forms:
        started = time.monotonic()
        status = browser.post(
            site.base + path, data={**form, "csrf_token": token}, timeout=30
        ).status_code
        answers.append((status, time.monotonic() - started))
    return answers


def test_log_in_sign_up_and_reset_work_with_the_limit_store_down_or_hung(machines, redis_server):
    url, process = redis_server
    site = machines(
        "web", RATELIMIT_ENABLED="1", RATELIMIT_STORAGE_URI=url, LOGIN_RATE_LIMIT="2 per minute"
    )
    assert [status for status, _ in sign_in_sign_up_and_reset(site, 0)] == [200, 200, 200]

    process.send_signal(signal.SIGSTOP)  # hung: connections open, nothing answers
    hung = sign_in_sign_up_and_reset(site, 1)
    process.send_signal(signal.SIGCONT)
    process.terminate()  # down: connections refused
    process.wait(timeout=10)
    down = sign_in_sign_up_and_reset(site, 2)

    # Each form answers, failing open to the worker's own count: the limit still holds
    # (two log-ins a minute from this address), it does not turn into a 500 or a hang.
    for status, seconds in hung + down:
        assert status in (200, 429) and seconds < 10, (hung, down)
    assert 200 in [status for status, _ in hung] and 200 in [status for status, _ in down]
