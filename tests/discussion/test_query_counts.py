"""List and detail pages send the same number of SQL statements whatever the data size."""
from __future__ import annotations

import time

import pytest

from app.extensions import db
from app.proposals.models import Proposal
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp


def fill(app, slug: str, proposals: int, comments_per_thread: int, voters: int) -> int:
    """Add proposals with votes and a threaded discussion on the first one; returns its id."""
    with app.app_context():
        process = fp.process_by_slug(slug)
        people = [factories.make_user() for _ in range(voters)]
        first = None
        for number in range(proposals):
            proposal = fp.make_proposal(process, people[number % voters], topic=process.topics[number % 3],
                                        district=process.districts[number % 3] if number % 2 else None)
            for person in people[: number % voters]:
                fp.make_vote(proposal, person, ["agree", "disagree", "pass"][person.id % 3])
            first = first or proposal
        for number in range(comments_per_thread):
            root = fp.make_comment(first, people[number % voters], commit=False)
            reply = fp.make_comment(first, people[(number + 1) % voters], parent=root, commit=False)
            fp.make_comment(first, people[(number + 2) % voters], parent=reply, commit=False)
        db.session.commit()
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        for comment in first_comments(first)[:10]:
            if comment.author_id != citizen.id:
                fp.make_comment_vote(comment, citizen)
        fp.make_vote(first, citizen)
        return first.id


def first_comments(proposal: Proposal):
    from sqlalchemy import select

    from app.comments.models import Comment

    return list(db.session.scalars(select(Comment).where(Comment.proposal_id == proposal.id).order_by(Comment.id)))


def measure(client, count_queries, url: str) -> int:
    assert client.get(url).status_code == 200  # warm up (first connection, lazy setup)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


PAGES = ["/processes/{slug}/proposals/", "/processes/{slug}/proposals/?topic={topic}&sort=agreed&q=Vorschlag",
         "/processes/{slug}/proposals/?sort=random&page=2", "/proposals/{id}", "/proposals/{id}?page=2&order=newest"]


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_constant_queries_on_list_and_detail(app, client, citizen_login, users, count_queries, who):
    small_slug = factories_process(app)
    large_slug = factories_process(app)
    small_id = fill(app, small_slug, proposals=3, comments_per_thread=2, voters=3)
    large_id = fill(app, large_slug, proposals=60, comments_per_thread=45, voters=12)
    if who == "citizen":
        citizen_login()
    with app.app_context():
        topics = {slug: fp.process_by_slug(slug).topics[0].id for slug in (small_slug, large_slug)}
    for page in PAGES:
        small = measure(client, count_queries, page.format(slug=small_slug, id=small_id, topic=topics[small_slug]))
        large = measure(client, count_queries, page.format(slug=large_slug, id=large_id, topic=topics[large_slug]))
        assert small == large, f"{page} as {who}: {small} queries with small data, {large} with large data"
        assert large <= 12, f"{page} as {who}: {large} queries"


def factories_process(app) -> str:
    with app.app_context():
        return make_process().slug


def test_two_thousand_comments_render_their_first_page_quickly(app, client, citizen_login, users, process,
                                                                count_queries):
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
        roots = first_comments(proposal)
        db.session.execute(insert(Comment), [
            {"proposal_id": proposal.id, "author_id": people[n % 20], "body": f"Antwort {n}", "alignment": "neutral",
             "depth": 1, "parent_id": roots[n].id, "root_id": roots[n].id, "created_at": stamp} for n in range(1000)])
        proposal.comment_count = 2000
        db.session.commit()
        proposal_id = proposal.id
    citizen_login("other_citizen")
    client.get(f"/proposals/{proposal_id}")
    with count_queries() as counter:
        started = time.perf_counter()
        response = client.get(f"/proposals/{proposal_id}")
        elapsed = time.perf_counter() - started
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2.000 Kommentare" in page and "Seite 1 von 50" in page
    assert "Antwort 19" in page and "Kommentar 20" not in page
    assert counter.count <= 12
    assert elapsed < 1.5, f"first page of 2,000 comments took {elapsed:.2f} s"


def test_constant_queries_on_the_notifications_page(app, client, citizen_login, users, process, count_queries):
    from app.notifications.models import Notification

    def notify(count: int) -> None:
        with app.app_context():
            citizen = fp.user_by_email(factories.EMAILS["citizen"])
            proposal = fp.make_proposal(fp.process_by_slug(process))
            for _ in range(count):
                comment = fp.make_comment(proposal)
                db.session.add(Notification(user_id=citizen.id, kind="reply", proposal_id=proposal.id,
                                            comment_id=comment.id))
                db.session.add(Notification(user_id=citizen.id, kind="status", proposal_id=proposal.id,
                                            status="accepted"))
            db.session.commit()

    citizen_login()
    notify(2)
    small = measure(client, count_queries, "/notifications/")
    notify(40)
    large = measure(client, count_queries, "/notifications/")
    assert small == large <= 6
