"""“Jobs you qualify for” is a promise: a certified coder in Idaho who wants remote work sees
only jobs she can take — by credential, years and where the job hires — never one she has
applied to, each with the reasons it fits; generated seekers and jobs never break a rule."""

from __future__ import annotations

import re
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from careercenter.extensions import db
from careercenter.jobs.models import Application
from careercenter.seekers.qualify import fit
from tests.support.factories import JobFactory, UserFactory, jobs_indexed_once
from tests.support.files import PDF, upload

CREDENTIALS = ["CPC", "CCS", "CRC", "RHIT"]
STATES = ["ID", "TX", "FL", "WA"]


def idaho_coder(**overrides):
    form = {
        "headline": "CPC, 4 years of pro-fee coding",
        "credentials": ["CPC"],
        "years_experience": "4",
        "city": "Boise",
        "state": "ID",
        "open_to_remote": "y",
        "visibility": "private",
    }
    form.update(overrides)
    return form


def test_an_idaho_coder_wanting_remote_work_sees_only_jobs_she_can_take(user):
    seeker = UserFactory(email="ida@example.com")
    fits = {
        "Remote Coder, open to Idaho": {"remote_states": ["ID", "WA"]},
        "Remote Coder, anywhere in the US": {"remote_states": []},
        "Boise Clinic Coder": {"work_mode": "onsite", "city": "Boise", "state": "ID"},
        "Remote Coder, 3+ years": {"min_years_experience": 3},
    }
    misfits = {
        "Remote Coder, Texas residents only": {"remote_states": ["TX"]},
        "Remote Coder, Florida and Georgia only": {"remote_states": ["FL", "GA"]},
        "Remote Coder, 5+ years": {"min_years_experience": 5},
        "Remote Coder, 6+ years": {"min_years_experience": 6},
        "Hybrid Coder in Tampa": {"work_mode": "hybrid", "city": "Tampa", "state": "FL"},
        "Remote CCS Coder": {"credentials_required": ["CCS"]},
        "Remote Coder outside the US": {"remote_countries": ["CA"]},
    }
    with jobs_indexed_once():
        for title, facts in {**fits, **misfits}.items():
            JobFactory(
                title=title,
                credentials_required=facts.pop("credentials_required", ["CPC"]),
                **facts,
            )
    applied = JobFactory(title="Remote Coder she applied to", credentials_required=["CPC"])
    user.login(seeker.email)
    user.submit("/me/profile", idaho_coder())
    user.submit(f"/jobs/{applied.id}/apply", {"cover_note": "Hi", "resume": upload(PDF, "ida.pdf")})
    assert db.session.scalar(db.select(Application.job_id)) == applied.id

    html = user.client.get("/").data.decode()
    section = html.split("Jobs you qualify for")[1].split("Newest jobs")[0]
    listed = set(re.findall(r'<a href="/jobs/[^"]+">([^<]+)</a>', section))
    assert listed == set(fits)
    assert "Remote, open to ID residents" in section
    assert "Asks 3+ years; you have 4" in section
    assert "On-site in Boise, ID, in your state" in section
    assert "You hold CPC, which it requires" in section


def test_a_seeker_whom_no_job_fits_is_told_so_not_asked_for_credentials_again(user):
    seeker = UserFactory(email="ida@example.com")
    JobFactory(title="Texas Only", credentials_required=["CPC"], remote_states=["TX"])
    user.login(seeker.email)
    user.submit("/me/profile", idaho_coder())
    section = user.client.get("/").data.decode().split("Jobs you qualify for")[1]
    assert (
        "No open job fits everything" in section
        and "Texas Only" not in section.split("Newest jobs")[0]
    )


seekers = st.builds(
    SimpleNamespace,
    credentials=st.lists(st.sampled_from(CREDENTIALS), unique=True, max_size=3),
    years_experience=st.none() | st.integers(0, 15),
    state=st.none() | st.sampled_from(STATES),
    willing_to_relocate=st.booleans(),
    open_to_remote=st.booleans(),
)
jobs = st.builds(
    SimpleNamespace,
    credentials_required=st.lists(st.sampled_from(CREDENTIALS), unique=True, max_size=2),
    min_years_experience=st.none() | st.integers(0, 8),
    work_mode=st.sampled_from(["remote", "hybrid", "onsite"]),
    remote_states=st.lists(st.sampled_from(STATES), unique=True, max_size=3),
    remote_countries=st.sampled_from([[], ["US"], ["CA"], ["US", "CA"]]),
    city=st.sampled_from(["Boise", "Austin", "Tampa", None]),
    state=st.none() | st.sampled_from(STATES),
    country=st.sampled_from(["US", "US", "CA"]),
)


def breaks_a_rule(seeker, job) -> bool:
    """The rules, written again from the issue, to check the listing against."""
    required = set(job.credentials_required)
    if required and not required & set(seeker.credentials):
        return True
    if (job.min_years_experience or 0) > (seeker.years_experience or 0):
        return True
    if job.work_mode == "remote":
        if not seeker.open_to_remote:
            return True
        if job.remote_countries and "US" not in job.remote_countries:
            return True
        return bool(job.remote_states) and seeker.state not in job.remote_states
    in_state = seeker.state is not None and job.country == "US" and job.state == seeker.state
    return not (in_state or seeker.willing_to_relocate)


@given(seekers, jobs)
def test_no_listed_job_breaks_a_rule_and_no_fitting_job_is_left_out(seeker, job):
    found = fit(seeker, job)
    assert (found is None) == breaks_a_rule(seeker, job)
    if found is not None:
        assert len(found.reasons) == 3 and all(found.reasons)
