"""The reference distribution for representativeness: validation, storage, audit, and its use on the dashboard."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.figures import services
from app.figures.models import ReferenceShare
from tests.auth import factories
from tests.figures.factories import make_dashboard_data
from tests.proposals import factories as fp

AGE_SHARES = ["10", "20", "25", "20", "15", "10"]  # u18, 18–29, 30–44, 45–59, 60–74, 75+


def reference_url(slug: str, dimension: str | None = None) -> str:
    base = f"/admin/processes/{slug}/dashboard/reference"
    return f"{base}/{dimension}" if dimension else base


def age_form(shares=AGE_SHARES, source="Beispielzahlen (illustrativ)") -> dict:
    data = {f"age_group-share_{index}": value for index, value in enumerate(shares)}
    data["age_group-source"] = source
    return data


def stored(app, dimension: str = "age_group") -> dict[str, float]:
    with app.app_context():
        return {row.category: row.share for row in db.session.scalars(
            select(ReferenceShare).where(ReferenceShare.dimension == dimension))}


def audit_count(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


@pytest.fixture
def admin(auth, users):
    auth.login_as("admin")


def test_reference_page_has_one_form_per_dimension(client, admin, process):
    response = client.get(reference_url(process))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'action="{reference_url(process, "age_group")}"' in html
    assert f'action="{reference_url(process, "district")}"' in html
    for label in ("unter 18", "75 und älter", "Altstadt", "Mettenhof"):
        assert f">{label}" in html
    assert 'inputmode="decimal"' in html and 'for="age_group-share_0"' in html


def test_saving_a_valid_reference(app, client, admin, process):
    data = age_form(["10", "20", "25,5", "19,5", "15", "10"])
    response = client.post(reference_url(process, "age_group"), data=data)
    assert response.status_code == 302
    assert stored(app) == {"u18": 10.0, "18-29": 20.0, "30-44": 25.5, "45-59": 19.5, "60-74": 15.0, "75+": 10.0}
    assert audit_count(app, "reference_save") == 1
    html = client.get(reference_url(process)).get_data(as_text=True)
    assert 'value="25,5"' in html and "Beispielzahlen (illustrativ)" in html
    # Saving again replaces the rows.
    client.post(reference_url(process, "age_group"), data=age_form(["0", "0", "50", "50", "0", "0"]))
    assert stored(app)["30-44"] == 50.0 and len(stored(app)) == 6


@pytest.mark.parametrize(("shares", "message"), [
    (["10", "20", "25", "20", "15", "5"], "ergeben zusammen 95 %"),
    (["10", "20", "25", "20", "15", "12"], "ergeben zusammen 102 %"),
    (["120", "0", "0", "0", "0", "0"], "zwischen 0 und 100 % liegen"),
    (["abc", "20", "25", "20", "15", "10"], "Bitte geben Sie eine Zahl von 0 bis 100 ein"),
    (["-5", "20", "25", "20", "15", "25"], "Bitte geben Sie eine Zahl von 0 bis 100 ein"),
    (["", "", "", "", "", ""], "ergeben zusammen 0 %"),
])
def test_bad_input_is_refused_and_nothing_is_stored(app, client, admin, process, shares, message):
    client.post(reference_url(process, "age_group"), data=age_form())
    before = stored(app)
    response = client.post(reference_url(process, "age_group"), data=age_form(shares))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'class="error-summary"' in html and 'aria-invalid="true"' in html
    assert stored(app) == before
    assert audit_count(app, "reference_save") == 1


def test_sum_within_one_point_is_accepted(app, client, admin, process):
    response = client.post(reference_url(process, "age_group"), data=age_form(["10", "20", "25", "20", "15", "10,9"]))
    assert response.status_code == 302


def test_source_is_required(app, client, admin, process):
    response = client.post(reference_url(process, "age_group"), data=age_form(source="  "))
    assert response.status_code == 400
    assert "Bitte nennen Sie die Quelle der Zahlen." in response.get_data(as_text=True)
    assert stored(app) == {}


def test_district_reference_and_unknown_dimension(app, client, admin, process):
    data = {"district-share_0": "50", "district-share_1": "30", "district-share_2": "20", "district-source": "Test"}
    assert client.post(reference_url(process, "district"), data=data).status_code == 302
    with app.app_context():
        names = {d.id: d.name for d in fp.process_by_slug(process).districts}
    assert {names[int(key)]: value for key, value in stored(app, "district").items()} == {
        "Altstadt": 50.0, "Gaarden-Ost": 30.0, "Mettenhof": 20.0}
    assert client.post(reference_url(process, "gender"), data=data).status_code == 404


def test_service_refuses_unknown_categories_and_non_admins(app, process, users):
    with app.app_context():
        proc = fp.process_by_slug(process)
        admin = fp.user_by_email(factories.EMAILS["admin"])
        with pytest.raises(DomainError, match="Unbekannte Kategorie"):
            services.save_reference(admin, proc, "age_group", {"u18": 50.0, "90+": 50.0}, "Quelle")
        with pytest.raises(DomainError):
            services.save_reference(fp.user_by_email(factories.EMAILS["moderator"]), proc, "age_group",
                                    {"u18": 100.0}, "Quelle")
        with pytest.raises(DomainError):
            services.save_reference(admin, proc, "age_group", {"u18": float("nan")}, "Quelle")
    assert stored(app) == {}


def test_delete_reference(app, client, admin, process):
    client.post(reference_url(process, "age_group"), data=age_form())
    response = client.post(reference_url(process, "age_group") + "/delete")  # asks first (issue 12, item 7)
    assert response.status_code == 200 and "wirklich löschen?" in response.get_data(as_text=True)
    assert stored(app) != {}
    response = client.post(reference_url(process, "age_group") + "/delete", data={"confirm": "yes"})
    assert response.status_code == 302
    assert stored(app) == {} and audit_count(app, "reference_delete") == 1
    client.post(reference_url(process, "age_group") + "/delete", data={"confirm": "yes"})  # nothing left: no entry
    assert audit_count(app, "reference_delete") == 1


def test_dashboard_compares_survey_demographics_with_the_reference(app, client, admin, process):
    with app.app_context():
        make_dashboard_data(process)
    html = client.get(f"/admin/processes/{process}/dashboard").get_data(as_text=True)
    assert "Es ist noch keine Referenzverteilung eingegeben." in html
    client.post(reference_url(process, "age_group"), data=age_form())
    html = client.get(f"/admin/processes/{process}/dashboard").get_data(as_text=True)
    assert "<caption>Altersgruppe: Beteiligte und Bevölkerung</caption>" in html
    assert "Quelle: Beispielzahlen (illustrativ)" in html
    assert 'id="plot-representativeness-0"' in html


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_posts_need_the_csrf_token(app, client, users, process):
    page = client.get("/auth/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    login = client.post("/auth/login", data={"email": factories.EMAILS["admin"], "password": factories.PASSWORD,
                                             "csrf_token": token})
    assert login.status_code == 302
    assert client.post(reference_url(process, "age_group"), data=age_form()).status_code == 400
    assert stored(app) == {}
    client.post(reference_url(process, "age_group") + "/delete")
    assert audit_count(app, "reference_delete") == 0
