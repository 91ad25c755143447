"""The default server keeps rate limits as configured: without REDIS_URL the limits live in process memory,
so gunicorn must run ONE worker process (gunicorn.conf.py, used by `make run`); with Redis several are fine."""
from __future__ import annotations

import importlib.util
import logging
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_config(monkeypatch, **environ):
    """gunicorn.conf.py as gunicorn loads it, under the given environment."""
    for name in ("REDIS_URL", "WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("environ", "workers", "threads"), [
    ({}, 1, 8),
    ({"WEB_CONCURRENCY": "4"}, 1, 8),
    ({"REDIS_URL": "  "}, 1, 8),
    ({"GUNICORN_THREADS": "16"}, 1, 16),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, 2, 4),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0", "WEB_CONCURRENCY": "4"}, 4, 4),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0", "WEB_CONCURRENCY": "²"}, 2, 4),
    ({"REDIS_URL": "redis://127.0.0.1:6379/0", "WEB_CONCURRENCY": "0"}, 2, 4),
])
def test_workers_follow_the_rate_limit_storage(monkeypatch, environ, workers, threads):
    config = load_config(monkeypatch, **environ)
    assert (config.workers, config.threads, config.worker_class) == (workers, threads, "gthread")


def test_more_workers_on_the_command_line_are_turned_back_without_redis(monkeypatch):
    """`gunicorn --workers 4` (or a TTIN signal) without REDIS_URL still serves with one process."""
    from gunicorn.app.wsgiapp import WSGIApplication
    from gunicorn.arbiter import Arbiter

    load_config(monkeypatch)  # clears the environment
    monkeypatch.setattr(sys, "argv", ["gunicorn", "--config", str(ROOT / "gunicorn.conf.py"), "--workers", "4",
                                      "--bind", "127.0.0.1:0", "wsgi:app"])
    application = WSGIApplication()
    assert application.cfg.workers == 4  # what was asked for …
    assert Arbiter(application).num_workers == 1  # … and what the server runs

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert Arbiter(WSGIApplication()).num_workers == 4


def test_hook_keeps_one_worker_and_says_why(monkeypatch, caplog):
    config = load_config(monkeypatch)

    class Server:  # the part of gunicorn's Arbiter the hook uses
        log = logging.getLogger("gunicorn.test")
        cfg = SimpleNamespace(threads=8)
        _workers = 1

        @property
        def num_workers(self):
            return self._workers

        @num_workers.setter
        def num_workers(self, value):
            old, self._workers = self._workers, value
            config.nworkers_changed(self, value, old)

    server = Server()
    with caplog.at_level(logging.WARNING, logger="gunicorn.test"):
        server.num_workers += 1  # what a TTIN signal does
    assert server.num_workers == 1 and "REDIS_URL is not set" in caplog.text


def test_make_run_uses_the_config_and_sets_no_worker_count():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    command = next(line for line in recipe.splitlines() if "gunicorn" in line)
    assert "gunicorn.conf.py" in command
    assert not re.search(r"(--workers|-w)\b|--threads|WEB_CONCURRENCY", command), command


def test_readme_explains_the_choice():
    readme = (ROOT / "README.md").read_text()
    assert "gunicorn.conf.py" in readme and "one worker process" in readme
    assert "--workers 4" not in readme  # the production example must not multiply the limits
