"""The one grammar for code tags: an exact code, a family with trailing wildcards, or a range.

Everything that reads a tag (the job form, expansion, search, code links) parses it here,
so ``630XX``, ``630**`` and ``630xx`` mean the same thing everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CPT = "cpt"
HCPCS = "hcpcs"
ICD10CM = "icd10cm"
ICD10PCS = "icd10pcs"
SYSTEMS = (CPT, HCPCS, ICD10CM, ICD10PCS)
SYSTEM_LABELS = {CPT: "CPT", HCPCS: "HCPCS Level II", ICD10CM: "ICD-10-CM", ICD10PCS: "ICD-10-PCS"}

EXACT = "exact"
FAMILY = "family"
RANGE = "range"

MAX_TAG_LENGTH = 40
EXPECTED_FORMS = (
    "Use an exact code (63035, 0274T, G0283, M51.16, 0SG00A0), "
    "a family (630xx, 630**, M51.*) or a range (63001-63048)."
)

# Exact codes of each system. CPT: five digits, or four digits and F (Category II) or
# T (Category III). HCPCS Level II: a letter A-V and four digits. ICD-10-CM: a letter, a
# digit (or A, as in QA0), a digit or letter, then a dot and up to four more.
# ICD-10-PCS: seven characters from digits and letters without I and O, starting with a
# section character.
CPT_CODE = re.compile(r"\d{5}|\d{4}[FT]")
HCPCS_CODE = re.compile(r"[A-V]\d{4}")
ICD10CM_CODE = re.compile(r"[A-Z][0-9A][0-9A-Z](?:\.[0-9A-Z]{1,4})?")
ICD10PCS_CODE = re.compile(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}")

CPT_FAMILY = re.compile(r"(\d{1,4})([X*]{1,4})")
HCPCS_FAMILY = re.compile(r"([A-V]\d{0,3})([X*]{1,4})")
ICD10CM_FAMILY = re.compile(r"([A-Z][0-9A][0-9A-Z]?(?:\.[0-9A-Z]{0,3})?)\*")
ICD10PCS_FAMILY = re.compile(r"([0-9BCDFGHX][0-9A-HJ-NP-Z]{0,5})\*")


class TagError(ValueError):
    """A tag that is not a code, family or range; the message says what is expected."""


@dataclass(frozen=True)
class CodeTag:
    """A parsed tag. ``text`` is the normal form; ``first``/``last`` bound what it covers."""

    kind: str
    system: str
    text: str
    first: str
    last: str
    prefix: str = ""

    def covers(self, code: str) -> bool:
        """Whether a normalised code of this tag's system falls under the tag."""
        if self.kind == EXACT:
            return code == self.text
        if self.kind == FAMILY:
            if not code.startswith(self.prefix):
                return False
            return self.system not in (CPT, HCPCS) or len(code) == 5
        low, high = span_bounds(self.system, self.first, self.last)
        return low <= sort_key(self.system, code) <= high

    @property
    def is_exact(self) -> bool:
        return self.kind == EXACT


# ICD-10-CM categories whose third character is a letter sit in the tabular list after the
# category named here, not where the alphabet would put them (C4A comes between C43 and
# C44, M1A before M10). tests/codes/test_ordering.py checks this against the loaded release.
ICD10CM_PLACED_AFTER = {
    "C4A": "C43",
    "C7A": "C75",
    "C7B": "C7A",
    "D3A": "D36",
    "I1A": "I16",
    "I5A": "I52",
    "J4A": "J44",
    "M1A": "M08",
    "O9A": "O99",
    "QA0": "Q99",
    "Z3A": "Z36",
}
# Between a code's own key and the keys of the letter categories placed after it: a
# descendant (".") sorts below, a placed category ("|") above.
SPAN_END = "{"


def sort_key(system: str, code: str) -> str:
    """A string that sorts codes of one system in their official order.

    Plain string order is right for CPT, HCPCS and ICD-10-PCS, and for ICD-10-CM except
    for the categories in ``ICD10CM_PLACED_AFTER``, which follow their anchor's subtree.
    """
    if system != ICD10CM:
        return code
    category, rest = code[:3], code[3:]
    anchor = ICD10CM_PLACED_AFTER.get(category)
    if anchor is None:
        return code
    return f"{sort_key(system, anchor)}|{category}{rest}"


def span_bounds(system: str, first: str, last: str) -> tuple[str, str]:
    """The sort keys a span from ``first`` to ``last`` covers, ``last``'s subtree included:
    ``M05-M14`` covers M1A.0 and M14.89, and ``M54`` covers ``M54.9``."""
    return sort_key(system, first), sort_key(system, last) + SPAN_END


def normalise_code(text: str) -> str:
    return "".join(text.split()).upper()


def icd10cm_dotted(code: str) -> str | None:
    """An ICD-10-CM code typed without its dot (M5116) as it is written (M51.16); None when
    it is not one."""
    if "." in code or len(code) <= 3:
        return None
    dotted = f"{code[:3]}.{code[3:]}"
    return dotted if ICD10CM_CODE.fullmatch(dotted) else None


def code_system(code: str) -> str | None:
    """Which system an exact, normalised code belongs to, or None."""
    for system, pattern in (
        (CPT, CPT_CODE),
        (HCPCS, HCPCS_CODE),
        (ICD10CM, ICD10CM_CODE),
        (ICD10PCS, ICD10PCS_CODE),
    ):
        if pattern.fullmatch(code):
            return system
    return None


def parse_code(text: str) -> tuple[str, str]:
    """An exact code and its system, or TagError."""
    code = normalise_code(text)
    system = code_system(code)
    if system is None:
        raise TagError(f"“{text.strip()[:MAX_TAG_LENGTH]}” is not a code. {EXPECTED_FORMS}")
    return system, code


