"""Employers: the company behind a posting and the staff who manage it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from careercenter.extensions import db
from careercenter.timeutil import utcnow

if TYPE_CHECKING:
    from careercenter.accounts.models import User
    from careercenter.jobs.models import Job


class Company(db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    slug: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    about: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str | None] = mapped_column(String(100))
    state: Mapped[str | None] = mapped_column(String(2))
    country: Mapped[str] = mapped_column(String(2), default="US")
    # The logo lives in the database so that every web worker serves the same bytes.
    logo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    logo_mime: Mapped[str | None] = mapped_column(String(32))
    logo_updated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="company")
    jobs: Mapped[list[Job]] = relationship(back_populates="company")

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.city, self.state) if part)

    def __repr__(self) -> str:
        return f"<Company {self.slug}>"
