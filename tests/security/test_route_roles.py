"""Every GET route, asked by every kind of visitor, answers as the table says.
(POST routes are covered by each feature's own tests; their matrix is still to come.)

The routes come from the app's URL map; each is asked as a guest, two seekers, two employers
of different companies and an operator, with real objects belonging to the first seeker and
the first employer. A route with no row in the table fails the test, so a new page is
decided on, not forgotten."""

from __future__ import annotations

import pytest

from careercenter.alerts.models import SavedSearch
from careercenter.extensions import db
from careercenter.seekers.models import SeekerProfile
from tests.conftest import UserActions
from tests.factories import AdminFactory, EmployerFactory, JobFactory, UserFactory
from tests.files import PDF, upload

ROLES = ("guest", "seeker", "other_seeker", "employer", "other_employer", "admin")
# Statuses by role, in the order of ROLES. 302: sent to log in; 403: not for this account;
# 404: someone else's object (its existence is not confirmed).
PUBLIC = (200,) * 6
SIGNED_IN = (302, 200, 200, 200, 200, 200)
SEEKERS = (302, 200, 200, 403, 403, 403)
EMPLOYERS = (302, 403, 403, 200, 200, 403)
FIRST_EMPLOYERS = (302, 403, 403, 200, 404, 403)
OPERATORS = (302, 404, 404, 404, 404, 200)  # the operators' pages do not admit they exist
RESUME = (404, 200, 404, 200, 404, 404)  # the seeker, and the employer they applied to

TABLE: dict[str, tuple[str, tuple[int, ...]]] = {
    # endpoint: (path with {placeholders}, statuses)
    "accounts.account": ("/account", SIGNED_IN),
    "accounts.change_password": ("/account/password", SIGNED_IN),
    "accounts.login": ("/login", (200, 302, 302, 302, 302, 302)),
    "accounts.register": ("/register", (200, 302, 302, 302, 302, 302)),
    "accounts.request_reset": ("/account/reset", PUBLIC),
    "accounts.reset_password": ("/account/reset/not-a-token", (302,) * 6),
    "accounts.verify_email": ("/account/verify/not-a-token", (302,) * 6),
    "alerts.confirm": ("/alerts/confirm/not-a-token", (302,) * 6),  # to a page that says so
    "alerts.mine": ("/me/alerts", SIGNED_IN),
    "alerts.new": ("/alerts/new?query=q%3Dspine", PUBLIC),
    "alerts.unsubscribe": ("/alerts/unsubscribe/not-a-token", (404,) * 6),
    "api.get_code": ("/api/v1/codes/cpt/63030", PUBLIC),
    "api.get_job": ("/api/v1/jobs/{job}", PUBLIC),
    "api.list_jobs": ("/api/v1/jobs?q=spine", PUBLIC),
    "api.openapi": ("/api/v1/openapi.json", PUBLIC),
    "applications.applicants": ("/employer/jobs/{job}/applicants", FIRST_EMPLOYERS),
    "applications.apply": ("/jobs/{other_job}/apply", (302, 200, 200, 403, 403, 403)),
    "applications.apply_out": ("/jobs/{job}/apply-out", (302,) * 6),
    "applications.detail": ("/employer/applications/{application}", FIRST_EMPLOYERS),
    "applications.mine": ("/me/applications", SEEKERS),
    "codes.code_anywhere": ("/codes/63030", (302,) * 6),
    "codes.code_page": ("/codes/cpt/63030", PUBLIC),
    "codes.lookup": ("/codes?q=63030", PUBLIC),
    "companies.create": ("/employer/company/new", (302, 403, 403, 302, 302, 403)),
    "companies.edit": ("/employer/company", EMPLOYERS),
    "companies.join": ("/companies/join/not-a-token", (302,) * 6),
    "companies.logo": ("/companies/{company}/logo", (404,) * 6),
    "companies.profile": ("/companies/{company}", PUBLIC),
    "companies.team": ("/employer/company/team", EMPLOYERS),
    "jobs.admin_queue": ("/admin/jobs", OPERATORS),
    "jobs.admin_review": ("/admin/jobs/{job}", OPERATORS),
    "jobs.close": ("/employer/jobs/{job}/close", FIRST_EMPLOYERS),
    "jobs.dashboard": ("/employer", EMPLOYERS),
    "jobs.detail": ("/jobs/{job_key}", PUBLIC),
    "jobs.edit_job": ("/employer/jobs/{job}/edit", FIRST_EMPLOYERS),
    "jobs.home": ("/", PUBLIC),
    "jobs.new_job": ("/employer/jobs/new", EMPLOYERS),
    "jobs.preview": ("/employer/jobs/{job}/preview", FIRST_EMPLOYERS),
    "ops.healthz": ("/healthz", PUBLIC),
    "ops.readyz": ("/readyz", PUBLIC),
    "search.job_search": ("/jobs?q=spine", PUBLIC),
    "seekers.profile": ("/me/profile", SEEKERS),
    "seekers.resume": ("/resumes/{resume}", RESUME),
    "seekers.saved": ("/me/saved", SEEKERS),
    "seo.code_feed": ("/codes/cpt/63030/feed.atom", PUBLIC),
    "seo.company_feed": ("/companies/{company}/feed.rss", PUBLIC),
    "seo.robots": ("/robots.txt", PUBLIC),
    "seo.search_feed": ("/jobs/feed.atom", PUBLIC),
    "seo.sitemap_part": ("/sitemaps/jobs-1.xml", PUBLIC),
    "seo.sitemap_xml": ("/sitemap.xml", PUBLIC),
    "static": ("/static/css/site.css", PUBLIC),
}
LANDINGS = ("/remote-coding-jobs", PUBLIC)  # every seo.landing_* page is a filtered search


