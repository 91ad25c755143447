"""Confirming irreversible actions without JavaScript.

A delete button posts to its action URL as before. Without the confirmation field that POST (and a GET of
the same URL) shows a page "Really delete X?" that names the consequences and has the real POST form,
with the field `confirm=yes`, the CSRF token and, when the action needs one, a choice (e.g. the topic the
proposals of a deleted topic move to). Only a confirmed POST with a valid CSRF token changes anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template, request

from app.core.forms import EmptyForm

CONFIRM_FIELD = "confirm"


@dataclass
class Choice:
    """A select on the confirmation page (value "" = nothing chosen yet)."""

    name: str
    label: str
    options: list[tuple[str, str]]
    error: str | None = None
    selected: str = ""


@dataclass
class Confirmation:
    title: str
    question: str
    button: str
    cancel_url: str
    consequences: list[str] = field(default_factory=list)
    choice: Choice | None = None
    refusal: str | None = None  # the action is not possible; no button is shown
    hidden: dict[str, str] = field(default_factory=dict)  # more fields the confirmed POST carries


def is_confirmed() -> bool:
    """A POST with the confirmation field and a valid CSRF token."""
    return request.method == "POST" and request.form.get(CONFIRM_FIELD) == "yes" and EmptyForm().validate()


def confirmation_page(confirmation: Confirmation, status: int = 200):
    """The page asking for confirmation (also shown again with the choice's error)."""
    if confirmation.choice is not None and not confirmation.choice.selected:
        confirmation.choice.selected = request.form.get(confirmation.choice.name, "")
    return render_template("_confirm.html", confirmation=confirmation, action_url=request.path), status
