"""Moderation commands: the daily digest (run it from cron once a day) and process-moderator assignments."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import delete, select

from app.auth.models import User
from app.auth.services import find_user_by_email
from app.core.errors import NotFound
from app.extensions import db
from app.moderation.models import ProcessModerator
from app.moderation.notify import send_digest
from app.processes.models import Process
from app.processes.services import get_process

moderation_cli = AppGroup("moderation", help="Moderation tasks.")


@moderation_cli.command("digest")
def digest_command() -> None:
    """Mail moderators a summary of open reports from the last 24 hours (at most daily: schedule it daily)."""
    sent = send_digest()
    click.echo(f"{sent} digest mail(s) sent.")


def _process_and_user(slug: str, email: str) -> tuple[Process, User]:
    try:
        process = get_process(slug, include_unpublished=True, with_children=False)
    except NotFound:
        raise click.ClickException(f"No process with slug {slug!r}.") from None
    user = find_user_by_email(email)
    if user is None or user.role != "moderator":
        raise click.ClickException(f"No moderator account with email {email!r}.")
    return process, user


@moderation_cli.command("assign")
@click.option("--process", "slug", required=True, help="Slug of the process.")
@click.option("--email", required=True, help="Email of a moderator account.")
def assign_command(slug: str, email: str) -> None:
    """Let this moderator moderate the process. Once a process has assignments, only they (and admins) may."""
    process, user = _process_and_user(slug, email)
    exists = db.session.scalar(select(ProcessModerator.id).where(ProcessModerator.process_id == process.id,
                                                                ProcessModerator.user_id == user.id))
    if exists is None:
        db.session.add(ProcessModerator(process_id=process.id, user_id=user.id))
        db.session.commit()
    click.echo(f"{email} moderates {slug}.")


@moderation_cli.command("unassign")
@click.option("--process", "slug", required=True, help="Slug of the process.")
@click.option("--email", required=True, help="Email of a moderator account.")
def unassign_command(slug: str, email: str) -> None:
    """Remove an assignment (a process without assignments is moderated by all moderators)."""
    process, user = _process_and_user(slug, email)
    db.session.execute(delete(ProcessModerator).where(ProcessModerator.process_id == process.id,
                                                      ProcessModerator.user_id == user.id))
    db.session.commit()
    click.echo(f"{email} no longer assigned to {slug}.")
