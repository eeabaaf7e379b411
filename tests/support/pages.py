"""Pages as people fill them in and read them: the job form, an employer posting through it,
and a page's words without its markup."""

from __future__ import annotations

import re

import extruct

from tests.support.factories import EmployerFactory


def job_form(**overrides):
    form = {
        "title": "Spine Surgery Coder (CPC)",
        "description": "Code **laminotomy** and discectomy cases.\n\n- Remote\n- Full-time",
        "employment_type": "full_time",
        "work_mode": "remote",
        "remote_countries": ["US"],
        "remote_states": ["AL", "GA", "TN"],
        "country": "US",
        "state": "",
        "code_tags": "63035, 630xx\n63001-63048",
        "code_systems": ["cpt", "icd10cm"],
        "settings": ["profee"],
        "specialties": ["spine"],
        "credentials_required": ["CPC", "CCS-P"],
        "min_years_experience": "3",
        "productivity_target": "18",
        "productivity_unit": "charts_per_day",
        "accuracy_target": "95",
        "ehr_systems": ["epic"],
        "salary_min": "58000",
        "salary_max": "74000",
        "salary_currency": "USD",
        "salary_unit": "YEAR",
        "apply_method": "site",
    }
    form.update(overrides)
    return form


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.data.decode()))


def post_job(user, **fields):
    """An employer posts and publishes a job through the forms; returns its page path."""
    preview = user.submit("/employer/jobs/new", job_form(**fields)).data.decode()
    submit_path = re.search(r'action="(/employer/jobs/\d+/submit)"', preview).group(1)
    page = user.submit(submit_path)
    assert b"Your job is live" in page.data
    return page.request.path


def employer_posts(user, jobs: dict[str, str]) -> None:
    """An employer signs in and publishes jobs, title -> code tags."""
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    for title, tags in jobs.items():
        post_job(user, title=title, code_tags=tags)


def job_postings(response) -> list[dict]:
    """The JobPosting structured data of a page, read as Google's tools read it."""
    data = extruct.extract(
        response.data.decode(), base_url="http://localhost/", syntaxes=["json-ld"], uniform=True
    )
    return [item for item in data["json-ld"] if item.get("@type") == "JobPosting"]


def job_posting_of(client, job) -> dict:
    """The one JobPosting on an open job's page."""
    (posting,) = job_postings(client.get(f"/jobs/{job.path_key}"))
    return posting
