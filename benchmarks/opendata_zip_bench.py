"""Open-data ZIP benchmark on the large demo set: building the ZIP, time and peak memory (JSON).

    # once: a scratch database with the city-scale data set (10,000 proposals, 50,000 comments, 200,000 votes)
    export DATABASE_URL=sqlite:////tmp/ratschlag_d_large.sqlite
    .venv/bin/flask db upgrade && .venv/bin/flask demo && .venv/bin/flask demo --scale large
    # then
    .venv/bin/python benchmarks/opendata_zip_bench.py --database-url "$DATABASE_URL"

Runs in a fresh process through the real code path of a background build (`claim_build` +
`execute_build`, as `flask export opendata-zip --force` does), writing the ZIP into a temporary
directory. Before the build the kernel's peak-RSS mark is reset, so `peak_rss_mb` is the peak
*during* the build and `build_extra_mb` what it adds to the loaded app. Also timed: the freshness
check a download makes (`data_fingerprint`) and a download of the finished ZIP on the test client.
The clock is frozen in the demo's results phase, so that the survey results are public.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.export_bench import DEFAULT_URL, _results_day, _sizes, make_app  # noqa: E402
from benchmarks.memory import reset_peak, status_mb  # noqa: E402


def run(database_url: str, slug: str, out_dir: str) -> dict:
    """One build in this process; returns times, peak RSS, ZIP size and rows per file."""
    from app.exports import services
    from app.extensions import db
    from app.processes.services import get_process

    app = make_app(database_url, None)
    app.config.update(FROZEN_NOW=_results_day(app, slug), OPENDATA_ZIP_DIR=out_dir, ANALYSIS_RUNNER="inline",
                      OPENDATA_BASE_URL="https://beteiligung.example.org/")
    client = app.test_client()
    client.get(f"/processes/{slug}/opendata/")  # warm up: templates, first connection
    with app.app_context():
        process = get_process(slug, with_children=False)
        started = time.perf_counter()
        services.data_fingerprint(process)
        fingerprint_seconds = time.perf_counter() - started
        rss_before = status_mb("VmRSS")
        peak_reset = reset_peak()
        started = time.perf_counter()
        dump_id = services.claim_build(process.id)
        services.execute_build(dump_id)
        seconds = time.perf_counter() - started
        peak = status_mb("VmHWM") if peak_reset else None
        if peak is None:
            peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        db.session.expire_all()
        dump = services.get_dump(process.id)
        assert dump.status == "finished", dump.error
        path = services.zip_path(process.id)
        db.engine.dispose()
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: {"mb": round(info.file_size / 1024 / 1024, 2),
                                   "compressed_mb": round(info.compress_size / 1024 / 1024, 2)}
                   for info in archive.infolist()}
        for name in entries:
            if name.endswith(".json"):
                entries[name]["rows"] = len(json.loads(archive.read(name)))
    started = time.perf_counter()
    response = client.get(f"/processes/{slug}/opendata.zip")
    assert response.status_code == 200, response.status_code
    size = len(response.get_data())
    download_seconds = time.perf_counter() - started
    return {"build_seconds": round(seconds, 2), "rss_before_mb": rss_before, "peak_rss_mb": peak,
            "build_extra_mb": round(peak - rss_before, 1) if rss_before is not None else None,
            "zip_mb": round(size / 1024 / 1024, 2), "fingerprint_seconds": round(fingerprint_seconds, 3),
            "download_seconds": round(download_seconds, 3), "entries": entries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--process", default="engagement-strategie")
    args = parser.parse_args()
    report = {"database": args.database_url.split(":", 1)[0], "cpu_count": os.cpu_count(),
              "python": sys.version.split()[0], "process": args.process,
              "sizes": _sizes(make_app(args.database_url, None), args.process)}
    with tempfile.TemporaryDirectory(prefix="ratschlag-opendata-zip-bench-") as tmp:
        report["build"] = run(args.database_url, args.process, tmp)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
