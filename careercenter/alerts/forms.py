"""The "e-mail me new jobs like these" form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField
from wtforms.validators import Email, Length, Optional

from careercenter.alerts.models import FREQUENCIES
from careercenter.forms_common import select_choices


class AlertForm(FlaskForm):
    query = HiddenField()
    frequency = SelectField("How often", choices=select_choices(FREQUENCIES), default="daily")
    email = EmailField(
        "Your e-mail",
        validators=[
            Optional(),
            Length(max=254),
            Email(
                message="Enter an e-mail address like name@example.com.", check_deliverability=False
            ),
        ],
    )
