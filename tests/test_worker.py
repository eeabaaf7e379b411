"""One worker process runs everything outside requests; two at once never send a digest
twice; SIGTERM stops it cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from careercenter.alerts.models import SavedSearch
from careercenter.extensions import db
from careercenter.jobs.models import STATUS_EXPIRED, Job
from careercenter.mail.models import SENT, OutgoingEmail
from careercenter.timeutil import utcnow
from tests.support.factories import JobFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent


def alerts_for(*emails: str, query: str = "q=spine") -> None:
    """Confirmed daily alerts, all committed at once (so two workers see them together)."""
    users = [UserFactory(email=email) for email in emails]
    db.session.add_all(
        SavedSearch(
            user_id=user.id,
            email=user.email,
            query_string=query,
            label="spine",
            frequency="daily",
            created_at=utcnow() - timedelta(days=3),
            confirmed_at=utcnow() - timedelta(days=3),
        )
        for user in users
    )
    db.session.commit()


def test_one_pass_sends_digests_and_mail_and_expires_jobs(app, mailbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SEND_AT_ONCE", False)
    alerts_for("ana@example.com")
    JobFactory(title="Spine Coder", code_tags=["630xx"])
    stale = JobFactory(title="Stale Spine Coder", expires_at=utcnow() - timedelta(minutes=1))

    result = app.test_cli_runner().invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert "Spine Coder" in mailbox.text_of(mailbox.last_to("ana@example.com"))
    assert db.session.get(Job, stale.id).status == STATUS_EXPIRED
    assert {email.status for email in db.session.scalars(db.select(OutgoingEmail))} == {SENT}


def test_the_worker_will_not_write_links_without_the_site_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "")
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 1 and "set BASE_URL" in result.output


def worker_process(app, smtp_port: int) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "CAREERCENTER_ENV": "development",
        "INSTANCE_PATH": app.instance_path,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "BASE_URL": "http://careercenter.test",
        "MAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MAIL_SEND_AT_ONCE": "0",
        "SEARCH_BACKEND": "embedded",
        "SEARCH_INDEX_PATH": app.config["SEARCH_INDEX_PATH"],
        "SEARCH_FOLLOW_INTERVAL": "0",
        "WORKER_INTERVAL": "0.2",
        "WORKER_ALERTS_EVERY": "0.2",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "careercenter", "worker"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


class Output:
    """A process's output lines as they come (read on a thread of their own)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process, self.lines = process, []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def passes(self) -> int:
        return sum("worker pass:" in line for line in self.lines)

    def stopped(self) -> str:
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)
        return "".join(self.lines)


def wait_until(condition, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def test_two_workers_at_once_send_every_digest_exactly_once(app, smtp_server):
    mailbox, smtp_port = smtp_server
    workers = [Output(worker_process(app, smtp_port)) for _ in range(2)]
    wait_until(lambda: all(worker.passes() for worker in workers))  # both running passes
    readers = [f"coder{number}@example.com" for number in range(40)]
    for number in range(3):
        JobFactory(title=f"Spine Coder {number}", code_tags=["630xx"])
    alerts_for(*readers)

    wait_until(lambda: len(mailbox.messages) >= len(readers))
    # Two more whole passes by each worker: a second digest would have been sent by then.
    after = [worker.passes() for worker in workers]
    wait_until(lambda: all(w.passes() >= n + 2 for w, n in zip(workers, after, strict=True)))
    for worker in workers:
        worker.process.send_signal(signal.SIGTERM)
    logs = [worker.stopped() for worker in workers]
    workers = [worker.process for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], logs
    for address in readers:
        assert len(mailbox.to(address)) == 1, (address, logs)
    for log in logs:
        assert "worker pass:" in log and log.rstrip().endswith("worker stopped"), log
    assert sum(log.count("alert digests") for log in logs) >= 1
    # Each alert is claimed before its digest is written: no worker trips over the other.
    assert not any("failed" in log for log in logs), logs


def children_of(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_worker_process_that_dies_is_started_again_and_nothing_waits(app, smtp_server):
    """A damaged index file read through memory mapping ends a process with SIGBUS, which
    no Python code can catch: the worker starts a new process and the queue keeps moving."""
    mailbox, smtp_port = smtp_server
    worker = worker_process(app, smtp_port)
    try:
        deadline = time.monotonic() + 60
        while not children_of(worker.pid):
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.1)
        (first,) = children_of(worker.pid)
        os.kill(first, signal.SIGBUS)
        while children_of(worker.pid) in ([], [first]):
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.1)
        alerts_for("after@example.com")
        JobFactory(title="Spine Coder", code_tags=["630xx"])
        while not mailbox.to("after@example.com"):
            assert time.monotonic() < deadline, "the new worker process sent nothing"
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        log = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, log
    assert "worker process died (signal SIGBUS); starting a new one" in log
    assert log.rstrip().endswith("worker stopped")
