"""Facts a posting states twice — in its text and in its facts box — must agree. The years of
experience asked are the one that drifts (an employer raises the box and leaves the text), so
the preview says when they differ, and JobPosting data leaves out facts that contradict."""

from __future__ import annotations

import re

from careercenter.jobs.models import Job
from careercenter.jobs.places import place_problem

# "At least 3 years of coding experience", "3+ years experience", "2 or more years of
# inpatient coding experience"; not "20 years in business".
YEARS_OF_EXPERIENCE = re.compile(
    r"\b(\d{1,2})\s*(?:\+|or more)?\s*years?\s+(?:of\s+)?(?:[a-z/-]+\s+){0,3}?experience",
    re.IGNORECASE,
)


def years_in_text(text: str) -> set[int]:
    """The years of experience a posting's text asks for."""
    return {int(found) for found in YEARS_OF_EXPERIENCE.findall(text or "")}


def years_disagreement(job: Job) -> str | None:
    """What the text and the facts box say differently about experience, or None."""
    stated = years_in_text(job.description)
    asked = job.min_years_experience
    if not stated or (asked is not None and asked in stated):
        return None
    box = f"{asked}+ years" if asked else "no minimum"
    text = " or ".join(f"{years} years" for years in sorted(stated))
    return f"The description asks for {text} of experience; the facts box says {box}."


def place_disagreement(job: Job) -> str | None:
    return place_problem(job.city, job.state, job.country)
