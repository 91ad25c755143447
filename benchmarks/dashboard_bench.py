"""Speed of the dashboard and the public results page at city scale (run by hand, prints JSON).

    .venv/bin/python benchmarks/dashboard_bench.py --database-url sqlite:////tmp/ratschlag_b_large.sqlite --prepare
    .venv/bin/python benchmarks/dashboard_bench.py --database-url postgresql://postgres@127.0.0.1:5432/bench

`--prepare` makes the database ready: migrations (SQLite file or PostgreSQL), `db.create_all()` for
tables that have no migration yet, `flask demo` and `flask demo --scale large` (10,000 proposals,
200,000 votes, 50,000 comments), an illustrative age-group reference, and one analysis run of the
large process if none is finished (its duration is reported, it is not part of the page times).

Then it renders, in this process through Flask's test client (server-side time, no network):
the admin dashboard (unfiltered, filtered by a pillar, by a district), the public results page
(with the clock moved into the results phase), and a "hello" route of the same app as a baseline.
Each page is rendered once cold ("first": the theme map of the run is drawn and kept per worker
until a theme is edited) and then `--rounds` times; the first time, the median and the worst are
reported, with the number of SQL statements and the size of the page.

Target (issue 7): every dashboard page under 1 s once the analysis run exists.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLUG = "engagement-strategie"
ADMIN_EMAIL = "dashboard-bench@bench.ratschlag.example"
ADMIN_PASSWORD = "Dashboard-Bench-2026"
# Illustrative only: round numbers in the shape of Kiel's population by age group, not official figures.
ILLUSTRATIVE_AGE_SHARES = {"u18": 16, "18-29": 20, "30-44": 20, "45-59": 19, "60-74": 15, "75+": 10}


def flask_cli(env: dict, *arguments: str) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", *arguments], cwd=ROOT, env=env, text=True,
                            capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(database_url: str, instance: Path) -> dict:
    """Schema, demo data, reference and analysis run; returns what it did and how long it took."""
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi:app", "RATSCHLAG_INSTANCE": str(instance),
           "SECRET_KEY": "dashboard-benchmark-only", "PYTHONPATH": str(ROOT)}
    instance.mkdir(parents=True, exist_ok=True)
    done = {}
    flask_cli(env, "db", "upgrade", "heads")
    app = make_app(database_url)
    from app.extensions import db

    with app.app_context():
        db.create_all()  # tables of features whose migration is still to be written
    started = time.perf_counter()
    flask_cli(env, "demo")
    flask_cli(env, "demo", "--scale", "large")
    done["seed_seconds"] = round(time.perf_counter() - started, 1)
    with app.app_context():
        done.update(_reference_and_run(app))
    return done


def _reference_and_run(app) -> dict:
    from sqlalchemy import select

    from app.analysis_runs.queries.results import latest_finished_run
    from app.analysis_runs.services import run_analysis_sync
    from app.auth.models import User
    from app.auth.passwords import hash_password
    from app.core.clock import now
    from app.extensions import db
    from app.figures.models import ReferenceShare
    from app.processes.models import Process

    process = db.session.scalar(select(Process).where(Process.slug == SLUG))
    if db.session.scalar(select(User.id).where(User.email == ADMIN_EMAIL)) is None:
        db.session.add(User(email=ADMIN_EMAIL, display_name="Dashboard-Benchmark", role="admin",
                            password_hash=hash_password(ADMIN_PASSWORD), confirmed_at=now(), locale="de"))
    if db.session.scalar(select(ReferenceShare.id).where(ReferenceShare.process_id == process.id)) is None:
        db.session.add_all(ReferenceShare(process_id=process.id, dimension="age_group", category=key, share=share,
                                          source="Illustrative Beispielwerte (keine amtliche Statistik)")
                           for key, share in ILLUSTRATIVE_AGE_SHARES.items())
    db.session.commit()
    run = latest_finished_run(process.id)
    if run is not None and (run.counts or {}).get("proposals", 0) >= 10_000:
        return {"analysis_run": f"version {run.version} (existing)"}
    started = time.perf_counter()
    run = run_analysis_sync(process.id)
    return {"analysis_run": f"version {run.version}: {run.status}",
            "analysis_seconds": round(time.perf_counter() - started, 1)}


def make_app(database_url: str):
    from app import create_app
    from config import Config

    return create_app(Config, SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False,
                      SECRET_KEY="dashboard-benchmark-only", PAGE_CACHE_SECONDS=0)


def measure(client, url: str, rounds: int) -> dict:
    from tests.querycount import count_queries

    started = time.perf_counter()
    response = client.get(url)  # the first request: templates compiled, theme map not yet cached
    first = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    seconds = []
    for _ in range(rounds):
        with count_queries() as counter:
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {"url": url, "first_ms": round(1000 * first, 1), "median_ms": round(1000 * statistics.median(seconds), 1),
            "max_ms": round(1000 * max(seconds), 1), "queries": counter.count,
            "kilobytes": round(len(response.data) / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--instance", type=Path, default=Path("/tmp/ratschlag-dashboard-bench"))
    parser.add_argument("--prepare", action="store_true", help="seed the data and run the analysis if needed")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("RATSCHLAG_INSTANCE", str(args.instance))
    result = {"database": args.database_url.split(":", 1)[0], "prepared": prepare(args.database_url, args.instance)
              if args.prepare else None}
    app = make_app(args.database_url)
    app.add_url_rule("/bench/hello", "bench_hello", lambda: "hello")
    from sqlalchemy import func, select

    from app.extensions import db
    from app.processes.models import Process
    from app.proposals.models import Proposal, Vote

    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == SLUG))
        topic, district = process.topics[0].id, process.districts[0].id
        results_start = next(phase.starts_on for phase in process.phases if phase.kind == "results")
        result["data"] = {"proposals": db.session.scalar(select(func.count()).select_from(Proposal)),
                          "votes": db.session.scalar(select(func.count()).select_from(Vote))}
    client = app.test_client()
    login = client.post("/auth/login", data={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    if login.status_code != 302:
        raise SystemExit("Could not log in the benchmark admin; run with --prepare first.")
    base = f"/admin/processes/{SLUG}/dashboard"
    pages = {"hello (same app)": "/bench/hello", "dashboard": base, "dashboard, one pillar": f"{base}?topic={topic}",
             "dashboard, one district": f"{base}?district={district}"}
    result["pages"] = {name: measure(client, url, args.rounds) for name, url in pages.items()}
    app.config["FROZEN_NOW"] = datetime.combine(results_start, clock_time(12), tzinfo=UTC)
    result["pages"]["public results (results phase)"] = measure(app.test_client(), f"/processes/{SLUG}/results",
                                                                 args.rounds)
    pages_only = [page for name, page in result["pages"].items() if not name.startswith("hello")]
    slowest = max(page["median_ms"] for page in pages_only)
    result["target"] = {"limit_ms": 1000, "slowest_median_ms": slowest, "met": slowest < 1000,
                        "slowest_first_ms": max(page["first_ms"] for page in pages_only)}
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
