"""The naive reference: the same searches as SQL LIKE over the jobs table, no index."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from werkzeug.datastructures import MultiDict

from careercenter.extensions import db
from careercenter.jobs.models import Job, JobCode
from careercenter.jobs.service import open_jobs_query
from careercenter.search.query import FACET_FIELDS, parse_search_args

JSON_LIST_FACETS = {
    "state": "remote_states",
    "setting": "settings",
    "credential": "credentials_required",
    "specialty": "specialties",
    "code_system": "code_systems",
}


def like_search(args: dict[str, str]) -> dict[str, Any]:
    """Count, one page and two facet counts, the way a first version would do it."""
    query = parse_search_args(MultiDict(args))
    statement = open_jobs_query().order_by(None)
    for word in query.words.split():
        pattern = f"%{word}%"
        statement = statement.where(or_(Job.title.ilike(pattern), Job.description.ilike(pattern)))
    for term in query.codes:
        codes = select(JobCode.job_id).where(
            or_(*[JobCode.code.like(part + "%") for part in term.parts])
        )
        statement = statement.where(Job.id.in_(codes))
    for facet, chosen in query.filters.items():
        if facet in ("work_mode", "employment_type"):
            statement = statement.where(getattr(Job, FACET_FIELDS[facet]).in_(chosen))
        else:
            column = getattr(Job, JSON_LIST_FACETS[facet])
            statement = statement.where(
                or_(*[func.cast(column, db.String).like(f'%"{value}"%') for value in chosen])
            )
    if query.salary_min:
        statement = statement.where(Job.salary_max >= query.salary_min)
    matching = statement.subquery()
    total = db.session.scalar(select(func.count()).select_from(matching))
    order = Job.salary_max.desc() if query.sort == "salary" else Job.published_at.desc()
    page = db.session.scalars(
        statement.order_by(order).limit(query.per_page).offset(query.offset)
    ).all()
    facets = {
        name: dict(
            db.session.execute(
                select(getattr(matching.c, name), func.count()).group_by(getattr(matching.c, name))
            ).all()
        )
        for name in ("work_mode", "employment_type")
    }
    db.session.expunge_all()
    return {"total": total, "hits": len(page), "facets": facets}
