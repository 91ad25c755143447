"""The mail outbox: requests only queue; a background job sends a batch over one SMTP connection, retries
with backoff, gives up visibly, and takes over the claims of a worker that died."""
from __future__ import annotations

import smtplib
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.core import outbox as mail_outbox
from app.core.mail import OutgoingMail, queue_mails, send_mail
from app.core.outbox import OutboxMail, claim_batch, deliver_due
from app.core.transactions import use_case
from app.extensions import db
from tests.auth import factories

T0 = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


class FakeSMTP:
    """Stands in for smtplib.SMTP: counts connections, records messages, fails on demand."""

    connections: list[FakeSMTP] = []
    refuse_connect = False
    refused_recipients: set[str] = set()
    disconnect_after: int | None = None

    def __init__(self, host, port, timeout=None):
        if FakeSMTP.refuse_connect:
            raise ConnectionRefusedError(111, "Connection refused")
        self.host, self.port = host, port
        self.sent: list = []
        self.closed = False
        FakeSMTP.connections.append(self)

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, message):
        if FakeSMTP.disconnect_after is not None and len(self.sent) >= FakeSMTP.disconnect_after:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        if message["To"] in FakeSMTP.refused_recipients:
            raise smtplib.SMTPRecipientsRefused({message["To"]: (550, b"No such user")})
        self.sent.append(message)

    def rset(self):
        pass

    def quit(self):
        self.closed = True

    def close(self):
        self.closed = True

    @classmethod
    def all_sent(cls) -> list[str]:
        return [message["To"] for connection in cls.connections for message in connection.sent]


@pytest.fixture
def app_overrides():
    return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "smtp.example.test", "MAIL_MAX_ATTEMPTS": 3,
            "MAIL_RETRY_SECONDS": 60, "MAIL_CLAIM_TIMEOUT": 600, "FROZEN_NOW": T0}


@pytest.fixture
def smtp(monkeypatch):
    FakeSMTP.connections = []
    FakeSMTP.refuse_connect = False
    FakeSMTP.refused_recipients = set()
    FakeSMTP.disconnect_after = None
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def _rows():
    return list(db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)))


def _mails(count: int) -> list[OutgoingMail]:
    return [OutgoingMail(f"person{i}@example.org", f"Betreff {i}", f"Text {i}") for i in range(count)]


def test_a_batch_goes_over_one_smtp_connection_and_leaves_nothing_behind(app, smtp):
    with app.app_context():
        queue_mails(_mails(5))
        assert len(smtp.connections) == 1
        assert smtp.all_sent() == [f"person{i}@example.org" for i in range(5)]
        assert smtp.connections[0].closed
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 0  # sent mails are not kept


def test_send_mail_signature_still_works(app, smtp):
    with app.app_context():
        send_mail("a@example.org", "Betreff", "Text")
    assert smtp.all_sent() == ["a@example.org"]
    assert smtp.connections[0].sent[0]["Subject"] == "Betreff"


def test_mail_queued_in_a_use_case_is_sent_after_commit_and_dropped_on_rollback(app, smtp):
    @use_case
    def commits():
        send_mail("yes@example.org", "Betreff", "Text")
        assert smtp.all_sent() == []  # not before the transaction commits

    @use_case
    def fails():
        send_mail("no@example.org", "Betreff", "Text")
        raise RuntimeError("refused")

    with app.app_context():
        commits()
        with pytest.raises(RuntimeError):
            fails()
        db.session.commit()
        assert smtp.all_sent() == ["yes@example.org"]
        assert _rows() == []


