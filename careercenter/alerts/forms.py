"""The "e-mail me new jobs like these" form."""

from __future__ import annotations

from wtforms import HiddenField, SelectField

from careercenter.alerts.models import FREQUENCIES
from careercenter.forms_common import BaseForm, email_field, select_choices


class AlertForm(BaseForm):
    query = HiddenField()
    frequency = SelectField("How often", choices=select_choices(FREQUENCIES), default="daily")
    email = email_field("Your e-mail", required=False)
