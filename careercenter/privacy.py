"""Patient information stays out: text that looks like protected health information is
refused before anything is stored, with a message saying what to remove.

The checks look for the identifiers a coder might paste from a chart: dates of birth, medical
record numbers, Social Security numbers, phone numbers and insurance member ids. They err on
the side of refusing: a question about codes never needs any of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Identifier:
    name: str  # what to remove, as the message says it
    pattern: re.Pattern[str]


DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2})"
MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
IDENTIFIERS = (
    Identifier(
        "a date of birth",
        re.compile(
            rf"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?)\b\W{{0,3}}"
            rf"(?:{DATE}|{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTHS}\s+\d{{4}})",
            re.IGNORECASE,
        ),
    ),
    Identifier(
        "a medical record number",
        re.compile(
            r"\b(?:mrn|medical record(?: number| no\.?| #)?|chart (?:number|no\.?|#)|"
            r"account (?:number|no\.?|#)|acct\s?#?)\W{0,3}[A-Z]{0,3}\d{4,}",
            re.IGNORECASE,
        ),
    ),
    Identifier("a Social Security number", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    Identifier(
        "a Social Security number",
        re.compile(r"\b(?:ssn|social security(?: number| no\.?)?)\W{0,3}\d{9}\b", re.I),
    ),
    Identifier(
        "a phone number",
        re.compile(r"(?<!\d)(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)"),
    ),
    Identifier(
        "a member or policy id",
        re.compile(
            r"\b(?:member|subscriber|policy|insurance|medicare|medicaid|mbi|hicn)"
            r"(?: id| number| no\.?| #)?\W{0,3}[A-Z0-9]*\d[A-Z0-9-]{5,}",
            re.IGNORECASE,
        ),
    ),
)


def patient_information(text: str) -> list[str]:
    """What in the text looks like patient information, each named once ("a date of
    birth", "a phone number"); empty when there is none."""
    found: list[str] = []
    for identifier in IDENTIFIERS:
        if identifier.name not in found and identifier.pattern.search(text):
            found.append(identifier.name)
    return found


def refusal(found: list[str]) -> str:
    """The message next to the field: what to remove, and why nothing was kept."""
    what = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
    return (
        f"This looks like it holds {what}. Remove patient information and ask about the "
        "codes only: nothing you typed was kept."
    )
