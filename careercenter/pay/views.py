"""/pay: what coding work pays, its CSV, and where a pay being typed would sit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Response, jsonify, render_template, request, url_for

from careercenter.jobs.vocabulary import CURRENCIES, SALARY_UNITS, VOCABULARIES, values
from careercenter.pay.blueprint import bp
from careercenter.pay.charts import bar_chart, histogram
from careercenter.pay.csv_export import answer_csv
from careercenter.pay.postings import posting_pay
from careercenter.pay.service import (
    BY_TITLES,
    HOURS_A_YEAR,
    WINDOWS,
    PayAnswer,
    PayUnavailable,
    answer,
    parse_pay_args,
    position_of,
)
from careercenter.search.query import FACET_TABLE, QueryError, search_args


@bp.route("/pay")
def pay_page() -> tuple[str, int]:
    """The pay page: figures for the question in the address, or the problems with it."""
    try:
        question = parse_pay_args(request.args, strict=True)
    except QueryError as error:
        return render_template("pay/index.html", **page_context(None, errors=error.fields)), 400
    try:
        result = answer(question)
    except PayUnavailable:
        return render_template("pay/index.html", **page_context(None, unavailable=True)), 503
    return render_template("pay/index.html", **page_context(result)), 200


def page_context(
    result: PayAnswer | None, errors: dict[str, str] | None = None, unavailable: bool = False
) -> dict[str, Any]:
    question = result.question if result else parse_pay_args(request.args)
    return {
        "result": result,
        "question": question,
        "facets": FACET_TABLE,
        "vocabularies": VOCABULARIES,
        "windows": WINDOWS,
        "hours": HOURS_A_YEAR,
        "by_titles": BY_TITLES,
        "histogram": histogram(result.bins, result.annual) if result and result.enough else None,
        "bar_charts": {facet: bar_chart(bars) for facet, bars in result.by.items()}
        if result
        else {},
        "jobs_url": url_for("search.job_search", **search_args(question.search)),
        "errors": errors or {},
        "unavailable": unavailable,
        "args": request.args,
    }


@bp.route("/pay.csv")
def pay_csv() -> Response:
    try:
        question = parse_pay_args(request.args, strict=True)
        result = answer(question)
    except QueryError as error:
        return Response(
            "".join(f"{name}: {problem}\n" for name, problem in error.fields.items()),
            status=400,
            mimetype="text/plain",
        )
    except PayUnavailable:
        return Response(
            "Pay figures are unavailable for a moment; try again.\n", 503, mimetype="text/plain"
        )
    return Response(
        answer_csv(result),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="careercenter-pay.csv"'},
    )


@bp.route("/pay/position")
def pay_position() -> tuple[Response, int]:
    """Where the pay typed on the posting form would sit among similar open jobs (JSON)."""
    args = request.args
    problems: dict[str, str] = {}
    amounts = []
    for name in ("salary_min", "salary_max"):
        raw = args.get(name, "").replace(",", "").replace("$", "").strip()
        if not raw:
            amounts.append(None)
            continue
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or not 0 < amount < 10_000_000:
            problems[name] = "must be an amount between 0 and 10,000,000"
            amounts.append(None)
        else:
            amounts.append(amount)
    unit = args.get("salary_unit", "YEAR")
    if unit not in values(SALARY_UNITS):
        problems["salary_unit"] = "must be one of " + ", ".join(sorted(values(SALARY_UNITS)))
    currency = args.get("salary_currency", "USD")
    if currency not in values(CURRENCIES):
        problems["salary_currency"] = "must be one of " + ", ".join(sorted(values(CURRENCIES)))
    for facet in ("work_mode", "credential", "specialty"):
        unknown = [
            value
            for value in args.getlist(facet)
            if value and value not in FACET_TABLE[facet].values
        ]
        if unknown:
            problems[facet] = f"unknown value {unknown[0][:40]!r}"
    if problems:
        return jsonify(
            error={"code": "bad_request", "message": "Check the pay fields.", "fields": problems}
        ), 400
    pay = posting_pay(amounts[0], amounts[1], unit, currency)
    place = position_of(
        pay, args.get("work_mode"), args.getlist("credential"), args.getlist("specialty")
    )
    if place is None:
        reason = (
            "Pay figures compare dollar amounts."
            if currency != "USD"
            else "Type a pay to see where it sits."
            if pay is None
            else "Too few similar open jobs list pay to compare with."
        )
        return jsonify(text=None, reason=reason), 200
    return jsonify(
        text=f"This pay is {place.text}.",
        above=place.above,
        among=place.among,
        url=url_for("pay.pay_page", **place.question.args()),
    ), 200
