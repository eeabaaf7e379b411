"""Every route, asked or posted to by every kind of visitor, answers as the tables say.

The routes come from the app's URL map; each is asked as a guest, two seekers, two employers
of different companies and an operator, with real objects belonging to the first seeker and
the first employer. A route with no row in a table fails the test, so a new page is decided
on, not forgotten. A POST from a role that may not act must leave every stored row as it
was."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from careercenter.extensions import db
from tests.support.factories import JobFactory, UserFactory
from tests.support.files import PDF, upload
from tests.support.people import PASSWORD, ROLES
from tests.support.stored_rows import changed_tables, stored_rows

# Statuses by role, in the order of ROLES. 302: sent to log in; 403: not for this account;
# 404: someone else's object (its existence is not confirmed).
PUBLIC = (200,) * 6
SIGNED_IN = (302, 200, 200, 200, 200, 200)
SEEKERS = (302, 200, 200, 403, 403, 403)
EMPLOYERS = (302, 403, 403, 200, 200, 403)
FIRST_EMPLOYERS = (302, 403, 403, 200, 404, 403)
OPERATORS = (302, 404, 404, 404, 404, 200)  # the operators' pages do not admit they exist
RESUME = (404, 200, 404, 200, 404, 404)  # the seeker, and the employer they applied to
THE_ASKER = (302, 200, 404, 404, 404, 404)  # a consultant question, to its asker only
# The consultant desk: the operator is also a consultant; to the others it does not exist.
CONSULTANTS = (302, 404, 404, 404, 404, 200)

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
    "consult.ask": ("/consult", SIGNED_IN),
    "consult.mine": ("/me/questions", SIGNED_IN),
    "consult.my_question": ("/me/questions/{question}", THE_ASKER),
    "consult.queue": ("/consult/queue", CONSULTANTS),
    "consult.desk_question": ("/consult/questions/{question}", CONSULTANTS),
    "consult.make_consultant": ("/admin/users/{colleague}/consultant", OPERATORS),
    "alerts.new": ("/alerts/new?query=q%3Dspine", PUBLIC),
    "alerts.unsubscribe": ("/alerts/unsubscribe/not-a-token", (404,) * 6),
    "api.ask": ("/api/v1/ask?q=Is+63035+an+add-on", PUBLIC),
    "api.get_code": ("/api/v1/codes/cpt/63030", PUBLIC),
    "api.get_job": ("/api/v1/jobs/{job}", PUBLIC),
    "api.list_jobs": ("/api/v1/jobs?q=spine", PUBLIC),
    "api.openapi": ("/api/v1/openapi.json", PUBLIC),
    "api.pay_figures": ("/api/v1/pay?code=630xx&work_mode=remote", PUBLIC),
    "pay.pay_page": ("/pay?code=630xx&credential=CPC", PUBLIC),
    "pay.pay_csv": ("/pay.csv?specialty=spine", PUBLIC),
    "pay.pay_position": ("/pay/position?salary_min=60000&work_mode=remote", PUBLIC),
    "applications.applicants": ("/employer/jobs/{job}/applicants", FIRST_EMPLOYERS),
    "applications.apply": ("/jobs/{other_job}/apply", (302, 200, 200, 403, 403, 403)),
    "applications.apply_out": ("/jobs/{job}/apply-out", (302,) * 6),  # no outside address
    "applications.detail": ("/employer/applications/{application}", FIRST_EMPLOYERS),
    "applications.mine": ("/me/applications", SEEKERS),
    "codes.code_anywhere": ("/codes/63030", (302,) * 6),
    "codes.code_page": ("/codes/cpt/63030", PUBLIC),
    "codes.lookup": ("/codes?q=63030", PUBLIC),
    "casepilot.ask_page": ("/ask?q=What+is+63030", PUBLIC),
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
    "board.detail": ("/jobs/{job_key}", PUBLIC),
    "jobs.edit_job": ("/employer/jobs/{job}/edit", FIRST_EMPLOYERS),
    "board.home": ("/", PUBLIC),
    "jobs.new_job": ("/employer/jobs/new", EMPLOYERS),
    "jobs.preview": ("/employer/jobs/{job}/preview", FIRST_EMPLOYERS),
    "moderation.companies": ("/admin/companies?q=ridge", OPERATORS),
    "moderation.log": ("/admin/log", OPERATORS),
    "moderation.report": ("/jobs/{other_job}/report", SIGNED_IN),
    "moderation.reports": ("/admin/reports", OPERATORS),
    "moderation.users": ("/admin/users?q=example", OPERATORS),
    "ops.healthz": ("/healthz", PUBLIC),
    "ops.readyz": ("/readyz", PUBLIC),
    "search.job_search": ("/jobs?q=spine", PUBLIC),
    "seekers.coders": ("/employer/coders?credential=CPC", EMPLOYERS),
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
            answer = browsers[role].client.get(url)
            if answer.status_code != status:
                wrong.append(
                    f"{endpoint} {url} as {role}: {answer.status_code}, table says {status}"
                )
            if answer.mimetype == "text/html":
                wrong += [f"{url} as {role}: {problem}" for problem in markup_problems(answer.text)]
    assert not wrong, "\n".join(wrong)


def markup_problems(html: str) -> list[str]:
    """What every page must get right: ids are unique, headings go down one level at a time,
    and the "·" between facts has a space on each side."""
    problems = []
    text = " ".join(re.findall(r">([^<]*)<", html))
    cramped = re.findall(r"\S·|·\S", text)
    if cramped:
        problems.append(f"a cramped separator: {cramped[:3]}")
    ids = re.findall(r'\sid="([^"]+)"', html)
    repeated = sorted({name for name in ids if ids.count(name) > 1})
    if repeated:
        problems.append(f"repeated ids {repeated}")
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            problems.append(f"heading h{before} followed by h{after}")
            break
    return problems


# POST routes. Each is sent by every role with that role's own CSRF token and, where the route
# acts on something, a body that would do it. "May act" says which roles the route serves;
# every other role must leave the database exactly as it was. Refused roles go first, so a
# permitted role's change cannot hide a refusal that also changed something.
NOBODY = (False,) * 6
GUEST = (True, False, False, False, False, False)
ANY_SIGNED_IN = (False, True, True, True, True, True)
BOTH_SEEKERS = (False, True, True, False, False, False)
BOTH_EMPLOYERS = (False, False, False, True, True, False)
THE_SEEKER = (False, True, False, False, False, False)
THE_EMPLOYER = (False, False, False, True, False, False)
THE_OPERATOR = (False, False, False, False, False, True)
EVERYONE = (True,) * 6
TO_LOG_IN = (302,) * 6  # guests are sent to log in; the others as the row says
# After a POST: sent on (302) for the owning company, 403 for seekers and operators, 404
# for another company (its objects are not admitted to exist).
FIRST_COMPANY_POST = (302, 403, 403, 302, 404, 403)
OPERATOR_POST = (302, 404, 404, 404, 404, 302)
SEEKER_POST = (302, 302, 302, 403, 403, 403)


class Placeholder(str):
    """A body value naming one of the test's objects, like the paths do: "{job}"."""


