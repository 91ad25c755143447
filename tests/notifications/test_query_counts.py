"""The notifications page sends the same number of SQL statements however many notifications there are."""
from __future__ import annotations

from app.extensions import db
from tests.auth import factories
from tests.proposals import factories as fp
from tests.querycount import page_queries


def test_constant_queries_on_the_notifications_page(app, client, citizen_login, users, process):
    from app.notifications.models import Notification

    def notify(count: int) -> None:
        with app.app_context():
            citizen = fp.user_by_email(factories.EMAILS["citizen"])
            proposal = fp.make_proposal(fp.process_by_slug(process))
            for _ in range(count):
                comment = fp.make_comment(proposal)
                db.session.add(Notification(user_id=citizen.id, kind="reply", proposal_id=proposal.id,
                                            comment_id=comment.id))
                db.session.add(Notification(user_id=citizen.id, kind="status", proposal_id=proposal.id,
                                            status="accepted"))
            db.session.commit()

    citizen_login()
    notify(2)
    small = page_queries(client, "/notifications/")
    notify(40)
    large = page_queries(client, "/notifications/")
    assert small == large <= 6
