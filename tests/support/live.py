"""The app as an operator runs it: gunicorn in its own process, with its own instance folder
(its own embedded index) on the test database, and a person using it over real HTTP."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import requests

from tests.support.people import CSRF_IN_PAGE, PASSWORD
from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
CSRF_META = re.compile(CSRF_IN_PAGE)
JOB_ID = re.compile(r"/employer/jobs/(\d+)/")


class LiveSite:
    """One machine of the board: ``workers`` gunicorn workers following the change log."""

    def __init__(
        self, instance: Path, database_url: str, workers: int = 2, **settings: str
    ) -> None:
        self.instance, self.database_url, self.workers = instance, database_url, workers
        self.settings = settings
        self.log_path = instance / "server.log"  # what the server wrote to standard error
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "CAREERCENTER_ENV": "development",
            "INSTANCE_PATH": str(self.instance),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": "live-test-secret-key-that-is-long-enough-0123456789",
            "SEARCH_BACKEND": "embedded",
            "SEARCH_FOLLOW_INTERVAL": "0.2",
            "RATELIMIT_ENABLED": "0",
            "MAIL_URL": "console",
            "BASE_URL": self.base,
            **self.settings,
        }

    def start(self) -> LiveSite:
        self.instance.mkdir(parents=True, exist_ok=True)
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        assert gunicorn, "gunicorn is installed with the test extra"
        command = [gunicorn, "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"]
        # gunicorn reads ./gunicorn.conf.py (the shipped settings) from its working directory;
        # its planned recycling (max_requests) comes after a number of requests, which a fast
        # machine reaches within a test, so a test's server never recycles: a worker that is
        # replaced died.
        command += ["--max-requests", "0", "--timeout", "60", "--log-level", "warning"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "wsgi:app"], cwd=ROOT, env=self.environment(), stderr=log
            )
        # Ready as a load balancer sees it: a new machine builds its search index in the
        # background (never inside a request) and says so on /readyz until it is done.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/readyz", timeout=5).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()  # no server left behind by a test that fails here
        raise RuntimeError(
            "the live site did not become ready: " + " | ".join(self.log_lines()[-5:])
        )

    def flask(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A command run on this machine, as cron would (same instance folder)."""
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "careercenter", *args],
            cwd=ROOT,
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def log_lines(self) -> list[str]:
        return self.log_path.read_text(errors="replace").splitlines()

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def search(self, **params: Any) -> dict[str, Any]:
        answer = requests.get(self.base + "/api/v1/jobs", params=params, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def all_found_ids(self, **params: Any) -> set[int]:
        """Every job the search finds, page by page in a stable order (newest first: equal
        relevance scores may come in another order from another worker's reader)."""
        found: set[int] = set()
        page = 1
        while True:
            answer = self.search(**params, sort="newest", per_page=50, page=page)
            found |= {int(hit["id"]) for hit in answer["hits"]}
            if page * 50 >= answer["total"]:
                return found
            page += 1

    def found_ids(self, **params: Any) -> set[int]:
        params.setdefault("per_page", 50)
        return {int(hit["id"]) for hit in self.search(**params)["hits"]}


class WebEmployer:
    """An employer at a browser: logs in, posts, edits and closes jobs with the forms."""

    def __init__(self, site: LiveSite, email: str) -> None:
        self.site, self.email = site, email
        self.session = requests.Session()

    def _token(self, path: str = "/") -> str:
        page = self.session.get(self.site.base + path, timeout=30)
        match = CSRF_META.search(page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1) or match.group(2)

    def post(self, path: str, data: dict[str, Any], form_page: str = "/") -> requests.Response:
        data = {**data, "csrf_token": self._token(form_page)}
        return self.session.post(self.site.base + path, data=data, timeout=30)

    def login(self) -> WebEmployer:
        answer = self.post("/login", {"email": self.email, "password": PASSWORD}, "/login")
        assert answer.ok and "Log out" in answer.text, answer.text[:500]
        return self

    def publish(self, form: dict[str, Any]) -> int:
        """Post a job and publish it; returns its id once the site confirmed it is live."""
        draft = self.post("/employer/jobs/new", form)
        assert draft.ok, draft.status_code
        job_id = int(JOB_ID.search(draft.url + " " + draft.text).group(1))
        live = self.post(f"/employer/jobs/{job_id}/submit", {})
        assert live.ok and "Your job is live" in live.text, live.status_code
        return job_id

    def edit(self, job_id: int, form: dict[str, Any]) -> None:
        answer = self.post(f"/employer/jobs/{job_id}/edit", form)
        assert answer.ok and "Changes saved" in answer.text, answer.status_code

    def close(self, job_id: int) -> None:
        answer = self.post(f"/employer/jobs/{job_id}/close", {"reason": "filled"})
        assert answer.ok and "is closed" in answer.text, answer.status_code
