"""The report draft page (/admin/processes/<slug>/report), downloads and the OParl routes."""
from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.extensions import db
from app.report.models import ReportDraft
from tests.analysis_runs import factories as fa
from tests.auth import factories
from tests.processes.factories import make_process
from tests.proposals import factories as fp


@pytest.fixture
def app_overrides():
    return {"REPORT_CHART_IMAGES": False}  # no Chromium start per request in these tests


def _url(slug, suffix=""):
    return f"/admin/processes/{slug}/report{suffix}"


def _rows(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def _form(**fields):
    data = {"kind": "mitteilung", "reference": "", "report_date": "", "betreff": "", "antrag": "",
            "committee_0": "Hauptausschuss", "date_0": "2026-08-19", "role_0": "Vorberatung",
            "committee_1": "Ratsversammlung", "date_1": "03.09.2026", "role_1": "Entscheidung",
            "committee_2": "", "date_2": "", "role_2": "Kenntnisnahme"}
    data.update(fields)
    return data


def _export(client, slug, *formats):
    """Start an export job (inline in the tests) for `formats`; {format: response of its file}."""
    started = client.post(_url(slug, "/exports"), data={fmt: "y" for fmt in formats})
    assert started.status_code == 302 and "/report/exports/" in started.headers["Location"]
    status = client.get(started.headers["Location"]).get_data(as_text=True)
    links = re.findall(r'href="(/admin/processes/[^"]+/report/exports/\d+/[^"]+)"', status)
    return {link.rsplit(".", 2)[-2] if link.endswith(".oparl.json") else link.rsplit(".", 1)[-1]: client.get(link)
            for link in links}


def _with_proposals(process_slug, count):
    proc = fp.process_by_slug(process_slug)
    author = fp.user_by_email(factories.EMAILS["citizen"])
    for number in range(count):
        proposal = fp.make_proposal(proc, author, title=f"Idee {number}", topic=proc.topics[number % len(proc.topics)])
        fp.make_vote(proposal, fp.user_by_email(factories.EMAILS["other_citizen"]))
        fp.make_comment(proposal, author)


def test_page_shows_defaults_preview_and_download_links(client, auth, app, users, process):
    auth.login_as("admin")
    page = client.get(_url(process)).get_data(as_text=True)
    assert "Innen- und Umweltausschuss" in page and 'name="committee_6" type="text" value="Ratsversammlung"' in page
    assert 'name="committee_8"' in page and 'name="committee_9"' not in page  # 7 default rows + 2 empty
    assert "Standard wiederherstellen" in page
    for heading in ("Betreff", "Beratungsfolge", "Sachverhalt/Begründung", "Zusammenfassung", "Beteiligung in Zahlen"):
        assert f"<li>{heading}" in page
    assert "<li>Antrag" not in page  # the default kind is a Geschäftliche Mitteilung: it only informs
    assert "Noch zu ergänzen:" in page and "<li>Federführung (Amt, Dezernat)</li>" in page
    assert f'action="/admin/processes/{process}/report/exports"' in page
    for fmt in ("docx", "pdf", "html", "md", "oparl", "anlagen"):
        assert f'<input checked id="{fmt}" name="{fmt}" type="checkbox" value="y">' in page
    assert f"/processes/{process}/oparl/paper/{process}" in page


def test_page_names_the_analysis_run_the_report_uses(client, auth, app, users, process):
    auth.login_as("admin")
    page = client.get(_url(process)).get_data(as_text=True)
    assert "noch keine abgeschlossene Analyse" in page and f'href="/admin/processes/{process}/analysis/"' in page
    with app.app_context():
        fa.make_finished_run(fp.process_by_slug(process).id, version=1)
        fa.make_finished_run(fp.process_by_slug(process).id, version=2)
    page = client.get(_url(process)).get_data(as_text=True)
    assert "aus der Analyse Version 2 vom" in page and f'href="/admin/processes/{process}/analysis/2/"' in page
    assert "noch keine abgeschlossene Analyse" not in page


def test_saving_stores_the_draft_and_logs_it(client, auth, app, users, process):
    auth.login_as("admin")
    response = client.post(_url(process), data=_form(kind="beschlussvorlage", reference="0123/2026",
                                                     betreff="Mein Betreff", remove_0="y"))
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalar(select(ReportDraft))
        assert (draft.kind, draft.reference, draft.betreff) == ("beschlussvorlage", "0123/2026", "Mein Betreff")
        assert draft.beratungsfolge == [{"committee": "Ratsversammlung", "date": "2026-09-03", "role": "Entscheidung"}]
        assert _rows(AuditEntry, AuditEntry.action == "report_draft_saved") == 1
    page = client.get(_url(process)).get_data(as_text=True)
    assert "Beschlussvorlage 0123/2026 (Entwurf)" in page and "Beschlussvorschlag" in page
    markdown = _export(client, process, "md")["md"].get_data(as_text=True)
    assert "## Beschlussvorschlag" in markdown and "| Ratsversammlung | 03.09.2026 | Entscheidung |" in markdown
    assert "Hauptausschuss" not in markdown


def test_council_texts_are_saved_and_printed(client, auth, app, users, process):
    auth.login_as("admin")
    response = client.post(_url(process), data=_form(
        federfuehrung="Amt für Bürgerbeteiligung", signature_name="Dr. Ulf Kämpfer",
        signature_role="Oberbürgermeister", related_papers="0698/2017 | 20.07.2017 | Konzept\n0925/2021 | Strategie",
        anlass="Die Ratsversammlung hat 2017 ein Konzept erbeten.", next_steps="Die Verwaltung wertet aus."))
    assert response.status_code == 302
    with app.app_context():
        draft = db.session.scalar(select(ReportDraft))
        assert draft.related_papers == [
            {"reference": "0698/2017", "date": "2017-07-20", "title": "Konzept"},
            {"reference": "0925/2021", "date": None, "title": "Strategie"}]
    page = client.get(_url(process)).get_data(as_text=True)
    assert "0698/2017 | 20.07.2017 | Konzept" in page and "Noch zu ergänzen" in page  # the number is missing
    markdown = _export(client, process, "md")["md"].get_data(as_text=True)
    for text in ("*Federführung: Amt für Bürgerbeteiligung*", "Drucksache 0698/2017 vom 20.07.2017: Konzept",
                 "### Anlass und Auftrag", "Die Ratsversammlung hat 2017 ein Konzept erbeten.",
                 "Die Verwaltung wertet aus.", "Dr. Ulf Kämpfer", "Oberbürgermeister"):
        assert text in markdown, text
    client.post(_url(process), data={"action": "reset", "confirm": "yes"})
    with app.app_context():  # the reset restores Betreff, Antrag and Beratungsfolge only
        draft = db.session.scalar(select(ReportDraft))
        assert (draft.federfuehrung, len(draft.related_papers), draft.anlass) == (
            "Amt für Bürgerbeteiligung", 2, "Die Ratsversammlung hat 2017 ein Konzept erbeten.")


@pytest.mark.parametrize(("fields", "messages"), [
    ({"date_0": "2026-13-01"}, ["Sitzungstermin (Zeile 1)", "Bitte geben Sie ein gültiges Datum an (TT.MM.JJJJ)."]),
    ({"report_date": "morgen"}, ["Datum der Vorlage", "Bitte geben Sie ein gültiges Datum an"]),
    ({"committee_1": " "}, ["Gremium (Zeile 2): Bitte geben Sie das Gremium an."]),
    ({"betreff": "x" * 501}, ["Betreff", "Höchstens 500 Zeichen."]),
    ({"committee_0": "y" * 201}, ["Gremium (Zeile 1)", "Höchstens 200 Zeichen."]),
    ({"related_papers": "0698/2017 | 20.07.2017 | Konzept\n0925/2021 | 31.02.2021 | Strategie"},
     ["Bezug: frühere Drucksachen", "Bezug, Zeile 2: bitte ein gültiges Datum angeben (TT.MM.JJJJ)."]),
    ({"federfuehrung": "z" * 301}, ["Federführung (Amt, Dezernat)", "Höchstens 300 Zeichen."]),
])
def test_bad_input_shows_translated_errors_and_stores_nothing(client, auth, app, users, process, fields, messages):
    auth.login_as("admin")
    response = client.post(_url(process), data=_form(**fields))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'class="error-summary"' in page and 'aria-invalid="true"' in page
    for message in messages:
        assert message in page
    with app.app_context():
        assert _rows(ReportDraft) == 0 and _rows(AuditEntry) == 0


def test_reset_restores_the_default_texts(client, auth, app, users, process):
    auth.login_as("admin")
    client.post(_url(process), data=_form(betreff="Eigener Betreff", reference="7/2026"))
    asked = client.post(_url(process), data={"action": "reset"})  # asks first (issue 12, item 7)
    assert asked.status_code == 200 and "wirklich auf den Standard" in asked.get_data(as_text=True)
    assert 'name="action" value="reset"' in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ReportDraft)).betreff == "Eigener Betreff"
    assert client.post(_url(process), data={"action": "reset", "confirm": "yes"}).status_code == 302
    with app.app_context():
        draft = db.session.scalar(select(ReportDraft))
        assert (draft.betreff, draft.beratungsfolge, draft.reference) == (None, [], "7/2026")
    page = client.get(_url(process)).get_data(as_text=True)
    assert "Ergebnisse des Beteiligungsprozesses" in page and 'value="Innen- und Umweltausschuss"' in page


