"""How many code pages a visitor may read: a few for guests, more with a free account,
no limit for employers and operators. Counts live in the database, keyed by the account,
or for guests by a token in their signed session. Every guest has their own allowance, so a
coding office behind one address is not one guest; a generous ceiling per address and month
(``CODE_VIEWS_PER_ADDRESS``, kept as a keyed hash of the address) keeps clearing cookies from
giving unlimited views."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, session
from sqlalchemy import func, select

from careercenter.codes.models import CodeView
from careercenter.extensions import db
from careercenter.timeutil import utcnow

GUEST_SESSION_KEY = "guest_id"
ASK = "ask"  # CasePilot's answers, metered apart from code pages


@dataclass(frozen=True)
class Allowance:
    allowed: bool
    metered: bool
    limit: int = 0
    remaining: int = 0
    audience: str = "unlimited"  # guest, free, unlimited


UNLIMITED = Allowance(allowed=True, metered=False)


def _address_hash() -> str:
    address = request.remote_addr or "unknown"
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _guest_token() -> str:
    token = session.get(GUEST_SESSION_KEY)
    if not isinstance(token, str) or len(token) != 32:
        token = secrets.token_hex(16)
        session[GUEST_SESSION_KEY] = token
    return token


def spend_code_view(user: object, system: str, code: str) -> Allowance:
    """Let the visitor read this code page if they have read it before this month or still
    have views left; record the view. Reloading a page never costs a second view."""
    config = current_app.config
    if not config["CODE_METERING"]:
        return UNLIMITED
    return spend(user, system, code, config["CODE_VIEWS_GUEST"], config["CODE_VIEWS_FREE"])


def spend(user: object, system: str, code: str, guest_limit: int, free_limit: int) -> Allowance:
    """Spend one of a month's ``guest_limit`` (or, signed in, ``free_limit``) views of
    distinct things, kept under ``system`` (a code system, or "ask" for CasePilot's
    answers); the same thing again costs nothing. Employers and operators are not metered;
    guests from one address share the address's ceiling."""
    if getattr(user, "is_authenticated", False) and (user.is_employer or user.is_admin):
        return UNLIMITED
    period = utcnow().strftime("%Y-%m")
    if getattr(user, "is_authenticated", False):
        limit, audience = free_limit, "free"
        mine = CodeView.user_id == user.id
        owner = {"user_id": user.id}
    else:
        limit, audience = guest_limit, "guest"
        token, address = _guest_token(), _address_hash()
        mine = CodeView.guest_token == token
        owner = {"guest_token": token, "address_hash": address}
    kind = _same_kind(system)
    seen = {
        (row.system, row.code)
        for row in db.session.execute(
            select(CodeView.system, CodeView.code).where(CodeView.period == period, mine, kind)
        )
    }
    if (system, code) in seen:
        return Allowance(True, True, limit, max(limit - len(seen), 0), audience)
    if len(seen) >= limit or (audience == "guest" and _address_spent(address, period, kind)):
        return Allowance(False, True, limit, 0, audience)
    db.session.add(CodeView(period=period, system=system, code=code, **owner))
    db.session.commit()
    return Allowance(True, True, limit, limit - len(seen) - 1, audience)


def _same_kind(system: str) -> Any:
    """Answers and code pages are counted apart: asking does not spend page views."""
    return CodeView.system == ASK if system == ASK else CodeView.system != ASK


def _address_spent(address: str, period: str, kind: Any) -> bool:
    """Whether guests from this address have used the month's ceiling of this kind."""
    read = db.session.scalar(
        select(func.count())
        .select_from(CodeView)
        .where(CodeView.address_hash == address, CodeView.period == period, kind)
        .where(CodeView.user_id.is_(None))
    )
    return (read or 0) >= current_app.config["CODE_VIEWS_PER_ADDRESS"]
