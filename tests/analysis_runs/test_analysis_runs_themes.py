"""Issue 13 in the app: themes per pillar, contributions without content kept out (and said), survey answers
placed by content, quotes as readable text, and a progress bar that moves during the theme analysis."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.analysis_runs import pipeline, services
from app.analysis_runs.labels import exclusion_sentence
from app.analysis_runs.models import AnalysisItem, AnalysisTheme
from app.analysis_runs.queries import results
from app.extensions import db
from app.processes.models import Process
from app.proposals.models import Proposal
from app.surveys.validation import Value
from tests.analysis_runs.factories import make_analysable_process
from tests.auth import factories
from tests.processes.factories import make_process, process_by_slug
from tests.proposals.factories import make_comment, make_proposal
from tests.surveys.factories import add_question, add_section, make_response, make_survey

ACKNOWLEDGEMENTS = ["Da stimme ich zu.", "Genau das meine ich.", "Danke!", "Sehe ich auch so.", "+1"]


@pytest.fixture
def data(app, process):
    """The three-pillar sample process, plus a stock reply under every proposal and a survey answer about
    playgrounds given to a question of the cycling pillar."""
    with app.app_context():
        made = make_analysable_process(process)
        author = factories.make_user(display_name="Antwortende")
        proposals = db.session.scalars(select(Proposal).where(Proposal.process_id == made["process_id"],
                                                              Proposal.hidden_at.is_(None),
                                                              Proposal.withdrawn_at.is_(None))).all()
        replies = [make_comment(proposal, author, body=ACKNOWLEDGEMENTS[n % len(ACKNOWLEDGEMENTS)])
                   for n, proposal in enumerate(proposals)]
        proc = process_by_slug(process)
        survey = make_survey(proc, title="Radumfrage")
        question = add_question(add_section(survey), "long_text", "Was wünschen Sie sich?",
                                topic=db.session.get(type(proc.topics[0]), made["topics"]["rad"]))
        make_response(survey.id, {question.id: Value(text="Der Spielplatz im Park braucht neue Spielgeräte, "
                                                          "Schaukeln und eine Sandkiste für die Kinder.")})
        db.session.commit()
        made["reply_ids"] = [reply.id for reply in replies]
        made["misplaced_survey_id"] = survey.id
        return made


def _items(run_id: int) -> list[AnalysisItem]:
    return list(db.session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run_id)))


def test_acknowledgements_stay_out_of_themes_but_are_counted_and_said(app, data, client, auth, users):
    with app.app_context():
        run = services.run_analysis_sync(data["process_id"])
        assert run.status == "finished" and run.results["notes"].get("themes") is None
        replies = [item for item in _items(run.id)
                   if item.kind == "comment" and any(item.reference.endswith(f"/K{i}") for i in data["reply_ids"])]
        assert len(replies) == len(data["reply_ids"])
        assert all(item.theme_id is None and item.exclusion in ("no_words", "short", "stock_reply") for item in replies)
        excluded = run.results["themes"]["excluded"]
        assert sum(excluded.values()) >= len(replies)
        assert results.theme_exclusions(run) == excluded
        assert run.counts["comments"] >= len(replies)  # still counted as participation
        sentence = exclusion_sentence(excluded)
        assert str(sum(excluded.values())) in sentence and "Beteiligung" in sentence
        version, slug = run.version, db.session.get(Process, data["process_id"]).slug
    auth.login_as("moderator")
    page = client.get(f"/admin/processes/{slug}/analysis/{version}/").get_data(as_text=True)
    assert "nicht in die Themen einbezogen" in page and "Beteiligung" in page
    items = client.get(f"/admin/processes/{slug}/analysis/{version}/items?theme=none").get_data(as_text=True)
    assert "Da stimme ich zu." in items and ("Standardantworten" in items or "kurze Reaktionen" in items)


def test_themes_belong_to_the_pillars_and_quotes_are_ranked_text(app, data):
    with app.app_context():
        run = services.run_analysis_sync(data["process_id"])
        themes = db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id)).all()
        pillars = set(data["topics"].values())
        assert themes and {theme.topic_id for theme in themes} <= pillars | {None}
        assert {theme.topic_id for theme in themes} >= pillars  # every pillar has at least one theme
        by_theme: dict[int, list[AnalysisItem]] = {}
        for item in _items(run.id):
            if item.quote_rank is not None:
                by_theme.setdefault(item.theme_id, []).append(item)
                assert item.quote and item.theme_id is not None and item.exclusion is None
        assert by_theme
        for quoted in by_theme.values():
            assert sorted(item.quote_rank for item in quoted) == list(range(1, len(quoted) + 1))
        grouped = results.themes_by_pillar(run)
        assert set(grouped) <= pillars | {None}
        for themes_of_pillar in grouped.values():
            for theme in themes_of_pillar:
                assert len({quote.text for quote in theme.quotes}) == len(theme.quotes)  # no repeated quote
                assert all("Da stimme ich zu" not in quote.text for quote in theme.quotes)


def test_a_survey_answer_goes_to_the_pillar_its_content_fits(app, data):
    with app.app_context():
        run = services.run_analysis_sync(data["process_id"])
        answer = db.session.scalar(select(AnalysisItem).where(
            AnalysisItem.run_id == run.id, AnalysisItem.reference == f"U{data['misplaced_survey_id']}-1"))
        assert answer.topic_id == data["topics"]["spiel"]  # asked under "rad", but about playgrounds
        proposal = db.session.scalar(select(AnalysisItem).where(
            AnalysisItem.run_id == run.id, AnalysisItem.reference == data["references"]["rad"][0]))
        assert proposal.topic_id == data["topics"]["rad"]  # an author's choice of pillar stays


def test_quote_text_keeps_lists_and_drops_markup_and_contacts():
    record = {"title": "Ehrenamtskarte", "text": "Ich schlage vor:\n\n- **Rabatte** im Schwimmbad\n- freie Fahrt "
                                                 "im Bus\n\nMehr unter [Seite](https://x.example) oder a@b.example"}
    text = pipeline.quote_text(record)
    lines = text.splitlines()
    assert lines[0] == "Ehrenamtskarte" and "Ich schlage vor:" in lines
    assert "- Rabatte im Schwimmbad" in lines and "- freie Fahrt im Bus" in lines
    assert "**" not in text and "https://" not in text and "a@b.example" not in text
    long = pipeline.quote_text({"title": "", "text": "Wort " * 1000})
    assert len(long) <= pipeline.QUOTE_MAX and long.endswith("…")


def test_theme_progress_moves_in_small_steps_within_its_share_and_never_back(monkeypatch):
    written = []
    monkeypatch.setattr(pipeline, "report_progress", lambda run_id, stage, progress: written.append((stage, progress)))
    progress = pipeline.ThemeProgress(7)
    for stage in ("filter", "embed", "cluster", "label", "quotes"):
        for step in range(11):
            progress(stage, step / 10)
    progress("filter", 0.0)  # a late report of an earlier stage does not move the bar back
    progress("something-new", 0.5)
    values = [value for _, value in written]
    assert values == sorted(values) and values[0] >= pipeline.THEMES_START and values[-1] <= pipeline.THEMES_END
    assert len(values) >= 20  # many small steps, not one jump from 10 to 55
    assert len(written) == len(set(written))  # nothing written twice
    assert {stage for stage, _ in written} >= {"themes_filter", "themes_embed", "themes_cluster", "themes_label",
                                               "themes_quotes"}


def test_a_process_of_acknowledgements_only_finishes_with_a_reason(app):
    with app.app_context():
        process = make_process()
        author = factories.make_user()
        proposal = make_proposal(process, author, title="Ja", body="Da stimme ich zu.", follow=False)
        for n in range(12):
            make_comment(proposal, author, body=ACKNOWLEDGEMENTS[n % len(ACKNOWLEDGEMENTS)])
        db.session.commit()
        run = services.run_analysis_sync(process.id)
        assert run.status == "finished"
        assert run.results["notes"]["themes"] in ("no_substance", "no_words")
        assert db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id)).all() == []
