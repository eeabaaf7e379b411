"""Handing a message to the mail server that MAIL_URL names.

MAIL_URL picks the transport: ``console`` (the default) prints messages for local work;
``smtp://user:password@host:port`` sends through SMTP, with ``?starttls=1`` for STARTTLS,
and ``smtps://`` for implicit TLS.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_TIMEOUT_SECONDS = 10
DELIVERY_ERRORS = (OSError, smtplib.SMTPException)


def deliver(message: bytes, sender: str, recipients: list[str], mail_url: str) -> None:
    """Hand one rendered message, byte for byte, to the transport that MAIL_URL names."""
    if mail_url in ("", "console", "console://"):
        print_to_console(message_from_bytes(message, policy=policy.default))  # type: ignore[arg-type]
        return
    parts = urlsplit(mail_url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = parts.hostname or "localhost"
    if parts.scheme == "smtps":
        context = ssl.create_default_context()
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    elif parts.scheme == "smtp":
        smtp = smtplib.SMTP(host, parts.port or 25, timeout=SMTP_TIMEOUT_SECONDS)
    else:
        raise ValueError(f"MAIL_URL scheme must be console, smtp or smtps, not {parts.scheme!r}")
    with smtp:
        if options.get("starttls", "").lower() in ("1", "true", "yes"):
            smtp.starttls(context=ssl.create_default_context())
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.sendmail(sender, recipients, message)


def print_to_console(message: EmailMessage) -> None:
    """Development transport: show the text part so links can be clicked from the terminal."""
    text_part = message.get_body(preferencelist=("plain",))
    body = text_part.get_content() if text_part else ""
    print(
        f"\n--- e-mail ---\nTo: {message['To']}\nSubject: {message['Subject']}\n\n{body}"
        "--- end of e-mail ---",
        file=sys.stderr,
        flush=True,
    )
