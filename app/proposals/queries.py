"""Reading proposals: the list (filters, full-text search, sort orders, pagination) and similar proposals.

Every list page costs the same number of queries whatever the data size: one count, one page of
proposals (topic, district and author joined), and the visitor's own votes on that page.

Similar proposals (suggested while someone writes a new one, and as duplicate candidates for the
moderation) are simple and fast on purpose: the title's distinctive words (German stems, stop words
removed) select up to a few hundred candidates in one query; they are ranked by word overlap in Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from sqlalchemy import and_, case, func, literal_column, or_, select, text
from sqlalchemy.orm import joinedload

from app.core.numbers import parse_id
from app.core.text import clean_text
from app.extensions import db
from app.proposals.models import STATUS_VALUES, Proposal, search_document

SORTS = ("relevance", "newest", "agreed", "discussed", "random")  # relevance without a search: newest first
PER_PAGE = 20
QUERY_MAX = 200
REFERENCE_PATTERN = re.compile(r"^[A-Z]{2,6}-\d{4}-\d{4,}$")


@dataclass(frozen=True)
class ListFilters:
    topic_id: int | None = None
    district_id: int | None = None
    status: str | None = None
    q: str = ""
    sort: str = "relevance"
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.topic_id or self.district_id or self.status or self.q)


def _int_or_none(raw) -> int | None:
    return parse_id(raw)


def parse_filters(args, process) -> ListFilters:
    """Read the list's query arguments; unknown or malformed values fall back to 'all'."""
    topic_id = _int_or_none(args.get("topic"))
    district_id = _int_or_none(args.get("district"))
    status = args.get("status") or None
    sort = args.get("sort") or "relevance"
    page = _int_or_none(args.get("page")) or 1
    return ListFilters(
        topic_id=topic_id if any(topic.id == topic_id for topic in process.topics) else None,
        district_id=district_id if any(district.id == district_id for district in process.districts) else None,
        status=status if status in STATUS_VALUES else None,
        q=" ".join(clean_text(args.get("q"), single_line=True).split())[:QUERY_MAX],
        sort=sort if sort in SORTS else "relevance",
        page=min(page, 100000),
    )


def random_order_key(seed: int):
    """A per-visitor permutation of ids, computed in SQL the same way on SQLite and PostgreSQL."""
    return ((Proposal.id + int(seed)) * literal_column("2654435761")) % literal_column("4294967291")


def _search_condition(query: str):
    reference = query.upper()
    if REFERENCE_PATTERN.match(reference):
        return Proposal.reference == reference
    if db.engine.dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery(text("'german'"), query)
        return search_document(Proposal.__table__.c).op("@@")(tsquery)
    words = [word for word in query.lower().split() if word][:8]
    document = func.lower(Proposal.title + " " + Proposal.body)
    return and_(*(document.like("%" + _escape_like(word) + "%", escape="\\") for word in words))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _relevance(query: str):
    """Best matches first: PostgreSQL ranks with ts_rank; SQLite counts the search words in the title."""
    if db.engine.dialect.name == "postgresql":
        tsquery = func.websearch_to_tsquery(text("'german'"), query)
        return func.ts_rank(search_document(Proposal.__table__.c), tsquery).desc()
    words = [word for word in query.lower().split() if word][:8]
    title = func.lower(Proposal.title)
    hits = [case((title.like("%" + _escape_like(word) + "%", escape="\\"), 1), else_=0) for word in words]
    return sum(hits[1:], hits[0]).desc() if hits else None


def _ordering(sort: str, seed: int, query: str = ""):
    if sort == "relevance" and query and not REFERENCE_PATTERN.match(query.upper()):
        relevance = _relevance(query)
        if relevance is not None:
            return (relevance, Proposal.created_at.desc(), Proposal.id.desc())
    if sort == "agreed":
        return (Proposal.agree_count.desc(), Proposal.id.desc())
    if sort == "discussed":
        return (Proposal.comment_count.desc(), Proposal.id.desc())
    if sort == "random":
        return (random_order_key(seed), Proposal.id)
    return (Proposal.created_at.desc(), Proposal.id.desc())


def list_proposals(process, filters: ListFilters, *, seed: int = 0, per_page: int = PER_PAGE):
    """A page (Flask-SQLAlchemy Pagination) of the visible, not withdrawn proposals of `process`."""
    conditions = [Proposal.process_id == process.id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None),
                  Proposal.merged_into_id.is_(None)]
    if filters.topic_id:
        conditions.append(Proposal.topic_id == filters.topic_id)
    if filters.district_id:
        conditions.append(Proposal.district_id == filters.district_id)
    if filters.status:
        conditions.append(Proposal.status == filters.status)
    if filters.q:
        conditions.append(_search_condition(filters.q))
    statement = (
        select(Proposal).where(*conditions)
        .options(joinedload(Proposal.topic), joinedload(Proposal.district), joinedload(Proposal.author))
        .order_by(*_ordering(filters.sort, seed, filters.q))
    )
    return db.paginate(statement, page=filters.page, per_page=per_page, error_out=False)


# --- similar proposals ---

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


# --- what a topic or district of the process set-up is used by ---

def count_assigned(*, topic_id: int | None = None, district_id: int | None = None) -> int:
    """How many proposals (in any state: hidden, withdrawn and merged ones too) have this topic or district."""
    condition = Proposal.topic_id == topic_id if topic_id is not None else Proposal.district_id == district_id
    return db.session.scalar(select(func.count(Proposal.id)).where(condition)) or 0
