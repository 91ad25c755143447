"""`flask mail status|deliver|retry`: the mail outbox from the command line."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.core import outbox

mail_cli = AppGroup("mail", help="The mail outbox: status, delivery, retrying failed mails.")


@mail_cli.command("status")
def status_command():
    """Mails waiting, being sent and failed; the failed ones with their last error."""
    counts = outbox.status_counts()
    click.echo(" ".join(f"{status}={count}" for status, count in counts.items()))
    for mail in outbox.failed_mails():
        click.echo(f"failed #{mail.id} to {mail.recipient} after {mail.attempts} attempts: {mail.last_error}")


@mail_cli.command("deliver")
def deliver_command():
    """Send every due mail now (also picks up mails of a worker that died); safe to run from cron."""
    result = outbox.deliver_due()
    click.echo(f"sent={result.sent} retry_later={result.retried} failed={result.failed} "
               f"connections={result.connections}")


@mail_cli.command("retry")
def retry_command():
    """Queue the failed mails again (their attempts start from zero) and send them."""
    click.echo(f"{outbox.retry_failed()} failed mails queued again")
    result = outbox.deliver_due()
    click.echo(f"sent={result.sent} retry_later={result.retried} failed={result.failed}")
