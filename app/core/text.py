"""Normalising text that users type before it is validated and stored."""
from __future__ import annotations

import re

# C0 control characters except tab and newline (NUL would even be refused by PostgreSQL), plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(value, *, single_line: bool = False) -> str:
    """Return `value` as a stripped string with Windows line breaks unified and control characters removed.

    Non-strings (None, numbers from a wrongly typed request) become their text or the empty string.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", text).strip()
