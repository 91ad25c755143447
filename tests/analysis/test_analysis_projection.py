import numpy as np
import pytest

from analysis.errors import NotEnoughDataError
from analysis.projection import project_texts
from analysis.topics import find_topics


def _centre(points, ids):
    return np.mean([points[i] for i in ids], axis=0)


def test_themes_lie_apart_on_the_map(records):
    themes = {record["id"]: record["theme"] for record in records}
    points = project_texts(records, title_column="title", assignments=themes)
    assert set(points) == set(themes) and all(point is not None for point in points.values())
    assert max(abs(c) for point in points.values() for c in point) == pytest.approx(1.0)
    by_theme = {theme: [i for i, t in themes.items() if t == theme] for theme in set(themes.values())}
    centres = {theme: _centre(points, ids) for theme, ids in by_theme.items()}
    for theme, ids in by_theme.items():
        # every text is closer to its own theme's centre than to any other centre on average
        own = np.mean([np.linalg.norm(np.subtract(points[i], centres[theme])) for i in ids])
        others = min(np.linalg.norm(centres[theme] - centres[other]) for other in centres if other != theme)
        assert own < others


def test_deterministic_and_works_with_topics_output(records):
    topics = find_topics(records, title_column="title", seed=0)
    first = project_texts(records, title_column="title", assignments=topics["assignments"], seed=1)
    second = project_texts(records, title_column="title", assignments=topics["assignments"], seed=1)
    assert first == second


def test_without_themes_and_texts_without_words():
    records = [{"id": "a", "text": "Radweg sanieren"}, {"id": "b", "text": "Spielplatz bauen"},
               {"id": "c", "text": "und oder aber"}, {"id": "d", "text": "Radwege an der Förde"}]
    points = project_texts(records)
    assert points["c"] is None
    assert all(len(points[key]) == 2 for key in "abd")
    single = project_texts([{"id": "x", "text": "Radweg"}])
    assert single == {"x": (0.0, 0.0)}


def test_no_records_is_an_error():
    with pytest.raises(NotEnoughDataError):
        project_texts([], id_column="id", text_column="text")
