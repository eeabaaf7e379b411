"""The board as `make run` serves it: one command (`flask serve`) runs the web server and the
worker beside it, so a seeker's "as soon as they are posted" alert arrives — printed on the
console, as local e-mail is — within a minute of an employer publishing a matching job, and
stopping the server stops the worker too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.processes import flask_command, free_port

pytestmark = [pytest.mark.browser, pytest.mark.once]
DEMO_PASSWORD = "careercenter-demo"
SEEKER = "seeker@example.com"
EMPLOYER = "hiring@ridgeline-spine-neurosurgery.example.com"


def board_environment(home: Path) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("MEILI_", "CAREERCENTER_", "FLASK_"))
        and name not in ("DATABASE_URL", "TEST_DATABASE_URL", "BASE_URL", "MAIL_URL")
    }
    environment.update(
        INSTANCE_PATH=str(home / "instance"),
        DATABASE_URL=f"sqlite:///{home / 'board.db'}",
        MAIL_URL="console",
        WORKER_INTERVAL="0.5",
        WORKER_ALERTS_EVERY="1",
        PYTHONUNBUFFERED="1",
    )
    return environment


def workers_of(home: Path) -> list[int]:
    """Running `flask worker` processes started for this board."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            environment = (entry / "environ").read_bytes()
        except OSError:
            continue
        if b"worker" in command and str(home).encode() in environment:
            found.append(int(entry.name))
    return found


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_an_instant_alert_arrives_on_the_console_of_the_one_command_board(browser, tmp_path):
    environment = board_environment(tmp_path)
    for step in (["db", "upgrade"], ["codes", "load", "--only", "M51"], ["demo", "load"]):
        done = flask_command(*step, env=environment)
        assert done.returncode == 0, done.stdout + done.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    console = tmp_path / "console.log"
    with console.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "careercenter",
                "serve",
                "--port",
                str(port),
                "--no-reload",
            ],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, console.read_text()[-2000:]
            time.sleep(0.2)
        assert len(workers_of(tmp_path)) == 1

        seeker = browser.new_context().new_page()
        log_in(seeker, base, SEEKER)
        seeker.goto(f"{base}/jobs?q=Pocatello")
        seeker.locator("#alert-frequency").select_option("instant")
        seeker.get_by_role("button", name="Create alert").click()
        seeker.get_by_text("Alert saved").wait_for()

        employer = browser.new_context().new_page()
        log_in(employer, base, EMPLOYER)
        employer.goto(f"{base}/employer/jobs/new")
        employer.get_by_label("Job title").fill("Pocatello Spine Coder")
        employer.get_by_label("Description").fill("Code spine decompression cases. Remote.")
        employer.get_by_label("Codes this work involves").fill("63035, 630xx")
        employer.get_by_label("CPC", exact=True).first.check()
        employer.get_by_role("button", name="Save draft and preview").click()
        employer.get_by_text("Draft saved").wait_for()
        employer.get_by_role("button", name="Publish").click()
        employer.get_by_text("Your job is live.").wait_for()
        published = time.monotonic()

        while "Pocatello Spine Coder" not in (text := console.read_text(errors="replace")) or (
            f"To: {SEEKER}" not in text
        ):
            assert time.monotonic() - published < 60, text[-3000:]
            time.sleep(0.5)
        digest = text[text.rindex(f"To: {SEEKER}") :]
        assert "new coding job" in digest and "Pocatello Spine Coder" in digest
    finally:
        # SIGTERM, as a process manager stops it (a process started in the background, as
        # CI starts this suite, may ignore Ctrl-C's SIGINT)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    # The server gives the worker 10 s to finish its pass, then ends its whole session.
    deadline = time.monotonic() + 60
    while workers_of(tmp_path):
        assert time.monotonic() < deadline, "the worker outlived the server"
        time.sleep(0.2)
