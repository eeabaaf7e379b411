"""Links the board writes come from BASE_URL in production, whatever Host or X-Forwarded-Host a
request carries: a forged host would otherwise receive the tokens in reset and confirmation
links (password-reset poisoning) or poison links on pages proxies cache."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF, upload
from tests.support.mailbox import Mailbox
from tests.support.people import IsolatedClient, UserActions

SITE = "https://jobs.example.org"
FORGED = {
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Prefix": "/evil",
    "X-Forwarded-Proto": "http",
}
ADDRESS = re.compile(r"""(?:https?:)?//[^\s"'<>)\]]+""")


class ForgingClient(IsolatedClient):
    """A client whose every request carries forged forwarding headers, as an attacker's
    script would send them, to an address the machine answers that is not the site's own
    (gunicorn's port reached directly)."""

    address = "http://127.0.0.1:8000"

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", self.address)
        # A browser sends Referer on a same-origin form (the board's Referrer-Policy), which
        # Flask-WTF checks over HTTPS.
        headers = {"Referer": SITE + "/", **FORGED}
        kwargs["headers"] = {**headers, **dict(kwargs.get("headers") or {})}
        return super().open(*args, **kwargs)


@pytest.fixture(params=[0, 1], ids=["no-proxy", "one-trusted-proxy"])
def production(app_with, request):
    """The board in production mode, directly exposed or behind one trusted proxy."""
    board = app_with(ENVIRONMENT="production", BASE_URL=SITE, TRUSTED_PROXIES=request.param)
    board.test_client_class = ForgingClient
    return board, request.param


def addresses_in(text: str) -> set[str]:
    return {match.rstrip(".,;") for match in ADDRESS.findall(text)}


def assert_only_the_site(text: str) -> None:
    assert "evil" not in text
    found = {address for address in addresses_in(text) if "example.org" in address}
    for address in found:
        assert address.startswith(SITE + "/") or address == SITE, address


def mail_text(mailbox: Mailbox, address: str) -> str:
    messages = mailbox.to(address)
    assert messages, f"no e-mail to {address}"
    return "\n".join(
        part.get_content()
        for message in messages
        for part in message.walk()
        if part.get_content_type().startswith("text/")
    )


def test_every_e_mail_a_forged_request_causes_links_to_the_site(production, mailbox):
    board, hops = production
    if hops:
        # Behind a proxy that passes the client's X-Forwarded-Host on, the forged host is a
        # host the board does not serve: refused, and nothing is sent.
        refused = board.test_client().get("/login")
        assert refused.status_code == 400
        return
    person = UserActions(board.test_client())

    person.submit(
        "/register",
        {
            "email": "new@example.com",
            "name": "Pat",
            "role": "seeker",
            "password": "a long passphrase here",
            "confirm": "a long passphrase here",
        },
    )
    UserFactory(email="known@example.com", email_verified_at=None)
    person.submit("/account/reset", {"email": "known@example.com"})
    person.submit("/account/reset", {"email": "unknown@example.com"})
    person.login("known@example.com")
    person.submit("/account/verify/resend")
    person.logout()

    owner = EmployerFactory(email="owner@ridgeline.example")
    job = JobFactory(company=owner.company, title="Spine Surgery Coder")
    person.login("owner@ridgeline.example")
    person.submit("/employer/company/team", {"email": "colleague@ridgeline.example"})
    person.logout()

    UserFactory(email="dana@example.com")
    person.login("dana@example.com")
    person.submit(
        f"/jobs/{job.id}/apply", {"cover_note": "Hello", "resume": upload(PDF, "dana.pdf")}
    )
    person.logout()

    guest = UserActions(board.test_client())
    guest.submit(
        "/alerts", {"query": "q=spine", "frequency": "daily", "email": "guest@example.com"}
    )

    for address, link in [
        ("new@example.com", "/account/verify/"),
        ("known@example.com", "/account/reset/"),
        ("unknown@example.com", "/register"),
        ("colleague@ridgeline.example", "/companies/join/"),
        ("dana@example.com", "/me/applications"),
        ("owner@ridgeline.example", "/employer/"),
        ("guest@example.com", "/alerts/confirm/"),
    ]:
        text = mail_text(mailbox, address)
        assert_only_the_site(text)
        assert f"{SITE}{link}" in text, (address, text[:800])
    for message in mailbox.messages:
        assert message["Message-ID"].endswith("@jobs.example.org>")


def test_feeds_sitemaps_and_structured_data_name_only_the_site(production):
    board, hops = production
    with board.app_context():
        job = JobFactory(title="Spine Surgery Coder", code_tags=["63030"])
        job_path = f"/jobs/{job.path_key}"
    browser = board.test_client()
    pages = [
        "/robots.txt",
        "/sitemap.xml",
        "/jobs/feed.rss",
        "/jobs/feed.atom",
        job_path,
        "/api/v1/jobs?q=spine",
        "/codes/cpt/63030/feed.rss",
    ]
    for page in pages:
        answer = browser.get(page, follow_redirects=True)
        if hops:
            assert answer.status_code == 400, page
            continue
        assert answer.status_code == 200, page
        body = answer.get_data(as_text=True)
        assert_only_the_site(body)
        assert SITE + "/" in body, page


def test_a_request_for_a_host_the_board_does_not_serve_is_refused(production, mailbox):
    board, _ = production
    browser = board.test_client()
    for host in ("evil.example", "jobs.example.org.evil.example"):
        answer = browser.get("/account/reset", base_url=f"https://{host}")
        assert answer.status_code == 400
    answer = browser.post(
        "/account/reset", data={"email": "known@example.com"}, base_url="https://evil.example"
    )
    assert answer.status_code == 400 and not mailbox.messages
    # The machine's own health checks still reach it.
    local = {"X-Forwarded-Host": "localhost"}  # a probe on the machine, through its proxy
    assert (
        browser.get("/healthz", base_url="http://127.0.0.1:8000", headers=local).status_code == 200
    )


def test_a_trusted_proxy_may_name_the_site_itself(app_with):
    board = app_with(ENVIRONMENT="production", BASE_URL=SITE, TRUSTED_PROXIES=1)
    answer = board.test_client().get(
        "/robots.txt",
        base_url="http://10.0.0.5:8000",
        headers={"X-Forwarded-Host": "jobs.example.org"},
    )
    assert answer.status_code == 200 and f"Sitemap: {SITE}/sitemap.xml" in answer.get_data(
        as_text=True
    )


def test_a_proxy_prefix_is_read_only_when_the_operator_says_so(app_with):
    plain = app_with(TRUSTED_PROXIES=1)
    forged = plain.test_client().get("/robots.txt", headers={"X-Forwarded-Prefix": "/evil"})
    assert "/evil" not in forged.get_data(as_text=True)
    prefixed = app_with(TRUSTED_PROXIES=1, TRUSTED_PROXY_PREFIX=True)
    served = prefixed.test_client().get("/robots.txt", headers={"X-Forwarded-Prefix": "/board"})
    assert "/board/sitemap.xml" in served.get_data(as_text=True)
