"""What a job's code tags mean, for search: the words of each code and how exactly the job
names each code it needs.

A job's search document carries two things built here. ``code_text`` holds the meaning of
its tags in words (our plain-language CPT text and keywords; the official ICD-10-CM
description and inclusion terms of the code and the categories above it; for a family or
range, the words its codes share), so that ``lumbar laminotomy`` finds a job tagged 63030.
``code_match`` holds one term per code and per leading part of a code, prefixed by the tier
in which the job names it (1 tags the code, 2 a range covering it, 3 a family covering it,
4 mentions it in its text; 0 tags it and is about it: one of few tags, or in the title), so
that a code search can list the jobs tier by tier.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import select

from careercenter.caches import BoundedCache, cache
from careercenter.codes.expansion import covered_codes_query
from careercenter.codes.models import GROUP_KINDS, Code
from careercenter.codes.tags import (
    CPT,
    EXACT,
    FAMILY,
    ICD10CM,
    RANGE,
    CodeTag,
    TagError,
    parse_code,
    parse_tag,
    span_prefixes,
)
from careercenter.extensions import db

CENTRAL, TAGGED, IN_RANGE, IN_FAMILY, MENTIONED = "0", "1", "2", "3", "4"
TIERS = (CENTRAL, TAGGED, IN_RANGE, IN_FAMILY, MENTIONED)
# A job tagging at most this many codes, families and ranges is about each of them; one
# that lists more is about the codes its title names (an E/M job listing 99214 among
# fourteen codes is less about 99214 than a job that tags 99213 and 99214).
CENTRAL_TAG_COUNT = 3
WHOLE = "="  # marks a code a job tags exactly, as opposed to a leading part of one
# Marks a leading part every code of its shape under which a job's family or range tag
# covers, for a system with no data loaded to expand the tag (J9xxx without a HCPCS file).
COVERS = "*"
CACHE_SECONDS = 600.0
SHARED_WORDS = 60  # words kept for a family or range: enough to name what its codes share
WIDE_TAG = 2000  # a tag covering more codes than this is described by its groupings only
MENTION_LIMIT = 20
CODE_TEXT_LIMIT = 3000
WORD = re.compile(r"[a-z][a-z/-]+")
# A word with a digit in it, shaped like a code: 63035, 0274T, M51.16, 0SG00A0.
CODE_IN_TEXT = re.compile(
    r"(?<![\w.])(?=[A-Za-z]?\d)([0-9A-Za-z]{3}(?:\.[0-9A-Za-z]{1,4})?|[0-9A-Za-z]{5,7})(?![\w])"
)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "as",
        "at",
        "by",
        "each",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "one",
        "or",
        "other",
        "such",
        "that",
        "the",
        "their",
        "this",
        "through",
        "to",
        "two",
        "under",
        "until",
        "up",
        "with",
        "without",
        "more",
        "than",
        "first",
        "further",
        "same",
        "reported",
        "addition",
        "done",
        "also",
        "may",
        "be",
        "not",
        "only",
    ]
)

CACHE_ENTRIES = 20_000
T = TypeVar("T")


def _meanings() -> BoundedCache:
    return cache("code-meanings", CACHE_ENTRIES, CACHE_SECONDS)


def forget_code_meanings() -> None:
    """Drop cached meanings, after code data changed (and before a full reindex)."""
    _meanings().clear()


def _cached(key: object, build: Callable[[], T]) -> T:
    """Jobs share their tags, so each tag's meaning is read once; entries live ten minutes,
    so another process's code load reaches this one's new documents soon after."""
    meanings = _meanings()
    hit = meanings.get(key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    return meanings.put(key, build())  # type: ignore[no-any-return]


# ---- words ---------------------------------------------------------------------------


def _own_words(code: Code) -> list[str]:
    """A code's own text: description, our words, keywords and inclusion terms."""
    parts = [code.description, code.plain_description]
    parts += (code.keywords or "").split(";")
    parts += (code.inclusion_terms or "").split("\n")
    return [part.strip() for part in parts if part and part.strip()]


def _rows(system: str, codes: Iterable[str]) -> dict[str, Code]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = db.session.scalars(select(Code).where(Code.system == system, Code.code.in_(wanted)))
    return {row.code: row for row in rows}