def test_only_admins_see_the_page(client, auth, users, process):
    assert client.get(_url(process)).status_code == 302
    auth.login_as("moderator")
    assert client.get(_url(process)).status_code == 403
    assert client.post(_url(process), data=_form()).status_code == 403
    assert client.post(_url(process, "/exports"), data={"md": "y"}).status_code == 403
    assert client.get(_url(process, "/exports/1")).status_code == 403


def test_page_uses_a_constant_number_of_queries(client, auth, app, users, count_queries):
    with app.app_context():
        small = make_process(topics=1, districts=("A",)).slug
        large = make_process(topics=5, districts=tuple(f"Stadtteil {n}" for n in range(20))).slug
        _with_proposals(small, 1)
        _with_proposals(large, 12)
    auth.login_as("admin")
    with count_queries() as few:
        assert client.get(_url(small)).status_code == 200
    with count_queries() as many:
        assert client.get(_url(large)).status_code == 200
    assert few.count == many.count


def test_markdown_download_is_named_and_logged(client, auth, app, users, process):
    with app.app_context():
        _with_proposals(process, 3)
    auth.login_as("admin")
    response = _export(client, process, "md")["md"]
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert response.headers["Content-Type"].count("charset") == 1
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f"attachment; filename=bericht-{process}-") and disposition.endswith(".md")
    text = response.get_data(as_text=True)
    assert "# Geschäftliche Mitteilung (Entwurf)" in text and "TST-" in text
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "export_report"))
        assert entry.details == "md" and entry.actor_name == "Ada Admin"


