"""Role predicates and the route decorator built on them."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.core.errors import ConfirmationRequired
from app.extensions import login_manager


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_admin)


def is_moderator(user) -> bool:
    """Moderators and admins."""
    return bool(user and user.is_authenticated and user.is_moderator)


def can_participate(user) -> bool:
    """Only confirmed accounts that are not blocked may submit, vote or comment."""
    return bool(user and user.is_authenticated and user.is_confirmed and not user.is_blocked)


def require(predicate):
    """Route decorator: anonymous visitors go to the login page, others without `predicate(user)` get 403.

    People who only lack the confirmation of their e-mail address to take part are told so, with a button
    that sends the confirmation link again.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(current_user):
                if predicate is can_participate and not current_user.is_confirmed and not current_user.is_blocked:
                    raise ConfirmationRequired(_l(
                        "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse: Erst dann können Sie Vorschläge "
                        "einreichen, abstimmen, kommentieren und folgen. Den Bestätigungslink haben wir Ihnen "
                        "nach der Registrierung per E-Mail geschickt."))
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = require(is_admin)
moderator_required = require(is_moderator)
