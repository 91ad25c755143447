"""`use_case`: one transaction per use case; nothing is stored when it raises."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.core.errors import DomainError
from app.core.transactions import use_case
from app.extensions import db
from tests.auth import factories


def _user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


@use_case
def _rename(user_id: int, name: str, *, fail: bool = False) -> None:
    db.session.get(User, user_id).display_name = name
    if fail:
        raise DomainError("refused")


@use_case
def _rename_twice(user_id: int, *, fail: bool) -> None:
    _rename(user_id, "Erste")      # an inner use case must not commit on its own
    _rename(user_id, "Zweite", fail=fail)


def test_commits_when_the_use_case_returns(app):
    with app.app_context():
        user_id = factories.make_user(email="a@example.org").id
        _rename(user_id, "Neu")
        db.session.expunge_all()
        assert db.session.get(User, user_id).display_name == "Neu"


def test_rolls_back_everything_when_it_raises(app):
    with app.app_context():
        user = factories.make_user(email="b@example.org")
        user_id, before = user.id, user.display_name
        with pytest.raises(DomainError):
            _rename_twice(user_id, fail=True)
        db.session.expunge_all()
        assert db.session.get(User, user_id).display_name == before
        assert _user_count() == 1


def test_nested_use_cases_commit_once_at_the_outermost(app):
    with app.app_context():
        user_id = factories.make_user(email="c@example.org").id
        _rename_twice(user_id, fail=False)
        db.session.expunge_all()
        assert db.session.get(User, user_id).display_name == "Zweite"
