"""The proposal page with its discussion sends the same number of SQL statements whatever the data size."""
from __future__ import annotations

import pytest

from app.extensions import db
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.querycount import page_queries

PAGES = ["/proposals/{id}", "/proposals/{id}?page=2&order=newest"]


@pytest.mark.slow  # builds 60 proposals with votes and a 135-comment thread: ~1 s each
@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_constant_queries_on_the_proposal_page(app, client, citizen_login, users, who):
    with app.app_context():
        small_id = fp.fill_process(make_process().slug, proposals=3, comments_per_thread=2, voters=3)
        large_id = fp.fill_process(make_process().slug, proposals=60, comments_per_thread=45, voters=12)
    if who == "citizen":
        citizen_login()
    for page in PAGES:
        small = page_queries(client, page.format(id=small_id))
        large = page_queries(client, page.format(id=large_id))
        assert small == large, f"{page} as {who}: {small} queries with small data, {large} with large data"
        assert large <= 12, f"{page} as {who}: {large} queries"


def test_two_thousand_comments_render_their_first_page(app, client, citizen_login, users, process, count_queries):
    """Query count and content; how fast is measured by benchmarks/thread_bench.py (target < 1.5 s)."""
    from sqlalchemy import insert

    from app.comments.models import Comment
    from app.core.clock import now

    with app.app_context():
        proposal = fp.make_proposal(fp.process_by_slug(process))
        people = [factories.make_user().id for _ in range(20)]
        stamp = now()
        db.session.execute(insert(Comment), [
            {"proposal_id": proposal.id, "author_id": people[n % 20], "body": f"Kommentar {n}", "alignment": "pro",
             "depth": 0, "created_at": stamp} for n in range(1000)])
        roots = fp.comments_of(proposal)
        db.session.execute(insert(Comment), [
            {"proposal_id": proposal.id, "author_id": people[n % 20], "body": f"Antwort {n}", "alignment": "neutral",
             "depth": 1, "parent_id": roots[n].id, "root_id": roots[n].id, "created_at": stamp} for n in range(1000)])
        proposal.comment_count = 2000
        db.session.commit()
        proposal_id = proposal.id
    citizen_login("other_citizen")
    client.get(f"/proposals/{proposal_id}")
    with count_queries() as counter:
        response = client.get(f"/proposals/{proposal_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2.000 Kommentare" in page and "Seite 1 von 50" in page
    assert "Antwort 19" in page and "Kommentar 20" not in page
    assert counter.count <= 12
