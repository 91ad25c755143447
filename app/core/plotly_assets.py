"""plotly.js as a locally served asset: where the installed bundle is, its version, and its base styles.

Charts are drawn by the plotly.js that ships inside the installed plotly package (no CDN, no copy in the
repository). `site.routes` serves it; the template globals in `core.templating` link it.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# --- plotly.js under a strict CSP (style-src 'self') ---------------------------------------------
# plotly.js injects its base CSS as an inline <style>, which the CSP blocks. It skips that when the page
# has an element #plotly.js-style-global.no-inline-styles, so we serve the same rules as a stylesheet,
# read from the installed plotly.min.js (so they always match its version).
_RULES_START = '{"X,X div"'
_BUNDLED_STYLE = re.compile(
    r'getElementById\("([0-9a-f]{64})"\)\)\{var [A-Za-z_$][\w$]*=document\.createElement\("style"\)'
)
_RULE = re.compile(r'"((?:[^"\\]|\\.)*)":(?:\'((?:[^\'\\]|\\.)*)\'|"((?:[^"\\]|\\.)*)")')


def plotly_dir() -> Path:
    """The directory of the installed plotly package's bundled plotly.min.js."""
    import plotly

    return Path(plotly.__file__).parent / "package_data"


def plotly_version() -> str:
    import plotly

    return plotly.__version__


@cache
def plotly_css() -> str:
    """plotly.js's base style rules as a stylesheet ('' if the bundle's layout is not recognised)."""
    source = (plotly_dir() / "plotly.min.js").read_text(encoding="utf-8")
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
    return tuple(_BUNDLED_STYLE.findall((plotly_dir() / "plotly.min.js").read_text(encoding="utf-8")))
