"""Percentiles of pay from value counts, computed exactly.

The pay index answers with how many postings pay each yearly figure (a terms aggregation),
never with the postings themselves; the percentiles below are the same linear interpolation
between closest ranks as ``statistics.quantiles(method="inclusive")`` over the postings one by
one, so a figure can be checked against a direct computation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

HOURS_A_YEAR = 2080  # 40 hours x 52 weeks: the one conversion between hourly and yearly pay
SHARES = {"p25": 0.25, "median": 0.5, "p75": 0.75}


def value_at_rank(counts: list[tuple[int, int]], rank: int) -> int:
    """The ``rank``-th smallest value (0-based) of sorted (value, count) pairs."""
    seen = 0
    for value, count in counts:
        seen += count
        if rank < seen:
            return value
    raise IndexError(rank)


def percentile(counts: Mapping[int, int], share: float) -> float | None:
    """The ``share`` percentile (0..1) of values given as value -> how many; None when empty."""
    ordered = sorted((value, count) for value, count in counts.items() if count > 0)
    total = sum(count for _, count in ordered)
    if not total:
        return None
    position = (total - 1) * share
    low = int(position)
    below = value_at_rank(ordered, low)
    if low + 1 >= total:
        return float(below)
    above = value_at_rank(ordered, low + 1)
    return below + (above - below) * (position - low)


@dataclass(frozen=True)
class Spread:
    """The quartiles of a set of yearly figures, and the hourly rates they stand for."""

    p25: float
    median: float
    p75: float

    @classmethod
    def of(cls, counts: Mapping[int, int]) -> Spread | None:
        values = {name: percentile(counts, share) for name, share in SHARES.items()}
        if any(value is None for value in values.values()):
            return None
        return cls(**{name: round(value or 0.0) for name, value in values.items()})

    def hourly(self) -> Spread:
        return Spread(*(round(value / HOURS_A_YEAR, 2) for value in self.as_tuple()))

    def as_tuple(self) -> tuple[float, float, float]:
        return (self.p25, self.median, self.p75)

    def as_dict(self) -> dict[str, float]:
        return {"p25": self.p25, "median": self.median, "p75": self.p75}


def share_below(counts: Mapping[int, int], pay: int) -> float:
    """The share of values strictly below ``pay`` (0..1)."""
    total = sum(counts.values())
    if not total:
        return 0.0
    return sum(count for value, count in counts.items() if value < pay) / total
