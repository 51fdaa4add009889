"""A fresh process for one benchmark step; prints one JSON line with its figures."""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    step, corpus = argv[0], Path(argv[1])
    started = time.perf_counter()
    if step == "build":
        from loaders.build import build

        summary = build(corpus)
        figures = {"triples": summary.triples, "reused": summary.reused,
                   "documents": {d["id"]: d["seconds"] for d in summary.documents}}
        if not summary.reused:
            from loaders.build import load_store
            from loaders.checks import run_checks

            store = load_store(corpus)
            t = time.perf_counter()
            run_checks(store)
            figures["checks_ms"] = round((time.perf_counter() - t) * 1000, 1)
    elif step in ("add-one", "remove-one"):
        figures = _change_one(corpus, step, int(argv[2]))
    elif step in ("search", "search-scale"):
        from queries.search_quality import measure

        figures = measure(corpus, judged=step == "search")
    elif step in ("queries", "queries-scale"):
        from queries.benchmark import SCALE_TARGET_MS, TARGET_MS
        from queries.benchmark import measure as measure_queries

        at_scale = step == "queries-scale"  # rdflib at 100x: minutes, no answer
        figures = measure_queries(corpus, with_rdflib=not at_scale, target_ms=SCALE_TARGET_MS if at_scale else TARGET_MS)
    elif step == "ask":
        from queries.ask.evaluation import measure as measure_ask

        figures = measure_ask(corpus)
    else:
        raise SystemExit(f"unknown bench step {step}")
    figures["seconds"] = round(time.perf_counter() - started, 3)
    figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))


def _change_one(corpus: Path, step: str, k: int) -> dict:
    """Add variant `k` of the maturity model to `corpus` (or remove it), then build and bring
    the search index up to date, as `cdtkg add` / `cdtkg build` would: the seconds of each and
    the documents parsed."""
    from loaders import build as graph_build
    from loaders.manifest import read_manifest, write_manifest
    from loaders.synthetic_corpus import add_variant
    from queries.search_index import ensure_index

    parsed = []
    real = graph_build.load_document

    def counted(entry, corpus):
        parsed.append(entry.id)
        return real(entry, corpus)

    graph_build.load_document = counted
    if step == "add-one":
        add_variant(corpus, "gbt-maturity-model-ctmm-draft", k)
    else:
        write_manifest(corpus, [e for e in read_manifest(corpus) if e.id != f"gbt-maturity-model-ctmm-draft-v{k}"])
    started = time.perf_counter()
    summary = graph_build.build(corpus)
    built = time.perf_counter()
    _, update = ensure_index(corpus)
    done = time.perf_counter()
    return {"build_s": round(built - started, 3), "index_s": round(done - built, 3),
            "total_s": round(done - started, 3), "parsed": len(parsed), "triples": summary.triples,
            "records_reindexed": update.reindexed if update else 0,
            "records_removed": update.removed if update else 0}


if __name__ == "__main__":
    main(sys.argv[1:])
