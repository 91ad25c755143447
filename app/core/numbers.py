"""Numbers from request input: ids, bounded integers and finite decimals.

Every id, count or number a user sends goes through these helpers (URL ids through
`app.core.urls.IdConverter`, which uses `parse_id`), so that "²", "٣", 5,000 digits, 2^31 or `nan`
never reach `int()`, `float()` or the database: they are simply not numbers.
"""
from __future__ import annotations

import math
import re

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL; larger numbers cannot be ids
_MAX_DIGITS = 18  # enough for every count or setting; far below Python's 4,300-digit limit
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_MAX_DECIMAL_LENGTH = 40


def parse_int(raw, *, minimum: int | None = None, maximum: int | None = None, signed: bool = False) -> int | None:
    """The integer written in `raw` with ASCII digits (surrounding spaces allowed; a leading minus when
    `signed`), or None when it is no such number or lies outside minimum…maximum."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        number = raw
    else:
        text = str(raw).strip()
        digits = text[1:] if signed and text[:1] == "-" else text
        if not digits or len(digits) > _MAX_DIGITS or not (digits.isascii() and digits.isdigit()):
            return None
        number = int(text)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return None
    return number


def parse_id(raw) -> int | None:
    """A database id from request input (1 ≤ id < 2^31, ASCII digits only), or None."""
    return parse_int(raw, minimum=1, maximum=MAX_ID)


def parse_ids(values) -> list[int] | None:
    """Every value as an id (`parse_id`), or None when any one of them is none."""
    ids = [parse_id(value) for value in values]
    return None if any(number is None for number in ids) else ids


def parse_float(raw) -> float | None:
    """A finite decimal number from request input ("3", "-2,5", "1.5e3"), or None for anything else:
    words, `nan`, `inf`, numbers too large for a float (1e309), Unicode digits, very long strings."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip()
        if len(text) > _MAX_DECIMAL_LENGTH or not _DECIMAL.fullmatch(text):
            return None
        number = float(text.replace(",", "."))
    return number if math.isfinite(number) else None
