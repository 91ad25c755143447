"""Opaque keyset cursors: where the next page starts, as URL-safe base64 of a short JSON array.

A cursor holds the sort order it was made for and the sort key and id of the last row of the page. It is
not signed: it reveals nothing but a count and an id that are public anyway, and any value a client
forges is checked here (shape, types, ranges) and can at worst start a page elsewhere.
"""
from __future__ import annotations

import base64
import binascii
import json

MAX_KEY = 2**31 - 1


class BadCursor(ValueError):
    """The cursor is not one this API made."""


def encode(sort: str, key: int, last_id: int) -> str:
    """The cursor after a row with sort key `key` and id `last_id` in the order `sort`."""
    raw = json.dumps([sort, key, last_id], separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str, sort: str) -> tuple[int, int]:
    """(key, last id) of a cursor made for `sort`; BadCursor for anything else."""
    if not cursor or len(cursor) > 200 or not cursor.isascii():
        raise BadCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode("ascii"))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise BadCursor(cursor) from error
    if not (isinstance(value, list) and len(value) == 3 and value[0] == sort):
        raise BadCursor(cursor)
    key, last_id = value[1], value[2]
    for number in (key, last_id):
        if type(number) is not int or not 0 <= number <= MAX_KEY:
            raise BadCursor(cursor)
    return key, last_id
