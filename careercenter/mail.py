"""The one place that sends e-mail.

MAIL_URL picks the transport: ``console`` (the default) prints messages for local work;
``smtp://user:password@host:port`` sends through SMTP, with ``?starttls=1`` for STARTTLS,
and ``smtps://`` for implicit TLS.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from flask import current_app, render_template

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10


def send_email(
    to: str | list[str],
    subject: str,
    template: str,
    headers: dict[str, str] | None = None,
    **context: object,
) -> bool:
    """Render ``templates/email/<template>.txt`` and ``.html`` and send them.

    Returns False instead of raising when the mail server fails, so a mail outage never
    turns a user's request into an error page; the failure is logged.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(recipients)
    message["Message-ID"] = make_msgid(domain="careercenter")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(render_template(f"email/{template}.txt", **context))
    message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    try:
        deliver(message, current_app.config["MAIL_URL"])
    except (OSError, smtplib.SMTPException) as error:
        log.error("could not send %r to %s: %s", subject, recipients, error)
        return False
    return True


def deliver(message: EmailMessage, mail_url: str) -> None:
    """Hand one message to the transport that MAIL_URL names."""
    if mail_url in ("", "console", "console://"):
        print_to_console(message)
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
        smtp.send_message(message)


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
