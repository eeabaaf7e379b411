"""Field builders and validators shared by the feature forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DecimalField,
    EmailField,
    Field,
    Form,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from careercenter.text import one_line, without_controls

NOT_BLANK_MESSAGE = "This field is required."


class CleanTextMeta(FlaskForm.Meta):
    """Every text field of every form is cleaned at input, before any validator runs."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        kind = unbound_field.field_class
        if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
            clean = without_controls if issubclass(kind, TextAreaField) else one_line
            options["filters"] = [clean, *unbound_field.kwargs.get("filters", ())]
        return super().bind_field(form, unbound_field, options)


class BaseForm(FlaskForm):
    """The base of the app's forms: CSRF from Flask-WTF, text cleaned at input."""

    Meta = CleanTextMeta

    def hidden_tag(self, *fields: Any) -> Markup:
        """The hidden fields, the CSRF token without an id: a page with several forms (a row
        of Delete buttons, a note and a stage form) would otherwise repeat id="csrf_token"."""
        rendered = [
            field(id=False) if field.type == "CSRFTokenField" else field()
            for field in (fields or self)
            if isinstance(field.widget, HiddenInput)
        ]
        return Markup("".join(str(html) for html in rendered))  # noqa: S704 - fields escape


def select_choices(pairs: list[tuple[str, str]], blank: str | None = None) -> list[SelectChoice]:
    """Vocabulary pairs as WTForms choices, optionally led by an empty "no answer" option."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(value, text) for value, text in pairs]


class WholeNumberField(IntegerField):
    """A whole number of at most a few digits. WTForms' IntegerField takes any length, and
    NumberRange then fails on a 400-digit number (it cannot be made a float), a 500."""

    most_digits = 12

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        if len(text.lstrip("+-")) > self.most_digits:
            self.data = None
            raise ValueError("Enter a whole number.")
        super().process_formdata(valuelist)


class AmountField(DecimalField):
    """A finite decimal: "NaN" and "Infinity" are refused at input, since Decimal
    reads them and comparing a NaN raises instead of answering."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError("Enter an amount in figures.")


class CheckboxListField(SelectMultipleField):
    """A multi-select shown as checkboxes, so it works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def web_address(form: Form, field: Field) -> None:
    """Only http(s) links with a host: no javascript:, data: or relative paths."""
    if not field.data:
        return
    value = field.data.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValidationError("Enter a full web address starting with https://")
    field.data = value


def blank_to_none(value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def email_field(label: str = "E-mail", required: bool = True, **kwargs: object) -> EmailField:
    """An e-mail field with the checks and the message every form uses."""
    return EmailField(
        label,
        validators=[
            DataRequired() if required else Optional(),
            Length(max=254),
            Email(
                message="Enter an e-mail address like name@example.com.", check_deliverability=False
            ),
        ],
        filters=[] if required else [blank_to_none],
        render_kw={"autocomplete": "email"},
        **kwargs,
    )
