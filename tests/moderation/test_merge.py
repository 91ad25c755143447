"""Merging duplicates: votes move without double-counting, comments and followers move, redirects, audit."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.comments.models import Comment
from app.core.errors import Conflict, DomainError, PermissionDenied
from app.extensions import db
from app.moderation.services import duplicate_candidates, merge_proposals
from app.notifications.models import Notification
from app.proposals.models import Proposal, Vote
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp


@pytest.fixture
def pair(app, people, process):
    """Source and target proposals with overlapping voters; returns ids."""
    with app.app_context():
        proc = fp.process_by_slug(process)
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        other = fp.user_by_email(factories.EMAILS["other_citizen"])
        source = fp.make_proposal(proc, citizen, title="Radweg an der Kiellinie ausbauen")
        target = fp.make_proposal(proc, other, title="Radweg Kiellinie verbreitern")
        both, only_source, only_target = (db.session.get(type(citizen), people[f"reporter{n}"]) for n in (1, 2, 3))
        fp.make_vote(source, both, "disagree")
        fp.make_vote(target, both, "agree")        # target vote wins
        fp.make_vote(source, only_source, "agree")
        fp.make_vote(target, only_target, "pass")
        fp.make_comment(source, only_target, body="Kommentar am Duplikat")
        return {"source": source.id, "target": target.id, "both": both.id}


def test_merge_moves_votes_without_double_counting(app, people, pair, user):
    with app.app_context():
        target = merge_proposals(user(people["moderator"]), pair["source"], pair["target"], reason="Dublette")
        assert (target.agree_count, target.disagree_count, target.pass_count) == (2, 0, 1)
        assert db.session.scalar(select(Vote.value).where(Vote.user_id == pair["both"])) == 1
        assert db.session.scalar(select(func.count()).select_from(Vote).where(Vote.proposal_id == pair["source"])) == 0
        source = db.session.get(Proposal, pair["source"])
        assert (source.status, source.merged_into_id, source.vote_count, source.comment_count) == (
            "merged", pair["target"], 0, 0)
        assert target.comment_count == 1
        assert db.session.scalar(
            select(Comment.proposal_id).where(Comment.body == "Kommentar am Duplikat")
        ) == target.id
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.item_id, entry.reason) == ("merge", pair["source"], "Dublette")
        # only the source's followers (its author) are told; the target's author never followed the source
        told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "merged")))
        assert told == {people["citizen"]}


@pytest.mark.parametrize(("source", "target", "actor", "error"), [
    ("source", "source", "moderator", DomainError),    # into itself
    ("source", "missing", "moderator", DomainError),    # unknown target
    ("source", "target", "citizen", PermissionDenied),
])
def test_bad_merges_change_nothing(app, people, pair, user, rows, source, target, actor, error):
    ids = {**pair, "missing": 999999}
    with app.app_context():
        with pytest.raises(error):
            merge_proposals(user(people[actor]), ids[source], ids[target])
        assert db.session.get(Proposal, pair["source"]).merged_into_id is None
        assert db.session.get(Proposal, pair["target"]).vote_count == 2
    assert rows(AuditEntry) == 0


def test_merge_twice_and_across_processes_is_refused(app, people, pair, user):
    with app.app_context():
        merge_proposals(user(people["moderator"]), pair["source"], pair["target"])
        with pytest.raises(Conflict):
            merge_proposals(user(people["moderator"]), pair["source"], pair["target"])
        foreign = fp.make_proposal(make_process(), user(people["citizen"]))
        with pytest.raises(DomainError):
            merge_proposals(user(people["moderator"]), pair["target"], foreign.id)


def test_duplicate_candidates_use_the_submission_similarity(app, pair):
    with app.app_context():
        found = [candidate.id for candidate, _score in duplicate_candidates(db.session.get(Proposal, pair["source"]))]
        assert pair["target"] in found


def test_merged_proposal_redirects_and_target_shows_record(client, login, pair, people, app, user):
    with app.app_context():
        merge_proposals(user(people["moderator"]), pair["source"], pair["target"])
    response = client.get(f"/proposals/{pair['source']}")
    assert response.status_code == 302 and f"/proposals/{pair['target']}" in response.headers["Location"]
    page = client.get(response.headers["Location"]).text
    assert "zusammengeführt" in page and "Radweg an der Kiellinie ausbauen" in page
    login(factories.EMAILS["moderator"])
    assert "zusammengeführt mit" in client.get(f"/proposals/{pair['source']}").text


def test_merge_over_http_by_reference(client, login, pair, app):
    with app.app_context():
        reference = db.session.get(Proposal, pair["target"]).reference
    login(factories.EMAILS["moderator"])
    url = f"/moderation/proposals/{pair['source']}/merge"
    assert client.post(url, data={"target": "NOPE-1"}).status_code == 400
    assert client.post(url, data={"target": reference}).status_code == 200   # asks for confirmation first
    response = client.post(url, data={"target": reference, "confirm": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, pair["source"]).merged_into_id == pair["target"]


def test_merged_proposal_refuses_votes_comments_and_follows(client, login, pair, people, app, user, rows):
    """Issue 12 #15: nothing new is stored on a merged-away proposal; the refusal names the target."""
    with app.app_context():
        merge_proposals(user(people["moderator"]), pair["source"], pair["target"])
        reference = db.session.get(Proposal, pair["target"]).reference
    login(factories.EMAILS["other_citizen"])
    votes, comments = rows(Vote), rows(Comment)
    vote = client.post(f"/proposals/{pair['source']}/vote", data={"value": "agree"})
    assert vote.status_code == 403 and reference in vote.text
    comment = client.post(f"/proposals/{pair['source']}/comments", data={"body": "Noch ein Kommentar"})
    assert comment.status_code == 403 and reference in comment.text
    follow = client.post(f"/proposals/{pair['source']}/follow", data={"follow": "1"})
    assert follow.status_code == 403 and reference in follow.text
    assert (rows(Vote), rows(Comment)) == (votes, comments)
    assert rows(Vote, Vote.proposal_id == pair["source"]) == 0
    with app.app_context():
        from app.notifications.models import Follow
        assert db.session.scalar(select(func.count()).select_from(Follow)
                                 .where(Follow.proposal_id == pair["source"])) == 0


