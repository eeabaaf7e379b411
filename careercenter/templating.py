"""Filters and globals the templates share: labels, money, dates."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from flask import Flask, has_request_context, request, url_for
from markupsafe import Markup, escape

from careercenter.codes.notes import link_codes as linked
from careercenter.codes.service import tag_link
from careercenter.jobs.pay import UNIT_SUFFIX, YEARLY_FACTOR, about_yearly
from careercenter.jobs.vocabulary import label
from careercenter.markup import render_markdown
from careercenter.timeutil import utcnow


def format_money(amount: Decimal | float | None, currency: str = "USD") -> str:
    if amount is None:
        return ""
    symbol = "$" if currency in ("USD", "CAD") else ""
    value = Decimal(amount)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    prefix = "CA$" if currency == "CAD" else symbol
    return f"{prefix}{text}"


def salary_text(job: Any) -> str:
    """'$55,000–$68,000/yr', '$29–$35/hr · about $60,000–$73,000/yr', or '' when the
    employer gave no pay."""
    return format_salary(job.salary_min, job.salary_max, job.salary_currency, job.salary_unit)


def format_salary(low: Any, high: Any, currency: str = "USD", unit: str = "YEAR") -> str:
    """Pay as given and, when not given per year, its yearly equivalent beside it: "Highest
    pay" sorts by that figure, so the page shows it."""
    low = Decimal(low) if low not in (None, "") else None
    high = Decimal(high) if high not in (None, "") else None
    given = _pay_range(low, high, currency, UNIT_SUFFIX.get(unit, ""))
    if not given or unit == "YEAR" or unit not in YEARLY_FACTOR:
        return given
    figures = [about_yearly(amount, unit) for amount in (low, high) if amount is not None]
    yearly_text = "–".join(format_money(figure, currency) for figure in dict.fromkeys(figures))
    return f"{given} · about {yearly_text}/yr"


def _pay_range(low: Any, high: Any, currency: str, suffix: str) -> str:
    if low is not None and high is not None and low != high:
        return f"{format_money(low, currency)}–{format_money(high, currency)}{suffix}"
    if low is not None:
        return f"{'' if high is not None else 'From '}{format_money(low, currency)}{suffix}"
    if high is not None:
        return f"Up to {format_money(high, currency)}{suffix}"
    return ""


def time_ago(moment: datetime | int | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, int):
        moment = datetime.fromtimestamp(moment, UTC).replace(tzinfo=None)
    seconds = (utcnow() - moment).total_seconds()
    if seconds < 3600:
        return "just now"
    if seconds < 86400:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    days = int(seconds // 86400)
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} ago"
    return moment.strftime("%b %-d, %Y")


def date_text(moment: datetime | None) -> str:
    return moment.strftime("%b %-d, %Y") if moment else ""


def page_url(page: int) -> str:
    """The current URL with another page number, keeping every other parameter."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return url_for(request.endpoint or "search.job_search", **(request.view_args or {}), **args)


def tag_url(tag: str) -> str | None:
    """Where a code tag links: its code page, or the range page of a family or range."""
    return _tag_url(tag, request.script_root if has_request_context() else "")


@lru_cache(maxsize=8192)
def _tag_url(tag: str, script_root: str) -> str | None:
    # Parsing a tag and building its URL for every chip on a page adds up; both depend only
    # on the tag (and where the app is mounted).

    link = tag_link(tag)
    return url_for(**link) if link else None


def code_chip(tag: str) -> Markup:
    """A code tag as a chip, linked to its code or range page when it parses."""
    return _code_chip(tag, request.script_root if has_request_context() else "")


@lru_cache(maxsize=8192)
def _code_chip(tag: str, script_root: str) -> Markup:
    href = _tag_url(tag, script_root)
    text = escape(tag)
    if href is None:
        return Markup(f'<span class="chip chip-code">{text}</span>')  # noqa: S704 - escaped
    return Markup(f'<a class="chip chip-code" href="{escape(href)}">{text}</a>')  # noqa: S704


def link_codes(text: str, system: str) -> Markup:
    """A tabular note with the codes it names linked to their pages."""

    return linked(text, lambda code: url_for("codes.code_page", system=system, code=code))


ACCOUNT_PAGES = ("accounts.login", "accounts.register", "accounts.request_reset")


def return_here() -> str:
    """Where log-in and sign-up links should bring the visitor back to: this page, or on the
    log-in and sign-up pages themselves the place the visitor started from."""
    if request.endpoint in ACCOUNT_PAGES:
        return request.args.get("next", "") or (
            request.form.get("next", "") if request.form else ""
        )
    if request.method != "GET" or request.endpoint is None:
        return ""
    return request.full_path.rstrip("?")


def register(app: Flask) -> None:
    app.jinja_env.filters["label"] = lambda value, vocabulary: label(vocabulary, value)
    app.jinja_env.filters["labels"] = lambda items, vocabulary: [
        label(vocabulary, v) for v in items or []
    ]
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["time_ago"] = time_ago
    app.jinja_env.filters["date"] = date_text
    app.jinja_env.globals["salary_text"] = salary_text
    app.jinja_env.globals["format_salary"] = format_salary
    app.jinja_env.globals["page_url"] = page_url
    app.jinja_env.globals["tag_url"] = tag_url
    app.jinja_env.globals["code_chip"] = code_chip
    app.jinja_env.globals["link_codes"] = link_codes
    app.jinja_env.globals["render_markdown"] = render_markdown
    app.jinja_env.globals["return_here"] = return_here
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context() -> dict[str, Any]:
        return {"site_name": app.config["SITE_NAME"]}
