"""The issue's end-to-end test: the Kiel demo process, analysed, exported in EVERY format through
`flask report export`, and the content checked against the database.

One module-scoped export (each chart format starts Chromium once) feeds all tests here; chart
images are on where Debian's Chromium is installed (/usr/bin/chromium), else the tables stand in.
Only the module's own app is used: the function-scoped `app` fixture would empty the database.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from analysis.privacy import suppress_small
from analysis.report_labels import GERMAN_LABELS, format_int
from analysis.report_render.charts import find_browser
from app import create_app
from app.analysis_runs.queries.results import opinions_data, themes_by_pillar
from app.analysis_runs.services import run_analysis_sync
from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.passwords import hash_password
from app.comments.models import Comment
from app.core.clock import today
from app.demo import kiel
from app.demo.seed import seed_kiel
from app.extensions import db
from app.processes.models import Process
from app.proposals.models import Proposal, Vote
from app.report.services import save_draft
from app.surveys.models import Survey, SurveyResponse
from config import TestConfig
from tests.auth.factories import PASSWORD
from tests.conftest import clean_database

# One export of every format with chart images (Chromium) for the whole module: ~25 s.
pytestmark = pytest.mark.slow

FORMATS = ("docx", "pdf", "html", "md", "oparl")
SLUG = kiel.PROCESS_SLUG
SCHEMA_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "oparl-1.1" / "schema"
CHROMIUM = find_browser() is not None
DRAFT = {
    "kind": "mitteilung", "reference": "0925/2026", "report_date": date(2026, 6, 15), "betreff": "", "antrag": "",
    "beratungsfolge": [{"committee": "Hauptausschuss", "date": "2026-08-19", "role": "Kenntnisnahme"},
                       {"committee": "Ratsversammlung", "date": "2026-09-03", "role": "Entscheidung"}],
}
L = GERMAN_LABELS


def _figures(process: Process) -> dict[str, int]:
    """The counts the report must print, queried here independently of app/dashboard."""
    visible = select(Proposal.id).where(Proposal.process_id == process.id, Proposal.withdrawn_at.is_(None),
                                        Proposal.hidden_at.is_(None))
    proposal_authors = set(db.session.scalars(select(Proposal.author_id).where(Proposal.id.in_(visible))))
    comments = db.session.execute(select(Comment.author_id).where(
        Comment.proposal_id.in_(visible), Comment.deleted_at.is_(None), Comment.hidden_at.is_(None))).scalars().all()
    votes = db.session.execute(select(Vote.user_id).where(Vote.proposal_id.in_(visible))).scalars().all()
    responses = db.session.execute(select(SurveyResponse.user_id).join(Survey).where(
        Survey.process_id == process.id, Survey.status != "draft", SurveyResponse.status == "complete")).scalars().all()
    accounts = proposal_authors | set(comments) | set(votes) | {user for user in responses if user is not None}
    return {"participants": len(accounts) + sum(1 for user in responses if user is None),
            "proposals": len(db.session.scalars(visible).all()),
            "comments": len(comments), "votes": len(votes), "survey_responses": len(responses)}


@pytest.fixture(scope="module")
def exported(database_url, _schema, tmp_path_factory):
    """Seed the demo, analyse it, save a draft and export every format with the CLI."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, REPORT_CHART_IMAGES=False)
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    out = tmp_path_factory.mktemp("report")
    with app.app_context():
        seed_kiel(today())
        process = db.session.scalar(select(Process).where(Process.slug == SLUG))
        run = run_analysis_sync(process.id)
        assert run.status == "finished", run.error
        admin = db.session.scalar(select(User).where(User.email == kiel.DEMO_ACCOUNTS[0][1]))
        admin.password_hash = hash_password(PASSWORD)  # to log in for the download tests
        db.session.commit()
        save_draft(process, admin, DRAFT)
        people = [(user.email, user.display_name) for user in db.session.scalars(select(User))]
        refs = list(db.session.scalars(select(Proposal.reference).where(Proposal.process_id == process.id)))
        figures = _figures(process)
        votes = {p.reference: (p.agree_count, p.disagree_count, p.pass_count) for p in
                 db.session.scalars(select(Proposal).where(Proposal.process_id == process.id))}
        themes = any(themes_by_pillar(run).values())
        opinions = opinions_data(run)
        opinions = bool(opinions and opinions.groups)
    runner = app.test_cli_runner()
    files = {}
    for fmt in FORMATS:
        target = out / f"bericht.{fmt}"
        args = ["report", "export", "--process", SLUG, "--format", fmt, "--out", str(target)]
        result = runner.invoke(args=args + ([] if CHROMIUM else ["--no-chart-images"]))
        assert result.exit_code == 0, result.output
        files[fmt] = target
    yield {"app": app, "files": files, "people": people, "refs": refs, "figures": figures, "votes": votes,
           "themes": themes, "opinions": opinions}
    with app.app_context():
        db.session.remove()
        clean_database()
        db.engine.dispose()


