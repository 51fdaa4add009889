"""`cdtkg bench`: the speed and memory figures of every target, as a table or one JSON object.

Each figure is measured in a fresh process where start-up matters (cold build,
unchanged rebuild, scale runs), so the numbers are what a user sees.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_WORKER = "app.bench_worker"


def _run_worker(*args: str, home: str) -> dict:
    env = {**os.environ, "CDTKG_HOME": home}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", _WORKER, *args], env=env, capture_output=True,
                         text=True, check=False)
    wall = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"bench worker failed: {out.stderr.strip()[-2000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_s"] = round(wall, 3)
    return result


def bench_build(corpus: Path, figures: dict) -> None:
    with tempfile.TemporaryDirectory() as home:
        cold = _run_worker("build", str(corpus), home=home)
        warm = _run_worker("build", str(corpus), home=home)
    figures["build_cold_s"] = cold["wall_s"]
    figures["build_warm_s"] = warm["wall_s"]
    figures["triples"] = cold["triples"]
    figures["build_peak_mb"] = cold["peak_mb"]
    figures["checks_ms"] = cold["checks_ms"]
    # parse + validate of each document (and the cross-document step), cold
    for doc, seconds in cold["documents"].items():
        figures[f"document_{doc}_s"] = seconds


def bench_scale(corpus: Path, figures: dict, scales: list[int]) -> None:
    from loaders.synthetic_corpus import make_scaled_corpus

    for n in scales:
        with tempfile.TemporaryDirectory() as tmp:
            scaled = make_scaled_corpus(corpus, Path(tmp) / f"scale-{n}", n)
            r = _run_worker("build", str(scaled), home=str(Path(tmp) / "home"))
            s = _run_worker("search-scale", str(scaled), home=str(Path(tmp) / "home"))
            q = _run_worker("queries-scale", str(scaled), home=str(Path(tmp) / "home"))
        figures.update({f"scale_{n}_{k}": v for k, v in q.items() if k.startswith("query_")})
        figures[f"scale_{n}_index_build_s"] = s["index_build_s"]
        figures[f"scale_{n}_search_p95_ms"] = s["search_p95_ms"]
        figures[f"scale_{n}_build_s"] = r["wall_s"]
        figures[f"scale_{n}_triples"] = r["triples"]
        figures[f"scale_{n}_peak_mb"] = r["peak_mb"]
    if len(scales) > 1:
        lo, hi = min(scales), max(scales)
        ratio = figures[f"scale_{hi}_build_s"] / figures[f"scale_{lo}_build_s"]
        figures[f"scale_time_ratio_{hi}_vs_{lo}"] = round(ratio, 2)


def bench_search(corpus: Path, figures: dict) -> None:
    """Index build (fresh process, graph already built), judged-set quality beside the
    whoosh-default baseline, and warm search latency."""
    with tempfile.TemporaryDirectory() as home:
        _run_worker("build", str(corpus), home=home)
        r = _run_worker("search", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith(("search_", "index_"))})


def bench_queries(corpus: Path, figures: dict) -> None:
    """Every named query, warm, on pyoxigraph and on rdflib's evaluator over the same graph:
    `query_<name>_ms`, `query_<name>_rdflib_ms`, and the median ratio `query_speedup_vs_rdflib`."""
    with tempfile.TemporaryDirectory() as home:
        r = _run_worker("queries", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith("query_")})


def bench_ask(corpus: Path, figures: dict) -> None:
    """Question answering: warm latency per question (p50, p95) and accuracy on the question set."""
    with tempfile.TemporaryDirectory() as home:
        _run_worker("build", str(corpus), home=home)
        r = _run_worker("ask", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith("ask_")})


def run_bench(corpus: Path, args) -> int:
    figures: dict = {}
    bench_build(corpus, figures)
    bench_search(corpus, figures)
    bench_ask(corpus, figures)
    bench_queries(corpus, figures)
    from .bench_pages import bench_pages

    bench_pages(corpus, figures)
    from .bench_plan import bench_plan

    bench_plan(corpus, figures)
    if args.scale:
        bench_scale(corpus, figures, args.scale)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        width = max(len(k) for k in figures)
        for k, v in figures.items():
            print(f"{k:<{width}}  {v}")
    return 0
