"""Public German text sets with known categories, for ``python -m analysis evaluate topics --corpus``.

``wz2008``: the titles of the 615 classes (4-digit codes) of the German
classification of economic activities WZ 2008 (Statistisches Bundesamt), with
their section letter (A–U) as the category; sections with fewer than
:data:`MIN_SECTION_SIZE` classes are left out (18 sections, 607 titles remain).
The titles come from the PyPI package ``wz-code`` (MIT licence; the
classification itself is published by Destatis, © Statistisches Bundesamt,
reuse with attribution). Nothing is stored in this repository; install the
package (``pip install wz-code``, part of the dev extras) to use it.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis.errors import InputFileError

CORPORA = ("wz2008",)
MIN_SECTION_SIZE = 8
WZ_CLASS_LEVEL = 4


def load_corpus(name: str) -> pd.DataFrame:
    """The named corpus as a frame with the columns ``id``, ``text`` and ``label``."""
    if name != "wz2008":
        raise InputFileError(f"Unknown corpus {name!r}; known corpora: {', '.join(CORPORA)}.")
    try:
        from wz_code.data.wz2008 import WZ_2008_DATA
    except ImportError:
        raise InputFileError("The corpus 'wz2008' needs the package wz-code (pip install wz-code).") from None
    return wz2008_sections(WZ_2008_DATA)


def wz2008_sections(data: dict) -> pd.DataFrame:
    """Class titles and their section letter from the ``wz-code`` data dict (code → {"l", "t", "p"})."""

    def section(code: str) -> str:
        while data[code]["p"] and len(data[code]["p"]) > 1:
            code = data[code]["p"]
        return data[code]["p"]

    rows = [{"id": code, "text": entry["t"], "label": section(code)}
            for code, entry in data.items() if entry["l"] == WZ_CLASS_LEVEL]
    sizes = Counter(row["label"] for row in rows)
    return pd.DataFrame([row for row in rows if sizes[row["label"]] >= MIN_SECTION_SIZE])
