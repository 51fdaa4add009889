"""`cdtkg bench` figures for the work programme: importing a plan list of 10,000 projects and rebuilding
(target ≤ 30 s), and the progress figures and pages on it warm (target ≤ 1.5 s).

The list is synthetic: names made of the framework's planned standards (so coverage has real work),
stages, dates and kinds spread over the rows. Measured in a process of its own, on a copy of the corpus
already built once (the documents are cached, as on a committee's machine).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECTS = 10_000
IMPORT_TARGET_S = 30.0
PROGRESS_TARGET_MS = 1500
STAGES = ("预研", "立项", "起草", "征求意见", "送审", "报批", "发布", "终止", "延期")
KINDS = ("推荐", "指导性技术文件", "推荐", "推荐")


def synthetic_sheet(path: Path, names: list[str], n: int = PROJECTS) -> Path:
    """An xlsx in the national plan layout with `n` synthetic projects named after `names`."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("计划")
    ws.append(["计划号", "项目名称", "标准性质", "项目周期", "归口单位", "起草单位", "下达日期", "阶段"])
    start = dt.date(2024, 1, 1)
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        plan = f"2026{i:04d}-{'Z' if kind == '指导性技术文件' else 'T'}-{i % 1000:03d}"
        ws.append([plan, f"城市全域数字化转型 {names[i % len(names)]} 第{i // len(names) + 1}部分", kind,
                   12 + (i % 3) * 6, "全国数据标准化技术委员会", "测试起草单位", (start + dt.timedelta(days=i % 900)),
                   STAGES[i % len(STAGES)]])
    wb.save(path)
    return path


def measure(corpus: Path) -> dict:
    """Import and rebuild timings and warm progress timings on a copy of `corpus` (CDTKG_HOME set by the caller)."""
    from loaders.build import build
    from loaders.plan_import import import_plan
    from queries.graph import Graph
    from queries.plan_progress import graph_rows, programme

    build(corpus)
    names = sorted({r["label"] for r in Graph.open(corpus).run(
        "SELECT ?label WHERE { ?p a cdt:PlannedStandard ; skos:prefLabel ?label }").records()})
    sheet = synthetic_sheet(corpus.parent / "计划.xlsx", names)
    started = time.perf_counter()
    import_plan(corpus, sheet)
    imported = time.perf_counter() - started
    summary = build(corpus)
    total = time.perf_counter() - started
    rows = graph_rows(Graph.open(corpus))
    programme(rows)                                    # warm
    t = time.perf_counter()
    progress = programme(rows)
    progress_ms = (time.perf_counter() - t) * 1000
    return {"plan_projects": len(progress.items), "plan_import_s": round(imported, 2),
            "plan_import_and_build_s": round(total, 2), "plan_import_target_s": IMPORT_TARGET_S,
            "plan_build_triples": summary.triples, "plan_progress_ms": round(progress_ms, 1),
            "plan_progress_target_ms": PROGRESS_TARGET_MS}


def pages(corpus: Path) -> dict:
    """The pages that show the progress (总览, 差距分析) on the 10,000-project corpus, timed in headless Chromium
    as `cdtkg bench` times every page (app/bench_pages.py): `plan_page_<name>_first_ms`, `…_warm_ms`, `…_load_ms`."""
    from .bench_pages import measure as page_figures

    figures = page_figures(Path(corpus).resolve(), ["overview", "gaps"], prefix="plan_page")
    figures["plan_page_target_ms"] = PROGRESS_TARGET_MS
    return figures


def bench_plan(corpus: Path, figures: dict) -> None:
    """Add the work-programme figures, measured in fresh processes."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "corpus"
        shutil.copytree(corpus, copy)
        env = {**os.environ, "CDTKG_HOME": str(Path(tmp) / "home")}
        for step in ("measure", "pages"):
            out = subprocess.run([sys.executable, "-m", "app.bench_plan", step, str(copy)], env=env,
                                 capture_output=True, text=True, check=False)
            if out.returncode != 0:
                raise RuntimeError(f"plan bench failed: {out.stderr.strip()[-2000:]}")
            figures.update(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    step, where = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(measure(where) if step == "measure" else pages(where), ensure_ascii=False))
