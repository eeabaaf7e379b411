"""PostgreSQL stopped and started again under load: while it is down every request gets a
page or JSON error saying so (503 with Retry-After, never a 500 or a dropped connection);
once it is back the same gunicorn workers serve again, and every alert the board confirmed
is stored."""

from __future__ import annotations

import itertools
import random
import threading
import time
from dataclasses import dataclass, field

import psycopg
import pytest
import requests

from tests.support.live import CSRF_META, LiveSite
from tests.support.private_postgres import PrivatePostgres

pytestmark = pytest.mark.once  # the same whichever database the suite runs on

READERS = 3
BEFORE, DOWN, AFTER = 3.0, 4.0, 6.0  # seconds of load around the outage
SETTLE = 2.0  # after the server is back, a request in flight may still meet the old outage


@dataclass
class Load:
    """What the clients saw: (time, what, status or error) for every request."""

    stop: threading.Event = field(default_factory=threading.Event)
    seen: list[tuple[float, str, str]] = field(default_factory=list)
    confirmed: set[str] = field(default_factory=set)  # alert addresses the board said it saved
    tried: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, what: str, outcome: str) -> None:
        with self.lock:
            self.seen.append((time.monotonic(), what, outcome))


def read_pages(site: LiveSite, pages: list[str], load: Load, seed: int) -> None:
    chooser = random.Random(seed)
    with requests.Session() as browser:
        while not load.stop.is_set():
            page = chooser.choice(pages)
            try:
                answer = browser.get(site.base + page, timeout=30, allow_redirects=False)
            except requests.RequestException as error:
                load.note(page, f"error {type(error).__name__}")
                continue
            if answer.status_code == 503:
                assert answer.headers.get("Retry-After"), f"503 without Retry-After on {page}"
            load.note(page, str(answer.status_code))


def subscribe_alerts(site: LiveSite, load: Load) -> None:
    """A guest asking for alerts, one new address after another: each a row and an e-mail."""
    with requests.Session() as browser:
        token = CSRF_META.search(browser.get(site.base + "/login", timeout=30).text)
        assert token
        for number in itertools.count():
            if load.stop.is_set():
                return
            address = f"guest{number}@example.com"
            load.tried.add(address)
            data = {"query": "q=coder", "frequency": "daily", "email": address}
            try:
                answer = browser.post(
                    site.base + "/alerts",
                    data={**data, "csrf_token": token.group(1) or token.group(2)},
                    timeout=30,
                    allow_redirects=False,
                )
            except requests.RequestException as error:
                load.note("POST /alerts", f"error {type(error).__name__}")
                continue
            load.note("POST /alerts", str(answer.status_code))
            if answer.status_code == 302:
                load.confirmed.add(address)
            time.sleep(0.05)


def stored_alert_addresses(server: PrivatePostgres) -> set[str]:
    with psycopg.connect(server.url) as connection:
        return {email for (email,) in connection.execute("SELECT email FROM saved_searches")}


@pytest.fixture
def board_on_its_own_postgres(tmp_path):
    server = PrivatePostgres().start()
    site = LiveSite(tmp_path / "site", server.url, workers=2)
    try:
        for command in (("db", "upgrade"), ("codes", "load"), ("demo", "load")):
            done = site.flask(*command)
            assert done.returncode == 0, done.stderr[-2000:]
        site.start()
        yield server, site
    finally:
        site.stop()
        server.remove()


CHAINED = ("During handling of the above exception", "The above exception was the direct cause")


def reports_with_tracebacks(lines: list[str]) -> int:
    """How many problems were reported with a traceback: a chained exception (psycopg's
    error under SQLAlchemy's) prints a second "Traceback" inside the same report, and
    whether it does depends on the moment the database was caught at (refusing, or still
    shutting down)."""
    reports = 0
    for number, line in enumerate(lines):
        if line.startswith("Traceback") and not any(
            earlier.startswith(CHAINED) for earlier in lines[max(0, number - 2) : number]
        ):
            reports += 1
    return reports


def test_a_database_restart_under_load_fails_cleanly_and_recovers_without_an_app_restart(
    board_on_its_own_postgres,
):
    server, site = board_on_its_own_postgres
    jobs = site.search(per_page=20)["hits"]
    assert jobs, "the demo board has jobs"
    pages = ["/", "/jobs?q=coder", "/codes/cpt/63030", "/api/v1/jobs?q=spine"]
    pages += [f"/api/v1/jobs/{job['id']}" for job in jobs[:5]] + [job["url"] for job in jobs[:5]]
    pages = [page.removeprefix(site.base) for page in pages]
    workers_before = sorted(site.worker_pids())

    load = Load()
    clients = [
        threading.Thread(target=read_pages, args=(site, pages, load, seed))
        for seed in range(READERS)
    ] + [threading.Thread(target=subscribe_alerts, args=(site, load))]
    for client in clients:
        client.start()
    time.sleep(BEFORE)
    down_at = time.monotonic()
    server.stop()
    time.sleep(DOWN / 2)
    readiness_down = requests.get(site.base + "/readyz", timeout=30)
    time.sleep(DOWN / 2)
    server.start()
    back_at = time.monotonic()
    time.sleep(AFTER)
    load.stop.set()
    for client in clients:
        client.join(timeout=60)
    readiness_back = requests.get(site.base + "/readyz", timeout=30)

    outcomes = [outcome for _, _, outcome in load.seen]
    print(
        f"{len(outcomes)} requests: {outcomes.count('503')} answered 503 while the database was"
        f" down; {len(load.confirmed)} alerts confirmed, {len(stored_alert_addresses(server))}"
        " stored"
    )
    assert not [o for o in outcomes if o.startswith("error")], "dropped connections"
    assert set(outcomes) <= {"200", "302", "503"}, sorted(set(outcomes))
    during = [o for at, _, o in load.seen if down_at + 0.5 < at < back_at]
    assert during.count("503") >= len(during) // 2 > 0, "the outage was not seen"
    settled = [(what, o) for at, what, o in load.seen if at > back_at + SETTLE]
    still_failing = [what for what, outcome in settled if outcome == "503"]
    assert len(settled) > 20 and not still_failing, still_failing[:10]
    assert readiness_down.status_code == 503 and readiness_back.status_code == 200
    assert sorted(site.worker_pids()) == workers_before, "a worker died or was restarted"

    # The outage is said once per problem and process, not once per request or round
    # (a 10 s outage used to write thousands of lines from an idle server).
    during_outage = [line for line in site.log_lines() if " WARNING " in line or " ERROR " in line]
    tracebacks = reports_with_tracebacks(site.log_lines())
    print(f"{len(during_outage)} warnings and errors, {tracebacks} tracebacks in the log")
    assert len(during_outage) <= 6 * site.workers, during_outage
    assert tracebacks <= 2 * site.workers

    stored = stored_alert_addresses(server)
    assert load.confirmed <= stored, f"confirmed but lost: {sorted(load.confirmed - stored)}"
    assert stored <= load.tried
