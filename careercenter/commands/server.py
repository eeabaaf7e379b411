"""Processes that run the board: the development server and the worker. Both start what a
process needs besides answering requests (the search follower) when they start."""

from __future__ import annotations

import logging

import click
from flask import current_app
from werkzeug.serving import is_running_from_reloader, run_simple

from careercenter.search.follower import start_follower
from careercenter.worker import run_worker, supervise


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--reload/--no-reload", default=None, help="Restart on code changes (debug).")
def serve_command(host: str, port: int, reload: bool | None) -> None:
    """The development server: `flask run`, plus this process's search follower started
    when the server starts, as gunicorn's post_worker_init starts it in each worker."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    use_reloader = app.debug if reload is None else reload
    if not use_reloader or is_running_from_reloader():  # the process that serves
        start_follower(app)
    run_simple(
        host,
        port,
        app,
        use_reloader=use_reloader,
        use_debugger=app.debug,
        threaded=True,
    )


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
