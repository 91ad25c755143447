"""Signed, expiring tokens for email confirmation and password reset."""
from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class InvalidToken(Exception):
    """The token was forged, damaged or is for another purpose."""


class ExpiredToken(InvalidToken):
    """The token was genuine but is too old."""


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"ratschlag.{purpose}")


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    """Sign `payload` for one `purpose` (e.g. "confirm", "reset")."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict[str, Any]:
    """Return the payload or raise `ExpiredToken` / `InvalidToken`."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise ExpiredToken() from error
    except BadSignature as error:
        raise InvalidToken() from error
    if not isinstance(payload, dict):
        raise InvalidToken()
    return payload
