"""robots.txt, sitemaps, feeds and landing pages."""

from __future__ import annotations

from flask import Response, abort, current_app, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from careercenter.codes.tags import SYSTEM_LABELS, SYSTEMS, normalise_code
from careercenter.companies.service import company_by_slug
from careercenter.extensions import db
from careercenter.jobs.by_code import exact, open_jobs_needing
from careercenter.jobs.models import Job
from careercenter.jobs.service import open_jobs_query
from careercenter.search.backend import SearchUnavailable
from careercenter.search.query import parse_search_args
from careercenter.search.service import search_jobs
from careercenter.search.views import render_search
from careercenter.seo import sitemap
from careercenter.seo.blueprint import bp
from careercenter.seo.feeds import FEED_TYPES, jobs_feed
from careercenter.seo.landings import LANDINGS

FEED_SIZE = 50


@bp.route("/robots.txt")
def robots() -> Response:
    lines = [
        "User-agent: *",
        "Disallow: /employer/",
        "Disallow: /admin/",
        "Disallow: /me/",
        "Disallow: /api/",
        "Disallow: /account",
        "Disallow: /alerts/",
        f"Sitemap: {url_for('seo.sitemap_xml', _external=True)}",
        "",
    ]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap_xml() -> Response:
    per_file = current_app.config["SITEMAP_URLS_PER_FILE"]
    files = sitemap.sitemap_files(per_file)
    if len(files) <= 1 and sum(sitemap.section_size(s) for s in sitemap.SECTIONS) <= per_file:
        entries = [
            entry
            for section in sitemap.SECTIONS
            for entry in sitemap.section_entries(section, 0, per_file)
        ]
        return Response(sitemap.urlset(iter(entries)), mimetype="application/xml")
    locations = [
        url_for("seo.sitemap_part", section=section, page=page, _external=True)
        for section, page in files
    ]
    return Response(sitemap.sitemap_index(locations), mimetype="application/xml")


@bp.route("/sitemaps/<section>-<int:page>.xml")
def sitemap_part(section: str, page: int) -> Response:
    if section not in sitemap.SECTIONS or page < 1:
        abort(404)
    per_file = current_app.config["SITEMAP_URLS_PER_FILE"]
    entries = sitemap.section_entries(section, (page - 1) * per_file, per_file)
    return Response(sitemap.urlset(entries), mimetype="application/xml")


def _kind(kind: str) -> str:
    if kind not in FEED_TYPES:
        abort(404)
    return kind


@bp.route("/jobs/feed.<kind>")
def search_feed(kind: str) -> Response:
    kind = _kind(kind)
    query = parse_search_args(request.args)
    query.sort, query.page, query.per_page = "newest", 1, FEED_SIZE
    query.with_facets = False
    try:
        ids = [int(hit.id) for hit in search_jobs(query).hits]
    except SearchUnavailable:
        abort(503)
    found = {job.id: job for job in db.session.scalars(select(Job).where(Job.id.in_(ids)))}
    jobs = [found[job_id] for job_id in ids if job_id in found and found[job_id].is_open]
    args = request.args.to_dict(flat=False)
    page_url = url_for("search.job_search", _external=True, **args)
    title = f"Coding jobs: {query.q}" if query.q else "Medical coding jobs"
    return jobs_feed(
        jobs,
        title,
        "New jobs for this search on CareerCenter",
        page_url,
        url_for("seo.search_feed", kind=kind, _external=True, **args),
        kind,
    )


@bp.route("/companies/<slug>/feed.<kind>")
def company_feed(slug: str, kind: str) -> Response:
    kind = _kind(kind)
    company = company_by_slug(slug) or abort(404)
    jobs = list(db.session.scalars(open_jobs_query(company_id=company.id).limit(FEED_SIZE)))
    return jobs_feed(
        jobs,
        f"Coding jobs at {company.name}",
        f"Open jobs at {company.name}",
        url_for("companies.profile", slug=slug, _external=True),
        url_for("seo.company_feed", slug=slug, kind=kind, _external=True),
        kind,
    )


@bp.route("/codes/<system>/<code>/feed.<kind>")
def code_feed(system: str, code: str, kind: str) -> Response:
    kind = _kind(kind)
    if system not in SYSTEMS:
        abort(404)
    normal = normalise_code(code)
    jobs = list(db.session.scalars(open_jobs_needing(exact(system, normal)).limit(FEED_SIZE)))
    label = f"{SYSTEM_LABELS[system]} {normal}"
    return jobs_feed(
        jobs,
        f"Coding jobs that need {label}",
        f"Open jobs that need {label}",
        url_for("codes.code_page", system=system, code=normal, _external=True),
        url_for("seo.code_feed", system=system, code=normal, kind=kind, _external=True),
        kind,
    )


def landing_page() -> tuple[str, int]:
    landing = LANDINGS.get(request.path) or abort(404)
    args = MultiDict(
        list(landing.filters)
        + [
            (key, value)
            for key, value in request.args.items(multi=True)
            if key not in {name for name, _ in landing.filters}
        ]
    )
    return render_search(args, landing)


for _path in LANDINGS:  # one URL rule per landing page, all served by landing_page()
    bp.add_url_rule(
        _path,
        endpoint="landing" + _path.replace("/", "_").replace("-", "_"),
        view_func=landing_page,
    )
