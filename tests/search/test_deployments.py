"""The board as it is deployed: several machines on one database, each with its own embedded
index following the change log; workers killed mid-traffic; Meilisearch hung."""

from __future__ import annotations

import os
import random
import signal
import socket
import threading
import time

import pytest

from careercenter.alerts.models import SavedSearch
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.timeutil import utcnow
from tests.support.factories import EmployerFactory
from tests.support.live import LiveSite, WebEmployer
from tests.support.pages import job_form


def wait_for(check, seconds: float) -> float:
    """Seconds until ``check()`` is true; fails after ``seconds``."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"not true within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - started


@pytest.fixture
def machines(app, tmp_path):
    started: list[LiveSite] = []

    def start(name: str, workers: int = 1) -> LiveSite:
        site = LiveSite(tmp_path / name, app.config["SQLALCHEMY_DATABASE_URI"], workers)
        started.append(site.start())
        return site

    yield start
    for site in started:
        site.stop()


def test_a_job_posted_on_one_app_server_is_found_on_the_other_and_by_cron(
    app, tmp_path, machines, mailbox
):
    EmployerFactory(email="owner@ridgeline.example")
    db.session.add(
        SavedSearch(
            email="dana@example.com",
            query_string="q=laminotomy",
            frequency="daily",
            confirmed_at=utcnow(),
        )
    )
    db.session.commit()
    first, second = machines("first"), machines("second")
    assert first.search(q="laminotomy")["total"] == 0
    cron = LiveSite(tmp_path / "cron", app.config["SQLALCHEMY_DATABASE_URI"])
    built = cron.flask("search", "reindex")  # the cron machine's index, before the job
    assert built.returncode == 0 and "Indexed 0 open jobs" in built.stdout, built.stderr

    employer = WebEmployer(first, "owner@ridgeline.example").login()
    job_id = employer.publish(job_form(title="Cross Machine Laminotomy Coder"))

    assert job_id in first.found_ids(q="laminotomy")  # at once where it was posted
    wait_for(lambda: job_id in second.found_ids(q="laminotomy"), 2.0)
    sent = cron.flask("alerts", "send")
    assert sent.returncode == 0, sent.stderr
    assert "sent 1 digests with 1 jobs" in sent.stdout


def test_killing_web_workers_loses_no_acknowledged_job(app, machines):
    EmployerFactory(email="owner@ridgeline.example")
    site = machines("killed", workers=2)
    # job id -> what the site last confirmed: open or closed; "unknown" when a worker died
    # under a request for it (the change may or may not have committed)
    acknowledged: dict[int, str] = {}
    stop = threading.Event()
    failures: list[BaseException] = []

    def employer_at_work(seed: int) -> None:
        rng = random.Random(seed)
        employer = WebEmployer(site, "owner@ridgeline.example")
        while not stop.is_set():
            job_id = None
            try:
                if not employer.session.cookies:
                    employer.login()
                job_id = employer.publish(job_form(title=f"Killtest Coder {seed} {rng.random()}"))
                acknowledged[job_id] = "open"
                if rng.random() < 0.5:
                    employer.edit(job_id, job_form(title=f"Killtest Coder edited {seed}"))
                if rng.random() < 0.3:
                    employer.close(job_id)
                    acknowledged[job_id] = "closed"
            except Exception as failure:  # the worker died under this request: go on
                failures.append(failure)
                if job_id is not None:
                    acknowledged[job_id] = "unknown"

    writers = [threading.Thread(target=employer_at_work, args=(n,)) for n in range(2)]
    for writer in writers:
        writer.start()
    try:
        # A worker is killed after every few postings the employers got an answer for, and
        # the employers go on for a few more after the last kill (progress, not seconds).
        for _ in range(3):
            seen = len(acknowledged)
            wait_for(lambda seen=seen: len(acknowledged) >= seen + 3, 60.0)
            os.kill(random.choice(site.worker_pids()), signal.SIGKILL)
        seen = len(acknowledged)
        wait_for(lambda seen=seen: len(acknowledged) >= seen + 3, 60.0)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=60)

    assert len(acknowledged) >= 5
    opened = {job_id for job_id, state in acknowledged.items() if state == "open"}
    closed = {job_id for job_id, state in acknowledged.items() if state == "closed"}
    in_database = set(db.session.scalars(db.select(Job.id).where(Job.status == "published")))
    assert opened <= in_database and not closed & in_database

    # Each worker's reader reloads within about half a second of a commit; followers have
    # caught up once several answers in a row (from either worker) list exactly the database.
    agreeing = 0

    def settled() -> bool:
        nonlocal agreeing
        agreeing = agreeing + 1 if site.all_found_ids(q="killtest") == in_database else 0
        return agreeing >= 6

    wait_for(settled, 10.0)


def hung_server() -> tuple[socket.socket, int]:
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    return listener, listener.getsockname()[1]


def test_with_meilisearch_hung_posting_and_other_pages_do_not_wait(app, user, monkeypatch):
    from careercenter.search.meili import MeiliBackend

    listener, port = hung_server()
    hung = MeiliBackend(f"http://127.0.0.1:{port}", None, timeout=5)
    # Far below the 5 s a request waiting on the hung server would take, far above what a
    # page takes on a slow machine: the test tells waiting from not waiting, not speed.
    quick = 1.5
    monkeypatch.setitem(app.extensions, "careercenter.search", hung)
    monkeypatch.setitem(app.config, "SEARCH_BACKEND", "meilisearch")
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    user.submit("/employer/jobs/new", job_form(title="Hung Meilisearch Coder"))
    job = db.session.scalars(db.select(Job)).one()
    token = user.csrf_token()

    started = time.perf_counter()
    page = user.client.post(f"/employer/jobs/{job.id}/submit", data={"csrf_token": token})
    posted = time.perf_counter() - started

    assert page.status_code == 302 and posted < quick, posted
    for path in ("/", f"/jobs/{job.path_key}", "/employer"):
        started = time.perf_counter()
        assert user.client.get(path).status_code == 200
        assert time.perf_counter() - started < quick, path
    # A page that lists jobs through search waits out the client's timeout once; then the
    # backend rests and pages answer at once, without the list.
    assert user.client.get("/codes/cpt/63035").status_code == 200
    started = time.perf_counter()
    assert user.client.get("/codes/cpt/63030").status_code == 200
    assert time.perf_counter() - started < quick
    listener.close()


def test_machines_sharing_a_database_with_embedded_indexes_are_told_to_use_meilisearch(
    app, caplog, monkeypatch
):
    from careercenter.search import follower

    app.extensions.pop(follower.WARNED_MACHINES, None)  # this app has not warned yet
    assert follower.note_embedded_machine("app-1") == []  # one machine: nothing to say
    follower.note_embedded_machine("app-2")
    monkeypatch.setattr(follower.socket, "gethostname", lambda: "app-1")
    follower.note_machine_now_and_then(0.0)
    assert "1 other machine(s) use this database with their own embedded search index" in (
        caplog.text
    )
    assert "use Meilisearch" in caplog.text
