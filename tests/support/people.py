"""People using the board in tests: a browser session (its own app context per request, as a
real server gives it) that reads forms, submits them with their CSRF token, and signs in."""

from __future__ import annotations

import re
from typing import Any

from flask.globals import _cv_app
from flask.testing import FlaskClient

from tests.support.mailbox import Mailbox

# Who can visit: the security tests try every route as each of them.
ROLES = ("guest", "seeker", "other_seeker", "employer", "other_employer", "admin")
PASSWORD = "correct horse battery staple"
# A page's CSRF token: the meta tag signed-in pages carry, or a form's hidden field.
CSRF_IN_PAGE = (
    r'<meta name="csrf-token" content="([^"]+)"'
    r'|name="csrf_token" (?:type="hidden" )?value="([^"]+)"'
)
CSRF_META = re.compile(CSRF_IN_PAGE.encode())


def without_csrf_tokens(page: bytes) -> bytes:
    """The page with its CSRF tokens blanked: a token carries the second it was signed in, so
    two otherwise equal answers differ when they straddle a second."""

    def blank(match: re.Match[bytes]) -> bytes:
        token = match.group(1) or match.group(2)
        return match.group(0).replace(token, b"TOKEN")

    return CSRF_META.sub(blank, page)


class IsolatedClient(FlaskClient):
    """Gives every request its own app context, as a real server does.

    Tests hold an app context for factories and service calls; without this, requests
    would share it, and with it ``g`` (the logged-in user) and the database session.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


class UserActions:
    """What a person does in the browser, as test steps: read forms, submit them, log in."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf_token(self, url: str = "/") -> str:
        """The token of a page's forms; a guest's pages without a form carry none (they set
        no session cookie), so the log-in page's form gives it then."""
        match = CSRF_META.search(self.client.get(url).data)
        if match is None and url == "/":
            match = CSRF_META.search(self.client.get("/login", follow_redirects=True).data)
        assert match, "page has no CSRF token"
        return (match.group(1) or match.group(2)).decode()

    def submit(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """POST a form the way a browser does: with the page's CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        kwargs.setdefault("follow_redirects", True)
        return self.client.post(url, data=data, **kwargs)

    def login(
        self, email: str, password: str = PASSWORD, follow_redirects: bool = True, **fields: Any
    ) -> Any:
        data = {"email": email, "password": password, **fields}
        return self.submit("/login", data, follow_redirects=follow_redirects)

    def logout(self) -> Any:
        return self.submit("/logout")

    def register(
        self, email: str, role: str = "seeker", name: str = "Pat Coder", confirm: bool = True
    ) -> Any:
        """Sign up, then (with ``confirm``) open the confirmation link from the e-mail, which
        signs the new account in; returns the page the user ends on."""
        page = self.submit(
            "/register",
            {"email": email, "name": name, "role": role, "password": PASSWORD, "confirm": PASSWORD},
        )
        if not confirm or b"Check your e-mail" not in page.data:
            return page
        link = Mailbox.shared.link_in_last(email.strip().lower(), "/account/verify/")
        return self.client.get(link, follow_redirects=True)
