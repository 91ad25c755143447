"""Dashboard charts: plain dicts, deterministic, accessible, each with its table; small counts hidden."""

import json

import pytest
from report_fixture import DISTRICTS, kiel_report_data, proposals

from analysis import dashboards, dashboards_results
from analysis.chart_style import PALETTE, PATTERNS, SYMBOLS, contrast_ratio


@pytest.fixture(scope="module")
def data():
    return kiel_report_data()


def charts(data):
    p = data.participation
    points = [{"x": (i % 7) * 1.0, "y": (i % 5) * 1.0 + (i % 3), "theme": f"Thema {i % 3}", "ref": f"ENG-{i}"}
              for i in range(60)]
    return {
        "timeline": dashboards.participation_over_time(p.timeline),
        "district": dashboards.participation_by_district(p.by_district),
        "pillar": dashboards.participation_by_pillar(p.by_pillar),
        "votes": dashboards.votes_distribution(data.proposals),
        "top": dashboards.top_proposals(data.proposals, n=5),
        "survey": dashboards.survey_question(data.surveys[0].questions[0]),
        "representativeness": dashboards.representativeness(data.representativeness.dimensions[0]),
        "moderation": dashboards.moderation_figures(data.moderation.reports_by_reason, data.moderation.actions),
        "theme_map": dashboards_results.theme_map(points),
        "groups": dashboards_results.opinion_groups(data.opinions.groups, data.opinions.consensus),
    }


def test_every_chart_is_a_json_ready_figure_with_a_table(data):
    for name, chart in charts(data).items():
        assert set(chart.figure) >= {"data", "layout"}, name
        assert "template" not in chart.figure["layout"], name
        json.dumps(chart.figure)
        assert chart.table.caption and chart.table.columns and chart.table.rows, name


def test_charts_are_deterministic(data):
    first = {name: json.dumps(c.figure, sort_keys=True) for name, c in charts(data).items()}
    second = {name: json.dumps(c.figure, sort_keys=True) for name, c in charts(data).items()}
    assert first == second


def test_palette_has_enough_contrast_and_series_differ_beyond_colour():
    assert all(contrast_ratio(colour) >= 3.0 for colour in PALETTE)
    assert len(set(PATTERNS)) == len(PATTERNS) == len(PALETTE) and len(set(SYMBOLS)) == len(SYMBOLS)


def test_bar_series_carry_patterns_and_value_labels(data):
    bars = charts(data)["pillar"].figure["data"]
    assert len({trace["marker"]["pattern"]["shape"] for trace in bars}) == len(bars) == 3
    assert all(trace["text"] for trace in bars)


def test_small_counts_are_labelled_zero_bars_in_the_chart_and_marked_in_the_table(data):
    chart = dashboards.participation_by_district(data.participation.by_district)
    participants = chart.figure["data"][0]
    holtenau = participants["y"].index("Holtenau")
    assert participants["x"][holtenau] == 0 and participants["text"][holtenau] == "< 5"
    assert participants["textposition"][holtenau] == "outside"
    assert ["Holtenau", "< 5", "< 5"] in chart.table.rows
    assert "_marks" not in participants  # our helper key never reaches plotly


def test_charts_speak_german_numbers(data):
    everything = charts(data)
    for name, chart in everything.items():
        assert chart.figure["layout"]["separators"] == ",.", name
    bars = dashboards.participation_by_district(
        [{"district": "Gaarden", "participants": 12345, "proposals": 7}]).figure
    assert bars["data"][0]["text"] == ["12.345"] and bars["data"][1]["text"] == ["7"]
    assert bars["layout"]["xaxis"]["tickformat"] == ",d"  # counts: integer ticks with thousands dots
    assert bars["layout"]["xaxis"]["exponentformat"] == "none"  # never "12k"
    english = dashboards.participation_by_district([{"district": "A", "participants": 12345, "proposals": 7}],
                                                   labels={"_decimal": ".", "_thousands": ","}).figure
    assert english["layout"]["separators"] == ".," and english["data"][0]["text"] == ["12,345"]


def test_small_count_scales_tick_every_integer_and_shares_keep_decimals():
    from analysis.chart_style import format_number

    small = dashboards.participation_by_district([{"district": "A", "participants": 9, "proposals": 6}]).figure
    assert (small["layout"]["xaxis"]["dtick"], small["layout"]["xaxis"]["tick0"]) == (1, 0)
    assert format_number(0.5) == "0,5" and format_number(80.0) == "80" and format_number(11785) == "11.785"
    assert format_number(1234.25) == "1.234,25"