def test_merge_counts_comments_like_the_comment_counter(app, people, pair, user):
    """Issue 12 #15: a deleted comment is not counted by the comment services, so not after a merge either."""
    from app.comments import services as comment_services

    with app.app_context():
        author = user(people["reporter1"])
        source = db.session.get(Proposal, pair["source"])
        gone = fp.make_comment(source, author, body="Gleich wieder weg")
        comment_services.delete_comment(author, gone)
        target = db.session.get(Proposal, pair["target"])
        fp.make_comment(target, author, body="Am Ziel")
        assert db.session.get(Proposal, pair["source"]).comment_count == 1
        merged = merge_proposals(user(people["moderator"]), pair["source"], pair["target"])
        assert merged.comment_count == 2   # "Kommentar am Duplikat" + "Am Ziel", not the deleted one


def test_merge_mail_names_the_merged_proposal_and_reaches_only_its_followers(app, people, pair, user, outbox):
    """Issue 12 #18: the mail is about the proposal the reader followed (the source), naming the target too."""
    with app.app_context():
        source, target = db.session.get(Proposal, pair["source"]), db.session.get(Proposal, pair["target"])
        references = source.reference, target.reference
        merge_proposals(user(people["moderator"]), pair["source"], pair["target"])
    [mail] = outbox
    assert mail.to == factories.EMAILS["citizen"]
    assert references[0] in mail.subject
    assert references[0] in mail.body and "Radweg an der Kiellinie ausbauen" in mail.body
    assert references[1] in mail.body and "Radweg Kiellinie verbreitern" in mail.body


def test_merge_asks_for_confirmation_without_javascript(client, login, pair, app):
    """Issue 12 #25: a prefilled merge (GET ?target=) and the form both show what will happen first."""
    with app.app_context():
        source, target = db.session.get(Proposal, pair["source"]), db.session.get(Proposal, pair["target"])
        references = source.reference, target.reference
    login(factories.EMAILS["moderator"])
    url = f"/moderation/proposals/{pair['source']}/merge"
    page = client.get(url, query_string={"target": references[1]})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and references[0] in html and references[1] in html
    assert 'name="confirm" value="1"' in html and f'name="target" value="{pair["target"]}"' in html
    asked = client.post(url, data={"target": references[1], "reason": "Dublette"})
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.text and "Dublette" in asked.text
    with app.app_context():
        assert db.session.get(Proposal, pair["source"]).merged_into_id is None
    assert client.get(url, query_string={"target": "NOPE-1"}).status_code == 400
    done = client.post(url, data={"target": str(pair["target"]), "reason": "Dublette", "confirm": "1"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, pair["source"]).merged_into_id == pair["target"]
