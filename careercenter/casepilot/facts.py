"""Facts about codes, each with its source: the only things CasePilot says.

Every builder reads what the board holds — our own CPT wording, the official public-domain
text, the add-on links, the ICD-10-CM notes and 7th characters, the CMS files an operator
imported — and returns sentences that cite where they come from. What the board has not
loaded is said as exactly that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from careercenter.codes.loaders import PROJECT_SOURCE
from careercenter.codes.medicare import (
    ASSISTANT,
    BILATERAL,
    CO_SURGEONS,
    GLOBAL_DAYS,
    MUE_ADJUDICATION,
    MULTIPLE_PROCEDURE,
    NCCI_MODIFIER,
    STATUS,
    TEAM,
)
from careercenter.codes.models import (
    PRACTITIONER,
    AddOnRelation,
    Code,
    ImportedFile,
    MedicallyUnlikelyEdit,
    MedicareFee,
    NcciEdit,
)
from careercenter.codes.notes import NAMED_CODE, read_notes, seventh_characters
from careercenter.codes.releases import outdated_release_note
from careercenter.codes.service import ancestors_of, billable_codes_beneath
from careercenter.codes.tags import CPT, HCPCS, ICD10CM, SYSTEM_LABELS
from careercenter.extensions import db
from careercenter.jobs.by_code import job_counts_for_codes
from careercenter.timeutil import utcnow

OWN_WORDS = "CareerCenter's own description (not the AMA's CPT descriptor)"
BOARD = "this board's open jobs"
NOT_LOADED = "what this board holds"


@dataclass
class Fact:
    """One sentence, where it comes from, and the codes it names."""

    text: str
    source: str
    codes: list[str] = field(default_factory=list)


def describe(record: Code) -> list[Fact]:
    """What a code is: its words, its system, where it sits, and whether it is billable."""
    label = SYSTEM_LABELS.get(record.system, record.system)
    facts: list[Fact] = []
    if record.is_group:
        return grouping(record)
    if record.system == CPT:
        if record.plain_description:
            facts.append(
                Fact(f"CPT {record.code}: {record.plain_description}", OWN_WORDS, [record.code])
            )
        else:
            facts.append(
                Fact(
                    f"CPT {record.code} is a code this board holds no description of.",
                    NOT_LOADED,
                    [record.code],
                )
            )
    elif record.description:
        facts.append(
            Fact(f"{label} {record.code}: {record.description}.", record.source, [record.code])
        )
    chain = ancestors_of(record)
    if chain:
        nearest = chain[-1]
        facts.append(
            Fact(
                f"{record.code} sits under {nearest.code} ({nearest.title}).",
                nearest.source or PROJECT_SOURCE,
                [record.code, nearest.code],
            )
        )
    if record.system == ICD10CM and not record.is_group:
        if record.billable:
            facts.append(
                Fact(
                    f"{record.code} is billable: specific enough to go on a claim.",
                    record.source,
                    [record.code],
                )
            )
        else:
            beneath, total = billable_codes_beneath(record)
            shown = ", ".join(code.code for code in beneath[:8])
            facts.append(
                Fact(
                    f"{record.code} is a header, not valid on a claim: code to one of the "
                    f"{total} billable codes beneath it ({shown}{', …' if total > 8 else ''}).",
                    record.source,
                    [record.code, *[code.code for code in beneath[:8]]],
                )
            )
        warning = outdated_release_note(record.source)
        if warning:
            facts.append(Fact(warning, record.source, []))
    if record.is_addon:
        facts += addon(record)
    return facts


def grouping(record: Code) -> list[Fact]:
    """A range, block or chapter: what it groups and how many codes the board holds in it."""
    label = SYSTEM_LABELS.get(record.system, record.system)
    inside = db.session.scalar(
        select(func.count(Code.id)).where(
            Code.system == record.system,
            Code.kind.not_in(("chapter", "block")),
            Code.code >= (record.first or ""),
            Code.code <= (record.last or "") + "~",
        )
    )
    whose = OWN_WORDS.replace("description", "grouping") if record.system == CPT else record.source
    return [
        Fact(
            f"{label} {record.code}: {record.title}. This board holds {inside} codes in it.",
            whose,
            [record.code],
        )
    ]


def addon(record: Code) -> list[Fact]:
    """Whether a code is an add-on, and which primaries it is reported with."""
    primaries = list(
        db.session.scalars(
            select(AddOnRelation.primary)
            .where(AddOnRelation.system == record.system, AddOnRelation.addon == record.code)
            .order_by(AddOnRelation.primary)
        )
    )
    if not record.is_addon:
        addons = list(
            db.session.scalars(
                select(AddOnRelation.addon)
                .where(AddOnRelation.system == record.system, AddOnRelation.primary == record.code)
                .order_by(AddOnRelation.addon)
            )
        )
        text = f"{record.code} is not an add-on code: it is reported on its own."
        if addons:
            text += f" Add-on codes reported with it: {', '.join(addons)}."
        return [Fact(text, PROJECT_SOURCE, [record.code, *addons])]
    facts = [
        Fact(
            f"{record.code} is an add-on code: it is never reported alone, only in addition "
            "to a primary procedure by the same provider on the same day.",
            PROJECT_SOURCE,
            [record.code],
        )
    ]
    if primaries:
        facts.append(
            Fact(
                f"{record.code} is reported with: {', '.join(primaries)}.",
                PROJECT_SOURCE,
                [record.code, *primaries],
            )
        )
    return facts


def _citation(file_id: int | None, fallback: str) -> str:
    if file_id is None:
        return fallback
    found = db.session.get(ImportedFile, file_id)
    return found.citation if found is not None else fallback


def _loaded(kind: str) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(ImportedFile).where(ImportedFile.kind == kind)
    ) or _legacy_rows(kind)


def _legacy_rows(kind: str) -> bool:
    """Rows imported before files were recorded still count as loaded."""
    model = {"ncci": NcciEdit, "mue": MedicallyUnlikelyEdit, "pfs": MedicareFee}.get(kind)
    return bool(model and db.session.scalar(select(model.id).limit(1)))


def missing(what: str) -> Fact:
    return Fact(f"This board has not loaded {what}, so it cannot say.", NOT_LOADED, [])


def pair_billing(first: Code, second: Code) -> list[Fact]:
    """Can two procedures be billed together: the NCCI edit between them (either way), the
    add-on rule, and each code's MUE."""
    facts: list[Fact] = []
    pair = [first.code, second.code]
    if _loaded("ncci"):
        today = utcnow().strftime("%Y%m%d")
        edits = db.session.scalars(
            select(NcciEdit)
            .where(
                or_(
                    (NcciEdit.column1 == first.code) & (NcciEdit.column2 == second.code),
                    (NcciEdit.column1 == second.code) & (NcciEdit.column2 == first.code),
                ),
                NcciEdit.setting == PRACTITIONER,
            )
            .order_by(NcciEdit.deleted.desc())
        ).all()
        current = [edit for edit in edits if not edit.deleted or edit.deleted > today]
        if not current:
            files = db.session.scalars(
                select(ImportedFile).where(
                    ImportedFile.kind == "ncci", ImportedFile.setting == PRACTITIONER
                )
            ).all()
            cited = "; ".join(imported.citation for imported in files) or "CMS NCCI edits"
            facts.append(
                Fact(
                    f"No current NCCI practitioner edit pairs {first.code} and {second.code} "
                    "in the files loaded. That is not a statement that both are payable: "
                    "other rules (the add-on rule, MUEs, payer policy) still apply.",
                    cited,
                    pair,
                )
            )
        for edit in current[:1]:
            meaning = NCCI_MODIFIER.get(edit.modifier_indicator, "")
            text = (
                f"NCCI practitioner edit: column 1 {edit.column1}, column 2 {edit.column2} "
                f"(in effect since {_date(edit.effective)}"
                f"{', deleted ' + _date(edit.deleted) if edit.deleted else ''}): "
                f"{edit.column2} is bundled into {edit.column1}; modifier indicator "
                f"{edit.modifier_indicator}, {meaning}."
            )
            if edit.rationale:
                text += f" CMS's rationale: {edit.rationale}."
            facts.append(Fact(text, _citation(edit.file_id, edit.source), pair))
    else:
        facts.append(missing("CMS's NCCI procedure-to-procedure edits"))
    for one, other in ((first, second), (second, first)):
        if one.is_addon:
            primaries = set(
                db.session.scalars(
                    select(AddOnRelation.primary).where(
                        AddOnRelation.system == one.system, AddOnRelation.addon == one.code
                    )
                )
            )
            verdict = "is" if other.code in primaries else "is not"
            facts.append(
                Fact(
                    f"{one.code} is an add-on; {other.code} {verdict} one of the primary codes "
                    f"it is reported with.",
                    PROJECT_SOURCE,
                    pair,
                )
            )
    facts += [fact for record in (first, second) for fact in units(record, quiet=True)]
    return facts


