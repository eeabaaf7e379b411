"""The consultant desk's rules: who may ask and how often, what a question keeps, who sees
what (an asker never sees internal notes; a consultant works the queue), and the e-mail that
goes out with each step, queued in the same transaction."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import String, cast, func, select

from careercenter.accounts.models import User
from careercenter.casepilot.questions import named_codes
from careercenter.consult.models import (
    ANSWER,
    ANSWERED,
    CLAIMED,
    CLOSED,
    FOLLOW_UP,
    HANDOVER,
    NEW,
    NOTE,
    Consultant,
    ConsultEntry,
    ConsultGrant,
    ConsultMail,
    ConsultQuestion,
)
from careercenter.extensions import db
from careercenter.mail.compose import send_email, site_domain
from careercenter.moderation.service import record
from careercenter.privacy import patient_information, refusal
from careercenter.timeutil import utcnow

MAX_QUESTION = 4000
MAX_ENTRY = 8000


class ConsultError(ValueError):
    """A step that cannot be taken; the message says why, in the asker's words."""


# ---- consultants -----------------------------------------------------------------------------


def consultant_of(user: object) -> Consultant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    found = db.session.get(Consultant, user.id)
    return found if found is not None and found.active else None


def make_consultant(
    operator: User,
    user: User,
    credentials: list[str],
    specialties: list[str],
    code_systems: list[str],
    digest: str = "each",
) -> Consultant:
    """An operator makes an account a consultant (or updates what its profile shows and
    whether it gets an e-mail per new question)."""
    found = db.session.get(Consultant, user.id) or Consultant(user_id=user.id)
    found.credentials, found.specialties = list(credentials), list(specialties)
    found.code_systems, found.active = list(code_systems), True
    found.digest = digest if digest in ("each", "off") else "each"
    db.session.add(found)
    record(operator, "consultant", user.email, ", ".join(credentials))
    db.session.commit()
    return found


def consultants() -> list[Consultant]:
    return list(
        db.session.scalars(
            select(Consultant).where(Consultant.active.is_(True)).order_by(Consultant.user_id)
        )
    )


# ---- asking ----------------------------------------------------------------------------------


@dataclass
class Allowance:
    limit: int
    used: int

    @property
    def left(self) -> int:
        return max(self.limit - self.used, 0)


def allowance(user: User, now: datetime | None = None) -> Allowance:
    """Free questions a month (``CONSULT_FREE``) and what an operator granted on top."""
    now = now or utcnow()
    period = now.strftime("%Y-%m")
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    used = db.session.scalar(
        select(func.count(ConsultQuestion.id)).where(
            ConsultQuestion.asker_id == user.id, ConsultQuestion.created_at >= start
        )
    )
    granted = db.session.scalar(
        select(func.coalesce(func.sum(ConsultGrant.extra), 0)).where(
            ConsultGrant.user_id == user.id, ConsultGrant.period == period
        )
    )
    return Allowance(current_app.config["CONSULT_FREE"] + int(granted or 0), int(used or 0))


def grant(operator: User, user: User, extra: int) -> None:
    period = utcnow().strftime("%Y-%m")
    db.session.add(ConsultGrant(user_id=user.id, period=period, extra=extra))
    record(operator, "consult_grant", user.email, f"{extra} more questions in {period}")
    db.session.commit()


def check_text(text: str, limit: int) -> str:
    """The text as kept, or ConsultError saying what to change: empty, too long, or holding
    patient information (refused before anything is stored)."""
    text = text.strip()
    if not text:
        raise ConsultError("Write your question.")
    if len(text) > limit:
        raise ConsultError(f"Keep it under {limit:,} characters.")
    found = patient_information(text)
    if found:
        raise ConsultError(refusal(found))
    return text


