"""Parameters of an analysis run: defaults, parsing and validation (shared by form, service and CLI)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.core.numbers import MAX_ID, parse_float, parse_int

DEFAULTS = {"k": "auto", "duplicate_threshold": 0.8, "min_votes": 7, "seed": 0}
K_RANGE = (1, 20)  # themes per pillar (the analysis caps it by what each pillar's texts allow)
THRESHOLD_RANGE = (0.5, 1.0)
MIN_VOTES_RANGE = (1, 100)


def parse_k(raw) -> str | int:
    """'auto' (or empty) or a whole number of themes from 2 to 40."""
    text = str(raw).strip().lower() if raw is not None else ""
    if text in ("", "auto", "automatisch"):
        return "auto"
    number = parse_int(text, minimum=K_RANGE[0], maximum=K_RANGE[1])
    if number is None:
        raise DomainError(_l("Die Anzahl der Themen je Säule muss „auto“ oder eine ganze Zahl von %(min)d bis "
                             "%(max)d sein.", min=K_RANGE[0], max=K_RANGE[1]), field="k")
    return number


def check_k_fits(k: str | int, texts: int) -> None:
    """A fixed number of themes must fit the number of texts: each theme needs two of them."""
    from analysis.topics import max_themes

    if k != "auto" and k > max_themes(texts):
        raise DomainError(_l("Aus %(texts)d Beiträgen lassen sich höchstens %(max)d Themen bilden (jedes Thema "
                             "braucht mindestens zwei); bitte wählen Sie weniger Themen oder „auto“.",
                             texts=texts, max=max_themes(texts)), field="k")


def parse_threshold(raw) -> float:
    """A similarity from 0.5 to 1 (decimal comma allowed); empty = default."""
    text = str(raw).strip() if raw is not None else ""
    if text == "":
        return DEFAULTS["duplicate_threshold"]
    value = parse_float(text)
    if value is None or not THRESHOLD_RANGE[0] <= value <= THRESHOLD_RANGE[1]:
        raise DomainError(_l("Die Schwelle für Duplikate muss eine Zahl von 0,5 bis 1 sein."),
                          field="duplicate_threshold")
    return round(value, 3)


def parse_min_votes(raw) -> int:
    """A whole number from 1 to 100; empty = default."""
    text = str(raw).strip() if raw is not None else ""
    if text == "":
        return DEFAULTS["min_votes"]
    number = parse_int(text, minimum=MIN_VOTES_RANGE[0], maximum=MIN_VOTES_RANGE[1])
    if number is None:
        raise DomainError(_l("Die Mindestzahl an Stimmen muss eine ganze Zahl von %(min)d bis %(max)d sein.",
                             min=MIN_VOTES_RANGE[0], max=MIN_VOTES_RANGE[1]), field="min_votes")
    return number


PARSERS = {"k": parse_k, "duplicate_threshold": parse_threshold, "min_votes": parse_min_votes}


def normalise(parameters: dict | None) -> dict:
    """Complete and validate parameters; raises DomainError (with the field name) for a bad value."""
    parameters = dict(parameters or {})
    unknown = set(parameters) - set(DEFAULTS)
    if unknown:
        raise DomainError(_l("Unbekannter Parameter: %(name)s", name=", ".join(sorted(unknown))))
    result = dict(DEFAULTS)
    for name, parse in PARSERS.items():
        if name in parameters and parameters[name] is not None:
            result[name] = parse(parameters[name])
    seed = parameters.get("seed", 0)
    result["seed"] = parse_int(seed, minimum=0, maximum=MAX_ID) or 0
    return result
