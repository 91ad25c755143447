"""`flask demo --scale large`: a city-scale data set for benchmarks, from a fixed seed.

About 10,000 proposals, 5,000 participants, 200,000 votes and 50,000 comments (one proposal
carries a discussion of more than 2,000 comments) in the Kiel demo process. Rows are built
in Python and written with bulk inserts in batches, so the whole set takes well under a
minute on SQLite. Running it again changes nothing.
"""
from __future__ import annotations

import itertools
import random
import secrets
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, insert, select, text

from app.auth.models import User
from app.auth.services import hash_password
from app.comments.models import Comment, CommentVote
from app.demo import kiel, texts
from app.extensions import db
from app.notifications.models import Follow
from app.processes.models import Process
from app.processes.services import find_process
from app.proposals.models import Proposal, Vote
from app.proposals.services import reference_for

SEED = 2026
EMAIL_DOMAIN = "large.demo.ratschlag.example"
BATCH = 5000
STATUS_WEIGHTS = [("submitted", 850), ("under_review", 50), ("accepted", 30), ("partly_accepted", 20),
                  ("rejected", 30), ("implemented", 10), ("merged", 10)]


@dataclass
class Sizes:
    participants: int = 5_000
    proposals: int = 10_000
    votes: int = 200_000
    comments: int = 50_000
    big_thread: int = 2_100
    comment_votes: int = 30_000


@dataclass
class Result:
    created: bool
    counts: dict = field(default_factory=dict)
    big_thread_id: int | None = None


def large_demo_exists() -> bool:
    return db.session.scalar(select(User.id).where(User.email.like(f"%@{EMAIL_DOMAIN}")).limit(1)) is not None


def seed_large(today: date, sizes: Sizes | None = None, seed: int = SEED) -> Result:
    """Add the large data set to the Kiel process (which must exist); returns what was created."""
    sizes = sizes or Sizes()
    process = find_process(kiel.PROCESS_SLUG)
    if process is None:
        raise RuntimeError("The Kiel demo process is missing; run `flask demo` first.")
    if large_demo_exists():
        return Result(created=False)
    builder = _Builder(random.Random(seed), process, today, sizes)
    builder.build()
    builder.write()
    return Result(created=True, counts=builder.counts(), big_thread_id=builder.big_thread_id)


def _window(process: Process, today: date) -> tuple[datetime, datetime]:
    """From the start of the participation phase (at most 60 days ago) until an hour ago."""
    end = datetime.combine(today, time(6, 0), tzinfo=UTC)
    phase = next((phase for phase in process.phases if phase.kind == "participation"), None)
    start_day = phase.starts_on if phase and phase.starts_on < today else today - timedelta(days=30)
    start = datetime.combine(max(start_day, today - timedelta(days=60)), time(7, 0), tzinfo=UTC)
    return start, max(end, start + timedelta(days=1))


