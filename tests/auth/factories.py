"""Model factories for tests: plain functions with sensible defaults (call inside an app context)."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from app.auth.models import User
from app.auth.passwords import hash_password
from app.core.clock import now, today
from app.extensions import db
from app.processes.models import District, Phase, Process, Topic

PASSWORD = "Kieler-Woche-2026"
EMAILS = {
    "citizen": "citizen@example.org",
    "other_citizen": "other@example.org",
    "moderator": "moderator@example.org",
    "admin": "admin@example.org",
    "unconfirmed": "unconfirmed@example.org",
}
_counter = itertools.count(1)


def make_user(email: str | None = None, role: str = "citizen", confirmed: bool = True,
              password: str = PASSWORD, display_name: str | None = None, **fields) -> User:
    number = next(_counter)
    user = User(
        email=email or f"user{number}@example.org",
        display_name=display_name or f"Person {number}",
        role=role,
        password_hash=hash_password(password),
        confirmed_at=now() if confirmed else None,
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_role_users() -> dict[str, str]:
    make_user(EMAILS["citizen"], "citizen", display_name="Clara Citizen")
    make_user(EMAILS["other_citizen"], "citizen", display_name="Otto Other")
    make_user(EMAILS["moderator"], "moderator", display_name="Mona Moderator")
    make_user(EMAILS["admin"], "admin", display_name="Ada Admin")
    make_user(EMAILS["unconfirmed"], "citizen", confirmed=False, display_name="Uwe Unconfirmed")
    return dict(EMAILS)


def make_process(slug: str | None = None, *, published: bool = True, current: str = "participation",
                 topics: int = 3, districts: tuple[str, ...] = ("Altstadt", "Gaarden-Ost", "Mettenhof"),
                 day: date | None = None) -> Process:
    """A process whose phase `current` contains `day` (default: today)."""
    number = next(_counter)
    process = Process(slug=slug or f"prozess-{number}", title=f"Prozess {number}", summary="Kurz gesagt.",
                      description="Eine **Beschreibung**.", reference_prefix="TST", published=published)
    db.session.add(process)
    day = day or today()
    kinds = ["information", "participation", "evaluation", "results"]
    offset = kinds.index(current)
    for index, kind in enumerate(kinds):
        start = day + timedelta(days=(index - offset) * 10 - 2)
        db.session.add(Phase(process=process, kind=kind, starts_on=start, ends_on=start + timedelta(days=9)))
    for position in range(1, topics + 1):
        db.session.add(Topic(process=process, position=position, title=f"Thema {position}", description="Erklärung"))
    for position, name in enumerate(districts, start=1):
        db.session.add(District(process=process, position=position, name=name))
    db.session.commit()
    return process