POST_TABLE: dict[str, tuple[str, dict[str, Any], tuple[int, ...], tuple[bool, ...]]] = {
    # endpoint: (path, body (a callable value is made afresh for each request), statuses, may act)
    "accounts.change_password": ("/account/password", {}, SIGNED_IN, ANY_SIGNED_IN),
    "accounts.login": (
        "/login",
        {"email": "sam@example.com", "password": PASSWORD},
        TO_LOG_IN,  # a guest is signed in; the signed in are sent on
        GUEST,
    ),
    "accounts.logout": ("/logout", {}, TO_LOG_IN, ANY_SIGNED_IN),
    "accounts.logout_everywhere": ("/account/logout-everywhere", {}, TO_LOG_IN, ANY_SIGNED_IN),
    "accounts.register": (
        "/register",
        {
            "email": "new@example.com",
            "name": "New Coder",
            "role": "seeker",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
        (200, 302, 302, 302, 302, 302),  # a guest is told to check their e-mail
        GUEST,
    ),
    "accounts.request_reset": (
        "/account/reset",
        {"email": "dana@example.com"},
        TO_LOG_IN,
        EVERYONE,
    ),
    "accounts.resend_verification": ("/account/verify/resend", {}, TO_LOG_IN, ANY_SIGNED_IN),
    "accounts.reset_password": (
        "/account/reset/not-a-token",
        {"password": PASSWORD, "confirm": PASSWORD},
        TO_LOG_IN,
        NOBODY,
    ),
    "alerts.delete": ("/me/alerts/{alert}/delete", {}, TO_LOG_IN, THE_SEEKER),
    "consult.ask": ("/consult", {"question": "What is 63030 used for?"}, TO_LOG_IN, ANY_SIGNED_IN),
    "consult.my_question": (
        "/me/questions/{question}",
        {"body": "And with 63035?"},
        (302, 302, 404, 404, 404, 404),
        THE_SEEKER,
    ),
    "consult.desk_step": ("/consult/questions/{question}/claim", {}, OPERATOR_POST, THE_OPERATOR),
    "consult.make_consultant": (
        "/admin/users/{colleague}/consultant",
        {"credentials": "CPC", "specialties": "spine"},
        OPERATOR_POST,
        THE_OPERATOR,
    ),
    "alerts.resubscribe": ("/alerts/resubscribe/not-a-token", {}, TO_LOG_IN, NOBODY),
    "alerts.subscribe": (
        "/alerts",
        {"query": "q=spine", "frequency": "weekly", "email": "guest@example.com"},
        TO_LOG_IN,
        EVERYONE,
    ),
    "alerts.subscribe_as_guest": (  # an alert waiting for its e-mailed link, whoever asks
        "/alerts/guest",
        {"query": "q=spine", "frequency": "weekly", "email": "guest@example.com"},
        TO_LOG_IN,
        EVERYONE,
    ),
    "alerts.unsubscribe": ("/alerts/unsubscribe/not-a-token", {}, (404,) * 6, NOBODY),
    "seekers.invite": (  # the first seeker's profile, opted in to being found
        "/employer/coders/{profile}/invite",
        {"job": Placeholder("{job}")},
        (302, 403, 403, 302, 302, 403),  # another company's employer is told it is not theirs
        THE_EMPLOYER,
    ),
    "moderation.take_down": (
        "/admin/jobs/{job}/take-down",
        {"reason": "A posting for a company that does not exist."},
        OPERATOR_POST,
        THE_OPERATOR,
    ),
    "moderation.dismiss": ("/admin/jobs/{job}/reports/dismiss", {}, OPERATOR_POST, THE_OPERATOR),
    "moderation.suspend": (
        "/admin/users/{colleague}/suspend",
        {"reason": "Posting the same spam under many names."},
        OPERATOR_POST,
        THE_OPERATOR,
    ),
    "moderation.reinstate": ("/admin/users/{colleague}/reinstate", {}, OPERATOR_POST, THE_OPERATOR),
    "moderation.report": ("/jobs/{other_job}/report", {"reason": "spam"}, TO_LOG_IN, ANY_SIGNED_IN),
    "applications.add_note": (
        "/employer/applications/{application}/notes",
        {"text": "Strong spine background."},
        FIRST_COMPANY_POST,
        THE_EMPLOYER,
    ),
    "applications.apply": (
        "/jobs/{other_job}/apply",
        {"cover_note": "I code spine cases.", "resume": lambda: upload(PDF, "cv.pdf")},
        SEEKER_POST,
        BOTH_SEEKERS,
    ),
    "applications.change_stage": (
        "/employer/applications/{application}/stage",
        {"stage": "interview"},
        FIRST_COMPANY_POST,
        THE_EMPLOYER,
    ),
    "companies.create": (
        "/employer/company/new",
        {"name": "Third Coding Co"},
        (302, 403, 403, 302, 302, 403),
        NOBODY,
    ),
    "companies.edit": (  # each employer renames their own company
        "/employer/company",
        {"name": "Renamed Coding Co", "country": "US"},
        (302, 403, 403, 302, 302, 403),
        BOTH_EMPLOYERS,
    ),
    "companies.join": ("/companies/join/not-a-token", {}, TO_LOG_IN, NOBODY),
    "companies.remove_member": (  # only the first company's owner has that colleague
        "/employer/company/team/{colleague}/remove",
        {},
        (302, 403, 403, 302, 302, 403),
        THE_EMPLOYER,
    ),
    "companies.team": (
        "/employer/company/team",
        {"email": "new.recruiter@example.com"},
        (302, 403, 403, 302, 302, 403),
        BOTH_EMPLOYERS,
    ),
    "jobs.approve": (
        "/admin/jobs/{pending}/approve",
        {},
        OPERATOR_POST,
        THE_OPERATOR,
    ),
    "jobs.close": (
        "/employer/jobs/{job}/close",
        {"reason": "filled"},
        FIRST_COMPANY_POST,
        THE_EMPLOYER,
    ),
    "jobs.edit_job": ("/employer/jobs/{job}/edit", {}, FIRST_EMPLOYERS, THE_EMPLOYER),
    "jobs.new_job": ("/employer/jobs/new", {}, EMPLOYERS, BOTH_EMPLOYERS),
    "jobs.reject": (
        "/admin/jobs/{pending}/reject",
        {"reason": "Please add a pay range."},
        OPERATOR_POST,
        THE_OPERATOR,
    ),
    "jobs.renew": (
        "/employer/jobs/{closed}/renew",
        {},
        FIRST_COMPANY_POST,
        THE_EMPLOYER,
    ),
    "jobs.submit": (
        "/employer/jobs/{draft}/submit",
        {},
        FIRST_COMPANY_POST,
        THE_EMPLOYER,
    ),
    "seekers.profile": ("/me/profile", {}, SEEKER_POST, BOTH_SEEKERS),
    "seekers.save": ("/jobs/{other_job}/save", {}, SEEKER_POST, BOTH_SEEKERS),
    "seekers.unsave": (
        "/jobs/{other_job}/unsave",
        {},
        SEEKER_POST,
        BOTH_SEEKERS,
    ),
}


def test_every_post_route_has_a_row():
    from careercenter import create_app

    rules = create_app().url_map.iter_rules()
    posted = {rule.endpoint for rule in rules if "POST" in (rule.methods or ())}
    assert posted - set(POST_TABLE) == set(), "POST routes with no row in the table"
    assert set(POST_TABLE) - posted == set(), "rows for POST routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(POST_TABLE))
def test_each_post_route_serves_only_its_roles_and_refusals_change_nothing(visitors, endpoint):
    browsers, objects = visitors
    path, body, expected, may_act = POST_TABLE[endpoint]
    url = path.format(**objects)
    tokens = {role: browsers[role].csrf_token() for role in ROLES}
    order = sorted(range(len(ROLES)), key=lambda i: may_act[i])  # refused roles first
    wrong = []
    for i in order:
        role = ROLES[i]
        before = stored_rows()
        data = {key: value() if callable(value) else value for key, value in body.items()}
        data = {
            key: value.format(**objects) if isinstance(value, Placeholder) else value
            for key, value in data.items()
        }
        got = browsers[role].client.post(url, data={**data, "csrf_token": tokens[role]})
        after = stored_rows()
        if got.status_code != expected[i]:
            wrong.append(f"{role}: {got.status_code}, table says {expected[i]}")
        if not may_act[i] and (changed := changed_tables(before, after)):
            wrong.append(f"{role} may not act, yet changed {changed}")
        if got.status_code >= 500:
            wrong.append(f"{role}: server error")
    assert not wrong, f"POST {url}\n" + "\n".join(wrong)


def test_the_picture_of_stored_rows_sees_a_changed_value_and_a_new_row(app):
    """The refusals above are shown to change nothing by comparing these pictures."""
    job = JobFactory(title="Pictured Coder")
    before = stored_rows()
    job.title = "Pictured Coder, edited"
    db.session.commit()
    assert "jobs" in changed_tables(before, stored_rows())
    before = stored_rows()
    UserFactory(email="new@example.com")
    assert "users" in changed_tables(before, stored_rows())
