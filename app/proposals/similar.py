"""Suggesting similar existing proposals while someone writes a new one.

Simple and fast on purpose: the title's distinctive words (German stems, stop words removed)
select up to a few hundred candidates in one query; they are ranked by word overlap in Python.
The analysis package can replace this with TF-IDF later.
"""
from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from sqlalchemy import func, or_, select

from app.extensions import db
from app.proposals.models import Proposal

MIN_SCORE = 0.2
CANDIDATES = 300
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(get_stop_words("german")) | {"kiel", "kieler", "stadt", "mehr", "sollen", "sollte", "bitte"}


def stems(text: str) -> set[str]:
    """The stems of the content words of `text`."""
    words = [word for word in _WORD.findall((text or "").lower()) if word not in _stop_words()]
    return {stem for stem in _stemmer().stemWords(words) if len(stem) >= 3}


def similar_proposals(process, title: str, body: str = "", *, exclude_id: int | None = None,
                      limit: int = 5) -> list[tuple[Proposal, float]]:
    """Up to `limit` visible proposals of `process` whose titles share words with `title` (and `body`)."""
    wanted = stems(title)
    if not wanted:
        return []
    extra = stems(body[:2000]) if body else set()
    probes = sorted(wanted, key=len, reverse=True)[:6]
    statement = (
        select(Proposal)
        .where(Proposal.process_id == process.id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None),
               or_(*(func.lower(Proposal.title).like(f"%{probe}%") for probe in probes)))
        .order_by(Proposal.id.desc()).limit(CANDIDATES)
    )
    if exclude_id:
        statement = statement.where(Proposal.id != exclude_id)
    scored = []
    for proposal in db.session.scalars(statement):
        theirs = stems(proposal.title)
        if not theirs:
            continue
        score = len(wanted & theirs) / len(wanted | theirs)
        if extra:
            score += 0.2 * len(extra & theirs) / len(theirs)
        if score >= MIN_SCORE:
            scored.append((proposal, round(score, 3)))
    scored.sort(key=lambda item: (-item[1], -item[0].id))
    return scored[:limit]
