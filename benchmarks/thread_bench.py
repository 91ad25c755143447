"""A discussion of 2,000 comments: how long its first page takes to render (run by hand, prints JSON).

    .venv/bin/python benchmarks/thread_bench.py [--rounds 5]

The data of tests/discussion/test_query_counts.py::test_two_thousand_comments_render_their_first_page:
one proposal on the Kiel demo process (temporary SQLite database) with 1,000 top-level comments by
20 people and one reply to each. A logged-in citizen who is not the author opens the proposal page
(first comment page) through Flask's test client: first view, median and worst, with the number of
SQL statements of the last view.

Target: the first page under 1.5 s (it used to be a wall-clock assertion in the test suite).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.inprocess import load_average, logged_in, make_app, make_citizen, measure  # noqa: E402

TARGET_SECONDS = 1.5


def make_thread(app, authors: list[int]) -> int:
    """The proposal with 1,000 comments and 1,000 replies; returns its id."""
    from sqlalchemy import insert, select

    from app.comments.models import Comment
    from app.core.clock import now
    from app.demo import kiel
    from app.extensions import db
    from app.processes.models import Process
    from app.proposals.models import Proposal
    from app.proposals.services import reference_for

    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == kiel.PROCESS_SLUG))
        number = (db.session.scalar(select(db.func.max(Proposal.number)).where(Proposal.process_id == process.id))
                  or 0) + 1
        stamp = now()
        proposal = Proposal(process_id=process.id, number=number, reference=reference_for(process, stamp.year, number),
                            author_id=authors[0], topic_id=process.topics[0].id, title="Eine lange Diskussion",
                            body="Worüber alle reden.", created_at=stamp, comment_count=2000)
        db.session.add(proposal)
        db.session.flush()
        db.session.execute(insert(Comment), [
            {"proposal_id": proposal.id, "author_id": authors[n % len(authors)], "body": f"Kommentar {n}",
             "alignment": "pro", "depth": 0, "created_at": stamp} for n in range(1000)])
        roots = db.session.scalars(select(Comment.id).where(Comment.proposal_id == proposal.id)
                                   .order_by(Comment.id)).all()
        db.session.execute(insert(Comment), [
            {"proposal_id": proposal.id, "author_id": authors[n % len(authors)], "body": f"Antwort {n}",
             "alignment": "neutral", "depth": 1, "parent_id": roots[n], "root_id": roots[n], "created_at": stamp}
            for n in range(1000)])
        db.session.commit()
        return proposal.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from tests.querycount import count_queries

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        authors = [make_citizen(app, f"autorin{n}@bench.ratschlag.example", f"Autorin {n}") for n in range(20)]
        proposal_id = make_thread(app, authors)
        make_citizen(app, "leserin@bench.ratschlag.example", "Leserin")
        client = logged_in(app, "leserin@bench.ratschlag.example")
        url = f"/proposals/{proposal_id}"
        page = measure(client, url, args.rounds)
        with count_queries() as counter:
            text = client.get(url).get_data(as_text=True)
        page["queries"] = counter.count
        page["first_comment_page"] = "Seite 1 von 50" in text and "Antwort 19" in text
    slowest = max(page["first_seconds"], page["max_seconds"])
    print(json.dumps({
        "comments": 2000, "page": page,
        "target": {"limit_seconds": TARGET_SECONDS, "slowest_seconds": slowest, "met": slowest < TARGET_SECONDS},
        "load_average": load_average(),
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
