"""Ratschlag: citizen participation for council strategies.

`create_app` is a short list of `register_*` steps and does no database work.
"""
from __future__ import annotations

import logging

from flask import Flask

from config import Config, config_from_environment, development_secret_key


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the Flask application for the given config class (default: from environment)."""
    config_class = config or config_from_environment()
    app = Flask(__name__, instance_path=(config or Config).INSTANCE_DIR)
    app.config.from_object(config_class)
    app.config.update(overrides)
    check = getattr(config_class, "check_app_config", None)
    if check is not None:
        check(app.config)  # ProductionConfig: no memory-only rate limits with several workers
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_secret_key()

    register_logging(app)
    register_extensions(app)
    register_input_handling(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_event_handlers(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic").setLevel(logging.WARNING)


def register_extensions(app: Flask) -> None:
    from app.auth.login import init_login
    from app.core import database  # noqa: F401  (registers the SQLite pragmas)
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


def register_input_handling(app: Flask) -> None:
    """Every input is cleaned in one place: form and query text by the request class, URL segments by the
    converters (`<id:…>` for ids; control characters in any other segment do not match). Before the
    blueprints, whose rules use the converters."""
    from app.core.requests import CleanRequest
    from app.core.urls import register_url_converters

    app.request_class = CleanRequest
    register_url_converters(app)


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"


def register_blueprints(app: Flask) -> None:
    from app.account.routes import bp as account_bp
    from app.admin.routes import bp as admin_bp
    from app.analysis_runs.routes import bp as analysis_runs_bp
    from app.api.routes import bp as api_bp
    from app.auth.routes import bp as auth_bp
    from app.dashboard.routes import bp as dashboard_bp
    from app.discussion.routes import bp as discussion_bp
    from app.exports.routes import bp as exports_bp
    from app.legal.admin_routes import bp as legal_admin_bp
    from app.legal.routes import bp as legal_bp
    from app.moderation.routes import bp as moderation_bp
    from app.notifications.routes import bp as notifications_bp
    from app.proposals.routes import bp as proposals_bp
    from app.report.routes import bp as report_bp
    from app.site.routes import bp as site_bp
    from app.surveys.admin_routes import bp as survey_admin_bp
    from app.surveys.routes import bp as surveys_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(proposals_bp)
    app.register_blueprint(discussion_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(survey_admin_bp, url_prefix="/admin")
    app.register_blueprint(moderation_bp, url_prefix="/moderation")
    app.register_blueprint(analysis_runs_bp, url_prefix="/admin/processes/<slug>/analysis")
    app.register_blueprint(exports_bp)
    app.register_blueprint(report_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(legal_admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp)


def register_request_hooks(app: Flask) -> None:
    from app.core.pagecache import clear_after_post
    from app.core.security import add_security_headers

    app.after_request(add_security_headers)
    app.after_request(clear_after_post)  # any successful POST may change what cached pages show


def register_event_handlers(app: Flask) -> None:
    """Receivers of domain events (`app.core.events`): what a lower feature's use case sets off above it."""
    from app.notifications.services import connect_event_handlers

    connect_event_handlers()  # a submitted proposal is followed by its author; a reply notifies


def register_error_handlers(app: Flask) -> None:
    from app.api.routes import not_routed
    from app.core.errors import register_error_pages

    register_error_pages(app)
    app.register_error_handler(404, not_routed)  # addresses no route matches: JSON under /api/, else the page


def register_template_helpers(app: Flask) -> None:
    from flask import has_request_context
    from flask_login import current_user

    from app.comments.labels import comment_markup
    from app.core.assets import init_assets
    from app.core.templating import init_templating
    from app.exports.services import zip_summary
    from app.notifications.services import unread_count

    init_templating(app)
    init_assets(app)  # hashed static URLs, long cache lifetimes, brotli/gzip variants
    app.add_template_filter(comment_markup, "comment_markdown")
    app.add_template_global(zip_summary, "opendata_zip")  # the ZIP link on the process page (site) and open data

    @app.context_processor
    def navigation_context():
        """`unread_notifications` for the navigation: counted here (one query for logged-in users), so that
        no template triggers a query itself."""
        logged_in = has_request_context() and current_user.is_authenticated
        return {"unread_notifications": unread_count(current_user) if logged_in else 0}


def register_commands(app: Flask) -> None:
    from app.analysis_runs.cli import analysis_cli
    from app.auth.cli import users_cli
    from app.core.assets import assets_cli
    from app.core.export_cli import export_cli
    from app.core.mail_cli import mail_cli
    from app.demo.cli import demo_command
    from app.exports.cli import export_process_command, opendata_zip_command
    from app.maintenance.cli import maintenance_cli
    from app.moderation.cli import moderation_cli
    from app.proposals.cli import export_votes_command
    from app.report.cli import report_cli
    from app.surveys.cli import export_survey

    export_cli.add_command(export_votes_command, "votes")
    export_cli.add_command(export_survey, "survey")
    export_cli.add_command(export_process_command, "process")
    export_cli.add_command(opendata_zip_command, "opendata-zip")
    for command in (analysis_cli, assets_cli, mail_cli, users_cli, demo_command, export_cli, moderation_cli,
                    report_cli, maintenance_cli):
        app.cli.add_command(command)