def _date(value: str) -> str:
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}" if len(value) == 8 else value


def _fee(record: Code) -> MedicareFee | None:
    return db.session.scalar(
        select(MedicareFee).where(MedicareFee.code == record.code, MedicareFee.modifier == "")
    )


def medicare_rows(record: Code, what: str) -> list[Fact]:
    """The fee schedule's global period, RVUs or payment indicators for a code."""
    if record.system not in (CPT, HCPCS):
        return [
            Fact(
                f"{record.code} is {SYSTEM_LABELS[record.system]}: the Medicare fee schedule "
                "prices procedures (CPT and HCPCS), not this code set.",
                NOT_LOADED,
                [record.code],
            )
        ]
    if not _loaded("pfs"):
        return [missing("CMS's Physician Fee Schedule relative value file")]
    fee = _fee(record)
    if fee is None:
        return [
            Fact(
                f"The fee schedule file loaded has no line for {record.code}.",
                _citation(None, "CMS Physician Fee Schedule"),
                [record.code],
            )
        ]
    source = _citation(fee.file_id, fee.source)
    code = record.code
    if what == "global":
        meaning = GLOBAL_DAYS.get(fee.global_days, "a value the file layout does not document")
        return [Fact(f"{code}'s global period is {fee.global_days}: {meaning}.", source, [code])]
    if what == "rvu":
        facility = _sum(fee.work_rvu, fee.pe_facility_rvu, fee.mp_rvu)
        office = _sum(fee.work_rvu, fee.pe_nonfacility_rvu, fee.mp_rvu)
        return [
            Fact(
                f"{code}'s RVUs: work {_rvu(fee.work_rvu)}, practice expense "
                f"{_rvu(fee.pe_facility_rvu)} in a facility and {_rvu(fee.pe_nonfacility_rvu)} "
                f"in an office, malpractice {_rvu(fee.mp_rvu)}; total {_rvu(facility)} "
                f"(facility) and {_rvu(office)} (office).",
                source,
                [code],
            )
        ]
    facts = [
        Fact(
            f"{code}'s status {fee.status}: {STATUS.get(fee.status, 'undocumented')}.",
            source,
            [code],
        )
    ]
    for name, value, meanings in (
        ("multiple-procedure indicator", fee.multiple_procedure, MULTIPLE_PROCEDURE),
        ("bilateral indicator", fee.bilateral, BILATERAL),
        ("assistant-at-surgery indicator", fee.assistant, ASSISTANT),
        ("co-surgeon indicator", fee.co_surgeons, CO_SURGEONS),
        ("team-surgery indicator", fee.team, TEAM),
    ):
        if value:
            meaning = meanings.get(value, "undocumented")
            facts.append(Fact(f"{code}'s {name} is {value}: {meaning}.", source, [code]))
    return facts


