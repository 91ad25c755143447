"""Runners of analysis runs (inline, background thread, RQ) and the `flask analysis` / `flask demo` commands."""
from __future__ import annotations

import os
import signal
import socket
import uuid

import pytest
from sqlalchemy import select

from app.analysis_runs import runner as runners
from app.analysis_runs import services
from app.analysis_runs.models import AnalysisRun, AnalysisTheme
from app.core.errors import DomainError
from app.extensions import db
from tests.analysis_runs.factories import make_analysable_process
from tests.auth.factories import make_user, user_by_email
from tests.processes.factories import process_by_slug
from tests.proposals.factories import make_proposal

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_runner_mode_follows_config():
    assert runners.runner_mode({"ANALYSIS_RUNNER": "inline", "REDIS_URL": REDIS_URL}) == "inline"
    assert runners.runner_mode({"ANALYSIS_RUNNER": None, "REDIS_URL": REDIS_URL}) == "rq"
    assert runners.runner_mode({"ANALYSIS_RUNNER": "", "REDIS_URL": None}) == "thread"
    assert runners.runner_mode({"ANALYSIS_RUNNER": "thread", "REDIS_URL": REDIS_URL}) == "thread"
    assert runners.queue_name({}) == "ratschlag-analysis"


def test_inline_runner_finishes_before_the_request_returns(app, process, users):
    with app.app_context():
        make_analysable_process(process)
        run = services.start_analysis(user_by_email(users["admin"]), process_by_slug(process), {"k": "3"})
        assert run.status == "finished"


class TestThreadRunner:
    @pytest.fixture
    def app_overrides(self):
        return {"ANALYSIS_RUNNER": "thread"}

    def test_runs_in_a_background_thread_with_its_own_app_context(self, app, process, users, monkeypatch):
        started = []
        original = runners.submit

        def keep_thread(run_id):
            handle = original(run_id)
            started.append(handle)
            return handle

        monkeypatch.setattr(runners, "submit", keep_thread)
        with app.app_context():
            make_analysable_process(process)
            run = services.start_analysis(user_by_email(users["admin"]), process_by_slug(process), {"k": "1"})
            run_id = run.id
        (thread,) = started
        assert thread.daemon and thread.name == f"analysis-run-{run_id}"
        thread.join(timeout=120)
        assert not thread.is_alive()
        with app.app_context():
            run = db.session.get(AnalysisRun, run_id)
            assert (run.status, run.progress) == ("finished", 100)
            assert db.session.scalar(select(db.func.count()).select_from(AnalysisTheme)) == 3


class TestRQRunner:
    @pytest.fixture
    def app_overrides(self):
        return {"ANALYSIS_RUNNER": "rq", "REDIS_URL": REDIS_URL, "ANALYSIS_QUEUE": f"test-analysis-{uuid.uuid4().hex}"}

    @pytest.fixture(autouse=True)
    def _redis(self):
        if not redis_available():
            if os.environ.get("CI"):
                pytest.fail("Redis on 127.0.0.1:6379 is required in CI")
            pytest.skip("no Redis on 127.0.0.1:6379 (CI and the dev machines have one)")

    def test_enqueues_a_job_that_the_worker_command_executes(self, app, process, users, runner):
        from redis import Redis
        from rq import Queue

        with app.app_context():
            make_analysable_process(process)
            run = services.start_analysis(user_by_email(users["admin"]), process_by_slug(process), {"k": "3"})
            assert run.status == "queued"
            queue = Queue(app.config["ANALYSIS_QUEUE"], connection=Redis.from_url(REDIS_URL))
            assert queue.count == 1 and queue.jobs[0].args == (run.id,)
            run_id = run.id
            db.session.remove()
            handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                result = runner.invoke(args=["analysis", "worker", "--burst"])
                assert result.exit_code == 0, result.output
                assert app.config["ANALYSIS_QUEUE"] in result.output
            finally:  # the worker installs its own handlers; give pytest its own back
                for sig, handler in handlers.items():
                    signal.signal(sig, handler)
            assert queue.count == 0
            queue.delete(delete_jobs=True)
            run = db.session.get(AnalysisRun, run_id)
            assert (run.status, run.progress) == ("finished", 100)

    def test_unreachable_queue_fails_the_run_with_a_message(self, app, process, users):
        app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
        with app.app_context():
            with pytest.raises(DomainError) as error:
                services.start_analysis(user_by_email(users["admin"]), process_by_slug(process), {})
            assert "Warteschlange" in str(error.value.message)
            run = db.session.scalar(select(AnalysisRun))
            assert run.status == "failed" and run.error.startswith("submit:")


def test_cli_run_prints_a_summary_and_rejects_unknown_processes(app, runner, process):
    with app.app_context():
        make_analysable_process(process)
    result = runner.invoke(args=["analysis", "run", "--process", process, "--k", "1"])  # one theme per pillar
    assert result.exit_code == 0, result.output
    assert "Analysis version 1: finished" in result.output and "themes: 3" in result.output
    assert "opinion groups: 2" in result.output
    bad = runner.invoke(args=["analysis", "run", "--process", "gibt-es-nicht"])
    assert bad.exit_code != 0 and "No process" in bad.output
    wrong = runner.invoke(args=["analysis", "run", "--process", process, "--k", "21"])
    assert wrong.exit_code != 0 and "1 bis 20" in wrong.output and "Traceback" not in wrong.output


def test_cli_worker_needs_redis(runner):
    result = runner.invoke(args=["analysis", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_demo_runs_one_analysis_after_seeding(app, runner):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Demo analysis (version 1): finished" in first.output
    second = runner.invoke(args=["demo"])
    assert "Demo analysis" not in second.output
    with app.app_context():
        from app.analysis_runs.queries.results import latest_finished_run, themes_by_pillar
        from app.demo.kiel import PROCESS_SLUG

        run = latest_finished_run(process_by_slug(PROCESS_SLUG).id)
        assert run.version == 1 and themes_by_pillar(run)


@pytest.mark.parametrize(("arguments", "message"), [
    (["--k", "20"], "höchstens"),
    (["--min-votes", "-5"], "1 bis 100"),
    (["--min-votes", "0"], "1 bis 100"),
    (["--min-votes", "1" + "0" * 30], "1 bis 100"),
    (["--k", "-3"], "1 bis 20"),
])
def test_cli_run_refuses_parameters_that_do_not_fit_with_a_message(app, runner, process, arguments, message):
    """`--k` beyond what the texts allow, negative or huge `--min-votes`: an error, exit status 1, no run."""
    with app.app_context():
        proc = process_by_slug(process)
        author = make_user(display_name="Autorin")
        for number, title in enumerate(("Radwege sicherer machen", "Mehr Spielplätze bauen",
                                        "Ehrenamtskarte einführen", "Bänke im Park aufstellen")):
            make_proposal(proc, author, title=title, body=f"{title}: Begründung Nummer {number} mit Text.",
                          topic=proc.topics[0], follow=False)
        db.session.commit()
    result = runner.invoke(args=["analysis", "run", "--process", process, *arguments])
    assert result.exit_code != 0, result.output
    assert message in result.output and "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(AnalysisRun)) is None
