"""Pathological Markdown: how long the proposal page takes to render (run by hand, prints JSON).

    .venv/bin/python benchmarks/markdown_bench.py [--rounds 5]

Submits one proposal per body (the same bodies as tests/proposals/test_proposals.py::
test_huge_markdown_renders: 5,000 characters of nested quotes, brackets, emphasis, nested lists,
backticks) as a logged-in citizen on the Kiel demo process, on a temporary SQLite database, and
renders each proposal page through Flask's test client. Reports, per body, the Markdown
renderer alone (median of the rounds) and the page (first view, median and worst).
Bodies that are too short once cleaned are refused with 400, like in the test.

Target: every page under 2 s (it used to be a wall-clock assertion in the test suite).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.inprocess import load_average, logged_in, make_app, make_citizen, measure  # noqa: E402

BODIES = {"nested quotes": "> " * 2500, "brackets": "[" * 5000, "emphasis": "*a " * 1666,
          "nested lists": "- " * 2500, "backticks": "`" * 5000}
TARGET_SECONDS = 2.0


def markdown_seconds(body: str, rounds: int) -> float:
    from app.core.markdown import render_markdown

    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        render_markdown(body)
        seconds.append(time.perf_counter() - started)
    return round(statistics.median(seconds), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import select

    from app.demo import kiel
    from app.extensions import db
    from app.processes.models import Process

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        make_citizen(app, "markdown@bench.ratschlag.example", "Markdown-Messung")
        client = logged_in(app, "markdown@bench.ratschlag.example")
        with app.app_context():
            topic = db.session.scalar(select(Process).where(Process.slug == kiel.PROCESS_SLUG)).topics[0].id
        results = {}
        for name, body in BODIES.items():
            entry = {"characters": len(body), "markdown_seconds": markdown_seconds(body, args.rounds)}
            form = {"title": f"Messung: {name}", "body": body, "topic": str(topic), "district": ""}
            response = client.post(f"/processes/{kiel.PROCESS_SLUG}/proposals/new", data=form)
            entry["submitted"] = response.status_code
            if response.status_code == 302:
                entry["page"] = measure(client, response.headers["Location"], args.rounds)
            results[name] = entry
    pages = [entry["page"] for entry in results.values() if "page" in entry]
    slowest = max((max(page["first_seconds"], page["max_seconds"]) for page in pages), default=0.0)
    print(json.dumps({
        "bodies": results,
        "target": {"limit_seconds": TARGET_SECONDS, "slowest_page_seconds": slowest, "met": slowest < TARGET_SECONDS},
        "load_average": load_average(),
    }, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
