"""Helpers shared by the views of every feature."""
from __future__ import annotations

from flask import flash

from app.core.errors import DomainError


def show_domain_error(form, error: DomainError) -> None:
    """Attach a service's error to the form field it names, or flash it when it names none."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
