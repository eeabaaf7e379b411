"""Forms of the consultant desk: asking, following up, and the consultant's steps."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from careercenter.forms_common import BaseForm, CheckboxListField, select_choices
from careercenter.jobs.vocabulary import CODE_SYSTEMS, CREDENTIALS, SPECIALTIES

DIGESTS = [("each", "One e-mail per new question"), ("off", "None: I check the queue")]


class AskForm(BaseForm):
    question = TextAreaField(
        "Your question",
        validators=[DataRequired("Write your question."), Length(max=4000)],
        description="Name the codes and the situation in general terms. Never patient "
        "information: names, dates of birth, record numbers and the like are refused.",
    )
    specialty = SelectField(
        "Specialty",
        choices=select_choices(SPECIALTIES, blank="Any specialty"),
        validators=[Optional()],
    )
    publish_consent = BooleanField(
        "You may publish this question and its answer, without any names, on the pages of the "
        "codes it names"
    )


class EntryForm(BaseForm):
    body = TextAreaField("Text", validators=[DataRequired("Write something."), Length(max=8000)])


class HandOverForm(BaseForm):
    to = SelectField("Hand to", coerce=int, choices=[])


class ConsultantForm(BaseForm):
    credentials = CheckboxListField("Credentials", choices=select_choices(CREDENTIALS))
    specialties = CheckboxListField("Specialties", choices=select_choices(SPECIALTIES))
    code_systems = CheckboxListField("Code systems", choices=select_choices(CODE_SYSTEMS))
    digest = SelectField(
        "E-mail about new questions",
        choices=select_choices(DIGESTS),
        default="each",
    )
