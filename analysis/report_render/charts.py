"""Chart images (PNG for DOCX/PDF, SVG for HTML) via kaleido and an installed Chromium.

One browser per export: ``ChartImages`` starts kaleido once on a private event loop in a
background thread and renders every chart through it (kaleido's own ``start_sync_server``
works the same way, but has no time-out: if Chromium dies while starting, its callers wait
forever – ours give up after ``timeout`` seconds). Chromium is never downloaded: the browser
is ``browser_path``, else ``$BROWSER_PATH``, else ``/usr/bin/chromium`` or ``chromium`` /
``chromium-browser`` / ``google-chrome`` on ``PATH``. Without one, or on any error,
``png``/``svg`` return None and the renderers show the chart's table instead (logged once).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import threading

logger = logging.getLogger(__name__)

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
# kaleido, choreographer and Chromium's stderr pipe log ~110 INFO lines per export; only their warnings matter.
NOISY_LOGGERS = ("kaleido", "choreographer", "browser_proc")


def quiet_chart_loggers() -> None:
    """Turn the loggers of kaleido and Chromium down to WARNING (done wherever chart images are made)."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def find_browser(browser_path: str | None = None) -> str | None:
    """The Chromium executable to use, or None. An explicit ``browser_path`` (or
    ``$BROWSER_PATH``) is the only candidate when given."""
    explicit = browser_path or os.environ.get("BROWSER_PATH")
    for candidate in ([explicit] if explicit else CANDIDATES):
        if not candidate:
            continue
        path = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


class ChartImages:
    """Renders plotly figure dicts to images with one shared Chromium; use as a context manager.

    ``ChartImages(enabled=False)`` never starts a browser (forces the table fallback).
    Results are cached per figure, so DOCX and PDF of one export share the work.
    """

    def __init__(self, enabled: bool = True, browser_path: str | None = None, timeout: float = 60.0):
        self.enabled = enabled
        self.browser_path = browser_path
        self.timeout = timeout
        self.failure: str | None = None if enabled else "chart images disabled"
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._cache: dict[tuple[str, str], bytes | None] = {}

    @property
    def available(self) -> bool:
        """True while images can be produced."""
        return self.failure is None

    def __enter__(self) -> ChartImages:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        """Start Chromium (no-op when disabled, already started or unavailable)."""
        if self._kaleido is not None or not self.available:
            return
        quiet_chart_loggers()
        path = find_browser(self.browser_path)
        if path is None:
            return self._fail("no Chromium found (set BROWSER_PATH or install Debian's chromium)")
        try:
            import kaleido
        except ImportError as error:
            return self._fail(f"kaleido is not installed ({error})")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="chart-images", daemon=True)
        self._thread.start()

        async def open_browser():
            # mathjax=False: kaleido would otherwise load MathJax from a CDN.
            browser = kaleido.Kaleido(path=path, mathjax=False, timeout=self.timeout)
            await browser.open()
            return browser

        try:
            self._kaleido = self._run(open_browser())
        except Exception as error:  # noqa: BLE001 – any failure means: fall back to tables
            self._fail(f"Chromium could not be started at {path} ({type(error).__name__}: {error})")
            self._stop_loop()

    def stop(self) -> None:
        """Close Chromium and the background loop."""
        if self._kaleido is not None:
            try:
                self._run(self._kaleido.close())
            except Exception as error:  # noqa: BLE001
                logger.warning("closing Chromium failed: %s", error)
            self._kaleido = None
        self._stop_loop()

    def png(self, figure: dict, width: int = 900, height: int | None = None, scale: float = 1.5) -> bytes | None:
        """PNG bytes of ``figure``, or None when images are unavailable."""
        return self._render(figure, "png", width, height, scale)

    def svg(self, figure: dict, width: int = 900, height: int | None = None) -> str | None:
        """SVG markup of ``figure``, or None when images are unavailable."""
        data = self._render(figure, "svg", width, height, 1.0)
        return data.decode("utf-8") if data is not None else None

    def _render(self, figure: dict, fmt: str, width: int, height: int | None, scale: float) -> bytes | None:
        height = height or figure.get("layout", {}).get("height") or 420
        key = (hashlib.sha1(json.dumps(figure, sort_keys=True, default=str).encode()).hexdigest(),
               f"{fmt}-{width}-{height}-{scale}")
        if key in self._cache:
            return self._cache[key]
        if not self.available:
            return None
        self.start()
        if self._kaleido is None:
            return None
        options = {"format": fmt, "width": width, "height": height, "scale": scale}
        try:
            data = self._run(self._kaleido.calc_fig(figure, opts=options))
        except Exception as error:  # noqa: BLE001
            self._fail(f"chart rendering failed ({type(error).__name__}: {error})")
            return None
        self._cache[key] = data
        return data

    def _run(self, coroutine):
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=self.timeout)
        except TimeoutError:
            future.cancel()
            raise

    def _fail(self, reason: str) -> None:
        self.failure = reason
        logger.warning("Charts are shown as tables: %s.", reason)

    def _stop_loop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None
            self._thread = None
