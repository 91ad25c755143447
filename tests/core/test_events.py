"""Domain events: receivers run in the sender's transaction; their mails go out only after it commits."""
from __future__ import annotations

from app.core.events import comment_posted, proposal_submitted
from app.extensions import db
from app.notifications.services import PendingMail, send_after_commit

MAIL = PendingMail(to="leser@example.org", locale="de", kind="reply", proposal_id=1, reference="ENG-2026-0001",
                   title="Ehrenamtskarte", comment_id=7, actor_name="Clara")


def test_queued_mails_wait_for_the_commit(app, outbox):
    with app.app_context():
        send_after_commit([MAIL])
        assert outbox == []
        db.session.commit()
        assert [mail.to for mail in outbox] == ["leser@example.org"]
        assert "ENG-2026-0001" in outbox[0].body
        db.session.commit()  # sent once, not again with the next transaction
        assert len(outbox) == 1


def test_queued_mails_are_dropped_when_the_transaction_rolls_back(app, outbox):
    with app.app_context():
        send_after_commit([MAIL])
        db.session.rollback()
        db.session.commit()
        assert outbox == []


def test_create_app_connects_the_receivers(app):
    assert any(getattr(receiver, "__name__", "") == "follow_own_proposal"
               for receiver in proposal_submitted.receivers_for(object()))
    assert any(getattr(receiver, "__name__", "") == "notify_reply_posted"
               for receiver in comment_posted.receivers_for(object()))
