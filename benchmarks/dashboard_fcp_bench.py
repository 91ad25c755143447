"""First contentful paint of the admin dashboard in Chromium with a cold cache: full plotly vs. the partial bundle.

    .venv/bin/python benchmarks/dashboard_fcp_bench.py --database-url sqlite:////tmp/ratschlag_fcp.sqlite --prepare
    .venv/bin/python benchmarks/dashboard_fcp_bench.py --database-url sqlite:////tmp/ratschlag_b_large.sqlite --large

`--prepare` migrates and seeds the Kiel demo (plus `--large`: the city-scale set) and one analysis run, the way
`benchmarks/dashboard_bench.py` does. The app is served by werkzeug in a thread of this process; Playwright
drives Debian's Chromium. Each round opens a fresh browser context (empty HTTP cache, the admin's session
cookie only) and loads the dashboard, recording `first-contentful-paint`, DOMContentLoaded, load, and the
moment every chart is drawn (`[data-chart].drawn`), plus the bytes transferred for plotly.

Variants, alternating round by round:
- `before`: what the dashboard loaded before issue 17 – the request for the partial bundle is answered with
  the full plotly.min.js (4.8 MB) of the installed plotly package, uncompressed; the other assets as served;
- `after`: as served now – plotly.js basic (1.2 MB), brotli-compressed, hashed URL.

Prints JSON with the median and the worst of each figure per variant.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dashboard_bench  # noqa: E402  (same preparation as the server-side dashboard benchmark)

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const plotly = performance.getEntriesByType('resource').filter(e => e.name.includes('plotly'));
  return {fcp_ms: fcp ? fcp.startTime : null, dom_content_loaded_ms: nav.domContentLoadedEventEnd,
          load_ms: nav.loadEventEnd, plotly_transfer_bytes: plotly.reduce((s, e) => s + e.transferSize, 0)};
}"""


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def full_plotly() -> bytes:
    import plotly

    return (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_bytes()


def one_round(browser, base: str, state: dict, variant: str, full: bytes) -> dict:
    context = browser.new_context(storage_state=state, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    if variant == "before":
        headers = {"Content-Type": "text/javascript", "Cache-Control": "public, max-age=31536000"}
        page.route("**/static/vendor/plotly/*.js*",
                   lambda route: route.fulfill(status=200, body=full, headers=headers))
    page.goto(f"{base}/admin/processes/{dashboard_bench.SLUG}/dashboard")
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(e => e.classList.contains('drawn'))")
    drawn = page.evaluate("() => performance.now()")
    timings = page.evaluate(TIMINGS_JS)
    if variant == "before":
        timings["plotly_transfer_bytes"] = len(full)  # routed responses report no transfer size
    timings["charts_drawn_ms"] = drawn
    context.close()
    return timings


def summary(rounds: list[dict]) -> dict:
    keys = rounds[0].keys()
    return {key: {"median": round(statistics.median(r[key] for r in rounds), 1),
                  "worst": round(max(r[key] for r in rounds), 1)} for key in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--large", action="store_true", help="with --prepare: also seed the city-scale set")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="ratschlag-fcp-"))
    prepared = {}
    if args.prepare:
        prepared = prepare(args.database_url, instance, large=args.large)
    app = dashboard_bench.make_app(args.database_url)
    app.instance_path = str(instance)
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    server, base = serve(app)
    full = full_plotly()
    results = {"before": [], "after": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        login = browser.new_context(locale="de-DE")
        page = login.new_page()
        page.goto(base + "/auth/login")
        page.get_by_label("E-Mail-Adresse").fill(dashboard_bench.ADMIN_EMAIL)
        page.get_by_label("Passwort").fill(dashboard_bench.ADMIN_PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_load_state("load")
        state = login.storage_state()
        login.close()
        one_round(browser, base, state, "after", full)  # warm the server (theme map, compressed variants)
        for _ in range(args.rounds):
            for variant in ("before", "after"):
                results[variant].append(one_round(browser, base, state, variant, full))
        browser.close()
    server.shutdown()
    print(json.dumps({"prepared": prepared, "rounds": args.rounds,
                      **{variant: summary(rows) for variant, rows in results.items()}}, indent=2))


def prepare(database_url: str, instance: Path, *, large: bool) -> dict:
    """Migrations, the demo (and the large set), the benchmark admin and an analysis run."""
    import os

    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi:app", "RATSCHLAG_INSTANCE": str(instance),
           "SECRET_KEY": "dashboard-benchmark-only", "PYTHONPATH": str(ROOT)}
    dashboard_bench.flask_cli(env, "db", "upgrade", "heads")
    dashboard_bench.flask_cli(env, "demo")
    if large:
        dashboard_bench.flask_cli(env, "demo", "--scale", "large")
    app = dashboard_bench.make_app(database_url)
    with app.app_context():
        return dashboard_bench._reference_and_run(app)


if __name__ == "__main__":
    main()
