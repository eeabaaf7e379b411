"""A small, varied board for search tests, built through the factories (and so indexed)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from careercenter.timeutil import utcnow
from tests.support.factories import CompanyFactory, JobFactory, jobs_indexed_once


@pytest.fixture
def board():
    """Seven open jobs and two that must never be found."""
    with jobs_indexed_once():
        ridgeline = CompanyFactory(name="Ridgeline Surgical", slug="ridgeline-surgical")
        lakeshore = CompanyFactory(name="Lakeshore Health", slug="lakeshore-health")
        now = utcnow()
        jobs = {
            "family": JobFactory(
                company=ridgeline,
                title="Spine Surgery Coder",
                code_tags=["630xx"],
                description="Code laminotomy and discectomy cases for our surgeons.",
                work_mode="remote",
                remote_states=["AL", "GA"],
                credentials_required=["CPC"],
                specialties=["spine"],
                settings=["profee"],
                salary_min=Decimal(60000),
                salary_max=Decimal(75000),
                published_at=now - timedelta(days=2),
            ),
            "range": JobFactory(
                company=ridgeline,
                title="Neurosurgery Coding Specialist",
                code_tags=["63001-63048", "M51.16"],
                work_mode="remote",
                remote_states=["AL"],
                description="Decompression cases, both professional fee and facility.",
                credentials_required=["CCS"],
                specialties=["neurosurgery"],
                settings=["inpatient"],
                salary_min=Decimal(30),
                salary_max=Decimal(38),
                salary_unit="HOUR",
                published_at=now - timedelta(days=5),
            ),
            "remote_cpc": JobFactory(
                company=lakeshore,
                title="Remote Risk Adjustment Coder",
                code_tags=["E11.9"],
                description="Review outpatient records for HCC capture.",
                work_mode="remote",
                remote_states=["WI", "IL"],
                credentials_required=["CPC", "CRC"],
                specialties=["hcc"],
                settings=["risk_adjustment"],
                salary_min=Decimal(50000),
                salary_max=Decimal(62000),
                published_at=now - timedelta(days=1),
            ),
            "onsite": JobFactory(
                company=lakeshore,
                title="Emergency Department Coder",
                code_tags=["99281-99285"],
                description="Code ED visits on site in Milwaukee.",
                work_mode="onsite",
                city="Milwaukee",
                state="WI",
                credentials_required=["CPC"],
                specialties=["emergency"],
                settings=["ed"],
                salary_min=Decimal(45000),
                salary_max=Decimal(52000),
                published_at=now - timedelta(days=10),
            ),
            "hybrid": JobFactory(
                company=lakeshore,
                title="Inpatient Coder II",
                code_tags=["0SG0*"],
                description="DRG assignment for complex stays.",
                work_mode="hybrid",
                city="Madison",
                state="WI",
                credentials_required=["CCS"],
                specialties=["general_surgery"],
                settings=["inpatient"],
                salary_min=None,
                salary_max=None,
                published_at=now - timedelta(days=20),
            ),
            "hostile": JobFactory(
                company=ridgeline,
                title="<script>alert(1)</script> Coder & Auditor",
                description="Audits with <b>bold</b> claims.",
                code_tags=[],
                work_mode="remote",
                credentials_required=["CPMA"],
                # well inside "posted within 3 days"
                published_at=now - timedelta(days=2, hours=12),
                salary_min=None,
                salary_max=None,
            ),
            "old": JobFactory(
                company=ridgeline,
                title="Orthopedic Coder",
                code_tags=["27447"],
                description="Joint replacement coding.",
                work_mode="remote",
                credentials_required=["COC"],
                published_at=now - timedelta(days=28),
                salary_min=None,
                salary_max=None,
            ),
            "closed": JobFactory(
                company=ridgeline, title="Closed Spine Coder", status="closed", code_tags=["630xx"]
            ),
            "draft": JobFactory(
                company=ridgeline, title="Draft Spine Coder", draft=True, code_tags=["630xx"]
            ),
        }
        return jobs
