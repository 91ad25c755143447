"""Pseudonymous author keys for the administration's exports.

The key of an author is the first 12 hex digits of HMAC-SHA256(k, "<process id>:<user id>"), where
k = HMAC-SHA256(SECRET_KEY, "ratschlag/export-author"). So:

* the same person has the same key in every export of one process (the administration can see
  "these ten comments come from one author"), as long as the app's SECRET_KEY stays the same;
* the keys of one person in two processes are unrelated (exports of different processes cannot be
  joined on it);
* without the secret key the key cannot be turned back into an account, and the file itself holds
  no name, e-mail address or account id.

48 bits make an accidental collision practically impossible at city scale (5,000 authors: about
one chance in 20 million).
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app

KEY_LENGTH = 12
_PURPOSE = b"ratschlag/export-author"


class AuthorKeys:
    """Keys for one process, memoised per user (an export meets the same authors again and again)."""

    def __init__(self, process_id: int, secret: str | bytes | None = None):
        secret = secret if secret is not None else current_app.config["SECRET_KEY"]
        if isinstance(secret, str):
            secret = secret.encode("utf-8")
        self._key = hmac.new(secret, _PURPOSE, hashlib.sha256).digest()
        self._prefix = f"{process_id}:".encode("ascii")
        self._known: dict[int, str] = {}

    def __call__(self, user_id: int | None) -> str:
        """The key of `user_id` ("" for none)."""
        if user_id is None:
            return ""
        key = self._known.get(user_id)
        if key is None:
            digest = hmac.new(self._key, self._prefix + str(user_id).encode("ascii"), hashlib.sha256).hexdigest()
            key = self._known[user_id] = digest[:KEY_LENGTH]
        return key


def author_key(process_id: int, user_id: int) -> str:
    """The pseudonymous key of one author in one process."""
    return AuthorKeys(process_id)(user_id)
