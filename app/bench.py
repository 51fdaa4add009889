"""`cdtkg bench`: the speed and memory figures of every target, as a table or one JSON object.

Each figure is measured in a fresh process where start-up matters (cold build,
unchanged rebuild, scale runs), so the numbers are what a user sees.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
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


REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"
ADDED_PDF = "ttaf-083-2022.pdf"   # the 81-page group standard


def bench_reading(corpus: Path, figures: dict, realdocs: Path = REALDOCS) -> None:
    """PDF reading speed over the real standards (`pdf_pages_per_s`, target ≥ 20), and the time to
    add the 81-page T/TAF 083 PDF to the bundled corpus and rebuild it (`add_pdf_rebuild_s`, target ≤ 15)."""
    if not realdocs.is_dir():
        figures["pdf_reading"] = f"skipped: {realdocs} absent"
        return
    with tempfile.TemporaryDirectory() as home:
        r = _run_worker("read-pdfs", str(realdocs), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith("pdf_")})
    if not (realdocs / ADDED_PDF).is_file():
        return
    with _built_copy(corpus) as (copy, home):
        r = _run_worker("add-pdf", str(copy), str(realdocs / ADDED_PDF), home=home)
    figures["add_pdf_rebuild_s"] = r["wall_s"]
    figures["add_pdf_add_s"] = r["add_s"]
    figures["add_pdf_build_s"] = r["build_s"]


# The figures of adding or removing one document at a scale: the figure's name after `scale_N_add_one_`, and the
# worker's key that gives it (index_read_changes: the index read what the build changed, not the whole graph).
ONE_DOCUMENT_FIGURES = {"s": "total_s", "build_s": "build_s", "index_s": "index_s", "cpu_s": "total_cpu_s",
                        "build_cpu_s": "build_cpu_s", "index_cpu_s": "index_cpu_s", "parsed": "parsed",
                        "records_reindexed": "records_reindexed", "index_read_changes": "index_read_changes"}


def bench_scale(corpus: Path, figures: dict, scales: list[int]) -> None:
    """At each scale (a synthetic corpus n times the real one): cold build, index build, adding
    one document and rebuilding (graph + index), removing it and rebuilding, search and ask
    latency, named queries, and the peak memory of any step."""
    from loaders.synthetic_corpus import make_scaled_corpus

    for n in scales:
        with tempfile.TemporaryDirectory() as tmp:
            scaled = make_scaled_corpus(corpus, Path(tmp) / f"scale-{n}", n)
            home = str(Path(tmp) / "home")
            steps = {"build": _run_worker("build", str(scaled), home=home),
                     "search": _run_worker("search-scale", str(scaled), home=home),
                     "ask": _run_worker("ask", str(scaled), home=home),
                     "queries": _run_worker("queries-scale", str(scaled), home=home),
                     "add": _run_worker("add-one", str(scaled), str(n), home=home),
                     "remove": _run_worker("remove-one", str(scaled), str(n), home=home)}
        r, s, a = steps["build"], steps["search"], steps["ask"]
        figures.update({f"scale_{n}_{k}": v for k, v in steps["queries"].items() if k.startswith("query_")})
        figures[f"scale_{n}_build_s"] = r["wall_s"]
        figures[f"scale_{n}_triples"] = r["triples"]
        figures[f"scale_{n}_index_build_s"] = s["index_build_s"]
        for step in ("add", "remove"):
            figures.update({f"scale_{n}_{step}_one_{figure}": steps[step][key]
                            for figure, key in ONE_DOCUMENT_FIGURES.items()})
        figures[f"scale_{n}_search_p50_ms"] = s["search_p50_ms"]
        figures[f"scale_{n}_search_p95_ms"] = s["search_p95_ms"]
        figures[f"scale_{n}_ask_p50_ms"] = a["ask_p50_ms"]
        figures[f"scale_{n}_ask_p95_ms"] = a["ask_p95_ms"]
        figures[f"scale_{n}_peak_mb"] = max(x["peak_mb"] for x in steps.values())
    if len(scales) > 1:
        lo, hi = min(scales), max(scales)
        ratio = figures[f"scale_{hi}_build_s"] / figures[f"scale_{lo}_build_s"]
        figures[f"scale_time_ratio_{hi}_vs_{lo}"] = round(ratio, 2)


def bench_search(corpus: Path, figures: dict) -> None:
    """Index build (fresh process, graph already built), judged-set quality beside the
    default-analyzer baseline, and warm search latency."""
    with tempfile.TemporaryDirectory() as home:
        _run_worker("build", str(corpus), home=home)
        r = _run_worker("search", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith(("search_", "index_"))})


def bench_queries(corpus: Path, figures: dict) -> None:
    """Every named query, warm, on pyoxigraph and on rdflib's evaluator over the same graph:
    `query_<name>_ms`, `query_<name>_rdflib_ms`, and the median ratio `query_speedup_vs_rdflib`."""
    with tempfile.TemporaryDirectory() as home:
        _run_worker("build", str(corpus), home=home)
        r = _run_worker("queries", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith("query_")})


def bench_ask(corpus: Path, figures: dict) -> None:
    """Question answering: warm latency per question (p50, p95) over the question set and the blind rounds'
    questions on the bundled documents (readers' questions, the blind ones' CPU time too), and accuracy on
    the question set."""
    with tempfile.TemporaryDirectory() as home:
        _run_worker("build", str(corpus), home=home)
        r = _run_worker("ask", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith("ask_")})


def bench_check(corpus: Path, figures: dict) -> None:
    """`cdtkg check` on an 80-page draft (the technical reference model lengthened), the build already there."""
    with tempfile.TemporaryDirectory() as home:
        r = _run_worker("check", str(corpus), home=home)
    figures.update({k: v for k, v in r.items() if k.startswith("check_")})


def bench_real_standards(figures: dict) -> None:
    """Gold facts read on real standards (`CDTKG_GOLD_DIR`, default the tuning gold), per document and kind."""
    from .gold_score import figures as gold_figures
    from .gold_score import gold_dir, score_folder, texts_dir

    scores = score_folder(gold_dir(), texts_dir())
    figures.update(gold_figures(scores))
    for s in scores:
        if not s.skipped:
            figures[f"gold_{s.id}_read_s"] = s.seconds


def bench_add_standard(corpus: Path, figures: dict) -> None:
    """`cdtkg add` of the longest real standard text the gold names, then a rebuild of the corpus it joins."""
    from .gold_score import gold_dir, texts_dir

    named = [json.loads(p.read_text(encoding="utf-8")).get("text", {}).get("file", "") for p in gold_dir().glob("*.json")]
    texts = sorted((texts_dir() / n for n in named if n.endswith(".txt") and (texts_dir() / n).is_file()),
                   key=lambda p: p.stat().st_size)
    if not texts:
        figures["add_standard_rebuild_s"] = "skipped: no text in the cache"
        return
    with _built_copy(corpus) as (copy, home):
        started = time.perf_counter()
        from loaders.corpus_add import add_document

        add_document(copy, texts[-1], kind="standard")
        r = _run_worker("build", str(copy), home=home)
    figures["add_standard_file"] = texts[-1].name
    figures["add_standard_chars"] = texts[-1].stat().st_size
    figures["add_standard_rebuild_s"] = round(time.perf_counter() - started, 3)
    figures["add_standard_build_worker_s"] = r["wall_s"]




@contextmanager
def _built_copy(corpus: Path, step: str = "build"):
    """Yields (a copy of `corpus` in a temporary folder, its own build home), the copy built there by the worker
    `step` first: the last build, as a user has it before a change."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "corpus"
        shutil.copytree(corpus, copy)
        home = str(Path(tmp) / "home")
        _run_worker(step, str(copy), home=home)
        yield copy, home


