"""Template globals and filters."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from app.core.i18n import current_locale, lang_attr, lang_span, localized
from app.core.markdown import render_markdown
from app.core.plotly_assets import plotly_bundled_style_ids, plotly_version


def init_templating(app: Flask) -> None:
    """Register filters and globals used by every template."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["date"] = lambda value, fmt="long": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    app.jinja_env.filters["number"] = lambda value: format_decimal(value)
    # Language of parts: `localized(obj, "title")` picks the text for the interface language,
    # `text|lang_attr` / `text|lang_span` mark it (and any user content) when it is in another language.
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.globals["ui_language"] = current_locale
    app.jinja_env.filters["lang_attr"] = lang_attr
    app.jinja_env.filters["lang_span"] = lang_span
    # plotly.js links: cache-busting version, and ids that keep the bundle from injecting inline <style>.
    app.jinja_env.globals["plotly_asset_version"] = plotly_version
    app.jinja_env.globals["plotly_style_placeholders"] = plotly_bundled_style_ids
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def inject_globals():
        return {
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": {"de": "Deutsch", "en": "English"},
            "current_path": request.full_path.rstrip("?") if request else "/",
        }