@pytest.fixture
def visitors(app):
    """One browser per role, signed in, with objects owned by the first seeker and employer."""
    employer = EmployerFactory(email="owner@ridgeline.example")
    EmployerFactory(email="owner@lakeshore.example")
    AdminFactory(email="ops@careercenter.example")
    for email in ("dana@example.com", "sam@example.com"):
        UserFactory(email=email)
    job = JobFactory(company=employer.company, title="Spine Coder", code_tags=["630xx"])
    other_job = JobFactory(title="Other Coder")
    browsers = {role: UserActions(app.test_client()) for role in ROLES}
    logins = {
        "seeker": "dana@example.com",
        "other_seeker": "sam@example.com",
        "employer": "owner@ridgeline.example",
        "other_employer": "owner@lakeshore.example",
        "admin": "ops@careercenter.example",
    }
    for role, email in logins.items():
        browsers[role].login(email)
    applied = browsers["seeker"].submit(
        f"/jobs/{job.id}/apply", {"resume": upload(PDF, "dana.pdf")}
    )
    assert b"Your application to" in applied.data
    db.session.add(SavedSearch(email="dana@example.com", query_string="q=spine", label="spine"))
    db.session.commit()
    from careercenter.jobs.models import Application

    application = db.session.scalars(db.select(Application)).one()
    objects = {
        "job": job.id,
        "job_key": job.path_key,
        "other_job": other_job.id,
        "company": employer.company.slug,
        "application": application.id,
        "resume": application.resume_id or db.session.scalar(db.select(SeekerProfile.resume_id)),
    }
    return browsers, objects


def test_every_get_route_answers_each_role_as_the_table_says(app, visitors):
    browsers, objects = visitors
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.endpoint.startswith("seo.landing_")
    }
    missing = endpoints - set(TABLE)
    assert not missing, f"routes with no row in the table: {sorted(missing)}"
    wrong = []
    for endpoint, (path, expected) in sorted({**TABLE, "seo.landing": LANDINGS}.items()):
        url = path.format(**objects)
        for role, status in zip(ROLES, expected, strict=True):
            got = browsers[role].client.get(url).status_code
            if got != status:
                wrong.append(f"{endpoint} {url} as {role}: {got}, table says {status}")
    assert not wrong, "\n".join(wrong)
