"""Highlight marks in Meilisearch answers: private marker characters that cannot occur in
job text, so the text can be escaped before the marks become HTML."""

from __future__ import annotations

import html
import re

MARK_START, MARK_END = "\x02", "\x03"
MARKED = re.compile(f"{MARK_START}(.*?){MARK_END}", re.S)


def marked_to_html(text: str) -> str:
    """Escape indexed text, then turn our private highlight marks into <mark>."""
    escaped = html.escape(text or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def marked_words(text: str) -> list[str]:
    """The words the engine marked in one field."""
    return MARKED.findall(text or "")