def _docx_text(path) -> tuple[object, str]:
    from docx import Document

    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def _pdf_text(path) -> tuple[object, str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return reader, "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def texts(exported):
    """The plain text of every output (tags stripped from HTML)."""
    files = exported["files"]
    html = files["html"].read_text(encoding="utf-8")
    return {"md": files["md"].read_text(encoding="utf-8"), "html": html,
            "html_text": re.sub(r"<[^>]+>", " ", html), "docx": _docx_text(files["docx"])[1],
            "pdf": _pdf_text(files["pdf"])[1], "oparl": files["oparl"].read_text(encoding="utf-8")}


def _headings() -> list[str]:
    """The headings of a Geschäftliche Mitteilung (no Antrag) and the Anlagenverzeichnis entries."""
    return [L["betreff"], L["beratungsfolge"], L["sachverhalt"], L["sec_summary"], L["sec_process"],
            L["sec_figures"], L["sec_pillars"], L["sec_surveys"], L["sec_representativeness"], L["sec_moderation"],
            L["anlagen"], L["anlagen_caption"], L["attachment_proposals"], L["attachment_surveys"]]


def _totals_sentence(figures: dict) -> str:
    return L["totals_text"].format(**{key: format_int(suppress_small(value)) for key, value in figures.items()})


def test_every_format_was_written(exported):
    for fmt, path in exported["files"].items():
        assert path.stat().st_size > 1000, fmt
        assert not Path(f"{path}.part").exists()


@pytest.mark.parametrize("fmt", ["md", "html_text", "docx", "pdf"])
def test_headings_and_figures_match_the_database(exported, texts, fmt):
    text = _flat(texts[fmt])
    assert "Geschäftliche Mitteilung 0925/2026 (Entwurf)" in text
    for heading in _headings():
        assert heading in text, f"{fmt}: {heading!r} missing"
    for pillar, _ in kiel.TOPICS:
        assert pillar in text
    assert _totals_sentence(exported["figures"]) in text
    assert exported["figures"]["proposals"] == 8 and exported["figures"]["survey_responses"] > 0
    assert "03.09.2026" in text and "Hauptausschuss" in text and "Kulturausschuss" not in text
    assert L["sec_opinions"] in text, "the opinion section is there, with groups or with the reason why there are none"
    # A Geschäftliche Mitteilung only informs: no Antrag, nobody decides (the draft said "Entscheidung").
    assert f" {L['antrag']} " not in f" {text} " and "Entscheidung" not in text
    assert L["default_antrag"].split("„")[0] not in text


def test_markdown_structure_and_anlage_1(exported, texts, tmp_path):
    from analysis.report_render.anlagen import export_anlagen
    from app.report.rendering import build_process_report

    markdown = texts["md"]
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        "## Betreff", "## Beratungsfolge", "## Sachverhalt/Begründung", "## Anlagen"]
    with exported["app"].test_request_context():
        process = db.session.scalar(select(Process).where(Process.slug == SLUG))
        files = export_anlagen(build_process_report(process), tmp_path)
    anlage_1 = files[1].read_text(encoding="utf-8-sig")  # the CSV of Anlage 1
    assert files[1].name in markdown, "the Anlagenverzeichnis names the file"
    for ref, (agree, disagree, passed) in exported["votes"].items():
        row = next(line for line in anlage_1.splitlines() if line.startswith(f"{ref};"))
        assert f";{agree};{disagree};{passed};" in row
    assert len(exported["refs"]) == 8
    if exported["themes"]:
        assert re.search(r"„[^“]+“ \(ENG-2026-\d{4}", markdown), "themes cite quotes by reference number"


