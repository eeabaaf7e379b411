"""Job pages carry JobPosting data that Google's tools read, and only while open."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from careercenter.extensions import db
from careercenter.timeutil import utcnow
from tests.support.factories import CompanyFactory, JobFactory
from tests.support.pages import job_postings as postings

REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
RECOMMENDED = {"validThrough", "employmentType", "baseSalary", "identifier", "directApply"}


def test_a_remote_job_for_three_states_is_a_telecommute_posting(client):
    company = CompanyFactory(name="Ridgeline Spine", website="https://ridgeline.example")
    job = JobFactory(
        company=company,
        title="Remote Spine Coder",
        work_mode="remote",
        remote_states=["AL", "GA", "TN"],
        city=None,
        state=None,
        employment_type="contract",
        credentials_required=["CPC", "CCS-P"],
        min_years_experience=3,
        salary_min=Decimal(30),
        salary_max=Decimal(38),
        salary_unit="HOUR",
    )

    page = client.get(f"/jobs/{job.path_key}")
    [posting] = postings(page)

    assert set(posting) >= REQUIRED | RECOMMENDED
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert [place["name"] for place in posting["applicantLocationRequirements"]] == [
        "Alabama",
        "Georgia",
        "Tennessee",
    ]
    assert "jobLocation" not in posting
    assert posting["employmentType"] == "CONTRACTOR"
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Ridgeline Spine",
        "sameAs": "https://ridgeline.example",
    }
    assert posting["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "minValue": 30.0,
        "maxValue": 38.0,
    }
    assert posting["baseSalary"]["currency"] == "USD"
    assert [c["name"] for c in posting["educationRequirements"]] == ["CPC", "CCS-P"]
    assert posting["experienceRequirements"]["monthsOfExperience"] == 36
    assert posting["directApply"] is True
    assert posting["identifier"]["value"] == str(job.id)
    html = page.data.decode()  # everything in the markup is on the page
    for visible in (
        "Remote Spine Coder",
        "AL, GA, TN",
        "$30–$38/hr",
        "CPC or CCS-P",
        "3+ years",
        "Contract",
        "Ridgeline Spine",
        f"open until {job.expires_at:%b %-d, %Y}",
    ):
        assert visible in html, visible


def test_an_on_site_job_carries_its_address(client):
    job = JobFactory(work_mode="onsite", city="Birmingham", state="AL", postal_code="35203")
    [posting] = postings(client.get(f"/jobs/{job.path_key}"))
    assert "jobLocationType" not in posting
    assert posting["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Birmingham",
        "addressRegion": "AL",
        "postalCode": "35203",
        "addressCountry": "US",
    }


@pytest.mark.parametrize("status", ["closed", "expired"])
def test_a_closed_job_carries_no_markup_then_is_gone(app, client, status):
    job = JobFactory(
        status=status,
        closed_at=utcnow() if status == "closed" else None,
        expires_at=utcnow() - timedelta(days=1),
    )

    page = client.get(f"/jobs/{job.path_key}")
    assert page.status_code == 200
    assert postings(page) == []
    assert b"no longer accepting applications" in page.data

    if status == "closed":
        job.closed_at = utcnow() - timedelta(days=app.config["JOB_GONE_AFTER_DAYS"] + 1)
    else:
        job.expires_at = utcnow() - timedelta(days=app.config["JOB_GONE_AFTER_DAYS"] + 1)
    db.session.commit()
    assert client.get(f"/jobs/{job.path_key}").status_code == 410


def test_lists_and_searches_carry_no_job_postings(client):
    JobFactory(title="Listed Coder")
    for path in ("/", "/jobs", "/jobs?q=listed", "/remote-coding-jobs"):
        assert postings(client.get(path)) == [], path


def test_job_company_and_code_pages_have_canonical_and_open_graph_tags(client, app):
    app.config["CODE_METERING"] = False
    job = JobFactory(title="Canonical Coder")
    for path, canonical in (
        (f"/jobs/{job.id}", f"/jobs/{job.path_key}"),
        (f"/companies/{job.company.slug}", f"/companies/{job.company.slug}"),
        ("/codes/cpt/63035", "/codes/cpt/63035"),
    ):
        html = client.get(path, follow_redirects=True).data.decode()
        assert f'<link rel="canonical" href="http://localhost{canonical}">' in html, path
        assert '<meta property="og:title"' in html
    app.config["CODE_METERING"] = True