def _change_figures(prefix: str, r: dict, figures: dict) -> None:
    """The figures of one change and rebuild (graph + index): wall and CPU seconds of each, documents parsed."""
    for k in ("total", "build", "index"):
        name = prefix if k == "total" else f"{prefix}_{k}"
        figures[f"{name}_s"] = r[f"{k}_s"]
        figures[f"{name}_cpu_s"] = r[f"{k}_cpu_s"]
    figures[f"{prefix}_parsed"] = r["parsed"]
    figures[f"{prefix}_records_reindexed"] = r["records_reindexed"]


def bench_change_one(corpus: Path, figures: dict) -> None:
    """Adding one document to the bundled corpus and rebuilding graph and index (`add_one_s`, target ≤ 5), then
    removing it (`remove_one_s`): a copy of the maturity model under a number of its own, as `--scale` adds it.
    CPU seconds beside wall ones (`add_one_cpu_s`): on the shared machine the wall time is mostly the others'."""
    with _built_copy(corpus, "build-index") as (copy, home):
        added = _run_worker("add-one", str(copy), "1", home=home)
        removed = _run_worker("remove-one", str(copy), "1", home=home)
    _change_figures("add_one", added, figures)
    _change_figures("remove_one", removed, figures)


PDF_PAGES = 40


