"""Account forms; every field says what is wrong next to it."""

from __future__ import annotations

from wtforms import BooleanField, HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from careercenter.accounts.passwords import MIN_PASSWORD_LENGTH
from careercenter.forms_common import BaseForm, email_field, select_choices

PASSWORD_RULES = [
    DataRequired(),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=256,
        message=f"Use at least {MIN_PASSWORD_LENGTH} characters.",
    ),
]


def new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(
        label, validators=PASSWORD_RULES, render_kw={"autocomplete": "new-password"}
    )


def repeat_password_field(label: str = "Repeat password") -> PasswordField:
    return PasswordField(
        label,
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(BaseForm):
    role = RadioField(
        "I am",
        choices=select_choices(
            [("seeker", "Looking for a coding job"), ("employer", "Hiring coders")]
        ),
        default="seeker",
        validators=[DataRequired(message="Choose one.")],
    )
    name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    email = email_field()
    password = new_password_field()
    confirm = repeat_password_field()
    next = HiddenField()


class LoginForm(BaseForm):
    email = email_field()
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


class ResetRequestForm(BaseForm):
    email = email_field()


class ResetPasswordForm(BaseForm):
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat new password")


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field("New password")
    confirm = repeat_password_field("Repeat new password")


class ConfirmForm(BaseForm):
    """A form with only the CSRF token, for buttons that change state (log out, resend)."""
