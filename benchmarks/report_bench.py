"""Speed benchmark for the council report at city scale (run by hand, prints JSON).

    .venv/bin/python benchmarks/report_bench.py                 # with chart images (Chromium)
    .venv/bin/python benchmarks/report_bench.py --no-chart-images

Builds a ``ReportData`` like ``flask demo --scale large`` would yield (10,000 proposals in
the Anlage, 200,000 votes and 50,000 comments aggregated into them, 5 pillars, 30 districts,
surveys, opinion groups), then the report and every format, sharing one Chromium.
Target (2 shared cores): total < 60 s.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.report_builder import build_report  # noqa: E402
from analysis.report_data import (  # noqa: E402
    Category,
    Dimension,
    DistrictCount,
    LabelCount,
    Moderation,
    OpinionGroup,
    Opinions,
    Participation,
    Phase,
    PillarCount,
    PillarResult,
    ProcessInfo,
    ProposalRow,
    Quote,
    ReportData,
    Representativeness,
    Statement,
    Survey,
    SurveyOption,
    SurveyQuestion,
    Theme,
    TimelinePoint,
    report_data_from_dict,
    report_data_to_dict,
)
from analysis.report_render import FORMATS, export_report  # noqa: E402
from analysis.report_render.charts import ChartImages  # noqa: E402

PILLARS = ["Engagement in öffentlichen Strukturen verankern", "Anerkennungskultur entwickeln",
           "Zusammenarbeit mit Institutionen und Wirtschaft", "Stärkung und Vernetzung der Engagierten",
           "Erarbeitung einer Engagement-Strategie"]
WORDS = ("Ehrenamt Verein Nachbarschaft Ehrenamtskarte Räume Förderung Beratung Jugend Senioren Sport "
         "Kultur Quartier Anerkennung Fortbildung Netzwerk Freiwilligenagentur Stadtteil Treffpunkt").split()


def large_report_data(n_proposals=10_000, n_votes=200_000, n_comments=50_000, seed=0) -> ReportData:
    """Synthetic city-scale aggregates (fixed seed)."""
    rng = random.Random(seed)
    districts = [f"Stadtteil {i:02d}" for i in range(30)]
    weights = [rng.paretovariate(1.2) for _ in range(n_proposals)]
    votes = [0] * n_proposals
    for index in rng.choices(range(n_proposals), weights=weights, k=n_votes):
        votes[index] += 1
    comments = [0] * n_proposals
    for index in rng.choices(range(n_proposals), weights=weights, k=n_comments):
        comments[index] += 1
    proposals = []
    for i, total in enumerate(votes):
        agree = int(total * rng.uniform(0.3, 0.9))
        disagree = int((total - agree) * rng.random())
        title = " ".join(rng.choices(WORDS, k=rng.randint(3, 9)))
        proposals.append(ProposalRow(
            f"ENG-2026-{i + 1:05d}", title.capitalize(), PILLARS[i % 5], districts[i % 30],
            rng.choice(["eingereicht", "in Prüfung", "beantwortet", "umgesetzt"]), agree, disagree,
            total - agree - disagree, comments[i], "Die Verwaltung prüft den Vorschlag." if i % 4 == 0 else ""))
    start = date(2026, 3, 1)
    pillars = [PillarResult(name, themes=[
        Theme(" ".join(rng.sample(WORDS, 3)), rng.randint(20, 400),
              [Quote(f"ENG-2026-{rng.randint(1, n_proposals):05d}", " ".join(rng.choices(WORDS, k=20)))
               for _ in range(3)]) for _ in range(15)]) for name in PILLARS]
    return ReportData(
        process=ProcessInfo("Engagement-Strategie Kiel", "engagement-strategie",
                            "Beteiligung zur Engagement-Strategie.",
                            [Phase("Ideen sammeln", start, start + timedelta(days=60)),
                             Phase("Bewerten", start + timedelta(days=61), start + timedelta(days=90))]),
        participation=Participation(
            5000, n_proposals, n_comments, n_votes, 2400,
            [TimelinePoint(start + timedelta(days=d), c, rng.randint(0, 400))
             for d in range(90) for c in ("online", "Veranstaltung", "Papier")],
            [DistrictCount(d, rng.randint(2, 400), rng.randint(2, 600)) for d in districts],
            [PillarCount(p, 1000, n_proposals // 5, n_comments // 5, n_votes // 5) for p in PILLARS]),
        pillars=pillars,
        opinions=Opinions(3800, [OpinionGroup(chr(65 + g), 1500 // (g + 1), [
            Statement(" ".join(rng.choices(WORDS, k=12)), f"ENG-2026-{rng.randint(1, n_proposals):05d}", "agree",
                      rng.random()) for _ in range(5)]) for g in range(5)],
            [Statement(" ".join(rng.choices(WORDS, k=12)), "ENG-2026-00001", "agree", 0.8)]),
        surveys=[Survey(f"Umfrage {s + 1}", 1200, [SurveyQuestion(f"Frage {q + 1}", 1200, [
            SurveyOption(f"Antwort {o + 1}", rng.randint(1, 400)) for o in range(5)]) for q in range(10)])
            for s in range(2)],
        representativeness=Representativeness([Dimension("Altersgruppe", [
            Category(a, rng.randint(3, 1500), s) for a, s in
            zip(["unter 18", "18–29", "30–49", "50–64", "65+"], [0.15, 0.21, 0.27, 0.2, 0.17])])]),
        moderation=Moderation([LabelCount(r, rng.randint(1, 300)) for r in ("Beleidigung", "Spam", "Werbung")],
                              [LabelCount(a, rng.randint(1, 300)) for a in ("ausgeblendet", "bestätigt")], 6.0),
        proposals=proposals,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-chart-images", action="store_true")
    args = parser.parse_args()
    timings, sizes = {}, {}
    clock = time.perf_counter()
    data = large_report_data()
    timings["synthetic_data_s"] = round(time.perf_counter() - clock, 2)
    overall = time.perf_counter()
    clock = time.perf_counter()
    data = report_data_from_dict(json.loads(json.dumps(report_data_to_dict(data))))
    timings["json_round_trip_s"] = round(time.perf_counter() - clock, 2)
    clock = time.perf_counter()
    report = build_report(data, today=date(2026, 6, 15))
    timings["build_report_s"] = round(time.perf_counter() - clock, 2)
    clock = time.perf_counter()
    with ChartImages(enabled=not args.no_chart_images) as charts:
        timings["chromium_start_s"] = round(time.perf_counter() - clock, 2)
        for fmt in FORMATS:
            clock = time.perf_counter()
            out = io.BytesIO()
            export_report(report, fmt, out, charts=charts)
            timings[f"{fmt}_s"] = round(time.perf_counter() - clock, 2)
            sizes[f"{fmt}_bytes"] = len(out.getvalue())
        images = charts.available
    timings["total_s"] = round(time.perf_counter() - overall, 2)
    print(json.dumps({
        "proposals_in_anlage": len(report.attachments[0].tables[0].rows), "votes": data.participation.votes,
        "chart_images": images, "timings": timings, "sizes": sizes, "target_total_s": 60,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }, indent=2))


if __name__ == "__main__":
    main()
