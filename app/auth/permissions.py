"""Role predicates and the route decorator built on them."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

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
    """Route decorator: anonymous visitors go to the login page, others without `predicate(user)` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = require(is_admin)
moderator_required = require(is_moderator)
