"""`cdtkg bench` figures for the explorer: time to first render of each page, warm.

Warm means what a user meets once the app has served anyone: the graph, index and
result tables are cached in the process. Each page is rendered once to warm it, then
timed in a fresh session (Streamlit's AppTest), in a process of its own.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parent / "explorer.py"
TARGET_MS = 2000


def _render(name: str) -> float:
    """Render page `name` in a new session; return the milliseconds the page itself took."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    if not getattr(PagesManager, "_cdtkg_navigation", False):  # as `cdtkg app` serves it (explorer_server)
        original = PagesManager.__init__

        def init(self, *args, **kwargs):
            original(self, *args, **kwargs)
            PagesManager.uses_pages_directory = False

        PagesManager.__init__ = init
        PagesManager._cdtkg_navigation = True

    at = AppTest.from_file(str(APP), default_timeout=300)
    started = time.perf_counter()
    at.run()
    if name != "overview":
        started = time.perf_counter()
        at.switch_page(f"pages/{name}.py").run()
    elapsed = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"page {name} failed: {at.exception[0].value}")
    return elapsed


def measure(corpus: Path) -> dict:
    """Return {page_<name>_ms: warm time to first render} for every page of the explorer."""
    os.environ["CDTKG_CORPUS"] = str(Path(corpus).resolve())
    from app.widgets import PAGES

    for name in PAGES:  # warm the process-wide caches
        _render(name)
    figures = {f"page_{name}_ms": round(_render(name), 1) for name in PAGES}
    figures["page_max_ms"] = max(figures.values())
    figures["page_target_ms"] = TARGET_MS
    return figures


def bench_pages(corpus: Path, figures: dict) -> None:
    """Add the page figures, measured in a fresh process (Streamlit stays out of the bench process)."""
    out = subprocess.run([sys.executable, "-m", "app.bench_pages", str(corpus)], capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise RuntimeError(f"page bench failed: {out.stderr.strip()[-2000:]}")
    figures.update(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
