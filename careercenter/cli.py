"""Flask commands: demo data, job housekeeping and operator accounts."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from careercenter.demo.content import DEMO_PASSWORD

demo_cli = AppGroup("demo", help="Demo data for trying the board.")
jobs_cli = AppGroup("jobs", help="Job housekeeping.")
users_cli = AppGroup("users", help="Operator accounts.")


@demo_cli.command("load")
def demo_load() -> None:
    """Load demo employers and jobs into an empty database."""
    from careercenter.demo.load import load_demo

    summary = load_demo()
    if summary is None:
        click.echo("The database already has jobs; demo data not loaded.")
        return
    click.echo(f"Loaded {summary.companies} companies and {summary.jobs} jobs.")
    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for email, who in summary.logins:
        click.echo(f"  {email:<48} {who}")


@jobs_cli.command("expire")
def jobs_expire() -> None:
    """Mark published jobs past their expiry date as expired (run daily from cron)."""
    from careercenter.jobs.service import expire_due_jobs

    click.echo(f"Expired {expire_due_jobs()} jobs.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Operator", show_default=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an operator account, or make an existing account an operator."""
    from careercenter.accounts.models import ROLE_ADMIN, User
    from careercenter.accounts.service import find_user_by_email, hash_password, normalise_email
    from careercenter.extensions import db
    from careercenter.timeutil import utcnow

    user = find_user_by_email(email)
    if user is None:
        user = User(email=normalise_email(email), name=name, email_verified_at=utcnow())
        db.session.add(user)
    user.role, user.company_id = ROLE_ADMIN, None
    user.password_hash = hash_password(password)
    db.session.commit()
    click.echo(f"{user.email} is an operator.")


def register(app: Flask) -> None:
    for group in (demo_cli, jobs_cli, users_cli):
        app.cli.add_command(group)
