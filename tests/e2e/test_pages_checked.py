"""The pages people use most, checked in Chromium at a phone's and a desktop's width: axe-core
finds no accessibility violation of any impact, and the Nu HTML Checker finds no error in
the HTML the server sends. (The README's pictures are taken on the demo board by
test_readme_screenshots.py.)"""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from careercenter.extensions import db
from careercenter.jobs.models import Application
from careercenter.seekers.models import SeekerProfile
from tests.support.factories import EmployerFactory, JobFactory, UserFactory, jobs_indexed_once
from tests.support.files import PDF, upload
from tests.support.people import PASSWORD, UserActions

pytestmark = [pytest.mark.browser, pytest.mark.once]

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def board(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", True)
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 1)
    monkeypatch.setitem(app.config, "PAY_MIN_POSTINGS", 1)  # the charts drawn from one job
    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(
        company=owner.company,
        title="Spine Surgery Coder",
        description="Code **laminotomy** and discectomy cases.\n\n- Remote\n- Full-time",
        salary_min=Decimal(29),
        salary_max=Decimal(35),
        salary_unit="HOUR",
        credentials_required=["CPC", "COC"],
        code_tags=["630xx", "63030"],
    )
    with jobs_indexed_once():
        for number in range(6):
            JobFactory(title=f"Remote Spine Coder {number}", code_tags=["630xx"])
    seeker = UserFactory(email="dana@example.com", name="Dana Reyes")
    db.session.add(
        SeekerProfile(
            user_id=seeker.id,
            headline="Spine coder, 6 years",
            credentials=["CPC"],
            specialties=["spine"],
            years_experience=6,
        )
    )
    db.session.commit()
    applicant = UserActions(app.test_client())
    applicant.login(seeker.email)
    applicant.submit(f"/jobs/{job.id}/apply", {"resume": upload(PDF, "dana.pdf")})
    application = db.session.scalars(db.select(Application)).one()
    return owner, job, application


def pages_to_check(job, application) -> dict[str, tuple[str, str]]:
    """name: (who looks, path)"""
    return {
        "home": ("guest", "/"),
        "search": ("guest", "/jobs?q=spine"),
        "empty-search": ("guest", "/jobs?q=zzzyqx"),
        "job": ("guest", f"/jobs/{job.path_key}"),
        "code": ("guest", "/codes/cpt/63030"),
        "locked-code": ("guest", "/codes/icd10cm/M51.16"),  # the guest's second code page
        "code-notes": ("employer", "/codes/icd10cm/S32.0"),  # header, notes, 7th characters
        "code-block": ("guest", "/codes/icd10cm/M05-M14"),
        "code-without-entry": ("guest", "/codes/cpt/27137"),
        "code-lookup": ("guest", "/codes?q=herniated+disc"),
        "ask": ("employer", "/ask?q=Can+M51.16+and+M54.16+be+coded+together%3F"),
        "ask-refused": ("employer", "/ask?q=DOB+01%2F02%2F1950+what+is+M51.16"),
        "pay": ("guest", "/pay?code=630xx&credential=CPC"),
        "pay-too-few": ("guest", "/pay?code=99213&state=TX"),
        "pay-bad-filter": ("guest", "/pay?months=13&work_mode=moon"),
        "register": ("guest", "/register"),
        "posting-form": ("employer", "/employer/jobs/new"),
        "applicants": ("employer", f"/employer/jobs/{job.id}/applicants"),
        "application": ("employer", f"/employer/applications/{application.id}"),
        "dashboard": ("employer", "/employer"),
    }


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def nu_checker_errors(files: list[Path]) -> list[str]:
    assert VNU_JAR.exists(), "the Nu HTML Checker is installed by .ci/system-deps"
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} "
        f"[{m.get('extract', '')[:80]!r}]"
        for m in messages
        if m.get("type") == "error"
    ]


def test_main_pages_have_no_accessibility_violations_or_html_errors(
    browser, live_server, board, tmp_path
):
    from axe_playwright_python.sync_playwright import Axe

    owner, job, application = board
    axe = Axe()
    violations: list[str] = []
    sources: list[Path] = []
    for width_name, viewport in WIDTHS.items():
        contexts = {}
        for who in ("guest", "employer"):
            contexts[who] = browser.new_context(viewport=viewport)
            if who == "employer":
                log_in(contexts[who].new_page(), live_server, owner.email)
        try:
            for name, (who, path) in pages_to_check(job, application).items():
                page = contexts[who].new_page()
                page.goto(live_server + path)
                page.wait_for_load_state("networkidle")
                for violation in axe.run(page).response["violations"]:
                    nodes = [node["target"] for node in violation["nodes"]][:3]
                    violations.append(
                        f"{width_name} {name}: {violation['id']} ({violation['impact']}) {nodes}"
                    )
                if width_name == "desktop":
                    html = contexts[who].request.get(live_server + path).text()
                    source = tmp_path / f"{name}.html"
                    source.write_text(html)
                    sources.append(source)
                page.close()
        finally:
            for context in contexts.values():
                context.close()
    errors = nu_checker_errors(sources)
    assert not violations, "axe-core:\n" + "\n".join(violations)
    assert not errors, "Nu HTML Checker:\n" + "\n".join(errors)