def test_docx_opens_with_word_heading_styles_and_images(exported):
    document, text = _docx_text(exported["files"]["docx"])
    styles = {paragraph.style.name: [] for paragraph in document.paragraphs}
    for paragraph in document.paragraphs:
        styles[paragraph.style.name].append(paragraph.text)
    assert styles["Title"] == ["Geschäftliche Mitteilung 0925/2026 (Entwurf)"]
    assert styles["Heading 1"] == [L["betreff"], L["beratungsfolge"], L["sachverhalt"], L["anlagen"]]
    assert L["sec_figures"] in styles["Heading 2"] and L["sec_moderation"] in styles["Heading 2"]
    assert kiel.TOPICS[0][0] in styles["Heading 3"]
    assert len(document.tables) > 5
    if CHROMIUM:
        assert len(document.inline_shapes) >= 5, "charts should be images"
    else:
        assert L["chart_as_table"] in text


def test_pdf_is_a4_with_extractable_text_and_bookmarks(exported, texts):
    reader, _ = _pdf_text(exported["files"]["pdf"])
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert L["betreff"] in titles and L["anlagen"] in titles
    assert "ENG-2026-0001" in texts["pdf"]


def test_html_is_self_contained(texts):
    html = texts["html"]
    assert '<html lang="de"' in html and "<script" not in html.lower()
    assert "<caption>" in html and 'scope="col"' in html
    if CHROMIUM:
        assert "<svg" in html


def test_oparl_paper_is_valid_and_describes_the_draft(exported):
    paper = json.loads(exported["files"]["oparl"].read_text(encoding="utf-8"))
    assert paper["paperType"] == "Geschäftliche Mitteilung" and paper["reference"] == "0925/2026"
    assert paper["date"] == "2026-06-15"
    assert [(c["keyword"], c["authoritative"]) for c in paper["consultation"]] == [
        (["Hauptausschuss"], False), (["Ratsversammlung"], False)]  # a Mitteilung: nobody decides
    names = [file["name"] for file in paper["auxiliaryFile"]]
    assert names[0] == L["anlage"].format(number=1, title=L["attachment_proposals"])
    assert names[-1] == L["anlage"].format(number=len(names), title=L["attachment_surveys"])
    if not SCHEMA_DIR.is_dir():
        pytest.skip(f"OParl schemas not found at {SCHEMA_DIR} (../shared/data is absent)")
    from analysis.report_render import oparl_validator

    errors = sorted(oparl_validator(SCHEMA_DIR).iter_errors(paper), key=str)
    assert errors == [], [error.message for error in errors[:5]]


def _login(client):
    response = client.post("/auth/login", data={"email": kiel.DEMO_ACCOUNTS[0][1], "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("fmt", ["md", "oparl"])
def test_export_job_returns_the_same_document(exported, fmt):
    app = exported["app"]
    client = app.test_client()
    _login(client)
    started = client.post(f"/admin/processes/{SLUG}/report/exports", data={fmt: "y"})
    assert started.status_code == 302
    extension = "oparl.json" if fmt == "oparl" else fmt
    name = f"bericht-{SLUG}-2026-06-15.{extension}"
    status = client.get(started.headers["Location"]).get_data(as_text=True)
    assert f'/{name}"' in status
    response = client.get(started.headers["Location"] + "/" + name)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"
    assert response.data == exported["files"][fmt].read_bytes()
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export_report")
                                   .order_by(AuditEntry.id.desc())).first()
        assert (entry.details, entry.actor_name) == (fmt, kiel.DEMO_ACCOUNTS[0][2])


def test_attachment_csvs_are_served_as_the_paper_describes(exported):
    paper = json.loads(exported["files"]["oparl"].read_text(encoding="utf-8"))
    client = exported["app"].test_client()
    _login(client)
    anlage_1 = None
    for file in paper["auxiliaryFile"]:
        response = client.get(urlsplit(file["accessUrl"]).path)
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert len(response.data) == file["size"]
        assert hashlib.sha512(response.data).hexdigest() == file["sha512Checksum"]
        anlage_1 = anlage_1 or response.data.decode("utf-8-sig")
    for ref in exported["refs"]:
        assert f"\r\n{ref};" in anlage_1


def test_no_personal_data_in_any_output(exported, texts):
    paper = json.loads(texts["oparl"])
    client = exported["app"].test_client()
    _login(client)
    csvs = "".join(client.get(urlsplit(file["accessUrl"]).path).data.decode("utf-8-sig")
                   for file in paper["auxiliaryFile"])
    for fmt, text in {**texts, "csv": csvs}.items():
        flat = _flat(text)
        for email, name in exported["people"]:
            assert email not in flat, f"{fmt} contains an e-mail address"
            assert name not in flat, f"{fmt} contains the display name {name!r}"
        assert not re.search(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", flat), f"{fmt} contains an e-mail address"
