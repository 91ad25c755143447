"""Benchmark of the read API's proposal listing on the city-scale data set (prints JSON).

    .venv/bin/python benchmarks/api_proposals.py                  # build `flask demo --scale large` once, measure
    .venv/bin/python benchmarks/api_proposals.py --reuse --requests 300

Builds the large demo into a throwaway instance directory (SQLite unless --database-url is given; the same
data preparation as benchmarks/participation_bench.py), then measures in one process, through the WSGI
interface (no network, so the ratio is the application's own cost): a bare Flask "hello" app, the API's
proposal page with 100 proposals (newest first and most agreed) without and with the page cache (the
API's answers are the same for everybody and are kept PAGE_CACHE_SECONDS, 10 s by default, like the site's
anonymous pages), alternating in rounds so that machine noise hits all of them, and a paginated walk over
all proposals of the process (100 per page, following `links.next`), with the SQL statements of each page
counted.

Goal (issue 18): listing 100 per page >= 0.25 x bare Flask hello; constant SQL queries per page.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.participation_bench import environment, prepare_data  # noqa: E402

SLUG = "engagement-strategie"


def requests_per_second(client, url: str, count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
    return count / (time.perf_counter() - started)


def walk(client, url: str) -> dict:
    """Follow the `next` links from `url`; proposals, pages, seconds and SQL statements per page."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements: list[int] = []
    current = [0]

    def count(*_args):
        current[0] += 1

    event.listen(Engine, "before_cursor_execute", count)
    references, pages = set(), 0
    started = time.perf_counter()
    try:
        while url:
            current[0] = 0
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"GET {url}: {response.status_code}")
            page = response.get_json()
            references.update(item["reference"] for item in page["data"])
            statements.append(current[0])
            pages += 1
            url = page["links"]["next"]
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    seconds = time.perf_counter() - started
    return {"proposals": len(references), "pages": pages, "seconds": round(seconds, 2),
            "ms_per_page": round(1000 * seconds / pages, 1), "sql_per_page": sorted(set(statements))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", type=Path, default=Path(tempfile.gettempdir()) / "ratschlag-api-bench")
    parser.add_argument("--database-url", default=None, help="default: SQLite in the instance directory")
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    parser.add_argument("--requests", type=int, default=200, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.page_cache = 0
    args.instance.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    seeding = prepare_data(args, env)
    os.environ.update(env)

    from flask import Flask

    from app import create_app
    from config import Config

    app = create_app(Config, RATELIMIT_ENABLED=False, PAGE_CACHE_SECONDS=0)
    cached_app = create_app(Config, RATELIMIT_ENABLED=False, PAGE_CACHE_SECONDS=10)
    bare = Flask("bare")
    bare.add_url_rule("/hello", "hello", lambda: "hello")
    api, cached, hello = app.test_client(), cached_app.test_client(), bare.test_client()
    base = f"/api/v1/processes/{SLUG}/proposals"
    pages = [("hello (bare Flask)", hello, "/hello"),
             ("API proposals, 100 newest, no cache", api, f"{base}?limit=100"),
             ("API proposals, 100 most agreed, no cache", api, f"{base}?limit=100&sort=agreed"),
             ("API proposals, 100 newest, page cache 10 s", cached, f"{base}?limit=100"),
             ("API proposals, 100 most agreed, page cache 10 s", cached, f"{base}?limit=100&sort=agreed")]
    for _name, client, url in pages:  # warm up: connections, templates, caches
        requests_per_second(client, url, 5)
    rounds = []
    for number in range(1, args.rounds + 1):
        measured = {name: requests_per_second(client, url, args.requests) for name, client, url in pages}
        rounds.append(measured)
        print(f"round {number}: " + ", ".join(f"{name}: {value:.0f}/s" for name, value in measured.items()),
              file=sys.stderr)
    results = []
    for name, _client, url in pages:
        ratios = [measured[name] / measured[pages[0][0]] for measured in rounds]
        results.append({"name": name, "url": url, "requests_per_s": round(statistics.median(m[name] for m in rounds)),
                        "ratio_to_hello": round(statistics.median(ratios), 3)})
    walked = walk(api, f"{base}?limit=100")
    report = {"setup": {"how": "in-process WSGI (Flask test client), one thread",
                        "database": "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite",
                        "requests_per_page_and_round": args.requests, "rounds": args.rounds, "cpus": os.cpu_count(),
                        "large_demo_seconds": round(seeding, 1) if seeding else None},
              "results": results, "walk_all_proposals_100_per_page": walked}
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
