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
    elif step == "add-file":
        figures = _add_file(corpus, Path(argv[2]))
    elif step == "build-index":     # the graph and its search index, as a user has them before a change
        from loaders.build import build
        from queries.search_index import ensure_index

        summary = build(corpus)
        ensure_index(corpus)
        figures = {"triples": summary.triples}
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
    elif step == "check":
        import tempfile

        from loaders.build import DEFAULT_CORPUS, build
        from loaders.draft_source import read_draft_file
        from loaders.synthetic_corpus import long_draft
        from queries.draft_check import check_draft

        build(corpus)
        draft = (DEFAULT_CORPUS / "gbt-technical-reference-model-draft.txt").read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "long-draft.txt"
            path.write_text(long_draft(draft, 80), encoding="utf-8")
            t = time.perf_counter()   # what `cdtkg check` does: read the file, load the build, check
            report = check_draft(read_draft_file(path), corpus)
            figures = {"check_80_pages_s": round(time.perf_counter() - t, 3),
                       "check_80_pages_clauses": report.clauses, "check_80_pages_findings": len(report.findings)}
    elif step == "read-pdfs":
        figures = _read_pdfs(corpus)     # here `corpus` is the folder of PDFs
    elif step == "add-pdf":
        from loaders.build import build
        from loaders.corpus_add import add_document

        t = time.perf_counter()
        add_document(corpus, Path(argv[2]), "standard", status="Published")
        figures = {"add_s": round(time.perf_counter() - t, 3)}
        t = time.perf_counter()
        summary = build(corpus)
        figures.update({"build_s": round(time.perf_counter() - t, 3), "triples": summary.triples})
    else:
        raise SystemExit(f"unknown bench step {step}")
    figures["seconds"] = round(time.perf_counter() - started, 3)
    figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))


def _read_pdfs(folder: Path) -> dict:
    """Read every PDF in `folder` (a refused one counts its pages too: the reader saw them)."""
    import pypdfium2 as pdfium

    from loaders.problems import SourceParseError
    from loaders.source_document import read_source

    pages, refused, started = 0, 0, time.perf_counter()
    for pdf in sorted(folder.glob("*.pdf")):
        try:
            pages += read_source(pdf).pages or 0
        except SourceParseError:
            refused += 1
            pages += len(pdfium.PdfDocument(str(pdf)))
    seconds = time.perf_counter() - started
    return {"pdf_files": len(list(folder.glob("*.pdf"))), "pdf_refused": refused, "pdf_pages": pages,
            "pdf_read_s": round(seconds, 3), "pdf_pages_per_s": round(pages / seconds, 1)}


def _change_one(corpus: Path, step: str, k: int) -> dict:
    """Add variant `k` of the maturity model to `corpus` (or remove it), then build and bring
    the search index up to date, as `cdtkg add` / `cdtkg build` would: the seconds of each and
    the documents parsed."""
    from loaders.manifest import read_manifest, write_manifest
    from loaders.synthetic_corpus import add_variant

    if step == "add-one":
        add_variant(corpus, "gbt-maturity-model-ctmm-draft", k)
    else:
        write_manifest(corpus, [e for e in read_manifest(corpus) if e.id != f"gbt-maturity-model-ctmm-draft-v{k}"])
    return _rebuild_counted(corpus)


def _add_file(corpus: Path, file: Path) -> dict:
    """`cdtkg add` of `file` as a published standard, then the rebuild of graph and index (as `_change_one`),
    with the seconds of the add itself apart."""
    from loaders.corpus_add import add_document

    wall, cpu = time.perf_counter(), time.process_time()
    add_document(corpus, file, "standard", status="Published")
    added = {"add_s": round(time.perf_counter() - wall, 3), "add_cpu_s": round(time.process_time() - cpu, 3)}
    return {**added, **_rebuild_counted(corpus)}


def _rebuild_counted(corpus: Path) -> dict:
    """Build `corpus` and bring its search index up to date, counting the documents parsed: wall and CPU
    seconds of each (CPU: the machine is shared, so wall time says as much about the others' load)."""
    from loaders import build as graph_build
    from queries.search_index import ensure_index

    parsed = []
    real = graph_build.load_document

    def counted(entry, corpus):
        parsed.append(entry.id)
        return real(entry, corpus)

    graph_build.load_document = counted
    started, cpu = time.perf_counter(), time.process_time()
    summary = graph_build.build(corpus)
    built, built_cpu = time.perf_counter(), time.process_time()
    _, update = ensure_index(corpus)
    done, done_cpu = time.perf_counter(), time.process_time()
    graph_build.load_document = real
    return {"build_s": round(built - started, 3), "index_s": round(done - built, 3),
            "total_s": round(done - started, 3), "build_cpu_s": round(built_cpu - cpu, 3),
            "index_cpu_s": round(done_cpu - built_cpu, 3), "total_cpu_s": round(done_cpu - cpu, 3),
            "parsed": len(parsed), "triples": summary.triples,
            "records_reindexed": update.reindexed if update else 0,
            "index_read_changes": bool(update and update.read_changes),
            "records_removed": update.removed if update else 0}


if __name__ == "__main__":
    main(sys.argv[1:])
