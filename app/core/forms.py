"""Helpers shared by the views of every feature."""
from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from app.core.errors import DomainError


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons (logout, resend, delete, reset)."""


def show_domain_error(form, error: DomainError) -> None:
    """Attach a service's error to the form field it names, or flash it when it names none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
