"""Rate limits on POST requests, configured by name in the app config (one place for every blueprint)."""
from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.extensions import limiter


def user_or_address() -> str:
    """Rate-limit key: the account when logged in, otherwise the client address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


def post_limit(config_name: str, *, per_account: bool = True):
    """Limit POSTs to the rate in `app.config[config_name]`, counted per account (or per address)."""
    return limiter.limit(lambda: current_app.config[config_name], methods=["POST"],
                         key_func=user_or_address if per_account else get_remote_address)