def test_failures_are_retried_with_backoff_then_marked_failed(app, smtp):
    smtp.refuse_connect = True
    runner = app.test_cli_runner()
    with app.app_context():
        send_mail("a@example.org", "Betreff", "Text")
        [row] = _rows()
        assert (row.status, row.attempts) == ("pending", 1)
        assert "Connection refused" in row.last_error
        assert mail_outbox.as_utc(row.next_attempt_at) == T0 + timedelta(seconds=60)

        app.config["FROZEN_NOW"] = T0 + timedelta(seconds=59)  # not due yet
        assert deliver_due().connections == 0 and _rows()[0].attempts == 1

        app.config["FROZEN_NOW"] = T0 + timedelta(seconds=60)
        assert deliver_due().retried == 1
        db.session.expire_all()
        [row] = _rows()
        assert row.attempts == 2
        assert mail_outbox.as_utc(row.next_attempt_at) == T0 + timedelta(seconds=60 + 120)  # doubled

        app.config["FROZEN_NOW"] = T0 + timedelta(seconds=180)
        result = deliver_due()
        assert result.failed == 1
        db.session.expire_all()
        [row] = _rows()
        assert (row.status, row.attempts) == ("failed", 3)

        app.config["FROZEN_NOW"] = T0 + timedelta(days=1)
        assert deliver_due().connections == 0  # given up: no more attempts
    status = runner.invoke(args=["mail", "status"])
    assert "failed=1" in status.output and "a@example.org" in status.output and "3 attempts" in status.output
    smtp.refuse_connect = False
    retried = runner.invoke(args=["mail", "retry"])
    assert "1 failed mails queued again" in retried.output and "sent=1" in retried.output
    assert smtp.all_sent() == ["a@example.org"]
    with app.app_context():
        assert _rows() == []


def test_a_refused_recipient_does_not_stop_the_batch(app, smtp):
    smtp.refused_recipients = {"person1@example.org"}
    with app.app_context():
        queue_mails(_mails(3))
        assert len(smtp.connections) == 1
        assert smtp.all_sent() == ["person0@example.org", "person2@example.org"]
        [row] = _rows()
        assert (row.recipient, row.status, row.attempts) == ("person1@example.org", "pending", 1)
        assert "No such user" in row.last_error


def test_a_lost_connection_gives_the_rest_back_without_counting_an_attempt(app, smtp):
    smtp.disconnect_after = 2
    with app.app_context():
        queue_mails(_mails(4))
        # First connection: two sent, the third failed (attempt 1), the fourth given back and sent on a new one.
        assert smtp.all_sent()[:2] == ["person0@example.org", "person1@example.org"]
        rows = _rows()
        assert [(row.recipient, row.attempts) for row in rows] == [("person2@example.org", 1)]
        assert sorted(smtp.all_sent()) == ["person0@example.org", "person1@example.org", "person3@example.org"]


def test_a_dead_workers_claim_is_taken_over_after_the_timeout_and_sent_once(app, smtp):
    with app.app_context():
        mail_outbox.store(_mails(2))  # queued without triggering delivery
        token, claimed = claim_batch()  # a worker claims them ... and dies
        assert len(claimed) == 2 and {row.status for row in _rows()} == {"sending"}
        assert claim_batch()[1] == []  # nobody else takes them while the claim is fresh
        app.config["FROZEN_NOW"] = T0 + timedelta(seconds=599)
        assert deliver_due().sent == 0
        app.config["FROZEN_NOW"] = T0 + timedelta(seconds=601)
        assert deliver_due().sent == 2
        assert deliver_due().sent == 0  # never twice
        assert smtp.all_sent() == ["person0@example.org", "person1@example.org"]
        assert _rows() == []


def test_admin_page_shows_waiting_and_failed_mails(app, client, smtp, users):
    with app.app_context():
        smtp.refuse_connect = True
        app.config["MAIL_MAX_ATTEMPTS"] = 1
        send_mail("a@example.org", "Betreff", "Text")
    client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD})
    html = client.get("/admin/").get_data(as_text=True)
    assert "E-Mail-Versand" in html
    assert "<dt>Fehlgeschlagen</dt><dd>1</dd>" in html
    assert "flask mail retry" in html


def test_registration_mail_goes_through_the_outbox(client, smtp, app):
    response = client.post("/auth/register", data={
        "email": "neu@example.org", "display_name": "Neue Person", "password": "Foerde-Blick-42",
        "password_confirm": "Foerde-Blick-42", "accept_privacy": "y"})
    assert response.status_code == 200
    assert smtp.all_sent() == ["neu@example.org"]
    with app.app_context():
        assert _rows() == []


@pytest.mark.parametrize("app_overrides", [{"ANALYSIS_RUNNER": "thread", "MAIL_BACKEND": "memory",
                                            "FROZEN_NOW": None}])
def test_thread_runner_sends_in_the_background(app, outbox):
    with app.app_context():
        queue_mails(_mails(3))
    deadline = time.monotonic() + 10
    while len(outbox) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(mail.to for mail in outbox) == [f"person{i}@example.org" for i in range(3)]
    with app.app_context():
        deadline = time.monotonic() + 5
        while _rows() and time.monotonic() < deadline:
            db.session.rollback()
            time.sleep(0.05)
        assert _rows() == []
