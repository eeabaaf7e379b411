"""Company rules: creating a profile, editing it, and adding staff by invitation."""

from __future__ import annotations

import calendar
import time
from datetime import datetime
from typing import Any

from flask import current_app, url_for
from sqlalchemy import select

from careercenter.accounts.models import ROLE_EMPLOYER, User
from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.mail import send_email
from careercenter.slugs import unique_slug
from careercenter.timeutil import utcnow
from careercenter.tokens import InvalidToken, make_token, read_token

PROFILE_FIELDS = ("name", "website", "about", "city", "state", "country")
LOGO_MAX_BYTES = 1024 * 1024


class CompanyError(ValueError):
    """A company rule was broken; the message is safe to show."""


def slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Company.id).where(Company.slug == slug)) is not None


def create_company(owner: User, profile: dict[str, Any]) -> Company:
    """Create a company and make the employer its first member."""
    if not owner.is_employer:
        raise CompanyError("Only employer accounts can create a company.")
    if owner.company_id is not None:
        raise CompanyError("You already belong to a company.")
    company = Company(slug=unique_slug(profile["name"], slug_taken))
    apply_profile(company, profile)
    db.session.add(company)
    owner.company = company
    owner.company_owner = True
    db.session.commit()
    return company


def update_company(company: Company, profile: dict[str, Any]) -> Company:
    apply_profile(company, profile)
    db.session.commit()
    return company


def apply_profile(company: Company, profile: dict[str, Any]) -> None:
    for field in PROFILE_FIELDS:
        if field in profile:
            value = profile[field]
            setattr(company, field, value.strip() if isinstance(value, str) else value)
    company.website = company.website or None
    company.city = company.city or None
    company.state = company.state or None
    if profile.get("logo") is not None:
        data, mime = profile["logo"]
        company.logo, company.logo_mime, company.logo_updated_at = data, mime, utcnow()
    if profile.get("remove_logo"):
        company.logo = company.logo_mime = company.logo_updated_at = None


def company_by_slug(slug: str) -> Company | None:
    return db.session.scalar(select(Company).where(Company.slug == slug))


def invite_member(company: Company, inviter: User, email: str) -> bool:
    """E-mail a join link; whoever opens it with an employer account joins the company."""
    payload = {"company": company.id, "email": email.lower(), "issued": int(time.time())}
    token = make_token("company-invite", payload)
    queued = send_email(
        email,
        f"Join {company.name} on CareerCenter",
        "company_invite",
        company=company,
        inviter=inviter,
        link=url_for("companies.join", token=token, _external=True),
    )
    db.session.commit()
    return queued


def read_invitation(token: str) -> tuple[Company, str]:
    company, email, _ = _invitation(token)
    return company, email


def _invitation(token: str) -> tuple[Company, str, int]:
    max_age = current_app.config["INVITE_TOKEN_MAX_AGE"]
    try:
        payload = read_token("company-invite", token, max_age)
    except InvalidToken as error:
        raise CompanyError("This invitation link is invalid or has expired.") from error
    company = db.session.get(Company, payload.get("company"))
    if company is None:
        raise CompanyError("This company no longer exists.")
    return company, str(payload.get("email", "")), int(payload.get("issued") or 0)


def accept_invitation(user: User, token: str) -> Company:
    """Join the invited company; the invitation is for one address, checked here."""
    company, email, issued = _invitation(token)
    if user.email != email:
        raise CompanyError(f"This invitation was sent to {email}. Log in with that address.")
    if user.role != ROLE_EMPLOYER:
        raise CompanyError("Only employer accounts can join a company.")
    if user.company_id not in (None, company.id):
        raise CompanyError("You already belong to another company.")
    if user.left_company_at is not None and issued <= epoch_seconds(user.left_company_at):
        raise CompanyError(
            "This invitation was sent before you were removed from a team. "
            "Ask the company for a new one."
        )
    user.company = company
    db.session.commit()
    return company


def epoch_seconds(moment: datetime) -> int:
    """Seconds since 1970 of a naive UTC time (as the database stores them)."""
    return calendar.timegm(moment.utctimetuple())


def remove_member(company: Company, remover: User, member_id: int) -> User:
    """The owner takes a colleague off the team: from the next request on they see none of
    the company's jobs, applicants or resumes, and their old invitations are void."""
    if not remover.company_owner or remover.company_id != company.id:
        raise CompanyError("Only the company's owner can remove members.")
    member = db.session.get(User, member_id)
    if member is None or member.company_id != company.id:
        raise CompanyError("That person is not on this team.")
    if member.id == remover.id:
        raise CompanyError("You own this company, so you cannot remove yourself.")
    member.company = None
    member.company_owner = False
    member.left_company_at = utcnow()
    db.session.commit()
    return member