def icd_ancestors(code: str) -> list[str]:
    """The subcategories and category above an ICD-10-CM code: M51.16 -> M51.1, M51."""
    head, dot, tail = code.partition(".")
    if not dot:
        return []
    return [head + "." + tail[:length] for length in range(len(tail) - 1, 0, -1)] + [head]


def exact_meaning(system: str, code: str) -> list[str]:
    """The sentences that say what one code means, broadest context last."""

    def build() -> list[str]:
        chain = [code] + (icd_ancestors(code) if system == ICD10CM else [])
        rows = _rows(system, chain)
        sentences: list[str] = []
        for name in chain:
            if name in rows:
                sentences += _own_words(rows[name])
        row = rows.get(code)
        if row is not None and system == CPT and row.parent:
            heading = _rows(system, [row.parent]).get(row.parent)
            if heading is not None:
                sentences += _own_words(heading)
        if row is not None and system == ICD10CM and not row.billable:
            sentences += _shared_words(_codes_beneath(code))  # a category tag: M51
        return sentences

    return _cached(("exact", system, code), build)


def _codes_beneath(code: str) -> list[Code]:
    escaped = code.replace("_", r"\_").replace("%", r"\%")
    query = (
        select(Code)
        .where(Code.system == ICD10CM, Code.code.like(escaped + "%", escape="\\"))
        .where(Code.code != code)
        .limit(WIDE_TAG + 1)
    )
    rows = list(db.session.scalars(query))
    return [] if len(rows) > WIDE_TAG else rows


def _shared_words(codes: list[Code]) -> list[str]:
    """Words found in at least two of the codes' texts (all of them for a single code),
    most widely shared first: what a family or range is about, without every detail."""
    if not codes:
        return []
    counts: Counter[str] = Counter()
    for code in codes:
        counts.update({word for sentence in _own_words(code) for word in words(sentence)})
    floor = 2 if len(codes) > 1 else 1
    shared = [word for word, n in counts.most_common() if n >= floor]
    return [" ".join(shared[:SHARED_WORDS])] if shared else []


def words(text: str) -> list[str]:
    return [word for word in WORD.findall(text.lower()) if word not in STOPWORDS]


def covered_meaning(tag: CodeTag) -> list[str]:
    """A family or range: the headings of the groupings it spans and its codes' shared words."""

    def build() -> list[str]:
        codes = list(db.session.scalars(covered_codes_query(tag).limit(WIDE_TAG + 1)))
        sentences: list[str] = []
        if tag.kind == RANGE:
            exact_group = _rows(tag.system, [tag.text]).get(tag.text)
            if exact_group is not None:
                sentences += _own_words(exact_group)
        elif tag.prefix in _rows(tag.system, [tag.prefix]):  # I50.* is the category I50
            sentences += exact_meaning(tag.system, tag.prefix)
        first, last = (tag.prefix, tag.prefix) if tag.kind == FAMILY else (tag.first, tag.last)
        if tag.kind == FAMILY and tag.system == CPT:
            first, last = tag.prefix.ljust(5, "0"), tag.prefix.ljust(5, "9")
        inner = db.session.scalars(
            select(Code).where(
                Code.system == tag.system,
                Code.kind.in_(GROUP_KINDS),
                Code.first >= first,
                Code.last <= last + "~",
            )
        )
        sentences += [sentence for group in inner for sentence in _own_words(group)]
        if len(codes) <= WIDE_TAG:
            sentences += _shared_words(list(_rows(tag.system, codes).values()))
        return sentences

    return _cached(("covered", tag.text, tag.system), build)


def tag_meaning(text: str) -> list[str]:
    try:
        tag = parse_tag(text)
    except TagError:
        return []
    if tag.kind == EXACT:
        return exact_meaning(tag.system, tag.text)
    return covered_meaning(tag)


def code_text(tags: Iterable[str], covering: bool = False) -> str:
    """The words a job's exact tags stand for (or, with ``covering``, its families and
    ranges), each sentence once: a tag that names a code says more than one that covers it."""
    key = tuple(tags)
    return _cached(("text", key, covering), lambda: _joined_meaning(key, covering))


def _joined_meaning(tags: tuple[str, ...], covering: bool) -> str:
    seen: dict[str, None] = {}
    for tag in tags:
        kind = _kind(tag)
        if kind is None or (kind != EXACT) != covering:
            continue
        for sentence in tag_meaning(tag):
            seen.setdefault(sentence, None)
    return " · ".join(seen)[:CODE_TEXT_LIMIT]


