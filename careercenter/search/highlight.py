"""Highlighting and snippets for the embedded backend, done on the page's few hits in
Python (FTS5's highlight() would re-run the whole match for each hit)."""

from __future__ import annotations

import html
import re

MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_CHARS = 180


def marked_to_html(text: str) -> str:
    """Escape indexed text, then turn our private highlight marks into <mark>."""
    escaped = html.escape(text or "")
    return escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def term_pattern(exact: list[str], prefixes: list[str]) -> re.Pattern[str] | None:
    """One pattern for whole words and for words that start with a prefix."""
    parts = [re.escape(term) + r"\b" for term in sorted(set(exact), key=len, reverse=True)]
    parts += [re.escape(term) + r"\w*" for term in sorted(set(prefixes), key=len, reverse=True)]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def mark(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None or not text:
        return text or ""
    return pattern.sub(lambda found: MARK_START + found.group(0) + MARK_END, text)


def snippet(text: str, pattern: re.Pattern[str] | None, width: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first match, marked; the opening lines otherwise."""
    text = text or ""
    found = pattern.search(text) if pattern is not None else None
    if found is None:
        return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"
    start = max(0, found.start() - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > found.end() else end
    window = text[start:end]
    return ("…" if start else "") + mark(window, pattern) + ("…" if end < len(text) else "")
