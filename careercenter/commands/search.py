"""`flask search …`: follow the change log, set Meilisearch up, rebuild the index."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from careercenter.extensions import db
from careercenter.search import follower
from careercenter.search.backend import SearchUnavailable, get_backend
from careercenter.search.documents import open_job_ids

cli = AppGroup("search", help="The search index.")


def drain_quietly() -> None:
    """Bring the index up to date after a command changed jobs; say so if it could not."""
    try:
        follower.catch_up_all()
    except SearchUnavailable as error:
        click.echo(f"Search index not updated ({error}); run `flask search sync` later.")


def reindex_with_progress() -> None:
    try:
        with click.progressbar(length=len(open_job_ids()), label="Indexing open jobs") as bar:
            written = follower.reindex(progress=bar.update)
    except SearchUnavailable as error:
        raise click.ClickException(f"search index not rebuilt: {error}") from error
    click.echo(f"Indexed {written} open jobs.")


def unavailable_backend_message(error: Exception) -> str:
    """Say whether changes are held up, or only the quiet pass's look at the index failed:
    an operator reading "did not take every change" with nothing waiting looks for a lost one."""
    try:
        left = follower.waiting()
    except SearchUnavailable:  # this machine's index cannot even say where it stands
        return f"the search backend is unavailable: {error}"
    if not left:
        return f"the search backend could not be checked: {error} (no change is waiting)"
    return (
        f"the search backend did not take every change: {error} ({left} waiting in the log; "
        "they go through once it answers)"
    )


@cli.command("sync")
@click.option("--loop", is_flag=True, help="Keep following the change log, as a worker.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between looks.")
def sync(loop: bool, interval: float) -> None:
    """Apply the change log to the search index (this machine's, or Meilisearch)."""
    if loop:
        # keep the writer (or Meilisearch's lease) between rounds
        follower.mark_following(current_app)
    last_prune = 0.0
    while True:
        try:
            applied = follower.catch_up_all()
            left = follower.waiting()
        except SearchUnavailable as error:
            if not loop:
                raise click.ClickException(unavailable_backend_message(error)) from error
            click.echo(f"Search backend unavailable: {error}", err=True)
            applied, left = 0, -1
        if applied or not loop:
            click.echo(f"Indexed {applied} changes; {max(left, 0)} waiting.")
        if loop:
            last_prune = follower.prune_now_and_then(last_prune)
        if not loop:
            if left:
                raise click.ClickException(
                    "the search backend did not take every change (another process may be "
                    "this machine's writer)"
                )
            return
        db.session.remove()
        time.sleep(interval)


@cli.command("setup")
def setup() -> None:
    """Meilisearch: check the server version, create the index and apply its settings
    (needs the admin key; the web tier then only reads). Nothing to do for the embedded
    index, which sets itself up."""
    try:
        ready = get_backend().setup()
    except SearchUnavailable as error:
        raise click.ClickException(str(error)) from error
    click.echo(ready or "The embedded index needs no setup.")


@cli.command("reindex")
def reindex() -> None:
    """Rebuild the whole index beside the live one, catch it up and switch to it."""
    reindex_with_progress()
