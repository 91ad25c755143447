"""The proposal list sends the same number of SQL statements whatever the data size."""
from __future__ import annotations

import pytest

from tests.processes.factories import make_process
from tests.proposals import factories as fp
from tests.querycount import page_queries

PAGES = ["/processes/{slug}/proposals/", "/processes/{slug}/proposals/?topic={topic}&sort=agreed&q=Vorschlag",
         "/processes/{slug}/proposals/?sort=random&page=2"]


@pytest.mark.slow  # builds 60 proposals with votes and a 135-comment thread: ~1 s each
@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_constant_queries_on_the_list(app, client, citizen_login, users, who):
    with app.app_context():
        slugs = [make_process().slug, make_process().slug]
        fp.fill_process(slugs[0], proposals=3, comments_per_thread=2, voters=3)
        fp.fill_process(slugs[1], proposals=60, comments_per_thread=45, voters=12)
        topics = {slug: fp.process_by_slug(slug).topics[0].id for slug in slugs}
    if who == "citizen":
        citizen_login()
    small_slug, large_slug = slugs
    for page in PAGES:
        small = page_queries(client, page.format(slug=small_slug, topic=topics[small_slug]))
        large = page_queries(client, page.format(slug=large_slug, topic=topics[large_slug]))
        assert small == large, f"{page} as {who}: {small} queries with small data, {large} with large data"
        assert large <= 12, f"{page} as {who}: {large} queries"
