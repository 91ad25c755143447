"""Flask-Login wiring: the user loader checks the rotating session token."""
from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.core.numbers import parse_id
from app.extensions import db, login_manager


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Bitte melden Sie sich an, um diese Seite zu sehen.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(user_id: str):
    from app.auth.models import User

    raw_id, _, token = (user_id or "").partition(":")
    number = parse_id(raw_id)
    if number is None:
        return None
    user = db.session.get(User, number)
    if user is None or user.session_token != token or user.deleted_at is not None:
        return None
    return user
