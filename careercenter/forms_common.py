"""Field builders and validators shared by the feature forms."""

from __future__ import annotations

from urllib.parse import urlsplit

from wtforms import EmailField, Field, Form, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

NOT_BLANK_MESSAGE = "This field is required."


def select_choices(pairs: list[tuple[str, str]], blank: str | None = None) -> list[SelectChoice]:
    """Vocabulary pairs as WTForms choices, optionally led by an empty "no answer" option."""
    options = [SelectChoice("", blank)] if blank is not None else []
    return options + [SelectChoice(value, text) for value, text in pairs]


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
