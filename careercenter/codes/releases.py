"""Which release of a code set a board holds, and whether it is still the one in force.

ICD-10-CM releases follow the US federal fiscal year: FY2027 codes apply to services from
October 1, 2026; an April update belongs to the fiscal year already running. A board that
holds an older fiscal year's codes says so on its pages (and in answers), because codes
were added, deleted and revised since.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from careercenter.timeutil import utcnow

FISCAL = re.compile(r"\bFY(\d{4})\b")
RELEASE_DATE = re.compile(r"\b([A-Z][a-z]+) (\d{1,2}), (\d{4})\b")


def fiscal_year(day: date) -> int:
    """The federal fiscal year a day falls in (October starts the next one)."""
    return day.year + 1 if day.month >= 10 else day.year


def release_fiscal_year(source: str | None) -> int | None:
    """The fiscal year a source line names ("ICD-10-CM FY2026 (April 1, 2026 update…")
    or, for a line written before sources named it, the year its release date falls in."""
    if not source:
        return None
    named = FISCAL.search(source)
    if named:
        return int(named.group(1))
    dated = RELEASE_DATE.search(source)
    if dated:
        try:
            day = datetime.strptime(" ".join(dated.groups()), "%B %d %Y").date()
        except ValueError:
            return None
        return fiscal_year(day)
    return None


def outdated_release_note(source: str | None, today: date | None = None) -> str:
    """A plain warning when the release a source names is older than the fiscal year in
    force; empty when it is current or cannot be told."""
    held = release_fiscal_year(source)
    current = fiscal_year(today or utcnow().date())
    if held is None or held >= current:
        return ""
    return (
        f"This board holds the FY{held} ICD-10-CM release; FY{current} codes apply to "
        f"services from October 1, {current - 1}. Codes added, deleted or revised since "
        "are not reflected here: check the current release before you assign a code."
    )
