"""Privacy rules for everything the analysis library publishes (reports, dashboards).

Two rules, each written once:

* ``suppress_small`` – a count of people (or of what people did) in a category with fewer
  than ``MIN_GROUP_SIZE`` members is not shown as a number but as ``"< 5"``. Zero stays
  zero: it describes nobody. Public counters of the platform itself (the votes under a
  proposal, the number of proposals in a theme) are not breakdowns of people and are shown
  as they are.
* ``redact_contacts`` – free text (quotes, titles, answers) never carries e-mail addresses
  or telephone numbers, even if a participant typed them into a proposal.
"""

from __future__ import annotations

import re

MIN_GROUP_SIZE = 5
SECONDARY_MARK = "x"  # a cell hidden so that a suppressed neighbour cannot be derived

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(r"(?<!\w)(?:\+49|0049|0)[\d /()-]{7,}\d(?!\w)")
_SPACES = re.compile(r"\s+")


def is_suppressed(n: int | None, minimum: int = MIN_GROUP_SIZE) -> bool:
    """True when ``n`` people are too few to be shown (1 … minimum-1)."""
    return n is not None and 0 < n < minimum


def suppress_small(n: int | None, minimum: int = MIN_GROUP_SIZE) -> int | str | None:
    """Return ``n`` unchanged, or the string ``"< minimum"`` when 0 < n < minimum.

    >>> suppress_small(12), suppress_small(4), suppress_small(0)
    (12, '< 5', 0)
    """
    if is_suppressed(n, minimum):
        return f"< {minimum}"
    return n


def visible_count(n: int | None, minimum: int = MIN_GROUP_SIZE) -> int | None:
    """The number for a chart: ``n``, or ``None`` (a gap) when it must be suppressed."""
    return None if is_suppressed(n, minimum) else n


def suppress_partition(counts: list[int], minimum: int = MIN_GROUP_SIZE) -> list[int | str]:
    """Suppress small cells of a breakdown whose total is published.

    Primary suppression as in ``suppress_small``; if that hides exactly one cell, the next
    smallest visible non-zero cell is hidden too, so the hidden value cannot be recovered
    as total minus the others.
    """
    hidden = {index for index, n in enumerate(counts) if is_suppressed(n, minimum)}
    if len(hidden) == 1:
        candidates = [(n, index) for index, n in enumerate(counts) if n and index not in hidden]
        if candidates:
            hidden.add(min(candidates)[1])
    return [f"< {minimum}" if index in hidden and is_suppressed(n, minimum) else
            (SECONDARY_MARK if index in hidden else n) for index, n in enumerate(counts)]


def redact_contacts(text: str | None, replacement: str = "[…]") -> str:
    """Remove e-mail addresses and telephone numbers (9+ digits, so "Drs. 0925/2021"
    stays) from free text; squeeze whitespace."""
    if not text:
        return ""
    text = _EMAIL.sub(replacement, text)
    text = _PHONE.sub(lambda m: replacement if sum(c.isdigit() for c in m.group()) >= 9 else m.group(), text)
    return _SPACES.sub(" ", text).strip()
