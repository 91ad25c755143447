"""Account self-service in a real browser, in German and English: change password, change e-mail with the
confirmation link, download my data (the ZIP checked against the database), delete the account (counts
unchanged, name gone); axe-core on every page, also with form errors."""
from __future__ import annotations

import json
import re
import zipfile

import pytest
from sqlalchemy import select

from app.auth.models import DELETED_NAME, User
from app.extensions import db
from tests.account.support import (
    KINDS,
    OTHERS,
    counts,
    everything_public_and_exported,
    expected_counts,
    make_account_data,
)
from tests.auth import factories

NEW_PASSWORD = "Foerde-Segeln-2027"
NEW_EMAIL = "clara.neu@example.org"
NAME = "Clara Citizen"


@pytest.fixture
def data(app, users):
    with app.app_context():
        return make_account_data()


def submit(page, action: str) -> None:
    page.locator(f'form[action="{action}"] button[type="submit"]').click()


def email_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


@pytest.mark.parametrize("locale", ["de", "en"])
def test_account_self_service_walk(app, live_server, page, check_axe, outbox, data, tmp_path, locale):
    user_id = data["users"]["citizen"]
    page.goto(live_server + "/auth/login")
    page.locator("#email").fill(factories.EMAILS["citizen"])
    page.locator("#password").fill(factories.PASSWORD)
    page.locator('form[action^="/auth/login"] button[type="submit"]').click()
    if locale == "en":
        page.get_by_role("button", name="English").click()
    page.goto(live_server + "/auth/account")
    assert page.locator("html").get_attribute("lang") == locale
    check_axe(page, f"account page ({locale})")

    # Change password: a wrong current password is refused with an accessible error summary.
    page.locator('a[href="/account/password"]').click()
    check_axe(page, f"change password ({locale})")
    page.locator("#current_password").fill("falsch-falsch-1")
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#password_confirm").fill(NEW_PASSWORD)
    submit(page, "/account/password")
    assert page.locator(".error-summary").is_visible()
    check_axe(page, f"change password with errors ({locale})")
    page.locator("#current_password").fill(factories.PASSWORD)
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#password_confirm").fill(NEW_PASSWORD)
    submit(page, "/account/password")
    assert page.url.endswith("/auth/account")  # still logged in, back on the account page
    check_axe(page, f"account page after the password change ({locale})")

    # Change e-mail: nothing changes until the link from the mail to the new address is opened.
    page.locator('a[href="/account/email"]').click()
    check_axe(page, f"change e-mail ({locale})")
    page.locator("#email").fill(NEW_EMAIL)
    page.locator("#current_password").fill(NEW_PASSWORD)
    submit(page, "/account/email")
    assert page.url.endswith("/auth/account")
    assert email_of(app, user_id) == factories.EMAILS["citizen"]
    mail = next(mail for mail in outbox if mail.to == NEW_EMAIL)
    page.goto(live_server + re.search(r"http://[^/\s]+(/account/email/confirm/\S+)", mail.body).group(1))
    assert email_of(app, user_id) == NEW_EMAIL
    assert page.get_by_text(NEW_EMAIL).first.is_visible()
    check_axe(page, f"account page after the e-mail change ({locale})")

    # Download my data: the ZIP has every kind, matches the database and holds nobody else's data.
    page.locator('a[href="/account/data"]').first.click()
    check_axe(page, f"download my data ({locale})")
    with page.expect_download() as download_info:
        submit(page, "/account/data")
    archive = zipfile.ZipFile(download_info.value.path())
    document = json.loads(archive.read("data.json"))
    assert {kind: len(document[kind]) for kind in KINDS} == expected_counts(app, user_id)
    assert document["account"][0]["email"] == NEW_EMAIL
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8")
        assert not [other for other in OTHERS if other in text], name

    # Delete the account: without the checkbox nothing happens; then the name is gone and counts stay.
    before_counts = counts(app)
    page.goto(live_server + "/auth/account")
    page.locator('a[href="/account/delete"]').first.click()
    check_axe(page, f"delete account ({locale})")
    page.locator("#current_password").fill(NEW_PASSWORD)
    submit(page, "/account/delete")
    assert page.locator(".error-summary").is_visible()
    check_axe(page, f"delete account with errors ({locale})")
    page.locator("#current_password").fill(NEW_PASSWORD)
    page.locator("#confirm").check()
    submit(page, "/account/delete")
    assert page.locator('a[href^="/auth/login"]').first.is_visible()  # logged out
    check_axe(page, f"home after deleting ({locale})")
    assert counts(app) == before_counts
    with app.app_context():
        row = db.session.get(User, user_id)
        assert row.deleted_at is not None and row.display_name == DELETED_NAME
        assert db.session.scalar(select(User).where(User.email == NEW_EMAIL)) is None
    page.goto(f"{live_server}/proposals/{data['proposals']['p1'][0]}")
    assert page.get_by_text(DELETED_NAME).first.is_visible()
    assert NAME not in page.content()
    check_axe(page, f"proposal of a deleted account ({locale})")
    for place, text in everything_public_and_exported(app, data, tmp_path).items():
        assert NAME not in text, place
