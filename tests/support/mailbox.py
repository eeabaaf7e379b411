"""The suite's SMTP server's inbox: what a real mail server received, read as people do."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


class Mailbox:
    """What the SMTP server received, newest last."""

    shared: Mailbox

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    def last_to(self, address: str) -> EmailMessage:
        received = self.to(address)
        assert received, f"no e-mail reached {address}; got {[m['To'] for m in self.messages]}"
        return received[-1]

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_in_last(self, address: str, path_fragment: str) -> str:
        """The path of the first link in the last e-mail to address that contains a fragment."""
        body = self.text_of(self.last_to(address))
        match = re.search(r"https?://[^/\s]+(\S*" + re.escape(path_fragment) + r"\S*)", body)
        assert match, f"no link with {path_fragment!r} in: {body}"
        return match.group(1)
