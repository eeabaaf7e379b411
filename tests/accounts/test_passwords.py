"""New passwords follow NIST SP 800-63B: long enough, not common, not guessable, not made of
the site's name or the user's address; stored as Argon2id, old scrypt hashes upgraded."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from careercenter.accounts.models import User
from careercenter.extensions import db
from tests.support.factories import UserFactory
from tests.support.people import PASSWORD


def register(user, password: str, email: str = "dana.reyes@example.com"):
    form = {"email": email, "name": "Dana Reyes", "role": "seeker"}
    return user.submit("/register", {**form, "password": password, "confirm": password})


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password12", "very common password"),
        ("1234567890", "common password"),
        ("aaaaaaaaaa", "Repeats"),
        ("careercenter2026", "s name in your password"),
        ("danareyes1984!", "your e-mail address in your password"),
        ("short", "at least 10 characters"),
    ],
)
def test_weak_and_context_passwords_are_refused_with_a_reason(user, password, message):
    page = register(user, password).data.decode()
    assert message in page
    assert db.session.scalar(db.select(User)) is None


def test_a_long_unusual_passphrase_is_accepted_and_stored_as_argon2id(user):
    register(user, "lamp orbit velvet quarry")
    stored = db.session.scalar(db.select(User))
    assert stored.password_hash.startswith("$argon2id$")


def test_an_scrypt_hash_from_before_is_upgraded_at_the_next_log_in(user):
    UserFactory(email="old@example.com", password_hash=generate_password_hash(PASSWORD, "scrypt"))
    assert b"Logged in as old@example.com" in user.login("old@example.com").data
    db.session.expire_all()
    upgraded = db.session.scalar(db.select(User.password_hash))
    assert upgraded.startswith("$argon2id$")
    user.logout()
    assert b"Logged in as" in user.login("old@example.com").data  # the new hash works


def test_a_new_password_is_checked_too(user):
    UserFactory(email="dana@example.com")
    user.login("dana@example.com")
    page = user.submit(
        "/account/password",
        {"current_password": PASSWORD, "password": "1234567890", "confirm": "1234567890"},
    )
    assert b"common password" in page.data


def test_only_the_test_suite_hashes_cheaply_and_a_cheap_hash_is_upgraded_elsewhere(app_with):
    from careercenter.accounts.passwords import hash_password, hasher, needs_rehash

    production = app_with(TESTING=False)
    with production.app_context():
        real = hasher()
        assert (real.time_cost, real.memory_cost, real.parallelism) == (3, 65536, 4)
        assert hash_password(PASSWORD).startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    cheap = hash_password(PASSWORD)  # in the suite's own (TESTING) app
    assert cheap.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    with production.app_context():
        assert needs_rehash(cheap)
