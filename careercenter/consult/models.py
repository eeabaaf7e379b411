"""Consultants, the questions coders ask them, and what is written on each question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from careercenter.accounts.models import User
from careercenter.extensions import db
from careercenter.timeutil import utcnow

NEW, CLAIMED, ANSWERED, CLOSED = "new", "claimed", "answered", "closed"
STATUSES = (NEW, CLAIMED, ANSWERED, CLOSED)
# What is written on a question: the asker's follow-up, a consultant's answer (the asker
# reads it), a consultant's internal note (never shown to the asker), a hand-over.
FOLLOW_UP, ANSWER, NOTE, HANDOVER = "follow_up", "answer", "note", "handover"


class Consultant(db.Model):
    """An account an operator made a consultant: the credentials and specialties shown on
    its profile, the code systems it answers about, and how it hears of new questions."""

    __tablename__ = "consultants"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    credentials: Mapped[list[str]] = mapped_column(JSON, default=list)
    specialties: Mapped[list[str]] = mapped_column(JSON, default=list)
    code_systems: Mapped[list[str]] = mapped_column(JSON, default=list)
    digest: Mapped[str] = mapped_column(String(8), default="each")  # each, off
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class ConsultQuestion(db.Model):
    __tablename__ = "consult_questions"
    __table_args__ = (Index("ix_consult_questions_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    asker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    codes: Mapped[list[str]] = mapped_column(JSON, default=list)  # "cpt:63035", as linked
    specialty: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10), default=NEW)
    claimed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str] = mapped_column(String(10), default="web")  # web, casepilot, email
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # The asker's consent to publish the question and its answer, without names, on the
    # pages of the codes it names; set when a consultant publishes it.
    publish_consent: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]

    asker: Mapped[User] = relationship(foreign_keys=[asker_id])
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    entries: Mapped[list[ConsultEntry]] = relationship(
        back_populates="question", order_by="ConsultEntry.id", cascade="all, delete-orphan"
    )


class ConsultEntry(db.Model):
    __tablename__ = "consult_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("consult_questions.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[ConsultQuestion] = relationship(back_populates="entries")
    author: Mapped[User | None] = relationship()


class ConsultGrant(db.Model):
    """Questions an operator granted an account beyond the free ones, for one month."""

    __tablename__ = "consult_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    extra: Mapped[int] = mapped_column(default=0)


class ConsultMail(db.Model):
    """A message of the desk's mailbox, kept once by its Message-ID however often the
    mailbox delivers it: incoming mail (what became of it) and the desk's own outgoing mail
    (so a reply to it lands in its question). The text itself is kept only on the question."""

    __tablename__ = "consult_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    direction: Mapped[str] = mapped_column(String(3))  # in, out
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("consult_questions.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
