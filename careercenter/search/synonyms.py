"""Coding vocabulary that people write in more than one way, read from ``data/synonyms.txt``
(one group a line). Each group's terms find one another; multi-word terms match as phrases.
Both backends take their synonyms from here."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    text = resources.files("careercenter.search.data").joinpath("synonyms.txt").read_text("utf-8")
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append(tuple(term.strip().lower() for term in line.split(",") if term.strip()))
    return tuple(groups)


@cache
def synonym_map() -> dict[str, list[str]]:
    """Each term -> the other terms of its group (a term in two groups gets both)."""
    mapping: dict[str, list[str]] = {}
    for group in synonym_groups():
        for term in group:
            mapping.setdefault(term, []).extend(other for other in group if other != term)
    return mapping
