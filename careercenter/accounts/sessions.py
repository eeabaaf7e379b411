"""Log-in sessions kept on the server, so that logging out ends a session for good: a copied
session cookie or remember-me cookie stops working once its session is revoked.

Each log-in gets a random id; the cookie carries it (through ``User.get_id``) and the
database keeps only its SHA-256. Logging out revokes that one session; "log out everywhere"
and a password change revoke them all.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import request
from flask_login import login_user, logout_user
from sqlalchemy import update

from careercenter.accounts.models import LoginSession, User
from careercenter.extensions import db
from careercenter.timeutil import utcnow


def digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def sign_in(user: User, remember: bool = False) -> None:
    """Start a new server-side session for this browser and log the user in with it."""
    session_id = secrets.token_hex(16)
    agent = (request.user_agent.string or "")[:200] if request else ""
    db.session.add(LoginSession(id=digest(session_id), user_id=user.id, user_agent=agent))
    db.session.commit()
    user.login_session_id = session_id
    login_user(user, remember=remember)


def is_active(user_id: int, session_id: str) -> bool:
    row = db.session.get(LoginSession, digest(session_id))
    return row is not None and row.user_id == user_id and row.revoked_at is None


def sign_out(user: User | None) -> None:
    """Revoke this browser's session, then clear its cookies."""
    session_id = getattr(user, "login_session_id", None)
    if session_id:
        db.session.execute(
            update(LoginSession)
            .where(LoginSession.id == digest(session_id), LoginSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        db.session.commit()
    logout_user()


def revoke_all(user: User) -> int:
    """End every session of the account (log out everywhere, a new password)."""
    revoked = db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    db.session.commit()
    return revoked
