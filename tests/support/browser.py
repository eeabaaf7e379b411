"""What a person does in a real browser, shared by the browser journeys."""

from __future__ import annotations

from tests.support.people import PASSWORD


def sign_up_in_browser(page: object, base: str, mailbox: object, email: str, name: str) -> None:
    """Fill the open sign-up form, then open the confirmation link from the e-mail."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_text("Check your e-mail").wait_for()
    page.goto(base + mailbox.link_in_last(email, "/account/verify/"))
