"""Fixtures for the account self-service tests (data: tests/account/support.py)."""
from __future__ import annotations

import pytest

from tests.account.support import make_account_data


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_account_data()


@pytest.fixture
def citizen_client(client, auth, data):
    assert auth.login_as("citizen").status_code == 302
    return client
