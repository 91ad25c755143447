"""The report draft form: fixed fields plus one group of fields per Beratungsfolge row.

Rows are plain numbered fields (`committee_0`, `date_0`, `role_0`, `remove_0`, …) so that the
error summary can link to each of them and the form works without JavaScript: the page shows
the existing rows plus two empty ones; empty and removed rows are ignored. Rows are read by
their number: a row missing from the request (`committee_3` posted without rows 0 to 2) is an
empty row, numbers beyond MAX_ROWS are ignored.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.report.drafts import (
    MAX_ANTRAG,
    MAX_BETREFF,
    MAX_COMMITTEE,
    MAX_FEDERFUEHRUNG,
    MAX_REFERENCE,
    MAX_SIGNATURE,
    MAX_STEPS,
    MAX_TEXT,
    papers_text,
)
from app.report.labels import CONSULTATION_ROLE_LABELS, REPORT_KIND_LABELS

EMPTY_ROWS = 2
MAX_ROWS = MAX_STEPS + EMPTY_ROWS
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
_ROW_FIELD = re.compile(r"^(?:committee|date|role|remove)_(\d{1,3})$")
_BAD_DATE = _l("Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ).")


def _too_long(n: int):
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen.", max=n))


class ReportDraftForm(FlaskForm):
    kind = RadioField(_l("Art der Vorlage"), choices=list(REPORT_KIND_LABELS.items()), default="mitteilung")
    reference = StringField(_l("Drucksachen-Nummer"), validators=[Optional(), _too_long(MAX_REFERENCE)],
                            description=_l("Optional, z. B. 0123/2026."))
    report_date = DateField(_l("Datum der Vorlage"), validators=[Optional()], format=DATE_FORMATS,
                            invalid_value_message=_BAD_DATE,
                            description=_l("Leer lassen für das Datum des Exports."))
    betreff = TextAreaField(_l("Betreff"), validators=[Optional(), _too_long(MAX_BETREFF)])
    antrag = TextAreaField(_l("Beschlussvorschlag (nur bei einer Beschlussvorlage)"),
                           validators=[Optional(), _too_long(MAX_ANTRAG)])
    federfuehrung = StringField(_l("Federführung (Amt, Dezernat)"),
                                validators=[Optional(), _too_long(MAX_FEDERFUEHRUNG)])
    signature_name = StringField(_l("Unterzeichnet von (Name)"), validators=[Optional(), _too_long(MAX_SIGNATURE)])
    signature_role = StringField(_l("Funktion der Unterzeichnenden"),
                                 validators=[Optional(), _too_long(MAX_SIGNATURE)])
    related_papers = TextAreaField(
        _l("Bezug: frühere Drucksachen"), validators=[Optional(), _too_long(MAX_TEXT)],
        description=_l("Eine Drucksache je Zeile: Nummer | Datum | Titel, z. B. "
                       "„0698/2017 | 20.07.2017 | Konzept zur Anerkennung ehrenamtlich geleisteter Arbeit“."))
    anlass = TextAreaField(_l("Anlass und Auftrag (Text für die Ratsversammlung)"),
                           validators=[Optional(), _too_long(MAX_TEXT)],
                           description=_l("Sachlicher Text für die Gremien; die Beschreibung des Prozesses für "
                                          "Bürgerinnen und Bürger erscheint nicht im Bericht."))
    next_steps = TextAreaField(_l("Weiteres Vorgehen"), validators=[Optional(), _too_long(MAX_TEXT)],
                               description=_l("Leer lassen, um die nächsten Phasen des Verfahrens mit Daten zu "
                                              "nennen."))

    row_count = 0

    def rows(self) -> list[dict]:
        """The row fields, grouped: [{"committee": field, "date": …, "role": …, "remove": …}]."""
        return [{name: self[f"{name}_{index}"] for name in ("committee", "date", "role", "remove")}
                for index in range(self.row_count)]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for row in self.rows():
            if row["remove"].data or (row["committee"].data or "").strip() or row["date"].errors:
                continue
            if row["date"].data is not None:
                row["committee"].errors.append(_l("Bitte geben Sie das Gremium an."))
                valid = False
        return valid

    def draft_data(self) -> dict:
        """The fields as `app.report.services.save_draft` expects them (removed rows blanked,
        so row numbers in error messages stay those of the page)."""
        steps = []
        for row in self.rows():
            if row["remove"].data:
                steps.append({"committee": "", "date": None, "role": None})
            else:
                steps.append({"committee": row["committee"].data or "", "date": row["date"].data,
                              "role": row["role"].data})
        return {"kind": self.kind.data, "reference": self.reference.data, "report_date": self.report_date.data,
                "betreff": self.betreff.data, "antrag": self.antrag.data, "beratungsfolge": steps,
                "federfuehrung": self.federfuehrung.data, "signature_name": self.signature_name.data,
                "signature_role": self.signature_role.data, "related_papers": self.related_papers.data or "",
                "anlass": self.anlass.data, "next_steps": self.next_steps.data}


def submitted_rows(formdata) -> int:
    """How many rows a submitted form has (highest row number + 1, at most MAX_ROWS)."""
    numbers = [int(match.group(1)) for key in formdata.keys() if (match := _ROW_FIELD.match(key))]
    return min(max(numbers) + 1, MAX_ROWS) if numbers else 0


def report_form(row_count: int, **kwargs) -> ReportDraftForm:
    """A form with `row_count` Beratungsfolge rows."""

    class Form(ReportDraftForm):
        pass

    for index in range(row_count):
        number = index + 1
        setattr(Form, f"committee_{index}", StringField(
            _l("Gremium (Zeile %(row)d)", row=number), validators=[Optional(), _too_long(MAX_COMMITTEE)]))
        setattr(Form, f"date_{index}", DateField(
            _l("Sitzungstermin (Zeile %(row)d)", row=number), validators=[Optional()], format=DATE_FORMATS,
            invalid_value_message=_BAD_DATE))
        setattr(Form, f"role_{index}", SelectField(
            _l("Rolle (Zeile %(row)d)", row=number), choices=list(CONSULTATION_ROLE_LABELS.items()),
            default="Kenntnisnahme"))
        setattr(Form, f"remove_{index}", BooleanField(_l("Zeile %(row)d entfernen", row=number)))
    Form.row_count = row_count
    return Form(**kwargs)


def form_for_draft(draft, steps: list[dict]) -> ReportDraftForm:
    """The form filled from a stored (or default) draft: its rows plus EMPTY_ROWS empty ones."""
    from datetime import date

    form = report_form(len(steps) + EMPTY_ROWS, formdata=None, kind=draft.kind, reference=draft.reference,
                       report_date=draft.report_date, betreff=draft.betreff, antrag=draft.antrag,
                       federfuehrung=draft.federfuehrung, signature_name=draft.signature_name,
                       signature_role=draft.signature_role, related_papers=papers_text(draft.related_papers),
                       anlass=draft.anlass, next_steps=draft.next_steps)
    for index, step in enumerate(steps):
        form[f"committee_{index}"].data = step["committee"]
        form[f"date_{index}"].data = date.fromisoformat(step["date"]) if step.get("date") else None
        form[f"role_{index}"].data = step.get("role") or "Kenntnisnahme"
    return form
