"""Asking CasePilot: refuse patient information before anything is kept, meter the answers,
keep the question (account, time, text), answer from facts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import current_app

from careercenter.casepilot.answers import Answer, answer
from careercenter.casepilot.models import AskedQuestion
from careercenter.casepilot.phrasing import phrase
from careercenter.casepilot.questions import MAX_LENGTH
from careercenter.codes.metering import ASK, UNLIMITED, Allowance, spend
from careercenter.extensions import db
from careercenter.privacy import patient_information, refusal


@dataclass
class Asked:
    """What became of a question: refused (and why), not allowed, or answered."""

    question: str
    refused: str = ""
    allowance: Allowance = UNLIMITED
    answer: Answer | None = None


def ask(user: object, text: str) -> Asked:
    """Answer a question for a visitor, or say why not. Text with patient information is
    refused before it is stored anywhere."""
    question = " ".join(text.split())[:MAX_LENGTH]
    if not question:
        return Asked(question, refused="Type a question about a code.")
    found = patient_information(question)
    if found:
        return Asked(question, refused=refusal(found))
    allowance = _spend(user, question)
    if not allowance.allowed:
        return Asked(question, allowance=allowance)
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    db.session.add(AskedQuestion(user_id=user_id, text=question))
    db.session.commit()
    reply = answer(question)
    reply.phrased = phrase(reply, current_app.config) or ""
    return Asked(question, allowance=allowance, answer=reply)


def _spend(user: object, question: str) -> Allowance:
    config = current_app.config
    if not config["ASK_METERING"]:
        return UNLIMITED
    key = hashlib.sha256(question.lower().encode()).hexdigest()[:16]  # the same question twice
    return spend(user, ASK, key, config["ASK_GUEST"], config["ASK_FREE"])
