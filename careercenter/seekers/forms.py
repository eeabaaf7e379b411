"""The seeker profile form."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from careercenter.codes.tags import TagError, parse_tag, parse_tags
from careercenter.forms_common import (
    BaseForm,
    CheckboxListField,
    WholeNumberField,
    blank_to_none,
    select_choices,
)
from careercenter.jobs.vocabulary import CREDENTIALS, SPECIALTIES, US_STATES


def split_tags(text: str | list[str] | None) -> list[str]:
    """The code tags in the box, comma- or semicolon-separated (or as a saved list)."""
    if isinstance(text, list | tuple):
        return [str(tag).strip() for tag in text if str(tag).strip()]
    return [tag.strip() for tag in (text or "").replace(";", ",").split(",") if tag.strip()]


class ProfileForm(BaseForm):
    headline = StringField(
        "Headline",
        validators=[Optional(), Length(max=160)],
        render_kw={"placeholder": "CPC with 4 years of spine and ortho pro-fee coding"},
    )
    credentials = CheckboxListField("Credentials you hold", choices=select_choices(CREDENTIALS))
    apprentice = BooleanField("I hold an apprentice credential (such as CPC-A)")
    specialties = CheckboxListField(
        "Specialties you have coded", choices=select_choices(SPECIALTIES)
    )
    years_experience = WholeNumberField(
        "Years of coding experience",
        validators=[Optional(), NumberRange(min=0, max=60, message="Enter 0 to 60 years.")],
    )
    city = StringField("City", validators=[Optional(), Length(max=100)], filters=[blank_to_none])
    state = SelectField(
        "State", choices=select_choices(US_STATES, blank="—"), validators=[Optional()]
    )
    willing_to_relocate = BooleanField("I would relocate for the right job")
    open_to_remote = BooleanField("I want remote work", default=True)
    codes_worked = StringField(
        "Codes you have worked with",
        validators=[Optional(), Length(max=400)],
        description="Separate with commas: codes (63035, M51.16), families (630xx) or ranges.",
        render_kw={"placeholder": "630xx, 22551, M51.16"},
    )
    resume = FileField("Resume", description="PDF or Word (.docx), at most 5 MB.")
    visibility = RadioField(
        "Who can see your profile",
        choices=select_choices(
            [
                ("private", "Only me, and employers I apply to"),
                ("employers", "Employers searching for coders"),
            ]
        ),
        default="private",
    )
    invitations_ok = BooleanField(
        "Employers who find my profile may invite me to apply", default=True
    )

    def validate_codes_worked(self, field: StringField) -> None:
        _, errors = parse_tags(split_tags(field.data))
        if errors:
            raise ValidationError(errors[0])


class CoderSearchForm(BaseForm):
    """An employer's search of coders who opted in (a GET form: no token, no session)."""

    class Meta:
        csrf = False

    credential = SelectField(
        "Credential", choices=select_choices(CREDENTIALS, blank="Any"), default=""
    )
    specialty = SelectField(
        "Specialty", choices=select_choices(SPECIALTIES, blank="Any"), default=""
    )
    code = StringField("Code worked", validators=[Optional(), Length(max=20)])
    min_years = WholeNumberField(
        "At least this many years",
        validators=[Optional(), NumberRange(min=0, max=60, message="Enter 0 to 60 years.")],
    )
    state = SelectField(
        "State (or willing to relocate)",
        choices=select_choices(US_STATES, blank="Any"),
        default="",
    )
    remote = BooleanField("Wants remote work")

    def validate_code(self, field: StringField) -> None:
        if field.data:
            try:
                parse_tag(field.data)
            except TagError as error:
                raise ValidationError(str(error)) from error


class InviteToApplyForm(BaseForm):
    job = SelectField("Job", coerce=str, validators=[DataRequired(message="Choose a job.")])
