"""WSGI entry point for the participation benchmark (never used in production).

    gunicorn "benchmarks.bench_app:create_bench_app()"

Serves the real application with two "hello" baselines in the same gunicorn workers: a bare
Flask application (no extensions, hooks or templates) under /bare/hello, and a "hello" route
added to the real application (so it pays for the app's per-request hooks: rate limiter,
security headers, login, locale) under /bench/hello. Neither exists in the product.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app


def create_bare_app() -> Flask:
    bare = Flask("bare")

    @bare.get("/hello")
    def hello():
        return "hello"

    return bare


def create_bench_app():
    """The product app with its own hello route and the bare hello app mounted at /bare."""
    application = create_app()
    application.add_url_rule("/bench/hello", "bench_hello", lambda: "hello")
    application.wsgi_app = DispatcherMiddleware(application.wsgi_app, {"/bare": create_bare_app()})
    return application
