"""`flask codes …`: load the shipped code sets and import licensed or CMS files. Each load
re-expands job tags when it added codes, and drops this process's cached code pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from careercenter.codes import cms
from careercenter.codes.loaders import (
    DescriptorFileError,
    apply_keywords,
    icd10cm_rows,
    icd10cm_source,
    import_cpt_descriptors,
    load_cpt,
    load_icd10cm,
    loaded_icd10cm_source,
    other_icd10cm_release_rows,
)
from careercenter.codes.models import Code
from careercenter.codes.releases import release_fiscal_year
from careercenter.codes.service import forget_code_pages
from careercenter.codes.tags import ICD10CM
from careercenter.commands.search import drain_quietly
from careercenter.extensions import db
from careercenter.jobs.job_codes import refresh_all_job_codes

cli = AppGroup("codes", help="Code reference data.")
CMS_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command("load")
@click.option("--force", is_flag=True, help="Reload ICD-10-CM even when it is already loaded.")
@click.option("--only", multiple=True, help="Load only ICD-10-CM codes under this prefix.")
def load(force: bool, only: tuple[str, ...]) -> None:
    """Load the shipped code sets: our CPT set, the full ICD-10-CM and coders' keywords."""
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
    held = loaded_icd10cm_source()
    newer = (release_fiscal_year(held) or 0) > (release_fiscal_year(icd10cm_source()) or 0)
    if loaded and not force and not only and (current is not None or newer):
        click.echo(f"ICD-10-CM: {loaded} entries already loaded (use --force to reload).")
        if newer:
            click.echo(f"  kept: {held}, newer than the release shipped with the board.")
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


@cli.command("import-icd10cm")
@click.argument("tabular", type=CMS_FILE)
@click.argument("codes", type=CMS_FILE)
@click.option(
    "--release", required=True, help='The fiscal year the release applies to, as "FY2027".'
)
def import_icd10cm(tabular: Path, codes: Path, release: str) -> None:
    """Load another ICD-10-CM release from CDC's files: the tabular XML
    (icd10cm-tabular-<year>.xml) and the code list (icd10cm-codes-<year>.txt)."""
    if not re.fullmatch(r"FY\d{4}", release):
        raise click.ClickException(f'--release names a fiscal year, as "FY2027", not {release!r}')
    try:
        rows = other_icd10cm_release_rows(tabular, codes, release)
    except (ET.ParseError, UnicodeDecodeError, AttributeError, IndexError, KeyError) as error:
        raise click.ClickException(
            f"{tabular.name}: not CDC's ICD-10-CM tabular XML with its code list ({error})"
        ) from error
    if not rows:
        raise click.ClickException(f"{tabular.name} holds no ICD-10-CM codes")
    with click.progressbar(length=len(rows), label=f"ICD-10-CM {release}") as bar:
        icd = load_icd10cm(rows=rows, progress=bar.update)
    click.echo(f"ICD-10-CM {release}: {icd.codes} chapters, blocks and codes.")
    click.echo(f"Keywords: {apply_keywords()} codes changed.")
    forget_code_pages()
    click.echo(f"Re-expanded the code tags of {refresh_all_job_codes()} jobs.")
    drain_quietly()


@cli.command("import-cpt")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--source",
    default="AMA CPT (licensed)",
    show_default=True,
    help="Name of the licensed edition, shown with the text.",
)
def import_cpt(file: Path, source: str) -> None:
    """Import a licensed CPT descriptor CSV (code, short_descriptor, long_descriptor,
    lay_description). The text is stored in the database only."""
    try:
        count = import_cpt_descriptors(file, source)
    except DescriptorFileError as error:
        raise click.ClickException(str(error)) from error
    forget_code_pages()
    click.echo(f"Imported descriptors for {count} CPT codes from {file.name} ({source}).")


def import_cms_file(
    kind: str, importer: Callable[..., int], file: Path, *args: str, adds_codes: bool = False
) -> None:
    """Run one CMS importer; re-expand job tags when it added codes (J9xxx then covers the
    drug codes) and drop this process's cached code pages."""
    try:
        count = importer(file, *args)
    except cms.CmsFileError as error:
        raise click.ClickException(f"{file.name}: {error}") from error
    click.echo(f"Imported {count} {kind} from {file.name}.")
    # Before the jobs are indexed again: a tag's words cached before the import (none, for a
    # J-code with no HCPCS file) must not be the ones indexed after it.
    forget_code_pages()
    if adds_codes:
        click.echo(f"Re-expanded the code tags of {refresh_all_job_codes()} jobs.")
        drain_quietly()


@cli.command("import-hcpcs")
@click.argument("file", type=CMS_FILE)
def import_hcpcs(file: Path) -> None:
    """Import CMS's HCPCS Level II file (the fixed-width HCPC<year>_<month>_ANWEB.txt)."""
    import_cms_file("HCPCS Level II codes", cms.import_hcpcs, file, adds_codes=True)


@cli.command("import-pfs")
@click.argument("file", type=CMS_FILE)
def import_pfs(file: Path) -> None:
    """Import CMS's Physician Fee Schedule relative value file (PPRRVU<year>, CSV)."""
    import_cms_file("fee schedule lines", cms.import_pfs, file)


SETTING = click.option(
    "--setting",
    type=click.Choice(["practitioner", "hospital", "dme"]),
    default=None,
    help="Whose edits these are; read from CMS's file name when not given.",
)
PERIOD = click.option(
    "--period", default="", help="The quarter or version cited (read from the file name)."
)


@cli.command("import-ncci")
@click.argument("file", type=CMS_FILE)
@SETTING
@PERIOD
def import_ncci(file: Path, setting: str | None, period: str) -> None:
    """Import an NCCI procedure-to-procedure edit file (tab-separated text or CSV). Each
    file keeps its own edits: load the practitioner files one after another, and the
    hospital ones beside them; loading a file again replaces only its own edits."""
    import_cms_file("NCCI edits", cms.import_ncci, file, setting or "", period)


@cli.command("import-mue")
@click.argument("file", type=CMS_FILE)
@SETTING
@PERIOD
def import_mue(file: Path, setting: str | None, period: str) -> None:
    """Import a medically unlikely edit table (CSV); each setting keeps its own values."""
    import_cms_file("MUE values", cms.import_mue, file, setting or "", period)


@cli.command("import-pcs")
@click.argument("file", type=CMS_FILE)
@click.option("--release", default="", help="The release, shown as the source (FY2026).")
def import_pcs(file: Path, release: str) -> None:
    """Import CMS's ICD-10-PCS order file (icd10pcs_order_<year>.txt)."""
    import_cms_file("ICD-10-PCS codes", cms.import_pcs, file, release, adds_codes=True)