def ask(
    user: User,
    text: str,
    specialty: str = "",
    source: str = "web",
    publish_consent: bool = False,
    found: list[str] | None = None,
) -> ConsultQuestion:
    """A signed-in, e-mail-confirmed account asks; consultants in its specialty hear of it."""
    if user.email_verified_at is None:
        raise ConsultError("Confirm your e-mail address first: answers are sent there.")
    body = check_text(text, MAX_QUESTION)
    if allowance(user).left <= 0:
        raise ConsultError(
            "You have used this month's questions. They renew on the 1st; an operator can "
            "grant more."
        )
    codes, _unknown, _words = named_codes(body)
    question = ConsultQuestion(
        asker_id=user.id,
        body=body,
        codes=[f"{named.system}:{named.code}" for named in codes],
        specialty=specialty,
        source=source,
        publish_consent=publish_consent,
    )
    if found:  # what CasePilot found before it said it could not answer
        question.entries.append(
            ConsultEntry(kind=NOTE, body="What CasePilot found:\n" + "\n".join(found))
        )
    db.session.add(question)
    db.session.flush()
    for consultant in _to_tell(question):
        _tell_consultant(consultant.user, question, f"New coding question #{question.id}")
    db.session.commit()
    return question


def _tell_consultant(consultant: User, question: ConsultQuestion, subject: str) -> None:
    send_email(
        consultant.email,
        subject,
        "consult_new",
        headers=thread_headers(question),
        question=question,
        url=url_for("consult.desk_question", question_id=question.id, _external=True),
    )


def thread_headers(question: ConsultQuestion) -> dict[str, str]:
    """Message-ID, In-Reply-To and References for the next message about a question, so a
    reply by e-mail (from the asker or a consultant) lands in the same question. The new
    Message-ID is recorded; only recorded ones ever thread a reply."""
    earlier = list(
        db.session.scalars(
            select(ConsultMail.message_id)
            .where(ConsultMail.question_id == question.id)
            .order_by(ConsultMail.id)
        )
    )
    new = f"<consult.{question.id}.{secrets.token_hex(8)}@{site_domain()}>"
    db.session.add(ConsultMail(message_id=new, direction="out", question_id=question.id))
    headers = {"Message-ID": new}
    if earlier:
        headers["In-Reply-To"] = earlier[-1]
        headers["References"] = " ".join(earlier[-20:])
    return headers


def _to_tell(question: ConsultQuestion) -> list[Consultant]:
    systems = {code.partition(":")[0] for code in question.codes}
    return [
        consultant
        for consultant in consultants()
        if consultant.digest == "each"
        and (
            not question.specialty
            or not consultant.specialties
            or question.specialty in consultant.specialties
        )
        and (not systems or not consultant.code_systems or systems & set(consultant.code_systems))
    ]


def questions_of(user: User) -> list[ConsultQuestion]:
    return list(
        db.session.scalars(
            select(ConsultQuestion)
            .where(ConsultQuestion.asker_id == user.id)
            .order_by(ConsultQuestion.id.desc())
        )
    )


def question_for_asker(user: User, question_id: int) -> ConsultQuestion | None:
    """The asker's own question, or None (another account's question does not exist for
    them)."""
    found = db.session.get(ConsultQuestion, question_id)
    return found if found is not None and found.asker_id == user.id else None


def visible_to_asker(question: ConsultQuestion) -> list[ConsultEntry]:
    """What the asker reads: answers and their own follow-ups, never notes or hand-overs."""
    return [entry for entry in question.entries if entry.kind in (ANSWER, FOLLOW_UP)]


def follow_up(user: User, question: ConsultQuestion, text: str) -> None:
    if question.status == CLOSED:
        raise ConsultError("This question is closed: ask a new one.")
    body = check_text(text, MAX_ENTRY)
    question.entries.append(ConsultEntry(author_id=user.id, kind=FOLLOW_UP, body=body))
    question.status = CLAIMED if question.claimed_by_id else NEW
    db.session.commit()


# ---- the desk ---------------------------------------------------------------------------------


@dataclass
class Queued:
    question: ConsultQuestion
    age: timedelta
    late: bool


