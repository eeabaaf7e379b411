"""The seeker's own pages: profile, saved jobs, and their resume."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from careercenter.accounts.access import safe_next_url, seeker_required
from careercenter.accounts.forms import ConfirmForm
from careercenter.extensions import db
from careercenter.jobs.service import job_visible_to
from careercenter.seekers import service as seekers
from careercenter.seekers.blueprint import bp
from careercenter.seekers.forms import ProfileForm
from careercenter.seekers.resumes import resume_response, resume_visible_to
from careercenter.uploads import UploadError


@bp.route("/me/profile", methods=["GET", "POST"])
@seeker_required
def profile() -> str | Response:
    record = seekers.profile_of(current_user)
    form = ProfileForm(obj=record)
    if request.method == "GET":
        form.state.data = record.state or ""
    if form.validate_on_submit():
        fields = {name: form[name].data for name in seekers.PROFILE_FIELDS}
        fields["state"] = fields["state"] or None
        try:
            # With no new file, the field holds the saved Resume row (filled from ``obj``).
            upload = form.resume.data if isinstance(form.resume.data, FileStorage) else None
            seekers.save_profile(current_user, fields, upload)
        except UploadError as error:
            db.session.rollback()
            form.resume.errors = [*form.resume.errors, str(error)]
        else:
            flash("Your profile is saved.", "success")
            return redirect(url_for("seekers.profile"))
    db.session.commit()
    return render_template("seekers/profile.html", form=form, profile=record)


@bp.route("/me/saved")
@seeker_required
def saved() -> str:
    return render_template(
        "seekers/saved.html", jobs=seekers.saved_jobs(current_user), confirm_form=ConfirmForm()
    )


@bp.route("/jobs/<int:job_id>/save", methods=["POST"])
@seeker_required
def save(job_id: int) -> Response:
    job = job_visible_to(job_id, current_user)  # a draft's id is no way to read it
    if job is None or not ConfirmForm().validate_on_submit():
        abort(404)
    if seekers.save_job(current_user, job):
        flash("Saved. Find it under Saved jobs.", "success")
    fallback = url_for("board.detail", key=job.path_key)
    return redirect(safe_next_url(request.form.get("next"), fallback))


@bp.route("/jobs/<int:job_id>/unsave", methods=["POST"])
@seeker_required
def unsave(job_id: int) -> Response:
    if ConfirmForm().validate_on_submit():
        seekers.unsave_job(current_user, job_id)
        flash("Removed from your saved jobs.", "info")
    return redirect(safe_next_url(request.form.get("next"), url_for("seekers.saved")))


@bp.route("/resumes/<int:resume_id>")
def resume(resume_id: int) -> Response:
    """A resume file, for its owner and for staff of a company the owner applied to;
    everyone else, logged in or not, is told it does not exist."""
    if not current_user.is_authenticated:
        abort(404)
    record = resume_visible_to(resume_id, current_user)
    if record is None:
        abort(404)
    return resume_response(record)
