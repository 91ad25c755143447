"""The themes of a city-scale run read as topics (issue 13): the large demo generator, at a fifth of its size,
analysed as the administration would. Labels contain no stop or filler word and no word twice; no theme is made
mostly of acknowledgement replies; quotes are never repeated and never a one-liner."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from analysis.labels import check_labels, forbidden_label_tokens, nominalised_verbs
from app import create_app
from app.analysis_runs import services
from app.analysis_runs.models import AnalysisItem, AnalysisTheme
from app.analysis_runs.queries import results
from app.core.clock import today
from app.demo import kiel, large, texts
from app.extensions import db
from app.processes.services import find_process
from config import TestConfig
from tests.conftest import clean_database

pytestmark = pytest.mark.slow

CITY = large.Sizes(participants=1_000, proposals=2_000, votes=20_000, comments=10_000, big_thread=400,
                   comment_votes=1_000)
WORD = re.compile(r"[^\W\d_]+")


def _reply_pattern(template: str) -> re.Pattern:
    """A demo reply template as a pattern (its {slots} match anything)."""
    parts = re.split(r"\{[a-z]+\}", template)
    return re.compile("^" + ".+".join(re.escape(part) for part in parts) + "$")


REPLIES = [_reply_pattern(template) for template in texts.REPLIES]


@pytest.fixture(scope="module")
def city_run(app_module):
    from app.demo.seed import seed_kiel

    with app_module.app_context():
        seed_kiel(today())
        large.seed_large(today(), CITY)
        process = find_process(kiel.PROCESS_SLUG)
        run = services.run_analysis_sync(process.id)
        return run.id


@pytest.fixture(scope="module")
def app_module(database_url, _schema, tmp_path_factory):
    """One app (and one seeded database) for the module: seeding and analysing take a while."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    app.instance_path = str(tmp_path_factory.mktemp("city"))
    yield app
    with app.app_context():
        db.session.remove()
        clean_database()
        db.engine.dispose()


def test_city_scale_labels_are_words_a_person_would_write(app_module, city_run):
    forbidden = forbidden_label_tokens()
    with app_module.app_context():
        themes = db.session.scalars(select(AnalysisTheme).where(AnalysisTheme.run_id == city_run)).all()
        assert 5 <= len(themes) <= 60
        bad = {}
        for theme in themes:
            words = [word.casefold() for word in WORD.findall(theme.label)]
            if not words or set(words) & forbidden or len(words) != len(set(words)):
                bad[theme.label] = sorted(set(words) & forbidden)
        assert bad == {}
        # no inflected fragment, connecting words only between words, no label twice (library's own check)
        texts = db.session.scalars(select(AnalysisItem.excerpt).where(AnalysisItem.run_id == city_run)).all()
        assert check_labels([theme.label for theme in themes], nominalised=nominalised_verbs(texts)) == {}


def test_city_scale_themes_are_not_made_of_acknowledgements_and_quotes_are_evidence(app_module, city_run):
    with app_module.app_context():
        rows = db.session.execute(select(AnalysisItem.theme_id, AnalysisItem.excerpt, AnalysisItem.exclusion)
                                  .where(AnalysisItem.run_id == city_run, AnalysisItem.kind == "comment")).all()
        replies = [row for row in rows if any(pattern.match(row.excerpt) for pattern in REPLIES)]
        assert replies and sum(row.exclusion is not None for row in replies) / len(replies) > 0.9
        members: dict[int, list[bool]] = {}
        for theme_id, excerpt, _ in rows:
            if theme_id is not None:
                members.setdefault(theme_id, []).append(any(pattern.match(excerpt) for pattern in REPLIES))
        assert all(sum(flags) / len(flags) < 0.5 for flags in members.values())

        from app.analysis_runs.models import AnalysisRun
        run = db.session.get(AnalysisRun, city_run)
        quoted = [quote for themes in results.themes_by_pillar(run).values() for theme in themes
                  for quote in theme.quotes]
        assert quoted and len({quote.text for quote in quoted}) == len(quoted)
        assert all(len(WORD.findall(quote.text)) >= 8 for quote in quoted)
        assert sum(run.results["themes"]["excluded"].values()) > 0
