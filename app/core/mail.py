"""Sending mail: SMTP when configured, otherwise the log; captured in memory for tests."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str


def mail_backend() -> str:
    backend = current_app.config.get("MAIL_BACKEND")
    if backend:
        return backend
    return "smtp" if current_app.config.get("MAIL_SERVER") else "log"


def outbox() -> list[OutgoingMail]:
    """Mails captured by the `memory` backend (tests)."""
    return current_app.extensions.setdefault("mail_outbox", [])


def send_mail(to: str, subject: str, body: str) -> None:
    """Send a plain-text mail; failures are logged and never break the request."""
    mail = OutgoingMail(to=to, subject=str(subject), body=str(body))
    backend = mail_backend()
    if backend == "memory":
        outbox().append(mail)
        return
    if backend == "log":
        current_app.logger.info("Mail (not sent, no MAIL_SERVER) to %s: %s\n%s", mail.to, mail.subject, mail.body)
        return
    try:
        _send_smtp(mail)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Could not send mail to %s", mail.to)


def _send_smtp(mail: OutgoingMail) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
