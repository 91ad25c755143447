"""One transaction per use case, by construction.

A service function that writes is decorated with `@use_case`: it commits when the function returns and
rolls back when it raises (a `DomainError` included), so a refused request stores nothing and views never
roll back. Use cases may call each other; only the outermost one commits.
"""
from __future__ import annotations

import functools

from app.extensions import db

_DEPTH_KEY = "use_case_depth"


def use_case(function):
    """Run `function` as one transaction: commit on return, roll back on any exception and re-raise."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        info = db.session().info
        depth = info.get(_DEPTH_KEY, 0)
        info[_DEPTH_KEY] = depth + 1
        try:
            result = function(*args, **kwargs)
            if depth == 0:
                db.session.commit()
            return result
        except BaseException:
            if depth == 0:
                db.session.rollback()
            raise
        finally:
            info[_DEPTH_KEY] = depth
    return run
