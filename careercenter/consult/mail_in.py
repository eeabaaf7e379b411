"""Questions and replies by e-mail: the worker reads the desk's IMAP mailbox
(``CONSULT_IMAP_URL``, e.g. ``imaps://desk:secret@mail.example.org/INBOX``).

Each unseen message is handled once, by its Message-ID, however often the mailbox delivers
it, and marked read only after what it led to is committed: a reply to a message the desk
sent (In-Reply-To/References name one) is added to that question — from its asker as a
follow-up, from a consultant as an answer; a new message from a confirmed account becomes a
question, acknowledged with its number; anyone else gets one reply saying how to register,
which says nothing about whether the address has an account. Automatic mail
(``Auto-Submitted``, ``Precedence: bulk``) is never answered. Patient information is refused
and not stored; attachments are never stored; quoted text and signatures are trimmed; HTML-only
mail is read as text.
"""

from __future__ import annotations

import contextlib
import email
import hashlib
import html
import imaplib
import logging
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as DEFAULT_POLICY
from email.utils import parseaddr
from typing import Any
from urllib.parse import unquote, urlsplit

import nh3
from flask import current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from careercenter.accounts.models import User
from careercenter.consult import service
from careercenter.consult.models import ConsultMail, ConsultQuestion
from careercenter.extensions import db
from careercenter.mail.compose import send_email

log = logging.getLogger(__name__)

MAX_MESSAGE = 10 * 1024 * 1024  # larger messages are not fetched: the sender is told
MAX_PER_PASS = 200
AUTOMATIC = re.compile(r"^(?:bulk|junk|list|auto_reply)$", re.I)
QUOTE_HEAD = re.compile(r"^(?:On .{0,200}wrote:|-----\s*Original Message\s*-----|From: .+)$", re.I)


class MailboxUnavailable(Exception):
    """The IMAP server is down, hangs or refuses us; the next pass tries again."""


@dataclass
class MailReport:
    read: int = 0
    questions: int = 0
    replies: int = 0
    refused: int = 0
    ignored: int = 0
    duplicates: int = 0
    outcomes: list[str] = field(default_factory=list)

    def said(self) -> str:
        parts = [
            f"{count} {what}"
            for count, what in (
                (self.questions, "questions by e-mail"),
                (self.replies, "e-mail replies"),
                (self.refused, "refused"),
                (self.ignored, "automatic ignored"),
            )
            if count
        ]
        return ", ".join(parts)


def read_mailbox(url: str | None = None, limit: int = MAX_PER_PASS) -> MailReport:
    """One pass over the mailbox's unseen messages."""
    url = url or current_app.config.get("CONSULT_IMAP_URL", "")
    report = MailReport()
    if not url:
        return report
    address = urlsplit(url)
    if address.scheme not in ("imap", "imaps") or not address.hostname:
        raise MailboxUnavailable("CONSULT_IMAP_URL must be imap:// or imaps://user:pass@host/box")
    timeout = current_app.config.get("CONSULT_IMAP_TIMEOUT", 20)
    box = unquote(address.path.lstrip("/")) or "INBOX"
    try:
        if address.scheme == "imaps":
            imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                address.hostname, address.port or 993, timeout=timeout
            )
        else:
            imap = imaplib.IMAP4(address.hostname, address.port or 143, timeout=timeout)
        try:
            imap.login(unquote(address.username or ""), unquote(address.password or ""))
            imap.select(f'"{box}"')
            _, found = imap.uid("SEARCH", "UNSEEN")
            for uid in (found[0] or b"").split()[:limit]:
                _handle_uid(imap, uid, report)
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                imap.logout()
    except (OSError, TimeoutError, imaplib.IMAP4.error) as error:
        db.session.rollback()
        raise MailboxUnavailable(f"{address.hostname}: {error}") from error
    return report


def _handle_uid(imap: imaplib.IMAP4, uid: bytes, report: MailReport) -> None:
    _, sized = imap.uid("FETCH", uid, "(RFC822.SIZE BODY.PEEK[HEADER])")
    size = int(re.search(rb"RFC822\.SIZE (\d+)", sized[0][0]).group(1))
    headers = email.message_from_bytes(sized[0][1], policy=DEFAULT_POLICY)
    if size > MAX_MESSAGE:
        message: EmailMessage = headers  # type: ignore[assignment]
        outcome = handle(message, too_large=True)
    else:
        _, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
        message = email.message_from_bytes(fetched[0][1], policy=DEFAULT_POLICY)  # type: ignore[assignment]
        outcome = handle(message)
    report.read += 1
    report.outcomes.append(outcome)
    counted = {
        "question": "questions",
        "follow_up": "replies",
        "answer": "replies",
        "duplicate": "duplicates",
        "automatic": "ignored",
    }
    attribute = counted.get(outcome, "refused")
    setattr(report, attribute, getattr(report, attribute) + 1)
    imap.uid("STORE", uid, "+FLAGS", r"(\Seen)")  # only once what it led to is committed


