"""Signed, expiring tokens for links sent by e-mail (verify, reset, invite, unsubscribe)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


class InvalidToken(ValueError):
    """The link was tampered with, is for another purpose, or has expired."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt: a reset token can never be replayed as a verify token.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"careercenter.{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age_seconds: int) -> dict[str, Any]:
    """Return the payload of a valid token, or raise InvalidToken."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except BadSignature as error:  # SignatureExpired is a BadSignature too
        raise InvalidToken(str(error)) from error
    if not isinstance(payload, dict):
        raise InvalidToken("unexpected token payload")
    return payload
