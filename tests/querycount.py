"""Counting SQL statements, to prove that pages don't issue more queries as data grows."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
            self.statements.append(statement)


@contextmanager
def count_queries():
    """Count every SQL statement executed (on any engine) inside the block."""
    counter = QueryCounter()
    event.listen(Engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(Engine, "before_cursor_execute", counter)


def page_queries(client, url: str) -> int:
    """The SQL statements of one GET of `url`, after a first GET that warms up connections and lazy setup."""
    assert client.get(url).status_code == 200
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count
