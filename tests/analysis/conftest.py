"""Fixtures for the analysis tests (independent of the web app's tests/conftest.py)."""

import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# Reference data lives next to the repository (../shared/data in CI, /work/shared/data here).
DATA_DIR = REPO_ROOT.parent / "shared" / "data"

THEMED_TEXTS = {
    "rad": [
        ("Radweg sanieren", "Der Radweg an der Hauptstraße ist voller Schlaglöcher, Radfahrer stürzen."),
        ("Fahrradbügel", "Mehr Fahrradbügel am Bahnhof, die Fahrräder stehen überall auf dem Gehweg."),
        ("Radwege verbreitern", "Radwege verbreitern, damit Radfahrer sicher überholen können."),
        ("Fahrradstraße", "Eine Fahrradstraße für Radfahrer durch das Viertel einrichten."),
        ("Radverkehr", "Ampeln für den Radverkehr schalten, Radfahrer warten zu lange am Radweg."),
        ("Lastenräder", "Parkplätze für Lastenräder und Fahrräder am Marktplatz."),
    ],
    "spiel": [
        ("Spielplatz erneuern", "Der Spielplatz im Park braucht neue Spielgeräte für Kinder."),
        ("Schaukeln", "Auf dem Spielplatz fehlen Schaukeln und Sandkisten für kleine Kinder."),
        ("Kinderspielplatz", "Kinder brauchen einen sauberen Spielplatz mit Klettergerüst."),
        ("Spielgeräte", "Die Spielgeräte auf dem Spielplatz sind kaputt, Kinder verletzen sich."),
        ("Bolzplatz", "Ein Bolzplatz neben dem Spielplatz für ältere Kinder und Jugendliche."),
        ("Wasserspielplatz", "Ein Wasserspielplatz für Kinder im Sommer wäre schön."),
    ],
    "ehrenamt": [
        ("Ehrenamtskoordination", "Eine Ehrenamtskoordination im Rathaus für alle Vereine."),
        ("Ehrenamt stärken", "Das Ehrenamt in Vereinen braucht eine zentrale Koordination."),
        ("Ehrenamtskarte", "Eine Ehrenamtskarte mit Vergünstigungen für Ehrenamtliche."),
        ("Freiwillige", "Ehrenamtliche und Freiwillige brauchen Räume für ihre Vereine."),
        ("Vereinsförderung", "Vereine und Ehrenamt finanziell fördern, Ehrenamtliche entlasten."),
        ("Ehrenamtsbörse", "Eine Ehrenamtsbörse vermittelt Ehrenamtliche an Vereine."),
    ],
}


def themed_records():
    records = []
    for theme, items in THEMED_TEXTS.items():
        for number, (title, text) in enumerate(items):
            records.append({"id": f"{theme}{number}", "title": title, "text": text, "theme": theme})
    return records


@pytest.fixture
def records():
    return themed_records()


@pytest.fixture
def data_dir():
    if not DATA_DIR.is_dir():
        pytest.skip(f"reference data not found at {DATA_DIR}")
    return DATA_DIR


def two_camp_votes(n_per_group=8, n_statements=10, seed=0):
    """Votes of two camps that agree/disagree in opposite ways; statement 0 is consensus."""
    import numpy as np

    rng = np.random.default_rng(seed)
    rows = []
    for group in (0, 1):
        for person in range(n_per_group):
            voter = f"v{group}-{person}"
            for statement in range(n_statements):
                if statement == 0:
                    vote = 1
                else:
                    vote = 1 if (statement % 2 == group) else -1
                    if rng.random() < 0.1:
                        vote = 0
                rows.append({"voter-id": voter, "comment-id": str(statement), "vote": vote})
    return rows


@pytest.fixture(scope="session")
def chart_images():
    """One Chromium (via kaleido) for all report tests; tests that need images skip without it."""
    from analysis.report_render.charts import ChartImages

    charts = ChartImages()
    charts.start()
    yield charts
    charts.stop()
