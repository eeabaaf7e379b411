"""ICD-10-CM tabular notes: read from the CDC data at load time, kept as JSON on the code
row, and shown on code pages with every code they name turned into a link.

The notes are what separates neighbouring codes (M51.1 excludes "lumbar radiculitis NOS
(M54.16)"), so a code page shows its own notes and those of the categories, block and
chapter above it, which apply to it as well.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

# The note kinds in the order a coder reads them, with the heading each gets on a page.
NOTE_SECTIONS = (
    ("notes", "Notes"),
    ("includes", "Includes"),
    (
        "excludes1",
        "Excludes1: not coded together with this code, unless the two conditions are unrelated",
    ),
    ("excludes2", "Excludes2: not part of this code, may be coded as well"),
    ("code_first", "Code first"),
    ("use_additional", "Use additional code"),
    ("code_also", "Code also"),
)
SEVEN_CHR_NOTE = "seven_chr_note"
SEVEN_CHR_DEF = "seven_chr_def"


def _lines(value: str | list[str]) -> list[str]:
    items = value if isinstance(value, list) else value.splitlines()
    return [" ".join(item.split()) for item in items if item and item.strip()]


def tabular_notes(icd: Any, item: str, block: bool = False) -> str | None:
    """The notes simple-icd-10-cm holds for one item, as the JSON stored on its row. A block
    of one category (T07) shares its name with the category: ``block`` asks for the block's
    own notes, not the category's."""
    readers = {
        "notes": icd.get_notes,
        "includes": icd.get_includes,
        "excludes1": icd.get_excludes1,
        "excludes2": icd.get_excludes2,
        "code_first": icd.get_code_first,
        "use_additional": icd.get_use_additional_code,
        "code_also": icd.get_code_also,
    }
    notes: dict[str, Any] = {}
    for kind, read in readers.items():
        lines = _lines(read(item, prioritize_blocks=block))
        if lines:
            notes[kind] = lines
    seven_note = " ".join(icd.get_seven_chr_note(item, prioritize_blocks=block).split())
    if seven_note:
        notes[SEVEN_CHR_NOTE] = seven_note
    seven_def = icd.get_seven_chr_def(item, prioritize_blocks=block)
    if seven_def:
        notes[SEVEN_CHR_DEF] = dict(seven_def)
    return json.dumps(notes, sort_keys=True) if notes else None


def read_notes(stored: str | None) -> dict[str, Any]:
    return json.loads(stored) if stored else {}


@dataclass
class NoteGroup:
    """The notes one code in the hierarchy carries; ``code`` is whose they are."""

    code: str
    title: str
    sections: list[tuple[str, list[str]]]


def note_groups(record: Any, ancestors: list[Any]) -> list[NoteGroup]:
    """The code's own notes first, then those of everything above it, nearest first: its
    categories, its block and its chapter. Under the guidelines a block's or a chapter's
    notes apply to every code beneath (M50-M54's Excludes1 to M51.16, chapter 19's "use
    secondary code(s) from Chapter 20" to every injury code)."""
    groups = []
    for row in [record, *reversed(ancestors)]:
        notes = read_notes(row.notes)
        sections = [(heading, notes[kind]) for kind, heading in NOTE_SECTIONS if kind in notes]
        if sections:
            groups.append(NoteGroup(row.code, row.title, sections))
    return groups


@dataclass
class SeventhCharacters:
    """The 7th-character table that applies to a code, and the category that defines it."""

    defined_at: str
    note: str
    values: list[tuple[str, str]]


def seventh_characters(record: Any, ancestors: list[Any]) -> SeventhCharacters | None:
    for row in [record, *reversed(ancestors)]:
        notes = read_notes(row.notes)
        if SEVEN_CHR_DEF in notes:
            return SeventhCharacters(
                row.code, notes.get(SEVEN_CHR_NOTE, ""), sorted(notes[SEVEN_CHR_DEF].items())
            )
    return None


# A code or range named in a note: "(M51.1-)", "(M50.-)", "(O09-O60, O80-O82)", "(S34.-)".
NAMED_CODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)"
    r"(?:(\.?-)|-([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?))?(?![A-Za-z0-9])"
)


def link_codes(text: str, url_for_code: Any) -> Markup:
    """The note's text, escaped, with each ICD-10-CM code or range it names linked to its
    page ("M51.1-" links to M51.1, "O09-O60" to the block or range page)."""
    parts: list[str] = []
    position = 0
    for match in NAMED_CODE.finditer(text):
        code, _, range_end = match.groups()
        target = f"{code}-{range_end}" if range_end else code
        parts.append(str(escape(text[position : match.start()])))
        parts.append(f'<a href="{escape(url_for_code(target))}">{escape(match.group(0))}</a>')
        position = match.end()
    parts.append(str(escape(text[position:])))
    return Markup("".join(parts))  # noqa: S704 - every piece is escaped above
