"""`flask alerts …`: job alert digests, from cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from careercenter.alerts.service import send_due_alerts
from careercenter.commands.search import drain_quietly
from careercenter.mail import send_queued_now
from careercenter.mail.compose import MissingBaseUrl

cli = AppGroup("alerts", help="Job alert e-mails.")


@cli.command("send")
def send() -> None:
    """Send every due alert one digest of its new matching jobs (run from cron)."""
    drain_quietly()  # this machine's index first takes in jobs posted elsewhere
    try:
        report = send_due_alerts()
    except MissingBaseUrl as error:
        raise click.ClickException(str(error)) from error
    send_queued_now()
    click.echo(
        f"Checked {report.checked} due alerts; sent {report.digests} digests "
        f"with {report.jobs} jobs."
    )
