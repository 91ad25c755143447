"""Data for analysis-run tests: themed proposals, comments, survey free text and two voting camps.

Call inside an app context. `make_analysable_process` returns plain ids (they survive contexts).
"""
from __future__ import annotations

from sqlalchemy import select

from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.core.clock import now
from app.extensions import db
from app.proposals.models import Proposal, Vote
from app.surveys.validation import Value
from tests.analysis.corpus import THEMES
from tests.auth import factories
from tests.processes.factories import process_by_slug
from tests.proposals.factories import make_comment, make_proposal
from tests.surveys.factories import add_question, add_section, make_response, make_survey


def make_analysable_process(slug: str, *, voters: int = 10, contact_in_text: bool = True) -> dict:
    """Proposals in three themes (one pillar per theme), comments, hidden/withdrawn noise, survey
    free text, and `voters` people in two camps (rad vs spiel; everybody agrees with ehrenamt)."""
    process = process_by_slug(slug)
    topics = {name: process.topics[index] for index, name in enumerate(THEMES)}
    district = process.districts[0]
    author = factories.make_user(display_name="Autorin Geheim")
    proposals: dict[str, list[Proposal]] = {name: [] for name in THEMES}
    for name, texts in THEMES.items():
        for title, body in texts:
            proposals[name].append(make_proposal(process, author, title=title, body=body, topic=topics[name],
                                                 district=district, follow=False))
    if contact_in_text:
        proposals["rad"][0].body += " Rückfragen an rad.fan@example.org oder 0431 1234567."
    hidden = make_proposal(process, author, title="Verstecktes Radwege-Thema", body="Radweg Radweg", follow=False,
                           hidden_at=now())
    withdrawn = make_proposal(process, author, title="Zurückgezogen", body="Spielplatz", follow=False,
                              withdrawn_at=now())
    comment = make_comment(proposals["spiel"][0], author, body="Der Spielplatz braucht auch Bänke für Eltern.")
    make_comment(proposals["rad"][1], author, body="Gelöscht").deleted_at = now()
    db.session.commit()
    survey = make_survey(process, title="Umfrage Engagement")
    question = add_question(add_section(survey), "long_text", "Was fehlt Ihnen?", topic=topics["ehrenamt"])
    for text in ("Mehr Anerkennung für Ehrenamtliche in Vereinen.", "Ein Ehrenamtsbüro im Stadtteil."):
        make_response(survey.id, {question.id: Value(text=text)}, district_id=district.id)
    people = [factories.make_user(display_name=f"Wählerin {n}") for n in range(voters)]
    for index, person in enumerate(people):
        camp = index % 2
        for name, items in proposals.items():
            for proposal in items:
                value = 1 if name == "ehrenamt" or (name == "rad") == (camp == 0) else -1
                db.session.add(Vote(user_id=person.id, proposal_id=proposal.id, value=value))
    db.session.commit()
    return {"process_id": process.id, "topics": {name: topic.id for name, topic in topics.items()},
            "district_id": district.id, "survey_id": survey.id, "comment_id": comment.id,
            "hidden_id": hidden.id, "withdrawn_id": withdrawn.id, "voter_ids": [p.id for p in people],
            "author_id": author.id,
            "references": {name: [p.reference for p in items] for name, items in proposals.items()}}


def make_finished_run(process_id: int, *, items: int = 3, version: int | None = None, themes: int = 2) -> dict:
    """A finished run written directly (no analysis): `themes` themes and `items` items in the first."""
    version = version or (db.session.scalar(select(db.func.max(AnalysisRun.version))
                                            .where(AnalysisRun.process_id == process_id)) or 0) + 1
    run = AnalysisRun(process_id=process_id, version=version, status="finished", progress=100, stage="done",
                      parameters={"k": "auto", "duplicate_threshold": 0.8, "min_votes": 7, "seed": 0},
                      created_at=now(), heartbeat_at=now(), finished_at=now(),
                      counts={"proposals": items, "comments": 0, "survey_answers": 0, "votes": 0},
                      results={"themes": {"count": themes, "outliers": 0}, "duplicates": {"pairs": [], "total": 0},
                               "opinions": None, "notes": {"opinions": "no_votes"}})
    db.session.add(run)
    db.session.flush()
    created = [AnalysisTheme(run_id=run.id, key=str(n), label=f"Thema {n}", original_label=f"Thema {n}",
                             terms=["a", "b"], position=n) for n in range(themes)]
    db.session.add_all(created)
    db.session.flush()
    db.session.add_all([AnalysisItem(run_id=run.id, kind="proposal", source_id=None, reference=f"TST-2026-{n:04d}",
                                     excerpt=f"Auszug {n}", theme_id=created[0].id, x=0.1 * n, y=0.0,
                                     representative=n == 0, moved=False) for n in range(items)])
    db.session.commit()
    return {"run_id": run.id, "version": run.version, "theme_ids": [t.id for t in created]}
