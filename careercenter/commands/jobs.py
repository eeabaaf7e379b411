"""`flask jobs …`: job housekeeping run from cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from careercenter.commands.search import drain_quietly
from careercenter.jobs.service import expire_due_jobs

cli = AppGroup("jobs", help="Job housekeeping.")


@cli.command("expire")
def expire() -> None:
    """Mark published jobs past their expiry date as expired (run daily from cron)."""
    click.echo(f"Expired {expire_due_jobs()} jobs.")
    drain_quietly()
