"""plotly.js as a locally served asset: the vendored partial bundle, its version, and its base styles.

Charts are drawn by `app/static/vendor/plotly/plotly-basic.min.js`, the plotly.js *basic* partial bundle
(trace types bar, pie, scatter – all the charts use; see app/static/vendor/README.md) served like every
static file (hashed URL, precompressed). Only pages with charts link it (`dashboard/_plotly.html`,
`surveys/_results_body.html`); `site.routes` serves the base styles extracted from it.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# --- plotly.js under a strict CSP (style-src 'self') ---------------------------------------------
# plotly.js injects its base CSS as an inline <style>, which the CSP blocks. It skips that when the page
# has an element #plotly.js-style-global.no-inline-styles, so we serve the same rules as a stylesheet,
# read from the vendored bundle (so they always match its version).
_RULES_START = '{"X,X div"'
_BUNDLED_STYLE = re.compile(
    r'getElementById\("([0-9a-f]{64})"\)\)\{var [A-Za-z_$][\w$]*=document\.createElement\("style"\)'
)
_RULE = re.compile(r'"((?:[^"\\]|\\.)*)":(?:\'((?:[^\'\\]|\\.)*)\'|"((?:[^"\\]|\\.)*)")')


BUNDLE = "vendor/plotly/plotly-basic.min.js"  # relative to app/static


def plotly_bundle_path() -> Path:
    """The vendored plotly.js partial bundle."""
    return Path(__file__).resolve().parent.parent / "static" / BUNDLE


def plotly_version() -> str:
    """The content hash of the vendored bundle (cache-busting for the stylesheet extracted from it)."""
    from app.core.assets import file_hash

    return file_hash(plotly_bundle_path())


@cache
def plotly_css() -> str:
    """plotly.js's base style rules as a stylesheet ('' if the bundle's layout is not recognised)."""
    source = plotly_bundle_path().read_text(encoding="utf-8")
    start = source.find(_RULES_START)
    if start < 0:
        return ""
    block = source[start:source.find("};", start)]
    rules = []
    for key, single, double in _RULE.findall(block):
        selector = re.sub(r"^,", " ,", key).replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append(f"{selector}{{{single or double}}}")
    return "\n".join(rules) + "\n"


@cache
def plotly_bundled_style_ids() -> tuple[str, ...]:
    """Ids of the <style> elements the bundle injects at load time (MapLibre's CSS, unused here) unless an
    element with that id exists; the results page renders empty placeholders with these ids."""
    return tuple(_BUNDLED_STYLE.findall(plotly_bundle_path().read_text(encoding="utf-8")))
