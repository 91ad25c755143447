"""A small in-process cache of whole pages for anonymous readers.

Anonymous visitors all see the same proposal list and detail pages, so those pages are
kept, fully rendered, for `PAGE_CACHE_SECONDS` (0 switches caching off) per worker process.
The only per-visitor part of such a page is the CSRF token of the language switch: the
page is rendered once with a placeholder in its place, and every visitor gets their own
token put in (which also starts their session, exactly as an uncached page would). The
placeholder is random for every rendering and the page is kept split at its positions, so
user text cannot contain it: nobody's token ends up inside a proposal or comment (e.g. in
an off-site link). Pages
are not cached for logged-in users, for visitors with pending flash messages, or when the
view says so (e.g. the per-visitor random order). Any POST handled by this process empties
the cache, so people who write see their change at once; other workers catch up within the
time limit.
"""
from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.core.i18n import select_locale


class PageCache:
    """Thread-safe LRU dictionary whose entries expire after a number of seconds."""

    def __init__(self, max_entries: int = 512):
        self.max_entries = max_entries
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key, value, seconds: float) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def page_cache() -> PageCache:
    """This application's cache (one per app object, i.e. per worker process)."""
    return current_app.extensions.setdefault("page_cache", PageCache())


def anonymous_key(name: str) -> tuple | None:
    """A cache key for the current GET request, or None when the page must not come from the cache."""
    if request.method != "GET" or not current_app.config.get("PAGE_CACHE_SECONDS"):
        return None
    if current_user.is_authenticated or "_flashes" in session:
        return None
    # The locale as chosen for this visitor (the plain string: cheaper than Babel's parsed Locale).
    return (name, select_locale(), request.path, request.query_string)


def cached_page(key, render: Callable[..., str]) -> str | bytes:
    """The page for `key` from the cache, or `render()` (kept when `key` is set).

    `render(**context)` must pass `context` on to `render_template`: when the page is going to
    be cached, it replaces the `csrf_token` template function with a placeholder, unguessable and
    new for every rendering. Cached pages are kept as UTF-8 bytes split where the placeholder
    was, so a hit costs one byte-string join and the token lands only where the template asked.
    """
    if key is None:
        return render()
    cache = page_cache()
    parts = cache.get(key)
    if parts is None:
        placeholder = f"csrf-{secrets.token_hex(16)}"
        parts = tuple(render(csrf_token=lambda: placeholder).encode().split(placeholder.encode()))
        cache.set(key, parts, current_app.config["PAGE_CACHE_SECONDS"])
    return generate_csrf().encode().join(parts)


def clear_after_post(response):
    """after_request hook: a write may have changed what readers see."""
    if request.method == "POST" and current_app.config.get("PAGE_CACHE_SECONDS"):
        page_cache().clear()
    return response
