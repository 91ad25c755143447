"""The queue, item pages, bulk forms, audit log, CSV export, public summary and the digest over HTTP."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.comments.models import Comment
from app.extensions import db
from app.moderation import services
from app.processes.models import Process
from app.proposals.models import Proposal
from tests.auth import factories
from tests.moderation import factories as fm
from tests.proposals import factories as fp


def _report_many(app, content, people, count: int):
    """`count` comments on the proposal, each with two reports."""
    with app.app_context():
        proposal = db.session.get(Proposal, content["proposal"])
        reporters = [db.session.get(type(proposal.author), people[f"reporter{n}"]) for n in (1, 2)]
        for number in range(count):
            comment = fp.make_comment(proposal, proposal.author, body=f"Gemeldeter Kommentar {number}")
            for reporter in reporters:
                fm.make_report(comment, reporter, reason="insult" if number % 2 else "spam", details="Details!")


def test_queue_groups_sorts_and_filters(app, client, login, people, content):
    _report_many(app, content, people, 2)
    with app.app_context():
        fm.make_report(db.session.get(Comment, content["comment"]), db.session.get(
            type(db.session.get(Proposal, content["proposal"]).author), people["reporter3"]), reason="illegal")
    login(factories.EMAILS["moderator"])
    page = client.get("/moderation/").text
    assert "3 Beiträge mit offenen Meldungen" in page
    assert page.index("Gemeldeter Kommentar 0") < page.index("Ein unfreundlicher Kommentar")  # 2 reports first
    assert 'name="item_ids"' in page and "<caption>" in page
    only_illegal = client.get("/moderation/?reason=illegal").text
    assert "1 Beitrag mit offenen Meldungen" in only_illegal
    assert "Keine offenen Meldungen" in client.get("/moderation/?kind=proposal").text
    assert client.get("/moderation/?kind=evil&reason=evil&process=x&page=-3").status_code == 200


def test_queue_query_count_is_constant(app, client, login, people, content, count_queries):
    login(factories.EMAILS["moderator"])
    _report_many(app, content, people, 2)
    client.get("/moderation/")
    with count_queries() as small:
        assert client.get("/moderation/").status_code == 200
    _report_many(app, content, people, 12)
    with count_queries() as large:
        assert client.get("/moderation/").status_code == 200
    assert small.count == large.count, (small.count, large.count)


def test_bulk_form_with_forged_id_changes_nothing(app, client, login, people, content, rows):
    login(factories.EMAILS["moderator"])
    data = {"action": "hide", "reason": "Spam", "item_ids": [f"comment:{content['comment']}", "comment:987654"]}
    assert client.post("/moderation/bulk", data=data).status_code == 404
    assert client.post("/moderation/bulk", data={**data, "item_ids": [f"comment:{content['comment']}", "x"]}
                       ).status_code == 404
    with app.app_context():
        assert db.session.get(Comment, content["comment"]).hidden_at is None
    assert rows(AuditEntry) == 0
    ok = client.post("/moderation/bulk", data={**data, "item_ids": [f"comment:{content['comment']}"]})
    assert ok.status_code == 302
    with app.app_context():
        assert db.session.get(Comment, content["comment"]).hidden_reason == "Spam"


def test_bulk_without_reason_explains(app, client, login, content, rows):
    login(factories.EMAILS["moderator"])
    response = client.post("/moderation/bulk", data={"action": "hide", "item_ids": [f"comment:{content['comment']}"]},
                           follow_redirects=True)
    assert "Bitte geben Sie einen Grund an" in response.text
    assert rows(AuditEntry) == 0


def test_citizens_get_403(client, login, content):
    login(factories.EMAILS["citizen"])
    assert client.get("/moderation/").status_code == 403
    assert client.post("/moderation/bulk", data={"action": "hide", "reason": "x",
                                                 "item_ids": [f"comment:{content['comment']}"]}).status_code == 403


def test_hidden_comment_shows_placeholder_with_reason(app, client, people, content, user):
    with app.app_context():
        services.moderate(user(people["moderator"]), "hide", [f"comment:{content['comment']}"],
                          reason="Persönliche Daten")
    page = client.get(f"/proposals/{content['proposal']}").text
    assert "Dieser Beitrag wurde von der Moderation ausgeblendet: Persönliche Daten" in page
    assert "Ein unfreundlicher Kommentar" not in page


def test_hidden_proposal_visible_to_author_with_reason(app, client, login, people, content, user):
    with app.app_context():
        services.moderate(user(people["moderator"]), "hide", [f"proposal:{content['proposal']}"], reason="Werbung")
    assert client.get(f"/proposals/{content['proposal']}").status_code == 404
    login(factories.EMAILS["citizen"])
    page = client.get(f"/proposals/{content['proposal']}").text
    assert "ausgeblendet: Werbung" in page


def test_item_pages_show_context(app, client, login, people, content):
    with app.app_context():
        fp.make_comment(db.session.get(Proposal, content["proposal"]), None, body="Antwort im Thread",
                        parent=db.session.get(Comment, content["comment"]))
    login(factories.EMAILS["moderator"])
    page = client.get(f"/moderation/comments/{content['comment']}").text
    assert "Antwort im Thread" in page and "gemeldeter Kommentar" in page
    assert client.get(f"/moderation/proposals/{content['proposal']}").status_code == 200
    assert client.get("/moderation/comments/999999").status_code == 404


def test_audit_log_filters_and_csv(app, client, login, people, content, user):
    with app.app_context():
        services.moderate(user(people["moderator"]), "hide", [f"comment:{content['comment']}"], reason="=cmd()")
        services.moderate(user(people["moderator"]), "restore", [f"comment:{content['comment']}"])
    login(factories.EMAILS["moderator"])
    assert client.get("/moderation/audit").status_code == 403
    login(factories.EMAILS["admin"])
    page = client.get("/moderation/audit?action=hide").text
    assert "1 Eintrag" in page and "Mona Moderator" in page
    response = client.get("/moderation/audit.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["action"] for row in rows] == ["hide", "restore"]
    assert rows[0]["reason"] == "'=cmd()"  # spreadsheet formulas neutralised
    assert client.get("/moderation/audit?action=bogus&process=x&actor=y").status_code == 200


def test_audit_entries_cannot_be_changed_by_services():
    import app.audit.services as audit_module

    assert not any(name.startswith(("update", "delete", "remove", "edit")) for name in dir(audit_module))


def test_public_summary_has_no_personal_data(app, client, people, content, user):
    with app.app_context():
        services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="insult",
                             details="Geheimes Detail")
        services.moderate(user(people["moderator"]), "hide", [f"comment:{content['comment']}"], reason="Geheimer Grund")
        slug = db.session.get(Process, content["process"]).slug
    page = client.get(f"/moderation/processes/{slug}/summary").text
    assert "Beleidigend oder hasserfüllt" in page
    for private in ("Geheimes Detail", "Geheimer Grund", "Mona Moderator", "Person", "reporter1", "Otto Other"):
        assert private not in page
    assert client.get("/moderation/processes/nope/summary").status_code == 404


def test_digest_command(app, runner, people, content, user, outbox):
    with app.app_context():
        services.flag_item(user(people["reporter1"]), "comment", content["comment"], reason="spam")
    result = runner.invoke(args=["moderation", "digest"])
    assert result.exit_code == 0 and "2 digest mail(s) sent." in result.output
    assert {mail.to for mail in outbox} == {factories.EMAILS["moderator"], factories.EMAILS["admin"]}


def test_curate_and_lock_over_http(app, client, login, content):
    login(factories.EMAILS["moderator"])
    with app.app_context():
        proposal = db.session.get(Proposal, content["proposal"])
        topic = proposal.process.topics[2]
    response = client.post(f"/moderation/proposals/{content['proposal']}/curate", data={"topic": topic.id,
                                                                                       "district": ""})
    assert response.status_code == 302
    assert client.post(f"/moderation/proposals/{content['proposal']}/curate",
                       data={"topic": "999", "district": ""}).status_code == 400
    assert client.post(f"/moderation/comments/{content['comment']}/lock", data={"locked": "1"}).status_code == 302
    with app.app_context():
        assert db.session.get(Comment, content["comment"]).locked_at is not None
        assert db.session.get(Proposal, content["proposal"]).topic_id == topic.id


def test_role_changes_are_audited(app, people, user, rows):
    from app.auth.services import change_role

    with app.app_context():
        change_role(user(people["admin"]), user(people["other_citizen"]), "moderator")
        entry = db.session.scalar(select(AuditEntry))
        assert (entry.action, entry.item_id, entry.details) == ("role", people["other_citizen"], "citizen -> moderator")


def test_huge_and_odd_ids_are_404_not_500(client, login, content):
    login(factories.EMAILS["admin"])
    huge = "9" * 30
    assert client.get(f"/moderation/proposals/{huge}").status_code == 404
    assert client.get(f"/moderation/comments/{huge}/report").status_code == 404
    assert client.get(f"/moderation/users/{huge}/block").status_code == 404
    assert client.post("/moderation/bulk", data={"action": "hide", "reason": "x",
                                                 "item_ids": [f"comment:{huge}"]}).status_code == 404
    assert client.post("/moderation/bulk", data={"action": "hide", "reason": "x",
                                                 "item_ids": ["comment:²"]}).status_code == 404
    assert client.get(f"/moderation/?process={huge}").status_code == 200
    assert client.get(f"/moderation/audit?process={huge}&actor={huge}").status_code == 200
    assert client.post(f"/moderation/proposals/{content['proposal']}/merge", data={"target": huge}).status_code == 400


def test_audit_log_is_readable_names_items_by_reference_and_filters_people_by_name(app, client, login, people,
                                                                                  content, user):
    """Issue 12 #25: no raw `until=-; hidden_items=1`, references instead of "Vorschlag 11", a person select."""
    from app.moderation.services import answer_proposal, block_user, curate_proposal, merge_proposals

    with app.app_context():
        moderator, admin = user(people["moderator"]), user(people["admin"])
        proposal = db.session.get(Proposal, content["proposal"])
        reference, process = proposal.reference, proposal.process
        other = fp.make_proposal(process, user(people["reporter1"]), title="Zweiter Vorschlag")
        services.moderate(moderator, "hide", [f"comment:{content['comment']}"], reason="Beleidigung")
        block_user(moderator, people["reporter2"], reason="Spam", hide_content=True)
        answer_proposal(admin, proposal, status="accepted")
        curate_proposal(moderator, proposal.id, topic_id=process.topics[1].id, district_id=process.districts[0].id)
        merge_proposals(moderator, other.id, proposal.id)
        other_reference = other.reference
        topic_titles = process.topics[0].title, process.topics[1].title
        district = process.districts[0].name
    login(factories.EMAILS["admin"])
    page = client.get("/moderation/audit").text
    for raw in ("until=", "hidden_items=", "status=accepted", "merged into proposal", "topic ", " -> "):
        assert raw not in page, raw
    assert f"Kommentar {reference}/K{content['comment']}<" in page and f"Vorschlag {reference}<" in page
    assert "Vorschlag " + str(content["proposal"]) not in page
    assert "unbefristet" in page and "Angenommen" in page and other_reference in page
    assert topic_titles[0] in page and topic_titles[1] in page and district in page
    assert "Person (ID)" not in page
    assert f'<option value="{people["moderator"]}">Mona Moderator</option>' in page
    filtered = client.get(f"/moderation/audit?actor={people['admin']}").text
    assert "1 Eintrag" in filtered and "Angenommen" in filtered
