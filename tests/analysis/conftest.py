"""Fixtures for the analysis tests (independent of the web app's tests/conftest.py)."""

import sys
from pathlib import Path

import pytest

from tests.analysis.corpus import THEMES

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# Reference data lives next to the repository (../shared/data in CI, /work/shared/data here).
DATA_DIR = REPO_ROOT.parent / "shared" / "data"

def themed_records():
    records = []
    for theme, items in THEMES.items():
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
