"""The form that starts a report export: one checkbox per format (`blank_export_form` ticks them all).

The fields have no defaults: WTForms falls back to defaults when a POST carries no fields at all,
and an empty POST must mean "nothing chosen" (a translated error), not "everything".
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

FORMAT_LABELS = {
    "pdf": _l("PDF (A4, barrierefrei getaggt)"),
    "docx": _l("Word (DOCX) zum Weiterbearbeiten"),
    "html": _l("HTML (eine Datei)"),
    "md": _l("Markdown"),
    "oparl": _l("OParl 1.1 (Paper als JSON)"),
    "anlagen": _l("Anlagen als Tabellendateien (XLSX und CSV)"),
}


def blank_export_form() -> ExportForm:
    """The form as the report page shows it: every format ticked."""
    return ExportForm(formdata=None, data=dict.fromkeys(FORMAT_LABELS, True))


class ExportForm(FlaskForm):
    """Which formats one export job renders (CSRF-protected POST)."""

    pdf = BooleanField(FORMAT_LABELS["pdf"])
    docx = BooleanField(FORMAT_LABELS["docx"])
    html = BooleanField(FORMAT_LABELS["html"])
    md = BooleanField(FORMAT_LABELS["md"])
    oparl = BooleanField(FORMAT_LABELS["oparl"])
    anlagen = BooleanField(FORMAT_LABELS["anlagen"])

    def format_fields(self):
        """The checkboxes in the order of FORMAT_LABELS."""
        return [self[name] for name in FORMAT_LABELS]

    def chosen(self) -> list[str]:
        """The ticked formats."""
        return [name for name in FORMAT_LABELS if self[name].data]

    def validate(self, extra_validators=None) -> bool:
        """At least one format must be ticked."""
        if not super().validate(extra_validators):
            return False
        if not self.chosen():
            self.pdf.errors = [*self.pdf.errors, _l("Bitte wählen Sie mindestens ein Format.")]
            return False
        return True
