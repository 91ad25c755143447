"""Normalising text that users type before it is validated and stored.

The one rule for every text input: NFC, no NUL or other C0/C1 control characters (tab and newline stay in
multi-line text), no BiDi overrides/isolates and no zero-width characters. `clean_input` applies it to every
form and query value of every request (`app.core.requests.CleanRequest`); services call `clean_text`, which
also trims and unifies line breaks, so text from the command line or the seeding code follows it too.
"""
from __future__ import annotations

import re
import unicodedata

# C0 control characters except tab and newline (NUL would even be refused by PostgreSQL), DEL, C1 controls,
# the BiDi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069), the zero-width characters
# (U+200B–U+200D, U+2060) and the byte order mark U+FEFF.
_INVISIBLE = "\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff"
_FORBIDDEN = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_INVISIBLE}]")
# In request values a carriage return (\x0d) is kept: browsers send line breaks as CR LF; `clean_text` unifies them.
_FORBIDDEN_INPUT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_INVISIBLE}]")


def clean_input(value: str) -> str:
    """`value` in NFC without forbidden characters; nothing trimmed (used for every request value)."""
    if value.isascii() and value.isprintable():
        return value
    return _FORBIDDEN_INPUT.sub("", unicodedata.normalize("NFC", value))


def has_forbidden_characters(value: str) -> bool:
    """True if `value` contains a character that `clean_text` removes (line breaks and tabs are allowed)."""
    return bool(_FORBIDDEN.search(value.replace("\r", "")))


def clean_text(value, *, single_line: bool = False) -> str:
    """Return `value` as a stripped string in NFC with Windows line breaks unified and forbidden characters
    (controls, BiDi overrides, zero-width characters) removed.

    Non-strings (None, numbers from a wrongly typed request) become their text or the empty string.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return _FORBIDDEN.sub("", unicodedata.normalize("NFC", text)).strip()
