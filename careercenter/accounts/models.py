"""User accounts: job seekers, employer staff and operators."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
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
    email_verified_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Bumped when the password changes so that remember-me cookies and reset links die with it.
    session_version: Mapped[int] = mapped_column(default=1)

    company: Mapped[Company | None] = relationship(back_populates="members")

    def get_id(self) -> str:
        """Tie the login session to the password generation, so a password change logs out."""
        return f"{self.id}:{self.session_version}"

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
