"""What comes from the URL: redirect targets, and the converters of route segments."""
from __future__ import annotations

from urllib.parse import urlsplit

from werkzeug.routing import BaseConverter, ValidationError

from app.core.numbers import parse_id

# Controls, DEL, C1 controls, BiDi overrides/isolates and zero-width characters (see app.core.text).
_FORBIDDEN_CHARACTERS = r"\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\u202a-\u202e\u2066-\u2069\ufeff"


def safe_next_url(target: str | None, fallback: str) -> str:
    """Only allow relative, same-site redirect targets (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


class IdConverter(BaseConverter):
    """`<id:name>`: a database id, 1 ≤ id < 2^31 in ASCII digits; anything else does not match (404)."""

    regex = r"[0-9]{1,10}"
    weight = 50  # like Werkzeug's int converter: preferred over string segments

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class TextConverter(BaseConverter):
    """The default converter of URL segments (slugs, tokens, keys): a segment with a control, BiDi or
    zero-width character does not match (404), so such characters never reach a query."""

    regex = f"[^/{_FORBIDDEN_CHARACTERS}]+"


def register_url_converters(app) -> None:
    """`<id:…>` for every id in a route, and the safe default converter for every other segment."""
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["default"] = TextConverter
    app.url_map.converters["string"] = TextConverter
