"""Passwords: Argon2id hashes (older scrypt hashes are upgraded at the next log-in), and the
NIST SP 800-63B checks on a new password — no composition rules, but no password that is
common, a guessable pattern, or made of the site's name or the user's own e-mail address.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from werkzeug.security import check_password_hash
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MIN_GUESS_SCORE = 3  # zxcvbn's 0–4: 3 is "safely unguessable" by an offline attack on a slow hash
STRENGTH_CHECKED_CHARACTERS = 64  # zxcvbn slows down on very long input; the rest is margin
PRODUCTION_HASHER = PasswordHasher()  # Argon2id with RFC 9106's second recommended parameters
# Under TESTING only: Argon2id at its cheapest, so that the suite's hundreds of sign-ups and
# log-ins cost microseconds instead of ~100 ms each. A hash made this way is upgraded at its
# next log-in anywhere else (needs_rehash compares the parameters).
TESTING_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hasher() -> PasswordHasher:
    """The hasher for this app: the real parameters everywhere but a TESTING app."""
    if has_app_context() and current_app.config.get("TESTING"):
        return TESTING_HASHER
    return PRODUCTION_HASHER


_DECOYS: dict[PasswordHasher, str] = {}  # one per hasher, and there are two


def decoy_hash() -> str:
    """Checked against when no account exists, so that a wrong e-mail costs as long as a
    wrong password: made by the same hasher as the accounts' hashes."""
    chosen = hasher()
    if chosen not in _DECOYS:
        _DECOYS[chosen] = chosen.hash("decoy-password-that-never-matches")
    return _DECOYS[chosen]


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether the password matches an Argon2 hash, or a Werkzeug (scrypt) one from before."""
    if stored.startswith("$argon2"):
        try:
            return hasher().verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    return check_password_hash(stored, password)


def needs_rehash(stored: str) -> bool:
    return not stored.startswith("$argon2") or hasher().check_needs_rehash(stored)


def squeezed(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def password_problem(password: str, email: str = "", name: str = "", site: str = "") -> str | None:
    """Why a new password would be refused, in words for the form; None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    plain = squeezed(password)
    local, _, domain = email.lower().partition("@")
    for word, what in ((site, "the site's name"), (local, "your e-mail address")):
        if len(squeezed(word)) >= 3 and squeezed(word) in plain:
            return f"Do not use {what} in your password."
    context = [site, local, *domain.split("."), *name.split()]
    verdict = zxcvbn(password[:STRENGTH_CHECKED_CHARACTERS], user_inputs=[w for w in context if w])
    if verdict["score"] < MIN_GUESS_SCORE:
        reason = verdict["feedback"]["warning"] or "This password is easy to guess."
        return f"{reason} Try a few unrelated words, like a short sentence only you would write."
    return None
