"""Question kinds: which parameters each one uses, and the demographic questions.

The default Likert labels are questionnaire content (editable, German like the questions an admin
types in); the names of the kinds and the demographic questions are interface text (translated,
in `labels.py`).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.surveys.labels import DEMOGRAPHIC_LABELS  # noqa: F401  (alias for dashboard/exports: import from labels)

OTHER_KINDS = frozenset({"single_choice", "multiple_choice"})  # may offer "Sonstiges" with free text
COUNT_KINDS = frozenset({"multiple_choice"})  # min/max number of choices
TEXT_KINDS = frozenset({"short_text", "long_text"})
# Kinds whose answer is one of a few known values, so later questions may depend on them.
CONDITION_KINDS = frozenset({"single_choice", "multiple_choice", "likert", "scale"})

DEFAULT_LIKERT_LABELS = ["Stimme gar nicht zu", "Stimme eher nicht zu", "Teils, teils", "Stimme eher zu",
                         "Stimme voll und ganz zu"]
SCALE_VALUES = tuple(str(value) for value in range(0, 11))
OTHER_LABEL = _l("Sonstiges")

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 5000
OTHER_TEXT_MAX = 200

# Optional demographic questions; "prefer not to say" is stored as no value at all.
AGE_GROUPS = [("u18", _l("unter 18")), ("18-29", _l("18 bis 29")), ("30-44", _l("30 bis 44")),
              ("45-59", _l("45 bis 59")), ("60-74", _l("60 bis 74")), ("75+", _l("75 und älter"))]
GENDERS = [("female", _l("weiblich")), ("male", _l("männlich")), ("diverse", _l("divers"))]
PREFER_NOT = "na"
DEMOGRAPHIC_FIELDS = ("age_group", "gender", "district")


def condition_values(question) -> list[tuple[str, str]]:
    """The values a later question may depend on, as (value, label) pairs."""
    if question.kind in ("single_choice", "multiple_choice"):
        values = [(choice["key"], choice["label"]) for choice in question.choices]
        if question.setting("allow_other"):
            values.append(("other", str(OTHER_LABEL)))
        return values
    if question.kind == "likert":
        return [(choice["key"], choice["label"]) for choice in question.choices]
    if question.kind == "scale":
        return [(value, value) for value in SCALE_VALUES]
    return []


def condition_label(question) -> str:
    """'Frage = Antwort' for the builder and the preview, or '' without a condition."""
    parent = question.condition_question
    if parent is None:
        return ""
    value = dict(condition_values(parent)).get(question.condition_value, question.condition_value)
    return f"„{parent.text}“ = „{value}“"
