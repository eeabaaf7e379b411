"""The operator's reason for an action, and a seeker's report of a job."""

from __future__ import annotations

from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from careercenter.forms_common import BaseForm, select_choices
from careercenter.moderation.models import REPORT_REASONS


class ReasonForm(BaseForm):
    reason = TextAreaField(
        "Reason (the account holder is told it)",
        validators=[DataRequired(), Length(min=5, max=300)],
        render_kw={"rows": 2},
    )


class ReportForm(BaseForm):
    reason = RadioField(
        "What is wrong with this job?",
        choices=select_choices(REPORT_REASONS),
        validators=[DataRequired(message="Choose what is wrong.")],
    )
    note = TextAreaField(
        "Anything our operators should know (optional)",
        validators=[Optional(), Length(max=500)],
        render_kw={"rows": 2},
    )
