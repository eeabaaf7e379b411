"""Reference codes, their hierarchy and add-on relations, and licensed descriptors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from careercenter.extensions import db
from careercenter.timeutil import utcnow

# Sort keys compare byte by byte ("|" and "{" mark where subtrees end); a PostgreSQL
# database created with a language collation would ignore them, so the column says "C".
SortKey = String(40).with_variant(String(40, collation="C"), "postgresql")

KIND_CHAPTER = "chapter"
KIND_BLOCK = "block"  # an ICD-10-CM block or a CPT range heading
KIND_CATEGORY = "category"
KIND_CODE = "code"
GROUP_KINDS = (KIND_CHAPTER, KIND_BLOCK)


class Code(db.Model):
    """One code or one grouping (chapter, block, range) of a code system.

    ``description`` holds official public-domain text (ICD-10-CM); CPT rows never have it.
    ``plain_description`` is the project's own wording. Groupings keep their span in
    ``first``/``last`` so range pages can list what falls inside.
    """

    __tablename__ = "codes"
    __table_args__ = (UniqueConstraint("system", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(10), default=KIND_CODE)
    parent: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    plain_description: Mapped[str | None] = mapped_column(Text)
    # A few of our own words naming a CPT code, for lists; the explanation stays on the
    # (metered) code page.
    short_title: Mapped[str | None] = mapped_column(String(120))
    # The words coders use for the code (project data, ";"-separated) and, for ICD-10-CM,
    # its official inclusion terms (one a line): both reach job search through the code.
    keywords: Mapped[str | None] = mapped_column(Text)
    inclusion_terms: Mapped[str | None] = mapped_column(Text)
    first: Mapped[str | None] = mapped_column(String(16))
    last: Mapped[str | None] = mapped_column(String(16))
    # The official order (tags.sort_key): C4A between C43 and C44, not after C49.
    sort_key: Mapped[str] = mapped_column(SortKey, default="", server_default="")
    # ICD-10-CM tabular notes (includes, excludes, code first, 7th characters...) as JSON,
    # read by codes.notes.
    notes: Mapped[str | None] = mapped_column(Text)
    is_addon: Mapped[bool] = mapped_column(default=False)
    billable: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str] = mapped_column(String(120), default="")

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def title(self) -> str:
        """What lists show for the code: the official description (ICD-10-CM, HCPCS,
        ICD-10-PCS) or our short title (CPT), never the explanation."""
        return self.description or self.short_title or self.plain_description or ""

    def __repr__(self) -> str:
        return f"<Code {self.system} {self.code}>"


Index("ix_codes_system_parent", Code.system, Code.parent)
Index("ix_codes_system_sort_key", Code.system, Code.sort_key)


class AddOnRelation(db.Model):
    """An add-on code and one primary code it is reported with."""

    __tablename__ = "code_addons"
    __table_args__ = (UniqueConstraint("system", "addon", "primary"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(10))
    addon: Mapped[str] = mapped_column(String(16), index=True)
    primary: Mapped[str] = mapped_column(String(16), index=True)


class LicensedDescriptor(db.Model):
    """Descriptor text an operator imported from a licensed file; never shipped in the repo."""

    __tablename__ = "code_descriptors"
    __table_args__ = (UniqueConstraint("system", "code", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    system: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(120))
    short_descriptor: Mapped[str] = mapped_column(Text, default="")
    long_descriptor: Mapped[str] = mapped_column(Text, default="")
    lay_description: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class CodeView(db.Model):
    """A distinct code page seen by a visitor, for metering; guests are keyed by a token
    in their signed session and by a keyed hash of their address."""

    __tablename__ = "code_views"
    __table_args__ = (
        Index("ix_code_views_user", "user_id", "period"),
        Index("ix_code_views_guest", "guest_token", "period"),
        Index("ix_code_views_address", "address_hash", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM: allowances renew monthly
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    guest_token: Mapped[str | None] = mapped_column(String(64))
    address_hash: Mapped[str | None] = mapped_column(String(64))
    system: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    viewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class MedicareFee(db.Model):
    """One line of CMS's Physician Fee Schedule relative value file: numbers and indicators
    only (the file's descriptor column is AMA text and is never stored)."""

    __tablename__ = "medicare_fees"
    __table_args__ = (UniqueConstraint("code", "modifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    modifier: Mapped[str] = mapped_column(String(4), default="")
    status: Mapped[str] = mapped_column(String(2), default="")
    work_rvu: Mapped[float | None]
    pe_nonfacility_rvu: Mapped[float | None]
    pe_facility_rvu: Mapped[float | None]
    mp_rvu: Mapped[float | None]
    global_days: Mapped[str] = mapped_column(String(4), default="")
    components: Mapped[str] = mapped_column(String(2), default="", server_default="")  # PC/TC
    multiple_procedure: Mapped[str] = mapped_column(String(2), default="")
    bilateral: Mapped[str] = mapped_column(String(2), default="")
    assistant: Mapped[str] = mapped_column(String(2), default="")
    co_surgeons: Mapped[str] = mapped_column(String(2), default="")
    team: Mapped[str] = mapped_column(String(2), default="")
    source: Mapped[str] = mapped_column(String(120), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("imported_files.id"), index=True)


PRACTITIONER, HOSPITAL, DME = "practitioner", "hospital", "dme"


class ImportedFile(db.Model):
    """One CMS file an operator imported: what it was, for which setting and period, when
    it was loaded and how many rows it gave, so every fact drawn from it can cite it. The
    file's ``slot`` (its kind, setting and part) is what a later import of the same slot
    replaces: practitioner edits file 2 does not wipe file 1, nor hospital edits either."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot: Mapped[str] = mapped_column(String(60))  # ncci:practitioner:1, mue:hospital, pfs
    kind: Mapped[str] = mapped_column(String(12))  # hcpcs, pcs, pfs, ncci, mue
    name: Mapped[str] = mapped_column(String(200))  # the file name as given
    setting: Mapped[str] = mapped_column(String(12), default="")
    period: Mapped[str] = mapped_column(String(40), default="")  # "version 32.1", "2026"
    rows: Mapped[int] = mapped_column(default=0)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def citation(self) -> str:
        """How an answer names the file: "CMS NCCI practitioner procedure-to-procedure
        edits, version 32.1 (ccipra-v321r0-f1.txt, loaded 2026-12-03)"."""
        title = " ".join(KIND_TITLES.get(self.kind, self.kind).format(setting=self.setting).split())
        period = f", {self.period}" if self.period else ""
        return f"{title}{period} ({self.name}, loaded {self.loaded_at:%Y-%m-%d})"


KIND_TITLES = {
    "hcpcs": "CMS HCPCS Level II codes",
    "pcs": "CMS ICD-10-PCS codes",
    "pfs": "CMS Physician Fee Schedule relative values",
    "ncci": "CMS NCCI {setting} procedure-to-procedure edits",
    "mue": "CMS {setting} medically unlikely edits",
}


class NcciEdit(db.Model):
    """A procedure-to-procedure edit: the column 2 code is bundled into the column 1 code
    unless the modifier indicator allows both. Practitioner and hospital edits are kept
    apart, each with the file it came from and CMS's rationale (CMS's words, not AMA's)."""

    __tablename__ = "ncci_edits"
    __table_args__ = (UniqueConstraint("column1", "column2", "setting", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    column1: Mapped[str] = mapped_column(String(16), index=True)
    column2: Mapped[str] = mapped_column(String(16), index=True)
    effective: Mapped[str] = mapped_column(String(8), default="")  # YYYYMMDD
    deleted: Mapped[str] = mapped_column(String(8), default="")  # YYYYMMDD or empty
    modifier_indicator: Mapped[str] = mapped_column(String(1), default="")
    source: Mapped[str] = mapped_column(String(120), default="")
    setting: Mapped[str] = mapped_column(String(12), default=PRACTITIONER)
    rationale: Mapped[str] = mapped_column(String(200), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("imported_files.id"), index=True)


class MedicallyUnlikelyEdit(db.Model):
    """The most units of a code Medicare expects for one patient on one day (or line), per
    setting (practitioner, outpatient hospital, DME), with CMS's rationale."""

    __tablename__ = "mue_values"
    __table_args__ = (UniqueConstraint("code", "setting"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    units: Mapped[int]
    adjudication: Mapped[str] = mapped_column(String(2), default="")
    source: Mapped[str] = mapped_column(String(120), default="")
    setting: Mapped[str] = mapped_column(String(12), default=PRACTITIONER)
    rationale: Mapped[str] = mapped_column(String(200), default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("imported_files.id"), index=True)
