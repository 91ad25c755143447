"""Threaded comments: replies to depth 3, alignment, up/down votes, edit, delete, pagination."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.comments.models import Comment, CommentVote
from app.core.clock import now
from app.extensions import db
from app.proposals.models import Proposal
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp


def post_comment(client, proposal_id, body="Ein guter Gedanke.", alignment="pro", parent_id=""):
    return client.post(f"/proposals/{proposal_id}/comments",
                       data={"body": body, "alignment": alignment, "parent_id": parent_id})


def comment_ids(app, proposal_id) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(
            select(Comment.id).where(Comment.proposal_id == proposal_id).order_by(Comment.id)
        ))


def test_comment_reply_and_reply_to_reply(app, client, citizen_login, proposal):
    citizen_login("other_citizen")
    response = post_comment(client, proposal, body="Gute Idee, **wirklich**.", alignment="pro")
    assert response.status_code == 302
    root = comment_ids(app, proposal)[0]
    assert response.headers["Location"].endswith(f"/proposals/{proposal}#comment-{root}")
    citizen_login()
    assert post_comment(client, proposal, body="Danke!", alignment="neutral", parent_id=root).status_code == 302
    reply = comment_ids(app, proposal)[1]
    citizen_login("other_citizen")
    assert post_comment(client, proposal, body="Gern.", alignment="contra", parent_id=reply).status_code == 302
    with app.app_context():
        rows = {c.id: c for c in db.session.scalars(select(Comment))}
        third = max(rows)
        assert [rows[root].depth, rows[reply].depth, rows[third].depth] == [0, 1, 2]
        assert rows[third].root_id == root and rows[third].parent_id == reply and rows[third].alignment == "contra"
        assert db.session.get(Proposal, proposal).comment_count == 3
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "<strong>wirklich</strong>" in page and "Dafür" in page and "Dagegen" in page
    assert (page.index(f'id="comment-{root}"') < page.index(f'id="comment-{reply}"')
            < page.index(f'id="comment-{third}"'))
    # No reply form on the third level.
    assert f'name="parent_id" value="{third}"' not in page and f'name="parent_id" value="{reply}"' in page


def _fourth_level(app, proposal):
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        root = fp.make_comment(row)
        reply = fp.make_comment(row, parent=root)
        return fp.make_comment(row, parent=reply).id


def _other_proposal_comment(app, proposal):
    with app.app_context():
        other = fp.make_proposal(db.session.get(Proposal, proposal).process)
        return fp.make_comment(other).id


def _deleted_comment(app, proposal):
    with app.app_context():
        comment = fp.make_comment(db.session.get(Proposal, proposal))
        comment.deleted_at, comment.body = now(), ""
        db.session.commit()
        return comment.id


BAD_COMMENTS = [
    ("empty", {"body": ""}, 400, "Bitte schreiben Sie einen Kommentar."),
    ("blank", {"body": "  \n\t "}, 400, "Bitte schreiben Sie einen Kommentar."),
    ("only control characters", {"body": "\x00\x01"}, 400, "Bitte schreiben Sie einen Kommentar."),
    ("too long", {"body": "w" * 2001}, 400, "Höchstens 2000 Zeichen."),
    ("unknown alignment", {"alignment": "maybe"}, 400, "Bitte wählen Sie „Dafür“, „Dagegen“ oder „Neutral“."),
    ("no alignment", {"alignment": ""}, 400, "Bitte wählen Sie Ihre Haltung."),
    ("parent not a number", {"parent_id": "abc"}, 400, "existiert nicht"),
    ("unknown parent", {"parent_id": "987654"}, 400, "existiert nicht"),
]


@pytest.mark.parametrize(("changes", "status", "message"), [case[1:] for case in BAD_COMMENTS],
                         ids=[case[0] for case in BAD_COMMENTS])
def test_bad_comments_are_refused_and_store_nothing(app, client, citizen_login, proposal, db_rows, changes, status,
                                                    message):
    citizen_login("other_citizen")
    data = {"body": "Ein Kommentar.", "alignment": "pro", "parent_id": ""}
    data.update(changes)
    response = client.post(f"/proposals/{proposal}/comments", data=data)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert db_rows(Comment) == 0


@pytest.mark.parametrize("make_parent", [_fourth_level, _other_proposal_comment, _deleted_comment],
                         ids=["fourth level", "parent on another proposal", "deleted parent"])
def test_replies_to_impossible_parents_are_refused(app, client, citizen_login, proposal, db_rows, make_parent):
    parent = make_parent(app, proposal)
    before = db_rows(Comment)
    citizen_login("other_citizen")
    response = post_comment(client, proposal, parent_id=parent)
    assert response.status_code == 400
    assert db_rows(Comment) == before


def test_the_error_is_shown_at_the_reply_form(app, client, citizen_login, proposal):
    with app.app_context():
        root = fp.make_comment(db.session.get(Proposal, proposal)).id
    citizen_login("other_citizen")
    page = post_comment(client, proposal, body="", parent_id=root).get_data(as_text=True)
    assert '<details class="reply" open>' in page
    assert f'id="reply-{root}-body-error"' in page


def test_script_in_comments_is_escaped(client, citizen_login, proposal):
    citizen_login("other_citizen")
    post_comment(client, proposal, body='<script>alert(1)</script>[x](javascript:alert(2))')
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and not re.search(r"href=[\"']?javascript", page)


@pytest.mark.parametrize("current", ["information", "evaluation", "results"])
def test_discussion_is_closed_outside_the_participation_phase(app, client, citizen_login, users, db_rows, current):
    with app.app_context():
        proposal_id = fp.make_proposal(make_process(current=current)).id
    citizen_login()
    response = post_comment(client, proposal_id)
    assert response.status_code == 403
    assert "nur während der Beteiligungsphase" in response.get_data(as_text=True)
    assert db_rows(Comment) == 0
    assert "Die Diskussion ist geschlossen" in client.get(f"/proposals/{proposal_id}").get_data(as_text=True)


def test_no_comments_on_withdrawn_or_hidden_proposals(app, client, citizen_login, proposal, db_rows):
    with app.app_context():
        db.session.get(Proposal, proposal).withdrawn_at = now()
        db.session.commit()
    citizen_login("other_citizen")
    assert post_comment(client, proposal).status_code == 403
    with app.app_context():
        db.session.get(Proposal, proposal).hidden_at = now()
        db.session.commit()
    assert post_comment(client, proposal).status_code == 404
    assert db_rows(Comment) == 0


def test_unconfirmed_and_anonymous_cannot_comment(client, citizen_login, proposal, db_rows):
    assert "/auth/login" in post_comment(client, proposal).headers["Location"]
    citizen_login("unconfirmed")
    assert post_comment(client, proposal).status_code == 403
    assert db_rows(Comment) == 0


def test_author_edits_comment_and_it_is_marked(app, client, citizen_login, proposal):
    citizen_login("other_citizen")
    post_comment(client, proposal, body="Erste Fassung.")
    comment_id = comment_ids(app, proposal)[0]
    assert client.get(f"/comments/{comment_id}/edit").status_code == 200
    response = client.post(f"/comments/{comment_id}/edit", data={"body": "Zweite Fassung.", "alignment": "contra"})
    assert response.status_code == 302
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "Zweite Fassung." in page and "Erste Fassung." not in page and "bearbeitet am" in page
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.edited_at is not None and comment.alignment == "contra"
    assert client.post(f"/comments/{comment_id}/edit", data={"body": "", "alignment": "pro"}).status_code == 400
    assert client.post(f"/comments/{comment_id}/edit", data={"body": "v" * 2001, "alignment": "pro"}).status_code == 400
    with app.app_context():
        assert db.session.get(Comment, comment_id).body == "Zweite Fassung."
    citizen_login()
    assert client.post(f"/comments/{comment_id}/edit", data={"body": "Fremd.", "alignment": "pro"}).status_code == 403


def test_delete_leaves_a_placeholder_and_keeps_replies(app, client, citizen_login, proposal):
    citizen_login("other_citizen")
    post_comment(client, proposal, body="Wird gelöscht.")
    root = comment_ids(app, proposal)[0]
    citizen_login()
    post_comment(client, proposal, body="Eine Antwort bleibt.", parent_id=root)
    assert client.post(f"/comments/{root}/delete").status_code == 403  # not the author
    citizen_login("other_citizen")
    assert client.post(f"/comments/{root}/delete").status_code == 302
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "Wird gelöscht." not in page and "Eine Antwort bleibt." in page
    assert "Dieser Kommentar wurde von der Verfasserin oder dem Verfasser gelöscht." in page
    with app.app_context():
        assert db.session.get(Proposal, proposal).comment_count == 1
        assert db.session.get(Comment, root).body == ""
    response = client.post(f"/comments/{root}/delete")  # already deleted
    assert response.status_code == 400 and "bereits gelöscht" in response.get_data(as_text=True)
    assert client.get(f"/comments/{root}/edit").status_code == 403


def test_comment_votes_one_per_person(app, client, citizen_login, proposal, db_rows):
    with app.app_context():
        comment_id = fp.make_comment(db.session.get(Proposal, proposal)).id
    citizen_login("other_citizen")
    for value in ("up", "up"):
        assert client.post(f"/comments/{comment_id}/vote", data={"value": value}).status_code == 302
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert (comment.up_count, comment.down_count) == (1, 0)
    client.post(f"/comments/{comment_id}/vote", data={"value": "down"})
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert (comment.up_count, comment.down_count) == (0, 1)
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert 'value="withdraw" aria-pressed="true" class="button small secondary">Nicht hilfreich (1)' in page
    client.post(f"/comments/{comment_id}/vote", data={"value": "withdraw"})
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert (comment.up_count, comment.down_count) == (0, 0)
    assert db_rows(CommentVote) == 0
    assert client.post(f"/comments/{comment_id}/vote", data={"value": "+1"}).status_code == 400
    assert client.post("/comments/999999/vote", data={"value": "up"}).status_code == 404
    assert db_rows(CommentVote) == 0


def test_no_votes_on_own_comments(app, client, citizen_login, proposal, db_rows):
    citizen_login("other_citizen")
    post_comment(client, proposal)
    comment_id = comment_ids(app, proposal)[0]
    response = client.post(f"/comments/{comment_id}/vote", data={"value": "up"})
    assert response.status_code == 400 and "eigenen Kommentare" in response.get_data(as_text=True)
    assert db_rows(CommentVote) == 0


def test_comment_votes_closed_outside_participation(app, client, citizen_login, users, db_rows):
    with app.app_context():
        comment_id = fp.make_comment(fp.make_proposal(make_process(current="evaluation"))).id
    citizen_login()
    assert client.post(f"/comments/{comment_id}/vote", data={"value": "up"}).status_code == 403
    assert db_rows(CommentVote) == 0


def test_long_threads_are_paginated_by_top_level_comments(app, client, proposal):
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        author = factories.make_user()
        roots = [fp.make_comment(row, author, body=f"Wurzel {n:02d}", commit=False) for n in range(45)]
        for root in roots[:3]:
            reply = fp.make_comment(row, author, parent=root, body=f"Antwort auf {root.body}", commit=False)
            fp.make_comment(row, author, parent=reply, body=f"Tiefe Antwort auf {root.body}", commit=False)
        db.session.commit()
    page1 = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert re.findall(r"Wurzel (\d\d)", page1)[:1] == ["00"] and "Wurzel 19" in page1 and "Wurzel 20" not in page1
    assert "Tiefe Antwort auf Wurzel 00" in page1 and "Seite 1 von 3" in page1
    page3 = client.get(f"/proposals/{proposal}?page=3").get_data(as_text=True)
    assert "Wurzel 40" in page3 and "Wurzel 44" in page3 and "Wurzel 39" not in page3
    newest = client.get(f"/proposals/{proposal}?order=newest").get_data(as_text=True)
    assert newest.index("Wurzel 44") < newest.index("Wurzel 30") and "Wurzel 00" not in newest
    assert client.get(f"/proposals/{proposal}?page=abc&order=<x>").status_code == 200


@pytest.mark.parametrize("app_overrides", [{"RATELIMIT_COMMENT": "2 per minute"}])
def test_commenting_is_rate_limited(client, citizen_login, proposal, db_rows):
    citizen_login("other_citizen")
    statuses = [post_comment(client, proposal).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert db_rows(Comment) == 2


def test_after_posting_you_land_on_the_page_with_your_comment(app, client, citizen_login, proposal):
    with app.app_context():
        row = db.session.get(Proposal, proposal)
        author = factories.make_user()
        roots = [fp.make_comment(row, author, body=f"Wurzel {n:02d}", commit=False) for n in range(45)]
        db.session.commit()
        second_page_root = roots[25].id
    citizen_login("other_citizen")
    response = post_comment(client, proposal, body="Ganz neu.")
    new_id = comment_ids(app, proposal)[-1]
    assert response.headers["Location"].endswith(f"/proposals/{proposal}?page=3#comment-{new_id}")
    assert "Ganz neu." in client.get(response.headers["Location"]).get_data(as_text=True)
    response = post_comment(client, proposal, body="Antwort.", parent_id=second_page_root)
    assert f"?page=2#comment-{comment_ids(app, proposal)[-1]}" in response.headers["Location"]
    # A reply with errors on page 2 is shown again on page 2, with the error at its form.
    response = client.post(f"/proposals/{proposal}/comments",
                           data={"body": "", "alignment": "pro", "parent_id": second_page_root, "page": "2"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Seite 2 von 3" in page
    assert f'id="reply-{second_page_root}-body-error"' in page
    response = post_comment(client, proposal, body="Neueste zuerst.")
    assert "order" not in response.headers["Location"]
    response = client.post(f"/proposals/{proposal}/comments",
                           data={"body": "Oben.", "alignment": "pro", "parent_id": "", "order": "newest"})
    assert response.headers["Location"].endswith(f"?order=newest#comment-{comment_ids(app, proposal)[-1]}")


def test_hidden_and_unknown_comments_answer_alike(app, client, citizen_login, proposal, db_rows):
    """No existence oracle: voting on or replying to a hidden comment answers like an unknown id."""
    with app.app_context():
        hidden = fp.make_comment(db.session.get(Proposal, proposal), body="Ausgeblendet.")
        hidden.hidden_at = now()
        db.session.commit()
        hidden_id = hidden.id
    citizen_login("other_citizen")
    unknown_id = hidden_id + 1000
    for value in ("up", "withdraw"):
        answers = [client.post(f"/comments/{comment_id}/vote", data={"value": value})
                   for comment_id in (hidden_id, unknown_id)]
        assert [answer.status_code for answer in answers] == [404, 404]
        assert "Diesen Kommentar gibt es nicht." in answers[0].get_data(as_text=True)
    replies = [post_comment(client, proposal, parent_id=parent) for parent in (hidden_id, unknown_id)]
    assert [reply.status_code for reply in replies] == [400, 400]
    assert all("existiert nicht" in reply.get_data(as_text=True) for reply in replies)
    assert db_rows(CommentVote) == 0 and db_rows(Comment) == 1


def test_staff_comment_without_stance_and_with_a_badge(app, client, citizen_login, proposal):
    """Issue 12 #24: staff need not pick a stance (stored neutral) and are marked in the thread and on proposals."""
    citizen_login("moderator")
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert 'name="alignment"' not in page   # no stance asked, neither for comments nor for replies
    response = client.post(f"/proposals/{proposal}/comments", data={"body": "Hinweis der Moderation."})
    assert response.status_code == 302
    citizen_login("admin")
    root = comment_ids(app, proposal)[0]
    assert client.post(f"/proposals/{proposal}/comments",
                       data={"body": "Die Verwaltung prüft das.", "parent_id": root}).status_code == 302
    with app.app_context():
        assert list(db.session.scalars(select(Comment.alignment).order_by(Comment.id))) == ["neutral", "neutral"]
        fp.make_proposal(db.session.get(Proposal, proposal).process, fp.user_by_email(factories.EMAILS["admin"]),
                         title="Ein Vorschlag der Verwaltung")
    citizen_login("other_citizen")
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert 'class="badge staff-badge">Moderation<' in page and 'class="badge staff-badge">Verwaltung<' in page
    assert 'class="alignment alignment-neutral"' not in page   # staff comments show the badge, not a stance
    assert 'name="alignment"' in page   # citizens still say where they stand
    assert post_comment(client, proposal, alignment="").status_code == 400
    with app.app_context():
        process_slug = db.session.get(Proposal, proposal).process.slug
    listing = client.get(f"/processes/{process_slug}/proposals/").get_data(as_text=True)
    assert 'class="badge staff-badge">Verwaltung<' in listing
