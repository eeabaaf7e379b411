"""Flask commands, one module per feature, registered here. Commands sit above every
feature, like pages: loading code data re-expands job tags and updates the search index, so
a command may use any feature; no feature imports a command."""

from __future__ import annotations

from flask import Flask

from careercenter.commands import alerts, codes, demo, jobs, search, server, users


def register(app: Flask) -> None:
    for group in (alerts.cli, codes.cli, demo.cli, jobs.cli, search.cli, users.cli):
        app.cli.add_command(group)
    app.cli.add_command(server.worker_command)
    app.cli.add_command(server.serve_command)
