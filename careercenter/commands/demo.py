"""`flask demo …`: demo and synthetic data for trying the board and benchmarking it."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from careercenter.commands.search import drain_quietly, reindex_with_progress
from careercenter.demo.content import DEMO_PASSWORD
from careercenter.demo.generate import generate_jobs
from careercenter.demo.load import demo_logins, load_demo, load_demo_cms

cli = AppGroup("demo", help="Demo data for trying the board.")


def refuse_demo_data_in_production() -> None:
    """Demo data creates accounts whose password is published in the README (an operator
    among them): never on a production board."""
    if current_app.config.get("ENVIRONMENT") == "production":
        raise click.ClickException(
            "demo data is for trying the board: it creates accounts with a published "
            "password, so it is refused with CAREERCENTER_ENV=production"
        )


@cli.command("load")
def load() -> None:
    """Load demo employers and jobs into an empty database."""
    refuse_demo_data_in_production()
    summary = load_demo()
    if summary is None:
        click.echo("The database already has jobs; demo data not loaded again.")
    else:
        click.echo(f"Loaded {summary.companies} companies and {summary.jobs} jobs.")
        drain_quietly()
    if load_demo_cms():
        click.echo("Loaded the demo CMS files (made-up figures, cited as such) for CasePilot.")
    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for email, who in demo_logins():
        click.echo(f"  {email:<48} {who}")


@cli.command("generate")
@click.option(
    "--jobs",
    "count",
    type=click.IntRange(1, 1_000_000),
    required=True,
    help="How many published jobs to add.",
)
@click.option("--seed", default=630, show_default=True, help="Random seed, for repeatable data.")
@click.option("--no-index", is_flag=True, help="Skip rebuilding the search index afterwards.")
def generate(count: int, seed: int, no_index: bool) -> None:
    """Add many varied synthetic jobs quickly, for benchmarks and load tests."""
    refuse_demo_data_in_production()
    with click.progressbar(length=count, label="Generating jobs") as bar:
        written = generate_jobs(count, seed=seed, progress=bar.update)
    click.echo(f"Generated {written} jobs.")
    if not no_index:
        reindex_with_progress()
