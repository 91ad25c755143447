"""A process with every kind of content the exports must handle (call inside an app context).

Proposals: P1 accepted with an official answer, votes and comments, a typed-in e-mail address and
telephone number; P2 with spreadsheet formulas as title and body; P3 hidden; P4 withdrawn; P5 merged
into P1. Comments on P1: a visible one, a visible reply, a hidden one, a deleted one; one visible
comment on the hidden P3. A survey with demographics: 6 volunteers and 2 non-volunteers answered.
"""
from __future__ import annotations

from app.core.clock import now
from app.extensions import db
from app.surveys.validation import Value
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.surveys.factories import make_conditional_survey, make_response

TYPED_CONTACT = "kontakt@verein-kiel.de"
TYPED_PHONE = "0431 9876543"
FORMULA_TITLE = '=HYPERLINK("http://example.com","klick")'
FORMULA_BODY = "+SUM(1;2)"
FREE_TEXT = "Meine geheime Idee"
OTHER_TEXT = "Pflege der Eltern"
NAMES = ("Clara Citizen", "Otto Other", "Mona Moderator", "Ada Admin", "Uwe Unconfirmed")


def make_export_process(current: str = "results") -> dict:
    """The process described above; returns ids, references and the slug."""
    process = make_process(current=current)
    citizen = fp.user_by_email(factories.EMAILS["citizen"])
    other = fp.user_by_email(factories.EMAILS["other_citizen"])
    moderator = fp.user_by_email(factories.EMAILS["moderator"])
    admin = fp.user_by_email(factories.EMAILS["admin"])
    topic, district = process.topics[0], process.districts[0]
    body = f"Eine Karte für Engagierte.\nFragen an {TYPED_CONTACT} oder {TYPED_PHONE}.\n- Punkt eins"
    p1 = fp.make_proposal(process, citizen, title="Ehrenamtskarte für Kiel", topic=topic, district=district, body=body)
    p2 = fp.make_proposal(process, other, title=FORMULA_TITLE, body=FORMULA_BODY, topic=process.topics[1])
    p3 = fp.make_proposal(process, citizen, title="Versteckter Vorschlag", body="Beleidigender Text")
    p4 = fp.make_proposal(process, other, title="Zurückgezogener Vorschlag", body="Doch nicht.")
    p5 = fp.make_proposal(process, other, title="Doppelte Ehrenamtskarte", body="Wie P1.")
    for voter, value in ((other, "agree"), (admin, "agree"), (moderator, "disagree")):
        fp.make_vote(p1, voter, value)
    fp.make_vote(p2, citizen, "pass")
    fp.make_vote(p3, other, "agree")
    c1 = fp.make_comment(p1, other, body="Gute Idee!", alignment="pro")
    c2 = fp.make_comment(p1, citizen, parent=c1, body="-Danke, sehr gern.", alignment="neutral")
    c3 = fp.make_comment(p1, moderator, body="Beleidigung", alignment="contra")
    c4 = fp.make_comment(p1, other, body="", alignment="contra")
    c5 = fp.make_comment(p3, other, body="Kommentar zum versteckten Vorschlag")
    fp.make_comment_vote(c1, citizen, 1)
    p1.status, p1.official_answer, p1.answered_at = "accepted", "Wird umgesetzt. Rückfragen: amt@kiel.de", now()
    p3.hidden_at = now()
    p4.withdrawn_at = now()
    p5.status, p5.merged_into_id = "merged", p1.id
    c3.hidden_at = now()
    c4.deleted_at = now()
    db.session.commit()
    survey = make_conditional_survey(process, ask_demographics=True)
    for number in range(6):
        make_response(survey["survey"], {
            survey["engaged"]: Value(text="c1"), survey["fields"]: Value(data=["c1", "other"], other=OTHER_TEXT),
            survey["likert"]: Value(number=4.0), survey["scale"]: Value(number=float(5 + number % 3)),
            survey["idea"]: Value(text=FREE_TEXT)}, age_group="30-44", district_id=district.id)
    for _number in range(2):
        make_response(survey["survey"], {survey["engaged"]: Value(text="c2"), survey["barriers"]: Value(text="c1"),
                                         survey["likert"]: Value(number=2.0)}, age_group="75+")
    return {"slug": process.slug, "process_id": process.id, "survey": survey,
            "proposals": {name: (p.id, p.reference) for name, p in
                          (("p1", p1), ("p2", p2), ("p3", p3), ("p4", p4), ("p5", p5))},
            "comments": {name: c.id for name, c in (("c1", c1), ("c2", c2), ("c3", c3), ("c4", c4), ("c5", c5))},
            "users": {"citizen": citizen.id, "other": other.id}}
