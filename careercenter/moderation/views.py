"""The operator's pages: reports, users, companies and the audit log; and the report form
a signed-in account sends from a job page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from careercenter.accounts.access import admin_required
from careercenter.accounts.forms import ConfirmForm
from careercenter.accounts.models import User
from careercenter.extensions import db, limiter
from careercenter.jobs.models import Job
from careercenter.moderation import service as moderation
from careercenter.moderation.blueprint import bp
from careercenter.moderation.forms import ReasonForm, ReportForm


def _job_or_404(job_id: int) -> Job:
    return db.session.get(Job, job_id) or abort(404)


def _search_text() -> str:
    return " ".join(request.args.get("q", "").split())[:100]


@bp.route("/admin/reports")
@admin_required
def reports() -> str:
    return render_template(
        "admin/reports.html",
        reported=moderation.open_reports(),
    )


@bp.route("/admin/jobs/<int:job_id>/take-down", methods=["POST"])
@admin_required
def take_down(job_id: int) -> str | Response | tuple[str, int]:
    job = _job_or_404(job_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"Reason: {error}", "error")
        return redirect(url_for("moderation.reports"))
    try:
        moderation.take_down_job(current_user, job, form.reason.data)
    except moderation.ModerationError as error:
        flash(str(error), "error")
    else:
        flash(f"“{job.title}” is taken down; its employer was told why.", "success")
    return redirect(url_for("moderation.reports"))


@bp.route("/admin/jobs/<int:job_id>/reports/dismiss", methods=["POST"])
@admin_required
def dismiss(job_id: int) -> Response:
    job = _job_or_404(job_id)
    if ConfirmForm().validate_on_submit():
        closed = moderation.dismiss_reports(current_user, job)
        flash(f"{closed} report(s) about “{job.title}” closed; the job stays up.", "success")
    return redirect(url_for("moderation.reports"))


@bp.route("/admin/users")
@admin_required
def users() -> str:
    text = _search_text()
    return render_template(
        "admin/users.html",
        q=text,
        users=moderation.find_users(text),
    )


@bp.route("/admin/users/<int:user_id>/suspend", methods=["POST"])
@admin_required
def suspend(user_id: int) -> Response:
    user = db.session.get(User, user_id) or abort(404)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash("Give a reason of 5 to 300 characters to suspend an account.", "error")
    else:
        try:
            moderation.suspend(current_user, user, form.reason.data)
        except moderation.ModerationError as error:
            flash(str(error), "error")
        else:
            flash(f"{user.email} is suspended and logged out everywhere.", "success")
    return redirect(url_for("moderation.users", q=user.email))


@bp.route("/admin/users/<int:user_id>/reinstate", methods=["POST"])
@admin_required
def reinstate(user_id: int) -> Response:
    user = db.session.get(User, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            moderation.reinstate(current_user, user)
        except moderation.ModerationError as error:
            flash(str(error), "error")
        else:
            flash(f"{user.email} can log in again.", "success")
    return redirect(url_for("moderation.users", q=user.email))


@bp.route("/admin/companies")
@admin_required
def companies() -> str:
    text = _search_text()
    return render_template(
        "admin/companies.html", q=text, companies=moderation.find_companies(text)
    )


@bp.route("/admin/log")
@admin_required
def log() -> str:
    return render_template("admin/log.html", entries=moderation.audit_log())


@bp.route("/jobs/<int:job_id>/report", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per hour", methods=["POST"])
def report(job_id: int) -> str | Response:
    """A signed-in account tells the operators a job is wrong (once per job)."""
    job = _job_or_404(job_id)
    if job.status not in moderation.PUBLIC_STATUSES:
        abort(404)
    if moderation.has_reported(current_user, job):
        flash("You reported this job already; our operators will look at it.", "info")
        return redirect(url_for("board.detail", key=job.path_key))
    form = ReportForm()
    if form.validate_on_submit():
        moderation.report_job(current_user, job, form.reason.data, form.note.data or "")
        flash("Thank you: our operators will look at this job.", "success")
        return redirect(url_for("board.detail", key=job.path_key))
    return render_template("moderation/report.html", form=form, job=job)
