"""Progress on stderr for the steps a user waits on (builds, index, bench), quiet when not a terminal."""
from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

SHOW_AFTER_S = 2.0   # a step shorter than this says nothing


def _terminal() -> bool:
    return sys.stderr.isatty()


def documents_progress(items, total):
    """Wrap the documents a build parses in a progress bar on a terminal; returns the iterable."""
    if not _terminal():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc="解析文档", unit="份", file=sys.stderr, leave=False)


@contextmanager
def step(message: str):
    """Show `message` with the seconds elapsed once the block has run SHOW_AFTER_S, on a terminal;
    ends the line with the time taken. Yields nothing; a step that fails leaves its line unfinished."""
    if not _terminal():
        yield
        return
    started, done, shown = time.monotonic(), threading.Event(), []

    def tick():
        while not done.wait(0.5):
            elapsed = time.monotonic() - started
            if elapsed >= SHOW_AFTER_S:
                shown.append(True)
                sys.stderr.write(f"\r{message}… {elapsed:.0f} 秒")
                sys.stderr.flush()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
        if shown:
            sys.stderr.write(f"\r{message}…完成（{time.monotonic() - started:.1f} 秒）\n")
            sys.stderr.flush()


def built(corpus, force: bool = False):
    """Build `corpus` if needed, showing progress when that takes a while; returns the BuildSummary."""
    from loaders.build import build

    with step("正在构建图谱（首次使用或语料有变化）"):
        return build(corpus, force=force, progress=documents_progress)


def indexed(corpus):
    """Build `corpus` and its search index if needed, showing progress; returns (folder, update or None)."""
    from queries.search import ensure_search_index

    built(corpus)
    with step("正在建立检索索引"):
        return ensure_search_index(corpus)
