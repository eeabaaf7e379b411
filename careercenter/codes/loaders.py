"""Loading code data: the project's CPT spine set, the public-domain ICD-10-CM set, and
licensed CPT descriptor files an operator supplies. Every loader can be run again safely."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update

from careercenter.codes.models import (
    KIND_BLOCK,
    KIND_CATEGORY,
    KIND_CHAPTER,
    KIND_CODE,
    AddOnRelation,
    Code,
    LicensedDescriptor,
)
from careercenter.codes.notes import tabular_notes
from careercenter.codes.releases import release_fiscal_year
from careercenter.codes.tags import CPT, CPT_CODE, ICD10CM, sort_key, span_bounds
from careercenter.extensions import db

PROJECT_SOURCE = "CareerCenter project data"


@cache
def icd10cm_release() -> str:
    """The release simple-icd-10-cm ships, read from its tabular file's name
    (icd10c-tabular-April-1-2026.xml -> "April 1, 2026")."""
    names = [entry.name for entry in resources.files("simple_icd_10_cm.data").iterdir()]
    for name in names:
        match = re.fullmatch(r"icd10c-tabular-([A-Za-z]+)-(\d{1,2})-(\d{4})\.xml", name)
        if match:
            month, day, year = match.groups()
            return f"{month} {day}, {year}"
    return "unknown"


def icd10cm_source() -> str:
    """The release as coders name it: its fiscal year, and the update within it."""
    release = icd10cm_release()
    fiscal = release_fiscal_year(release)
    named = f"FY{fiscal} ({release} update" if fiscal else f"({release} release"
    return f"ICD-10-CM {named}, CDC), public domain"


BATCH_SIZE = 2000
Progress = Callable[[int], None]


@dataclass
class LoadResult:
    system: str
    codes: int
    relations: int = 0


def _data_file(name: str) -> Iterator[dict[str, str]]:
    with resources.files("careercenter.codes.data").joinpath(name).open(encoding="utf-8") as f:
        yield from csv.DictReader(f)


def _replace_system_rows(
    system: str, rows: list[dict[str, Any]], progress: Progress | None
) -> None:
    """Upsert code rows of one system by (system, code), in batches."""
    existing = dict(
        db.session.execute(select(Code.code, Code.id).where(Code.system == system)).all()
    )
    new_rows = [row for row in rows if row["code"] not in existing]
    changed = [{**row, "id": existing[row["code"]]} for row in rows if row["code"] in existing]
    for start in range(0, len(new_rows), BATCH_SIZE):
        batch = new_rows[start : start + BATCH_SIZE]
        db.session.execute(insert(Code), batch)
        if progress:
            progress(len(batch))
    for start in range(0, len(changed), BATCH_SIZE):
        batch = changed[start : start + BATCH_SIZE]
        db.session.execute(update(Code), batch)
        if progress:
            progress(len(batch))


CPT_FILES = (
    ("cpt_spine_ranges.csv", "cpt_spine_codes.csv"),
    ("cpt_ranges.csv", "cpt_codes.csv"),
    # The codes jobs commonly tag beyond spine, joints and the first ~80 (issue #26): skin,
    # visits by setting, imaging, lab, therapy, anesthesia… each in our own words.
    ("cpt_common_ranges.csv", "cpt_common_codes.csv"),
)


def load_cpt(progress: Progress | None = None) -> LoadResult:
    """The shipped CPT sets (the spine family 63001-63295 and the codes jobs commonly
    tag): numbers, structure and our own words, never AMA text."""
    rows: list[dict[str, Any]] = []
    relations: list[dict[str, str]] = []
    for ranges_file, codes_file in CPT_FILES:
        for heading in _data_file(ranges_file):
            first, last = heading["range"].split("-")
            rows.append(
                _code_row(
                    CPT,
                    heading["range"],
                    KIND_BLOCK,
                    heading["parent"] or None,
                    plain=heading["heading"],
                    first=first,
                    last=last,
                    billable=False,
                )
            )
        for entry in _data_file(codes_file):
            rows.append(
                _code_row(
                    CPT,
                    entry["code"],
                    KIND_CODE,
                    entry["range"],
                    plain=entry["plain_description"],
                    short_title=entry["title"],
                    is_addon=entry["addon"] == "yes",
                )
            )
            relations.extend(
                {"system": CPT, "addon": entry["code"], "primary": primary}
                for primary in entry["primaries"].split()
            )
    _replace_system_rows(CPT, rows, progress)
    addons = [row["code"] for row in rows if row["is_addon"]]
    db.session.execute(
        delete(AddOnRelation).where(AddOnRelation.system == CPT, AddOnRelation.addon.in_(addons))
    )
    if relations:
        db.session.execute(insert(AddOnRelation), relations)
    db.session.commit()
    return LoadResult(CPT, len(rows), len(relations))


@cache
def left_out_codes() -> dict[tuple[str, str], str]:
    """(system, code) -> why the project has no entry for a code it could be expected to
    have (deleted, or deliberately not described), from ``cpt_left_out.csv``."""
    return {(CPT, row["code"]): row["reason"] for row in _data_file("cpt_left_out.csv")}


@cache
def code_keywords() -> dict[tuple[str, str], str]:
    """(system, code) -> the coders' words for it, from ``code_keywords.csv``."""
    return {
        (row["system"], row["code"]): row["keywords"] for row in _data_file("code_keywords.csv")
    }


