"""Readable URL pieces from titles and names."""

from __future__ import annotations

from collections.abc import Callable

from slugify import slugify


def make_slug(text: str, max_length: int = 80) -> str:
    """A lowercase ASCII slug; never empty, so URLs always have a readable part."""
    return slugify(text, max_length=max_length, word_boundary=True) or "item"


def unique_slug(text: str, is_taken: Callable[[str], bool], max_length: int = 80) -> str:
    """The slug of text, numbered (-2, -3, …) until is_taken says it is free."""
    base = make_slug(text, max_length - 6)
    candidate, number = base, 1
    while is_taken(candidate):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
