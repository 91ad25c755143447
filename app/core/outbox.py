"""The mail outbox: mails are stored first and sent by a background job over one SMTP connection per batch.

`app.core.mail.send_mail` only inserts rows (`queue_mails`) and asks the background runner
(`app.core.background`: inline in tests, a thread by default, RQ with `REDIS_URL`) to deliver them.

Delivery (`deliver_due`) claims due rows in one UPDATE (`status='sending'`, a claim token, `claimed_at`), sends
them over one connection and deletes each row as soon as its mail is accepted (data minimisation: nothing of a
sent mail is kept), so a mail is sent once in the normal path. A failed mail is retried with exponential
backoff (`MAIL_RETRY_SECONDS` × 2^(attempt−1)) until `MAIL_MAX_ATTEMPTS`, then kept as `failed` with the error
(`flask mail status`, the count on the admin page; `flask mail retry` sends them again). A worker that dies
mid-batch leaves rows in `sending`; after `MAIL_CLAIM_TIMEOUT` seconds any later delivery claims them again –
never a silent loss (a mail accepted just before the crash may then go out twice).

Who triggers delivery: every queued mail (after its transaction commits); a retry timer (thread runner) or a
scheduled RQ job (`enqueue_in`, needs `rq worker --with-scheduler`); and `flask mail deliver`, which is safe
to run from cron every few minutes as a sweeper.

All statements here run on their own connections (`db.engine.begin()`), never on the request's session,
because mails are queued from `after_commit` hooks, where that session can no longer execute SQL.
"""
from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Index,
    SmallInteger,
    String,
    Text,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import as_utc, now
from app.extensions import db

PENDING, SENDING, FAILED = "pending", "sending", "failed"
STATUSES = (PENDING, SENDING, FAILED)
RQ_JOB = "app.core.outbox.rq_deliver"
DEFAULTS = {"MAIL_MAX_ATTEMPTS": 5, "MAIL_RETRY_SECONDS": 60, "MAIL_CLAIM_TIMEOUT": 600, "MAIL_BATCH_SIZE": 100}


