"""Helpers shared by the views of every feature."""
from __future__ import annotations

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField

from app.core.errors import DomainError
from app.core.numbers import parse_float, parse_int


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons (logout, resend, delete, reset)."""


def show_domain_error(form, error: DomainError) -> None:
    """Attach a service's error to the form field it names, or flash it when it names none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


class WholeNumberField(IntegerField):
    """An integer field that takes ASCII digits only (`app.core.numbers.parse_int`): "²", "٣" or 5,000 digits
    are a translated field error, never Python's message or a 500."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in (None, ""):
            return
        self.data = parse_int(valuelist[0], signed=True)
        if self.data is None:
            raise ValueError(_l("Bitte geben Sie eine ganze Zahl ein."))


class DecimalNumberField(FloatField):
    """A finite decimal number with a comma or point (`app.core.numbers.parse_float`): `nan`, `inf`, `1e309`
    and words are a translated field error."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in (None, ""):
            return
        self.data = parse_float(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Bitte geben Sie eine Zahl ein."))


def english_texts(form, *fields: str) -> dict[str, str]:
    """The optional English texts of a form ({field: text} from the `<field>_en` inputs) for a use case."""
    return {name: getattr(form, f"{name}_en").data or "" for name in fields}
