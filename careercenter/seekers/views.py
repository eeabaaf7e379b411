"""The seeker's own pages: profile, saved jobs, and their resume."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from careercenter.accounts.access import employer_required, safe_next_url, seeker_required
from careercenter.accounts.forms import ConfirmForm
from careercenter.codes.tags import parse_tag
from careercenter.extensions import db, limiter
from careercenter.jobs.models import Job
from careercenter.jobs.service import job_visible_to, open_jobs_query
from careercenter.seekers import directory
from careercenter.seekers import service as seekers
from careercenter.seekers.blueprint import bp
from careercenter.seekers.forms import (
    CoderSearchForm,
    InviteToApplyForm,
    ProfileForm,
    split_tags,
)
from careercenter.seekers.resumes import resume_response, resume_visible_to
from careercenter.uploads import UploadError


@bp.route("/me/profile", methods=["GET", "POST"])
@seeker_required
def profile() -> str | Response:
    record = seekers.profile_of(current_user)
    form = ProfileForm(obj=record)
    if request.method == "GET":
        form.state.data = record.state or ""
        form.codes_worked.data = ", ".join(record.codes_worked or [])
    if form.validate_on_submit():
        fields = {name: form[name].data for name in seekers.PROFILE_FIELDS}
        fields["state"] = fields["state"] or None
        fields["codes_worked"] = [parse_tag(tag).text for tag in split_tags(form.codes_worked.data)]
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


@bp.route("/employer/coders")
@employer_required
def coders() -> str:
    """Coders who opted in to being found, by what they chose to share."""
    form = CoderSearchForm(request.args)
    found = []
    if form.validate():
        found = directory.find_coders(
            directory.CoderSearch(
                credential=form.credential.data or "",
                specialty=form.specialty.data or "",
                code=(form.code.data or "").strip(),
                min_years=form.min_years.data,
                state=form.state.data or "",
                remote=bool(form.remote.data),
            )
        )
    invite_form = InviteToApplyForm()
    invite_form.job.choices = _open_job_choices()
    return render_template("seekers/coders.html", form=form, found=found, invite_form=invite_form)


@bp.route("/employer/coders/<int:profile_id>/invite", methods=["POST"])
@employer_required
@limiter.limit("60 per hour")
def invite(profile_id: int) -> Response:
    profile = directory.listed_profile(profile_id)
    if profile is None:
        abort(404)
    form = InviteToApplyForm()
    form.job.choices = _open_job_choices()
    if not form.validate_on_submit():
        flash("Choose one of your company's open jobs.", "error")
        return redirect(url_for("seekers.coders"))
    job = db.session.get(Job, int(form.job.data))
    try:
        directory.invite(current_user, profile, job)
    except directory.InvitationError as error:
        flash(str(error), "error")
    else:
        flash(f"Invitation to apply to “{job.title}” sent.", "success")
    return redirect(url_for("seekers.coders"))


def _open_job_choices() -> list[tuple[str, str]]:
    return [
        (str(job.id), job.title)
        for job in db.session.scalars(
            open_jobs_query(company_id=current_user.company_id).limit(200)
        )
    ]