def _path(url: str) -> str:
    return urlsplit(url).path


def test_oparl_paper_and_files_match_what_they_describe(client, auth, app, users, process):
    with app.app_context():
        _with_proposals(process, 3)
    auth.login_as("admin")
    response = _export(client, process, "pdf", "oparl")["oparl"]
    assert response.mimetype == "application/json"
    paper = json.loads(response.get_data(as_text=True))
    assert paper["id"] == f"http://localhost/processes/{process}/oparl/paper/{process}"
    assert client.get(_path(paper["id"])).get_json() == paper
    assert len(paper["auxiliaryFile"]) == 1  # no survey: only Anlage 1
    for file in paper["auxiliaryFile"]:
        body = client.get(_path(file["accessUrl"]))
        assert body.status_code == 200 and body.mimetype == "text/csv"
        assert len(body.data) == file["size"]
        assert hashlib.sha512(body.data).hexdigest() == file["sha512Checksum"]
    main = client.get(_path(paper["mainFile"]["accessUrl"]))
    assert main.status_code == 200 and main.data.startswith(b"%PDF-")
    assert len(main.data) == paper["mainFile"]["size"]
    assert hashlib.sha512(main.data).hexdigest() == paper["mainFile"]["sha512Checksum"]
    assert client.get(f"/processes/{process}/oparl/file/{process}-anlage-9/{process}-anlage-9.csv").status_code == 404
    assert client.get(f"/processes/{process}/oparl/file/{process}-anlage-1/other.csv").status_code == 404
    assert client.get(f"/processes/{process}/oparl/paper/other").status_code == 404


