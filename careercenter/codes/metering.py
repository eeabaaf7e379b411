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

from flask import current_app, request, session
from sqlalchemy import func, select

from careercenter.codes.models import CodeView
from careercenter.extensions import db
from careercenter.timeutil import utcnow

GUEST_SESSION_KEY = "guest_id"


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
    if not current_app.config["CODE_METERING"]:
        return UNLIMITED
    if getattr(user, "is_authenticated", False) and (user.is_employer or user.is_admin):
        return UNLIMITED
    period = utcnow().strftime("%Y-%m")
    if getattr(user, "is_authenticated", False):
        limit, audience = current_app.config["CODE_VIEWS_FREE"], "free"
        mine = CodeView.user_id == user.id
        owner = {"user_id": user.id}
    else:
        limit, audience = current_app.config["CODE_VIEWS_GUEST"], "guest"
        token, address = _guest_token(), _address_hash()
        mine = CodeView.guest_token == token
        owner = {"guest_token": token, "address_hash": address}
    seen = {
        (row.system, row.code)
        for row in db.session.execute(
            select(CodeView.system, CodeView.code).where(CodeView.period == period, mine)
        )
    }
    if (system, code) in seen:
        return Allowance(True, True, limit, max(limit - len(seen), 0), audience)
    if len(seen) >= limit or (audience == "guest" and _address_spent(address, period)):
        return Allowance(False, True, limit, 0, audience)
    db.session.add(CodeView(period=period, system=system, code=code, **owner))
    db.session.commit()
    return Allowance(True, True, limit, limit - len(seen) - 1, audience)


def _address_spent(address: str, period: str) -> bool:
    """Whether guests from this address have read the month's ceiling of code pages."""
    read = db.session.scalar(
        select(func.count())
        .select_from(CodeView)
        .where(CodeView.address_hash == address, CodeView.period == period)
        .where(CodeView.user_id.is_(None))
    )
    return (read or 0) >= current_app.config["CODE_VIEWS_PER_ADDRESS"]
