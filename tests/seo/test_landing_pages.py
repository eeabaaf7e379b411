"""Landing pages are real, filtered searches with their own title and description."""

from __future__ import annotations

import re

from tests.support.factories import JobFactory


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)


def test_remote_coding_jobs(client):
    JobFactory(title="Remote Spine Coder", work_mode="remote")
    JobFactory(title="Onsite Spine Coder", work_mode="onsite", city="Tampa", state="FL")

    html = client.get("/remote-coding-jobs").data.decode()

    assert heading(html) == "Remote medical coding jobs"
    assert "<title>Remote medical coding jobs · CareerCenter</title>" in html
    assert 'content="Work-from-home medical coding jobs' in html
    assert '<link rel="canonical" href="http://localhost/remote-coding-jobs">' in html
    results = html.split('id="results"')[1]
    assert "Remote Spine Coder" in results and "Onsite Spine Coder" not in results


def test_state_credential_specialty_and_code_family_pages(client):
    JobFactory(
        title="Tampa Coder",
        work_mode="onsite",
        city="Tampa",
        state="FL",
        credentials_required=["COC"],
        specialties=["orthopedics"],
        code_tags=["27447"],
    )
    JobFactory(
        title="Spine Family Coder",
        code_tags=["630xx"],
        credentials_required=["CPC"],
        specialties=["spine"],
    )

    florida = client.get("/coding-jobs/in/florida").data.decode()
    assert heading(florida) == "Medical coding jobs in Florida"
    assert "Tampa Coder" in florida and "Spine Family Coder" not in florida.split('id="results"')[1]

    coc = client.get("/coding-jobs/credential/coc").data.decode()
    assert heading(coc) == "COC coding jobs" and "Tampa Coder" in coc

    spine = client.get("/coding-jobs/specialty/spine-surgery").data.decode()
    assert "Spine Family Coder" in spine.split('id="results"')[1]

    family = client.get("/coding-jobs/code/cpt-630xx").data.decode()
    assert heading(family) == "Spine surgery coding jobs — CPT 630xx"
    results = family.split('id="results"')[1]
    assert "Spine Family Coder" in results and "Tampa Coder" not in results


def test_unknown_landing_pages_are_404(client):
    assert client.get("/coding-jobs/in/atlantis").status_code == 404
    assert client.get("/coding-jobs/credential/xyz").status_code == 404
