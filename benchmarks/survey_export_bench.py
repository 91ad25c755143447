"""Survey export benchmark: 250,000 responses through the real export code, time and peak memory (JSON).

    .venv/bin/python benchmarks/survey_export_bench.py                      # SQLite in a temp dir
    .venv/bin/python benchmarks/survey_export_bench.py --responses 25000    # smaller
    .venv/bin/python benchmarks/survey_export_bench.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/ratschlag_bench   # an EMPTY scratch database

The data set (a 13-question survey with conditional questions and demographics, ~10 answers per
response) is bulk-inserted once. Every export then runs in its own fresh process so that its peak
RSS (`ru_maxrss`) is its own: CSV via the CLI path (`write_csv`), CSV via the streamed HTTP body
(`export_response`, consumed chunk by chunk), and XLSX (`write_xlsx`, constant_memory). Before each export the
kernel's peak-RSS mark is reset (/proc/self/clear_refs), so `peak_rss_mb` is the peak *during* the export
and `export_extra_mb` what the export adds on top of the loaded app; "baseline" does no export.
The same exports at a tenth of the size show that memory does not grow with the number of responses.
Decidim's survey export runs out of memory at this size; the target here is a flat, small footprint.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.memory import reset_peak, status_mb  # noqa: E402

BATCH = 5000
MODES = ("baseline", "csv", "csv_http", "xlsx")
IDEAS = ["Mehr Räume für Vereine im Stadtteil", "Eine Ehrenamtskarte mit Vergünstigungen",
         "Fortbildungen am Abend und online", "Freistellung durch Arbeitgeber", "Ein Fest für alle Engagierten",
         "Bessere Information über Angebote", "Weniger Bürokratie bei Förderanträgen"]


def make_app(database_url: str):
    from app import create_app
    from config import Config

    return create_app(Config, SQLALCHEMY_DATABASE_URI=database_url, TESTING=True, RATELIMIT_ENABLED=False,
                      SECRET_KEY="benchmark")


def build(database_url: str, responses: int, seed: int = 0) -> dict:
    """Create the schema, one survey and `responses` completed responses; returns ids and timing."""
    from sqlalchemy import insert

    from app.extensions import db
    from app.processes.models import District, Process
    from app.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveySection

    app = make_app(database_url)
    started = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        process = Process(slug="bench", title="Benchmark", summary="", description="", reference_prefix="BEN",
                          published=True)
        db.session.add(process)
        districts = [District(process=process, name=f"Stadtteil {n}", position=n) for n in range(1, 31)]
        db.session.add_all(districts)
        survey = Survey(process=process, title="Benchmark-Umfrage", audience="anonymous", status="open",
                        ask_demographics=True)
        db.session.add(survey)
        sections = [SurveySection(survey=survey, position=n, title=f"Teil {n}") for n in range(1, 4)]
        db.session.add_all(sections)
        keyed = lambda labels, prefix="c": [{"key": f"{prefix}{i}", "label": label}  # noqa: E731
                                            for i, label in enumerate(labels, start=1)]
        spec = [
            (0, "single_choice", "Engagieren Sie sich?", keyed(["Ja", "Nein"]), [], {}),
            (0, "multiple_choice", "Bereiche", keyed([f"Bereich {i}" for i in range(1, 9)]), [],
             {"allow_other": True}),
            (0, "likert", "Kiel würdigt Engagement.", [{"key": str(i), "label": f"Stufe {i}"} for i in range(1, 6)],
             [], {}),
            (0, "scale", "Wie gut informiert?", [], [], {"min_label": "gar nicht", "max_label": "sehr"}),
            (1, "number", "Stunden im Monat", [], [], {"min_value": 0, "max_value": 300}),
            (1, "date", "Seit wann?", [], [], {}),
            (1, "matrix", "Zufriedenheit", keyed(["gut", "mittel", "schlecht"]), keyed(["A", "B", "C", "D"], "r"),
             {}),
            (1, "ranking", "Wichtigste Säulen", keyed([f"Säule {i}" for i in range(1, 6)]), [], {}),
            (2, "single_choice", "Was hindert Sie?", keyed(["Zeit", "Info", "Gesundheit"]), [],
             {"allow_other": True}),
            (2, "short_text", "Stichwort", [], [], {}),
            (2, "long_text", "Ihre Idee", [], [], {}),
        ]
        questions = []
        for position, (section, kind, text, choices, rows, settings) in enumerate(spec, start=1):
            question = SurveyQuestion(survey=survey, section=sections[section], position=position, kind=kind,
                                      text=text, choices=choices, rows=rows, settings=settings)
            db.session.add(question)
            questions.append(question)
        db.session.flush()
        questions[8].condition_question_id, questions[8].condition_value = questions[0].id, "c2"
        db.session.commit()
        q = [question.id for question in questions]
        survey_id, district_ids = survey.id, [district.id for district in districts]

        rng = random.Random(seed)
        moment = datetime(2026, 5, 4, tzinfo=UTC)
        answers_total = 0
        with db.engine.begin() as connection:
            for start in range(0, responses, BATCH):
                response_rows, answer_rows = [], []
                for response_id in range(start + 1, min(start + BATCH, responses) + 1):
                    day = moment + timedelta(days=response_id % 40)
                    response_rows.append({
                        "id": response_id, "survey_id": survey_id, "status": "complete", "current_step": "",
                        "started_at": day, "submitted_at": day, "browser_hash": f"{response_id:064x}",
                        "age_group": rng.choice(["u18", "18-29", "30-44", "45-59", "60-74", "75+", None]),
                        "gender": rng.choice(["female", "male", "diverse", None]),
                        "district_id": rng.choice(district_ids + [None]),
                    })
                    engaged = rng.random() < 0.6
                    values = [(q[0], "c1" if engaged else "c2", None, None, None),
                              (q[1], None, None, sorted(rng.sample([f"c{i}" for i in range(1, 9)], 2)), None),
                              (q[2], None, float(rng.randint(1, 5)), None, None),
                              (q[3], None, float(rng.randint(0, 10)), None, None),
                              (q[4], None, float(rng.randint(0, 40)), None, None),
                              (q[5], f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", None,
                               None, None),
                              (q[6], None, None, {f"r{i}": rng.choice(["c1", "c2", "c3"]) for i in range(1, 5)},
                               None),
                              (q[7], None, None, rng.sample([f"c{i}" for i in range(1, 6)], 5), None)]
                    if not engaged:
                        values.append((q[8], "other", None, None, "Pflege von Angehörigen"))
                    if rng.random() < 0.5:
                        values.append((q[9], rng.choice(["Räume", "Zeit", "Geld", "Anerkennung"]), None, None, None))
                    if rng.random() < 0.4:
                        values.append((q[10], rng.choice(IDEAS), None, None, None))
                    for question_id, text, number, data, other in values:
                        answer_rows.append({"response_id": response_id, "question_id": question_id,
                                            "value_text": text, "value_number": number, "value_json": data,
                                            "other_text": other})
                connection.execute(insert(SurveyResponse.__table__), response_rows)
                connection.execute(insert(SurveyAnswer.__table__), answer_rows)
                answers_total += len(answer_rows)
        db.engine.dispose()
    return {"survey_id": survey_id, "responses": responses, "answers": answers_total,
            "generate_seconds": round(time.perf_counter() - started, 1)}


def run_export(database_url: str, survey_id: int, mode: str, out_dir: str) -> dict:
    """One export in this (fresh) process; returns time, peak RSS and output size."""
    from app.extensions import db
    from app.surveys.export import export_response, write_csv, write_xlsx
    from app.surveys.services import get_survey

    app = make_app(database_url)
    path = Path(out_dir) / f"export-{mode}.{'xlsx' if mode == 'xlsx' else 'csv'}"
    with app.test_request_context():
        survey = get_survey(survey_id)
        survey.questions()
        rss_before = status_mb("VmRSS")
        peak_reset = reset_peak()
        started = time.perf_counter()
        rows = 0
        if mode == "csv":
            with open(path, "w", encoding="utf-8", newline="") as handle:
                rows = write_csv(survey, handle)
        elif mode == "xlsx":
            rows = write_xlsx(survey, str(path))
        elif mode == "csv_http":
            response = export_response(survey, "csv")
            with open(path, "wb") as handle:
                for chunk in response.response:  # the streamed body, as the WSGI server would send it
                    handle.write(chunk)
            rows = sum(1 for _line in open(path, encoding="utf-8", newline="")) - 1  # no newlines inside cells
        seconds = time.perf_counter() - started
        db.engine.dispose()
    peak = status_mb("VmHWM") if peak_reset else None
    if peak is None:  # no /proc: the process-lifetime peak (includes start-up)
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    size = path.stat().st_size if path.exists() else 0
    if path.exists():
        path.unlink()
    return {"seconds": round(seconds, 1), "rss_before_mb": rss_before, "peak_rss_mb": peak,
            "export_extra_mb": round(peak - rss_before, 1) if rss_before is not None else None, "rows": rows,
            "file_mb": round(size / 1024 / 1024, 1)}


def _child(database_url: str, survey_id: int, mode: str, out_dir: str) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--database-url", database_url,
               "--survey-id", str(survey_id), "--out-dir", out_dir]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(database_url: str, responses: int, out_dir: str, modes=MODES) -> dict:
    built = build(database_url, responses)
    exports = {mode: _child(database_url, built["survey_id"], mode, out_dir) for mode in modes}
    for mode in modes:
        if mode != "baseline":
            exports[mode]["responses_per_second"] = round(responses / max(exports[mode]["seconds"], 0.001))
    return {**built, "exports": exports}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=250_000)
    parser.add_argument("--database-url", default=None, help="an empty scratch database (default: temp SQLite)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the 1/10 size run")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--survey-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_export(args.database_url, args.survey_id, args.child, args.out_dir)))
        return
    with tempfile.TemporaryDirectory(prefix="ratschlag-bench-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        report = {"database": url.split(":", 1)[0], "cpu_count": os.cpu_count(), "python": sys.version.split()[0]}
        if not args.no_scaling:
            report["small"] = measure(url, max(args.responses // 10, 1), tmp)
        report["full"] = measure(url, args.responses, tmp)
        if not args.no_scaling:
            report["memory_growth_mb_for_10x_responses"] = {
                mode: round(report["full"]["exports"][mode]["export_extra_mb"]
                            - report["small"]["exports"][mode]["export_extra_mb"], 1)
                for mode in MODES if report["full"]["exports"][mode]["export_extra_mb"] is not None}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
