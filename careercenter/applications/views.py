"""Apply pages for seekers and applicant tracking for employers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from careercenter.accounts.access import employer_required, seeker_required
from careercenter.applications import service as applications
from careercenter.applications.applicants import (
    SORTS,
    ApplicantFilter,
    applicant_rows,
    credential_match,
    credentials_among,
)
from careercenter.applications.blueprint import bp
from careercenter.applications.forms import ApplyForm, NoteForm, StageForm
from careercenter.extensions import db, limiter
from careercenter.jobs import service as jobs
from careercenter.jobs.models import STAGES, Application, Job
from careercenter.seekers.service import existing_profile
from careercenter.uploads import UploadError


def _open_job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or job.display_status not in ("published", "closed", "expired"):
        abort(404)
    return job


def _applicant_key() -> str:
    return f"applicant:{current_user.get_id()}"


@bp.route("/jobs/<int:job_id>/apply", methods=["GET", "POST"])
@seeker_required
@limiter.limit("30 per hour", methods=["POST"], key_func=_applicant_key)
def apply(job_id: int) -> str | Response:
    job = _open_job(job_id)
    if job.apply_method != "site":
        return redirect(url_for("board.detail", key=job.path_key))
    previous = applications.existing_application(job, current_user)
    if previous is not None or not job.is_open:
        if previous is not None:
            flash(
                f"You applied to this job on {previous.created_at:%b %-d, %Y}. "
                f"Its stage is: {previous.stage_label}.",
                "info",
            )
        else:
            flash("This job is no longer accepting applications.", "error")
        return redirect(url_for("board.detail", key=job.path_key))
    profile = existing_profile(current_user)  # shown, not created: a refused form stores nothing
    form = ApplyForm()
    if form.validate_on_submit():
        try:
            applications.apply(
                job,
                current_user,
                form.cover_note.data or "",
                form.resume.data,
                form.use_profile_resume.data,
            )
        except (applications.ApplicationError, UploadError) as error:
            db.session.rollback()
            field = getattr(error, "field", None) or "resume"
            form[field].errors = [*form[field].errors, str(error)]
        else:
            flash(f"Your application to {job.company.name} is sent.", "success")
            return redirect(url_for("applications.mine"))
    return render_template("applications/apply.html", job=job, form=form, profile=profile)


@bp.route("/jobs/<int:job_id>/apply-out")
def apply_out(job_id: int) -> str | Response:
    """Count the click and show where the employer takes applications, on a page of ours
    that names the other site: never a redirect, so the board's address cannot be used to
    send people to whatever an employer typed."""
    job = _open_job(job_id)
    destination = applications.outside_destination(job) if job.is_open else None
    if destination is None:
        return redirect(url_for("board.detail", key=job.path_key))
    applications.count_apply_click(job)
    return render_template("applications/leaving.html", job=job, destination=destination)


@bp.route("/me/applications")
@seeker_required
def mine() -> str:
    return render_template(
        "applications/mine.html", applications=applications.applications_of(current_user)
    )


@bp.route("/employer/jobs/<int:job_id>/applicants")
@employer_required
def applicants(job_id: int) -> str:
    job = jobs.job_for_manager(job_id, current_user) or abort(404)
    chosen = ApplicantFilter.from_args(request.args)
    return render_template(
        "applications/applicants.html",
        job=job,
        rows=applicant_rows(job, chosen),
        chosen=chosen,
        total=len(job.applications),
        stages=STAGES,
        sorts=SORTS,
        credentials=credentials_among(job),
    )


def _staff_application(application_id: int) -> Application:
    return applications.application_for_staff(application_id, current_user) or abort(404)


@bp.route("/employer/applications/<int:application_id>")
@employer_required
def detail(application_id: int) -> str:
    application = _staff_application(application_id)
    stage_form = StageForm(stage=application.stage)
    profile = existing_profile(application.seeker)
    return render_template(
        "applications/detail.html",
        application=application,
        profile=profile,
        required=credential_match(application.job, profile),
        stage_form=stage_form,
        note_form=NoteForm(),
    )


@bp.route("/employer/applications/<int:application_id>/stage", methods=["POST"])
@employer_required
def change_stage(application_id: int) -> Response:
    application = _staff_application(application_id)
    form = StageForm()
    if form.validate_on_submit():
        applications.move_to_stage(application, form.stage.data)
        flash(f"{application.seeker.name} is now at: {application.stage_label}.", "success")
    else:
        flash("Choose one of the listed stages.", "error")
    if request.form.get("back") == "list":
        return redirect(url_for("applications.applicants", job_id=application.job_id))
    return redirect(url_for("applications.detail", application_id=application.id))


@bp.route("/employer/applications/<int:application_id>/notes", methods=["POST"])
@employer_required
def add_note(application_id: int) -> Response:
    """Back to the application either way, so a reload never posts again. The box holds at
    most the 5,000 characters a note may have (maxlength), so only an empty note fails."""
    application = _staff_application(application_id)
    form = NoteForm()
    if form.validate_on_submit():
        applications.add_note(application, current_user, form.text.data)
        flash("Note added.", "success")
    else:
        flash("Write something in the note before adding it.", "error")
    return redirect(url_for("applications.detail", application_id=application.id))
