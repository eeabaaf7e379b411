"""Code reference pages: one code, a range or block, code lookup."""

from __future__ import annotations

import hashlib
import json

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from careercenter.caches import BoundedCache, cache
from careercenter.codepages.blueprint import bp
from careercenter.codes import service as codes
from careercenter.codes.loaders import left_out_codes
from careercenter.codes.lookup import lookup as lookup_codes
from careercenter.codes.metering import spend_code_view
from careercenter.codes.notes import note_groups
from careercenter.codes.tags import (
    ICD10CM,
    RANGE,
    SYSTEM_LABELS,
    SYSTEMS,
    TagError,
    code_system,
    icd10cm_dotted,
    normalise_code,
    parse_tag,
)
from careercenter.consult.service import Published, published_for
from careercenter.jobs import service as jobs
from careercenter.jobs.by_code import (
    codes_needed_in_span,
    exact,
    job_counts_for_codes,
    open_jobs_needing,
    span,
)
from careercenter.markup import plain_text
from careercenter.search.backend import SearchUnavailable
from careercenter.search.service import jobs_for_code

JOBS_ON_CODE_PAGE = 10


@bp.route("/codes")
def lookup() -> str:
    query = request.args.get("q", "").strip()[:100]
    results = lookup_codes(query) if query else []
    return render_template("codes/lookup.html", q=query, results=results, labels=SYSTEM_LABELS)


@bp.route("/codes/<code>")
def code_anywhere(code: str) -> Response:
    """A code without its system: redirect when only one system has it."""
    normal = normalise_code(code)
    systems = codes.systems_with_code(normal)
    if not systems and (guessed := code_system(normal)):
        systems = [guessed]
    if len(systems) == 1:
        return redirect(url_for("codes.code_page", system=systems[0], code=normal))
    return redirect(url_for("codes.lookup", q=normal))


@bp.route("/codes/<system>/<code>")
def code_page(system: str, code: str) -> str | Response | tuple[str, int]:
    if system not in SYSTEMS:
        abort(404)
    normal = normalise_code(code)
    if system == ICD10CM and (dotted := icd10cm_dotted(normal)):
        normal = dotted  # M5116 is M51.16, as the lookup box reads it
    if normal != code:
        return redirect(url_for("codes.code_page", system=system, code=normal), 301)
    record, detail = codes.code_page_data(system, normal)
    if record is not None and record.is_group:
        group = codes.get_code(system, normal)
        return _span_page(system, record.first or normal, record.last or normal, group)
    if record is None and "-" in normal:
        return _dynamic_span(system, normal)
    return _single_code_page(system, normal, record, detail)


def _jobs_needing(
    system: str, code: str, record: object = None
) -> tuple[list[object] | None, object, int]:
    """The newest open jobs that need a code, through the search service; straight from the
    database when the search backend is down, and for a header code (M51), whose jobs are
    those that need any code beneath it."""
    if record is not None and not record.billable:
        page = jobs.paginate(open_jobs_needing(span(system, code, code)), 1, JOBS_ON_CODE_PAGE)
        return None, page, page.total
    try:
        result = jobs_for_code(code, JOBS_ON_CODE_PAGE)
    except SearchUnavailable:
        page = jobs.paginate(open_jobs_needing(exact(system, code)), 1, JOBS_ON_CODE_PAGE)
        return None, page, page.total
    return result.hits, None, result.total


def _single_code_page(
    system: str, code: str, record: object, detail: object
) -> str | tuple[str, int]:
    hits, jobs_page, jobs_total = _jobs_needing(system, code, record)
    if record is None:
        return _no_entry_page(system, code, hits, jobs_page, jobs_total)
    allowance = spend_code_view(current_user, system, code)
    body_html = Markup("")
    if not allowance.allowed:
        detail = None  # past the allowance the page shows no descriptions at all
    elif record is not None:
        body_html = _code_body(system, code, record, detail)
    asked = published_for(system, code)
    return render_template(
        "codes/code.html",
        system=system,
        code=code,
        label=SYSTEM_LABELS[system],
        record=record,
        detail=detail,
        allowance=allowance,
        body_html=body_html,
        jobs_html=_jobs_section(system, code, hits, jobs_page, jobs_total, record),
        asked=asked,
        faq=faq_page(asked),
    )


def faq_page(asked: list[Published]) -> dict[str, object] | None:
    """schema.org FAQPage data for the published questions about a code."""
    if not asked:
        return None
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(item.answer)},
            }
            for item in asked
        ],
    }


def _code_bodies() -> BoundedCache:
    return cache("code-page-bodies", 5000)


