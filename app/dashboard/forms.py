"""The dashboard's filter (GET, validated by hand: unknown ids get a message) and the reference form."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from app.core.numbers import parse_float, parse_id
from app.processes.models import Process

_NUMBER = re.compile(r"^[0-9]{1,3}(?:[.,][0-9]{1,4})?$")


@dataclass
class Filters:
    """Pillar and district chosen on the dashboard (None = all); `errors` maps field name to message."""

    topic_id: int | None = None
    district_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.topic_id is not None or self.district_id is not None


def parse_filters(process: Process, args) -> Filters:
    """Read `topic` and `district` from the query string; ids that are not the process's are refused."""
    filters = Filters()
    choices = {"topic": {t.id for t in process.topics}, "district": {d.id for d in process.districts}}
    messages = {"topic": _l("Diese Säule gibt es in diesem Prozess nicht."),
                "district": _l("Diesen Stadtteil gibt es in diesem Prozess nicht.")}
    for name in ("topic", "district"):
        raw = (args.get(name) or "").strip()
        if not raw:
            continue
        value = parse_id(raw)
        if value not in choices[name]:
            filters.errors[name] = str(messages[name])
            continue
        setattr(filters, f"{name}_id", value)
    return filters


class PercentField(StringField):
    """A share in percent, typed with a decimal comma or point; empty counts as 0."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.number = None
        raw = (self.data or "").strip().replace("\u202f", "").replace(" ", "")
        if not raw:
            self.number = 0.0
        elif _NUMBER.match(raw):
            self.number = parse_float(raw)

    def pre_validate(self, form):
        if self.raw_data is not None and getattr(self, "number", None) is None:
            self.errors.append(_l("Bitte geben Sie eine Zahl von 0 bis 100 ein (z. B. 12,5)."))


class ReferenceForm(FlaskForm):
    """The reference shares of one dimension; the share fields are added per category."""

    source = StringField(_l("Quelle der Referenzwerte"), validators=[
        InputRequired(message=_l("Bitte nennen Sie die Quelle der Zahlen.")), Length(max=300)],
        description=_l("Zum Beispiel: Landeshauptstadt Kiel, Statistisches Jahrbuch 2024, Bevölkerung nach "
                       "Altersgruppen. Die Quelle steht unter der Grafik und im Bericht."))


def reference_form(categories: list[tuple[str, str]], dimension: str, **kwargs) -> ReferenceForm:
    """A ReferenceForm with one percent field per known category (`share_0`, `share_1`, …), its own prefix."""
    fields = {f"share_{index}": PercentField(label, render_kw={"inputmode": "decimal", "autocomplete": "off"})
              for index, (_key, label) in enumerate(categories)}
    form_class = type("ReferenceFormFor" + dimension.title().replace("_", ""), (ReferenceForm,), fields)
    form = form_class(prefix=dimension, **kwargs)
    form.categories = categories
    return form


def share_fields(form: ReferenceForm) -> list:
    """The percent fields of a reference form, in category order."""
    return [form[f"share_{index}"] for index in range(len(form.categories))]
