"""Sending mail: queued in the outbox (`app.core.outbox`) and delivered in the background.

`send_mail(to, subject, body)` returns at once. Inside a use case the mail is part of its transaction (sent
only if it commits); elsewhere (after a commit, in a CLI command) it is stored right away. Delivery goes
over SMTP when `MAIL_SERVER` is set, otherwise to the log; tests use the `memory` backend.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core import outbox as mail_outbox
from app.extensions import db

_QUEUED_IN_SESSION = "mail_outbox_queued"
_USE_CASE_DEPTH = "use_case_depth"  # see app.core.transactions


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str


class TransportError(Exception):
    """Sending failed; `connection_lost` when the connection is gone (the rest of a batch waits)."""

    def __init__(self, message: str, *, connection_lost: bool = False) -> None:
        super().__init__(message)
        self.connection_lost = connection_lost


def mail_backend() -> str:
    """"smtp", "log" or "memory" (MAIL_BACKEND; unset = smtp when MAIL_SERVER is set, else log)."""
    backend = current_app.config.get("MAIL_BACKEND")
    if backend:
        return backend
    return "smtp" if current_app.config.get("MAIL_SERVER") else "log"


def outbox() -> list[OutgoingMail]:
    """Mails delivered by the `memory` backend (tests)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def send_mail(to: str, subject: str, body: str) -> None:
    """Queue a plain-text mail for background delivery; never breaks the request."""
    queue_mails([OutgoingMail(to=to, subject=str(subject), body=str(body))])


def queue_mails(mails: list[OutgoingMail]) -> None:
    """Queue several mails at once (one insert, one delivery trigger)."""
    if not mails:
        return
    session = db.session()
    transaction = session.get_transaction()
    if session.info.get(_USE_CASE_DEPTH, 0) > 0 and (transaction is None or transaction.is_active):
        # Part of the use case's transaction: stored and triggered when it commits, dropped on rollback.
        session.add_all(mail_outbox.OutboxMail(**row) for row in mail_outbox.mail_rows(mails))
        session.info[_QUEUED_IN_SESSION] = True
        return
    try:
        mail_outbox.store(mails)
    except Exception:
        current_app.logger.exception("Could not queue %s mail(s) to %s", len(mails), ", ".join(m.to for m in mails))
        return
    mail_outbox.request_delivery()


def _deliver_after_commit(session) -> None:
    if session.info.pop(_QUEUED_IN_SESSION, None):
        mail_outbox.request_delivery()


def _forget_after_rollback(session, *_args) -> None:
    session.info.pop(_QUEUED_IN_SESSION, None)


for _name, _handler in (("after_commit", _deliver_after_commit), ("after_soft_rollback", _forget_after_rollback)):
    if not event.contains(Session, _name, _handler):
        event.listen(Session, _name, _handler)


# --- transports: one connection per batch ---

class _Transport:
    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def send(self, mail: OutgoingMail) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Nothing to close by default."""


class _MemoryTransport(_Transport):
    def send(self, mail: OutgoingMail) -> None:
        outbox().append(mail)


class _LogTransport(_Transport):
    def send(self, mail: OutgoingMail) -> None:
        current_app.logger.info("Mail (not sent, no MAIL_SERVER) to %s: %s\n%s", mail.to, mail.subject, mail.body)


class _SmtpTransport(_Transport):
    def __init__(self) -> None:
        config = current_app.config
        self.sender = config["MAIL_DEFAULT_SENDER"]
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        try:
            self.smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10)
        except (OSError, smtplib.SMTPException) as error:
            raise TransportError(str(error), connection_lost=True) from error
        try:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                self.smtp.starttls()
            if config.get("MAIL_USERNAME"):
                self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise TransportError(str(error), connection_lost=True) from error

    def send(self, mail: OutgoingMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.body)
        try:
            self.smtp.send_message(message)
        except smtplib.SMTPServerDisconnected as error:
            raise TransportError(str(error), connection_lost=True) from error
        except smtplib.SMTPException as error:  # refused recipient, data error: this mail only
            try:
                self.smtp.rset()
            except OSError:  # smtplib.SMTPException is an OSError too
                raise TransportError(str(error), connection_lost=True) from error
            raise TransportError(str(error)) from error
        except OSError as error:  # socket errors
            raise TransportError(str(error), connection_lost=True) from error

    def close(self) -> None:
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            self.smtp.close()


def open_transport() -> _Transport:
    """A connection of the configured backend (raises TransportError when SMTP cannot be reached)."""
    backend = mail_backend()
    if backend == "memory":
        return _MemoryTransport()
    if backend == "log":
        return _LogTransport()
    return _SmtpTransport()
