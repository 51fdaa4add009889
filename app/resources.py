"""What the explorer loads once per process and shares across sessions: the build of the
corpus, the query engine, the search index and the question answerer; and the result
tables, cached per build.

A new build (from `cdtkg build` or the sidebar button) changes the build stamp, and
every cached object and table keyed on it is loaded afresh on the next run.
"""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from loaders import build as graph_build
from loaders.problems import BuildError, CdtkgError
from loaders.vocab import CDT_IRI
from queries.graph import Graph
from queries.runner import DEFAULT_LIMIT

CORPUS_ENV = "CDTKG_CORPUS"


def corpus() -> Path:
    """Return the corpus the explorer shows: `--corpus DIR` after `--` on the streamlit
    command line, else $CDTKG_CORPUS, else the bundled corpus."""
    return _corpus(tuple(sys.argv[1:]), os.environ.get(CORPUS_ENV, ""))


@functools.lru_cache(maxsize=8)
def _corpus(argv: tuple[str, ...], env: str) -> Path:
    # every cached table asks for the corpus, many times a run: its path is resolved once
    for i, arg in enumerate(argv):
        if arg == "--corpus" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if arg.startswith("--corpus="):
            return Path(arg.split("=", 1)[1]).resolve()
    if env:
        return Path(env).resolve()
    return graph_build.DEFAULT_CORPUS.resolve()


def read_only() -> bool:
    """Return whether the explorer serves a shared build it must not change (`--read-only` after `--`)."""
    return "--read-only" in sys.argv[1:]


def current_dir(corpus_dir: Path | None = None) -> Path:
    """Return the folder of the current build of `corpus_dir` (default: the corpus shown)."""
    where = corpus() if corpus_dir is None else Path(corpus_dir).resolve()
    return _current_dir(where, os.environ.get("CDTKG_HOME", ""))


@functools.lru_cache(maxsize=8)
def _current_dir(corpus_dir: Path, home: str) -> Path:
    # asked for on every read of the build summary, many times a run: resolved once per corpus and home
    return graph_build.build_root(corpus_dir) / "current"


