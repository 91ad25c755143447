"""Web benchmark for the participation pages on the city-scale data set (prints JSON).

    .venv/bin/python benchmarks/participation_bench.py                 # build data once, then measure
    .venv/bin/python benchmarks/participation_bench.py --reuse --rounds 3 --duration 8 --connections 16

Builds `flask demo --scale large` into its own instance directory (SQLite unless
--database-url is given), serves it with gunicorn on 127.0.0.1 only and loads with wrk,
bounded in time: two baselines in the same gunicorn workers — a bare Flask "hello" app and a
"hello" route inside this app (which pays for the app's per-request hooks) — the anonymous
proposal list (a first visit without cookies, which gets a new session and CSRF token with
every request, and a returning visitor who sends their session cookie), the proposal with the
longest discussion (first comment page), and both pages for a logged-in citizen (who bypasses
the anonymous page cache). Prints requests/s, latency percentiles and each page's throughput
as a ratio of both "hello"s, measured per round (pages alternate, so machine noise hits all of them)
and reported as the median of the rounds.

Target: anonymous list >= 0.5 x hello, p99 < 100 ms at 16 connections.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_EMAIL = "benchmark@bench.ratschlag.example"
BENCH_PASSWORD = "Sprotten-an-der-Foerde-2026"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(args) -> dict:
    env = dict(os.environ)
    env.update({
        "RATSCHLAG_INSTANCE": str(args.instance), "FLASK_APP": "wsgi:app", "SECRET_KEY": "benchmark-only-secret",
        "PYTHONPATH": str(ROOT), "PAGE_CACHE_SECONDS": str(args.page_cache),
    })
    env["DATABASE_URL"] = args.database_url or f"sqlite:///{args.instance / 'bench.sqlite'}"
    env.pop("RATSCHLAG_CONFIG", None)
    return env


def flask(env, *arguments, check=True) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", *arguments], cwd=ROOT, env=env, text=True,
                            capture_output=True)
    if check and result.returncode != 0:
        raise SystemExit(f"flask {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def prepare_data(args, env) -> float | None:
    """Migrate, seed the large data set and a benchmark account; returns the seeding time (None if reused)."""
    if args.reuse and (args.database_url or (args.instance / "bench.sqlite").exists()):
        return None
    if not args.database_url and (args.instance / "bench.sqlite").exists():
        (args.instance / "bench.sqlite").unlink()
    flask(env, "db", "upgrade", "heads")
    started = time.perf_counter()
    print(flask(env, "demo", "--scale", "large").strip().splitlines()[-2], file=sys.stderr)
    seconds = time.perf_counter() - started
    flask(env, "users", "create", "--email", BENCH_EMAIL, "--password", BENCH_PASSWORD, "--role", "citizen",
          "--name", "Lasttest")
    return seconds


def longest_discussion(env) -> int:
    code = ("from app import create_app; from app.extensions import db; from app.proposals.models import Proposal; "
            "from sqlalchemy import select; app = create_app();\n"
            "with app.app_context(): "
            "print(db.session.scalar(select(Proposal.id).order_by(Proposal.comment_count.desc()).limit(1)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, text=True, capture_output=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def start_server(args, env, port: int) -> subprocess.Popen:
    # --config: not the project's gunicorn.conf.py (one gthread worker without Redis), but exactly these sync workers.
    command = [sys.executable, "-m", "gunicorn", "--config", os.devnull, "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--log-level", "warning", "benchmarks.bench_app:create_bench_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start:\n" + server.stderr.read().decode()) from None
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def visitor_cookie(url: str) -> str:
    """The session cookie an anonymous browser keeps after its first page view."""
    jar = CookieJar()
    urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open(url).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def login_cookie(base: str) -> str:
    """Log the benchmark account in and return its Cookie header value."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/auth/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": BENCH_EMAIL, "password": BENCH_PASSWORD, "csrf_token": token}).encode()
    page = opener.open(base + "/auth/login", data=data).read().decode()
    if "Abmelden" not in page:
        raise SystemExit("Could not log the benchmark account in.")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return round(float(value) * UNITS[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency_ms": {"p50": latency("50"), "p75": latency("75"), "p90": latency("90"), "p99": latency("99")},
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else None,
    }


def run_wrk(args, url: str, cookie: str | None = None) -> dict:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "5s",
               "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    headers = {"Cookie": cookie} if cookie else {}
    for _ in range(args.workers * 3):  # warm every worker (and its page cache)
        urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30).read()
    output = subprocess.run([*command, url], text=True, capture_output=True, check=True).stdout
    return parse_wrk(output)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instance", type=Path, default=Path(tempfile.gettempdir()) / "ratschlag-bench")
    parser.add_argument("--database-url", default=None, help="default: SQLite in the instance directory")
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    parser.add_argument("--duration", type=int, default=8, help="seconds per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="every page once per round; medians are reported")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
    parser.add_argument("--page-cache", type=int, default=10, help="PAGE_CACHE_SECONDS for the server")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian package `wrk`).")
    args.instance.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    seeding = prepare_data(args, env)
    thread = longest_discussion(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args, env, port)
    try:
        cookie = login_cookie(base)
        list_url = f"{base}/processes/engagement-strategie/proposals/"
        returning = visitor_cookie(list_url)
        comments = thread_size(env, thread)
        pages = [
            ("hello (bare Flask)", f"{base}/bare/hello", None),
            ("hello (route in the app)", f"{base}/bench/hello", None),
            ("proposal list, anonymous first visit", list_url, None),
            ("proposal list, anonymous returning visitor", list_url, returning),
            (f"proposal with {comments} comments, anonymous first visit", f"{base}/proposals/{thread}", None),
            ("proposal list, logged in (no page cache)", list_url, cookie),
            (f"proposal with {comments} comments, logged in", f"{base}/proposals/{thread}", cookie),
        ]
        rounds = []
        for number in range(1, args.rounds + 1):
            measured = []
            for name, url, page_cookie in pages:
                result = run_wrk(args, url, page_cookie)
                measured.append({"name": name, "url": url.replace(base, ""), **result})
                print(f"round {number}: {name}: {result['requests_per_s']:.0f} req/s, "
                      f"p99 {result['latency_ms']['p99']} ms", file=sys.stderr)
            hello, app_hello = measured[0]["requests_per_s"], measured[1]["requests_per_s"]
            for result in measured:
                result["ratio_to_hello"] = round(result["requests_per_s"] / hello, 3) if hello else None
                result["ratio_to_app_hello"] = round(result["requests_per_s"] / app_hello, 3) if app_hello else None
            rounds.append(measured)
    finally:
        server.terminate()
        server.wait(timeout=30)
    results = [median_result([measured[index] for measured in rounds]) for index in range(len(pages))]
    report = {
        "setup": {"server": f"gunicorn, {args.workers} sync workers, 127.0.0.1",
                  "load": (f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
                           f"{args.rounds} rounds (medians)"),
                  "database": "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite",
                  "page_cache_seconds": args.page_cache, "cpus": os.cpu_count(),
                  "large_demo_seconds": round(seeding, 1) if seeding else None},
        "results": results,
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(markdown_table(results), file=sys.stderr)


def thread_size(env, proposal_id: int) -> str:
    code = ("from app import create_app; from app.extensions import db; from app.proposals.models import Proposal; "
            "app = create_app();\n"
            f"with app.app_context(): print(db.session.get(Proposal, {proposal_id}).comment_count)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, text=True, capture_output=True, check=True)
    return f"{int(out.stdout.strip().splitlines()[-1]):,}"


def median_result(runs: list[dict]) -> dict:
    """Median over the rounds of each number (the machine is shared and noisy; ratios come per round)."""
    result = dict(runs[0])
    for key in ("requests_per_s", "ratio_to_hello", "ratio_to_app_hello"):
        result[key] = statistics.median(run[key] for run in runs)
    result["latency_ms"] = {p: statistics.median(run["latency_ms"][p] for run in runs) for p in runs[0]["latency_ms"]}
    result["requests"] = sum(run["requests"] for run in runs)
    result["non_2xx"] = sum(run["non_2xx"] for run in runs)
    result["rounds"] = [{"requests_per_s": run["requests_per_s"], "ratio_to_hello": run["ratio_to_hello"],
                         "ratio_to_app_hello": run["ratio_to_app_hello"], "p99_ms": run["latency_ms"]["p99"]}
                        for run in runs]
    return result


def markdown_table(results: list[dict]) -> str:
    lines = ["| page | req/s | p50 ms | p90 ms | p99 ms | ÷ bare hello | ÷ app hello |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        lat = r["latency_ms"]
        lines.append(f"| {r['name']} | {r['requests_per_s']:.0f} | {lat['p50']} | {lat['p90']} | {lat['p99']} | "
                     f"{r['ratio_to_hello']:.2f} | {r['ratio_to_app_hello']:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
