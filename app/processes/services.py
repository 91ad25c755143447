"""Reading processes for the public pages (eager loading keeps query counts constant)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from flask_babel import lazy_gettext as _l

from app.core.errors import NotFound
from app.extensions import db
from app.processes.models import Process


def list_published_processes() -> list[Process]:
    """All published processes with their phases, newest first."""
    query = (
        select(Process)
        .where(Process.published.is_(True))
        .options(selectinload(Process.phases))
        .order_by(Process.created_at.desc(), Process.id.desc())
    )
    return list(db.session.scalars(query))


def get_process(slug: str, *, include_unpublished: bool = False, with_children: bool = True) -> Process:
    """The process with this slug, or NotFound (drafts only for those who may see them)."""
    query = select(Process).where(Process.slug == slug)
    if with_children:
        query = query.options(
            selectinload(Process.phases), selectinload(Process.topics), selectinload(Process.districts)
        )
    process = db.session.scalar(query)
    if process is None or (not process.published and not include_unpublished):
        raise NotFound(_l("Diesen Beteiligungsprozess gibt es nicht."))
    return process
