"""Confirming an address, resetting and changing a password, all through real e-mail."""

from __future__ import annotations

from careercenter.accounts.models import User
from careercenter.extensions import db
from tests.support.factories import UserFactory
from tests.support.people import PASSWORD, UserActions

NEW_PASSWORD = "a brand new passphrase"


def test_the_confirmation_link_in_the_e_mail_confirms_the_address(user, mailbox):
    user.register("new@example.com", confirm=False)
    account = db.session.scalar(db.select(User).where(User.email == "new@example.com"))
    assert account.email_verified_at is None

    link = mailbox.link_in_last("new@example.com", "/account/verify/")
    page = user.client.get(link, follow_redirects=True)

    assert b"new@example.com is confirmed" in page.data
    db.session.refresh(account)
    assert account.email_verified_at is not None


def test_a_tampered_confirmation_link_is_refused(user, mailbox):
    user.register("new@example.com", confirm=False)
    link = mailbox.link_in_last("new@example.com", "/account/verify/")

    page = user.client.get(link[:-3] + "abc", follow_redirects=True)

    assert b"invalid or has expired" in page.data


def test_an_expired_confirmation_link_is_refused(app, user, mailbox, monkeypatch):
    user.register("new@example.com", confirm=False)
    link = mailbox.link_in_last("new@example.com", "/account/verify/")
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)

    page = user.client.get(link, follow_redirects=True)

    assert b"invalid or has expired" in page.data


def test_the_confirmation_can_be_sent_again(user, mailbox):
    user.register("new@example.com", confirm=False)
    user.login("new@example.com")  # an unconfirmed account can log in with its password

    page = user.submit("/account/verify/resend")

    assert b"We sent a new confirmation link" in page.data
    assert len(mailbox.to("new@example.com")) == 2


def test_a_forgotten_password_is_reset_by_e_mail_once(user, mailbox):
    UserFactory(email="coder@example.com", email_verified_at=None)

    page = user.submit("/account/reset", {"email": "coder@example.com"})
    assert b"If an account uses that address" in page.data
    link = mailbox.link_in_last("coder@example.com", "/account/reset/")

    page = user.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert b"Your password is changed" in page.data

    assert b"do not match an account" in user.login("coder@example.com", PASSWORD).data
    assert b"Logged in as" in user.login("coder@example.com", NEW_PASSWORD).data
    account = db.session.scalar(db.select(User).where(User.email == "coder@example.com"))
    assert account.email_verified_at is not None  # reading the e-mail proved the address

    user.logout()
    reused = user.client.get(link, follow_redirects=True)
    assert b"already been used" in reused.data


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_no_link(user, mailbox):
    page = user.submit("/account/reset", {"email": "nobody@example.com"})

    assert b"If an account uses that address" in page.data
    note = mailbox.text_of(mailbox.last_to("nobody@example.com"))
    assert "no account uses it" in note and "/account/reset/" not in note


def test_changing_the_password_logs_out_other_devices(app, user):
    UserFactory(email="coder@example.com")
    laptop, phone = user, UserActions(app.test_client())
    laptop.login("coder@example.com")
    phone.login("coder@example.com")

    page = laptop.submit(
        "/account/password",
        {"current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert b"Other devices have been logged out" in page.data
    assert laptop.client.get("/account").status_code == 200
    assert phone.client.get("/account").status_code == 302


def test_changing_the_password_needs_the_current_one(user):
    UserFactory(email="coder@example.com")
    user.login("coder@example.com")

    page = user.submit(
        "/account/password",
        {"current_password": "wrong", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert b"Your current password is not correct" in page.data


def test_a_mail_outage_does_not_break_registration(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://127.0.0.1:1")

    page = user.register("new@example.com", confirm=False)

    assert page.status_code == 200
    assert db.session.scalar(db.select(User).where(User.email == "new@example.com")) is not None