def _sum(*values: float | None) -> float | None:
    if any(value is None for value in values):
        return None
    return round(sum(value for value in values if value is not None), 2)


def _rvu(value: float | None) -> str:
    return "not priced" if value is None else f"{value:g}"


def units(record: Code, quiet: bool = False) -> list[Fact]:
    """A code's medically unlikely edit (practitioner)."""
    if not _loaded("mue"):
        return [] if quiet else [missing("CMS's medically unlikely edits")]
    value = db.session.scalar(
        select(MedicallyUnlikelyEdit).where(
            MedicallyUnlikelyEdit.code == record.code,
            MedicallyUnlikelyEdit.setting == PRACTITIONER,
        )
    )
    if value is None:
        if quiet:
            return []
        return [
            Fact(
                f"The MUE table loaded has no value for {record.code}.",
                "CMS medically unlikely edits",
                [record.code],
            )
        ]
    meaning = MUE_ADJUDICATION.get(value.adjudication, "")
    text = (
        f"{record.code}'s MUE (practitioner): at most {value.units} "
        f"unit{'s' if value.units != 1 else ''}{', ' + meaning if meaning else ''}."
    )
    if value.rationale:
        text += f" CMS's rationale: {value.rationale}."
    return [Fact(text, _citation(value.file_id, value.source), [record.code])]


def seventh(record: Code) -> list[Fact]:
    """Whether an ICD-10-CM code takes a 7th character, and which."""
    if record.system != ICD10CM:
        return [
            Fact(
                f"{record.code} is not an ICD-10-CM code: 7th characters belong to ICD-10-CM.",
                NOT_LOADED,
                [record.code],
            )
        ]
    table = seventh_characters(record, ancestors_of(record))
    if table is None:
        return [
            Fact(
                f"No 7th character applies to {record.code}: neither it nor the categories "
                "above it define one.",
                record.source,
                [record.code],
            )
        ]
    values = "; ".join(f"{value} {meaning}" for value, meaning in table.values)
    has = len(record.code.replace(".", "")) == 7
    text = (
        f"{record.code} already carries its 7th character."
        if has
        else f"{record.code} needs a 7th character (defined at {table.defined_at}); codes "
        "shorter than six characters take the placeholder X first."
    )
    return [
        Fact(text, record.source, [record.code, table.defined_at]),
        Fact(f"The 7th characters at {table.defined_at}: {values}.", record.source, []),
    ]


