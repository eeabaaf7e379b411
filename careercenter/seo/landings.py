"""Landing pages people search for; each is a real, filtered job search with its own words."""

from __future__ import annotations

from dataclasses import dataclass

from careercenter.jobs.vocabulary import CREDENTIALS, SPECIALTIES, US_STATES
from careercenter.slugs import make_slug


@dataclass(frozen=True)
class Landing:
    path: str
    title: str
    description: str
    filters: tuple[tuple[str, str], ...]


# Code families with a name people use; the ranges are CPT's and ICD-10-CM's own sections.
CODE_FAMILIES = [
    ("cpt", "630xx", "Spine surgery coding jobs", "spinal decompression and laminectomy"),
    ("cpt", "22xxx", "Spine and musculoskeletal surgery coding jobs", "spine and trunk surgery"),
    ("cpt", "99xxx", "E/M coding jobs", "evaluation and management visits"),
    ("cpt", "93xxx", "Cardiology coding jobs", "cardiovascular testing and procedures"),
    ("cpt", "7xxxx", "Radiology coding jobs", "diagnostic and interventional imaging"),
    ("cpt", "8xxxx", "Pathology and lab coding jobs", "pathology and laboratory services"),
    ("icd10cm", "M51.*", "Disc disorder coding jobs", "intervertebral disc disorders"),
]


def _code_path(system: str, family: str) -> str:
    return f"/coding-jobs/code/{system}-{family.lower().replace('.*', '').replace('*', '')}"


def all_landings() -> list[Landing]:
    landings = [
        Landing(
            "/remote-coding-jobs",
            "Remote medical coding jobs",
            "Work-from-home medical coding jobs: CPC, CCS and CRC roles you can do remotely.",
            (("work_mode", "remote"),),
        ),
    ]
    for code, name in US_STATES:
        landings.append(
            Landing(
                f"/coding-jobs/in/{make_slug(name)}",
                f"Medical coding jobs in {name}",
                f"Medical coding jobs in {name}, on site, hybrid or remote for {name} residents.",
                (("state", code),),
            )
        )
    for code, _ in CREDENTIALS:
        landings.append(
            Landing(
                f"/coding-jobs/credential/{code.lower()}",
                f"{code} coding jobs",
                f"Medical coding jobs that ask for the {code} credential.",
                (("credential", code),),
            )
        )
    for code, name in SPECIALTIES:
        landings.append(
            Landing(
                f"/coding-jobs/specialty/{make_slug(name)}",
                f"{name} coding jobs",
                f"Medical coding jobs in {name.lower()}.",
                (("specialty", code),),
            )
        )
    for system, family, title, words in CODE_FAMILIES:
        label = "CPT" if system == "cpt" else "ICD-10-CM"
        landings.append(
            Landing(
                _code_path(system, family),
                f"{title} — {label} {family}",
                f"Coding jobs that need {label} {family} codes: {words}.",
                (("code", family),),
            )
        )
    return landings


LANDINGS = {landing.path: landing for landing in all_landings()}
