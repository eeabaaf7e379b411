"""The JSON API: job search, one job, one code, and the OpenAPI document describing them.

Errors have one shape everywhere under /api/: {"error": {"code", "message", "fields"}}.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import jsonify, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from careercenter.api.blueprint import bp as api
from careercenter.api.openapi import openapi_document
from careercenter.casepilot.answers import DISCLAIMER
from careercenter.casepilot.service import ask as ask_casepilot
from careercenter.codes import service as codes
from careercenter.codes.metering import spend_code_view
from careercenter.codes.tags import SYSTEMS, normalise_code
from careercenter.extensions import db
from careercenter.jobs.by_code import exact, open_jobs_needing
from careercenter.jobs.models import Job
from careercenter.markup import render_markdown
from careercenter.pay.figures import HOURS_A_YEAR
from careercenter.pay.service import PayAnswer, PayUnavailable, parse_pay_args
from careercenter.pay.service import answer as pay_answer
from careercenter.search.backend import IndexRebuilding, SearchUnavailable
from careercenter.search.query import QueryError, SearchResult, parse_search_args
from careercenter.search.service import search_jobs
from careercenter.templating import format_salary


class ApiError(HTTPException):
    """An API failure; careercenter.errors renders it in the API's error shape."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = status
        self.error_code = code
        self.fields = fields or {}


def iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def hit_json(hit: Any) -> dict[str, Any]:
    doc = hit.document
    salary = doc["salary"]
    return {
        "id": doc["id"],
        "title": doc["title"],
        "company": doc["company"],
        "url": request.url_root.rstrip("/") + doc["url"],
        "work_mode": doc["work_mode"],
        "location": {
            **doc["location"],
            "remote_states": doc["states"] if doc["work_mode"] == "remote" else [],
        },
        "salary": {
            **salary,
            "yearly_min": doc["salary_yearly_min"],
            "yearly_max": doc["salary_yearly_max"],
            "text": format_salary(salary["min"], salary["max"], salary["currency"], salary["unit"]),
        },
        "tags": doc["tags"],
        "codes": doc["codes"],
        "posted_at": iso(doc["posted_at"]),
        "highlight": {"title": hit.title_html, "snippet": hit.snippet_html},
        "code_match": hit.tier_label or None,
    }


def result_json(result: SearchResult) -> dict[str, Any]:
    return {
        "hits": [hit_json(hit) for hit in result.hits],
        "total": result.total,
        "total_capped": result.total_capped,
        "pages": result.pages,
        "page": result.page,
        "per_page": result.per_page,
        "facets": result.facets,
        "suggestion": result.corrected_query or result.suggestion,
        "notices": result.notices,
    }


@api.route("/jobs")
def list_jobs() -> Response:
    try:
        query = parse_search_args(request.args, strict=True)
    except QueryError as error:
        raise ApiError(
            400, "invalid_parameters", "Some search parameters are not valid.", error.fields
        ) from error
    try:
        result = search_jobs(query)
    except IndexRebuilding as error:
        raise ApiError(
            503, "search_rebuilding", "The search index is being rebuilt; try again in a minute."
        ) from error
    except SearchUnavailable as error:
        raise ApiError(
            503, "search_unavailable", "Search is unavailable; try again shortly."
        ) from error
    return jsonify(result_json(result))


@api.route("/pay")
def pay_figures() -> Response:
    """Pay figures for the same filters as /pay; aggregates only, never a posting."""
    try:
        question = parse_pay_args(request.args, strict=True)
    except QueryError as error:
        raise ApiError(
            400, "invalid_parameters", "Some pay parameters are not valid.", error.fields
        ) from error
    try:
        result = pay_answer(question)
    except PayUnavailable as error:
        raise ApiError(
            503, "pay_unavailable", "Pay figures are unavailable; try again shortly."
        ) from error
    return jsonify(pay_json(result))


def pay_json(result: PayAnswer) -> dict[str, Any]:
    broader = result.broader
    return {
        "question": result.question.describe(),
        "postings": result.postings,
        "with_pay": result.with_pay,
        "without_pay": result.without_pay,
        "min_postings": result.minimum,
        "hours_a_year": HOURS_A_YEAR,
        "annual": result.annual.as_dict() if result.annual else None,
        "hourly": result.hourly.as_dict() if result.hourly else None,
        "distribution": [
            {"low": item.low, "high": item.high, "postings": item.postings} for item in result.bins
        ],
        "by": {
            facet: [
                {
                    "value": bar.value,
                    "label": bar.label,
                    "postings": bar.postings,
                    "median": bar.median,
                }
                for bar in bars
            ]
            for facet, bars in result.by.items()
        },
        "window": {
            "months": result.question.months,
            "from": result.window_from.replace(tzinfo=UTC).isoformat(),
            "to": result.window_to.replace(tzinfo=UTC).isoformat(),
        },
        "broader": None
        if broader is None
        else {
            "text": broader.text,
            "url": url_for("pay.pay_page", _external=True, **broader.question.args()),
            "with_pay": broader.with_pay,
        },
    }


