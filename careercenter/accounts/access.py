"""Who may do what: decorators for views and the safe-redirect rule."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def employer_required(view: F) -> F:
    """Employer staff with a company; staff without one are sent to create it first."""

    @login_required
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_employer:
            abort(403)
        if current_user.company_id is None:
            return redirect(url_for("companies.create", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def seeker_required(view: F) -> F:
    """Job seekers only; employers and operators have their own tools."""

    @login_required
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_seeker:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    @login_required
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            abort(404)  # the admin area does not admit it exists
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def safe_next_url(target: str | None, fallback: str) -> str:
    """Only same-site relative paths are followed after log-in; anything else goes home.

    Rejects absolute URLs, scheme-relative ``//host`` and backslash tricks browsers
    normalise into another host.
    """
    if not target:
        return fallback
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    if any(ord(char) < 32 for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
