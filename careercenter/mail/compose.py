"""Writing an e-mail: rendered from templates in the request (or command) that causes it and
queued in the same transaction; the worker sends it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from urllib.parse import urlsplit

from flask import current_app, g, has_app_context, has_request_context, render_template, request

from careercenter.extensions import db
from careercenter.mail.models import OutgoingEmail
from careercenter.text import one_line

# Headers are written once, here, as they will travel: lines up to RFC 5322's 998 characters,
# so a long List-Unsubscribe URL stays one unfolded line that mail programs can act on.
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)


def single_line(text: str) -> str:
    """Header text from user input (a job title, a search): one line, spaces collapsed."""
    return " ".join(str(one_line(str(text))).split())


class MissingBaseUrl(RuntimeError):
    """An e-mail written outside a request needs the site's address for its links."""


def links_context() -> AbstractContextManager[object]:
    """Links in e-mails written outside a request (alerts, the worker) use BASE_URL, which
    must then be set: a guessed address would send people to the wrong place."""
    if has_request_context():
        return nullcontext()
    base = current_app.config.get("BASE_URL")
    if not base:
        raise MissingBaseUrl(
            "BASE_URL is not set: e-mails written outside a request link to the site, so "
            "set it to the site's address (BASE_URL=https://jobs.example.org)"
        )
    return current_app.test_request_context(base_url=base)


def site_domain() -> str:
    """The site's own domain for Message-IDs: BASE_URL's host, else the request's."""
    base = current_app.config.get("BASE_URL") or ""
    host = urlsplit(base).hostname if base else None
    if not host and has_request_context():
        host = request.host.split(":")[0]
    return host or "localhost"


def compose(
    recipients: list[str], subject: str, template: str, headers: dict[str, str], **context: object
) -> EmailMessage:
    message = EmailMessage(policy=WIRE_POLICY)
    message["Subject"] = single_line(subject)
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(usegmt=True)
    headers = dict(headers)
    # A caller that threads its mail (the consultant desk) names the message itself.
    message["Message-ID"] = headers.pop("Message-ID", None) or make_msgid(domain=site_domain())
    for name, value in headers.items():
        message[name] = single_line(value)
    message.set_content(render_template(f"email/{template}.txt", **context))
    message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    return message


def send_email(
    to: str | list[str],
    subject: str,
    template: str,
    headers: dict[str, str] | None = None,
    **context: object,
) -> bool:
    """Render ``templates/email/<template>.txt`` and ``.html`` and queue the message in the
    current transaction: it is sent only if the change that causes it commits, and a mail
    server that is slow or down never holds up or breaks the request. The caller commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    message = compose(recipients, subject, template, headers or {}, **context)
    db.session.add(
        OutgoingEmail(
            recipients=",".join(recipients),
            subject=single_line(subject)[:300],
            message=message.as_bytes(),
        )
    )
    if has_app_context():
        g.mail_queued = True
    return True


def envelope_sender() -> str:
    return parseaddr(current_app.config["MAIL_FROM"])[1]