@api.route("/jobs/<int:job_id>")
def get_job(job_id: int) -> Response:
    job = db.session.get(Job, job_id)
    if job is None or not job.is_open:
        raise ApiError(404, "not_found", f"No open job has the id {job_id}.")
    return jsonify(job_json(job))


def job_json(job: Job) -> dict[str, Any]:
    return {
        "id": str(job.id),
        "title": job.title,
        "company": {
            "name": job.company.name,
            "slug": job.company.slug,
            "url": url_for("companies.profile", slug=job.company.slug, _external=True),
        },
        "url": url_for("board.detail", key=job.path_key, _external=True),
        "description_html": str(render_markdown(job.description)),
        "work_mode": job.work_mode,
        "location": {
            "city": job.city,
            "state": job.state,
            "postal_code": job.postal_code,
            "country": job.country,
            "remote_states": job.remote_states,
            "remote_countries": job.remote_countries,
        },
        "employment_type": job.employment_type,
        "settings": job.settings,
        "specialties": job.specialties,
        "credentials_required": job.credentials_required,
        "credentials_preferred": job.credentials_preferred,
        "apprentice_accepted": job.apprentice_accepted,
        "min_years_experience": job.min_years_experience,
        "code_systems": job.code_systems,
        "tags": job.code_tags,
        "salary": {
            "min": str(job.salary_min) if job.salary_min is not None else None,
            "max": str(job.salary_max) if job.salary_max is not None else None,
            "currency": job.salary_currency,
            "unit": job.salary_unit,
        },
        "apply": {"method": job.apply_method, "url": job.apply_url, "email": job.apply_email},
        "posted_at": job.published_at.isoformat() + "Z" if job.published_at else None,
        "expires_at": job.expires_at.isoformat() + "Z" if job.expires_at else None,
    }


@api.route("/codes/<system>/<code>")
def get_code(system: str, code: str) -> Response:
    if system not in SYSTEMS:
        raise ApiError(
            404,
            "not_found",
            f"Unknown code system {system[:20]!r}; use one of {', '.join(SYSTEMS)}.",
        )
    normal = normalise_code(code)
    record = codes.get_code(system, normal)
    jobs_count = db.session.scalar(
        open_jobs_needing(exact(system, normal))
        .order_by(None)
        .with_only_columns(db.func.count(Job.id))
    )
    if record is None and not jobs_count:
        raise ApiError(404, "not_found", f"We have no {system} code {normal[:20]}.")
    body: dict[str, Any] = {
        "system": system,
        "code": normal,
        "url": url_for("codes.code_page", system=system, code=normal, _external=True),
        "open_jobs": jobs_count,
        "jobs_url": url_for("api.list_jobs", code=normal, _external=True),
    }
    if record is None:
        return jsonify({**body, "known": False})
    allowance = spend_code_view(current_user, system, normal)
    body.update(
        {
            "known": True,
            "kind": record.kind,
            "is_addon": record.is_addon,
            "locked": not allowance.allowed,
        }
    )
    if allowance.allowed:
        detail = codes.code_detail(record)
        body.update(
            {
                "description": record.description,
                "plain_description": record.plain_description,
                "source": record.source,
                "parents": [
                    {"code": group.code, "kind": group.kind, "title": group.title}
                    for group in detail.ancestors
                ],
                "reported_with": detail.primaries,
                "add_on_codes": detail.addons,
            }
        )
    return jsonify(body)


@api.route("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(request.url_root.rstrip("/")))


@api.route("/ask")
def ask() -> Response:
    """CasePilot's answer to ``q``: the facts it rests on, each with its source."""
    asked = ask_casepilot(current_user, request.args.get("q", "")[:1000])
    if asked.refused:
        raise ApiError(400, "invalid", asked.refused, {"q": asked.refused})
    if not asked.allowance.allowed or asked.answer is None:
        raise ApiError(
            429,
            "limit",
            f"This month's {asked.allowance.limit} answers are used; they renew on the 1st.",
        )
    reply = asked.answer
    return jsonify(
        {
            "question": reply.question,
            "answered": reply.answered,
            "answer": reply.text,
            "facts": [
                {"text": fact.text, "source": fact.source, "codes": fact.codes}
                for fact in reply.facts
            ],
            "codes": [
                {
                    "system": system,
                    "code": code,
                    "url": url_for("codes.code_page", system=system, code=code, _external=True),
                }
                for system, code in reply.codes
            ],
            "follow_up": reply.follow_up,
            "consultant_url": url_for(
                "consult.ask", q=reply.question, _external=True, **{"from": "casepilot"}
            )
            if not reply.answered
            else None,
            "disclaimer": DISCLAIMER,
        }
    )
