"""Meta statements: statements that describe the voter, not an opinion.

Pol.is lets a moderator mark statements such as "I am between 20 and 25 years
old" or "I live in a city" as *meta*. Its clustering treats them like
moderated-out statements: their column is set to "pass" for everybody, so
age or gender never decides which opinion group someone is in. The CSV export
(``comments.csv``) does not carry that flag, so without it demographic
questions enter the projection and can split the groups along them (on the
London youth-policing conversation 12 of 37 statements are such questions;
with them ARI against Pol.is's groups is 0.18, without 0.57).

This module reads the flag when an export has it (``is-meta`` / ``is_meta``)
and otherwise recognises meta statements by two conditions that must both
hold:

* the statement was written by the conversation's owner (the author of the
  earliest statement) – participants' own statements are never meta;
* it is a short first-person self-description ("I am …", "I live …",
  "My ethnicity is …", "Ich bin …", "Ich wohne …") without any word that
  expresses an opinion ("should", "think", "sollte", "finde", …).

The rule is deliberately narrow: a missed meta statement costs some
agreement with Pol.is, a false one would hide an opinion from the grouping.
``--meta none`` switches the recognition off, ``--meta 1,4,5`` names them.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis.errors import InputFileError
from analysis.io import read_csv

STATEMENT_COLUMN = "comment-id"
AUTHOR_COLUMN = "author-id"
TEXT_COLUMN = "comment-body"
TIMESTAMP_COLUMN = "timestamp"
META_COLUMNS = ("is-meta", "is_meta")
MAX_WORDS = 15
TRUE_VALUES = {"1", "true", "t", "yes"}

_SELF_DESCRIPTION = re.compile(
    r"^(?:i am|i'm|i identify|i live|i work|i was born|i study|i own|i rent|i speak|i had|"
    r"i have (?:been|had|lived|children|kids|a |an |no )|"
    r"my (?:age|gender|sex|ethnicity|first language|mother tongue|background|household|income|"
    r"occupation|job|postcode|zip|religion)|english is my|"
    r"ich bin|ich wohne|ich lebe|ich arbeite|ich studiere|ich habe (?:kinder|ein kind|keine kinder)|"
    r"mein(?:e)? (?:alter|geschlecht|muttersprache|wohnort|beruf|einkommen|herkunft)|deutsch ist meine)\b"
)
_OPINION_WORDS = re.compile(
    r"\b(?:should|must|need|needs|would|could|think|believe|feel|worried|concerned|support|oppose|agree|"
    r"disagree|favou?r|want|prefer|hope|sollte|sollten|muss|müssen|finde|glaube|denke|meine dass|wünsche|"
    r"dafür|dagegen|unterstütze|befürworte|hoffe|brauchen|braucht)\b"
)


def looks_like_meta(text: str) -> bool:
    """True when ``text`` is a short first-person self-description without an opinion word."""
    normalised = " ".join(str(text).lower().replace("’", "'").split())
    if not normalised or len(normalised.split()) > MAX_WORDS:
        return False
    return bool(_SELF_DESCRIPTION.match(normalised)) and not _OPINION_WORDS.search(normalised)


def meta_statements(path: str | Path) -> list[str]:
    """Ids of meta statements in a Pol.is ``comments.csv``: the flag if present, else recognised.

    Recognition needs ``author-id`` and ``comment-body``; without them (and
    without a flag column) nothing is treated as meta.
    """
    comments = read_csv(path, required=[STATEMENT_COLUMN])
    ids = comments[STATEMENT_COLUMN].str.strip()
    for column in META_COLUMNS:
        if column in comments.columns:
            return ids[comments[column].str.strip().str.lower().isin(TRUE_VALUES)].tolist()
    if AUTHOR_COLUMN not in comments.columns or TEXT_COLUMN not in comments.columns:
        return []
    authors = comments[AUTHOR_COLUMN].str.strip()
    owner = _owner(comments, authors)
    return [statement for statement, author, text in zip(ids, authors, comments[TEXT_COLUMN])
            if author == owner and looks_like_meta(text)]


def parse_meta_option(value: str, comments: str | Path | None) -> list[str]:
    """The meta statements for the CLI option ``--meta auto|none|id,id,…``."""
    value = (value or "auto").strip()
    if value == "none":
        return []
    if value == "auto":
        return meta_statements(comments) if comments else []
    ids = [part.strip() for part in value.split(",")]
    if not all(ids):
        raise InputFileError("--meta must be auto, none or a comma-separated list of statement ids.")
    return ids


def _owner(comments, authors) -> str:
    """The author of the earliest statement (by timestamp when present, else the lowest id)."""
    if TIMESTAMP_COLUMN in comments.columns:
        stamps = comments[TIMESTAMP_COLUMN].str.strip()
        numeric = stamps.str.fullmatch(r"\d+")
        if numeric.any():
            first = stamps[numeric].astype("int64").idxmin()
            return authors[first]
    ids = comments[STATEMENT_COLUMN].str.strip()
    numeric_ids = ids.str.fullmatch(r"\d+")
    if numeric_ids.any():
        return authors[ids[numeric_ids].astype("int64").idxmin()]
    return authors.iloc[0]
