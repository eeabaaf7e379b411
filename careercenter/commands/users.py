"""`flask users …`: operator accounts."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from careercenter.accounts.models import ROLE_ADMIN, User
from careercenter.accounts.service import (
    AccountError,
    check_new_password,
    find_user_by_email,
    hash_password,
    normalise_email,
)
from careercenter.extensions import db
from careercenter.timeutil import utcnow

cli = AppGroup("users", help="Operator accounts.")


@cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Operator", show_default=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an operator account, or make an existing account an operator."""
    try:  # the operator's password meets the rule every sign-up meets
        check_new_password(password, email, name)
    except AccountError as problem:
        raise click.ClickException(f"password refused: {problem}") from problem
    user = find_user_by_email(email)
    if user is None:
        user = User(email=normalise_email(email), name=name, email_verified_at=utcnow())
        db.session.add(user)
    user.role, user.company_id = ROLE_ADMIN, None
    user.password_hash = hash_password(password)
    db.session.commit()
    click.echo(f"{user.email} is an operator.")
