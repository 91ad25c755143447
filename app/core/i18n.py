"""Locale selection: explicit choice, then the user's setting, then Accept-Language, then German."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

SESSION_KEY = "locale"


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Flask-Babel locale selector."""
    languages = supported_locales()
    if not has_request_context():  # CLI commands and background work speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    best = request.accept_languages.best_match(languages)
    if best:
        return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_locale(locale: str) -> bool:
    """Store an explicit language choice in the session; False if unsupported."""
    if locale not in supported_locales():
        return False
    session[SESSION_KEY] = locale
    session.permanent = True
    return True