def test_oparl_objects_are_public_in_the_results_phase_only(client, auth, app, users):
    app.config["OPARL_BASE_URL"] = "http://localhost"
    with app.app_context():
        running = make_process(current="participation").slug
        finished = make_process(current="results").slug
        draft = make_process(current="results", published=False).slug
        _with_proposals(finished, 2)
    paper = client.get(f"/processes/{finished}/oparl/paper/{finished}")
    assert paper.status_code == 200
    csv = client.get(_path(paper.get_json()["auxiliaryFile"][0]["accessUrl"]))
    assert csv.status_code == 200 and csv.data.startswith("\ufeff".encode())
    assert client.get(f"/processes/{finished}/oparl/").status_code == 302
    assert "/auth/login" in client.get(f"/processes/{running}/oparl/paper/{running}").headers["Location"]
    auth.login_as("citizen")
    assert client.get(f"/processes/{running}/oparl/paper/{running}").status_code == 403
    assert client.get(f"/processes/{draft}/oparl/paper/{draft}").status_code == 404  # as if unknown
    with app.app_context():  # anonymous reads of public files are not logged; refused ones neither
        assert _rows(AuditEntry, AuditEntry.action == "export_report") == 0


def test_posts_need_a_csrf_token(client, auth, app, users, process):
    auth.login_as("admin")
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(_url(process)).get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 2  # the draft form and the reset form
    assert client.post(_url(process), data=_form()).status_code == 400
    assert client.post(_url(process), data={"action": "reset"}).status_code == 400
    with app.app_context():
        assert _rows(ReportDraft) == 0


@pytest.mark.parametrize(("configured", "expected"), [
    (None, "http://localhost/processes/{slug}/oparl"),
    ("https://beteiligung.kiel.de/", "https://beteiligung.kiel.de/processes/{slug}/oparl"),
    ("https://kiel.de/beteiligung", "https://kiel.de/beteiligung/processes/{slug}/oparl"),
])
def test_oparl_base_url_follows_the_configured_public_url(app, process, configured, expected):
    from app.report.rendering import oparl_base_url

    app.config["OPARL_BASE_URL"] = configured
    with app.test_request_context(base_url="http://localhost"):
        assert oparl_base_url(fp.process_by_slug(process)) == expected.format(slug=process)


def test_oparl_of_an_unpublished_process_answers_like_an_unknown_one(client, auth, app, users):
    """No existence oracle: a draft process's OParl paths answer 404, as an unknown slug does."""
    with app.app_context():
        draft = make_process(current="results", published=False).slug
    paths = ["/processes/{slug}/oparl/", "/processes/{slug}/oparl/paper/{slug}",
             "/processes/{slug}/oparl/file/{slug}-bericht/{slug}-bericht.pdf"]
    for role in (None, "citizen", "moderator"):
        if role:
            auth.logout()
            auth.login_as(role)
        for path in paths:
            answers = [client.get(path.format(slug=slug)).status_code for slug in (draft, "gibt-es-nicht")]
            assert answers == [404, 404], (role, path)
    auth.logout()
    auth.login_as("admin")
    assert client.get(f"/processes/{draft}/oparl/paper/{draft}").status_code == 200