def _jobs_sections() -> BoundedCache:
    return cache("code-page-jobs-sections", 2000)


def _code_body(system: str, code: str, record: object, detail: object) -> Markup:
    """The explanation part of a code page, rendered once per cached code detail."""
    key = (system, code)
    cached = _code_bodies().get(key)
    if cached is None or cached[0] is not detail:
        html = render_template(
            "codes/_code_body.html",
            system=system,
            code=code,
            record=record,
            detail=detail,
            licence_notice=current_app.config["CPT_LICENCE_NOTICE"],
        )
        cached = _code_bodies().put(key, (detail, html))
    return Markup(cached[1])  # noqa: S704 - our own rendered template


def _jobs_section(
    system: str,
    code: str,
    hits: list[object] | None,
    jobs_page: object,
    jobs_total: int,
    record: object = None,
) -> Markup:
    """The "open jobs that need this code" list, rendered once per distinct set of hits:
    it is most of a code page's work and the same for every visitor."""
    header = record is not None and not record.billable
    context = {
        "system": system,
        "heading": f"a code under {code}" if header else code,
        "needs": _needs(system, code, code, jobs_page) if header else {},
        "hits": hits,
        "jobs_page": jobs_page,
        "jobs_total": jobs_total,
        "search_url": url_for("search.job_search", code=code, sort="newest"),
        "feed_url": url_for("seo.code_feed", system=system, code=code, kind="atom"),
    }
    if hits is None:  # search is down; the database answered
        return Markup(render_template("codes/_jobs_for_code.html", **context))  # noqa: S704
    fingerprint = hashlib.sha1(  # noqa: S324 - a cache key, not security
        json.dumps([hit.document for hit in hits], sort_keys=True).encode()
    ).hexdigest()
    key = (system, code, jobs_total, fingerprint)
    html = _jobs_sections().get(key)
    if html is None:
        html = _jobs_sections().put(key, render_template("codes/_jobs_for_code.html", **context))
    return Markup(html)  # noqa: S704 - our own rendered template


def _no_entry_page(
    system: str, code: str, hits: list[object] | None, jobs_page: object, jobs_total: int
) -> str | tuple[str, int]:
    """A code we have no entry for: which system and family it belongs to, why it is left
    out if it is on purpose, the jobs that need it and how an operator loads licensed text.
    Not metered (there is no explanation to read); 404 unless it is a code we can place or
    one that jobs need, so misspellings are not indexed."""
    is_code = code_system(code) == system
    families = codes.groups_for_span(system, code, code) if is_code else []
    left_out = left_out_codes().get((system, code))
    found = bool(families or left_out or jobs_total)
    return render_template(
        "codes/no_entry.html",
        system=system,
        code=code,
        label=SYSTEM_LABELS[system],
        families=families,
        left_out=left_out,
        is_code=is_code,
        near=[] if left_out else codes.near_matches(system, code),
        jobs_html=_jobs_section(system, code, hits, jobs_page, jobs_total),
    ), (200 if found else 404)


def _dynamic_span(system: str, text: str) -> str | tuple[str, int]:
    try:
        tag = parse_tag(text)
    except TagError as error:
        return render_template(
            "codes/not_found.html",
            system=system,
            code=text,
            label=SYSTEM_LABELS[system],
            near=[],
            message=str(error),
        ), 404
    if tag.system != system or tag.kind != RANGE:
        abort(404)
    return _span_page(system, tag.first, tag.last, None)


def _span_page(system: str, first: str, last: str, group: object) -> str:
    # A grouping shows its direct children (blocks, categories or codes); a typed range
    # shows every code inside it.
    children = codes.code_detail(group).children if group is not None else []
    members = children or codes.codes_in_span(system, first, last)
    page = request.args.get("page", 1, type=int)
    jobs_page = jobs.paginate(open_jobs_needing(span(system, first, last)), page)
    counts = job_counts_for_codes(system, [member.code for member in members])
    needs = _needs(system, first, last, jobs_page)
    ancestors = (
        codes.ancestors_of(group)
        if group is not None
        else codes.groups_for_span(system, first, last)
    )
    return render_template(
        "codes/span.html",
        notes=note_groups(group, ancestors) if group is not None else [],
        system=system,
        label=SYSTEM_LABELS[system],
        first=first,
        last=last,
        group=group,
        ancestors=ancestors,
        members=members,
        counts=counts,
        jobs_page=jobs_page,
        needs=needs,
    )


def _needs(system: str, first: str, last: str, jobs_page: object) -> dict[int, list[str]]:
    return codes_needed_in_span(system, first, last, [job.id for job in jobs_page.items])
