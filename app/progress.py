"""Progress on stderr for the steps a user waits on (builds, index, bench), quiet when not a terminal."""
from __future__ import annotations

import sys
import threading
import time
from contextlib import contextmanager

SHOW_AFTER_S = 2.0   # a step shorter than this says nothing
_CLEAR_LINE = "\033[K"


def _terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def step(message: str):
    """Show `message` with the seconds elapsed once the block has run SHOW_AFTER_S, on a terminal,
    and end the line with the time taken. Yields a function that sets a detail shown after the
    message (e.g. （第 2/5 份文档）)."""
    detail = [""]
    if not _terminal():
        yield lambda text: None
        return
    started, done, shown = time.monotonic(), threading.Event(), []

    def tick():
        while not done.wait(0.5):
            elapsed = time.monotonic() - started
            if elapsed >= SHOW_AFTER_S:
                shown.append(True)
                sys.stderr.write(f"\r{message}{detail[0]}… {elapsed:.0f} 秒{_CLEAR_LINE}")
                sys.stderr.flush()

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        yield lambda text: detail.__setitem__(0, text)
    finally:
        done.set()
        ticker.join()
        if shown:
            sys.stderr.write(f"\r{message}…完成（{time.monotonic() - started:.1f} 秒）{_CLEAR_LINE}\n")
            sys.stderr.flush()


def built(corpus, force: bool = False):
    """Build `corpus` if needed, showing progress when that takes a while; returns the BuildSummary."""
    from loaders.build import build

    with step("正在构建图谱（首次使用或语料有变化）") as say:
        def documents(entries, total):
            for n, entry in enumerate(entries, start=1):
                say(f"：第 {n}/{total} 份文档")
                yield entry
            say("：校验与汇总")

        return build(corpus, force=force, progress=documents)


def indexed(corpus):
    """Build `corpus` and its search index if needed, showing progress; returns (folder, update or None)."""
    from queries.search import ensure_search_index

    built(corpus)
    with step("正在建立检索索引"):
        return ensure_search_index(corpus)
