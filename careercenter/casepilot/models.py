"""Questions asked of CasePilot: the account (if any), the time and the text, nothing more."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from careercenter.extensions import db
from careercenter.timeutil import utcnow


class AskedQuestion(db.Model):
    __tablename__ = "asked_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(String(500))
