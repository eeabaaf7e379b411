"""Pay as employers give it (per hour, day, week, month or year) and as a yearly figure, so
hourly and salaried jobs can be compared, sorted and filtered alike."""

from __future__ import annotations

from decimal import Decimal

# A full-time year: 40 hours × 52 weeks, 5 days × 52 weeks.
YEARLY_FACTOR = {"HOUR": 2080, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}
UNIT_SUFFIX = {"HOUR": "/hr", "DAY": "/day", "WEEK": "/wk", "MONTH": "/mo", "YEAR": "/yr"}
FILTER_UNITS = {"year": "YEAR", "hour": "HOUR"}  # what the pay filter accepts


def yearly(amount: Decimal | float | int | None, unit: str) -> int | None:
    if amount is None:
        return None
    return int(Decimal(amount) * YEARLY_FACTOR.get(unit, 1))


def about_yearly(amount: Decimal | float | int | None, unit: str) -> int | None:
    """The yearly equivalent rounded to a thousand, for showing beside hourly pay."""
    value = yearly(amount, unit)
    return None if value is None else int(round(value, -3))


def pay_floor_text(amount: int, unit_argument: str | None) -> str:
    """A pay filter in words: "$60,000+" a year, "$25/hr+" an hour."""
    hourly = FILTER_UNITS.get(unit_argument or "year") == "HOUR"
    return f"${amount:,}/hr+" if hourly else f"${amount:,}+"
