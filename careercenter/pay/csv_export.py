"""The pay figures of a question as CSV: aggregates only, never a single posting."""

from __future__ import annotations

import csv
import io

from careercenter.pay.service import BY_TITLES, PayAnswer

COLUMNS = ("figure", "value", "postings", "p25", "median", "p75", "unit")


def answer_csv(answer: PayAnswer) -> str:
    """One row for the question (yearly and hourly), one per facet value; figures below the
    minimum of postings are left empty, their counts kept."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", answer.question.describe()])
    writer.writerow(["window", f"{answer.window_from:%Y-%m-%d} to {answer.window_to:%Y-%m-%d}"])
    writer.writerow(["postings", answer.postings, "with pay", answer.with_pay])
    writer.writerow(["hours a year", 2080])
    writer.writerow(COLUMNS)
    for unit, spread in (("year", answer.annual), ("hour", answer.hourly)):
        figures = spread.as_tuple() if spread else ("", "", "")
        writer.writerow(["all", "", answer.with_pay, *figures, unit])
    for facet, bars in answer.by.items():
        for bar in bars:
            median = "" if bar.median is None else bar.median
            writer.writerow([BY_TITLES[facet], bar.label, bar.postings, "", median, "", "year"])
    return out.getvalue()
