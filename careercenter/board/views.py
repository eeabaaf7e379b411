"""What everyone sees first: the home page and the job page."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from careercenter.applications.service import existing_application
from careercenter.board.blueprint import bp
from careercenter.jobs import service as jobs
from careercenter.jobs.pages import MANAGER, PUBLIC, render_job_page
from careercenter.jobs.view_counts import record_view
from careercenter.pay.service import job_position
from careercenter.search.service import open_job_count
from careercenter.seekers.service import existing_profile, jobs_you_qualify_for, saved_job_ids
from careercenter.seo.jsonld import job_posting
from careercenter.text import whole_number


@bp.route("/")
def home() -> str:
    qualified, credentials = [], []
    if current_user.is_authenticated and current_user.is_seeker:
        qualified = jobs_you_qualify_for(current_user)
        profile = existing_profile(current_user)
        credentials = list(profile.credentials or []) if profile else []
    return render_template(
        "jobs/home.html",
        newest=jobs.newest_jobs(12),
        open_count=open_job_count(),
        qualified=qualified,
        credentials=credentials,
    )


@bp.route("/jobs/<key>")
def detail(key: str) -> str | Response:
    """The job page at /jobs/<id>-<slug>; a wrong or missing slug redirects to the right one."""
    job_id, _, _ = key.partition("-")
    number = whole_number(job_id, most_digits=12)
    if number is None:
        abort(404)
    viewer = current_user if current_user.is_authenticated else None
    job = jobs.job_visible_to(number, viewer)
    if job is None:
        abort(404)
    if key != job.path_key:
        return redirect(url_for("board.detail", key=job.path_key), 301)
    manager = jobs.can_manage(viewer, job)
    if jobs.is_gone(job) and not manager:
        abort(410)
    if job.is_open and not manager:
        record_view(job)
    application, saved = None, False
    if viewer is not None and viewer.is_seeker:
        application = existing_application(job, viewer)
        saved = job.id in saved_job_ids(viewer)
    return render_job_page(
        job,
        MANAGER if manager else PUBLIC,
        application=application,
        saved=saved,
        job_posting=job_posting(job) if job.is_open else None,
        pay_position=job_position(job) if job.is_open else None,
    )
