"""Account pages: thin views over accounts.service."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from careercenter.accounts import service as accounts
from careercenter.accounts.access import safe_next_url
from careercenter.accounts.blueprint import bp
from careercenter.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from careercenter.accounts.sessions import revoke_all, sign_in, sign_out
from careercenter.extensions import limiter


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _submitted_email() -> str:
    """Rate-limit key for guessing one account's password from many addresses."""
    return "login:" + accounts.normalise_email(request.form.get("email", ""))[:254]


def _home_for(user: object) -> str:
    if getattr(user, "is_employer", False):
        return url_for("jobs.dashboard")
    if getattr(user, "is_admin", False):
        return url_for("jobs.admin_queue")
    return url_for("board.home")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def register() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_home_for(current_user))
    form = RegisterForm()
    if request.method == "GET" and request.args.get("role") in ("seeker", "employer"):
        form.role.data = request.args["role"]
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        start = safe_next_url(form.next.data, "")
        if not start and form.role.data == "employer":
            start = url_for("companies.create")
        try:
            accounts.register_user(
                form.email.data, form.password.data, form.name.data, form.role.data, start
            )
        except accounts.AccountError as error:
            form[error.field or "email"].errors.append(str(error))
        else:
            # The same answer whether or not the address already had an account.
            email = accounts.normalise_email(form.email.data)
            return render_template("accounts/check_email.html", email=email)
    return render_template("accounts/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_submitted_email, scope="login-email")
def login() -> str | Response:
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated:
        return redirect(safe_next_url(form.next.data, _home_for(current_user)))
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except accounts.AccountSuspended:
            form.password.errors.append(
                "This account is suspended. Write to the board's operators if you think "
                "that is a mistake."
            )
            return render_template("accounts/login.html", form=form)
        if user is None:
            form.password.errors.append("That e-mail and password do not match an account.")
        else:
            sign_in(user, remember=form.remember.data)
            flash(f"Logged in as {user.email}.", "success")
            return redirect(safe_next_url(form.next.data, _home_for(user)))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    form = ConfirmForm()
    if form.validate_on_submit():
        sign_out(current_user._get_current_object() if current_user.is_authenticated else None)
        flash("You are logged out.", "info")
    return redirect(url_for("board.home"))


@bp.route("/account/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere() -> Response:
    """End every session of the account: other browsers, copied or stolen cookies."""
    if ConfirmForm().validate_on_submit():
        user = current_user._get_current_object()
        user.session_version += 1
        revoke_all(user)
        logout_user()
        flash("You are logged out on every device.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account")
@login_required
def account() -> str:
    return render_template("accounts/account.html", confirm_form=ConfirmForm(), user=current_user)


@bp.route("/account/verify/<token>")
def verify_email(token: str) -> Response:
    """A new account signs in from its first confirmation link and goes back to where the
    user started; a later use only confirms."""
    try:
        user, first, start = accounts.verify_email(token)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(
            url_for("accounts.account" if current_user.is_authenticated else "accounts.login")
        )
    if first and not current_user.is_authenticated:
        sign_in(user)
        flash(f"Welcome, {user.name}. Thank you: {user.email} is confirmed.", "success")
        return redirect(safe_next_url(start, _home_for(user)))
    flash(f"Thank you: {user.email} is confirmed.", "success")
    return redirect(
        url_for("accounts.account" if current_user.is_authenticated else "accounts.login")
    )


@bp.route("/account/verify/resend", methods=["POST"])
@login_required
@limiter.limit("5 per hour")
def resend_verification() -> Response:
    if ConfirmForm().validate_on_submit() and not current_user.email_verified:
        if accounts.send_verification_email(current_user):
            flash(f"We sent a new confirmation link to {current_user.email}.", "success")
        else:
            flash("We could not send the e-mail just now. Please try again later.", "error")
    return redirect(url_for("accounts.account"))


@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def request_reset() -> str | Response:
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash(
            "If an account uses that address, a reset link is on its way. It works for one hour.",
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template(
        "simple_form.html",
        form=form,
        title="Reset your password",
        lead="Enter the e-mail address of your account and we will send you a reset link.",
        button="Send me a reset link",
        field_names=["email"],
    )


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    try:
        user = accounts.user_for_reset_token(token)
    except accounts.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("accounts.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.password.data)
        except accounts.AccountError as error:
            form.password.errors.append(str(error))
        else:
            accounts.mark_email_verified(user)
            logout_user()
            flash("Your password is changed. Log in with the new one.", "success")
            return redirect(url_for("accounts.login"))
    return render_template(
        "simple_form.html",
        form=form,
        title="Choose a new password",
        button="Save new password",
        field_names=["password", "confirm"],
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.password.data)
        except accounts.AccountError as error:
            form[error.field or "current_password"].errors.append(str(error))
        else:
            sign_in(current_user._get_current_object())  # a new session here; the rest ended
            flash("Your password is changed. Other devices have been logged out.", "success")
            return redirect(url_for("accounts.account"))
    return render_template(
        "simple_form.html",
        form=form,
        title="Change your password",
        button="Change password",
        field_names=["current_password", "password", "confirm"],
    )
