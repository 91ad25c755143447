"""Real-browser layer: Playwright driving Debian's Chromium against a live server, plus axe-core.

Never downloads a browser. Without /usr/bin/chromium the tests skip with a visible reason,
except in CI (CI=true), where a missing Chromium is a failure.
"""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
# WCAG 2.1 A/AA plus axe's best practices: everything axe checks by default.
AXE_OPTIONS = {"resultTypes": ["violations"]}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def app_overrides() -> dict:
    """The browser sees the real thing: CSRF on. Rate limits off so a walk-through can't trip them."""
    return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False}


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install Debian's chromium package.")
        pytest.skip("Browser tests skipped: Debian's chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """Serve `app` on a free loopback port in a thread; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (bundled with axe-playwright-python) on the current page; return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return results.response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    return "\n".join(lines)


@pytest.fixture
def check_axe(request):
    """Call `check_axe(page, name)` on each page; fails with axe's findings, and records the result."""
    checked = []

    def check(page, name: str) -> None:
        violations = axe_violations(page)
        checked.append((name, page.url, len(violations)))
        assert not violations, f"axe found problems on {name} ({page.url}):\n{format_violations(violations)}"

    yield check
    report = request.config.stash.setdefault(AXE_REPORT, [])
    report.extend(checked)


AXE_REPORT = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    report = config.stash.get(AXE_REPORT, [])
    if report:
        terminalreporter.section("axe-core results")
        for name, url, count in report:
            terminalreporter.write_line(f"{name}: {count} violations ({url})")