def build_info(corpus_dir: Path | None = None) -> dict:
    """Return the summary of the current build (empty when there is none); read again only when the
    file changes (every cached table is keyed on it, so a page asks for it many times a run)."""
    path = current_dir(corpus_dir) / graph_build.SUMMARY_FILE
    try:
        return _summary(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return {}


@functools.lru_cache(maxsize=8)
def _summary(path: str, mtime_ns: int) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def document_count(corpus_dir: Path | None = None) -> int:
    """Return how many documents of the corpus the current build read (the figure `cdtkg stats`
    and every page give; the corpus-wide tables are not a document)."""
    return len([d for d in build_info(corpus_dir).get("documents", []) if d.get("kind") != "corpus"])


# What the overview counts, in reading order: (heading, class in `cdtkg stats`; None for the documents).
COUNTED = [("收录文件", None), ("标准（含被引用的）", "cdt:Standard"), ("体系节点", "cdt:FrameworkNode"),
           ("规划标准", "cdt:PlannedStandard"), ("术语条目", "cdt:TermEntry"), ("条款", "cdt:Clause"),
           ("列项与要求", "cdt:Provision"), ("成熟度能力项", "cdt:CapabilityItem"), ("参考模型要素", "cdt:ModelElement")]


def graph_counts(corpus_dir: Path | None = None) -> list[tuple[str, int]]:
    """Return the overview's figures from the build summary, the one place `cdtkg stats` reads too."""
    classes = build_info(corpus_dir).get("classes", {})
    return [(label, document_count(corpus_dir) if cls is None else int(classes.get(cls.replace("cdt:", CDT_IRI), 0)))
            for label, cls in COUNTED]


def documents_by_file(corpus_dir: Path | None = None) -> dict[str, str]:
    """Return the name the explorer gives each document of the current build, by its file name."""
    docs = named("app_documents")
    by_iri = dict(zip(docs["document"], docs["designation"])) if not docs.empty else {}
    return {d["file"]: by_iri[d["iri"]] for d in build_info(corpus_dir).get("documents", [])
            if d.get("iri") in by_iri}


def stamp(corpus_dir: Path | None = None) -> str:
    """Return a key that changes with every new build of the corpus."""
    info = build_info(corpus_dir)
    return f"{info.get('fingerprint', '')}:{info.get('built_at', '')}"


@st.cache_resource(show_spinner=False)
def _build_once(corpus_dir: str) -> str:
    """Build the corpus once per process; return '' or the reason the last good build is shown.
    A read-only explorer builds nothing: it shows the build there is."""
    if read_only():
        if (current_dir(Path(corpus_dir)) / graph_build.GRAPH_FILE).is_file():
            return ""
        raise BuildError("这个只读的探索界面所用的语料还没有构建：请管理员在服务器上运行 `cdtkg build`。")
    try:
        graph_build.build(Path(corpus_dir))
        return ""
    except Exception as e:  # a failed build keeps the last good one: show that, say why
        reason = str(e) if isinstance(e, CdtkgError) else f"构建出错（{type(e).__name__}: {e}）"
        if (current_dir(Path(corpus_dir)) / graph_build.GRAPH_FILE).is_file():
            return f"{reason}（探索界面显示上一次成功的构建。）"
        raise BuildError(reason) from e


# The corpora this process has built (or found built), with the warning of that build.
_BUILT: dict[str, str] = {}


def ensure_built() -> str:
    """Make sure a build exists (building it with a progress message the first time);
    return a warning to show when the build failed and the last good one is used.

    Every table a page reads asks this: once the build is there, it answers without a spinner (each
    spinner is a timer thread and two messages to the browser)."""
    where = str(corpus())
    if where not in _BUILT:
        with st.spinner("正在构建图谱（首次运行或语料有变化时需要一点时间）…"):
            _BUILT[where] = _build_once(where)
    return _BUILT[where]


def rebuild():
    """Build the corpus again now, drop every cached object and table; return the build summary."""
    if read_only():
        raise CdtkgError("只读模式下不能重新构建图谱。")
    summary = graph_build.build(corpus())
    _build_once.clear()
    _BUILT.clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    return summary


@st.cache_resource(show_spinner="正在加载图谱…")
def _graph(corpus_dir: str, build_stamp: str) -> Graph:
    return Graph.open(Path(corpus_dir))


def graph() -> Graph:
    """Return the current build, opened read-only once and shared by every session."""
    ensure_built()
    return _graph(str(corpus()), stamp())


@st.cache_resource(show_spinner="正在打开检索索引…")
def _search(corpus_dir: str, build_stamp: str):
    from queries.search import open_search

    return open_search(Path(corpus_dir))


def search_engine():
    """Return the full-text search over the current build, shared by every session."""
    ensure_built()
    return _search(str(corpus()), stamp())


@st.cache_resource(show_spinner="正在准备问答…")
def _asker(corpus_dir: str, build_stamp: str):
    from queries.ask import asker_for

    return asker_for(_graph(corpus_dir, build_stamp))


def asker():
    """Return the question answerer over the current build, shared by every session."""
    search_engine()   # passages and suggestions read the search index: it is made current first
    return _asker(str(corpus()), stamp())


@st.cache_data(show_spinner=False, max_entries=512)
def _named(corpus_dir: str, build_stamp: str, name: str, params: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    started = time.perf_counter()
    result = _graph(corpus_dir, build_stamp).named(name, dict(params))
    df = pd.DataFrame(result.records(), columns=result.variables)
    df.attrs["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return df


def named(name: str, **params) -> pd.DataFrame:
    """Return the rows of the named query `name` with `params` bound, as a DataFrame
    (cached per build; empty parameters are left to the query's defaults)."""
    graph()
    clean = tuple(sorted((k, str(v)) for k, v in params.items() if v not in (None, "")))
    return _named(str(corpus()), stamp(), name, clean)


def library() -> dict:
    """Return the named queries of queries/*.rq by name."""
    from queries.library import named_queries

    return named_queries()


def per_build(cache):
    """Return a decorator turning `load(corpus_dir, build_stamp, *args)` into `load(*args)` on the current
    build, its result cached by `cache` (`st.cache_data(...)` or `st.cache_resource(...)`) per corpus, build
    and arguments. Another cached loader calls the cached function itself as `load.on(corpus_dir, build_stamp,
    *args)`, on the build it was given."""

    def decorate(load):
        cached = cache(load)

        @functools.wraps(load)
        def on_current_build(*args):
            graph()
            return cached(str(corpus()), stamp(), *args)

        on_current_build.on = cached
        return on_current_build

    return decorate


@per_build(st.cache_resource(show_spinner=False))
def bounded_graph(corpus_dir: str, build_stamp: str) -> Graph:
    """Return the current build with the row limit of a query a user writes (10,000 rows; 10 s as always)."""
    shared = _graph(corpus_dir, build_stamp)
    return Graph(shared.backend, shared.corpus, shared.record, limit=DEFAULT_LIMIT)


def query_text(name: str) -> str:
    """Return the SPARQL text of the named query `name` (for export metadata and the SPARQL page)."""
    from queries.library import named_query

    return named_query(name).text


@per_build(st.cache_data(show_spinner=False, max_entries=8))
def maturity_models(corpus_dir: str, build_stamp: str) -> list[dict]:
    """Return the documents of the current build that define a maturity model (model, designation, items)."""
    from queries.maturity_assessment import model_documents

    return model_documents(_graph(corpus_dir, build_stamp))


@per_build(st.cache_data(show_spinner=False, max_entries=8))
def _maturity_model(corpus_dir: str, build_stamp: str, model: str | None):
    from queries.maturity_assessment import load_model

    return load_model(_graph(corpus_dir, build_stamp), model)


def maturity_model(model: str | None = None):
    """Return the maturity model defined by the document `model` (all items when None) in the current
    build (queries/maturity_assessment.py)."""
    return _maturity_model(model)


@per_build(st.cache_data(show_spinner=False, max_entries=4))
def findings(corpus_dir: str, build_stamp: str) -> list[dict]:
    """Return the drafting findings the current build recorded (queries/drafting_findings.py) as rows."""
    from queries.drafting_findings import findings

    return [f.as_row() for f in findings(_graph(corpus_dir, build_stamp))]


# The programme and the plan list are held once per build, not copied on each run: with 10,000 projects a
# copy (st.cache_data pickles) costs more than the page's drawing. Pages only read them.
@per_build(st.cache_resource(show_spinner="正在统计工作计划的进展…", max_entries=4))
def _plan_progress(corpus_dir: str, build_stamp: str, today: str):
    import datetime as dt

    from queries.plan_progress import graph_rows, programme

    return programme(graph_rows(_graph(corpus_dir, build_stamp)), dt.date.fromisoformat(today))


def today() -> str:
    import datetime as dt

    return dt.date.today().isoformat()


def plan_progress():
    """Return the work programme's progress toward the 2027 target on today's date (queries/plan_progress.py)."""
    return _plan_progress(today())


@per_build(st.cache_resource(show_spinner=False, max_entries=4))
def plan_sheet(corpus_dir: str, build_stamp: str):
    """Return the plan list imported into the corpus (None when there is none)."""
    from loaders.plan_projects import read_stored

    return read_stored(Path(corpus_dir))


@per_build(st.cache_resource(show_spinner=False, max_entries=4))
def _plan_sheet_table(corpus_dir: str, build_stamp: str, today: str):
    from queries.plan_progress import sheet_rows

    progress, sheet = _plan_progress.on(corpus_dir, build_stamp, today), plan_sheet.on(corpus_dir, build_stamp)
    if sheet is None:
        return None
    columns, rows = sheet_rows(progress, sheet)
    by_locator = {i.locator: i for i in progress.items if i.locator}
    return columns, rows, [by_locator.get(f"{row.sheet}:{row.line}") for row in sheet.rows]


def plan_sheet_table():
    """Return the plan list as the secretary hands it back — its columns, its rows with 体系节点, 路线图方向,
    覆盖依据 and 进展 filled in (queries/plan_progress.sheet_rows), and the programme item of each row (None
    for a row that is not one) — or None when the corpus holds no plan list."""
    return _plan_sheet_table(today())


@st.cache_data(show_spinner=False, max_entries=4)
def _changes(corpus_dir: str, build_stamp: str):
    from queries.changes import changes_since_previous

    return changes_since_previous(Path(corpus_dir))


def changes():
    """Return the changes of the current build since the previous one (None when there is none)."""
    ensure_built()
    return _changes(str(corpus()), stamp())


__all__ = ["CdtkgError", "asker", "bounded_graph", "build_info", "changes", "corpus", "ensure_built", "findings", "graph", "maturity_model",
           "maturity_models", "named", "plan_progress", "plan_sheet", "rebuild", "search_engine", "stamp"]