class OutboxMail(db.Model):
    """A mail waiting to be sent (or given up on: `failed`). Sent mails are deleted."""

    __tablename__ = "mail_outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sending', 'failed')", name="status_valid"),
        Index("ix_mail_outbox_status_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320), nullable=False)
    subject: Mapped[str] = mapped_column(String(500), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=PENDING)
    attempts: Mapped[int] = mapped_column(SmallInteger, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claim: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(500))


def setting(name: str) -> int:
    """An integer outbox setting from the config (see DEFAULTS)."""
    return int(current_app.config.get(name) or DEFAULTS[name])


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: MAIL_RETRY_SECONDS × 2^(attempts−1)."""
    return timedelta(seconds=setting("MAIL_RETRY_SECONDS") * 2 ** max(0, attempts - 1))


def mail_rows(mails) -> list[dict]:
    """Insert parameters for `OutgoingMail`s, due now."""
    moment = now()
    return [{"recipient": mail.to[:320], "subject": mail.subject[:500], "body": mail.body, "status": PENDING,
             "attempts": 0, "created_at": moment, "next_attempt_at": moment} for mail in mails]


def store(mails) -> None:
    """Insert mails on a connection of their own and commit them at once."""
    rows = mail_rows(mails)
    if rows:
        with db.engine.begin() as connection:
            connection.execute(insert(OutboxMail), rows)


# --- delivery ---

@dataclass
class Claimed:
    id: int
    recipient: str
    subject: str
    body: str
    attempts: int


@dataclass
class DeliveryResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    connections: int = 0
    errors: list[str] = field(default_factory=list)


def _due_condition(moment: datetime):
    stale = moment - timedelta(seconds=setting("MAIL_CLAIM_TIMEOUT"))
    table = OutboxMail.__table__
    return or_(and_(table.c.status == PENDING, table.c.next_attempt_at <= moment),
               and_(table.c.status == SENDING, table.c.claimed_at < stale))


def claim_batch() -> tuple[str, list[Claimed]]:
    """Claim up to MAIL_BATCH_SIZE due mails (pending and due, or claimed longer ago than the timeout)."""
    table = OutboxMail.__table__
    moment = now()
    token = secrets.token_hex(16)
    due_ids = (select(table.c.id).where(_due_condition(moment)).order_by(table.c.id)
               .limit(setting("MAIL_BATCH_SIZE")).scalar_subquery())
    with db.engine.begin() as connection:
        # The condition is repeated on the row itself: a row another worker claimed meanwhile is skipped.
        connection.execute(update(table).where(table.c.id.in_(due_ids), _due_condition(moment))
                           .values(status=SENDING, claim=token, claimed_at=moment))
        rows = connection.execute(select(table.c.id, table.c.recipient, table.c.subject, table.c.body,
                                         table.c.attempts).where(table.c.claim == token).order_by(table.c.id))
        return token, [Claimed(*row) for row in rows]


def _mark_sent(token: str, mail_id: int) -> None:
    table = OutboxMail.__table__
    with db.engine.begin() as connection:
        connection.execute(delete(table).where(table.c.id == mail_id, table.c.claim == token))


def _mark_failed(token: str, mail: Claimed, error: BaseException, result: DeliveryResult) -> None:
    table = OutboxMail.__table__
    attempts = mail.attempts + 1
    message = f"{type(error).__name__}: {error}"[:500]
    values = {"attempts": attempts, "last_error": message, "claim": None, "claimed_at": None}
    if attempts >= setting("MAIL_MAX_ATTEMPTS"):
        values["status"] = FAILED
        result.failed += 1
        current_app.logger.error("Mail %s given up after %s attempts: %s", mail.id, attempts, message)
    else:
        values.update(status=PENDING, next_attempt_at=now() + backoff(attempts))
        result.retried += 1
        current_app.logger.warning("Mail %s failed (attempt %s), retrying later: %s", mail.id, attempts, message)
    result.errors.append(message)
    with db.engine.begin() as connection:
        connection.execute(update(table).where(table.c.id == mail.id, table.c.claim == token).values(**values))


def _release(token: str, mails: list[Claimed]) -> None:
    """Give claimed mails back unsent and without counting an attempt (the connection broke before them)."""
    if mails:
        table = OutboxMail.__table__
        with db.engine.begin() as connection:
            connection.execute(update(table).where(table.c.id.in_([mail.id for mail in mails]),
                                                   table.c.claim == token)
                               .values(status=PENDING, claim=None, claimed_at=None))


def _send_batch(token: str, batch: list[Claimed], result: DeliveryResult) -> None:
    from app.core.mail import OutgoingMail, TransportError, open_transport

    try:
        transport = open_transport()
        result.connections += 1
    except TransportError as error:  # cannot connect or log in: every mail of the batch failed this attempt
        for mail in batch:
            _mark_failed(token, mail, error.__cause__ or error, result)
        return
    with transport:
        for index, mail in enumerate(batch):
            try:
                transport.send(OutgoingMail(mail.recipient, mail.subject, mail.body))
            except TransportError as error:
                _mark_failed(token, mail, error.__cause__ or error, result)
                if error.connection_lost:
                    _release(token, batch[index + 1:])
                    return
            else:
                _mark_sent(token, mail.id)
                result.sent += 1


def deliver_due(max_batches: int = 1000) -> DeliveryResult:
    """Send every due mail, a batch (one connection) at a time; returns what happened."""
    result = DeliveryResult()
    for _ in range(max_batches):
        token, batch = claim_batch()
        if not batch:
            break
        _send_batch(token, batch, result)
    return result


def next_retry_in() -> float | None:
    """Seconds until the earliest pending retry (None if nothing waits)."""
    table = OutboxMail.__table__
    with db.engine.connect() as connection:
        earliest = connection.scalar(select(func.min(table.c.next_attempt_at)).where(table.c.status == PENDING))
    if earliest is None:
        return None
    return max(0.0, (as_utc(earliest) - now()).total_seconds())


def status_counts() -> dict[str, int]:
    """Mails per status (pending, sending, failed)."""
    table = OutboxMail.__table__
    with db.engine.connect() as connection:
        rows = connection.execute(select(table.c.status, func.count()).group_by(table.c.status)).all()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


def failed_mails(limit: int = 50) -> list[OutboxMail]:
    """The mails given up on, newest first."""
    return list(db.session.scalars(select(OutboxMail).where(OutboxMail.status == FAILED)
                                   .order_by(OutboxMail.id.desc()).limit(limit)))


def retry_failed() -> int:
    """Put every failed mail back into the queue (attempts start again); returns how many."""
    table = OutboxMail.__table__
    with db.engine.begin() as connection:
        result = connection.execute(update(table).where(table.c.status == FAILED)
                                    .values(status=PENDING, attempts=0, next_attempt_at=now()))
    return result.rowcount


# --- triggering delivery with the background runner ---

_lock = threading.Lock()
_running: set[int] = set()
_again: set[int] = set()


def request_delivery() -> None:
    """Have the queued mails delivered by the configured runner. Never raises: queued mails stay queued
    for the next trigger (or `flask mail deliver`) when the runner cannot be reached."""
    from app.core.background import runner_mode, submit

    mode = runner_mode(current_app.config)
    app = current_app._get_current_object()
    if mode == "thread":
        with _lock:  # one delivery thread per app at a time; a trigger meanwhile makes it look again
            if id(app) in _running:
                _again.add(id(app))
                return
            _running.add(id(app))
    try:
        submit(_deliver_job, 0, rq_job=RQ_JOB, name="mail-delivery", timeout=600)
    except Exception:  # Redis unreachable, thread limit, …: the mails stay queued
        current_app.logger.exception("Could not start mail delivery; the mails stay in the outbox")
        with _lock:
            _running.discard(id(app))


def _deliver_job(_job_id: int) -> None:
    from app.core.background import runner_mode

    app = current_app._get_current_object()
    threaded = runner_mode(app.config) == "thread"
    try:
        while True:
            try:
                deliver_due()
            except Exception:
                app.logger.exception("Mail delivery failed; the mails stay in the outbox")
            if not threaded:
                break
            with _lock:
                if id(app) not in _again:
                    _running.discard(id(app))
                    break
                _again.discard(id(app))
    except BaseException:
        with _lock:
            _running.discard(id(app))
        raise
    _schedule_retry(app)


def _schedule_retry(app) -> None:
    from app.core.background import queue_name, runner_mode

    try:
        delay = next_retry_in()
    except Exception:
        app.logger.exception("Could not read the mail outbox")
        return
    if delay is None:
        return
    mode = runner_mode(app.config)
    if mode == "thread":
        timer = threading.Timer(delay + 0.5, _retry_in_thread, args=(app,))
        timer.daemon = True
        timer.start()
    elif mode == "rq":
        from redis import Redis
        from rq import Queue

        queue = Queue(queue_name(app.config), connection=Redis.from_url(app.config["REDIS_URL"]))
        queue.enqueue_in(timedelta(seconds=delay + 0.5), RQ_JOB, 0, description="mail-retry")


def _retry_in_thread(app) -> None:
    with app.app_context():
        request_delivery()


def rq_deliver(job_id: int = 0) -> None:
    """RQ job: deliver the due mails (executed by `flask analysis worker` or `rq worker`)."""
    from app.core.background import perform

    perform(_deliver_job, job_id)
