"""Analysis runs: versions, the one-active-run rule, progress, failures, stale runs, edits, results API."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from analysis.report_data import Opinions, Quote, Theme
from app.analysis_runs import pipeline, services
from app.analysis_runs.models import AnalysisItem, AnalysisRun, AnalysisTheme
from app.analysis_runs.queries import results
from app.audit.models import AuditEntry
from app.core.clock import now
from app.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from app.extensions import db
from tests.analysis_runs.factories import make_analysable_process, make_finished_run
from tests.auth import factories
from tests.auth.factories import user_by_email
from tests.processes.factories import make_process, process_by_slug


@pytest.fixture
def data(app, process):
    with app.app_context():
        return make_analysable_process(process)


def _run(process_id, **kwargs):
    return services.run_analysis_sync(process_id, **kwargs)


def test_a_run_analyses_visible_submissions_and_stores_themes_items_and_results(app, data):
    with app.app_context():
        run = _run(data["process_id"], parameters={"k": 1})  # one theme per pillar
        assert (run.status, run.progress, run.stage, run.version) == ("finished", 100, "done", 1)
        assert run.counts == {"proposals": 18, "comments": 1, "survey_answers": 2, "votes": 180}
        assert run.started_at and run.finished_at and run.error is None
        items = db.session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id)).all()
        references = {item.reference for item in items}
        assert f"{data['references']['spiel'][0]}/K{data['comment_id']}" in references
        assert {f"U{data['survey_id']}-1", f"U{data['survey_id']}-2"} <= references
        hidden = db.session.get(AnalysisRun, run.id)  # hidden / withdrawn proposals are not analysed
        assert not any(item.source_id in (data["hidden_id"], data["withdrawn_id"])
                       for item in items if item.kind == "proposal") and hidden
        themes = db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id)).all()
        assert len(themes) == 3 and all(t.label == t.original_label and t.terms for t in themes)
        # the three themes separate the three groups of proposals
        by_ref = {item.reference: item.theme_id for item in items}
        for refs in data["references"].values():
            assert len({by_ref[ref] for ref in refs} - {None}) == 1
        assert all(item.x is not None and -1 <= item.x <= 1 for item in items)
        quoted = [item for item in items if item.quote_rank is not None]
        assert quoted and all(item.representative and item.quote for item in quoted)
        contact = next(item for item in items if item.reference == data["references"]["rad"][0])
        assert "example.org" not in contact.excerpt and "1234567" not in contact.excerpt
        opinions = run.results["opinions"]
        assert [group["size"] for group in opinions["groups"]] == [5, 5]
        assert opinions["participants"] == 10 and opinions["clustered"] == 10 and opinions["method"] == "polis"
        for statement in opinions["groups"][0]["representative"]:
            assert statement["n_votes"] <= 5 and statement["n_votes"] + statement["rest_n_votes"] <= 10
        # Groups of 5 are below the consensus minimum (10 votes in every group): no consensus claimed.
        assert opinions["consensus"] == []
        assert run.results["notes"] == {}


def test_stored_results_contain_no_user_ids_or_per_voter_data(app, data):
    with app.app_context():
        run = _run(data["process_id"])
        stored = json.dumps({"results": run.results, "counts": run.counts, "parameters": run.parameters})
        opinions = run.results["opinions"]
        assert set(opinions) == {"participants", "clustered", "min_votes", "method", "stability", "groups",
                                 "consensus"}
        assert set(opinions["stability"]) == {"seeds", "subsamples"}
        assert "projection" not in stored and '"participants": {' not in stored
        for group in opinions["groups"]:
            assert set(group) == {"id", "size", "representative"}
        assert "Wählerin" not in stored and "Autorin" not in stored and "@" not in stored
        columns = set(AnalysisItem.__table__.columns.keys()) | set(AnalysisRun.__table__.columns.keys())
        assert not {"user_id", "author_id", "voter_id"} & columns


def test_versions_count_up_per_process(app, data):
    with app.app_context():
        other = make_process()
        assert [_run(data["process_id"]).version for _ in range(2)] == [1, 2]
        assert _run(other.id).version == 1


def test_only_one_active_run_per_process_and_stale_runs_do_not_block(app, data, users):
    with app.app_context():
        admin = user_by_email(users["admin"])
        process = process_by_slug(_slug(data["process_id"]))
        active = AnalysisRun(process_id=process.id, version=7, status="running", stage="themes", progress=30,
                             parameters={}, heartbeat_at=now(), created_at=now(), counts={}, results={})
        db.session.add(active)
        db.session.commit()
        with pytest.raises(Conflict) as error:
            services.start_analysis(admin, process, {})
        assert "bereits eine Analyse" in str(error.value.message)
        with pytest.raises(Conflict):
            _run(process.id)
        assert db.session.scalar(select(db.func.count()).select_from(AnalysisRun)) == 1
        # no heartbeat for more than 30 minutes: shown as aborted, marked failed on the next start
        active.heartbeat_at = now() - timedelta(minutes=31)
        db.session.commit()
        assert active.shown_status(now()) == "aborted"
        run = services.start_analysis(admin, process, {"k": "3"})
        assert (run.version, run.status) == (8, "finished")
        db.session.refresh(active)
        assert active.status == "failed" and active.error.startswith("stale")


def _slug(process_id):
    from app.processes.models import Process

    return db.session.get(Process, process_id).slug


def test_only_admins_start_and_parameters_are_validated(app, data, users):
    with app.app_context():
        process = process_by_slug(_slug(data["process_id"]))
        with pytest.raises(PermissionDenied):
            services.start_analysis(user_by_email(users["moderator"]), process, {})
        admin = user_by_email(users["admin"])
        for bad, field in (({"k": "0"}, "k"), ({"k": "21"}, "k"), ({"k": "viele"}, "k"),
                           ({"duplicate_threshold": "0,3"}, "duplicate_threshold"),
                           ({"min_votes": "0"}, "min_votes"), ({"min_votes": "x"}, "min_votes")):
            with pytest.raises(DomainError) as error:
                services.start_analysis(admin, process, bad)
            assert error.value.field == field
        assert db.session.scalar(select(db.func.count()).select_from(AnalysisRun)) == 0
        run = services.start_analysis(admin, process, {"k": "auto", "duplicate_threshold": "0,9", "min_votes": "3"})
        assert run.parameters == {"k": "auto", "duplicate_threshold": 0.9, "min_votes": 3, "seed": 0}
        assert run.started_by_id == admin.id
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "analysis_started"))
        assert (entry.actor_id, entry.process_id, entry.item_id) == (admin.id, process.id, run.id)


def test_progress_is_visible_to_other_sessions_while_running(app, data, monkeypatch):
    seen = []
    original = pipeline.report_progress

    def spy(run_id, stage, progress):
        original(run_id, stage, progress)
        # read from a fresh connection, as the polling page would
        with db.engine.connect() as connection:
            row = connection.execute(select(AnalysisRun.stage, AnalysisRun.progress, AnalysisRun.status)
                                     .where(AnalysisRun.id == run_id)).one()
        seen.append(tuple(row))

    monkeypatch.setattr(pipeline, "report_progress", spy)
    with app.app_context():
        _run(data["process_id"])
    stages = [stage for stage, _, _ in seen]
    assert stages[0] == "themes" and stages[-4:] == ["projection", "duplicates", "opinions", "save"]
    # the theme analysis reports its own steps in between, so a long run never looks stuck
    assert {"themes_filter", "themes_embed", "themes_cluster", "themes_label", "themes_quotes"} <= set(stages)
    assert [progress for _, progress, _ in seen] == sorted(progress for _, progress, _ in seen)
    assert all(status == "running" for _, _, status in seen)


def test_an_exception_marks_the_run_failed_and_is_logged(app, data, monkeypatch, caplog):
    def boom(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(pipeline.steps, "duplicates", boom)
    with app.app_context():
        run = _run(data["process_id"])
        assert (run.status, run.stage) == ("failed", "failed")
        assert run.error == "RuntimeError: kaputt" and run.finished_at
        assert db.session.scalar(select(db.func.count()).select_from(AnalysisItem)) == 0
        assert results.latest_finished_run(data["process_id"]) is None
        # a failed run does not block the next one
        monkeypatch.undo()
        assert _run(data["process_id"]).status == "finished"
    assert "Traceback" in caplog.text or any(record.exc_info for record in caplog.records)


def test_too_little_data_finishes_with_notes(app, process):
    with app.app_context():
        empty = _run(process_by_slug(process).id)
        assert empty.status == "finished"
        assert empty.results["notes"] == {"themes": "no_texts", "duplicates": "few_proposals", "opinions": "no_votes"}
        assert results.opinions_data(empty).reason == "no_votes" and not results.opinions_data(empty).groups
        assert results.themes_by_pillar(empty) == {}
        from tests.proposals.factories import make_proposal, make_vote

        proposal = make_proposal(process_by_slug(process), title="Radweg", body="Radweg am Hafen sanieren")
        make_proposal(process_by_slug(process), title="Spielplatz", body="Spielplatz erneuern")
        make_vote(proposal, factories.make_user())
        small = _run(process_by_slug(process).id)
        assert small.status == "finished" and small.results["notes"] == {"opinions": "few_voters"}
        assert results.opinions_data(small).reason == "few_voters"


def test_more_themes_per_pillar_than_its_texts_allow_are_capped(app, process):
    """A fixed number of themes is per pillar; a pillar whose texts cannot fill it gets fewer (each theme needs
    two contributions), and the run still finishes with themes."""
    with app.app_context():
        from tests.proposals.factories import make_proposal

        proc = process_by_slug(process)
        for title in ("Radweg am Hafen sanieren", "Radweg an der Förde verbreitern", "Spielplatz im Park erneuern",
                      "Spielplatz am Hafen bauen"):
            make_proposal(proc, title=title, body=f"{title}: bitte bald umsetzen, das wäre wichtig für alle.",
                          topic=proc.topics[0])
        run = _run(proc.id, parameters={"k": 3})
        assert run.status == "finished" and "themes" not in run.results["notes"]
        assert 1 <= run.results["themes"]["count"] <= 2


def test_moderators_rename_themes_and_move_items_with_audit(app, data, users):
    with app.app_context():
        run = _run(data["process_id"], parameters={"k": 3})
        process = process_by_slug(_slug(data["process_id"]))
        moderator = user_by_email(users["moderator"])
        themes = db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id)
                                    .order_by(AnalysisTheme.position)).all()
        services.rename_theme(moderator, process, run, themes[0].id, "  Neuer   Name ")
        assert (themes[0].label, themes[0].renamed) == ("Neuer Name", True)
        item = db.session.scalar(select(AnalysisItem).where(AnalysisItem.theme_id == themes[1].id).limit(1))
        services.move_item(moderator, process, run, item.id, themes[0].id)
        assert (item.theme_id, item.moved) == (themes[0].id, True)
        services.move_item(moderator, process, run, item.id, None)
        assert item.theme_id is None
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == moderator.id)
                                     .order_by(AuditEntry.id)).all()
        assert actions == ["theme_renamed", "theme_item_moved", "theme_item_moved"]
        details = db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "theme_renamed"))
        assert "→ Neuer Name" in details


def test_bad_edits_change_nothing(app, data, users):
    with app.app_context():
        run = _run(data["process_id"], parameters={"k": 3})
        old = make_finished_run(data["process_id"])
        process = process_by_slug(_slug(data["process_id"]))
        moderator = user_by_email(users["moderator"])
        theme = db.session.scalar(select(AnalysisTheme).where(AnalysisTheme.run_id == run.id).limit(1))
        item = db.session.scalar(select(AnalysisItem).where(AnalysisItem.run_id == run.id).limit(1))
        for label in ("", "   ", "x" * 121):
            with pytest.raises(DomainError) as error:
                services.rename_theme(moderator, process, run, theme.id, label)
            assert error.value.field == "label"
        with pytest.raises(NotFound):
            services.rename_theme(moderator, process, run, old["theme_ids"][0], "Fremd")
        with pytest.raises(NotFound):
            services.rename_theme(moderator, process, run, 999999, "Fremd")
        with pytest.raises(DomainError) as error:
            services.move_item(moderator, process, run, item.id, old["theme_ids"][0])
        assert error.value.field == "theme"
        with pytest.raises(NotFound):
            services.move_item(moderator, process, run, 999999, theme.id)
        with pytest.raises(PermissionDenied):
            services.rename_theme(user_by_email(users["citizen"]), process, run, theme.id, "Neu")
        db.session.commit()  # a later transaction in the same session carries nothing of the refused edits
        db.session.expire_all()
        assert theme.label == theme.original_label and not item.moved
        assert db.session.scalar(select(db.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action != "analysis_started")) == 0


def test_results_api_reflects_edits_per_pillar(app, data, users, count_queries):
    with app.app_context():
        run = _run(data["process_id"], parameters={"k": 1})
        process = process_by_slug(_slug(data["process_id"]))
        moderator = user_by_email(users["moderator"])
        assert results.latest_finished_run(process.id).id == run.id
        topics = data["topics"]
        with count_queries() as counter:
            pillars = results.themes_by_pillar(run)
        assert counter.count == 3
        assert set(pillars) == set(topics.values())
        rad = pillars[topics["rad"]]
        assert isinstance(rad[0], Theme) and rad[0].size == 6 and 1 <= len(rad[0].quotes) <= 3
        assert all(isinstance(q, Quote) and q.ref.startswith("TST-") for q in rad[0].quotes)
        # the survey answers (pillar "ehrenamt") are quoted with their non-personal key
        quoted = {q.ref for themes in pillars.values() for theme in themes for q in theme.quotes}
        assert quoted and all(not ref.startswith("survey-") for ref in quoted)

        rad_theme = db.session.scalar(select(AnalysisItem.theme_id).where(
            AnalysisItem.reference == data["references"]["rad"][0]))
        services.rename_theme(moderator, process, run, rad_theme, "Radverkehr sicherer machen")
        moved = db.session.scalar(select(AnalysisItem).where(AnalysisItem.reference == data["references"]["rad"][1]))
        services.move_item(moderator, process, run, moved.id, None)
        pillars = results.themes_by_pillar(run)
        assert (pillars[topics["rad"]][0].label, pillars[topics["rad"]][0].size) == ("Radverkehr sicherer machen", 5)

        with count_queries() as counter:
            points = results.theme_points(run, topic_id=topics["rad"])
        assert counter.count == 1
        assert len(points) == 6 and {p["theme"] for p in points} == {"Radverkehr sicherer machen", "Ohne Thema"}
        assert set(points[0]) >= {"x", "y", "theme", "ref", "pillar", "district"}
        assert len(results.theme_points(run, district_id=data["district_id"])) == 21
        assert results.theme_points(run, district_id=data["district_id"] + 999) == []

        opinions = results.opinions_data(run)
        assert isinstance(opinions, Opinions) and opinions.participants == 10
        assert [g.id for g in opinions.groups] == ["A", "B"] and [g.size for g in opinions.groups] == [5, 5]
        assert opinions.consensus == [] and opinions.clustered == 10 and opinions.reason == ""
        assert all(s.n_votes and s.rest_n_votes is not None for g in opinions.groups for s in g.representative)
