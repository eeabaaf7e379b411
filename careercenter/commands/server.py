"""Processes that run the board: the development server (with the worker beside it) and the
worker. Each starts what a process needs besides answering requests (the search follower)
when it starts."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys

import click
from flask import Flask, current_app
from werkzeug.serving import is_running_from_reloader, run_simple

from careercenter.search.follower import start_follower
from careercenter.worker import run_worker, supervise


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--reload/--no-reload", default=None, help="Restart on code changes (debug).")
@click.option(
    "--worker/--no-worker",
    default=True,
    show_default=True,
    help="Run `flask worker` beside the server (alert digests, queued e-mail, expiry).",
)
def serve_command(host: str, port: int, reload: bool | None, worker: bool) -> None:
    """The development server: `flask run`, plus this process's search follower started
    when the server starts (as gunicorn's post_worker_init starts it in each worker) and
    the worker beside it, so alerts arrive on a board tried on one machine."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    use_reloader = app.debug if reload is None else reload
    serving_here = not use_reloader or is_running_from_reloader()
    if serving_here:
        start_follower(app)
    beside = None
    if worker and not is_running_from_reloader():  # once, in the process the user started
        beside = start_worker_beside(app, f"http://{host}:{port}")
        # SIGTERM (a process manager, a test) ends the server as Ctrl-C does, so the worker
        # is stopped below; a process started in the background may ignore SIGINT.
        signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        run_simple(
            host,
            port,
            app,
            use_reloader=use_reloader,
            use_debugger=app.debug,
            threaded=True,
        )
    finally:
        if beside is not None:
            stop_process(beside)


def _exit_quietly(_number: int, _frame: object) -> None:
    raise SystemExit(0)


def start_worker_beside(app: Flask, address: str) -> subprocess.Popen[bytes]:
    """`flask worker` in a process of its own, on the same settings; links in its e-mails
    name the development server unless BASE_URL says otherwise."""
    environment = dict(os.environ)
    environment.setdefault("FLASK_APP", app.import_name)
    if not app.config["BASE_URL"]:
        environment["BASE_URL"] = address
    if app.instance_path:
        environment.setdefault("INSTANCE_PATH", app.instance_path)
    click.echo(f"Starting the worker beside the server (links name {environment['BASE_URL']})")
    # A session of its own: stopping it reaches the process running a pass too.
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "worker"], env=environment, start_new_session=True
    )


def stop_process(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM (the worker finishes the task at hand), then SIGKILL to its whole session
    after ``grace``, so a pass still running in the supervisor's child goes too (the worker
    loses nothing when killed: its work waits in the database)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@click.command("worker")
@click.option("--once", is_flag=True, help="Run one pass and stop (for cron).")
def worker_command(once: bool) -> None:
    """Run everything that happens outside requests: search changes, queued e-mail, alert
    digests, job expiry. Safe to run on several machines at once; stops on SIGTERM."""
    if not current_app.config["BASE_URL"]:
        raise click.ClickException(
            "the worker writes links in alert e-mails: set BASE_URL to the site's address "
            "(BASE_URL=https://jobs.example.org)"
        )
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("careercenter").setLevel(logging.INFO)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        run_worker(app, once=True)
    else:
        supervise(app)  # a worker that dies (a damaged index file) is started again
