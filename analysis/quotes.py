"""Quotes for a theme: the contributions closest to its centre, as plain text.

Interim version wrapping the behaviour ``find_topics`` had so far (a parallel
piece of work replaces it with diverse, substantive, de-duplicated quotes; the
interface below stays).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(.+?)\1")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+", re.MULTILINE)


def select_quotes(texts: Sequence[str], embedding: np.ndarray, centre: np.ndarray, *, limit: int = 3,
                  min_content_words: int = 8) -> list[int]:
    """Indices into ``texts`` of up to ``limit`` quotes, most representative (closest to ``centre``) first.

    ``embedding`` holds the L2-normalised rows of the texts; ``min_content_words``
    is accepted for the shared interface and not used by this interim version.
    """
    if not len(texts) or limit < 1:
        return []
    similarity = np.asarray(embedding) @ np.asarray(centre)
    return [int(index) for index in np.argsort(-similarity, kind="stable")[:limit]]


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable plain text; list items are kept as ``- item`` lines."""
    text = _LINK.sub(r"\1", markdown or "")
    text = _EMPHASIS.sub(r"\2", text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("- ", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
