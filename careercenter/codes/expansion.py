"""What a tag covers: an exact code itself, or the known codes a family or range spans.
Job code sets, code meanings and the code pages all expand tags the same way, here."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, func, select

from careercenter.codes.models import GROUP_KINDS, Code
from careercenter.codes.tags import EXACT, FAMILY, CodeTag, TagError, parse_tag, span_bounds
from careercenter.extensions import db


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
