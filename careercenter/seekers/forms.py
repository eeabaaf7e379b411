"""The seeker profile form."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

from careercenter.forms_common import (
    BaseForm,
    CheckboxListField,
    WholeNumberField,
    blank_to_none,
    select_choices,
)
from careercenter.jobs.vocabulary import CREDENTIALS, SPECIALTIES, US_STATES


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
