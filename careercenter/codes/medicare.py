"""The Medicare facts a code page shows, from the CMS files an operator imported, with each
indicator said in plain words (our own wording of CMS's documented meanings)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select

from careercenter.codes.models import (
    PRACTITIONER,
    ImportedFile,
    MedicallyUnlikelyEdit,
    MedicareFee,
    NcciEdit,
)
from careercenter.extensions import db
from careercenter.timeutil import utcnow

STATUS = {
    "A": "Active: paid separately under the fee schedule",
    "B": "Bundled: never paid separately; payment is included in other services",
    "C": "Priced by the Medicare contractor",
    "D": "Deleted code, still accepted for a 90-day grace period",
    "E": "Excluded from the fee schedule by regulation",
    "F": "Deleted or discontinued code, with no grace period",
    "G": "Not valid for Medicare; another code is used instead (90-day grace period)",
    "H": "Deleted modifier: the professional/technical split this code had last year is gone",
    "I": "Not valid for Medicare; another code is used instead (no grace period)",
    "J": "Anesthesia service",
    "M": "Measurement code, for reporting only",
    "N": "Not covered by Medicare",
    "P": (
        "Bundled or excluded: no RVUs and no separate fee-schedule payment; paid with the "
        "service it is incident to, or outside the fee schedule"
    ),
    "R": "Restricted coverage",
    "T": "Injections: paid only when no other service is billed that day",
    "X": "Excluded from the fee schedule by law",
}
GLOBAL_DAYS = {
    "000": "Same-day global period: visits on the day of the procedure are included",
    "010": "Minor procedure: the day of the procedure and the 10 days after are included",
    "090": "Major surgery: the day before, the day of and the 90 days after are included",
    "MMM": "Maternity: the global rules of obstetric care apply",
    "XXX": "The global surgery rules do not apply",
    "YYY": "The Medicare contractor sets the global period",
    "ZZZ": "Part of another service's global period (an add-on code)",
}
# The PC/TC indicator, said as what a coder may append: whether 26 and TC apply.
COMPONENTS = {
    "0": "A physician service: modifiers 26 and TC do not apply",
    "1": "Splits into a professional (26) and a technical (TC) part, each billable alone",
    "2": "Professional part only, as its own code: 26 and TC do not apply",
    "3": "Technical part only, as its own code: 26 and TC do not apply",
    "4": "The whole test as one code (its parts have their own codes): 26 and TC do not apply",
    "5": "Incident to a physician's service, not for hospital patients: no 26 or TC",
    "6": "A lab physician's interpretation (the test is paid on the lab schedule): no TC",
    "7": "A therapist's own practice: not paid for hospital patients",
    "8": "A physician's reading of an abnormal smear: the professional part only, no TC",
    "9": "The professional/technical split does not apply",
}
MULTIPLE_PROCEDURE = {
    "0": "No reduction when reported with other procedures",
    "1": "Standard reduction for multiple procedures (older rule)",
    "2": "Standard reduction: the highest-valued procedure is paid in full, the others at half",
    "3": "Endoscopy rules: related endoscopies share one base endoscopy",
    "4": "Imaging reduction for several scans in one session",
    "5": "Therapy reduction on the practice expense of later services",
    "6": "Reduction for several diagnostic heart tests on one day",
    "7": "Reduction for several diagnostic eye tests on one day",
    "9": "Multiple-procedure rules do not apply",
}
BILATERAL = {
    "0": "No bilateral payment: a 50 modifier does not raise the payment",
    "1": "Bilateral pays 150% when done on both sides (modifier 50)",
    "2": "Already bilateral: the payment covers both sides",
    "3": "Each side is paid in full, as if on its own",
    "9": "The bilateral concept does not apply",
}
ASSISTANT = {
    "0": "Assistant paid only with documentation that one was needed",
    "1": "Assistant at surgery not paid",
    "2": "Assistant at surgery paid",
    "9": "The assistant concept does not apply",
}
CO_SURGEONS = {
    "0": "Co-surgeons not permitted",
    "1": "Co-surgeons paid with documentation that two were needed",
    "2": "Co-surgeons permitted",
    "9": "The co-surgeon concept does not apply",
}
TEAM = {
    "0": "Team surgery not permitted",
    "1": "Team surgery paid with documentation",
    "2": "Team surgery permitted",
    "9": "The team surgery concept does not apply",
}
# The modifiers NCCI accepts for bypassing an edit with indicator 1, when the documentation
# supports them (CMS's NCCI Policy Manual, chapter I): anatomic, global surgery, and the
# distinct-service ones.
NCCI_BYPASS_MODIFIERS = (
    "E1-E4, FA, F1-F9, TA, T1-T9, LT, RT, LC, LD, LM, RC, RI (anatomic); 24, 25, 57, 58, 78, "
    "79 (global surgery); 27; 59, XE, XS, XP, XU (distinct service); 91 (repeat lab test)"
)
NCCI_MODIFIER = {
    "0": "never together: no modifier allows both",
    "1": (
        "together only with an NCCI-associated modifier the documentation supports: "
        + NCCI_BYPASS_MODIFIERS
    ),
    "9": "the edit no longer applies",
}
MUE_ADJUDICATION = {
    "1": "per claim line",
    "2": "per day, set by policy: not payable above this on appeal",
    "3": "per day, set on clinical grounds",
}


# The rows of the fee file for one code: the whole service, then its parts and the other
# modifiers the file prices separately.
MODIFIER_ROWS = {
    "": "Whole service",
    "26": "Professional component (26): the physician's interpretation and report",
    "TC": "Technical component (TC): equipment, staff and supplies",
    "53": "Discontinued procedure (53)",
}
MODIFIER_ORDER = list(MODIFIER_ROWS)


@dataclass
class FeeRow:
    """One priced row: a code alone or with a modifier, RVUs and totals in both settings."""

    modifier: str
    label: str
    work: float | None
    pe_facility: float | None
    pe_nonfacility: float | None
    mp: float | None
    total_facility: float | None
    total_nonfacility: float | None


@dataclass
class Indicator:
    name: str
    value: str
    meaning: str


@dataclass
class Bundle:
    code: str
    modifier: str
    meaning: str
    rationale: str = ""  # CMS's words for why the edit exists


@dataclass
class MedicareFacts:
    fee: MedicareFee | None = None  # the whole service's row: its indicators are shown
    rows: list[FeeRow] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    units: MedicallyUnlikelyEdit | None = None
    units_meaning: str = ""
    bundles: list[Bundle] = field(default_factory=list)  # codes bundled into this one
    bundled_into: list[Bundle] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the imported files, as cited

    @property
    def any(self) -> bool:
        return bool(self.rows or self.units or self.bundles or self.bundled_into)


def _total(work: float | None, practice_expense: float | None, mp: float | None) -> float | None:
    """A setting's total; none where the file prices no practice expense for that setting
    ("NA": the service is not paid there), rather than work and malpractice alone."""
    if practice_expense is None:
        return None
    return round(sum(value for value in (work, practice_expense, mp) if value is not None), 2)


def _row_order(fee: MedicareFee) -> tuple[int, str]:
    known = fee.modifier in MODIFIER_ORDER
    return (MODIFIER_ORDER.index(fee.modifier) if known else len(MODIFIER_ORDER), fee.modifier)


def medicare_facts(code: str, limit: int = 60) -> MedicareFacts:
    facts = MedicareFacts()
    fees = db.session.scalars(select(MedicareFee).where(MedicareFee.code == code)).all()
    for fee in sorted(fees, key=_row_order):
        facts.rows.append(
            FeeRow(
                fee.modifier,
                MODIFIER_ROWS.get(fee.modifier, f"With modifier {fee.modifier}"),
                fee.work_rvu,
                fee.pe_facility_rvu,
                fee.pe_nonfacility_rvu,
                fee.mp_rvu,
                _total(fee.work_rvu, fee.pe_facility_rvu, fee.mp_rvu),
                _total(fee.work_rvu, fee.pe_nonfacility_rvu, fee.mp_rvu),
            )
        )
    facts.fee = next((fee for fee in fees if fee.modifier == ""), None)
    if facts.fee is not None:
        fee = facts.fee
        for name, value, meanings in (
            ("Status", fee.status, STATUS),
            ("Global period", fee.global_days, GLOBAL_DAYS),
            ("Professional / technical", fee.components, COMPONENTS),
            ("Multiple procedures", fee.multiple_procedure, MULTIPLE_PROCEDURE),
            ("Bilateral", fee.bilateral, BILATERAL),
            ("Assistant at surgery", fee.assistant, ASSISTANT),
            ("Co-surgeons", fee.co_surgeons, CO_SURGEONS),
            ("Team surgery", fee.team, TEAM),
        ):
            if value:
                facts.indicators.append(
                    Indicator(name, value, meanings.get(value, "Not a documented value"))
                )
    facts.units = db.session.scalar(  # a code page is the professional's view
        select(MedicallyUnlikelyEdit).where(
            MedicallyUnlikelyEdit.code == code, MedicallyUnlikelyEdit.setting == PRACTITIONER
        )
    )
    if facts.units is not None:
        facts.units_meaning = MUE_ADJUDICATION.get(facts.units.adjudication, "")
    today = utcnow().strftime("%Y%m%d")
    edits = db.session.scalars(
        select(NcciEdit)
        .where(
            or_(NcciEdit.column1 == code, NcciEdit.column2 == code),
            or_(NcciEdit.deleted == "", NcciEdit.deleted > today),
            NcciEdit.modifier_indicator != "9",
            NcciEdit.setting == PRACTITIONER,
        )
        .order_by(NcciEdit.column1, NcciEdit.column2)
        .limit(limit * 2)
    )
    files = {fee.file_id for fee in fees} | {getattr(facts.units, "file_id", None)}
    seen: set[tuple[str, str]] = set()
    for edit in edits:
        if (edit.column1, edit.column2) in seen:  # the same pair in two of CMS's files
            continue
        seen.add((edit.column1, edit.column2))
        files.add(edit.file_id)
        if edit.column1 == code:
            other, into = edit.column2, facts.bundles
        else:
            other, into = edit.column1, facts.bundled_into
        if len(into) < limit:
            meaning = NCCI_MODIFIER[edit.modifier_indicator]
            into.append(Bundle(other, edit.modifier_indicator, meaning, edit.rationale))
    facts.sources = cited_files(files)
    return facts


def cited_files(ids: set[int | None]) -> list[str]:
    """How the files behind a set of facts are cited, oldest import first."""
    wanted = [file_id for file_id in ids if file_id is not None]
    if not wanted:
        return []
    found = db.session.scalars(
        select(ImportedFile).where(ImportedFile.id.in_(wanted)).order_by(ImportedFile.id)
    )
    return [imported.citation for imported in found]
