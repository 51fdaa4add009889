"""What the explorer loads once per process and shares across sessions: the build of the
corpus, the query engine, the search index and the question answerer; and the result
tables, cached per build.

A new build (from `cdtkg build` or the sidebar button) changes the build stamp, and
every cached object and table keyed on it is loaded afresh on the next run.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import streamlit as st

from loaders import build as graph_build
from loaders.problems import BuildError, CdtkgError

CORPUS_ENV = "CDTKG_CORPUS"


def corpus() -> Path:
    """Return the corpus the explorer shows: `--corpus DIR` after `--` on the streamlit
    command line, else $CDTKG_CORPUS, else the bundled corpus."""
    argv = sys.argv[1:]
    for i, arg in enumerate(argv):
        if arg == "--corpus" and i + 1 < len(argv):
            return Path(argv[i + 1]).resolve()
        if arg.startswith("--corpus="):
            return Path(arg.split("=", 1)[1]).resolve()
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV]).resolve()
    return graph_build.DEFAULT_CORPUS.resolve()


def read_only() -> bool:
    """Return whether the explorer serves a shared build it must not change (`--read-only` after `--`)."""
    return "--read-only" in sys.argv[1:]


def current_dir(corpus_dir: Path | None = None) -> Path:
    return graph_build.build_root(corpus_dir or corpus()) / "current"


def build_info(corpus_dir: Path | None = None) -> dict:
    """Return the summary of the current build (empty when there is none)."""
    try:
        return json.loads((current_dir(corpus_dir) / graph_build.SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


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
    cdt = "https://w3id.org/cdtkg/ontology#"
    return [(label, document_count(corpus_dir) if cls is None else int(classes.get(cls.replace("cdt:", cdt), 0)))
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


def ensure_built() -> str:
    """Make sure a build exists (building it with a progress message the first time);
    return a warning to show when the build failed and the last good one is used."""
    with st.spinner("正在构建图谱（首次运行或语料有变化时需要一点时间）…"):
        return _build_once(str(corpus()))


def rebuild():
    """Build the corpus again now, drop every cached object and table; return the build summary."""
    if read_only():
        raise CdtkgError("只读模式下不能重新构建图谱。")
    summary = graph_build.build(corpus())
    _build_once.clear()
    st.cache_resource.clear()
    st.cache_data.clear()
    return summary


@st.cache_resource(show_spinner="正在加载图谱…")
def _engine(corpus_dir: str, build_stamp: str):
    from queries.engine import Engine

    store = ox.Store()
    store.bulk_load(path=str(current_dir(Path(corpus_dir)) / graph_build.GRAPH_FILE), format=ox.RdfFormat.N_TRIPLES)
    return Engine(store, Path(corpus_dir))


def engine():
    """Return the query engine over the current build, shared by every session."""
    ensure_built()
    return _engine(str(corpus()), stamp())


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

    return asker_for(_engine(corpus_dir, build_stamp))


def asker():
    """Return the question answerer over the current build, shared by every session."""
    ensure_built()
    return _asker(str(corpus()), stamp())


@st.cache_data(show_spinner=False, max_entries=512)
def _named(corpus_dir: str, build_stamp: str, name: str, params: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    started = time.perf_counter()
    table = _engine(corpus_dir, build_stamp).run_named(name, dict(params))
    df = pd.DataFrame(table.rows, columns=table.columns)
    df.attrs["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return df


def named(name: str, **params) -> pd.DataFrame:
    """Return the rows of the named query `name` with `params` bound, as a DataFrame
    (cached per build; empty parameters are left to the query's defaults)."""
    engine()
    clean = tuple(sorted((k, str(v)) for k, v in params.items() if v not in (None, "")))
    return _named(str(corpus()), stamp(), name, clean)


def library() -> dict:
    """Return the named queries of queries/*.rq by name."""
    from queries.library import named_queries

    return named_queries()


@st.cache_resource(show_spinner=False)
def _runner(corpus_dir: str, build_stamp: str):
    from queries.runner import EmbeddedBackend, Runner

    backend = EmbeddedBackend(_engine(corpus_dir, build_stamp).store, f"内置图谱（{Path(corpus_dir).name}）")
    return Runner(backend)


def runner():
    """Return the safe query runner (screened, read-only, timeout and row limit) over the current build."""
    engine()
    return _runner(str(corpus()), stamp())


def result_frame(result, labels: bool = True) -> tuple[pd.DataFrame, dict]:
    """Return a runner QueryResult as a DataFrame headed by its variables, each IRI shown by its
    name (`labels`) or in full, and the targets of its IRI columns for widgets.table: per column,
    a function from a row number to the page showing that row's resource (or None)."""
    from queries.iri_labels import labelled_rows

    if labels:
        rows = labelled_rows(result, engine().store)
    else:
        rows = [[None if t is None else t.value if t.kind == "uri" else t.python() for t in row] for row in result.rows]
    df = pd.DataFrame(rows, columns=list(result.variables), dtype=object)
    for c in df.columns:  # a column mixing numbers and text is text (Arrow refuses mixed columns)
        kinds = {type(v) for v in df[c] if v is not None}
        if len(kinds) > 1:
            df[c] = [None if v is None else str(v) for v in df[c]]
    targets = {}
    for i, v in enumerate(result.variables):
        if any(row[i] is not None and row[i].kind == "uri" for row in result.rows):
            targets[v] = (lambda n, i=i: page_of(result.rows[n][i].value)
                          if result.rows[n][i] is not None and result.rows[n][i].kind == "uri" else None)
    return df, targets


def page_of(iri: str) -> tuple[str, dict] | None:
    """Return the explorer page (and its parameters) that shows the resource `iri`: the page of its
    kind where there is one, else its resource page."""
    from app.widgets import page_for

    rows = named("app_resource_link", resource=iri)
    return page_for(rows.to_dict("records")) or ("resource", {"iri": iri})


def query_text(name: str) -> str:
    """Return the SPARQL text of the named query `name` (for export metadata and the SPARQL page)."""
    from queries.library import named_query

    return named_query(name).text


@st.cache_data(show_spinner=False, max_entries=8)
def _maturity_models(corpus_dir: str, build_stamp: str) -> list[dict]:
    from queries.maturity_assessment import model_documents

    return model_documents(_engine(corpus_dir, build_stamp))


def maturity_models() -> list[dict]:
    """Return the documents of the current build that define a maturity model (model, designation, items)."""
    engine()
    return _maturity_models(str(corpus()), stamp())


@st.cache_data(show_spinner=False, max_entries=8)
def _maturity_model(corpus_dir: str, build_stamp: str, model: str | None):
    from queries.maturity_assessment import load_model

    return load_model(_engine(corpus_dir, build_stamp), model)


def maturity_model(model: str | None = None):
    """Return the maturity model defined by the document `model` (all items when None) in the current
    build (queries/maturity_assessment.py)."""
    engine()
    return _maturity_model(str(corpus()), stamp(), model)


@st.cache_data(show_spinner="正在运行起草检查…", max_entries=4)
def _findings(corpus_dir: str, build_stamp: str) -> list[dict]:
    from queries.drafting_findings import findings

    return [f.as_row() for f in findings(_engine(corpus_dir, build_stamp))]


def findings() -> list[dict]:
    """Return the drafting findings of the current build (queries/drafting_findings.py) as rows."""
    engine()
    return _findings(str(corpus()), stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _plan_progress(corpus_dir: str, build_stamp: str, today: str):
    import datetime as dt

    from queries.plan_progress import engine_rows, programme

    return programme(engine_rows(_engine(corpus_dir, build_stamp)), dt.date.fromisoformat(today))


def plan_progress():
    """Return the work programme's progress toward the 2027 target on today's date (queries/plan_progress.py)."""
    import datetime as dt

    engine()
    return _plan_progress(str(corpus()), stamp(), dt.date.today().isoformat())


@st.cache_data(show_spinner=False, max_entries=4)
def _plan_sheet(corpus_dir: str, build_stamp: str):
    from loaders.plan_projects import read_stored

    return read_stored(Path(corpus_dir))


def plan_sheet():
    """Return the plan list imported into the corpus (None when there is none)."""
    engine()
    return _plan_sheet(str(corpus()), stamp())


@st.cache_data(show_spinner=False, max_entries=4)
def _changes(corpus_dir: str, build_stamp: str):
    from queries.changes import changes_since_previous

    return changes_since_previous(Path(corpus_dir))


def changes():
    """Return the changes of the current build since the previous one (None when there is none)."""
    ensure_built()
    return _changes(str(corpus()), stamp())


__all__ = ["CdtkgError", "asker", "build_info", "changes", "corpus", "engine", "ensure_built", "findings", "maturity_model",
           "maturity_models", "named", "plan_progress", "plan_sheet", "rebuild", "search_engine", "stamp"]