def parse_tag(text: str) -> CodeTag:
    """Parse one tag as typed by an employer or a seeker."""
    raw = (text or "").strip()
    if not raw:
        raise TagError(f"A tag cannot be empty. {EXPECTED_FORMS}")
    if len(raw) > MAX_TAG_LENGTH:
        raise TagError(f"A tag can be at most {MAX_TAG_LENGTH} characters. {EXPECTED_FORMS}")
    compact = normalise_code(raw)
    shown = raw[:MAX_TAG_LENGTH]
    if compact.count("-") == 1 and not compact.startswith("-"):
        return _parse_range(compact, shown)
    system = code_system(compact)
    if system is not None:
        return CodeTag(EXACT, system, compact, compact, compact)
    family = _parse_family(compact)
    if family is not None:
        return family
    raise TagError(f"“{shown}” is not a code tag. {EXPECTED_FORMS}")


PCS_DIGITS_FAMILY = re.compile(r"0[2-9]\d{0,4}\*")


def _parse_family(compact: str) -> CodeTag | None:
    """Families: CPT/HCPCS fill five characters with x or *; ICD codes end in one *.

    A single * after digits only (``630*``) is read as CPT, the common case on this board,
    except after 02 to 09: no CPT code starts so (anesthesia is 00100-01999, Category III
    codes end in T), while ICD-10-PCS's medical and surgical tables do (``027*``, dilation
    of heart vessels). Other ICD-10-PCS families have a letter in them (``0SG0*``).
    """
    if PCS_DIGITS_FAMILY.fullmatch(compact):
        prefix = compact[:-1]
        return _family(ICD10PCS, prefix, prefix + "*")
    digits_star = re.fullmatch(r"(\d{1,4})\*", compact)
    if digits_star:
        prefix = digits_star.group(1)
        return _family(CPT, prefix, prefix + "x" * (5 - len(prefix)))
    for system, pattern in ((CPT, CPT_FAMILY), (HCPCS, HCPCS_FAMILY)):
        match = pattern.fullmatch(compact)
        if match and len(compact) == 5:
            prefix = match.group(1)
            return _family(system, prefix, prefix + "x" * len(match.group(2)))
    match = ICD10CM_FAMILY.fullmatch(compact)
    if match and len(match.group(1).rstrip(".")) >= 3:
        prefix = match.group(1).rstrip(".")
        return _family(ICD10CM, prefix, prefix + (".*" if len(prefix) == 3 else "*"))
    match = ICD10PCS_FAMILY.fullmatch(compact)
    if match and not match.group(1).isdigit():
        return _family(ICD10PCS, match.group(1), match.group(1) + "*")
    return None


def _family(system: str, prefix: str, text: str) -> CodeTag:
    return CodeTag(FAMILY, system, text, prefix, prefix, prefix=prefix)


def _parse_range(compact: str, shown: str) -> CodeTag:
    first, last = compact.split("-")
    first_system, last_system = code_system(first), code_system(last)
    if first_system is None or last_system is None:
        raise TagError(f"“{shown}” is not a code tag. {EXPECTED_FORMS}")
    if first_system != last_system:
        raise TagError(f"“{shown}” mixes two code systems; a range stays within one.")
    if sort_key(first_system, first) > sort_key(first_system, last):
        raise TagError(f"“{shown}” runs backwards; write the lower code first ({last}-{first}).")
    if first == last:
        return CodeTag(EXACT, first_system, first, first, first)
    return CodeTag(RANGE, first_system, f"{first}-{last}", first, last)


def parse_tags(texts: list[str]) -> tuple[list[CodeTag], list[str]]:
    """Parse many tags; returns the good ones and one message per bad one."""
    tags: list[CodeTag] = []
    errors: list[str] = []
    for text in texts:
        try:
            tags.append(parse_tag(text))
        except TagError as error:
            errors.append(str(error))
    return tags, errors


CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def span_prefixes(first: str, last: str, dotted: bool = False) -> tuple[str, ...]:
    """The fewest leading parts whose codes are exactly those from ``first`` to ``last``
    (a code starting with ``last`` included, as in every range): no database needed, and
    codes nobody has loaded are covered too. ICD-10-CM parts get their dot back."""
    low, high = first.replace(".", ""), last.replace(".", "")

    def above(stem: str, rest: str) -> list[str]:  # under stem, from rest upwards
        if not rest:
            return [stem]
        head = CODE_ALPHABET.index(rest[0])
        return above(stem + rest[0], rest[1:]) + [stem + c for c in CODE_ALPHABET[head + 1 :]]

    def below(stem: str, rest: str) -> list[str]:  # under stem, up to rest (and under it)
        if not rest:
            return [stem]
        head = CODE_ALPHABET.index(rest[0])
        return [stem + c for c in CODE_ALPHABET[:head]] + below(stem + rest[0], rest[1:])

    def between(stem: str, low: str, high: str) -> list[str]:
        if not high:
            return above(stem, low)
        if not low:
            return below(stem, high)
        if low[0] == high[0]:
            return between(stem + low[0], low[1:], high[1:])
        inner = CODE_ALPHABET[CODE_ALPHABET.index(low[0]) + 1 : CODE_ALPHABET.index(high[0])]
        return (
            above(stem + low[0], low[1:])
            + [stem + c for c in inner]
            + below(stem + high[0], high[1:])
        )

    parts = between("", low, high)
    if dotted:
        parts = [part[:3] + "." + part[3:] if len(part) > 3 else part for part in parts]
    return tuple(parts)
