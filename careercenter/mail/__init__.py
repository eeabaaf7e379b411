"""E-mail. Requests and commands queue messages in the transaction that causes them
(``send_email``); the worker sends them (``queue.send_due``) with retries. In development
and tests (``MAIL_SEND_AT_ONCE``) the process that queued a message also sends it right
after its request or command, so no worker is needed there."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g

from careercenter.extensions import db
from careercenter.mail.compose import send_email
from careercenter.mail.models import OutgoingEmail
from careercenter.mail.queue import send_due
from careercenter.mail.transport import deliver

log = logging.getLogger(__name__)

__all__ = ["deliver", "register", "send_email", "send_queued_now"]


def send_queued_now() -> None:
    """Send what this process queued, when the settings say not to wait for the worker."""
    if not current_app.config["MAIL_SEND_AT_ONCE"]:
        return

    try:
        send_due()
    except Exception:  # a mail problem never breaks the page; the worker retries
        log.exception("sending queued e-mail failed; it stays queued")


def register(app: Flask) -> None:
    @app.teardown_request
    def send_after_request(error: BaseException | None) -> None:
        if not g.pop("mail_queued", False):
            return

        if any(isinstance(row, OutgoingEmail) for row in db.session.new):
            log.error("an e-mail was queued but its transaction never committed")
        if error is None:
            send_queued_now()
