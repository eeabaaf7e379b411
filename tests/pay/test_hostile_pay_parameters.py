"""Every parameter of the pay page, its CSV and the posting form's pay position, given the
naughty strings: a 400 with a message or a page, never a 500."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.security.test_naughty_input import naughty_values
from tests.support.factories import JobFactory

PAGES = {
    "/pay": (
        "code",
        "credential",
        "specialty",
        "setting",
        "experience",
        "work_mode",
        "state",
        "months",
        "q",
    ),
    "/pay.csv": ("code", "months", "state"),
    "/pay/position": (
        "salary_min",
        "salary_max",
        "salary_unit",
        "salary_currency",
        "work_mode",
        "credential",
        "specialty",
    ),
}


def test_no_pay_parameter_breaks_a_page(client):
    JobFactory.create_batch(3)
    failures = []
    for path, names in PAGES.items():
        for name in names:
            for value in naughty_values(f"pay:{path}:{name}"):
                text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                base = {"salary_min": "60000"} if path == "/pay/position" else {}
                reply = client.get(f"{path}?{urlencode({**base, name: text})}")
                if reply.status_code >= 500:
                    failures.append(f"{path} {name}={text[:40]!r}: {reply.status_code}")
                elif reply.status_code == 400 and not reply.data.strip():
                    failures.append(f"{path} {name}={text[:40]!r}: 400 without a message")
    assert not failures, "\n".join(failures[:20])


def test_a_bad_amount_on_the_form_is_named_in_the_reply(client):
    reply = client.get("/pay/position?salary_min=lots&salary_unit=FORTNIGHT")
    assert reply.status_code == 400
    fields = reply.get_json()["error"]["fields"]
    assert set(fields) == {"salary_min", "salary_unit"}
