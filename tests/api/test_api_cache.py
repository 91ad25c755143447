"""The read API's answers come from the page cache while PAGE_CACHE_SECONDS lasts (a module of its own: the
other API tests run without the cache)."""
from __future__ import annotations

import pytest

from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.querycount import count_queries


@pytest.fixture
def app_overrides() -> dict:
    return {"PAGE_CACHE_SECONDS": 60}


def test_a_cached_page_costs_no_query_and_keeps_its_etag(app, client, users):
    with app.app_context():
        process = make_process()
        fp.fill_process(process.slug, proposals=5, comments_per_thread=1, voters=2)
        slug = process.slug
    url = f"/api/v1/processes/{slug}/proposals?limit=3"
    first = client.get(url)
    assert first.status_code == 200
    with count_queries() as counter:
        again = client.get(url)
    assert counter.count == 0
    assert again.get_data() == first.get_data() and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Access-Control-Allow-Origin"] == "*" and "Set-Cookie" not in again.headers
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    # errors are never cached
    assert client.get("/api/v1/processes/nope").status_code == 404
    assert client.get(f"/api/v1/processes/{slug}/proposals?limit=0").status_code == 400
