"""The operator's review queue: approve or reject submitted postings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from careercenter.accounts.access import admin_required
from careercenter.accounts.forms import ConfirmForm
from careercenter.extensions import db
from careercenter.jobs import service as jobs
from careercenter.jobs.blueprint import bp
from careercenter.jobs.forms import RejectForm
from careercenter.jobs.models import Job
from careercenter.jobs.pages import REVIEW, render_job_page


def _job_or_404(job_id: int) -> Job:
    return db.session.get(Job, job_id) or abort(404)


@bp.route("/admin/jobs")
@admin_required
def admin_queue() -> str:
    return render_template(
        "admin/queue.html", pending=jobs.pending_review(), confirm_form=ConfirmForm()
    )


@bp.route("/admin/jobs/<int:job_id>")
@admin_required
def admin_review(job_id: int) -> str:
    return render_job_page(_job_or_404(job_id), REVIEW)


@bp.route("/admin/jobs/<int:job_id>/approve", methods=["POST"])
@admin_required
def approve(job_id: int) -> Response:
    job = _job_or_404(job_id)
    if ConfirmForm().validate_on_submit():
        try:
            jobs.approve_job(job)
        except jobs.JobStateError as error:
            flash(str(error), "error")
        else:
            flash(f"“{job.title}” is published.", "success")
    return redirect(url_for("jobs.admin_queue"))


@bp.route("/admin/jobs/<int:job_id>/reject", methods=["POST"])
@admin_required
def reject(job_id: int) -> str | Response:
    job = _job_or_404(job_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return render_job_page(job, REVIEW, reject_form=form), 400
    try:
        jobs.reject_job(job, form.reason.data)
    except jobs.JobStateError as error:
        flash(str(error), "error")
    else:
        flash(f"“{job.title}” was sent back to the employer.", "success")
    return redirect(url_for("jobs.admin_queue"))
