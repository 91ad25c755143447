"""One report export job (all formats, one Chromium) on a real database (run by hand, prints JSON).

    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/flask db upgrade
    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/flask demo --scale large
    DATABASE_URL=sqlite:////tmp/large.sqlite .venv/bin/python benchmarks/report_export_job_bench.py

Runs exactly what the "Export starten" button queues (`app.report.exports.start_export`, inline
instead of in a thread) and reports the wall time per stage, the file sizes, the PDF's page count
and tagging, and the peak memory of this process and of Chromium's processes (sampled).
Goals (issue 14): large demo all formats + Anlagen < 60 s on 2 cores, peak < 1 GB; small < 20 s.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import reset_peak, status_mb  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.processes.models import Process  # noqa: E402


def _chromium_mb() -> float:
    """Memory (PSS) of the Chromium processes this benchmark started (its descendants; MB)."""
    try:
        out = subprocess.run(["ps", "-eo", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
    except OSError:
        return 0.0
    rows = [tuple(int(v) for v in line.split()) for line in out.splitlines() if line.strip()]
    ours, added = {os.getpid()}, True
    while added:
        added = False
        for pid, parent, _rss in rows:
            if parent in ours and pid not in ours:
                ours.add(pid)
                added = True
    return round(sum(_pss_kb(pid) for pid, _parent, _rss in rows if pid in ours and pid != os.getpid()) / 1024, 1)


def _pss_kb(pid: int) -> int:
    """Proportional set size of a process (shared pages split among their users, so a sum is fair)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--process", default="engagement-strategie")
    parser.add_argument("--formats", default="md,html,docx,pdf,oparl,anlagen")
    args = parser.parse_args()

    from app.report import exports
    from app.report.export_models import ReportExport

    app = create_app(OPARL_BASE_URL="https://beteiligung.example", ANALYSIS_RUNNER="inline",
                     REPORT_EXPORT_DIR="/tmp/ratschlag-report-bench")
    chromium_peak = [0.0]
    stages: dict[str, float] = {}
    original = exports.render_report

    def timed(process, fmt, *args, **kwargs):
        step = time.perf_counter()
        try:
            return original(process, fmt, *args, **kwargs)
        finally:
            stages[fmt] = round(time.perf_counter() - step, 2)

    exports.render_report = timed
    done = threading.Event()

    def sample():
        while not done.wait(0.5):
            chromium_peak[0] = max(chromium_peak[0], _chromium_mb())

    with app.app_context(), app.test_request_context(base_url="https://beteiligung.example"):
        process = db.session.execute(db.select(Process).filter_by(slug=args.process)).scalar_one()
        db.session.execute(db.update(ReportExport).where(ReportExport.status.in_(("queued", "running")))
                           .values(status="failed", error="benchmark: interrupted earlier"))
        db.session.commit()
        reset_peak()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.perf_counter()
        job = exports.start_export(None, process, args.formats.split(","))
        seconds = round(time.perf_counter() - started, 2)
        done.set()
        job = db.session.get(ReportExport, job.id)
        directory = exports.job_directory(job)
        pdf = next((directory / f["name"] for f in job.files if f["format"] == "pdf"), None)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout if pdf else ""
        fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
        print(json.dumps({
            "process": args.process, "status": job.status, "error": job.error, "seconds": seconds,
            "seconds_per_format": stages,
            "files": {f["name"]: f["size"] for f in job.files},
            "pdf_pages": int(fields.get("Pages", "0").strip() or 0), "pdf_tagged": fields.get("Tagged", "").strip(),
            "peak_rss_mb_python": status_mb("VmHWM"), "peak_rss_mb_children": chromium_peak[0],
        }, indent=2))


if __name__ == "__main__":
    main()
