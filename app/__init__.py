"""Ratschlag: citizen participation for council strategies.

`create_app` is a short list of `register_*` steps and does no database work.
"""
from __future__ import annotations

import logging

from flask import Flask

from config import Config, config_from_environment, development_secret_key


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the Flask application for the given config class (default: from environment)."""
    app = Flask(__name__, instance_path=(config or Config).INSTANCE_DIR)
    app.config.from_object(config or config_from_environment())
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key()

    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from app.core import database  # noqa: F401  (registers the SQLite pragmas)
    from app.auth.login import init_login
    from app.core.i18n import select_locale
    from app.extensions import babel, csrf, db, limiter, migrate

    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True, compare_type=True)
    babel.init_app(
        app,
        default_locale=app.config["BABEL_DEFAULT_LOCALE"],
        default_timezone=app.config["BABEL_DEFAULT_TIMEZONE"],
        default_translation_directories=app.config["BABEL_TRANSLATION_DIRECTORIES"],
        locale_selector=select_locale,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app)


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.analysis_runs.routes import bp as analysis_runs_bp
    from app.auth.routes import bp as auth_bp
    from app.comments.routes import bp as comments_bp
    from app.exports.routes import bp as exports_bp
    from app.core.routes import bp as core_bp
    from app.dashboard.routes import bp as dashboard_bp
    from app.moderation.routes import bp as moderation_bp
    from app.notifications.routes import bp as notifications_bp
    from app.processes.routes import bp as processes_bp
    from app.proposals.routes import bp as proposals_bp
    from app.report.routes import bp as report_bp
    from app.surveys.admin_routes import bp as survey_admin_bp
    from app.surveys.routes import bp as surveys_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(processes_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(proposals_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(survey_admin_bp, url_prefix="/admin")
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(analysis_runs_bp, url_prefix="/admin/processes/<slug>/analysis")
    app.register_blueprint(exports_bp)
    app.register_blueprint(report_bp)
    app.register_blueprint(dashboard_bp)


def register_request_hooks(app: Flask) -> None:
    from app.core.security import add_security_headers

    app.after_request(add_security_headers)


def register_error_handlers(app: Flask) -> None:
    from app.core.errors import register_error_pages

    register_error_pages(app)


def register_template_helpers(app: Flask) -> None:
    from app.core.templating import init_templating

    init_templating(app)


def register_commands(app: Flask) -> None:
    from app.analysis_runs.cli import analysis_cli
    from app.auth.cli import users_cli
    from app.core.export_cli import export_cli
    from app.demo.cli import demo_command
    from app.moderation.cli import moderation_cli
    from app.report.cli import report_cli
    from app.proposals import export as _votes_export  # noqa: F401  (adds `flask export votes`)
    from app.surveys import cli as _survey_export  # noqa: F401  (adds `flask export survey`)
    from app.exports import cli as _process_export  # noqa: F401  (adds `flask export process`)

    app.cli.add_command(analysis_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(export_cli)
    app.cli.add_command(moderation_cli)
    app.cli.add_command(report_cli)