@pytest.mark.parametrize("rows", [
    {"committee_3": "Hauptausschuss"},
    {"committee_3": "Hauptausschuss", "date_3": "2026-08-19", "role_3": "Vorberatung"},
    {"date_5": "2026-08-19"},
    {"role_2": "Entscheidung", "remove_7": "y"},
    {"committee_999": "Hauptausschuss"},
])
def test_sparse_beratungsfolge_rows_are_read_by_their_number(client, auth, app, users, process, rows):
    """Rows missing in the request (a hand-made POST with only `committee_3`) count as empty rows, no 500."""
    auth.login_as("admin")
    data = {"kind": "mitteilung", "reference": "", "report_date": "", "betreff": "", "antrag": ""}
    response = client.post(_url(process), data={**data, **rows})
    assert response.status_code in (302, 400)
    if "committee_3" in rows and "date_3" in rows:
        assert response.status_code == 302
        with app.app_context():
            draft = db.session.scalar(select(ReportDraft))
            assert draft.beratungsfolge == [{"committee": "Hauptausschuss", "date": "2026-08-19",
                                             "role": "Vorberatung"}]


def _validator(object_type):
    from pathlib import Path

    from analysis.report_render.oparl import oparl_validator

    schema_dir = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "oparl-1.1" / "schema"
    if not schema_dir.is_dir():
        schema_dir = Path("/work/shared/data/oparl-1.1/schema")
    if not schema_dir.is_dir():
        pytest.skip("OParl 1.1 schemas not found")
    return oparl_validator(schema_dir, object_type)


def test_every_oparl_object_the_paper_links_to_resolves_and_validates(client, auth, app, users, process):
    with app.app_context():
        _with_proposals(process, 2)
    auth.login_as("admin")
    _export(client, process, "pdf")
    paper = client.get(f"/processes/{process}/oparl/paper/{process}").get_json()
    _validator("Paper").validate(paper)
    for key in ("reference", "relatedPaper", "license", "web"):
        assert key in paper or key == "reference", key  # no Drucksachen-Nr. in the default draft
    assert paper["relatedPaper"] == [] and paper["web"] == f"http://localhost/processes/{process}/"
    assert len(paper["mainFile"]["sha512Checksum"]) == 128 and paper["mainFile"]["size"] > 1000

    def fetch(url, object_type):
        response = client.get(_path(url))
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == "application/json"
        obj = response.get_json()
        if object_type:
            _validator(object_type).validate(obj)
            assert obj["id"] == url
        return obj

    body = fetch(paper["body"], "Body")
    system = fetch(body["system"], "System")
    assert client.get(_path(system["body"])).get_json()["data"] == [body]
    organizations = fetch(body["organization"], None)["data"]
    assert [o["name"] for o in organizations][-1] == "Ratsversammlung"
    for step in paper["consultation"]:
        standalone = fetch(step["id"], "Consultation")
        assert standalone["role"] == step["role"]
        for url in step["organization"]:
            assert fetch(url, "Organization") in organizations
    assert fetch(body["paper"], None)["data"] == [paper]
    assert fetch(body["person"], None)["data"] == [] and fetch(body["meeting"], None)["data"] == []
    assert client.get(f"/processes/{process}/oparl/organization/unbekannt").status_code == 404
    assert client.get(f"/processes/{process}/oparl/paper/{process}/consultation/99").status_code == 404
    assert client.get(f"/processes/{process}/oparl/").headers["Location"].endswith("/oparl/system")


def test_public_oparl_needs_the_configured_base_url(client, app, users, caplog):
    with app.app_context():
        finished = make_process(current="results").slug
    response = client.get(f"/processes/{finished}/oparl/paper/{finished}")
    assert response.status_code == 503
    assert "Es fehlt die öffentliche Adresse" in response.get_data(as_text=True)
    assert "OPARL_BASE_URL is not set" in caplog.text
    app.config["OPARL_BASE_URL"] = "https://beteiligung.kiel.de"
    paper = client.get(f"/processes/{finished}/oparl/paper/{finished}").get_json()
    assert paper["id"] == f"https://beteiligung.kiel.de/processes/{finished}/oparl/paper/{finished}"
    assert paper["body"] == f"https://beteiligung.kiel.de/processes/{finished}/oparl/body/1"
    assert client.get(f"/processes/{finished}/oparl/body/1").status_code == 200
