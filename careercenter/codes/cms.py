"""Importers for CMS's public code files: HCPCS Level II, ICD-10-PCS, and the Medicare
facts per code (Physician Fee Schedule RVUs, NCCI edits, medically unlikely edits).

Each reads the layout CMS publishes, replaces what an earlier import of the same kind
stored, and raises ``CmsFileError`` with the line at fault. The Medicare files carry AMA
descriptor text for CPT codes; the importers keep only numbers and indicators.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from careercenter.codes.loaders import BATCH_SIZE, _code_row, _replace_system_rows
from careercenter.codes.models import (
    DME,
    HOSPITAL,
    KIND_CATEGORY,
    KIND_CODE,
    PRACTITIONER,
    ImportedFile,
    MedicallyUnlikelyEdit,
    MedicareFee,
    NcciEdit,
)
from careercenter.codes.tags import CPT_CODE, HCPCS, HCPCS_CODE, ICD10PCS, ICD10PCS_CODE
from careercenter.extensions import db
from careercenter.timeutil import utcnow


class CmsFileError(ValueError):
    """The file is not in the layout CMS publishes; the message says where and why."""


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    # CMS's text files are Latin-1 in places (registered marks, accented drug names).
    with path.open(encoding="latin-1", newline="") as f:
        for number, line in enumerate(f, start=1):
            yield number, line.rstrip("\r\n")


def _replace_table(model: Any, rows: list[dict[str, Any]], *where: Any) -> int:
    """Swap what an earlier import stored (all of it, or the rows ``where`` picks) for the
    new rows, in one transaction."""
    db.session.execute(delete(model).where(*where))
    for start in range(0, len(rows), BATCH_SIZE):
        db.session.execute(insert(model), rows[start : start + BATCH_SIZE])
    db.session.commit()
    return len(rows)


# ---- which file this is ------------------------------------------------------------------

MONTHS = {
    month: number
    for number, month in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        start=1,
    )
}


@dataclass(frozen=True)
class FileIdentity:
    """What a CMS file is, read from the name CMS gives it (or told by the operator): its
    setting, its part (the practitioner edits come in several files) and its period."""

    kind: str
    setting: str = ""
    part: str = ""
    period: str = ""

    @property
    def slot(self) -> str:
        return ":".join(part for part in (self.kind, self.setting, self.part) if part)


def identify(kind: str, name: str, setting: str = "", period: str = "") -> FileIdentity:
    """ccipra-v321r0-f1.txt is practitioner edits, version 32.1, file 1; ccioph-… hospital;
    MCR_MUE_OutpatientHospitalServices_Eff_01-01-2026.csv hospital MUEs effective
    2026-01-01; PPRRVU26_JAN.csv and HCPC2026_JAN_ANWEB.txt January 2026."""
    upper = name.upper()
    part = ""
    if kind == "ncci":
        setting = setting or (HOSPITAL if "CCIOPH" in upper else PRACTITIONER)
        version = re.search(r"V(\d{2})(\d)R?\d*", upper)
        period = period or (f"version {version[1]}.{version[2]}" if version else "")
        piece = re.search(r"-F(\d+)", upper)
        part = piece[1] if piece else "1"
    elif kind == "mue":
        if not setting:
            setting = HOSPITAL if "HOSPITAL" in upper else DME if "DME" in upper else PRACTITIONER
        effective = re.search(r"EFF_(\d{2})-(\d{2})-(\d{4})", upper)
        if effective and not period:
            period = f"effective {effective[3]}-{effective[1]}-{effective[2]}"
    else:
        month = re.search(r"(?:PPRRVU|HCPC)(\d{2}|\d{4})_?([A-Z]{3})", upper)
        if month and month[2] in MONTHS and not period:
            year = month[1] if len(month[1]) == 4 else f"20{month[1]}"
            period = f"{year}-{MONTHS[month[2]]:02d}"
        fiscal = re.search(r"ICD10PCS\w*?(\d{4})", upper)
        if fiscal and not period:
            period = f"FY{fiscal[1]}"
    return FileIdentity(kind, setting, part, period)


def _store_file(
    model: Any,
    identity: FileIdentity,
    path: Path,
    rows: list[dict[str, Any]],
    replaced: Callable[[ImportedFile], tuple[Any, ...]],
) -> int:
    """Note the file in its slot, point each row at it, and swap the rows ``replaced``
    picks (given the file's record) for these, in one transaction."""
    recorded = record_file(identity, path, len(rows))
    for row in rows:
        row["file_id"] = recorded.id
    return _replace_table(model, rows, *replaced(recorded))


def record_file(identity: FileIdentity, path: Path, rows: int) -> ImportedFile:
    """Note the file in its slot (replacing what an earlier import of the slot noted)."""
    found = db.session.scalar(select(ImportedFile).where(ImportedFile.slot == identity.slot))
    if found is None:
        found = ImportedFile(slot=identity.slot, kind=identity.kind)
        db.session.add(found)
    found.name, found.setting, found.period = path.name[:200], identity.setting, identity.period
    found.rows, found.loaded_at = rows, utcnow()
    db.session.flush()
    return found


# ---- HCPCS Level II ----------------------------------------------------------------------

# The fixed-width record of CMS's alpha-numeric HCPCS file (HCPC<year>_<month>_ANWEB.txt):
# code 1-5, sequence 6-10, record identification 11 (3 first line of a procedure, 4 its
# continuation, 7/8 the same for modifiers), long description 12-91, short 92-119, and on a
# first line the termination date 285-292 (YYYYMMDD: the last day Medicare accepts the code).
PROCEDURE_FIRST, PROCEDURE_MORE = "3", "4"
HCPCS_SOURCE = "HCPCS Level II (CMS), public domain"
# D codes are the ADA's CDT: their descriptors are copyrighted, so only the number is kept.
COPYRIGHTED_PREFIXES = ("D",)


def hcpcs_rows(path: Path) -> list[dict[str, Any]]:
    """The procedure codes still in use today: a code whose termination date has passed is
    left out (the file keeps discontinued codes for a while), so it is not offered as a
    current code; a job that tags one still gets the code's page, without text."""
    today = utcnow().strftime("%Y%m%d")  # compared as text, as the NCCI deletion dates are
    long_text: dict[str, list[str]] = {}
    short_text: dict[str, str] = {}
    ended: set[str] = set()
    for number, line in _lines(path):
        if not line.strip():
            continue
        code, record = line[0:5].strip(), line[10:11]
        if record not in (PROCEDURE_FIRST, PROCEDURE_MORE, "7", "8"):
            raise CmsFileError(
                f"line {number}: position 11 should be a record identification code "
                f"(3, 4, 7 or 8), not {record!r}; is this CMS's HCPCS ANWEB text file?"
            )
        if record not in (PROCEDURE_FIRST, PROCEDURE_MORE):
            continue  # modifiers
        if not HCPCS_CODE.fullmatch(code):
            raise CmsFileError(f"line {number}: {code!r} is not a HCPCS Level II code")
        long_text.setdefault(code, []).append(line[11:91].strip())
        if record == PROCEDURE_FIRST:
            short_text[code] = line[91:119].strip()
            termination = line[284:292].strip()
            if len(termination) == 8 and termination.isdigit() and termination < today:
                ended.add(code)
    rows = []
    for code, parts in long_text.items():
        if code in ended:
            continue
        shown = not code.startswith(COPYRIGHTED_PREFIXES)
        rows.append(
            _code_row(
                HCPCS,
                code,
                KIND_CODE,
                None,
                description=" ".join(part for part in parts if part) if shown else None,
                short_title=short_text.get(code) if shown else None,
                source=HCPCS_SOURCE,
            )
        )
    return rows


def import_hcpcs(path: Path) -> int:
    rows = hcpcs_rows(path)
    if not rows:
        raise CmsFileError("the file holds no HCPCS procedure records")
    _replace_system_rows(HCPCS, rows, None)
    record_file(identify("hcpcs", path.name), path, len(rows))
    db.session.commit()
    return len(rows)


# ---- ICD-10-PCS --------------------------------------------------------------------------

# CMS's order file (icd10pcs_order_<year>.txt): order number 1-5, code 7-13, 1 in position
# 15 for a code valid on a claim and 0 for a table header, short description 17-76, long
# description from 78.
PCS_SOURCE = "ICD-10-PCS (CMS), public domain"


def pcs_rows(path: Path, release: str) -> list[dict[str, Any]]:
    rows = []
    source = f"ICD-10-PCS {release} (CMS), public domain" if release else PCS_SOURCE
    for number, line in _lines(path):
        if not line.strip():
            continue
        order, code, valid = line[0:5], line[6:13].strip(), line[14:15]
        short, long = line[16:76].strip(), line[77:].strip()
        if not order.isdigit() or valid not in ("0", "1") or not short:
            raise CmsFileError(
                f"line {number}: not an ICD-10-PCS order file line (order number, code, "
                "0 or 1, short and long description in CMS's fixed columns)"
            )
        if not (ICD10PCS_CODE.fullmatch(code) if valid == "1" else code.isalnum()):
            raise CmsFileError(f"line {number}: {code!r} is not an ICD-10-PCS code")
        rows.append(
            _code_row(
                ICD10PCS,
                code,
                KIND_CODE if valid == "1" else KIND_CATEGORY,
                code[:3] if len(code) > 3 else None,
                description=long or short,
                short_title=short,
                billable=valid == "1",
                source=source,
            )
        )
    return rows


def import_pcs(path: Path, release: str = "") -> int:
    rows = pcs_rows(path, release)
    if not rows:
        raise CmsFileError("the file holds no ICD-10-PCS lines")
    _replace_system_rows(ICD10PCS, rows, None)
    record_file(identify("pcs", path.name, period=release), path, len(rows))
    db.session.commit()
    return len(rows)


# ---- Medicare facts ----------------------------------------------------------------------


def _table(path: Path, header_test: Any) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """CMS's CSV and tab files open with title and copyright lines; the table starts at
    the row ``header_test`` recognises. Headers that CMS spreads over two rows are joined
    (a second header row has no code in its first cell)."""
    text = path.read_text(encoding="latin-1")
    dialect = "excel-tab" if any("\t" in line for line in text.splitlines()[:60]) else "excel"
    rows = list(enumerate(csv.reader(io.StringIO(text), dialect=dialect), start=1))
    for position, (_, row) in enumerate(rows):
        if header_test([cell.strip().upper() for cell in row]):
            header = [cell.strip().upper() for cell in row]
            before = rows[position - 1][1] if position else []
            if _continues_header(before):  # the first of two header rows: "WORK" over "RVU"
                header = [
                    f"{before[i].strip().upper() if i < len(before) else ''} {name}".strip()
                    for i, name in enumerate(header)
                ]
            body = rows[position + 1 :]
            while body and body[0][1] and not _looks_like_code(body[0][1][0]):
                extra = body.pop(0)[1]
                header = [
                    f"{name} {extra[i].strip().upper() if i < len(extra) else ''}".strip()
                    for i, name in enumerate(header)
                ]
            return header, iter(body)
    raise CmsFileError("no header row found; is this the file CMS publishes, as CSV or text?")


def _continues_header(row: list[str]) -> bool:
    """A row of column words above the header row (CMS spreads some headers over two rows,
    in either order); a title or copyright line fills one cell only."""
    filled = [cell for cell in row if cell.strip()]
    return len(filled) >= 3 and not _looks_like_code(row[0]) if row else False


def _looks_like_code(cell: str) -> bool:
    code = cell.strip().upper()
    return bool(CPT_CODE.fullmatch(code) or HCPCS_CODE.fullmatch(code))


def _column(header: list[str], *words: str, avoid: tuple[str, ...] = ()) -> int:
    for index, name in enumerate(header):
        if all(word in name for word in words) and not any(word in name for word in avoid):
            return index
    raise CmsFileError(f"no column named like {' '.join(words)!r} in the header: {header}")


def _optional_column(header: list[str], *words: str) -> int | None:
    try:
        return _column(header, *words)
    except CmsFileError:
        return None


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _number(value: str, line: int) -> float | None:
    value = value.strip()
    if not value or value.upper() == "NA":
        return None
    try:
        return float(value)
    except ValueError:
        raise CmsFileError(f"line {line}: {value!r} is not a number") from None


PFS_SOURCE = "CMS Physician Fee Schedule relative value file"


def import_pfs(path: Path, source: str = PFS_SOURCE, period: str = "") -> int:
    """The PPRRVU file: RVUs, global period and surgery indicators per code and modifier.
    The DESCRIPTION column is AMA text for CPT codes and is skipped."""
    header, body = _table(path, lambda row: bool(row) and row[0] == "HCPCS")
    columns = {
        "code": 0,
        "modifier": _column(header, "MOD", avoid=("MULT",)),
        "status": _column(header, "STATUS"),
        "work_rvu": _column(header, "WORK"),
        "pe_nonfacility_rvu": _column(header, "NON-FAC", "PE"),
        "pe_facility_rvu": _column(header, "FACILITY", "PE", avoid=("NON-FAC",)),
        "mp_rvu": _column(header, "MP", avoid=("OPPS",)),
        "global_days": _column(header, "GLOB"),
        "components": _column(header, "PCTC"),
        "multiple_procedure": _column(header, "MULT"),
        "bilateral": _column(header, "BILAT"),
        "assistant": _column(header, "ASST"),
        "co_surgeons": _column(header, "CO-"),
        "team": _column(header, "TEAM"),
    }
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for line, cells in body:
        if not cells or not cells[0].strip():
            continue
        if len(cells) <= max(columns.values()):
            raise CmsFileError(f"line {line}: {len(cells)} columns, expected {len(header)}")
        code = cells[0].strip().upper()
        if not _looks_like_code(code):
            raise CmsFileError(f"line {line}: {code!r} is not a CPT or HCPCS code")
        row: dict[str, Any] = {"source": source}
        for name, index in columns.items():
            value = cells[index].strip()
            row[name] = _number(value, line) if name.endswith("_rvu") else value.upper()
        rows[(code, row["modifier"])] = row
    identity = identify("pfs", path.name, period=period)
    return _store_file(MedicareFee, identity, path, list(rows.values()), lambda _recorded: ())


NCCI_SOURCE = "CMS NCCI procedure-to-procedure edits"


def import_ncci(path: Path, setting: str = "", period: str = "", source: str = NCCI_SOURCE) -> int:
    """A practitioner or hospital PTP edit file: column 1, column 2, effective and
    deletion dates, the modifier indicator and CMS's rationale. It replaces only the edits
    of its own slot (setting and file number): CMS splits the practitioner edits over
    several files, loaded one after another."""
    identity = identify("ncci", path.name, setting, period)
    header, body = _table(
        path, lambda row: any("COLUMN 1" in cell for cell in row) and len(row) >= 5
    )
    first = _column(header, "COLUMN 1")
    second = _column(header, "COLUMN 2")
    effective = _column(header, "EFFECTIVE")
    deleted = _column(header, "DELETION")
    modifier = _column(header, "MODIFIER")
    rationale = _optional_column(header, "RATIONALE")
    edits: dict[tuple[str, str], dict[str, Any]] = {}
    for line, cells in body:
        if not cells or not cells[first].strip():
            continue
        column1, column2 = cells[first].strip().upper(), cells[second].strip().upper()
        if not (_looks_like_code(column1) and _looks_like_code(column2)):
            raise CmsFileError(f"line {line}: {column1!r}/{column2!r} are not two codes")
        indicator = cells[modifier].strip()
        if indicator not in ("0", "1", "9"):
            raise CmsFileError(f"line {line}: modifier indicator {indicator!r} is not 0, 1 or 9")
        deletion = cells[deleted].strip()
        edits[(column1, column2)] = {
            "column1": column1,
            "column2": column2,
            "effective": cells[effective].strip(),
            "deleted": "" if deletion in ("", "*") else deletion,
            "modifier_indicator": indicator,
            "source": source,
            "setting": identity.setting,
            "rationale": _cell(cells, rationale)[:200],
        }
    return _store_file(
        NcciEdit,
        identity,
        path,
        list(edits.values()),
        lambda recorded: (
            NcciEdit.setting == identity.setting,
            # this slot's earlier edits, and any kept before edits were kept per file
            (NcciEdit.file_id == recorded.id) | NcciEdit.file_id.is_(None),
        ),
    )


MUE_SOURCE = "CMS medically unlikely edits"


def import_mue(path: Path, setting: str = "", period: str = "", source: str = MUE_SOURCE) -> int:
    """A practitioner, outpatient hospital or DME MUE table: code, units, MUE adjudication
    indicator and CMS's rationale; it replaces the values of its own setting only."""
    identity = identify("mue", path.name, setting, period)
    header, body = _table(path, lambda row: any("MUE VALUES" in cell for cell in row))
    code_column = _column(header, "HCPCS")
    units_column = _column(header, "MUE VALUES")
    indicator_column = _column(header, "ADJUDICATION")
    rationale = _optional_column(header, "RATIONALE")
    values: dict[str, dict[str, Any]] = {}
    for line, cells in body:
        if not cells or not cells[code_column].strip():
            continue
        code = cells[code_column].strip().upper()
        units = cells[units_column].strip()
        if not _looks_like_code(code) or not units.isascii() or not units.isdigit():
            raise CmsFileError(f"line {line}: {code!r} with {units!r} units is not an MUE line")
        values[code] = {
            "code": code,
            "units": int(units),
            "adjudication": cells[indicator_column].strip()[:1],
            "source": source,
            "setting": identity.setting,
            "rationale": _cell(cells, rationale)[:200],
        }
    return _store_file(
        MedicallyUnlikelyEdit,
        identity,
        path,
        list(values.values()),
        lambda _recorded: (MedicallyUnlikelyEdit.setting == identity.setting,),
    )
