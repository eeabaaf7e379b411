"""Company pages: the public profile and the employer's own settings."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from careercenter.accounts.access import employer_required, safe_next_url
from careercenter.accounts.forms import ConfirmForm
from careercenter.companies import service as companies
from careercenter.companies.blueprint import bp
from careercenter.companies.forms import CompanyForm, InviteForm
from careercenter.companies.models import Company
from careercenter.jobs import service as jobs
from careercenter.markup import render_markdown
from careercenter.uploads import IMAGE_KINDS, UploadError, read_checked_upload


@bp.route("/companies/<slug>")
def profile(slug: str) -> str:
    company = companies.company_by_slug(slug) or abort(404)
    page = request.args.get("page", 1, type=int)
    open_jobs = jobs.paginate(jobs.open_jobs_query(company_id=company.id), page)
    return render_template(
        "companies/profile.html",
        company=company,
        about_html=render_markdown(company.about),
        jobs_page=open_jobs,
    )


@bp.route("/companies/<slug>/logo")
def logo(slug: str) -> Response:
    company = companies.company_by_slug(slug)
    if company is None or company.logo is None:
        abort(404)
    response = Response(company.logo, mimetype=company.logo_mime)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


def _profile_from_form(form: CompanyForm) -> dict[str, Any] | None:
    """The submitted profile, or None with an error on the logo field."""
    profile: dict[str, Any] = {
        "name": form.name.data,
        "website": form.website.data,
        "about": form.about.data or "",
        "city": form.city.data,
        "state": form.state.data,
        "country": form.country.data,
        "remove_logo": form.remove_logo.data,
    }
    upload = form.logo.data
    if upload and getattr(upload, "filename", ""):
        try:
            data, kind = read_checked_upload(upload, IMAGE_KINDS, companies.LOGO_MAX_BYTES)
        except UploadError as error:
            form.logo.errors = [*form.logo.errors, str(error)]
            return None
        profile["logo"] = (data, kind.mime)
    return profile


@bp.route("/employer/company/new", methods=["GET", "POST"])
@login_required
def create() -> str | Response:
    if not current_user.is_employer:
        abort(403)
    if current_user.company_id is not None:
        return redirect(url_for("companies.edit"))
    form = CompanyForm()
    if form.validate_on_submit() and (profile := _profile_from_form(form)) is not None:
        try:
            company = companies.create_company(current_user, profile)
        except companies.CompanyError as error:
            flash(str(error), "error")
        else:
            flash(f"{company.name} is set up. Post your first job.", "success")
            fallback = url_for("jobs.new_job")
            return redirect(safe_next_url(request.args.get("next"), fallback))
    return render_template("companies/edit.html", form=form, creating=True)


@bp.route("/employer/company", methods=["GET", "POST"])
@employer_required
def edit() -> str | Response:
    company: Company = current_user.company
    form = CompanyForm(obj=company)
    if request.method == "GET":
        form.logo.data = None
    if form.validate_on_submit() and (profile := _profile_from_form(form)) is not None:
        companies.update_company(company, profile)
        flash("The company profile is saved.", "success")
        return redirect(url_for("companies.edit"))
    return render_template("companies/edit.html", form=form, creating=False, company=company)


@bp.route("/employer/company/team", methods=["GET", "POST"])
@employer_required
def team() -> str | Response:
    company: Company = current_user.company
    form = InviteForm()
    if form.validate_on_submit():
        if companies.invite_member(company, current_user, form.email.data):
            flash(f"We sent an invitation to {form.email.data}.", "success")
        else:
            flash("We could not send the invitation just now. Please try again later.", "error")
        return redirect(url_for("companies.team"))
    return render_template(
        "companies/team.html", form=form, company=company, confirm_form=ConfirmForm()
    )


@bp.route("/employer/company/team/<int:user_id>/remove", methods=["POST"])
@employer_required
def remove_member(user_id: int) -> Response:
    if ConfirmForm().validate_on_submit():
        try:
            member = companies.remove_member(current_user.company, current_user, user_id)
        except companies.CompanyError as error:
            flash(str(error), "error")
        else:
            flash(f"{member.name} is no longer on the team.", "success")
    return redirect(url_for("companies.team"))


@bp.route("/companies/join/<token>", methods=["GET", "POST"])
def join(token: str) -> str | Response:
    try:
        company, email = companies.read_invitation(token)
    except companies.CompanyError as error:
        flash(str(error), "error")
        return redirect(url_for("board.home"))
    form = ConfirmForm()
    if current_user.is_authenticated and form.validate_on_submit():
        try:
            companies.accept_invitation(current_user, token)
        except companies.CompanyError as error:
            flash(str(error), "error")
        else:
            flash(f"You are now a member of {company.name}.", "success")
            return redirect(url_for("jobs.dashboard"))
    return render_template("companies/join.html", company=company, email=email, form=form)
