"""Demo data: a few coding employers, their staff and a realistic spread of postings."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from careercenter.accounts.models import ROLE_ADMIN, ROLE_EMPLOYER, ROLE_SEEKER, User
from careercenter.accounts.service import hash_password
from careercenter.codes import cms
from careercenter.codes.models import ImportedFile
from careercenter.companies.models import Company
from careercenter.consult.models import ANSWER, ANSWERED, Consultant, ConsultEntry, ConsultQuestion
from careercenter.demo.content import COMPANIES, DEMO_PASSWORD, ROLES, DemoCompany, DemoRole
from careercenter.extensions import db
from careercenter.jobs.job_codes import refresh_job_codes
from careercenter.jobs.models import STATUS_CLOSED, STATUS_EXPIRED, STATUS_PUBLISHED, Job
from careercenter.slugs import make_slug
from careercenter.timeutil import utcnow

DEMO_OPEN_JOBS = 64
# Postings of the past year, closed once filled: the pay page's figures stand on them too.
DEMO_PAST_JOBS = 84
DEMO_CMS = Path(__file__).parent / "cms"
DEMO_FIGURES = "demonstration figures, not CMS's numbers"
SPINE_COMPANIES = (
    "Ridgeline Spine & Neurosurgery",
    "Blue Heron Orthopedics",
    "Summit Revenue Partners",
)
REMOTE_STATE_SETS = (
    [],
    ["AL", "GA", "TN", "FL", "MS"],
    ["WI", "IL", "MN"],
    ["CO", "UT", "AZ", "NM", "TX"],
    ["OR", "WA", "ID"],
)


@dataclass
class DemoSummary:
    companies: int
    jobs: int
    logins: list[tuple[str, str]]


def demo_logins() -> list[tuple[str, str]]:
    """The demo accounts (all with DEMO_PASSWORD), as they are made: shown at every start."""
    employers = [
        (f"hiring@{make_slug(spec.name)}.example.com", f"employer at {spec.name}")
        for spec in COMPANIES
    ]
    return [
        ("admin@example.com", "operator"),
        ("seeker@example.com", "job seeker"),
        ("consultant@example.com", "coding consultant (answers at /consult/queue)"),
        *employers,
    ]


def demo_loaded() -> bool:
    return (db.session.scalar(select(func.count(Job.id))) or 0) > 0


def load_demo() -> DemoSummary | None:
    """Create the demo board unless the database already has jobs; returns what was made."""
    if demo_loaded():
        return None
    rng = random.Random(63035)
    password_hash = hash_password(DEMO_PASSWORD)
    now = utcnow()
    logins = [("admin@example.com", "operator"), ("seeker@example.com", "job seeker")]
    db.session.add_all(
        [
            User(
                email="admin@example.com",
                name="Demo Operator",
                role=ROLE_ADMIN,
                password_hash=password_hash,
                email_verified_at=now,
            ),
            User(
                email="seeker@example.com",
                name="Dana Reyes",
                role=ROLE_SEEKER,
                password_hash=password_hash,
                email_verified_at=now,
            ),
        ]
    )
    _demo_consultant(password_hash, now)
    logins.append(("consultant@example.com", "coding consultant"))
    companies = [_make_company(spec, password_hash, logins) for spec in COMPANIES]
    db.session.flush()
    by_name = {company.name: company for company in companies}
    jobs: list[Job] = []
    for index in range(DEMO_OPEN_JOBS + 3 + DEMO_PAST_JOBS):
        role = ROLES[index % len(ROLES)]
        round_number = index // len(ROLES)
        spine_role = "spine" in role.specialties
        pool = [by_name[name] for name in SPINE_COMPANIES] if spine_role else companies
        company = pool[(index + round_number) % len(pool)]
        job = _make_job(role, company, index, rng)
        age_days = rng.uniform(0, 26)
        job.created_at = job.submitted_at = job.published_at = now - timedelta(days=age_days)
        job.expires_at = job.published_at + timedelta(days=current_app.config["JOB_EXPIRY_DAYS"])
        job.views_count = rng.randint(5, 400)
        jobs.append(job)
    _retire_some(jobs[DEMO_OPEN_JOBS : DEMO_OPEN_JOBS + 3], now)
    _past_year(jobs[DEMO_OPEN_JOBS + 3 :], now, rng)
    db.session.add_all(jobs)
    db.session.flush()
    for job in jobs:
        refresh_job_codes(job)
    db.session.commit()
    return DemoSummary(companies=len(companies), jobs=len(jobs), logins=logins)


def _make_company(spec: DemoCompany, password_hash: str, logins: list[tuple[str, str]]) -> Company:
    company = Company(
        name=spec.name,
        slug=make_slug(spec.name),
        website=spec.website,
        about=spec.about,
        city=spec.city,
        state=spec.state,
        country="US",
    )
    email = f"hiring@{company.slug}.example.com"
    db.session.add(company)
    db.session.add(
        User(
            email=email,
            name=f"{spec.name.split()[0]} Hiring Team",
            role=ROLE_EMPLOYER,
            password_hash=password_hash,
            email_verified_at=utcnow(),
            company=company,
        )
    )
    logins.append((email, f"employer at {spec.name}"))
    return company


def role_job_fields(
    role: DemoRole,
    company: Any,
    work_mode: str,
    title: str,
    bump: Decimal,
    rng: random.Random,
    years: int | None = None,
) -> dict[str, Any]:
    """The posting a role makes at a company: shared by the demo board and the generator.
    The years asked are one number, written in the text and in the facts alike."""
    low, high, unit = role.salary
    years = role.years if years is None else years
    return {
        "title": title,
        "slug": make_slug(title),
        "description": job_description(role, company, work_mode, years),
        "work_mode": work_mode,
        "remote_states": list(rng.choice(REMOTE_STATE_SETS)) if work_mode == "remote" else [],
        "remote_countries": ["US"] if work_mode == "remote" else [],
        "city": company.city,
        "state": company.state,
        "country": "US",
        "employment_type": rng.choices(
            ["full_time", "part_time", "contract", "per_diem", "temporary"],
            weights=[12, 2, 3, 1, 1],
        )[0],
        "settings": list(role.settings),
        "code_systems": list(role.code_systems),
        "credentials_required": list(role.credentials_required),
        "credentials_preferred": list(role.credentials_preferred),
        "apprentice_accepted": role.apprentice,
        "specialties": list(role.specialties),
        "min_years_experience": years,
        "productivity_target": role.productivity[0] if role.productivity else None,
        "productivity_unit": role.productivity[1] if role.productivity else None,
        "accuracy_target": Decimal(role.accuracy) if role.accuracy else None,
        "ehr_systems": list(role.ehr),
        "salary_min": Decimal(low) + bump,
        "salary_max": Decimal(high) + bump,
        "salary_currency": "USD",
        "salary_unit": unit,
    }


def _make_job(role: DemoRole, company: Company, index: int, rng: random.Random) -> Job:
    round_number = index // len(ROLES)
    tag_sets = (role.tags, *role.extra_tag_sets)
    tags = list(tag_sets[index % len(tag_sets)])
    for extra in role.tags:
        if round_number and extra not in tags and rng.random() < 0.3:
            tags.append(extra)
    work_mode = rng.choices(["remote", "hybrid", "onsite"], weights=[6, 2, 2])[0]
    unit = role.salary[2]
    bump = Decimal(rng.choice([0, 1, 2, 3])) * (Decimal(1) if unit == "HOUR" else Decimal(1500))
    seniority = ("", "Senior ", "Lead ")[min(round_number, 2)] if round_number % 2 else ""
    title = f"{seniority}{role.title}"
    years = role.years + (1 if seniority else 0)
    fields = role_job_fields(role, company, work_mode, title, bump, rng, years)
    fields.update(
        postal_code=None,
        expectations_note=None,
        apply_method=rng.choices(["site", "url", "email"], weights=[6, 3, 1])[0],
        code_tags=tags,
    )
    if fields["apply_method"] == "url":
        fields["apply_url"] = f"{company.website}/careers/{fields['slug']}"
    elif fields["apply_method"] == "email":
        fields["apply_email"] = f"careers@{company.slug}.example.com"
    return Job(company=company, status=STATUS_PUBLISHED, **fields)


def job_description(role: DemoRole, company: Any, work_mode: str, years: int) -> str:
    """A posting's Markdown from a role and a company (anything with name, city, state, about)
    and the years it asks."""
    where = {
        "remote": "This is a remote position; we ship you a laptop and a second monitor.",
        "hybrid": f"This is a hybrid position based in {company.city}, {company.state}.",
        "onsite": f"This position works on site in {company.city}, {company.state}.",
    }[work_mode]
    credentials = " or ".join(role.credentials_required)
    bring = [
        f"An active {credentials} credential",
        f"At least {years} year{'s' if years != 1 else ''} of coding experience"
        if years
        else "A strong start: apprentices welcome",
        "Comfort asking a physician a clear question",
    ]
    if role.apprentice:
        bring.append("Apprentice coders (CPC-A) are welcome; we pair you with a mentor")
    return "\n".join(
        [
            role.summary,
            "",
            where,
            "",
            "## What you will do",
            "",
            *[f"- {duty}" for duty in role.duties],
            "",
            "## What you bring",
            "",
            *[f"- {item}" for item in bring],
            "",
            f"## About {company.name}",
            "",
            company.about,
        ]
    )


def _retire_some(jobs: list[Job], now: Any) -> None:
    """A few past postings, so the closed and expired pages have something to show."""
    for index, job in enumerate(jobs):
        if index % 2 == 0:
            job.status, job.close_reason, job.closed_at = STATUS_CLOSED, "filled", now
        else:
            job.published_at = now - timedelta(days=45)
            job.expires_at = now - timedelta(days=15)
            job.status = STATUS_EXPIRED


def _past_year(jobs: list[Job], now: Any, rng: random.Random) -> None:
    """Postings of the last year, each filled within a few weeks of publishing."""
    for job in jobs:
        job.created_at = job.submitted_at = job.published_at = now - timedelta(
            days=rng.uniform(40, 340)
        )
        job.expires_at = job.published_at + timedelta(days=60)
        job.status, job.close_reason = STATUS_CLOSED, "filled"
        job.closed_at = job.published_at + timedelta(days=rng.uniform(14, 45))


def load_demo_cms() -> int:
    """Import the demo board's small CMS-layout files (made-up figures, cited as such) so
    CasePilot can answer "can 22633 and 63030 be billed together?"; nothing when the board
    already holds CMS files of its own. Returns how many files were imported."""
    if db.session.scalar(select(func.count(ImportedFile.id))):
        return 0
    cms.import_pfs(DEMO_CMS / "DEMO_PPRRVU26_JAN.csv", period=DEMO_FIGURES)
    cms.import_ncci(DEMO_CMS / "DEMO_ccipra-v321r0-f1.txt", period=DEMO_FIGURES)
    cms.import_mue(DEMO_CMS / "DEMO_MCR_MUE_PractitionerServices.csv", period=DEMO_FIGURES)
    return 3


DEMO_QUESTIONS = (
    (
        "When the surgeon does a laminotomy at L4-L5 and another at L5-S1 on the same side, "
        "do I report 63030 twice?",
        ["cpt:63030", "cpt:63035"],
        "No. Report **63030** for the first interspace and **63035** for each further "
        "interspace: 63035 is an add-on code, reported with 63030 (or 63020 in the neck). "
        "Check the operative note for the levels and the side.",
    ),
    (
        "The physician documents lumbar radiculopathy due to a herniated disc. Do I code "
        "M54.16 as well as M51.16?",
        ["icd10cm:M51.16", "icd10cm:M54.16"],
        "Code **M51.16** only: it already says the disc disorder is with radiculopathy, and "
        "the Excludes1 note at M51.1 lists lumbar radiculitis NOS (M54.16), so the two are "
        "not coded together for the same condition.",
    ),
)


def _demo_consultant(password_hash: str, now: Any) -> None:
    """A consultant and two questions the demo seeker asked, answered and published (with
    consent) on the code pages they name."""
    consultant = User(
        email="consultant@example.com",
        name="Morgan Ellis",
        role=ROLE_SEEKER,
        password_hash=password_hash,
        email_verified_at=now,
    )
    db.session.add(consultant)
    db.session.flush()
    db.session.add(
        Consultant(
            user_id=consultant.id,
            credentials=["CPC", "CCS", "COC"],
            specialties=["spine", "orthopedics", "neurosurgery"],
            code_systems=["cpt", "icd10cm"],
        )
    )
    seeker = db.session.scalar(select(User).where(User.email == "seeker@example.com"))
    for days, (text, codes, answer) in enumerate(DEMO_QUESTIONS, start=2):
        asked = now - timedelta(days=days)
        question = ConsultQuestion(
            asker_id=seeker.id,
            body=text,
            codes=codes,
            specialty="spine",
            status=ANSWERED,
            claimed_by_id=consultant.id,
            created_at=asked,
            answered_at=asked + timedelta(hours=5),
            publish_consent=True,
            published_at=asked + timedelta(hours=6),
        )
        question.entries.append(
            ConsultEntry(
                author_id=consultant.id,
                kind=ANSWER,
                body=answer,
                created_at=asked + timedelta(hours=5),
            )
        )
        db.session.add(question)
