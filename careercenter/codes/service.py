"""What the code pages and job tags need: expansion of tags to known codes, a code's place
in its hierarchy, its add-on relations, and code lookup."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect

from careercenter.caches import BoundedCache, cache
from careercenter.codes.lookup import word_index
from careercenter.codes.meaning import forget_code_meanings
from careercenter.codes.medicare import MedicareFacts, medicare_facts
from careercenter.codes.models import (
    GROUP_KINDS,
    KIND_CODE,
    AddOnRelation,
    Code,
    LicensedDescriptor,
)
from careercenter.codes.notes import NoteGroup, SeventhCharacters, note_groups, seventh_characters
from careercenter.codes.releases import outdated_release_note
from careercenter.codes.tags import (
    CPT,
    EXACT,
    FAMILY,
    HCPCS,
    ICD10CM,
    TagError,
    parse_tag,
    span_bounds,
)
from careercenter.extensions import db

SIBLINGS_EACH_SIDE = 6


def tag_link(text: str) -> dict[str, str] | None:
    """The ``url_for`` arguments for a tag's link: the code page of an exact code, the range
    page of a CPT or HCPCS family or of a range, the page of the prefix code for an
    ICD-10-CM family (M51.* -> M51), and code lookup for other families. None if malformed."""
    try:
        tag = parse_tag(text)
    except TagError:
        return None
    page = "codes.code_page"
    if tag.kind == EXACT:
        return {"endpoint": page, "system": tag.system, "code": tag.text}
    if tag.kind != FAMILY:
        return {"endpoint": page, "system": tag.system, "code": f"{tag.first}-{tag.last}"}
    if tag.system in ("cpt", "hcpcs"):
        width = 5 - len(tag.prefix)
        span = f"{tag.prefix}{'0' * width}-{tag.prefix}{'9' * width}"
        return {"endpoint": page, "system": tag.system, "code": span}
    if tag.system == "icd10cm":
        return {"endpoint": page, "system": tag.system, "code": tag.prefix}
    return {"endpoint": "codes.lookup", "q": tag.prefix}


# ---- reading codes -------------------------------------------------------------------


def get_code(system: str, code: str) -> Code | None:
    return db.session.scalar(select(Code).where(Code.system == system, Code.code == code))


@dataclass
class CodeDetail:
    code: Code
    ancestors: list[Code]
    siblings: list[Code]
    children: list[Code]
    primaries: list[str]
    addons: list[str]
    descriptors: list[LicensedDescriptor] = field(default_factory=list)
    known: dict[str, Code] = field(default_factory=dict)
    billable_beneath: list[Code] = field(default_factory=list)
    billable_beneath_total: int = 0
    notes: list[NoteGroup] = field(default_factory=list)
    seventh: SeventhCharacters | None = None
    medicare: MedicareFacts | None = None
    release_note: str = ""  # the loaded release is older than the one in force


def ancestors_of(code: Code) -> list[Code]:
    """From the widest grouping down to the direct parent."""
    chain: list[Code] = []
    parent_code, seen = code.parent, {code.code}
    while parent_code and parent_code not in seen:
        seen.add(parent_code)
        parent = get_code(code.system, parent_code)
        if parent is None:
            break
        chain.append(parent)
        parent_code = parent.parent
    return list(reversed(chain))


def code_detail(code: Code) -> CodeDetail:
    siblings: list[Code] = []
    if code.parent:
        # The nearest codes on either side; the range page lists them all.
        same_parent = (Code.system == code.system, Code.parent == code.parent)
        before = db.session.scalars(
            select(Code)
            .where(*same_parent, Code.sort_key < code.sort_key)
            .order_by(Code.sort_key.desc())
            .limit(SIBLINGS_EACH_SIDE)
        )
        after = db.session.scalars(
            select(Code)
            .where(*same_parent, Code.sort_key > code.sort_key)
            .order_by(Code.sort_key)
            .limit(SIBLINGS_EACH_SIDE)
        )
        siblings = [*reversed(list(before)), *after]
    children = list(
        db.session.scalars(
            select(Code)
            .where(Code.system == code.system, Code.parent == code.code)
            .order_by(Code.sort_key, Code.kind)
            .limit(200)
        )
    )
    primaries = list(
        db.session.scalars(
            select(AddOnRelation.primary)
            .where(AddOnRelation.system == code.system, AddOnRelation.addon == code.code)
            .order_by(AddOnRelation.primary)
        )
    )
    addons = list(
        db.session.scalars(
            select(AddOnRelation.addon)
            .where(AddOnRelation.system == code.system, AddOnRelation.primary == code.code)
            .order_by(AddOnRelation.addon)
        )
    )
    descriptors = list(
        db.session.scalars(
            select(LicensedDescriptor)
            .where(LicensedDescriptor.system == code.system, LicensedDescriptor.code == code.code)
            .order_by(LicensedDescriptor.source)
        )
    )
    related = set(primaries) | set(addons)
    known = (
        {
            row.code: row
            for row in db.session.scalars(
                select(Code).where(Code.system == code.system, Code.code.in_(related))
            )
        }
        if related
        else {}
    )
    ancestors = ancestors_of(code)
    beneath, beneath_total = billable_codes_beneath(code)
    return CodeDetail(
        code,
        ancestors,
        siblings,
        children,
        primaries,
        addons,
        descriptors,
        known,
        beneath,
        beneath_total,
        note_groups(code, ancestors),
        seventh_characters(code, ancestors),
        medicare_facts(code.code) if code.system in (CPT, HCPCS) else None,
        outdated_release_note(code.source) if code.system == ICD10CM else "",
    )


BILLABLE_BENEATH_SHOWN = 100


def billable_codes_beneath(code: Code) -> tuple[list[Code], int]:
    """The billable codes under a header (S32.0 -> S32.000A...), the first ones in order,
    and how many there are: a header code cannot go on a claim."""
    if code.billable or code.is_group:
        return [], 0
    low, high = span_bounds(code.system, code.code, code.code)
    beneath = (
        Code.system == code.system,
        Code.billable.is_(True),
        Code.kind.not_in(GROUP_KINDS),
        Code.sort_key > low,
        Code.sort_key <= high,
    )
    total = db.session.scalar(select(func.count()).select_from(Code).where(*beneath)) or 0
    rows = db.session.scalars(
        select(Code).where(*beneath).order_by(Code.sort_key).limit(BILLABLE_BENEATH_SHOWN)
    )
    return list(rows), total


CODE_PAGE_CACHE_SECONDS = 300


def _code_pages() -> BoundedCache:
    return cache("code-pages", 5000, CODE_PAGE_CACHE_SECONDS)


def snapshot(row: Any) -> SimpleNamespace:
    """A plain copy of a loaded row, safe to keep between requests and sessions."""
    values = {
        attribute.key: getattr(row, attribute.key)
        for attribute in sa_inspect(type(row)).column_attrs
    }
    if isinstance(row, Code):
        values.update(title=row.title, is_group=row.is_group)
    return SimpleNamespace(**values)


def code_page_data(system: str, code: str) -> tuple[Any, CodeDetail | None]:
    """A code and its detail for the code page, kept for a few minutes: reference data
    changes only when an operator loads code files, and code pages are read constantly."""
    key = (system, code)
    cached = _code_pages().get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    record = get_code(system, code)
    data: tuple[Any, CodeDetail | None] = (None, None)
    if record is not None:
        detail = code_detail(record)
        data = (
            snapshot(record),
            CodeDetail(
                snapshot(record),
                [snapshot(row) for row in detail.ancestors],
                [snapshot(row) for row in detail.siblings],
                [snapshot(row) for row in detail.children],
                detail.primaries,
                detail.addons,
                [snapshot(row) for row in detail.descriptors],
                {key: snapshot(row) for key, row in detail.known.items()},
                [snapshot(row) for row in detail.billable_beneath],
                detail.billable_beneath_total,
                detail.notes,
                detail.seventh,
                _detached(detail.medicare),
                detail.release_note,
            ),
        )
    _code_pages().put(key, data)
    return data


def _detached(facts: MedicareFacts | None) -> MedicareFacts | None:
    """Medicare facts safe to keep between requests (the rows copied out of the session)."""
    if facts is None:
        return None
    facts.fee = snapshot(facts.fee) if facts.fee is not None else None
    facts.units = snapshot(facts.units) if facts.units is not None else None
    return facts


def forget_code_pages(words: bool = True) -> None:
    """Drop cached code pages, code meanings and (unless told not to) the lookup's word
    index, after this process loaded or imported code data."""
    _code_pages().clear()
    forget_code_meanings()
    if words:
        word_index().forget()


def codes_in_span(system: str, first: str, last: str, limit: int = 500) -> list[Code]:
    """Every code (not grouping) from first to last in official order, for range pages."""
    low, high = span_bounds(system, first, last)
    return list(
        db.session.scalars(
            select(Code)
            .where(
                Code.system == system,
                Code.kind.not_in(GROUP_KINDS),
                Code.sort_key >= low,
                Code.sort_key <= high,
            )
            .order_by(Code.sort_key)
            .limit(limit)
        )
    )


def groups_for_span(system: str, first: str, last: str) -> list[Code]:
    """Groupings (chapters, blocks, ranges) that contain the whole span, widest first.

    Compared by sort key in Python: a system has a few hundred groupings at most."""
    low, high = span_bounds(system, first, last)
    holding = []
    for group in db.session.scalars(
        select(Code).where(Code.system == system, Code.kind.in_(GROUP_KINDS))
    ):
        if group.first and group.last:
            group_low, group_high = span_bounds(system, group.first, group.last)
            if group_low <= low and high <= group_high:
                holding.append((group_low, group_high, group))
    # widest first: the earliest start, and of those the latest end
    holding.sort(key=lambda held: held[1], reverse=True)
    holding.sort(key=lambda held: held[0])
    return [group for _, _, group in holding]


def systems_of(codes: set[str]) -> dict[str, str]:
    """The system of each of these codes the reference data holds (the first, when two
    systems share a code), in one query."""
    if not codes:
        return {}
    rows = db.session.execute(
        select(Code.code, Code.system).where(Code.code.in_(sorted(codes))).order_by(Code.system)
    )
    found: dict[str, str] = {}
    for code, system in rows:
        found.setdefault(code, system)
    return found


def systems_with_code(code: str) -> list[str]:
    return list(db.session.scalars(select(Code.system).where(Code.code == code)))


def near_matches(system: str, code: str, limit: int = 10) -> list[Code]:
    """Codes that share the longest possible prefix with an unknown one."""
    for length in range(len(code) - 1, 1, -1):
        prefix = code[:length].replace("_", r"\_").replace("%", r"\%")
        matches = list(
            db.session.scalars(
                select(Code)
                .where(Code.system == system, Code.kind == KIND_CODE)
                .where(Code.code.like(prefix + "%", escape="\\"))
                .order_by(Code.sort_key)
                .limit(limit)
            )
        )
        if matches:
            return matches
    return []
