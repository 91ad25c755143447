"""Data for the account self-service tests: the export test process (every kind of content) plus what only a
person's own account has: an account-linked survey response, a notification and a report filed."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.notifications.models import Notification
from app.surveys.validation import Value
from tests.auth import factories
from tests.exports.factories import make_export_process
from tests.moderation.factories import make_report
from tests.proposals import factories as fp
from tests.surveys.factories import make_response

OWN_FLAG_DETAILS = "Das ist Werbung, finde ich."
OWN_ANSWER = "Meine Antwort mit Konto"


@pytest.fixture
def data(app, users):
    with app.app_context():
        data = make_export_process(current="participation")
        citizen = fp.user_by_email(factories.EMAILS["citizen"])
        other = fp.user_by_email(factories.EMAILS["other_citizen"])
        from app.proposals.models import Proposal

        p2 = db.session.get(Proposal, data["proposals"]["p2"][0])
        make_report(p2, citizen, "spam", OWN_FLAG_DETAILS)
        make_report(p2, other, "insult", "Otto meldet auch")
        db.session.add(Notification(user_id=citizen.id, kind="reply", proposal_id=data["proposals"]["p1"][0],
                                    comment_id=data["comments"]["c1"]))
        db.session.commit()
        survey = data["survey"]
        make_response(survey["survey"], {survey["engaged"]: Value(text="c1"), survey["idea"]: Value(text=OWN_ANSWER)},
                      user=citizen)
        make_response(survey["survey"], {survey["engaged"]: Value(text="c2")}, user=other)
        return data


@pytest.fixture
def citizen_client(client, auth, data):
    assert auth.login_as("citizen").status_code == 302
    return client