def handle(message: EmailMessage, too_large: bool = False) -> str:
    """Do what a message asks; returns what became of it. Commits."""
    message_id = (message.get("Message-ID") or "").strip()[:250] or _made_up_id(message)
    if db.session.scalar(select(ConsultMail.id).where(ConsultMail.message_id == message_id)):
        return "duplicate"
    sender = parseaddr(str(message.get("From") or ""))[1].strip().lower()
    outcome, question = _act(message, sender, too_large)
    db.session.add(
        ConsultMail(
            message_id=message_id,
            direction="in",
            question_id=question.id if question else None,
            outcome=outcome,
        )
    )
    try:
        db.session.commit()
    except IntegrityError:  # another worker stored it first
        db.session.rollback()
        return "duplicate"
    return outcome


def _made_up_id(message: EmailMessage) -> str:
    """A message without a Message-ID is known by what it says (so a second delivery of it
    is still the same message)."""
    digest = hashlib.sha256(message.as_bytes()[:1_000_000]).hexdigest()[:40]
    return f"<no-id.{digest}@consult>"


def _act(message: EmailMessage, sender: str, too_large: bool) -> tuple[str, ConsultQuestion | None]:
    if _automatic(message, sender):
        return "automatic", None
    user = (
        db.session.scalar(select(User).where(func.lower(User.email) == sender)) if sender else None
    )
    if user is None or user.email_verified_at is None:
        _reply(sender, "Ask a coding consultant by e-mail", "consult_mail_register")
        return "not_registered", None
    if too_large:
        _reply(
            sender,
            "Your message was too large",
            "consult_mail_refused",
            reason=(
                "It is larger than this desk accepts. Send the question as plain text, without "
                "attachments."
            ),
        )
        return "too_large", None
    text = body_text(message)
    dropped = attachments(message)
    question = _threaded(message)
    try:
        if question is not None:
            return _add_reply(user, question, text), question
        question = service.ask(user, text, source="email")
    except service.ConsultError as error:
        _reply(sender, "Your message was not kept", "consult_mail_refused", reason=str(error))
        return "refused", None
    _reply(
        sender,
        f"Your coding question #{question.id}",
        "consult_mail_received",
        question=question,
        dropped=dropped,
        url=url_for("consult.my_question", question_id=question.id, _external=True),
        headers=service.thread_headers(question) | _answering(message),
    )
    return "question", question


def _answering(message: EmailMessage) -> dict[str, str]:
    """In-Reply-To the message being answered (so the asker's mail client threads it)."""
    own = (message.get("Message-ID") or "").strip()
    return {"In-Reply-To": own, "References": own} if own else {}


def _add_reply(user: User, question: ConsultQuestion, text: str) -> str:
    if user.id == question.asker_id:
        service.follow_up(user, question, text)
        return "follow_up"
    if service.consultant_of(user) is not None:
        service.answer(user, question, text)
        return "answer"
    raise service.ConsultError("Only the asker and the consultants can reply to a question.")


def _automatic(message: EmailMessage, sender: str) -> bool:
    auto = str(message.get("Auto-Submitted") or "no").strip().lower()
    precedence = str(message.get("Precedence") or "").strip()
    return (
        auto != "no"
        or bool(AUTOMATIC.match(precedence))
        or not sender
        or sender.startswith(("mailer-daemon@", "postmaster@", "noreply@", "no-reply@"))
        or message.get("List-Id") is not None
    )


def _threaded(message: EmailMessage) -> ConsultQuestion | None:
    """The question a reply belongs to: one of the desk's own Message-IDs it names."""
    named = re.findall(
        r"<[^<>\s]+>", f"{message.get('In-Reply-To') or ''} {message.get('References') or ''}"
    )
    if not named:
        return None
    found = db.session.scalar(
        select(ConsultMail.question_id).where(
            ConsultMail.direction == "out", ConsultMail.message_id.in_(named[-50:])
        )
    )
    return db.session.get(ConsultQuestion, found) if found else None


def body_text(message: EmailMessage) -> str:
    """The message's own words: its plain-text part (or its HTML made text), without the
    quoted text of earlier messages or a signature."""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except (KeyError, TypeError, ValueError):
        part = None
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    if part.get_content_subtype() == "html":
        content = html.unescape(nh3.clean(re.sub(r"(?i)<br\s*/?>|</p>", "\n", content), tags=set()))
    return trimmed(content)


def trimmed(text: str) -> str:
    """Drop quoted lines, everything from an "On … wrote:" line, and a signature."""
    kept = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--" or line.startswith("-- ") or QUOTE_HEAD.match(line.strip()):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def attachments(message: EmailMessage) -> list[str]:
    """The names of the attachments a message carried (never stored)."""
    names = []
    for part in message.walk():
        if part.get_content_disposition() == "attachment" or (
            part.get_filename() and part.get_content_maintype() != "multipart"
        ):
            names.append(part.get_filename() or "an attachment")
    return names


def _reply(
    to: str, subject: str, template: str, headers: dict[str, str] | None = None, **context: Any
) -> None:
    if not to:
        return
    send_email(
        to,
        subject,
        template,
        headers={"Auto-Submitted": "auto-replied", **(headers or {})},
        address=current_app.config.get("CONSULT_ADDRESS") or "",
        register_url=url_for("accounts.register", _external=True),
        **context,
    )
