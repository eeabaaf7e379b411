"""User accounts: job seekers, employer staff and operators."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.extensions import db
from careercenter.timeutil import utcnow

if TYPE_CHECKING:
    from careercenter.companies.models import Company

ROLE_SEEKER = "seeker"
ROLE_EMPLOYER = "employer"
ROLE_ADMIN = "admin"
ROLES = (ROLE_SEEKER, ROLE_EMPLOYER, ROLE_ADMIN)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=ROLE_SEEKER)
    company_id: Mapped[int | None] = mapped_column(
        ForeignKey("companies.id", ondelete="SET NULL"), index=True
    )
    # The employer who created the company manages its team (removes members).
    company_owner: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When this account was last removed from a company: invitations sent before then no
    # longer let it back in.
    left_company_at: Mapped[datetime | None]
    email_verified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Bumped when the password changes so that remember-me cookies and reset links die with it.
    session_version: Mapped[int] = mapped_column(default=1)
    # Set by an operator: the account cannot log in, and its sessions have ended.
    suspended_at: Mapped[datetime | None]
    suspended_reason: Mapped[str | None] = mapped_column(String(300))

    company: Mapped[Company | None] = relationship(back_populates="members")

    # The server-side session this request runs in (set at log-in and by the loader).
    login_session_id = None  # a plain attribute, not a column

    def get_id(self) -> str:
        """What the session and remember-me cookies carry: the account, its password
        generation and the server-side session, each of which can end the login."""
        return f"{self.id}:{self.session_version}:{self.login_session_id or ''}"

    @property
    def is_employer(self) -> bool:
        return self.role == ROLE_EMPLOYER

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def is_seeker(self) -> bool:
        return self.role == ROLE_SEEKER

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginSession(db.Model):
    """One log-in of one browser; revoked at log-out. ``id`` is the SHA-256 of the random
    session id the cookie carries."""

    __tablename__ = "login_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