def queue(
    status: str = "", specialty: str = "", system: str = "", now: datetime | None = None
) -> list[Queued]:
    """The questions a consultant works, oldest first, with their age against the hours an
    answer is due in (``CONSULT_ANSWER_HOURS``) and the late ones flagged."""
    now = now or utcnow()
    due = timedelta(hours=current_app.config["CONSULT_ANSWER_HOURS"])
    query = select(ConsultQuestion).order_by(ConsultQuestion.created_at)
    if status:
        query = query.where(ConsultQuestion.status == status)
    else:
        query = query.where(ConsultQuestion.status.in_((NEW, CLAIMED)))
    if specialty:
        query = query.where(ConsultQuestion.specialty == specialty)
    found = db.session.scalars(query.limit(500)).all()
    if system:
        found = [q for q in found if any(code.startswith(system + ":") for code in q.codes)]
    return [
        Queued(
            question,
            now - question.created_at,
            question.status in (NEW, CLAIMED) and now - question.created_at > due,
        )
        for question in found
    ]


def claim(consultant: User, question: ConsultQuestion) -> None:
    if question.status == CLOSED:
        raise ConsultError("This question is closed.")
    if question.claimed_by_id not in (None, consultant.id) and question.status == CLAIMED:
        raise ConsultError("Another consultant has claimed this question.")
    question.claimed_by_id, question.status = consultant.id, CLAIMED
    db.session.commit()


def note(consultant: User, question: ConsultQuestion, text: str) -> None:
    body = check_text(text, MAX_ENTRY)
    question.entries.append(ConsultEntry(author_id=consultant.id, kind=NOTE, body=body))
    db.session.commit()


def answer(consultant: User, question: ConsultQuestion, text: str) -> None:
    """Answer (Markdown, shown sanitised); the asker gets it by e-mail."""
    if question.status == CLOSED:
        raise ConsultError("This question is closed.")
    body = check_text(text, MAX_ENTRY)
    question.entries.append(ConsultEntry(author_id=consultant.id, kind=ANSWER, body=body))
    question.status, question.answered_at = ANSWERED, utcnow()
    question.claimed_by_id = question.claimed_by_id or consultant.id
    send_email(
        question.asker.email,
        f"Your coding question #{question.id} is answered",
        "consult_answer",
        headers=thread_headers(question),
        question=question,
        answer=body,
        consultant=consultant,
        url=url_for("consult.my_question", question_id=question.id, _external=True),
    )
    db.session.commit()


def hand_over(consultant: User, question: ConsultQuestion, to: Consultant) -> None:
    if question.status == CLOSED:
        raise ConsultError("This question is closed.")
    question.entries.append(
        ConsultEntry(
            author_id=consultant.id,
            kind=HANDOVER,
            body=f"Handed to {to.user.name} by {consultant.name}.",
        )
    )
    question.claimed_by_id, question.status = to.user_id, CLAIMED
    _tell_consultant(to.user, question, f"Coding question #{question.id} handed to you")
    db.session.commit()


def close(consultant: User, question: ConsultQuestion) -> None:
    question.status, question.closed_at = CLOSED, utcnow()
    db.session.commit()


def publish(consultant: User, question: ConsultQuestion) -> None:
    """Publish an answered question on the pages of the codes it names, when its asker
    consented; names are never shown (the page says a consultant with their credentials)."""
    if not question.publish_consent:
        raise ConsultError("The asker did not consent to publishing this question.")
    if not any(entry.kind == ANSWER for entry in question.entries):
        raise ConsultError("Answer the question before publishing it.")
    question.published_at = utcnow()
    db.session.commit()


@dataclass
class Published:
    question: str
    answer: str
    credentials: list[str]


def published_for(system: str, code: str, limit: int = 10) -> list[Published]:
    """The published questions that name a code, newest first, with their last answer."""
    key = f"{system}:{code}"
    found = db.session.scalars(
        select(ConsultQuestion)
        .where(
            ConsultQuestion.published_at.is_not(None),
            # narrowed in the database (every code page asks); checked exactly below
            cast(ConsultQuestion.codes, String).contains(f'"{key}"'),
        )
        .order_by(ConsultQuestion.published_at.desc())
        .limit(limit * 5)
    )
    shown = []
    for question in found:
        if key not in question.codes:
            continue
        answers = [entry for entry in question.entries if entry.kind == ANSWER]
        who = db.session.get(Consultant, answers[-1].author_id) if answers[-1].author_id else None
        shown.append(Published(question.body, answers[-1].body, who.credentials if who else []))
        if len(shown) >= limit:
            break
    return shown
