"""A realistic small data set for the read API (call inside an app context).

The published process of `tests.exports.factories.make_export_process` in its results phase (P1 answered
with votes and comments, P2 with formulas, P3 hidden, P4 withdrawn, P5 merged into P1; comments C1, C2
visible, C3 hidden, C4 deleted, C5 on the hidden P3; a survey with 8 responses), plus a draft survey, a
finished analysis run with themes and opinion groups (one of them too small to publish, statements about
a hidden proposal), and an unpublished process with a proposal, a comment and a survey of its own.
"""
from __future__ import annotations

from app.extensions import db
from tests.analysis_runs.factories import make_finished_run
from tests.auth import factories
from tests.exports.factories import make_export_process
from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.surveys.factories import add_question, add_section, make_survey

SECRET_TITLE = "Unveröffentlichter Entwurfsvorschlag"
DRAFT_SURVEY_TITLE = "Entwurf einer Umfrage"


def make_api_data() -> dict:
    """The data described above; returns the ids and references the tests need."""
    data = make_export_process(current="results")
    process = fp.process_by_slug(data["slug"])
    citizen = fp.user_by_email(factories.EMAILS["citizen"])
    draft = make_survey(process, status="draft", title=DRAFT_SURVEY_TITLE)
    add_question(add_section(draft), "short_text", "Geheime Frage")
    p1, p3 = data["proposals"]["p1"][1], data["proposals"]["p3"][1]
    run = make_finished_run(process.id, items=6)
    from app.analysis_runs.models import AnalysisRun

    stored = db.session.get(AnalysisRun, run["run_id"])
    statement = {"title": "x", "direction": "agree", "agree_ratio": 0.9, "n_votes": 6}
    stored.results = {**stored.results, "opinions": {
        "participants": 9, "clustered": 9, "min_votes": 1, "method": "polis",
        "groups": [{"id": "A", "size": 6, "representative": [{**statement, "ref": p1}, {**statement, "ref": p3}]},
                   {"id": "B", "size": 3, "representative": [{**statement, "ref": p1}]}],
        "consensus": [{**statement, "ref": p1}, {**statement, "ref": p3}]}}
    hidden_process = make_process(published=False, current="results")
    secret = fp.make_proposal(hidden_process, citizen, title=SECRET_TITLE, body="Noch nicht öffentlich.")
    fp.make_comment(secret, citizen, body="Geheimer Kommentar")
    hidden_survey = make_survey(hidden_process, status="open", title="Umfrage eines Entwurfs")
    db.session.commit()
    return {**data, "draft_survey": draft.id, "run": run, "hidden_slug": hidden_process.slug,
            "secret_reference": secret.reference, "hidden_survey": hidden_survey.id}
