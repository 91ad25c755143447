"""One question's answer: raw form values → stored `Value` (with a translated error) and back.

Each kind has a parser; `parse_answer` returns None for "not answered" and raises ValueError with
a user-facing message for anything else that is not a valid answer. `to_form` is its inverse and
is used to show stored answers again (resuming a draft, going back a section).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.numbers import parse_float, parse_int
from app.core.text import clean_text
from app.surveys.models import LONG_TEXT_MAX, OTHER_KEY, OTHER_TEXT_MAX, SCALE_VALUES, SHORT_TEXT_MAX, SurveyQuestion

NUMBER_PATTERN = re.compile(r"^[+-]?[0-9]{1,12}(?:[.,][0-9]{1,6})?$")
GERMAN_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


@dataclass
class Value:
    """One answer in its stored form (mirrors the columns of `SurveyAnswer`)."""

    text: str | None = None
    number: float | None = None
    data: Any = None
    other: str | None = None

    @classmethod
    def of(cls, answer) -> Value:
        return cls(answer.value_text, answer.value_number, answer.value_json, answer.other_text)


def format_number(number: float | None) -> str:
    """1.0 → "1", 2.5 → "2,5" (German decimal comma)."""
    if number is None:
        return ""
    if float(number).is_integer():
        return str(int(number))
    return repr(float(number)).replace(".", ",")


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.id}"


def anchor(question: SurveyQuestion) -> str:
    """Id of the first input of a question, the target of its error-summary link."""
    name = field_name(question)
    if question.kind in ("single_choice", "multiple_choice", "likert"):
        return f"{name}-{question.choices[0]['key']}" if question.choices else name
    if question.kind == "scale":
        return f"{name}-0"
    if question.kind == "ranking":
        return f"{name}-{question.choices[0]['key']}" if question.choices else name
    if question.kind == "matrix":
        if question.rows and question.choices:
            return f"{name}-{question.rows[0]['key']}-{question.choices[0]['key']}"
    return name


def values_of(form: Mapping[str, list[str]], name: str) -> list[str]:
    """The submitted values of a field, cleaned (control characters removed, line breaks unified, stripped)."""
    return [clean_text(value) for value in form.get(name, []) if value is not None]


def _one(form: Mapping[str, list[str]], name: str) -> str:
    values = [value for value in values_of(form, name) if value]
    if len(values) > 1:
        raise ValueError(_("Bitte wählen Sie nur eine Antwort."))
    return values[0] if values else ""


def _too_long(limit: int) -> str:
    return _("Höchstens %(max)d Zeichen.", max=limit)


def parse_answer(question: SurveyQuestion, form: Mapping[str, list[str]]) -> Value | None:
    """The `Value` of one question from raw form data; None if unanswered; ValueError with a message."""
    parser = _PARSERS[question.kind]
    return parser(question, form, field_name(question))


def _choice_keys(question: SurveyQuestion) -> set[str]:
    keys = {choice["key"] for choice in question.choices}
    if question.setting("allow_other"):
        keys.add(OTHER_KEY)
    return keys


def _other_text(question: SurveyQuestion, form, name: str, chosen: bool) -> str | None:
    text = _one(form, f"{name}-other") if question.setting("allow_other") else ""
    if not chosen:
        return None
    if not text:
        raise ValueError(_("Bitte beschreiben Sie kurz, was Sie mit „Sonstiges“ meinen."))
    if len(text) > OTHER_TEXT_MAX:
        raise ValueError(_too_long(OTHER_TEXT_MAX))
    return text


def _parse_single(question, form, name):
    key = _one(form, name)
    if not key:
        return None
    if key not in _choice_keys(question):
        raise ValueError(_("Bitte wählen Sie eine der angebotenen Antworten."))
    return Value(text=key, other=_other_text(question, form, name, key == OTHER_KEY))


def _parse_multiple(question, form, name):
    keys = list(dict.fromkeys(value for value in values_of(form, name) if value))
    if not keys:
        return None
    if any(key not in _choice_keys(question) for key in keys):
        raise ValueError(_("Bitte wählen Sie nur Antworten aus der Liste."))
    low, high = question.setting("min_choices"), question.setting("max_choices")
    if low and len(keys) < low:
        raise ValueError(ngettext("Bitte wählen Sie mindestens %(num)d Antwort.",
                                  "Bitte wählen Sie mindestens %(num)d Antworten.", low))
    if high and len(keys) > high:
        raise ValueError(ngettext("Bitte wählen Sie höchstens %(num)d Antwort.",
                                  "Bitte wählen Sie höchstens %(num)d Antworten.", high))
    order = [choice["key"] for choice in question.choices] + [OTHER_KEY]
    keys.sort(key=order.index)
    return Value(data=keys, other=_other_text(question, form, name, OTHER_KEY in keys))


def _parse_step_value(allowed):
    def parse(question, form, name):
        raw = _one(form, name)
        if not raw:
            return None
        if raw not in allowed(question):
            raise ValueError(_("Bitte wählen Sie einen der angebotenen Werte."))
        return Value(number=float(raw))
    return parse


def _parse_ranking(question, form, name):
    keys = [choice["key"] for choice in question.choices]
    ranks = {}
    for key in keys:
        raw = _one(form, f"{name}-{key}")
        if raw:
            rank = parse_int(raw, minimum=1, maximum=len(keys))
            if rank is None:
                raise ValueError(_("Bitte wählen Sie einen Rang aus der Liste."))
            ranks[key] = rank
    if not ranks:
        return None
    if len(set(ranks.values())) != len(ranks):
        raise ValueError(_("Bitte vergeben Sie jeden Rang nur einmal."))
    if len(ranks) != len(keys):
        raise ValueError(_("Bitte vergeben Sie für jeden Eintrag einen Rang."))
    return Value(data=sorted(ranks, key=ranks.get))


def _parse_text(limit):
    def parse(question, form, name):
        text = "\n".join(values_of(form, name)).strip().replace("\r\n", "\n")
        if not text:
            return None
        if len(text) > limit:
            raise ValueError(_too_long(limit))
        return Value(text=text)
    return parse


def _parse_number(question, form, name):
    raw = _one(form, name).replace(" ", "").replace("\u202f", "")
    if not raw:
        return None
    if not NUMBER_PATTERN.match(raw):
        raise ValueError(_("Bitte geben Sie eine Zahl ein, z. B. 42 oder 3,5."))
    number = parse_float(raw)
    if number is None:
        raise ValueError(_("Bitte geben Sie eine Zahl ein, z. B. 42 oder 3,5."))
    low, high = question.setting("min_value"), question.setting("max_value")
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            message = _("Bitte geben Sie eine Zahl von %(min)s bis %(max)s ein.",
                        min=format_number(low), max=format_number(high))
        elif low is not None:
            message = _("Bitte geben Sie eine Zahl ab %(min)s ein.", min=format_number(low))
        else:
            message = _("Bitte geben Sie eine Zahl bis %(max)s ein.", max=format_number(high))
        raise ValueError(message)
    return Value(number=number)


def parse_date(raw: str) -> date:
    """ISO (2026-05-01, from date inputs) or German (1.5.2026) dates; ValueError otherwise."""
    german = GERMAN_DATE.match(raw)
    try:
        if german:
            day = date(int(german.group(3)), int(german.group(2)), int(german.group(1)))
        else:
            day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(_("Bitte geben Sie ein gültiges Datum ein, z. B. 24.06.2026.")) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(_("Bitte geben Sie ein gültiges Datum ein, z. B. 24.06.2026."))
    return day


def _parse_date(question, form, name):
    raw = _one(form, name)
    return Value(text=parse_date(raw).isoformat()) if raw else None


def _parse_matrix(question, form, name):
    columns = {choice["key"] for choice in question.choices}
    chosen = {}
    for row in question.rows:
        raw = _one(form, f"{name}-{row['key']}")
        if raw:
            if raw not in columns:
                raise ValueError(_("Bitte wählen Sie einen der angebotenen Werte."))
            chosen[row["key"]] = raw
    return Value(data=chosen) if chosen else None


_PARSERS = {
    "single_choice": _parse_single,
    "multiple_choice": _parse_multiple,
    "likert": _parse_step_value(lambda question: {choice["key"] for choice in question.choices}),
    "scale": _parse_step_value(lambda question: set(SCALE_VALUES)),
    "ranking": _parse_ranking,
    "short_text": _parse_text(SHORT_TEXT_MAX),
    "long_text": _parse_text(LONG_TEXT_MAX),
    "number": _parse_number,
    "date": _parse_date,
    "matrix": _parse_matrix,
}


def to_form(question: SurveyQuestion, value: Value | None) -> dict[str, list[str]]:
    """The raw form data that shows a stored answer again (the inverse of `parse_answer`)."""
    if value is None:
        return {}
    name = field_name(question)
    kind = question.kind
    if kind == "single_choice":
        data = {name: [value.text]}
    elif kind == "multiple_choice":
        data = {name: list(value.data or [])}
    elif kind in ("likert", "scale", "number"):
        data = {name: [format_number(value.number)]}
    elif kind == "ranking":
        data = {f"{name}-{key}": [str(rank)] for rank, key in enumerate(value.data or [], start=1)}
    elif kind == "matrix":
        data = {f"{name}-{row}": [column] for row, column in (value.data or {}).items()}
    else:
        data = {name: [value.text or ""]}
    if value.other:
        data[f"{name}-other"] = [value.other]
    return data