class _Builder:
    def __init__(self, rng: random.Random, process: Process, today: date, sizes: Sizes):
        self.rng, self.process, self.today, self.sizes = rng, process, today, sizes
        self.start, self.end = _window(process, today)
        self.districts = [district.name for district in process.districts]
        self.users, self.proposals, self.votes, self.comments = [], [], [], []
        self.follows, self.comment_votes = [], []
        self.big_thread_id = None

    # --- generation -------------------------------------------------------------------------
    def build(self) -> None:
        self._users()
        self._proposals()
        self._votes()
        self._comments()
        self._comment_votes()
        self._follows()

    def _next_id(self, model) -> int:
        return (db.session.scalar(select(func.max(model.id))) or 0) + 1

    def _users(self) -> None:
        rng, first = self.rng, self._next_id(User)
        password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it: demo accounts can't log in
        span = (self.end - self.start).total_seconds()
        # Display names are unique ignoring case: a generated name that is taken gets the person's number.
        taken = {name.casefold() for name in db.session.scalars(select(User.display_name))}
        for number in range(self.sizes.participants):
            name = texts.display_name(rng, number, self.districts)
            if name.casefold() in taken:
                name = f"{name[:70]} ({number + 1})"
            taken.add(name.casefold())
            self.users.append({
                "id": first + number, "email": f"teilnehmende-{number:05d}@{EMAIL_DOMAIN}",
                "display_name": name, "password_hash": password_hash,
                "role": "citizen", "confirmed_at": self.start - timedelta(days=1), "locale": "de",
                "email_notifications": False, "session_token": f"{rng.getrandbits(128):032x}",
                "created_at": self.start - timedelta(seconds=rng.uniform(86400, 86400 + span)),
            })
        # How active each person is (a few write and vote a lot, most a little).
        self.user_weights = list(itertools.accumulate(rng.lognormvariate(0, 1.0) for _ in self.users))

    def _pick_user(self) -> int:
        index = bisect_left(self.user_weights, self.rng.random() * self.user_weights[-1])
        return self.users[min(index, len(self.users) - 1)]["id"]

    def _proposals(self) -> None:
        rng, first = self.rng, self._next_id(Proposal)
        topics, districts = self.process.topics, self.process.districts
        first_number = (db.session.scalar(select(func.max(Proposal.number))
                                          .where(Proposal.process_id == self.process.id)) or 0) + 1
        span = (self.end - self.start).total_seconds()
        times = sorted(self.start + timedelta(seconds=rng.uniform(0, span * 0.95)) for _ in range(self.sizes.proposals))
        statuses, status_weights = zip(*STATUS_WEIGHTS)
        self.popularity, self.agreement = [], []
        for index, created in enumerate(times):
            pillar = rng.randrange(len(topics))
            district = rng.choice(districts) if districts and rng.random() < 0.7 else None
            title, body = texts.proposal_text(rng, pillar % 5, district.name if district else None)
            status = rng.choices(statuses, weights=status_weights)[0]
            number = first_number + index
            row = {
                "id": first + index, "process_id": self.process.id, "number": number,
                "reference": reference_for(self.process, self.today.year, number), "author_id": self._pick_user(),
                "topic_id": topics[pillar].id, "district_id": district.id if district else None,
                "title": title, "body": body, "status": status, "created_at": created,
                "official_answer": texts.OFFICIAL_ANSWERS.get(status), "merged_into_id": None,
                "answered_at": created + timedelta(days=2) if status != "submitted" else None,
                "agree_count": 0, "disagree_count": 0, "pass_count": 0, "comment_count": 0, "engaged_at": None,
            }
            if status == "merged" and index:
                row["merged_into_id"] = first + rng.randrange(index)
            self.proposals.append(row)
            self.popularity.append(rng.lognormvariate(0, 1.1))
            self.agreement.append(rng.betavariate(2.5, 1.5))
        self.proposal_weights = list(itertools.accumulate(self.popularity))
        # The benchmark's long discussion: an early, popular proposal.
        self.big_thread_index = max(range(min(50, len(self.proposals))), key=lambda i: self.popularity[i])
        self.big_thread_id = self.proposals[self.big_thread_index]["id"]

    def _pick_proposal(self) -> int:
        index = bisect_left(self.proposal_weights, self.rng.random() * self.proposal_weights[-1])
        return min(index, len(self.proposals) - 1)

    def _after(self, moment: datetime) -> datetime:
        """A random moment between `moment` and the end of the window (earlier ones more likely)."""
        remaining = max((self.end - moment).total_seconds(), 60)
        return moment + timedelta(seconds=remaining * self.rng.random() ** 2)

    def _engage(self, proposal: dict, user_id: int, moment: datetime) -> None:
        if user_id != proposal["author_id"] and (proposal["engaged_at"] is None or moment < proposal["engaged_at"]):
            proposal["engaged_at"] = moment

    def _votes(self) -> None:
        rng, seen = self.rng, set()
        counter = {1: "agree_count", -1: "disagree_count", 0: "pass_count"}
        while len(self.votes) < self.sizes.votes:
            index = self._pick_proposal()
            proposal, user_id = self.proposals[index], self._pick_user()
            if user_id == proposal["author_id"] or (user_id, index) in seen:
                continue
            seen.add((user_id, index))
            roll = rng.random()
            value = 0 if roll < 0.08 else (1 if roll < 0.08 + 0.92 * self.agreement[index] else -1)
            moment = self._after(proposal["created_at"])
            self.votes.append({"user_id": user_id, "proposal_id": proposal["id"], "value": value,
                               "created_at": moment, "updated_at": moment})
            proposal[counter[value]] += 1
            self._engage(proposal, user_id, moment)

    def _comments(self) -> None:
        first = self._next_id(Comment)
        per_proposal = defaultdict(int)
        per_proposal[self.big_thread_index] = self.sizes.big_thread
        for _ in range(max(self.sizes.comments - self.sizes.big_thread, 0)):
            per_proposal[self._pick_proposal()] += 1
        next_id = itertools.count(first)
        for index in sorted(per_proposal):
            self._thread(index, per_proposal[index], next_id)
        self.comments.sort(key=lambda row: row["id"])

    def _thread(self, index: int, size: int, next_id) -> None:
        rng, proposal = self.rng, self.proposals[index]
        district = next((d.name for d in self.process.districts if d.id == proposal["district_id"]), None)
        begin = proposal["created_at"]
        span = max((self.end - begin).total_seconds(), 60)
        moments = sorted(begin + timedelta(seconds=rng.uniform(60, span)) for _ in range(size))
        open_parents = []  # comments at depth 0 or 1 that can get replies
        for moment in moments:
            parent = rng.choice(open_parents[-40:]) if open_parents and rng.random() < 0.45 else None
            author = self._pick_user()
            agreement = self.agreement[index]
            alignment = rng.choices(["pro", "contra", "neutral"], weights=[agreement, 1 - agreement, 0.4])[0]
            row = {
                "id": next(next_id), "proposal_id": proposal["id"], "author_id": author,
                "parent_id": parent["id"] if parent else None,
                "root_id": (parent["root_id"] or parent["id"]) if parent else None,
                "depth": parent["depth"] + 1 if parent else 0,
                "body": texts.comment_text(rng, alignment, district, reply=parent is not None),
                "alignment": "neutral" if parent else alignment, "up_count": 0, "down_count": 0,
                "edited_at": moment + timedelta(minutes=20) if rng.random() < 0.02 else None,
                "deleted_at": None, "hidden_at": None, "created_at": moment,
            }
            if rng.random() < 0.01:
                row["body"], row["deleted_at"] = "", moment + timedelta(hours=1)
            else:
                proposal["comment_count"] += 1
            self.comments.append(row)
            if row["depth"] < 2 and row["deleted_at"] is None:
                open_parents.append(row)
            self._engage(proposal, author, moment)

    def _comment_votes(self) -> None:
        rng, seen = self.rng, set()
        candidates = [row for row in self.comments if row["deleted_at"] is None]
        if not candidates:
            return
        attempts = 0
        while len(self.comment_votes) < self.sizes.comment_votes and attempts < self.sizes.comment_votes * 3:
            attempts += 1
            comment, user_id = rng.choice(candidates), self._pick_user()
            if user_id == comment["author_id"] or (user_id, comment["id"]) in seen:
                continue
            seen.add((user_id, comment["id"]))
            value = 1 if rng.random() < 0.75 else -1
            comment["up_count" if value == 1 else "down_count"] += 1
            self.comment_votes.append({"user_id": user_id, "comment_id": comment["id"], "value": value,
                                       "created_at": self._after(comment["created_at"])})

    def _follows(self) -> None:
        seen = set()
        for proposal in self.proposals:  # authors follow their own proposals
            seen.add((proposal["author_id"], proposal["id"]))
            self.follows.append({"user_id": proposal["author_id"], "proposal_id": proposal["id"],
                                 "created_at": proposal["created_at"]})
        for vote in self.votes[:: 20]:  # and some voters follow what they voted on
            if (vote["user_id"], vote["proposal_id"]) not in seen:
                seen.add((vote["user_id"], vote["proposal_id"]))
                self.follows.append({"user_id": vote["user_id"], "proposal_id": vote["proposal_id"],
                                     "created_at": vote["created_at"]})

    # --- writing ----------------------------------------------------------------------------
    def write(self) -> None:
        for model, rows in ((User, self.users), (Proposal, self.proposals), (Follow, self.follows),
                            (Vote, self.votes), (Comment, self.comments), (CommentVote, self.comment_votes)):
            for start in range(0, len(rows), BATCH):
                db.session.execute(insert(model), rows[start:start + BATCH])
        if db.engine.dialect.name == "postgresql":
            for table in ("users", "proposals", "comments"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT max(id) FROM {table}))"))
            # Fresh statistics, so that the planner uses the indexes right away (autovacuum would take a while).
            db.session.execute(text("ANALYZE users, proposals, follows, votes, comments, comment_votes"))
        db.session.commit()

    def counts(self) -> dict:
        return {"participants": len(self.users), "proposals": len(self.proposals), "votes": len(self.votes),
                "comments": len(self.comments), "comment votes": len(self.comment_votes),
                "follows": len(self.follows)}
