"""Highlight marks in Meilisearch answers: private marker characters that cannot occur in
job text, so the text can be escaped before the marks become HTML."""

from __future__ import annotations

import html

MARK_START, MARK_END = "\x02", "\x03"


def marked_to_html(text: str) -> str:
    """Escape indexed text, then turn our private highlight marks into <mark>."""
    escaped = html.escape(text or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
