"""Gunicorn settings for `make run` and production (gunicorn reads ./gunicorn.conf.py by itself).

Rate limits (Flask-Limiter) are counted where `REDIS_URL` points. Without it every process counts in its
own memory, so each further worker process would let every limit through once more. Hence:

- without `REDIS_URL`: ONE worker process with `GUNICORN_THREADS` threads (default 8), which share the
  memory storage (and the page cache), so each limit holds exactly as configured;
- with `REDIS_URL`: `WEB_CONCURRENCY` worker processes (default 2) with `GUNICORN_THREADS` threads (default 4).

A `--workers`/`WEB_CONCURRENCY` above 1 without `REDIS_URL` (or a TTIN signal) is turned back to one worker by
the `nworkers_changed` hook below, with a warning in the log.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_WORKERS_WITH_REDIS = 2
MAX_WORKERS = 64
THREADS_ALONE = 8  # one process: more threads carry the load
THREADS_WITH_REDIS = 4


def shared_rate_limits(environ: Mapping[str, str]) -> bool:
    """Whether the rate limits are counted in a storage all processes share (Redis)."""
    return bool((environ.get("REDIS_URL") or "").strip())


def _count(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = (environ.get(name) or "").strip()
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_WORKERS:
        return int(raw)
    return default


def worker_count(environ: Mapping[str, str]) -> int:
    """1 without Redis; otherwise WEB_CONCURRENCY (default 2)."""
    if not shared_rate_limits(environ):
        return 1
    return _count(environ, "WEB_CONCURRENCY", DEFAULT_WORKERS_WITH_REDIS)


def thread_count(environ: Mapping[str, str]) -> int:
    """GUNICORN_THREADS, by default 8 for a single process and 4 per process with Redis."""
    return _count(environ, "GUNICORN_THREADS", THREADS_WITH_REDIS if shared_rate_limits(environ) else THREADS_ALONE)


def nworkers_changed(server, new_value, old_value) -> None:
    """Gunicorn hook: keep one worker process while the rate limits live in process memory."""
    if new_value and new_value > 1 and not shared_rate_limits(os.environ):
        server.log.warning("REDIS_URL is not set, so rate limits are counted in each process's memory: "
                           "serving with 1 worker process (%s threads) instead of %s.", server.cfg.threads, new_value)
        server.num_workers = 1


workers = worker_count(os.environ)
threads = thread_count(os.environ)
worker_class = "gthread"
