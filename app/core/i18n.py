"""Locale selection: explicit choice, then the user's setting, then Accept-Language, then German."""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from app.core.errors import DomainError
from app.core.text import clean_text

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


# --- language of content (WCAG 3.1.2 language of parts) ---
# Texts typed in by admins and users are stored in the content language (German) in the plain columns;
# some have an optional translation in a sibling column or key named `<field>_<locale>` (e.g. `title_en`).

CONTENT_LANGUAGE = "de"


class LocalText(str):
    """A text together with the language it is written in (`.lang`)."""

    lang: str

    def __new__(cls, value: str, lang: str) -> LocalText:
        text = super().__new__(cls, value)
        text.lang = lang
        return text


def current_locale() -> str:
    """The language of the interface right now (the default language outside requests)."""
    if not has_request_context():
        return CONTENT_LANGUAGE
    locale = get_locale()
    return locale.language if locale else CONTENT_LANGUAGE


def localized(obj, field: str, locale: str | None = None) -> LocalText:
    """The text of `field` for `locale` (default: the interface language) and the language it is in.

    The translation in `<field>_<locale>` wins when it is filled; otherwise the content-language
    text of `field` is returned, marked as such. Works on model objects and on dicts (survey choices).
    """
    locale = locale or current_locale()
    get = obj.get if isinstance(obj, dict) else (lambda name, default=None: getattr(obj, name, default))
    if locale != CONTENT_LANGUAGE:
        translated = get(f"{field}_{locale}")
        if translated and str(translated).strip():
            return LocalText(translated, locale)
    return LocalText(get(field) or "", CONTENT_LANGUAGE)


def language_of(text) -> str:
    """The language of a text: its own for a `LocalText`, else the content language (user content)."""
    return getattr(text, "lang", None) or CONTENT_LANGUAGE


def lang_attr(text=None) -> Markup:
    """` lang="xx"` for an element holding `text` when its language differs from the interface, else ''."""
    lang = language_of(text)
    if lang == current_locale():
        return Markup("")
    return Markup(' lang="%s"') % lang


def lang_span(text) -> Markup:
    """`text` escaped, wrapped in `<span lang="xx">` when its language differs from the interface."""
    attr = lang_attr(text)
    if not attr:
        return escape(text)
    return Markup("<span%s>%s</span>") % (attr, text)


# --- storing translations ---

def set_translations(obj, english: dict | None, *, single_line: dict[str, int] | None = None,
                     multi_line: dict[str, int | None] | None = None, locale: str = "en") -> None:
    """Store the optional `<field>_<locale>` texts of `obj` from `english` ({field: text}).

    `single_line` and `multi_line` name the translatable fields with their maximum length (None: no
    limit). Empty texts are stored as NULL, so the interface falls back to the German text. A too long
    text raises a DomainError naming the form field (`<field>_<locale>`).
    """
    fields = [(name, limit, True) for name, limit in (single_line or {}).items()]
    fields += [(name, limit, False) for name, limit in (multi_line or {}).items()]
    for field, limit, one_line in fields:
        text = clean_text((english or {}).get(field) or "", single_line=one_line)
        if limit and len(text) > limit:
            raise DomainError(_l("Höchstens %(max)d Zeichen.", max=limit), field=f"{field}_{locale}")
        setattr(obj, f"{field}_{locale}", text or None)
