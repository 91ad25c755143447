"""Processes for tests: published, in a chosen phase, with topics and districts (call inside an app context)."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from sqlalchemy import select

from app.core.clock import today
from app.extensions import db
from app.processes.models import District, Phase, Process, Topic

_counter = itertools.count(1)


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


def process_by_slug(slug: str) -> Process:
    return db.session.scalar(select(Process).where(Process.slug == slug))
