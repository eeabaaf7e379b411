"""The employer's side: dashboard, post, preview, publish, edit, close and relist."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from careercenter.accounts.access import employer_required
from careercenter.accounts.forms import ConfirmForm
from careercenter.extensions import limiter
from careercenter.jobs import service as jobs
from careercenter.jobs.blueprint import bp
from careercenter.jobs.forms import CloseForm, JobForm
from careercenter.jobs.models import STATUS_LABELS, Job
from careercenter.jobs.pages import PREVIEW, render_job_page


def _posting_limit() -> str:
    return current_app.config["POSTING_RATE_LIMIT"]


def _poster_key() -> str:
    return f"poster:{current_user.get_id()}"


def _managed_job(job_id: int) -> Job:
    """The job if the current user's company owns it; 404 for everyone else."""
    return jobs.job_for_manager(job_id, current_user) or abort(404)


@bp.route("/employer")
@employer_required
def dashboard() -> str:
    return render_template(
        "jobs/dashboard.html",
        company=current_user.company,
        groups=jobs.dashboard(current_user.company),
        labels=STATUS_LABELS,
        confirm_form=ConfirmForm(),
    )


@bp.route("/employer/jobs/new", methods=["GET", "POST"])
@employer_required
@limiter.limit(_posting_limit, methods=["POST"], key_func=_poster_key, scope="posting")
def new_job() -> str | Response:
    form = JobForm()
    if request.method == "GET" and current_user.company:
        form.city.data = current_user.company.city
        form.state.data = current_user.company.state or ""
    if form.validate_on_submit():
        job = jobs.create_draft(current_user.company, current_user, form.job_fields())
        flash("Draft saved. Check the preview, then publish.", "success")
        for note in form.code_notes:
            flash(note, "info")
        return redirect(url_for("jobs.preview", job_id=job.id))
    return render_template("jobs/edit.html", form=form, job=None)


@bp.route("/employer/jobs/<int:job_id>/edit", methods=["GET", "POST"])
@employer_required
def edit_job(job_id: int) -> str | Response:
    job = _managed_job(job_id)
    if job.display_status not in jobs.EDITABLE_STATUSES:
        flash("A closed or expired job cannot be edited; relist it instead.", "info")
        return redirect(url_for("jobs.dashboard"))
    form = JobForm()
    if request.method == "GET":
        form.load_job(job)
    if form.validate_on_submit():
        jobs.update_job(job, form.job_fields())
        flash("Changes saved.", "success")
        for note in form.code_notes:
            flash(note, "info")
        if job.is_open:
            return redirect(url_for("board.detail", key=job.path_key))
        return redirect(url_for("jobs.preview", job_id=job.id))
    return render_template("jobs/edit.html", form=form, job=job)


@bp.route("/employer/jobs/<int:job_id>/preview")
@employer_required
def preview(job_id: int) -> str:
    job = _managed_job(job_id)
    return render_job_page(job, PREVIEW)


@bp.route("/employer/jobs/<int:job_id>/submit", methods=["POST"])
@employer_required
@limiter.limit(_posting_limit, key_func=_poster_key, scope="posting")
def submit(job_id: int) -> Response:
    job = _managed_job(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        jobs.submit_job(job)
    except jobs.JobStateError as error:
        flash(str(error), "error")
        return redirect(url_for("jobs.dashboard"))
    if job.is_open:
        flash("Your job is live.", "success")
        return redirect(url_for("board.detail", key=job.path_key))
    flash("Thanks. Your job is waiting for review; we will e-mail you when it is live.", "success")
    return redirect(url_for("jobs.dashboard"))


@bp.route("/employer/jobs/<int:job_id>/close", methods=["GET", "POST"])
@employer_required
def close(job_id: int) -> str | Response:
    job = _managed_job(job_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            jobs.close_job(job, form.reason.data)
        except jobs.JobStateError as error:
            flash(str(error), "error")
        else:
            flash(f"“{job.title}” is closed.", "success")
        return redirect(url_for("jobs.dashboard"))
    return render_template("jobs/close.html", form=form, job=job)


@bp.route("/employer/jobs/<int:job_id>/renew", methods=["POST"])
@employer_required
@limiter.limit(_posting_limit, key_func=_poster_key, scope="posting")
def renew(job_id: int) -> Response:
    job = _managed_job(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        fresh, made = jobs.renew_job(job, current_user)
    except jobs.JobStateError as error:
        flash(str(error), "error")
        return redirect(url_for("jobs.dashboard"))
    if made:
        flash("The job is relisted with a fresh date.", "success")
    else:
        flash("This job was relisted already; here is its new posting.", "info")
    if fresh.is_open:
        return redirect(url_for("board.detail", key=fresh.path_key))
    return redirect(url_for("jobs.dashboard"))
