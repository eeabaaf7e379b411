"""Logging out ends the session on the server: a copied session or remember-me cookie does
not outlive it, and "log out everywhere" ends every other browser's session too."""

from __future__ import annotations

from tests.support.factories import UserFactory
from tests.support.people import PASSWORD


def copy_cookies(source, target) -> None:
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def test_copied_cookies_stop_working_when_their_session_logs_out(app, user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com", remember="y")
    assert user.client.get_cookie("remember_token") is not None
    thief = app.test_client()
    copy_cookies(user.client, thief)
    assert signed_in(thief)

    user.logout()

    assert not signed_in(user.client)
    assert not signed_in(thief)  # neither the session cookie nor the remember cookie works
    only_remember = app.test_client()
    only_remember.set_cookie("remember_token", thief.get_cookie("remember_token").value)
    assert not signed_in(only_remember)


def test_log_out_everywhere_ends_every_browsers_session(app, user, other_user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    other_user.login("dana@example.com", PASSWORD, remember="y")
    assert signed_in(other_user.client)

    page = user.submit("/account/logout-everywhere")

    assert b"logged out on every device" in page.data
    assert not signed_in(user.client) and not signed_in(other_user.client)
    assert signed_in(user.client) is False
    user.login("dana@example.com")
    assert signed_in(user.client)  # a new log-in works


def test_a_password_change_keeps_this_browser_and_ends_the_others(user, other_user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    other_user.login("dana@example.com")
    new = "a new long passphrase"
    user.submit(
        "/account/password", {"current_password": PASSWORD, "password": new, "confirm": new}
    )
    assert signed_in(user.client) and not signed_in(other_user.client)