def _kind(text: str) -> str | None:
    try:
        return parse_tag(text).kind
    except TagError:
        return None


# ---- tiers ---------------------------------------------------------------------------


def leading_parts(code: str) -> list[str]:
    """A code and every leading part of it (a dot is never the last character)."""
    parts = {code[:length].rstrip(".") for length in range(1, len(code) + 1)}
    return sorted(part for part in parts if part)


def mentioned_codes(text: str) -> list[tuple[str, str]]:
    """Codes written in a job's own text (63035, M51.16), as (system, code)."""
    found: dict[tuple[str, str], None] = {}
    for match in CODE_IN_TEXT.finditer(text):
        word = match.group(1).upper()
        if not any(character.isdigit() for character in word):
            continue
        try:
            found.setdefault(parse_code(word), None)
        except TagError:
            continue
        if len(found) >= MENTION_LIMIT:
            break
    return [(system, code) for system, code in found]


def code_match_terms(
    tags: Iterable[str], codes: Iterable[tuple[str, str]], text: str = "", title: str = ""
) -> list[str]:
    """Tier-prefixed terms, each of one code system (``1:cpt:630``), for every code a job
    needs and every leading part of it, each at the best tier the job reaches it by; exact
    tags also as whole codes (``1:icd10cm:M51=``), so a search for M51.16 can find a job
    tagged with the category above it, and one for 630xx the jobs that tag that very family
    first. A family or range tag that covers none of the job's known codes (its system has
    no data loaded) is kept by shape (``3:hcpcs:J9*``)."""
    codes = tuple(sorted(codes))
    best = dict(_tiers_of(tuple(tags), codes))
    for system, code in mentioned_codes(text):
        for part in leading_parts(code):
            best.setdefault(f"{system}:{part}", MENTIONED)
    terms = [f"{tier}:{key}" for key, tier in best.items()]
    terms += [f"{TAGGED}:{system}:{tag}{WHOLE}" for system, tag in _whole_tags(tuple(tags))]
    terms += _shape_terms(tuple(tags), codes)
    terms += central_terms(tuple(tags), title)
    return sorted(terms)


def central_terms(tags: tuple[str, ...], title: str) -> list[str]:
    """The codes a job is about (``0:cpt:99214``): every code it tags exactly when it tags
    few, else those its title names."""
    exact = [tag for tag in _parsed(tags) if tag.kind == EXACT]
    if len(tags) > CENTRAL_TAG_COUNT:
        named = {word.upper() for word in re.findall(r"[\w.]+", title)}
        exact = [tag for tag in exact if tag.text.upper() in named]
    return [f"{CENTRAL}:{tag.system}:{tag.text}" for tag in exact]


@lru_cache(maxsize=8192)
def _whole_tags(tags: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(tag.system, tag.text) for tag in _parsed(tags)}))


@lru_cache(maxsize=8192)
def _shape_terms(tags: tuple[str, ...], codes: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    terms: list[str] = []
    for tag in _parsed(tags):
        if tag.kind == EXACT or any(
            system == tag.system and tag.covers(code) for system, code in codes
        ):
            continue
        if tag.kind == FAMILY:
            terms.append(f"{IN_FAMILY}:{tag.system}:{tag.prefix}{COVERS}")
        else:
            dotted = tag.system == ICD10CM
            terms += [
                f"{IN_RANGE}:{tag.system}:{part}{COVERS}"
                for part in span_prefixes(tag.first, tag.last, dotted=dotted)
            ]
    return tuple(terms)


def _parsed(tags: tuple[str, ...]) -> list[CodeTag]:
    parsed = []
    for text in tags:
        try:
            parsed.append(parse_tag(text))
        except TagError:
            continue
    return parsed


@lru_cache(maxsize=8192)
def _tiers_of(
    tags: tuple[str, ...], codes: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """Jobs of one kind share their tags, so a reindex works each set out once."""
    parsed = _parsed(tags)
    best: dict[str, str] = {}
    for system, code in codes:
        tiers = [
            TAGGED if tag.kind == EXACT else IN_RANGE if tag.kind == RANGE else IN_FAMILY
            for tag in parsed
            if tag.system == system and tag.covers(code)
        ]
        tier = min(tiers) if tiers else IN_FAMILY
        for part in leading_parts(code):
            key = f"{system}:{part}"
            if key not in best or tier < best[key]:
                best[key] = tier
    return tuple(best.items())
