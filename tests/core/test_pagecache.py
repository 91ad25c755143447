"""The page cache for anonymous readers (see app/core/pagecache.py)."""
from __future__ import annotations

import re

import pytest

from app.core.pagecache import PageCache


@pytest.fixture
def app_overrides() -> dict:
    return {"PAGE_CACHE_SECONDS": 60}


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', html))


def test_anonymous_readers_get_cached_pages_without_queries(app, client, process, proposal, count_queries):
    for url in (f"/processes/{process}/proposals/", f"/proposals/{proposal}"):
        first = client.get(url).get_data(as_text=True)
        with count_queries() as counter:
            second = client.get(url).get_data(as_text=True)
        assert counter.count == 0, counter.statements
        assert first == second  # the same visitor (session) keeps the same token


def test_every_visitor_gets_their_own_working_csrf_token(app, process, proposal):
    app.config["WTF_CSRF_ENABLED"] = True
    url = f"/proposals/{proposal}"
    visitors = [app.test_client() for _ in range(3)]
    pages = [visitor.get(url).get_data(as_text=True) for visitor in visitors]
    tokens = [csrf_tokens(page) for page in pages]
    assert all(len(found) == 1 for found in tokens), tokens  # one token, in the language switch only
    assert len(set.union(*tokens)) == 3 and "__ratschlag_csrf_token__" not in "".join(pages)
    assert pages[1].replace(tokens[1].pop(), "") == pages[2].replace(tokens[2].pop(), "")
    # The token really belongs to the visitor's session: the language switch works from the cached page.
    response = visitors[0].post("/language", data={"locale": "en", "next": url, "csrf_token": tokens[0].pop()})
    assert response.status_code == 302


def test_flash_messages_are_never_cached(app, client, citizen_login, process, proposal):
    anonymous = app.test_client()
    anonymous.get(f"/proposals/{proposal}")
    citizen_login()
    client.post("/auth/logout")  # leaves a flash message for the next page
    page = client.get(f"/proposals/{proposal}").get_data(as_text=True)
    assert "Sie sind abgemeldet." in page
    assert "Sie sind abgemeldet." not in anonymous.get(f"/proposals/{proposal}").get_data(as_text=True)


def test_writes_empty_the_cache_and_logged_in_users_bypass_it(app, client, citizen_login, process, proposal):
    anonymous = app.test_client()
    assert "0 Zustimmungen" in anonymous.get(f"/processes/{process}/proposals/").get_data(as_text=True)
    citizen_login("other_citizen")
    client.post(f"/proposals/{proposal}/vote", data={"value": "agree"})
    assert "Ihre Stimme: Zustimmung" in client.get(f"/processes/{process}/proposals/").get_data(as_text=True)
    assert "1 Zustimmung" in anonymous.get(f"/processes/{process}/proposals/").get_data(as_text=True)


def test_random_order_is_never_cached(app, process, proposal):
    client = app.test_client()
    client.get(f"/processes/{process}/proposals/?sort=random")
    assert len(app.extensions.get("page_cache", PageCache())) == 0


def test_cache_expires_and_stays_bounded():
    cache = PageCache(max_entries=3)
    cache.set("old", 1, seconds=-1)
    assert cache.get("old") is None
    for key in "abcd":
        cache.set(key, key, seconds=60)
    assert len(cache) == 3 and cache.get("a") is None and cache.get("d") == "d"


def test_placeholder_in_user_text_gets_no_token(app, process):
    """A proposal that contains the cache's placeholder (in its text and in an off-site link) must not hand
    anonymous readers' CSRF tokens to that text: the token goes only where the template put it."""
    from app.extensions import db
    from tests.processes.factories import process_by_slug
    from tests.proposals import factories as fp

    app.config["WTF_CSRF_ENABLED"] = True
    placeholder = "__ratschlag_csrf_token__"
    with app.app_context():
        trap = fp.make_proposal(process_by_slug(process), title=f"Titel {placeholder}",
                                body=f"[Mehr](https://evil.example/?t={placeholder}) und `{placeholder}`").id
        db.session.remove()
    url = f"/proposals/{trap}"
    first, second = app.test_client(), app.test_client()
    first.get(url)  # fills the cache
    page = second.get(url).get_data(as_text=True)  # served from the cache
    token = csrf_tokens(page).pop()
    assert page.count(token) == 1  # the language switch's form field only
    assert f'href="https://evil.example/?t={placeholder}"' in page and f"<code>{placeholder}</code>" in page
