"""The read API's documentation page in a real browser: readable without JavaScript, axe-clean, and the
links to the machine-readable document work."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from app.api.openapi import ENDPOINTS


def test_api_documentation_without_javascript_is_accessible(live_server, browser, check_axe):
    context = browser.new_context(locale="de-DE", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/api/v1/docs")
        expect(page.get_by_role("heading", level=1)).to_have_text("Lese-API: Dokumentation")
        for endpoint in ENDPOINTS:
            expect(page.get_by_role("heading", level=3, name=endpoint.summary, exact=True)).to_be_visible()
        expect(page.get_by_role("table", name="Parameter von „Vorschläge“")).to_be_visible()
        page.get_by_role("link", name="openapi.json", exact=True).click()
        assert json.loads(page.locator("body").inner_text())["openapi"] == "3.1.0"
        page.go_back()
    finally:
        context.close()


def test_api_documentation_axe_and_narrow_screen(live_server, page, check_axe):
    page.goto(f"{live_server}/api/v1/docs")
    check_axe(page, "API-Dokumentation")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    check_axe(page, "API-Dokumentation, 320 px")
