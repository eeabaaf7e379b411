"""Cleaning text that people type: no control characters anywhere, and no line breaks in
text that must stay on one line (titles, names, e-mail headers)."""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")
# What XML 1.0 cannot carry at all (its Char production): control characters, lone
# surrogates and the noncharacters U+FFFE and U+FFFF.
NOT_IN_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def one_line(value: object) -> object:
    """Line breaks and tabs become spaces; other control characters go."""
    if not isinstance(value, str):
        return value
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub(" ", value.replace("\t", " ")))


def without_controls(value: object) -> object:
    """Free text keeps its lines and tabs, never other control characters (NUL and such)."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def xml_text(value: str) -> str:
    """Text a feed or sitemap can carry: a title typed with U+FFFF must not stop every feed
    that lists the job from being written."""
    return NOT_IN_XML.sub("", value)


def whole_number(text: str, most_digits: int = 18) -> int | None:
    """The number written in ASCII digits, or None. ``str.isdigit`` also accepts "²" (which
    ``int`` refuses) and other scripts' digits, so it cannot guard ``int`` on its own."""
    if text and len(text) <= most_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
