"""`cdtkg bench` figures for the explorer: each page's time to fully rendered in headless Chromium.

The explorer is served as `cdtkg app --read-only` serves it, on a free loopback port; opening it the
first time loads the graph (`page_startup_ms`). Then, in that tab, each page is visited as the app's own
links go to it: the first visit (`page_<name>_first_ms`, the page's own result tables not
yet cached) and, each time after going back to the overview, the next three (`page_<name>_warm_ms`,
their median: one visit on a shared machine is mostly noise). Each page's
address is also opened in a new tab (`page_<name>_load_ms`: a shared link, with a new session and the
browser's cache warm). Fully rendered means the tab's title names the page, its heading is drawn,
Streamlit has finished running it (the app's script state, not only its running indicator) and no
element is stale or a placeholder.
Targets: ≤ 1.5 s first, ≤ 0.5 s warm.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FIRST_TARGET_MS = 1500
WARM_TARGET_MS = 500
WAIT_MS = 120_000
WARM_VISITS = 3
# The address each page is timed at: its landing view, or a typical resource for a page that shows one.
VISITS = {"resource": "resource?iri=https%3A%2F%2Fw3id.org%2Fcdtkg%2Fresource%2Fstd%2Fplan-20250317-T-469"}
# The run is over when the app says so (its script state): the running indicator shows only after a delay,
# so its absence alone is true while the page's elements are still arriving.
RENDERED = ("(title) => document.title.startsWith(title + ' ·') && document.querySelector('h1')"
            " && document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"
            " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
            " && document.querySelectorAll('[data-stale=\"true\"]').length === 0")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rendered(page, title: str) -> None:
    page.wait_for_function(RENDERED, arg=title, timeout=WAIT_MS, polling=20)


def _timed_load(context, url: str, title: str) -> float:
    """Open `url` in a new tab (a new Streamlit session); return the milliseconds until it is fully rendered."""
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        _rendered(page, title)
        return (time.perf_counter() - started) * 1000
    finally:
        page.close()


def _timed_go(page, address: str, title: str) -> float:
    """Go to `address` inside the app in `page`, as the app's own links do (a history entry that
    Streamlit follows); return the milliseconds until the page there is fully rendered."""
    started = time.perf_counter()
    page.evaluate("(a) => { history.pushState({}, '', a); dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
                  address)
    _rendered(page, title)
    return (time.perf_counter() - started) * 1000


@contextmanager
def _served(corpus: Path):
    """Serve `corpus` as `cdtkg app --read-only` does on a free loopback port and open a headless Chromium
    on it that may ask no other host; yield (the app's address, the browser context)."""
    from playwright.sync_api import sync_playwright

    from app.explorer_server import command, stop, wait_until_served

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "CDTKG_CORPUS": str(corpus)}
    proc = subprocess.Popen(command(corpus, port, "127.0.0.1", read_only=True), env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if not wait_until_served(proc, url):
            raise RuntimeError(f"探索界面没能启动（退出码 {proc.returncode}）")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            own = (url, "data:", "blob:")
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(own) else route.abort())
            try:
                yield url, context
            finally:
                browser.close()
    finally:
        stop(proc, seconds=20, group=True)


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def measure(corpus: Path, names: list[str] | None = None, prefix: str = "page") -> dict:
    """Return the figures of the pages `names` (default: every page) of the explorer (see the module's
    docstring), named `<prefix>_<page>_first_ms` …, or a figure `<prefix>_skipped` saying why none could be
    taken. A warm figure is the median of WARM_VISITS visits: one visit on a shared machine is mostly noise."""
    from app.widgets import PAGES

    try:
        import playwright  # noqa: F401
    except ImportError:
        return {f"{prefix}_skipped": "需要 playwright（pip install -e '.[test]'）"}
    if not CHROMIUM.exists():
        return {f"{prefix}_skipped": f"需要 Chromium（{CHROMIUM}）：apt-get install -y chromium chromium-driver"}
    names = list(names or PAGES)
    figures: dict = {}
    with _served(corpus) as (url, context):
        tab = context.new_page()
        started = time.perf_counter()
        tab.goto(url, wait_until="commit")
        _rendered(tab, PAGES["overview"])
        figures[f"{prefix}_startup_ms"] = round((time.perf_counter() - started) * 1000, 1)
        back = []
        for name in names:
            if name == "overview":
                continue
            address = url + VISITS.get(name, name)
            figures[f"{prefix}_{name}_first_ms"] = round(_timed_go(tab, address, PAGES[name]), 1)
            warm = []
            for _ in range(WARM_VISITS):
                back.append(_timed_go(tab, url, PAGES["overview"]))
                warm.append(_timed_go(tab, address, PAGES[name]))
            figures[f"{prefix}_{name}_warm_ms"] = round(_median(warm), 1)
            back.append(_timed_go(tab, url, PAGES["overview"]))
        if "overview" in names:
            if not back:  # the overview alone: visit another page and come back
                for _ in range(WARM_VISITS + 1):
                    _timed_go(tab, url + "search", PAGES["search"])
                    back.append(_timed_go(tab, url, PAGES["overview"]))
            figures[f"{prefix}_overview_first_ms"] = round(back[0], 1)
            figures[f"{prefix}_overview_warm_ms"] = round(_median(back[1:] or back), 1)
        for name in names:
            figures[f"{prefix}_{name}_load_ms"] = round(_timed_load(context, url + VISITS.get(name, name),
                                                                    PAGES[name]), 1)
    first = {k: v for k, v in figures.items() if k.endswith("_first_ms")}
    warm = {k: v for k, v in figures.items() if k.endswith("_warm_ms")}
    figures[f"{prefix}_first_max_ms"] = max(first.values())
    figures[f"{prefix}_warm_max_ms"] = max(warm.values())
    figures[f"{prefix}_first_target_ms"] = FIRST_TARGET_MS
    figures[f"{prefix}_warm_target_ms"] = WARM_TARGET_MS
    cut = len(prefix) + 1
    figures[f"{prefix}_first_over_target"] = "、".join(k[cut:-9] for k, v in first.items() if v > FIRST_TARGET_MS) or "无"
    figures[f"{prefix}_warm_over_target"] = "、".join(k[cut:-8] for k, v in warm.items() if v > WARM_TARGET_MS) or "无"
    return figures


def bench_pages(corpus: Path, figures: dict) -> None:
    """Add the page figures, measured in a fresh process (Streamlit and the browser stay out of the bench process)."""
    out = subprocess.run([sys.executable, "-m", "app.bench_pages", str(Path(corpus).resolve())], capture_output=True,
                         text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"page bench failed: {out.stderr.strip()[-2000:]}")
    figures.update(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
