"""The council report of a real database, end to end (run by hand, prints JSON).

    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/flask db upgrade
    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/flask demo
    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/flask demo --scale large
    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/flask analysis run --process engagement-strategie
    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/python benchmarks/report_app_bench.py [--no-chart-images]

Measures what `flask report export` does for every format, but collects the data once and
shares one Chromium, like an administrator downloading all formats in one go would cost:
collecting the aggregates from the database, building the report, then each renderer.
Target (issue 7): the whole report for the `--scale large` data set in under 60 s.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.processes.models import Process  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--process", default="engagement-strategie")
    parser.add_argument("--no-chart-images", action="store_true")
    args = parser.parse_args()

    from analysis.report_render import FORMATS
    from analysis.report_render.charts import ChartImages
    from app.report.rendering import build_process_report, render_report

    app = create_app(OPARL_BASE_URL="https://beteiligung.example")
    timings: dict[str, float] = {}
    sizes: dict[str, int] = {}
    with app.app_context():
        process = db.session.execute(db.select(Process).filter_by(slug=args.process)).scalar_one()
        started = time.perf_counter()
        report = build_process_report(process)
        timings["collect_and_build"] = round(time.perf_counter() - started, 2)
        with tempfile.TemporaryDirectory() as folder, ChartImages(enabled=not args.no_chart_images) as charts:
            for fmt in FORMATS:
                target = os.path.join(folder, f"bericht.{fmt}")
                step = time.perf_counter()
                render_report(process, fmt, target, charts=charts, report=report)
                timings[fmt] = round(time.perf_counter() - step, 2)
                sizes[fmt] = os.path.getsize(target)
        timings["total"] = round(time.perf_counter() - started, 2)
    print(json.dumps({
        "process": args.process,
        "proposals_in_anlage_1": len(report.attachments[0].tables[0].rows) if report.attachments else 0,
        "chart_images": not args.no_chart_images,
        "seconds": timings,
        "bytes": sizes,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }, indent=2))


if __name__ == "__main__":
    main()
