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


def search_condition(query: str):
    """The list's search as an SQL condition: a reference exactly, else the words (full text on PostgreSQL)."""
    return _search_condition(query)


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


def numbers_by_reference(process_id: int, references) -> dict[str, tuple[int, int]]:
    """{reference: (id, number)} of the process's proposals with these references (one query)."""
    references = {reference for reference in references if reference}
    if not references:
        return {}
    rows = db.session.execute(select(Proposal.reference, Proposal.id, Proposal.number)
                              .where(Proposal.process_id == process_id, Proposal.reference.in_(references)))
    return {reference: (proposal_id, number) for reference, proposal_id, number in rows}


# --- similar proposals ---

MIN_SCORE = 0.4
CANDIDATES = 1000          # rows (id, title, agree count) scored in Python: most probes found, most agreed first
PREFIX, SUFFIX = 5, 4      # probes for the parts of compound words (Ehrenamts|karte)
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_FOLD = (("ä", "a"), ("ö", "o"), ("ü", "u"), ("Ä", "a"), ("Ö", "o"), ("Ü", "u"), ("ß", "ss"))


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from stop_words import get_stop_words

    return frozenset(get_stop_words("german")) | {"kiel", "kieler", "stadt", "mehr", "sollen", "sollte", "bitte"}


def stems(text: str) -> set[str]:
    """The stems of the content words of `text` (umlauts folded: the German stemmer writes ü as u)."""
    words = [word for word in _WORD.findall((text or "").lower()) if word not in _stop_words()]
    return {_fold(stem) for stem in _stemmer().stemWords(words) if len(stem) >= 3}


@lru_cache(maxsize=20000)
def _title_stems(title: str) -> frozenset[str]:
    return frozenset(stems(title))


def _fold(text: str) -> str:
    for umlaut, plain in _FOLD:
        text = text.replace(umlaut, plain)
    return text


def _folded_title():
    """lower(title) with umlauts written plainly, the same on SQLite (whose lower() is ASCII only) and PostgreSQL."""
    expression = func.lower(Proposal.title)
    for umlaut, plain in _FOLD:
        expression = func.replace(expression, umlaut, plain)
    return expression


def _probes(wanted: set[str]) -> set[str]:
    """What to look for in titles: each stem, and for long (compound) stems their first and last letters, so
    that "Ehrenamtskarte" finds "Karte für Ehrenamtliche" and the other way round."""
    probes = set()
    for stem in wanted:
        probes.add(stem)
        if len(stem) >= 2 * SUFFIX:
            probes |= {stem[:PREFIX], stem[-SUFFIX:]}
    return probes


def _part_of(part: str, word: str) -> bool:
    """`part` is a part of the compound `word` (its beginning or end, or inside it if it is long enough)."""
    if len(part) >= len(word):
        return False
    return word.startswith(part) or word.endswith(part) or (len(part) >= PREFIX and part in word)


def _coverage(stem: str, others) -> float:
    """How much of `stem` the other text has: 1 for the same word or a compound containing it, else the share
    of its letters that parts of it cover (Ehrenamtskarte: "Ehrenamt" 8/13, "Ehrenamt" and "Karte" 12/13)."""
    if stem in others or any(_part_of(stem, other) for other in others):
        return 1.0
    return min(1.0, sum(len(other) for other in others if _part_of(other, stem)) / len(stem))


def similarity(wanted: set[str], theirs) -> float:
    """How well a title's stems `theirs` cover the stems being written (`wanted`, weighted 0.7) and the other
    way round (0.3), counting parts of compound words: 0 … 1."""
    if not wanted or not theirs:
        return 0.0
    covered = sum(_coverage(stem, theirs) for stem in wanted) / len(wanted)
    covering = sum(_coverage(stem, wanted) for stem in theirs) / len(theirs)
    return 0.7 * covered + 0.3 * covering


def similar_proposals(process, title: str, body: str = "", *, exclude_id: int | None = None,
                      limit: int = 5) -> list[tuple[Proposal, float]]:
    """Up to `limit` visible proposals of `process` whose titles share words with `title` (and `body`).

    Words match as stems and as parts of compound words (`similarity`). Candidates are found with LIKE on the
    folded title (one query for id, title and agree count), scored in Python, and the best are loaded (one
    more query); nearly equal scores rank the more agreed proposal first.
    """
    wanted = stems(title)
    if not wanted:
        return []
    extra = stems(body[:2000]) if body else set()
    folded = _folded_title()
    probes = sorted(_probes(wanted), key=len, reverse=True)[:12]
    found = [folded.like(f"%{_escape_like(probe)}%", escape="\\") for probe in probes]
    hits = sum((case((condition, 1), else_=0) for condition in found), literal_column("0"))
    statement = (
        select(Proposal.id, Proposal.title, Proposal.agree_count)
        .where(Proposal.process_id == process.id, Proposal.hidden_at.is_(None), Proposal.withdrawn_at.is_(None),
               Proposal.merged_into_id.is_(None), or_(*found))
        .order_by(hits.desc(), Proposal.agree_count.desc(), Proposal.id.desc()).limit(CANDIDATES)
    )
    if exclude_id:
        statement = statement.where(Proposal.id != exclude_id)
    scored = []
    for proposal_id, proposal_title, agree_count in db.session.execute(statement):
        theirs = _title_stems(proposal_title)
        score = similarity(wanted, theirs)
        if extra and theirs:
            score += 0.2 * sum(_coverage(stem, extra) for stem in theirs) / len(theirs)
        if score >= MIN_SCORE:
            scored.append((proposal_id, round(score, 3), agree_count))
    # Nearly equal scores (within a tenth) rank the more agreed proposal first: the original people back.
    scored.sort(key=lambda item: (-round(item[1], 1), -item[2], -item[1], -item[0]))
    best = scored[:limit]
    if not best:
        return []
    loaded = {proposal.id: proposal for proposal in db.session.scalars(
        select(Proposal).where(Proposal.id.in_([proposal_id for proposal_id, _, _ in best])))}
    return [(loaded[proposal_id], score) for proposal_id, score, _ in best if proposal_id in loaded]


# --- what a topic or district of the process set-up is used by ---

def count_assigned(*, topic_id: int | None = None, district_id: int | None = None) -> int:
    """How many proposals (in any state: hidden, withdrawn and merged ones too) have this topic or district."""
    condition = Proposal.topic_id == topic_id if topic_id is not None else Proposal.district_id == district_id
    return db.session.scalar(select(func.count(Proposal.id)).where(condition)) or 0