def test_an_empty_chart_is_recognised():
    from analysis.chart_style import has_data

    empty = dashboards.participation_by_district([{"district": "A", "participants": 0, "proposals": 0}]).figure
    assert not has_data(empty) and empty["layout"]["xaxis"]["range"] == [0, 1]
    suppressed = dashboards.participation_by_district([{"district": "A", "participants": 3, "proposals": 0}]).figure
    assert has_data(suppressed)
    assert not has_data({"data": [], "layout": {}})


def test_timeline_sums_points_per_day_and_channel():
    points = [{"date": "2026-03-02", "channel": "online", "count": 4},
              {"date": "2026-03-02", "channel": "online", "count": 3},
              {"date": "2026-03-03", "channel": "Papier", "count": 9}]
    chart = dashboards.participation_over_time(points)
    assert chart.table.columns == ["Tag", "online", "Papier"]
    assert chart.table.rows == [["02.03.2026", "7", "0"], ["03.03.2026", "0", "9"]]


def test_top_proposals_are_the_most_agreed(data):
    chart = dashboards.top_proposals(data.proposals, n=3)
    assert [row[0] for row in chart.table.rows] == ["ENG-2026-0030", "ENG-2026-0029", "ENG-2026-0028"]
    assert chart.figure["layout"]["barmode"] == "stack"


def test_survey_question_answered_by_fewer_than_five_is_not_charted(data):
    assert dashboards.survey_question(data.surveys[0].questions[2]) is None


def test_opinion_groups_leave_out_small_groups(data):
    chart = dashboards_results.opinion_groups(data.opinions.groups, data.opinions.consensus)
    assert chart.figure["data"][0]["x"] == ["Gruppe A", "Gruppe B"]
    assert "1 Gruppe(n) mit weniger als 5 Personen" in chart.table.notes[0]
    assert chart.table.rows[-1][0] == "Konsens"


def test_theme_map_labels_every_theme_at_its_centre():
    points = [{"x": 0.0, "y": 0.0, "theme": "Räume"}, {"x": 2.0, "y": 2.0, "theme": "Räume"},
              {"x": 10.0, "y": 10.0, "theme": "Karte"}]
    chart = dashboards_results.theme_map(points)
    annotations = {a["text"]: (a["x"], a["y"]) for a in chart.figure["layout"]["annotations"]}
    assert annotations == {"<b>Räume</b>": (1.0, 1.0), "<b>Karte</b>": (10.0, 10.0)}
    assert chart.table.rows[0][:2] == ["Räume", "2"]


def test_filter_rows_by_pillar_and_district():
    rows = proposals()
    picked = dashboards.filter_rows(rows, district=DISTRICTS[0])
    assert picked and all(p.district == DISTRICTS[0] for p in picked)
    assert dashboards.filter_rows(rows, pillar=rows[0].pillar, district=rows[0].district)[0] == rows[0]
    assert len(dashboards.filter_rows([{"pillar": "a"}, {"pillar": "b"}], pillar="a")) == 1


def test_labels_come_from_the_caller(data):
    chart = dashboards.participation_by_district(data.participation.by_district,
                                                 {"district": "District", "participants": "Participants"})
    assert chart.table.columns[:2] == ["District", "Participants"]


def test_number_question_has_a_table_of_answers_and_mean():
    """No options, a mean: the table is not empty (the dashboard said "Keine Daten" for 49 answers)."""
    chart = dashboards.survey_question({"text": "Stunden im Monat", "responses": 49, "options": [], "mean": 12.5})
    assert chart.table.rows == [["Antworten", "49"], ["Mittelwert", "12,50"]]
    assert chart.figure["data"] and dashboards.survey_question({"text": "x", "responses": 3, "mean": 2.0}) is None


def test_moderation_counts_are_shown_exactly_like_the_public_summary():
    chart = dashboards.moderation_figures([{"label": "Spam", "count": 2}, {"label": "Beleidigung", "count": 7}],
                                          [{"label": "ausgeblendet", "count": 1}])
    assert [row[1:] for row in chart.table.rows] == [["Spam", "2"], ["Beleidigung", "7"], ["ausgeblendet", "1"]]
