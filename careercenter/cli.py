"""Flask commands: demo data, job housekeeping and operator accounts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from careercenter.demo.content import DEMO_PASSWORD

codes_cli = AppGroup("codes", help="Code reference data.")
demo_cli = AppGroup("demo", help="Demo data for trying the board.")
jobs_cli = AppGroup("jobs", help="Job housekeeping.")
search_cli = AppGroup("search", help="The search index.")
alerts_cli = AppGroup("alerts", help="Job alert e-mails.")
users_cli = AppGroup("users", help="Operator accounts.")


@codes_cli.command("load")
@click.option("--force", is_flag=True, help="Reload ICD-10-CM even when it is already loaded.")
@click.option("--only", multiple=True, help="Load only ICD-10-CM codes under this prefix.")
def codes_load(force: bool, only: tuple[str, ...]) -> None:
    """Load the shipped code sets: our CPT set, the full ICD-10-CM and coders' keywords."""
    from sqlalchemy import func, select

    from careercenter.codes.loaders import (
        apply_keywords,
        icd10cm_rows,
        icd10cm_source,
        load_cpt,
        load_icd10cm,
    )
    from careercenter.codes.models import Code
    from careercenter.codes.service import forget_code_pages
    from careercenter.codes.tags import ICD10CM
    from careercenter.extensions import db
    from careercenter.jobs.job_codes import refresh_all_job_codes

    cpt = load_cpt()
    click.echo(f"CPT: {cpt.codes} codes and ranges, {cpt.relations} add-on relations.")
    loaded = db.session.scalar(select(func.count(Code.id)).where(Code.system == ICD10CM)) or 0
    # Loaded from this release with everything a code page shows (notes came later).
    current = db.session.scalar(
        select(Code.id)
        .where(
            Code.system == ICD10CM,
            Code.source == icd10cm_source(),
            Code.notes.is_not(None),
        )
        .limit(1)
    )
    if loaded and not force and not only and current is not None:
        click.echo(f"ICD-10-CM: {loaded} entries already loaded (use --force to reload).")
    else:
        click.echo("Reading the ICD-10-CM tabular data…")
        rows = icd10cm_rows(only)
        with click.progressbar(length=len(rows), label="ICD-10-CM") as bar:
            icd = load_icd10cm(rows=rows, progress=bar.update)
        click.echo(f"ICD-10-CM: {icd.codes} chapters, blocks and codes.")
    click.echo(f"Keywords: {apply_keywords()} codes changed.")
    click.echo(f"Re-expanded the code tags of {refresh_all_job_codes()} jobs.")
    forget_code_pages()
    drain_quietly()


@codes_cli.command("import-cpt")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--source",
    default="AMA CPT (licensed)",
    show_default=True,
    help="Name of the licensed edition, shown with the text.",
)
def codes_import_cpt(file: Path, source: str) -> None:
    """Import a licensed CPT descriptor CSV (code, short_descriptor, long_descriptor,
    lay_description). The text is stored in the database only."""
    from careercenter.codes.loaders import DescriptorFileError, import_cpt_descriptors
    from careercenter.codes.service import forget_code_pages

    try:
        count = import_cpt_descriptors(file, source)
    except DescriptorFileError as error:
        raise click.ClickException(str(error)) from error
    forget_code_pages()
    click.echo(f"Imported descriptors for {count} CPT codes from {file.name} ({source}).")


def _import_cms_file(
    kind: str, importer: Any, file: Path, *args: Any, adds_codes: bool = False
) -> None:
    """Run one CMS importer; re-expand job tags when it added codes (J9xxx then covers the
    drug codes) and drop this process's cached code pages."""
    from careercenter.codes.cms import CmsFileError
    from careercenter.codes.service import forget_code_pages
    from careercenter.jobs.job_codes import refresh_all_job_codes

    try:
        count = importer(file, *args)
    except CmsFileError as error:
        raise click.ClickException(f"{file.name}: {error}") from error
    click.echo(f"Imported {count} {kind} from {file.name}.")
    if adds_codes:
        click.echo(f"Re-expanded the code tags of {refresh_all_job_codes()} jobs.")
    forget_code_pages()


