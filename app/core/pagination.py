"""The `?page=` number of paginated lists."""
from __future__ import annotations

MAX_PAGE = 100_000  # far beyond any real list, and small enough for every database's integers


def page_number(raw) -> int:
    """A page number from request input: 1 for anything missing or malformed ("²", "-3", "abc"),
    clamped to 1…MAX_PAGE (a 20-digit number asks for the last possible page)."""
    text = "" if raw is None else str(raw).strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    if len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE
    return min(max(int(text), 1), MAX_PAGE)
