"""Accounts for tests: the role users, their password, plain users (call inside an app context)."""
from __future__ import annotations

import itertools

from sqlalchemy import select

from app.auth.models import User
from app.auth.passwords import hash_password
from app.core.clock import now
from app.extensions import db

PASSWORD = "Kieler-Woche-2026"
EMAILS = {
    "citizen": "citizen@example.org",
    "other_citizen": "other@example.org",
    "moderator": "moderator@example.org",
    "admin": "admin@example.org",
    "unconfirmed": "unconfirmed@example.org",
}
_counter = itertools.count(1)


def make_user(email: str | None = None, role: str = "citizen", confirmed: bool = True,
              password: str = PASSWORD, display_name: str | None = None, **fields) -> User:
    number = next(_counter)
    user = User(
        email=email or f"user{number}@example.org",
        display_name=display_name or f"Person {number}",
        role=role,
        password_hash=hash_password(password),
        confirmed_at=now() if confirmed else None,
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_role_users() -> dict[str, str]:
    make_user(EMAILS["citizen"], "citizen", display_name="Clara Citizen")
    make_user(EMAILS["other_citizen"], "citizen", display_name="Otto Other")
    make_user(EMAILS["moderator"], "moderator", display_name="Mona Moderator")
    make_user(EMAILS["admin"], "admin", display_name="Ada Admin")
    make_user(EMAILS["unconfirmed"], "citizen", confirmed=False, display_name="Uwe Unconfirmed")
    return dict(EMAILS)


def user_by_email(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))
