"""The apply form and the employer's stage and note forms."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from careercenter.forms_common import BaseForm, select_choices
from careercenter.jobs.models import STAGES


class ApplyForm(BaseForm):
    cover_note = TextAreaField(
        "A note to the employer",
        validators=[Optional(), Length(max=5000)],
        render_kw={"rows": 6, "placeholder": "Why this job, and what you bring to it."},
    )
    use_profile_resume = BooleanField("Send the resume on my profile", default=True)
    resume = FileField("Or attach a resume", description="PDF or Word (.docx), at most 5 MB.")


class StageForm(BaseForm):
    stage = SelectField("Stage", choices=select_choices(STAGES))


class NoteForm(BaseForm):
    text = TextAreaField(
        "Private note", validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3}
    )