def _pdf_near(folder: Path, pages: int) -> Path | None:
    """The PDF of `folder` whose page count is nearest `pages` (the smaller name on a tie)."""
    import pypdfium2 as pdfium

    counted = []
    for pdf in sorted(folder.glob("*.pdf")):
        try:
            document = pdfium.PdfDocument(str(pdf))
        except pdfium.PdfiumError:
            continue
        counted.append((abs(len(document) - pages), pdf.name, pdf))
        document.close()
    return min(counted)[2] if counted else None


def bench_add_pdf(corpus: Path, figures: dict) -> None:
    """Issue 18's figure: `cdtkg add` of the real standard PDF of the text cache nearest 40 pages, then the rebuild of
    the bundled corpus, graph and index (`add_pdf40_s`, target ≤ 5; `add_pdf40_cpu_s` its CPU seconds)."""
    from .gold_score import texts_dir

    pdf = _pdf_near(texts_dir(), PDF_PAGES)
    if pdf is None:
        figures["add_pdf40"] = f"skipped: no PDF in {texts_dir()}"
        return
    with _built_copy(corpus, "build-index") as (copy, home):
        r = _run_worker("add-file", str(copy), str(pdf), home=home)
    figures["add_pdf40_file"] = pdf.name
    figures["add_pdf40_add_s"] = r["add_s"]
    _change_figures("add_pdf40_rebuild", r, figures)


def run_bench(corpus: Path, args) -> int:
    from .bench_pages import bench_pages
    from .bench_plan import bench_plan
    from .progress import step

    figures: dict = {}
    stages = [("构建", bench_build), ("检索", bench_search), ("问答", bench_ask), ("具名查询", bench_queries),
              ("草案检查", bench_check), ("探索界面页面", bench_pages),
              ("读取 PDF", bench_reading), ("真实标准金标准", lambda c, f: bench_real_standards(f)),
              ("加入真实标准并重建", bench_add_standard), ("加入一份文档并重建、再移除", bench_change_one),
              ("加入约 40 页的 PDF 标准并重建", bench_add_pdf), ("工作计划", bench_plan)]
    if args.scale:
        stages.append((f"合成语料 ×{'、×'.join(map(str, args.scale))}", lambda c, f: bench_scale(c, f, args.scale)))
    failed = []
    for n, (name, measure) in enumerate(stages, start=1):
        # One step that fails (a page timing out on a loaded machine) must not cost the figures of the others.
        with step(f"基准 {n}/{len(stages)}：{name}"):
            try:
                measure(corpus, figures)
            except (RuntimeError, OSError, ValueError) as e:
                failed.append(name)
                figures[f"failed_{n}"] = f"{name}：{str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__}"
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        width = max(len(k) for k in figures)
        for k, v in figures.items():
            print(f"{k:<{width}}  {v}")
    if failed:
        print(f"以下基准步骤没有完成（其余指标照常给出）：{'、'.join(failed)}", file=sys.stderr)
        return 1
    return 0