CMS_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
# name, importer in careercenter.codes.cms, what it imports, whether it adds codes, help
CMS_IMPORTS = (
    (
        "import-hcpcs",
        "import_hcpcs",
        "HCPCS Level II codes",
        True,
        "Import CMS's HCPCS Level II file (the fixed-width HCPC<year>_<month>_ANWEB.txt).",
    ),
    (
        "import-pfs",
        "import_pfs",
        "fee schedule lines",
        False,
        "Import CMS's Physician Fee Schedule relative value file (PPRRVU<year>, CSV).",
    ),
    (
        "import-ncci",
        "import_ncci",
        "NCCI edits",
        False,
        "Import an NCCI procedure-to-procedure edit file (tab-separated text or CSV).",
    ),
    (
        "import-mue",
        "import_mue",
        "MUE values",
        False,
        "Import a medically unlikely edit table (CSV).",
    ),
)


def _cms_command(name: str, importer: str, kind: str, adds_codes: bool, summary: str) -> None:
    @codes_cli.command(name, help=summary)
    @click.argument("file", type=CMS_FILE)
    def command(file: Path) -> None:
        from careercenter.codes import cms

        _import_cms_file(kind, getattr(cms, importer), file, adds_codes=adds_codes)


for _import in CMS_IMPORTS:
    _cms_command(*_import)


@codes_cli.command("import-pcs")
@click.argument("file", type=CMS_FILE)
@click.option("--release", default="", help="The release, shown as the source (FY2026).")
def codes_import_pcs(file: Path, release: str) -> None:
    """Import CMS's ICD-10-PCS order file (icd10pcs_order_<year>.txt)."""
    from careercenter.codes.cms import import_pcs

    _import_cms_file("ICD-10-PCS codes", import_pcs, file, release, adds_codes=True)


def refuse_demo_data_in_production() -> None:
    """Demo data creates accounts whose password is published in the README (an operator
    among them): never on a production board."""
    if current_app.config.get("ENVIRONMENT") == "production":
        raise click.ClickException(
            "demo data is for trying the board: it creates accounts with a published "
            "password, so it is refused with CAREERCENTER_ENV=production"
        )


@demo_cli.command("load")
def demo_load() -> None:
    """Load demo employers and jobs into an empty database."""
    from careercenter.demo.load import demo_logins, load_demo

    refuse_demo_data_in_production()

    summary = load_demo()
    if summary is None:
        click.echo("The database already has jobs; demo data not loaded again.")
    else:
        click.echo(f"Loaded {summary.companies} companies and {summary.jobs} jobs.")
        drain_quietly()
    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for email, who in demo_logins():
        click.echo(f"  {email:<48} {who}")


@demo_cli.command("generate")
@click.option(
    "--jobs",
    "count",
    type=click.IntRange(1, 1_000_000),
    required=True,
    help="How many published jobs to add.",
)
@click.option("--seed", default=630, show_default=True, help="Random seed, for repeatable data.")
@click.option("--no-index", is_flag=True, help="Skip rebuilding the search index afterwards.")
def demo_generate(count: int, seed: int, no_index: bool) -> None:
    """Add many varied synthetic jobs quickly, for benchmarks and load tests."""
    from careercenter.demo.generate import generate_jobs

    refuse_demo_data_in_production()

    with click.progressbar(length=count, label="Generating jobs") as bar:
        written = generate_jobs(count, seed=seed, progress=bar.update)
    click.echo(f"Generated {written} jobs.")
    if not no_index:
        reindex_with_progress()