def apply_keywords() -> int:
    """Set the coders' keywords on every code the keyword file names (loaded codes keep
    them current without a full reload)."""
    keywords = code_keywords()
    rows = db.session.execute(
        select(Code.id, Code.system, Code.code, Code.keywords).where(
            Code.code.in_({code for _, code in keywords})
        )
    ).all()
    changed = [
        {"id": row.id, "keywords": keywords[(row.system, row.code)]}
        for row in rows
        if (row.system, row.code) in keywords and row.keywords != keywords[(row.system, row.code)]
    ]
    if changed:
        db.session.execute(update(Code), changed)
    db.session.commit()
    return len(changed)


def _code_row(
    system: str, code: str, kind: str, parent: str | None, **fields: Any
) -> dict[str, Any]:
    return {
        "system": system,
        "code": code,
        "kind": kind,
        "parent": parent,
        "description": fields.get("description"),
        "plain_description": fields.get("plain"),
        "short_title": fields.get("short_title"),
        "keywords": code_keywords().get((system, code)),
        "inclusion_terms": fields.get("inclusion_terms"),
        "first": fields.get("first"),
        "last": fields.get("last"),
        "sort_key": sort_key(system, fields.get("first") or code),
        "notes": fields.get("notes"),
        "is_addon": fields.get("is_addon", False),
        "billable": fields.get("billable", True),
        "source": fields.get("source", PROJECT_SOURCE),
    }


CHAPTER_SPAN = re.compile(r"\(([A-Z0-9]+)-([A-Z0-9]+)\)\s*$")


