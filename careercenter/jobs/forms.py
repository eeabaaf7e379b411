"""The job posting form and the small forms around the posting lifecycle."""

from __future__ import annotations

import re
from typing import Any

from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from careercenter.codes.checking import check_tags
from careercenter.codes.tags import parse_tags
from careercenter.forms_common import (
    AmountField,
    BaseForm,
    CheckboxListField,
    WholeNumberField,
    blank_to_none,
    email_field,
    select_choices,
    web_address,
)
from careercenter.jobs.models import CLOSE_REASONS, JOB_CONTENT_FIELDS
from careercenter.jobs.places import place_problem
from careercenter.jobs.vocabulary import (
    APPLY_METHODS,
    CODE_SYSTEMS,
    COUNTRIES,
    CREDENTIALS,
    CURRENCIES,
    EHR_SYSTEMS,
    EMPLOYMENT_TYPES,
    PRODUCTIVITY_UNITS,
    SALARY_UNITS,
    SETTINGS,
    SPECIALTIES,
    US_STATES,
    WORK_MODES,
)

MAX_CODE_TAGS = 60
TAG_SEPARATORS = re.compile(r"[,;\n]+")
POSTAL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")


def split_code_tags(text: str | None) -> list[str]:
    """Split the tag box on commas, semicolons or new lines, keeping each tag as typed."""
    tags: list[str] = []
    for raw in TAG_SEPARATORS.split(text or ""):
        tag = " ".join(raw.split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class JobForm(BaseForm):
    title = StringField(
        "Job title",
        validators=[DataRequired(), Length(min=4, max=160)],
        render_kw={"placeholder": "Spine Surgery Coder (CPC)"},
    )
    description = TextAreaField(
        "Description",
        validators=[DataRequired(), Length(min=30, max=20000)],
        description="Markdown works: headings, **bold**, lists and links.",
        render_kw={"rows": 12},
    )
    work_mode = RadioField("Work mode", choices=select_choices(WORK_MODES), default="remote")
    remote_states = CheckboxListField(
        "Remote: states where applicants may live",
        choices=select_choices(US_STATES),
        description="Leave empty if applicants may live anywhere in the countries below.",
    )
    remote_countries = CheckboxListField(
        "Remote: countries where applicants may live",
        choices=select_choices(COUNTRIES),
        default=["US"],
    )
    city = StringField("City", validators=[Optional(), Length(max=100)], filters=[blank_to_none])
    state = SelectField(
        "State", choices=select_choices(US_STATES, blank="—"), validators=[Optional()]
    )
    postal_code = StringField(
        "Postal code", validators=[Optional(), Length(max=10)], filters=[blank_to_none]
    )
    country = SelectField("Country", choices=select_choices(COUNTRIES), default="US")
    employment_type = SelectField("Employment type", choices=select_choices(EMPLOYMENT_TYPES))
    settings = CheckboxListField("Setting", choices=select_choices(SETTINGS))
    code_systems = CheckboxListField("Code systems", choices=select_choices(CODE_SYSTEMS))
    credentials_required = CheckboxListField(
        "Credentials required (any one)", choices=select_choices(CREDENTIALS)
    )
    credentials_preferred = CheckboxListField(
        "Credentials preferred", choices=select_choices(CREDENTIALS)
    )
    apprentice_accepted = BooleanField("Apprentice coders (CPC-A) are welcome")
    specialties = CheckboxListField("Specialties", choices=select_choices(SPECIALTIES))
    min_years_experience = WholeNumberField(
        "Minimum years of coding experience",
        validators=[Optional(), NumberRange(min=0, max=40, message="Enter 0 to 40 years.")],
    )
    productivity_target = WholeNumberField(
        "Productivity target",
        validators=[Optional(), NumberRange(min=1, max=1000, message="Enter 1 to 1000.")],
    )
    productivity_unit = SelectField(
        "Productivity unit",
        choices=select_choices(PRODUCTIVITY_UNITS, blank="—"),
        validators=[Optional()],
    )
    accuracy_target = AmountField(
        "Accuracy target (%)",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=100, message="Enter a percentage, 0 to 100."),
        ],
    )
    expectations_note = StringField(
        "Other expectations",
        validators=[Optional(), Length(max=300)],
        filters=[blank_to_none],
        render_kw={"placeholder": "e.g. 95% accuracy on quarterly audits, no backlog over 3 days"},
    )
    ehr_systems = CheckboxListField("EHR and encoder", choices=select_choices(EHR_SYSTEMS))
    salary_min = AmountField(
        "Pay from",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000_000, message="Enter a positive amount."),
        ],
    )
    salary_max = AmountField(
        "Pay up to",
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000_000, message="Enter a positive amount."),
        ],
    )
    salary_currency = SelectField("Currency", choices=select_choices(CURRENCIES), default="USD")
    salary_unit = SelectField("Per", choices=select_choices(SALARY_UNITS), default="YEAR")
    apply_method = RadioField(
        "Applicants apply", choices=select_choices(APPLY_METHODS), default="site"
    )
    apply_url = StringField(
        "Application web address",
        validators=[Optional(), Length(max=500), web_address],
        filters=[blank_to_none],
        render_kw={"placeholder": "https://"},
    )
    apply_email = email_field("Application e-mail", required=False)
    code_tags = TextAreaField(
        "Codes this work involves",
        validators=[Optional(), Length(max=3000)],
        description="Separate with commas: an exact code (63035, M51.16, G0283), "
        "a family (630xx) or a range (63001-63048).",
        render_kw={"rows": 2, "placeholder": "630xx, 22551, M51.16"},
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """Rules that join several fields, reported next to the field to fix."""
        valid = super().validate(extra_validators)
        if self.postal_code.data and not POSTAL_CODE.match(self.postal_code.data):
            self.postal_code.errors.append("Enter a postal code like 35203 or 35203-1234.")
            valid = False
        if self.work_mode.data in ("onsite", "hybrid") and not (self.city.data and self.state.data):
            self.city.errors.append("On-site and hybrid jobs need a city and state.")
            valid = False
        elif problem := place_problem(self.city.data, self.state.data, self.country.data):
            self.state.errors.append(problem)
            valid = False
        if self.work_mode.data == "remote" and not (
            self.remote_countries.data or self.remote_states.data
        ):
            self.remote_countries.errors.append("Choose where remote applicants may live.")
            valid = False
        low, high = self.salary_min.data, self.salary_max.data
        if low is not None and high is not None and low > high:
            self.salary_max.errors.append("The upper figure must be at least the lower one.")
            valid = False
        if bool(self.productivity_target.data) != bool(self.productivity_unit.data):
            self.productivity_unit.errors.append("Give both the number and its unit, or neither.")
            valid = False
        if self.apply_method.data == "url" and not self.apply_url.data:
            self.apply_url.errors.append("Enter the address where applicants apply.")
            valid = False
        if self.apply_method.data == "email" and not self.apply_email.data:
            self.apply_email.errors.append("Enter the address that receives applications.")
            valid = False
        tags = split_code_tags(self.code_tags.data)
        if len(tags) > MAX_CODE_TAGS:
            self.code_tags.errors.append(f"Use at most {MAX_CODE_TAGS} codes.")
            valid = False
        parsed, tag_errors = parse_tags(tags)
        checked = check_tags(parsed)
        self.code_notes = checked.notes
        if tag_errors or checked.errors:
            self.code_tags.errors.extend([*tag_errors, *checked.errors])
            valid = False
        return valid

    def job_fields(self) -> dict[str, Any]:
        """The submitted posting as model fields, cleared of what its work mode does not use."""
        fields = {name: self[name].data for name in JOB_CONTENT_FIELDS}
        fields["code_tags"] = split_code_tags(self.code_tags.data)
        fields["state"] = fields["state"] or None
        fields["productivity_unit"] = fields["productivity_unit"] or None
        if fields["work_mode"] != "remote":
            fields["remote_states"], fields["remote_countries"] = [], []
        if fields["apply_method"] != "url":
            fields["apply_url"] = None
        if fields["apply_method"] != "email":
            fields["apply_email"] = None
        return fields

    def load_job(self, job: Any) -> None:
        """Fill the form from a saved job, turning the tag list back into text."""
        for name in JOB_CONTENT_FIELDS:
            self[name].data = getattr(job, name)
        self.code_tags.data = ", ".join(job.code_tags or [])
        self.state.data = job.state or ""
        self.productivity_unit.data = job.productivity_unit or ""


class RejectForm(BaseForm):
    reason = TextAreaField(
        "Reason, sent to the employer",
        validators=[DataRequired(), Length(min=5, max=2000)],
        render_kw={"rows": 3},
    )


class CloseForm(BaseForm):
    reason = RadioField(
        "Why are you closing it?", choices=select_choices(CLOSE_REASONS), default="filled"
    )
