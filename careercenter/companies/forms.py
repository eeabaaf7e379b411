"""The company profile and team invitation forms."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from careercenter.forms_common import (
    BaseForm,
    blank_to_none,
    email_field,
    select_choices,
    web_address,
)
from careercenter.jobs.vocabulary import COUNTRIES, US_STATES


class CompanyForm(BaseForm):
    name = StringField("Company name", validators=[DataRequired(), Length(max=160)])
    website = StringField(
        "Website",
        validators=[Optional(), Length(max=300), web_address],
        filters=[blank_to_none],
        render_kw={"placeholder": "https://"},
    )
    about = TextAreaField(
        "About the company",
        validators=[Optional(), Length(max=10000)],
        description="Markdown works: **bold**, lists, links.",
        render_kw={"rows": 6},
    )
    city = StringField("City", validators=[Optional(), Length(max=100)], filters=[blank_to_none])
    state = SelectField(
        "State", choices=select_choices(US_STATES, blank="—"), validators=[Optional()]
    )
    country = SelectField("Country", choices=select_choices(COUNTRIES), default="US")
    logo = FileField("Logo", description="PNG, JPEG or WebP, at most 1 MB.")
    remove_logo = BooleanField("Remove the current logo")


class InviteForm(BaseForm):
    email = email_field("Colleague's e-mail")
