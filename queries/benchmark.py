"""How fast the named queries run: on pyoxigraph, and on rdflib's own evaluator over the same graph.

Used by `cdtkg bench` (in a fresh worker process). Each query runs with the
values of its `# example:` header line, bound as everywhere else
(queries/binding.py); a query with a required parameter and no example is
left out and listed. Times are warm: one run first, then the median of the
next runs, every row read. rdflib can be very slow, so each of its queries
runs in a forked child with a time budget; a query over budget is reported
as the budget (a lower bound) and flagged.
"""
from __future__ import annotations

import multiprocessing
import statistics
import time
from pathlib import Path

from .binding import bind_declared, inject_values
from .library import named_queries

TARGET_MS = 50.0          # on the real corpus
SCALE_TARGET_MS = 500.0   # at --scale 100
RUNS = 5
RDFLIB_RUNS = 3
RDFLIB_BUDGET_S = 30.0


def runnable(corpus_queries=None) -> tuple[dict[str, str], list[str]]:
    """The text of every named query with its example parameters bound, and the names left out."""
    texts, skipped = {}, []
    for name, q in (corpus_queries or named_queries()).items():
        example = dict(pair.split("=", 1) for pair in q.meta.get("example", []))
        if any(p.required and p.name not in example for p in q.params):
            skipped.append(name)
            continue
        texts[name] = inject_values(q.text, bind_declared(q, example))
    return texts, skipped


def _median_ms(run, runs: int) -> float:
    run()  # warm-up: plans, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _rdflib_child(conn, graph, text: str) -> None:
    try:
        conn.send(("ok", _median_ms(lambda: list(graph.query(text)), RDFLIB_RUNS)))
    except BaseException as e:  # report, do not hang the parent
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _rdflib_ms(graph, text: str, budget: float) -> tuple[float | None, str]:
    """rdflib's warm median for `text`, or (budget, 'timeout') / (None, error) when it cannot say."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_rdflib_child, args=(sender, graph, text), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(budget):
            return budget * 1000, "timeout"
        status, value = receiver.recv()
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    return (value, "ok") if status == "ok" else (None, value)


def measure(corpus: Path, with_rdflib: bool = True, budget: float = RDFLIB_BUDGET_S,
            target_ms: float = TARGET_MS) -> dict:
    """The per-query figures of the current build of `corpus` (built first if needed), with the
    queries slower than `target_ms` listed under `query_over_target`."""
    from loaders.build import current_graph_file, load_store

    store = load_store(corpus)
    texts, skipped = runnable()
    graph = None
    if with_rdflib:
        from rdflib import Graph

        graph = Graph()
        graph.parse(current_graph_file(corpus), format="nt")
    figures: dict = {}
    ratios, slow = [], []
    for name, text in texts.items():
        ms = _median_ms(lambda: list(store.query(text)), RUNS)
        figures[f"query_{name}_ms"] = round(ms, 2)
        if ms > target_ms:
            slow.append(name)
        if graph is None:
            continue
        rdf_ms, state = _rdflib_ms(graph, text, budget)
        if rdf_ms is None:
            figures[f"query_{name}_rdflib_error"] = state[:200]
            continue
        figures[f"query_{name}_rdflib_ms"] = round(rdf_ms, 2)
        if state == "timeout":
            figures[f"query_{name}_rdflib_timeout"] = True
        ratio = rdf_ms / ms if ms > 0 else None
        if ratio is not None:
            figures[f"query_{name}_speedup"] = round(ratio, 1)
            ratios.append(ratio)
    figures["query_count"] = len(texts)
    figures["query_max_ms"] = max((figures[f"query_{n}_ms"] for n in texts), default=0)
    figures["query_over_target"] = sorted(slow)
    figures["query_skipped_no_example"] = sorted(skipped)
    if ratios:
        figures["query_speedup_vs_rdflib"] = round(statistics.median(ratios), 1)
    return figures
