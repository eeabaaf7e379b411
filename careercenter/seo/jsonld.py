"""Google's JobPosting structured data, built only from what the job page shows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import url_for

from careercenter.jobs.facts import years_disagreement
from careercenter.jobs.models import Job
from careercenter.jobs.vocabulary import label
from careercenter.markup import render_markdown

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contract": "CONTRACTOR",
    "per_diem": "PER_DIEM",
    "temporary": "TEMPORARY",
}
# O*NET-SOC: Medical Records Specialists, the occupation that includes medical coders.
OCCUPATIONAL_CATEGORY = "29-2072.00 Medical Records Specialists"


def iso(moment: datetime | None) -> str | None:
    return moment.replace(tzinfo=UTC).isoformat() if moment else None


def job_posting(job: Job) -> dict[str, Any]:
    """The JobPosting object for an open job."""
    company = job.company
    organization: dict[str, Any] = {"@type": "Organization", "name": company.name}
    if company.website:
        organization["sameAs"] = company.website
    if company.logo_mime:
        organization["logo"] = url_for("companies.logo", slug=company.slug, _external=True)
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": str(render_markdown(job.description)),
        "datePosted": iso(job.published_at),
        "validThrough": iso(job.expires_at),
        "hiringOrganization": organization,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": str(job.id)},
        "employmentType": EMPLOYMENT_TYPES.get(job.employment_type, "OTHER"),
        "directApply": job.apply_method == "site",
        "occupationalCategory": OCCUPATIONAL_CATEGORY,
        "url": url_for("board.detail", key=job.path_key, _external=True),
    }
    if job.work_mode == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = applicant_locations(job)
    # Only facts that agree with themselves: no experience the text contradicts. (A city is
    # checked against its state when the job is saved; reading GeoNames' cities here would
    # cost a public page about a second in each new process.)
    if job.work_mode != "remote" or job.city:
        data["jobLocation"] = {"@type": "Place", "address": postal_address(job)}
    if salary := base_salary(job):
        data["baseSalary"] = salary
    if job.credentials_required:
        data["educationRequirements"] = [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "professional certificate",
                "name": credential,
            }
            for credential in job.credentials_required
        ]
    if job.min_years_experience is not None and not years_disagreement(job):
        data["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": job.min_years_experience * 12,
        }
    if job.apprentice_accepted:
        data["experienceInPlaceOfEducation"] = True
    return data


def postal_address(job: Job) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "addressLocality": job.city,
        "addressRegion": job.state,
        "postalCode": job.postal_code,
        "addressCountry": job.country,
    }
    return {key: value for key, value in address.items() if value}


def applicant_locations(job: Job) -> list[dict[str, str]]:
    """Fully remote jobs say where applicants may live: states if given, else countries."""
    if job.remote_states:
        return [{"@type": "State", "name": label("state", state)} for state in job.remote_states]
    return [
        {"@type": "Country", "name": label("country", country)}
        for country in (job.remote_countries or ["US"])
    ]


def base_salary(job: Job) -> dict[str, Any] | None:
    if job.salary_min is None and job.salary_max is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": job.salary_unit}
    if (
        job.salary_min is not None
        and job.salary_max is not None
        and job.salary_min != job.salary_max
    ):
        value["minValue"], value["maxValue"] = float(job.salary_min), float(job.salary_max)
    else:
        value["value"] = float(job.salary_min if job.salary_min is not None else job.salary_max)
    return {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}