def icd10cm_rows(only: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every ICD-10-CM chapter, block and code with its official description and parent.

    Read from the CDC tabular data that simple-icd-10-cm ships. ``only`` limits the load to
    chapters, blocks or codes under the given prefixes (tests use it to stay small).
    """
    import simple_icd_10_cm as icd  # imported here: parsing the tabular file takes a second

    prefixes = tuple(only or ())
    chapters: dict[str, str] = {}  # the library's chapter numbers -> our span codes
    single_blocks: set[str] = set()  # blocks of one category, named like the category
    rows: list[dict[str, Any]] = []
    for item in icd.get_all_codes(True):
        description = icd.get_description(item)
        if icd.is_chapter(item):
            match = CHAPTER_SPAN.search(description)
            first, last = (match.group(1), match.group(2)) if match else (item, item)
            chapters[item] = f"{first}-{last}"
            rows.append(
                _icd_row(
                    chapters[item],
                    KIND_CHAPTER,
                    None,
                    description,
                    first,
                    last,
                    notes=tabular_notes(icd, item),
                )
            )
        elif "-" in item or (icd.is_block(item) and item not in single_blocks):
            # A block of one category (B10) shares its name with that category: the block
            # comes first in the tabular order and is stored as the span B10-B10.
            first, _, last = item.partition("-")
            if not last:
                single_blocks.add(item)
            parent = chapters.get(icd.get_parent(item)) or _chapter_holding(first, chapters)
            rows.append(
                _icd_row(
                    f"{first}-{last or first}",
                    KIND_BLOCK,
                    parent,
                    description,
                    first,
                    last or first,
                    notes=tabular_notes(icd, item, block=True),
                )
            )
        elif item in single_blocks and "." not in item:
            rows.append(
                _icd_row(
                    item,
                    KIND_CATEGORY,
                    f"{item}-{item}",
                    description,
                    billable=icd.is_leaf(item),
                    notes=tabular_notes(icd, item),
                )
            )
        else:
            kind = KIND_CATEGORY if icd.is_category(item) else KIND_CODE
            parent = icd.get_parent(item) or None
            terms = "\n".join(icd.get_inclusion_term(item)) or None
            rows.append(
                _icd_row(
                    item,
                    kind,
                    parent,
                    description,
                    billable=icd.is_leaf(item),
                    terms=terms,
                    notes=tabular_notes(icd, item),
                )
            )
    nest_blocks(rows)
    if prefixes:
        rows = [row for row in rows if _under_prefixes(row, prefixes)]
    return rows


def nest_blocks(rows: list[dict[str, Any]]) -> None:
    """Give each block the narrowest other block of its chapter that spans it as parent:
    the CDC data puts C00-C14 and C00-C96 side by side under chapter 2, though C00-C96
    holds C00-C75, which holds C00-C14."""
    blocks = [row for row in rows if row["kind"] == KIND_BLOCK]
    spans = {row["code"]: span_bounds(ICD10CM, row["first"], row["last"]) for row in blocks}
    for row in blocks:
        low, high = spans[row["code"]]
        holders = [
            other
            for other in blocks
            if other is not row
            and other["parent"] == row["parent"]
            and spans[other["code"]][0] <= low
            and high <= spans[other["code"]][1]
            and spans[other["code"]] != (low, high)
        ]
        if holders:
            # Blocks never overlap partly, so the holders nest: the narrowest ends first
            # and, among those ending together, starts last.
            holders.sort(key=lambda other: spans[other["code"]][0], reverse=True)
            holders.sort(key=lambda other: spans[other["code"]][1])
            row["nested_in"] = holders[0]["code"]
    for row in blocks:
        if "nested_in" in row:
            row["parent"] = row.pop("nested_in")


def _chapter_holding(code: str, chapters: dict[str, str]) -> str | None:
    """The chapter span that contains a code, for blocks the library cannot place."""
    for span in chapters.values():
        first, _, last = span.partition("-")
        if first <= code <= last + "~":
            return span
    return None


def _under_prefixes(row: dict[str, Any], prefixes: tuple[str, ...]) -> bool:
    if row["kind"] in (KIND_CHAPTER, KIND_BLOCK):
        return any(row["first"] <= prefix <= row["last"] + "~" for prefix in prefixes)
    return row["code"].startswith(prefixes)


def _icd_row(
    code: str,
    kind: str,
    parent: str | None,
    description: str,
    first: str | None = None,
    last: str | None = None,
    billable: bool = False,
    terms: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
    return _code_row(
        ICD10CM,
        code,
        kind,
        parent,
        description=description,
        first=first,
        last=last,
        billable=billable,
        inclusion_terms=terms,
        notes=notes,
        source=icd10cm_source(),
    )


def other_icd10cm_release_rows(tabular: Path, codes: Path, release: str) -> list[dict[str, Any]]:
    """The rows of another ICD-10-CM release, read from CDC's tabular XML and its list of
    codes (icd10cm-tabular-2027.xml, icd10cm-codes-2027.txt) through simple-icd-10-cm, and
    cited as that release. The library goes back to the release it ships afterwards."""
    import simple_icd_10_cm as icd  # imported here: parsing the tabular file takes a second

    icd.change_version(str(codes), str(tabular), suppress_warnings=True)
    try:
        rows = icd10cm_rows()
    finally:
        icd.change_version()
    source = f"ICD-10-CM {release} ({tabular.name}, CDC), public domain"
    for row in rows:
        row["source"] = source
    return rows


def loaded_icd10cm_source() -> str | None:
    """The source line of the ICD-10-CM release the board holds, if any."""
    return db.session.scalar(select(Code.source).where(Code.system == ICD10CM).limit(1))


def load_icd10cm(
    only: Iterable[str] | None = None,
    progress: Progress | None = None,
    rows: list[dict[str, Any]] | None = None,
) -> LoadResult:
    """Insert or update the ICD-10-CM rows; pass ``rows`` already read to show progress."""
    rows = icd10cm_rows(only) if rows is None else rows
    _replace_system_rows(ICD10CM, rows, progress)
    db.session.commit()
    return LoadResult(ICD10CM, len(rows))


class DescriptorFileError(ValueError):
    """The licensed file is not in the documented shape; the message says what is wrong."""


DESCRIPTOR_COLUMNS = {
    "code": ("code",),
    "short": ("short", "short_descriptor", "short descriptor"),
    "long": ("long", "long_descriptor", "long descriptor"),
    "lay": ("lay", "lay_description", "lay description"),
}


def import_cpt_descriptors(path: Path, source: str) -> int:
    """Import a licensed CPT descriptor CSV: code, short, long and optional lay columns.

    The text goes only into the database; codes not yet known are added as bare codes.
    """
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        columns = _map_columns(reader.fieldnames or [])
        entries: dict[str, dict[str, str]] = {}
        for line_number, record in enumerate(reader, start=2):
            code = (record.get(columns["code"]) or "").strip().upper()
            if not CPT_CODE.fullmatch(code):
                raise DescriptorFileError(f"line {line_number}: {code!r} is not a CPT code")
            entries[code] = {
                "short_descriptor": (record.get(columns["short"]) or "").strip(),
                "long_descriptor": (record.get(columns["long"]) or "").strip(),
                "lay_description": (record.get(columns.get("lay", "")) or "").strip(),
            }
    known = set(db.session.scalars(select(Code.code).where(Code.system == CPT)))
    missing = [
        _code_row(CPT, code, KIND_CODE, None, source=source)
        for code in entries
        if code not in known
    ]
    if missing:
        db.session.execute(insert(Code), missing)
    db.session.execute(
        delete(LicensedDescriptor).where(
            LicensedDescriptor.system == CPT, LicensedDescriptor.source == source
        )
    )
    rows = [
        {"system": CPT, "code": code, "source": source, **text} for code, text in entries.items()
    ]
    for start in range(0, len(rows), BATCH_SIZE):
        db.session.execute(insert(LicensedDescriptor), rows[start : start + BATCH_SIZE])
    db.session.commit()
    return len(rows)


def _map_columns(fieldnames: list[str]) -> dict[str, str]:
    by_lower = {name.strip().lower(): name for name in fieldnames}
    columns: dict[str, str] = {}
    for key, aliases in DESCRIPTOR_COLUMNS.items():
        for alias in aliases:
            if alias in by_lower:
                columns[key] = by_lower[alias]
                break
    required = [key for key in ("code", "short", "long") if key not in columns]
    if required:
        raise DescriptorFileError(
            "the file needs a header row with the columns code, short_descriptor, "
            f"long_descriptor and optionally lay_description; missing: {', '.join(required)}"
        )
    return columns
