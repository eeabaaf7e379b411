"""What everyone sees: the home page, the job list and the job page."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from careercenter.jobs import service as jobs
from careercenter.jobs.blueprint import bp
from careercenter.markup import render_markdown


@bp.route("/")
def home() -> str:
    return render_template(
        "jobs/home.html", newest=jobs.newest_jobs(12), open_count=jobs.count_open_jobs()
    )


@bp.route("/jobs/<key>")
def detail(key: str) -> str | Response:
    """The job page at /jobs/<id>-<slug>; a wrong or missing slug redirects to the right one."""
    job_id, _, _ = key.partition("-")
    if not job_id.isdigit() or len(job_id) > 12:
        abort(404)
    viewer = current_user if current_user.is_authenticated else None
    job = jobs.job_visible_to(int(job_id), viewer)
    if job is None:
        abort(404)
    if key != job.path_key:
        return redirect(url_for("jobs.detail", key=job.path_key), 301)
    manager = jobs.can_manage(viewer, job)
    if job.is_open and not manager:
        jobs.record_view(job)
    return render_template(
        "jobs/detail.html",
        job=job,
        description_html=render_markdown(job.description),
        manager=manager,
        preview=False,
    )