@jobs_cli.command("expire")
def jobs_expire() -> None:
    """Mark published jobs past their expiry date as expired (run daily from cron)."""
    from careercenter.jobs.service import expire_due_jobs

    click.echo(f"Expired {expire_due_jobs()} jobs.")
    drain_quietly()


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Operator", show_default=True)
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an operator account, or make an existing account an operator."""
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


def unavailable_backend_message(error: Exception) -> str:
    """Say whether changes are held up, or only the quiet pass's look at the index failed:
    an operator reading "did not take every change" with nothing waiting looks for a lost one."""
    from careercenter.search.backend import SearchUnavailable
    from careercenter.search.follower import waiting

    try:
        left = waiting()
    except SearchUnavailable:  # this machine's index cannot even say where it stands
        return f"the search backend is unavailable: {error}"
    if not left:
        return f"the search backend could not be checked: {error} (no change is waiting)"
    return (
        f"the search backend did not take every change: {error} ({left} waiting in the log; "
        "they go through once it answers)"
    )


@search_cli.command("sync")
@click.option("--loop", is_flag=True, help="Keep following the change log, as a worker.")
@click.option("--interval", default=1.0, show_default=True, help="Seconds between looks.")
def search_sync(loop: bool, interval: float) -> None:
    """Apply the change log to the search index (this machine's, or Meilisearch)."""
    import time

    from careercenter.extensions import db
    from careercenter.search.backend import SearchUnavailable
    from careercenter.search.follower import (
        catch_up_all,
        mark_following,
        prune_now_and_then,
        waiting,
    )

    if loop:
        mark_following(current_app)  # keep the writer (or Meilisearch's lease) between rounds
    last_prune = 0.0
    while True:
        try:
            applied = catch_up_all()
            left = waiting()
        except SearchUnavailable as error:
            if not loop:
                raise click.ClickException(unavailable_backend_message(error)) from error
            click.echo(f"Search backend unavailable: {error}", err=True)
            applied, left = 0, -1
        if applied or not loop:
            click.echo(f"Indexed {applied} changes; {max(left, 0)} waiting.")
        if loop:
            last_prune = prune_now_and_then(last_prune)
        if not loop:
            if left:
                raise click.ClickException(
                    "the search backend did not take every change (another process may be "
                    "this machine's writer)"
                )
            return
        db.session.remove()
        time.sleep(interval)


@search_cli.command("setup")
def search_setup() -> None:
    """Meilisearch: check the server version, create the index and apply its settings
    (needs the admin key; the web tier then only reads). Nothing to do for the embedded
    index, which sets itself up."""
    from careercenter.search.backend import SearchUnavailable, get_backend

    try:
        ready = get_backend().setup()
    except SearchUnavailable as error:
        raise click.ClickException(str(error)) from error
    click.echo(ready or "The embedded index needs no setup.")


@search_cli.command("reindex")
def search_reindex() -> None:
    """Rebuild the whole index beside the live one, catch it up and switch to it."""
    reindex_with_progress()


def reindex_with_progress() -> None:
    from careercenter.search import follower
    from careercenter.search.backend import SearchUnavailable
    from careercenter.search.documents import open_job_ids

    try:
        with click.progressbar(length=len(open_job_ids()), label="Indexing open jobs") as bar:
            written = follower.reindex(progress=bar.update)
    except SearchUnavailable as error:
        raise click.ClickException(f"search index not rebuilt: {error}") from error
    click.echo(f"Indexed {written} open jobs.")


@alerts_cli.command("send")
def alerts_send() -> None:
    """Send every due alert one digest of its new matching jobs (run from cron)."""
    from careercenter.alerts.service import send_due_alerts
    from careercenter.mail import send_queued_now
    from careercenter.mail.compose import MissingBaseUrl

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


def drain_quietly() -> None:
    """Bring the index up to date after a command changed jobs; say so if it could not."""
    from careercenter.search.backend import SearchUnavailable
    from careercenter.search.follower import catch_up_all

    try:
        catch_up_all()
    except SearchUnavailable as error:
        click.echo(f"Search index not updated ({error}); run `flask search sync` later.")


@click.command("worker")
@click.option("--once", is_flag=True, help="Run one pass and stop (for cron).")
def worker_command(once: bool) -> None:
    """Run everything that happens outside requests: search changes, queued e-mail, alert
    digests, job expiry. Safe to run on several machines at once; stops on SIGTERM."""
    import logging

    from flask import current_app

    from careercenter.worker import run_worker, supervise

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


def register(app: Flask) -> None:
    for group in (alerts_cli, codes_cli, demo_cli, jobs_cli, search_cli, users_cli):
        app.cli.add_command(group)
    app.cli.add_command(worker_command)
