"""What the code pages and job tags need: expansion of tags to known codes, a code's place
in its hierarchy, its add-on relations, the jobs that need it, and code lookup."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy import inspect as sa_inspect

from careercenter.codes.lookup import word_index
from careercenter.codes.meaning import forget_code_meanings
from careercenter.codes.medicare import MedicareFacts, medicare_facts
from careercenter.codes.models import (
    GROUP_KINDS,
    KIND_CODE,
    AddOnRelation,
    Code,
    JobCode,
    LicensedDescriptor,
)
from careercenter.codes.notes import NoteGroup, SeventhCharacters, note_groups, seventh_characters
from careercenter.codes.tags import (
    CPT,
    EXACT,
    FAMILY,
    HCPCS,
    CodeTag,
    TagError,
    parse_tag,
    sort_key,
    span_bounds,
)
from careercenter.extensions import db
from careercenter.jobs.models import Job
from careercenter.search.changelog import append_changes

SIBLINGS_EACH_SIDE = 6


# ---- expansion -----------------------------------------------------------------------


def covered_codes_query(tag: CodeTag) -> Select[tuple[str]]:
    """Known codes (not groupings) that a family or range tag covers."""
    query = select(Code.code).where(Code.system == tag.system, Code.kind.not_in(GROUP_KINDS))
    if tag.kind == FAMILY:
        escaped = tag.prefix.replace("_", r"\_").replace("%", r"\%")
        query = query.where(Code.code.like(escaped + "%", escape="\\"))
        if tag.system in ("cpt", "hcpcs"):
            query = query.where(func.length(Code.code) == 5)
        return query
    low, high = span_bounds(tag.system, tag.first, tag.last)
    return query.where(Code.sort_key >= low, Code.sort_key <= high)


def expand_tag(tag: CodeTag) -> set[str]:
    """The codes a tag stands for: an exact code itself (known or not), or the known codes
    a family or range covers."""
    if tag.kind == EXACT:
        return {tag.text}
    return set(db.session.scalars(covered_codes_query(tag)))


def expand_tags(texts: Iterable[str]) -> set[tuple[str, str]]:
    """(system, code) pairs for tags as typed; malformed tags add nothing."""
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        try:
            tag = parse_tag(text)
        except TagError:
            continue
        pairs.update((tag.system, code) for code in expand_tag(tag))
    return pairs


def job_code_row(job_id: int, system: str, code: str) -> dict[str, Any]:
    """A ``job_codes`` row, with the sort key span queries compare."""
    return {"job_id": job_id, "system": system, "code": code, "sort_key": sort_key(system, code)}


def refresh_job_codes(job: Job) -> None:
    """Rebuild the expanded code set of one job (in the caller's transaction)."""
    db.session.execute(delete(JobCode).where(JobCode.job_id == job.id))
    pairs = expand_tags(job.code_tags or [])
    if pairs:
        db.session.execute(
            insert(JobCode),
            [job_code_row(job.id, system, code) for system, code in pairs],
        )


def refresh_all_job_codes(batch: int = 2000) -> int:
    """Re-expand every job's tags, after code data was loaded or changed.

    Read as plain rows and written in bulk, each distinct tag set expanded once: a row-by-row
    refresh through the ORM slowed down with every job it had seen (minutes at 100,000)."""
    rows = db.session.execute(
        select(Job.id, Job.code_tags).where(Job.code_tags.is_not(None)).order_by(Job.id)
    ).all()
    expanded: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        ids = [job_id for job_id, _ in chunk]
        db.session.execute(
            delete(JobCode)
            .where(JobCode.job_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        fresh = []
        for job_id, tags in chunk:
            key = tuple(tags or ())
            if key not in expanded:
                expanded[key] = expand_tags(key)
            fresh += [job_code_row(job_id, system, code) for system, code in expanded[key]]
        if fresh:
            db.session.execute(insert(JobCode), fresh)
        append_changes(ids, reason="codes")
    db.session.commit()
    return len(rows)


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
_code_page_cache: dict[tuple[str, str], tuple[float, Any]] = {}


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
    cached = _code_page_cache.get(key)
    if cached is not None and time.monotonic() - cached[0] < CODE_PAGE_CACHE_SECONDS:
        return cached[1]
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
            ),
        )
    if len(_code_page_cache) > 5000:
        _code_page_cache.clear()
    _code_page_cache[key] = (time.monotonic(), data)
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
    _code_page_cache.clear()
    forget_code_meanings()
    if words:
        word_index.forget()


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


def code_exists(system: str, code: str) -> bool:
    return (
        db.session.scalar(select(Code.id).where(Code.system == system, Code.code == code).limit(1))
        is not None
    )


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


# ---- jobs for a code -----------------------------------------------------------------


def jobs_needing_code_query(system: str, code: str) -> Select[tuple[Job]]:
    """Open jobs whose expanded codes include this code, newest first."""
    from careercenter.jobs.service import open_jobs_query

    needing = select(JobCode.job_id).where(JobCode.system == system, JobCode.code == code)
    return open_jobs_query().where(Job.id.in_(needing))


def jobs_needing_span_query(system: str, first: str, last: str) -> Select[tuple[Job]]:
    from careercenter.jobs.service import open_jobs_query

    low, high = span_bounds(system, first, last)
    needing = select(JobCode.job_id).where(
        JobCode.system == system, JobCode.sort_key >= low, JobCode.sort_key <= high
    )
    return open_jobs_query().where(Job.id.in_(needing))


def codes_needed_in_span(
    system: str, first: str, last: str, job_ids: list[int], each: int = 4
) -> dict[int, list[str]]:
    """For each listed job, the codes it needs inside the span (the first few in order):
    a category page says which code beneath it each job asks for."""
    if not job_ids:
        return {}
    low, high = span_bounds(system, first, last)
    rows = db.session.execute(
        select(JobCode.job_id, JobCode.code)
        .where(
            JobCode.system == system,
            JobCode.sort_key >= low,
            JobCode.sort_key <= high,
            JobCode.job_id.in_(job_ids),
        )
        .order_by(JobCode.job_id, JobCode.sort_key)
    ).all()
    needed: dict[int, list[str]] = {}
    for job_id, code in rows:
        needed.setdefault(job_id, []).append(code)
    return {
        job_id: codes[:each] + ([f"+{len(codes) - each}"] if len(codes) > each else [])
        for job_id, codes in needed.items()
    }


def job_counts_for_codes(system: str, codes: list[str]) -> dict[str, int]:
    """How many open jobs need each of these codes."""
    from careercenter.jobs.service import open_jobs_query

    if not codes:
        return {}
    open_ids = open_jobs_query().order_by(None).with_only_columns(Job.id)
    rows = db.session.execute(
        select(JobCode.code, func.count(JobCode.job_id))
        .where(JobCode.system == system, JobCode.code.in_(codes), JobCode.job_id.in_(open_ids))
        .group_by(JobCode.code)
    ).all()
    return dict(rows)
