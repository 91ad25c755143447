"""Export benchmark on the large demo set: the process XLSX and the open-data files, time and peak memory (JSON).

    # once: a scratch database with the city-scale data set (10,000 proposals, 50,000 comments, 200,000 votes)
    export DATABASE_URL=sqlite:////tmp/ratschlag_d_large.sqlite
    .venv/bin/flask db upgrade && .venv/bin/flask demo && .venv/bin/flask demo --scale large
    # then
    .venv/bin/python benchmarks/export_bench.py --database-url "$DATABASE_URL"

Every export runs in its own fresh process through the real code path and writes its output to a
temporary file chunk by chunk, as a WSGI server would send it:
* `xlsx`: `workbook_response(write_process_workbook)` — the admin download (all five sheets), its file
  wrapper read in chunks;
* `<dataset>.<csv|json>`: GET /processes/<slug>/opendata/<dataset>.<fmt> on the test client, unbuffered, the
  streamed body consumed chunk by chunk.
Before each export the kernel's peak-RSS mark is reset (/proc/self/clear_refs), so `peak_rss_mb` is the
peak *during* the export and `export_extra_mb` what the export adds on top of the loaded app. The clock is
frozen in the demo's results phase, so that the survey results are public.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.memory import reset_peak, status_mb  # noqa: E402

DEFAULT_URL = "sqlite:////tmp/ratschlag_d_large.sqlite"
MODES = ("baseline", "xlsx", "proposals.csv", "proposals.json", "comments.csv", "comments.json",
         "survey-results.csv", "survey-results.json")


def make_app(database_url: str, frozen: datetime | None):
    from app import create_app
    from config import Config

    return create_app(Config, SQLALCHEMY_DATABASE_URI=database_url, TESTING=True, RATELIMIT_ENABLED=False,
                      SECRET_KEY="benchmark", FROZEN_NOW=frozen, PAGE_CACHE_SECONDS=0)


def _results_day(app, slug: str) -> datetime | None:
    """Noon on the first day of the process's results phase (survey results are public then)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.processes.models import Phase, Process

    with app.app_context():
        day = db.session.scalar(select(Phase.starts_on).join(Process).where(Process.slug == slug,
                                                                          Phase.kind == "results"))
        db.engine.dispose()
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC) if day else None


def _sizes(app, slug: str) -> dict:
    from app.exports.queries import table_sizes
    from app.processes.services import get_process

    with app.app_context():
        sizes = table_sizes(get_process(slug).id)
    return sizes


def run_export(database_url: str, slug: str, mode: str, out_dir: str) -> dict:
    """One export in this (fresh) process; returns time, peak RSS and output size."""
    from app.core.xlsx import workbook_response
    from app.exports.workbook import write_process_workbook
    from app.extensions import db
    from app.processes.services import get_process

    app = make_app(database_url, None)
    app.config["FROZEN_NOW"] = _results_day(app, slug)
    path = Path(out_dir) / f"export-{mode}"
    client = app.test_client()
    context = app.test_request_context()
    context.push()
    process = get_process(slug)
    _ = process.topics, process.districts  # loaded before the measurement, as in the view
    if mode != "xlsx":
        context.pop()
    client.get(f"/processes/{slug}/opendata/")  # warm up: templates, first connection
    rss_before = status_mb("VmRSS")
    peak_reset = reset_peak()
    started = time.perf_counter()
    if mode == "xlsx":
        response = workbook_response(lambda handle: write_process_workbook(process, handle), "bench.xlsx")
    elif mode != "baseline":
        dataset, fmt = mode.rsplit(".", 1)
        response = client.get(f"/processes/{slug}/opendata/{dataset}.{fmt}", buffered=False)
        assert response.status_code == 200, response.status_code
    if mode != "baseline":
        with open(path, "wb") as handle:
            for chunk in response.response:  # the body, chunk by chunk, as the server would send it
                handle.write(chunk)
        response.close()
    seconds = time.perf_counter() - started
    if mode == "xlsx":
        context.pop()
    with app.app_context():
        db.engine.dispose()
    peak = status_mb("VmHWM") if peak_reset else None
    if peak is None:
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    size = path.stat().st_size if path.exists() else 0
    rows = None
    if path.exists() and mode.endswith(".json"):
        rows = len(json.loads(path.read_text(encoding="utf-8")))
    if path.exists():
        path.unlink()
    return {"seconds": round(seconds, 2), "rss_before_mb": rss_before, "peak_rss_mb": peak,
            "export_extra_mb": round(peak - rss_before, 1) if rss_before is not None else None,
            "file_mb": round(size / 1024 / 1024, 2), **({"rows": rows} if rows is not None else {})}


def _child(database_url: str, slug: str, mode: str, out_dir: str) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--database-url", database_url, "--process", slug,
               "--out-dir", out_dir]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--process", default="engagement-strategie")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--out-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_export(args.database_url, args.process, args.child, args.out_dir)))
        return
    report = {"database": args.database_url.split(":", 1)[0], "cpu_count": os.cpu_count(),
              "python": sys.version.split()[0], "process": args.process,
              "sizes": _sizes(make_app(args.database_url, None), args.process)}
    with tempfile.TemporaryDirectory(prefix="ratschlag-export-bench-") as tmp:
        report["exports"] = {mode: _child(args.database_url, args.process, mode, tmp) for mode in MODES}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
