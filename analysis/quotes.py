"""Quotes that are evidence: representative *and* diverse contributions of a theme.

:func:`select_quotes` ranks the theme's texts by maximal marginal relevance
(MMR, Carbonell & Goldstein 1998) on their embedding: relevance is the cosine
similarity to the theme centre, redundancy the highest similarity to a quote
already chosen. Texts with fewer than ``min_content_words`` content words
(words that are no stop or filler words) are never quoted, and neither are
duplicates or near-duplicates of a chosen quote: the same normalised text, an
embedding similarity of at least :data:`NEAR_DUPLICATE_SIMILARITY`, or a word
overlap (Jaccard) of at least :data:`NEAR_DUPLICATE_OVERLAP`.

:func:`plain_text` reduces Markdown to readable plain text for quoting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from markdown_it import MarkdownIt

from analysis.text import STOP_WORDS, normalize_text

MMR_LAMBDA = 0.7  # weight of relevance against redundancy
NEAR_DUPLICATE_SIMILARITY = 0.9
NEAR_DUPLICATE_OVERLAP = 0.8
MAX_CANDIDATES = 2_000  # the most central texts considered (fast for themes of 20,000 texts)

_WORD = re.compile(r"[^\W\d_]{2,}")
_MARKDOWN = MarkdownIt("commonmark").enable("strikethrough").enable("table")


def content_words(text: str) -> list[str]:
    """Case-folded words of ``text`` that are no stop or filler words (the quote's substance)."""
    return [word for word in (w.casefold() for w in _WORD.findall(normalize_text(text))) if word not in STOP_WORDS]


def _fingerprint(text: str) -> str:
    return " ".join(_WORD.findall(normalize_text(text).casefold()))


def select_quotes(
    texts: Sequence[str],
    embedding: np.ndarray,
    centre: np.ndarray,
    *,
    limit: int = 3,
    min_content_words: int = 8,
) -> list[int]:
    """Indices into ``texts`` of up to ``limit`` quotes, most representative first.

    ``embedding`` holds the L2-normalised rows of the texts, ``centre`` the
    theme centre (normalised here). Fewer quotes (possibly none) are returned
    when not enough texts have the minimum substance or all remaining ones
    repeat a chosen quote. Deterministic: ties go to the lower index.
    """
    embedding = np.asarray(embedding, dtype=np.float64)
    if len(texts) != embedding.shape[0]:
        raise ValueError("texts and embedding rows must correspond one to one")
    if limit < 1 or len(texts) == 0:
        return []
    centre = np.asarray(centre, dtype=np.float64).ravel()
    norm = np.linalg.norm(centre)
    relevance = embedding @ (centre / norm) if norm > 0 else np.zeros(len(texts))
    order = np.lexsort((np.arange(len(texts)), -relevance))
    candidates, words = [], {}
    for index in order:
        plain = plain_text(texts[index])
        found = content_words(plain)
        if len(found) >= min_content_words:
            candidates.append(int(index))
            words[int(index)] = (set(found), _fingerprint(plain))
            if len(candidates) == MAX_CANDIDATES:
                break
    chosen: list[int] = []
    redundancy = np.full(len(texts), -np.inf)
    while candidates and len(chosen) < limit:
        scores = [MMR_LAMBDA * relevance[i] - (1 - MMR_LAMBDA) * max(redundancy[i], 0.0) for i in candidates]
        best = candidates[int(np.argmax(scores))]  # argmax keeps the first (most relevant) on ties
        chosen.append(best)
        redundancy = np.maximum(redundancy, embedding @ embedding[best])
        candidates = [i for i in candidates if i != best and not _repeats(i, best, words, redundancy)]
    return chosen


def _repeats(index: int, quote: int, words: dict, redundancy: np.ndarray) -> bool:
    """True when text ``index`` is a (near-)duplicate of the chosen ``quote``."""
    if redundancy[index] >= NEAR_DUPLICATE_SIMILARITY:
        return True
    (mine, my_print), (theirs, their_print) = words[index], words[quote]
    if my_print == their_print:
        return True
    overlap = len(mine & theirs) / max(len(mine | theirs), 1)
    return overlap >= NEAR_DUPLICATE_OVERLAP


def plain_text(markdown: str) -> str:
    """Markdown as readable plain text.

    Emphasis, code marks, headings' ``#`` and HTML tags disappear; links and
    images become their text; list items become ``- item`` lines (ordered
    lists too, nested ones indented by two spaces); paragraphs, headings and
    quotes are separated by a blank line; table cells are joined with " | ".
    """
    if not markdown:
        return ""
    tokens = _MARKDOWN.parse(str(markdown))
    blocks: list[str] = []
    current: list[str] = []
    depth = 0
    in_item = in_table = False
    for token in tokens:
        if token.type in ("table_open", "table_close"):
            in_table = token.type == "table_open"
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            in_item = True
        elif token.type == "tr_open":
            current = []
        elif token.type in ("th_open", "td_open") and current:
            current.append(" | ")
        elif token.type == "tr_close":
            blocks.append("".join(current).strip())
            current = []
        elif token.type == "inline":
            text = _inline_text(token)
            if in_item:
                blocks.append("  " * (depth - 1) + "- " + text.replace("\n", " "))
                in_item = False
            elif in_table:
                current.append(text)
            else:
                blocks.append(text)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            stripped = _strip_html(token.content).strip()
            if stripped:
                blocks.append(stripped)
    return _join_blocks(blocks)


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
    text = "".join(parts)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _strip_html(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text)


def _join_blocks(blocks: list[str]) -> str:
    """Blank line between blocks, but consecutive list items stay together."""
    lines: list[str] = []
    previous_item = False
    for block in blocks:
        if not block.strip():
            continue
        is_item = block.lstrip().startswith("- ")
        if lines and not (is_item and previous_item):
            lines.append("")
        lines.append(block)
        previous_item = is_item
    return "\n".join(lines)