NOTE_KINDS = {
    "code_first": "Code first",
    "use_additional": "Use additional code",
    "code_also": "Code also",
    "excludes1": "Excludes1",
    "excludes2": "Excludes2",
    "includes": "Includes",
    "notes": "Note",
}


def notes(record: Code, kinds: tuple[str, ...] = tuple(NOTE_KINDS)) -> list[Fact]:
    """The tabular notes that apply to a code: its own and those of everything above it."""
    facts: list[Fact] = []
    for row in [record, *reversed(ancestors_of(record))]:
        found = read_notes(row.notes)
        for kind in kinds:
            for line in found.get(kind, []):
                where = "" if row.code == record.code else f" (from {row.code}, applies here)"
                facts.append(
                    Fact(
                        f"{record.code}, {NOTE_KINDS[kind]}{where}: {line}",
                        row.source or record.source,
                        [record.code, *_named(line)],
                    )
                )
    if record.system == ICD10CM and not facts:
        facts.append(
            Fact(f"No tabular note applies to {record.code}.", record.source, [record.code])
        )
    return facts


def _named(text: str) -> list[str]:
    return [match.group(1) for match in NAMED_CODE.finditer(text)]


def inclusion_terms(record: Code) -> list[Fact]:
    if not record.inclusion_terms:
        return [Fact(f"No inclusion terms are listed under {record.code}.", record.source, [])]
    terms = "; ".join(record.inclusion_terms.splitlines())
    return [Fact(f"Inclusion terms of {record.code}: {terms}.", record.source, [record.code])]


def pair_coding(first: Code, second: Code) -> list[Fact]:
    """Excludes1/Excludes2 between two ICD-10-CM codes, read from the notes that apply to
    each (its own, its categories', block's and chapter's)."""
    facts: list[Fact] = []
    for one, other in ((first, second), (second, first)):
        for row in [one, *reversed(ancestors_of(one))]:
            found = read_notes(row.notes)
            for kind in ("excludes1", "excludes2"):
                for line in found.get(kind, []):
                    if any(_covers(named, other.code) for named in _named_spans(line)):
                        where = "" if row.code == one.code else f" (of {row.code}, above it)"
                        rule = (
                            "they are not coded together, unless the two conditions are unrelated"
                            if kind == "excludes1"
                            else "the excluded condition is not part of this code; both may be "
                            "coded when both are present"
                        )
                        facts.append(
                            Fact(
                                f"{one.code}'s {NOTE_KINDS[kind]}{where} lists "
                                f"\u201c{line}\u201d: {rule}.",
                                row.source,
                                [one.code, other.code],
                            )
                        )
    if not facts:
        facts.append(
            Fact(
                f"No Excludes1 or Excludes2 note of {first.code} or {second.code}, or of the "
                "categories, block and chapter above them, names the other.",
                first.source,
                [first.code, second.code],
            )
        )
    return facts


def _named_spans(text: str) -> list[tuple[str, str]]:
    """The codes and ranges a note names, as (first, last) prefixes: "M54.1-" -> M54.1."""
    spans = []
    for match in NAMED_CODE.finditer(text):
        code, _, end = match.groups()
        spans.append((code, end or code))
    return spans


def _covers(span: tuple[str, str], code: str) -> bool:
    first, last = span
    if first == last:
        return code == first or code.startswith(first)
    return first <= code[: len(first)] <= last or first <= code <= last


def open_jobs(record: Code) -> list[Fact]:
    """How many open jobs on this board need the code."""
    count = job_counts_for_codes(record.system, [record.code]).get(record.code, 0)
    if not count:
        return [Fact(f"No open job on this board needs {record.code} today.", BOARD, [record.code])]
    jobs = "job needs" if count == 1 else "jobs need"
    return [Fact(f"{count} open {jobs} {record.code} on this board.", BOARD, [record.code])]


def looked_up(candidates: list[Code], words: str) -> list[Fact]:
    """The codes the lookup ranks first for what was typed."""
    facts = []
    for record in candidates:
        label = SYSTEM_LABELS.get(record.system, record.system)
        words_of = record.plain_description if record.system == CPT else record.description
        source = OWN_WORDS if record.system == CPT else record.source
        if words_of:
            facts.append(Fact(f"{label} {record.code}: {words_of}", source, [record.code]))
    return facts
