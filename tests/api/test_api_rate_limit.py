"""The read API's rate limit answers JSON 429 (a module of its own: it lowers the limit for the app)."""
from __future__ import annotations

import pytest

API = "/api/v1"


@pytest.fixture
def app_overrides() -> dict:
    return {"RATELIMIT_API": "3 per minute"}


def test_rate_limit_is_json_429(client):
    for _ in range(3):
        client.get(f"{API}/processes")
    response = client.get(f"{API}/processes")
    assert response.status_code == 429 and response.get_json()["error"]["code"] == 429
    assert response.headers["Access-Control-Allow-Origin"] == "*"


