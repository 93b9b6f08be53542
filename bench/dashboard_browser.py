"""Browser page loads of the dashboard conversation list: headless Chromium (Debian's, as tests/ui launches it)
driven by Playwright, signed in with the session cookies the HTTP sign-in got.

Each load is a fresh navigation in a warm tab (static assets cached, as for an agent reloading the page). Per
load, from the browser's own clocks (milliseconds since the navigation started): the first byte, the HTML
received, DOMContentLoaded, the `load` event, first contentful paint, and the first animation frame in which
the first conversation row is laid out inside the viewport (an init script polls on requestAnimationFrame,
which runs just before the frame is painted).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# The same quiet, offline flags as tests/ui/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
ROW = ".conv-list .conv-row"

FIRST_ROW_PROBE = """
(() => {
  const look = () => {
    const row = document.querySelector(ROW_SELECTOR);
    if (row) {
      const box = row.getBoundingClientRect();
      if (box.height > 0 && box.top < window.innerHeight) {
        window.__benchFirstRowMs = performance.now();
        return;
      }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
""".replace("ROW_SELECTOR", json.dumps(ROW))

READ_TIMINGS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    first_byte_ms: nav.responseStart,
    html_received_ms: nav.responseEnd,
    dom_content_loaded_ms: nav.domContentLoadedEventEnd,
    load_ms: nav.loadEventEnd,
    first_contentful_paint_ms: fcp ? fcp.startTime : null,
    first_row_visible_ms: window.__benchFirstRowMs ?? null,
    rows: document.querySelectorAll(ROW_SELECTOR).length,
    html_bytes: nav.transferSize,
  };
}
""".replace("ROW_SELECTOR", json.dumps(ROW))


def browser_available() -> str | None:
    """None when Chromium and Playwright are there, else why not."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


def measure_loads(base_url: str, targets: dict[str, list[dict]], loads: int, path: str = "/app") -> dict:
    """`targets`: name -> the signed-in session's cookies. Loads alternate between the targets, one unmeasured
    warm-up load each first; returns name -> per-load timings and their medians."""
    from playwright.sync_api import sync_playwright

    runs: dict[str, list[dict]] = {name: [] for name in targets}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            tabs = {}
            for name, cookies in targets.items():
                context = chromium.new_context(base_url=base_url, viewport=VIEWPORT, locale="en-US", timezone_id="UTC")
                context.set_default_timeout(60_000)
                context.add_cookies([{**cookie, "url": base_url} for cookie in cookies])
                context.add_init_script(FIRST_ROW_PROBE)
                tabs[name] = context.new_page()
            for n in range(loads + 1):
                order = list(tabs.items()) if n % 2 == 0 else list(reversed(tabs.items()))
                for name, tab in order:
                    timings = _load(tab, path)
                    if n > 0:  # the first load of each is the warm-up
                        runs[name].append(timings)
        finally:
            chromium.close()
    return {name: {"loads": loaded, "median": _medians(loaded)} for name, loaded in runs.items()}


def _load(tab, path: str) -> dict:
    response = tab.goto(path, wait_until="load")
    if response is None or response.status != 200 or "/login" in tab.url:
        raise RuntimeError(f"browser load of {path} failed: {response.status if response else 'no response'} {tab.url}")
    tab.wait_for_function(
        "performance.getEntriesByType('navigation')[0].loadEventEnd > 0 && window.__benchFirstRowMs !== undefined"
    )
    timings = tab.evaluate(READ_TIMINGS)
    return {k: round(v, 1) if isinstance(v, float) else v for k, v in timings.items()}


def _medians(loaded: list[dict]) -> dict:
    keys = [k for k in (loaded[0] if loaded else {}) if k not in ("rows", "html_bytes")]
    out = {k: round(statistics.median(x[k] for x in loaded if x[k] is not None), 1) for k in keys}
    if loaded:
        out["rows"] = loaded[0]["rows"]
        out["html_bytes"] = loaded[0]["html_bytes"]
    return out
