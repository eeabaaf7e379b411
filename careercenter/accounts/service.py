"""Account rules: who can register, log in, verify, reset and change a password."""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from careercenter.accounts.models import ROLE_SEEKER, ROLES, User
from careercenter.accounts.passwords import (
    decoy_hash,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from careercenter.accounts.sessions import is_active, revoke_all
from careercenter.extensions import db
from careercenter.mail import send_email
from careercenter.text import whole_number
from careercenter.timeutil import utcnow
from careercenter.tokens import InvalidToken, make_token, read_token


class AccountError(ValueError):
    """A rule of accounts was broken; the message is safe to show the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str, email: str, name: str = "") -> None:
    """Refuse a common, guessable or context-made password (NIST SP 800-63B)."""
    problem = password_problem(password, email, name, current_app.config["SITE_NAME"])
    if problem:
        raise AccountError(problem, "password")


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def register_user(
    email: str, password: str, name: str, role: str = ROLE_SEEKER, next_url: str = ""
) -> User | None:
    """Create an unconfirmed account and mail its confirmation link (which signs the user in
    and takes them back to ``next_url``). For an address that already has an account, do the
    same work and mail its owner a note instead, so the page and its timing never tell
    whether an address is registered. Returns the new account, or None."""
    if role not in ROLES or role == "admin":
        raise AccountError("Choose whether you are looking for work or hiring.", "role")
    email = normalise_email(email)
    check_new_password(password, email, name)
    password_hash = hash_password(password)  # hashed either way: the same time either way
    existing = find_user_by_email(email)
    if existing is not None:
        send_email(
            existing.email,
            f"Someone tried to sign up to {current_app.config['SITE_NAME']} with your address",
            "account_exists",
            user=existing,
            login_link=url_for("accounts.login", _external=True),
            reset_link=url_for("accounts.request_reset", _external=True),
        )
        db.session.commit()
        return None
    user = User(email=email, name=name.strip(), password_hash=password_hash, role=role)
    db.session.add(user)
    db.session.flush()  # the id, for the link; the account and its e-mail commit together
    send_verification_email(user, next_url)
    return user


class AccountSuspended(Exception):
    """The password was right, but an operator suspended the account."""


def authenticate(email: str, password: str) -> User | None:
    """The user whose e-mail and password match, or None; never says which part was wrong.
    A suspended account (password right) raises AccountSuspended."""
    user = find_user_by_email(email)
    if user is None:
        verify_password(decoy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if user.suspended_at is not None:
        raise AccountSuspended(user.suspended_reason or "")
    if needs_rehash(user.password_hash):  # scrypt from before, or weaker Argon2 parameters
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def load_user_from_session(identifier: str) -> User | None:
    """Flask-Login loader: the id carries the password generation and the server-side
    session, so a new password, a log-out or "log out everywhere" ends it."""

    user_id, version, session_id = ([*identifier.split(":"), "", ""])[:3]
    number, generation = whole_number(user_id), whole_number(version)
    if number is None or generation is None or not session_id:
        return None
    user = db.session.get(User, number)
    if user is None or user.session_version != generation or user.suspended_at is not None:
        return None
    if not is_active(user.id, session_id):
        return None
    user.login_session_id = session_id
    return user


def send_verification_email(user: User, next_url: str = "") -> bool:
    payload = {"user": user.id, "email": user.email, "next": next_url}
    token = make_token("verify-email", payload)
    queued = send_email(
        user.email,
        "Confirm your e-mail address",
        "verify_email",
        user=user,
        link=url_for("accounts.verify_email", token=token, _external=True),
    )
    db.session.commit()
    return queued


def verify_email(token: str) -> tuple[User, bool, str]:
    """Confirm the address in a verification link. Returns the account, whether this was
    its first confirmation (which signs a new account in) and where the user started."""
    max_age = current_app.config["EMAIL_TOKEN_MAX_AGE"]
    try:
        payload = read_token("verify-email", token, max_age)
    except InvalidToken as error:
        raise AccountError("This confirmation link is invalid or has expired.") from error
    user = db.session.get(User, payload.get("user"))
    if user is None or user.email != payload.get("email"):
        raise AccountError("This confirmation link is invalid or has expired.")
    first = user.email_verified_at is None
    mark_email_verified(user)
    return user, first, str(payload.get("next") or "")


def mark_email_verified(user: User) -> None:
    """Record that the user proved they read this address (a confirm or reset link)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.commit()


def _reset_fingerprint(user: User) -> str:
    # Changes when the password changes, so a reset link works once.
    return user.password_hash[-16:]


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way."""
    user = find_user_by_email(email)
    if user is None:
        # The same work as for an account (a message rendered and queued), so neither the
        # page nor its timing says whether the address is registered.
        send_email(
            normalise_email(email),
            f"Password reset for {current_app.config['SITE_NAME']}",
            "reset_no_account",
            register_link=url_for("accounts.register", _external=True),
        )
        db.session.commit()
        return
    token = make_token("reset-password", {"user": user.id, "fp": _reset_fingerprint(user)})
    send_email(
        user.email,
        "Reset your CareerCenter password",
        "reset_password",
        user=user,
        link=url_for("accounts.reset_password", token=token, _external=True),
    )
    db.session.commit()


def user_for_reset_token(token: str) -> User:
    max_age = current_app.config["RESET_TOKEN_MAX_AGE"]
    try:
        payload = read_token("reset-password", token, max_age)
    except InvalidToken as error:
        raise AccountError("This reset link is invalid or has expired.") from error
    user = db.session.get(User, payload.get("user"))
    if user is None or payload.get("fp") != _reset_fingerprint(user):
        raise AccountError("This reset link is invalid or has already been used.")
    return user


def set_password(user: User, new_password: str) -> None:
    """Store a new password and end every other session of this account."""

    check_new_password(new_password, user.email, user.name)
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    db.session.commit()
    revoke_all(user)


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError("Your current password is not correct.", "current_password")
    set_password(user, new_password)
