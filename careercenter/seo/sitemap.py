"""Sitemaps: open job pages, company pages and code pages with jobs, each with lastmod;
split into an index of files when there are more URLs than one file may hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from xml.sax.saxutils import escape

from flask import url_for
from sqlalchemy import func, select

from careercenter.companies.models import Company
from careercenter.extensions import db
from careercenter.jobs.models import JobCode
from careercenter.jobs.service import open_jobs_query

SECTIONS = ("jobs", "companies", "codes")
Entry = tuple[str, datetime | None]


def _open_jobs():
    return open_jobs_query().order_by(None).subquery()


def section_size(section: str) -> int:
    return db.session.scalar(select(func.count()).select_from(_section_query(section).subquery()))


def _section_query(section: str):
    jobs = _open_jobs()
    if section == "jobs":
        return select(jobs.c.id, jobs.c.slug, jobs.c.updated_at).order_by(jobs.c.id)
    if section == "companies":
        return (
            select(Company.slug, func.max(jobs.c.updated_at))
            .join(jobs, jobs.c.company_id == Company.id)
            .group_by(Company.slug)
            .order_by(Company.slug)
        )
    if section == "codes":
        return (
            select(JobCode.system, JobCode.code, func.max(jobs.c.updated_at))
            .join(jobs, jobs.c.id == JobCode.job_id)
            .group_by(JobCode.system, JobCode.code)
            .order_by(JobCode.system, JobCode.code)
        )
    raise ValueError(section)


def section_entries(section: str, offset: int, limit: int) -> Iterator[Entry]:
    rows = db.session.execute(_section_query(section).offset(offset).limit(limit))
    for row in rows:
        if section == "jobs":
            yield url_for("board.detail", key=f"{row[0]}-{row[1]}", _external=True), row[2]
        elif section == "companies":
            yield url_for("companies.profile", slug=row[0], _external=True), row[1]
        else:
            yield url_for("codes.code_page", system=row[0], code=row[1], _external=True), row[2]


def urlset(entries: Iterator[Entry]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for location, modified in entries:
        lastmod = f"<lastmod>{modified:%Y-%m-%d}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{escape(location)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_index(files: list[str]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <sitemap><loc>{escape(location)}</loc></sitemap>" for location in files]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def sitemap_files(per_file: int) -> list[tuple[str, int]]:
    """(section, page) for every file the index lists."""
    files = []
    for section in SECTIONS:
        size = section_size(section)
        files += [(section, page) for page in range(1, -(-size // per_file) + 1)]
    return files
