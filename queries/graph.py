"""The front door to the graph: one read-only object that opens a build, runs queries and names resources.

    graph = Graph.open(corpus)                  # the current build; never builds one
    graph.named("gap_analysis", {"part": "B"})  # a named query, parameters bound
    graph.run("SELECT …", {"x": "<iri>"})       # a query a user wrote: screened, forked, timed
    graph.labels(iris)                          # the one name of each resource
    graph.record                                # the build's summary: counts, problems, validation

Every query — named, an ask template, a check, a file or typed text — takes the
same path: screened by queries/sparql_guard.py, its parameters bound as a
VALUES block (queries/binding.py), run by one backend with one timeout and row
limit, returned as one QueryResult (queries/runner.py). Building is a separate,
explicit act (loaders/build.py, `cdtkg build`).
"""
from __future__ import annotations

import json
import re
import threading
import time
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from loaders.locations import DEFAULT_CORPUS, GRAPH_FILE, SUMMARY_FILE, build_root, load_store
from loaders.answer_tables import ASK_TEMPLATES, query_hash, read_tables
from loaders.document_names import resource_name
from loaders.rdf_terms import term_of
from loaders.problems import BuildError, CdtkgError

from .binding import bind_adhoc, bind_declared
from .library import QUERY_DIR, NamedQuery, named_query, parse_header
from .runner import DEFAULT_TIMEOUT, Backend, EmbeddedBackend, QueryResult
from .sparql_guard import ScreenedQuery, own, screen

LABEL_QUERY = "app_resource_names"
OWN_QUERY_DIRS = (QUERY_DIR, QUERY_DIR.parent / "ontology" / "checks")
LABEL_LOOKUP_MAX = 500


class NotBuilt(BuildError):
    """The corpus has no build to open."""


@lru_cache(maxsize=1024)
def _screened(text: str) -> ScreenedQuery:
    return screen(text)


def _trusted(query: NamedQuery | None) -> bool:
    """Whether `query` is one of the project's own (its library, ask templates, draft checks, the
    ontology's checks), which the embedded store runs in-process rather than in a child that can be stopped."""
    return query is not None and _own_file(str(query.path))


@lru_cache(maxsize=1024)
def _own_file(path: str) -> bool:
    return any(d in Path(path).resolve().parents for d in OWN_QUERY_DIRS)


class Graph:
    """One build of a corpus (or a shared endpoint), read-only; thread-safe for reads."""

    def __init__(self, backend: Backend, corpus: Path | None = None, record: dict | None = None,
                 timeout: float = DEFAULT_TIMEOUT, limit: int | None = None):
        if timeout <= 0:
            raise CdtkgError("--timeout 应为正数（秒）。")
        if limit is not None and limit <= 0:
            raise CdtkgError("--limit 应为正整数（行）。")
        self.backend = backend
        self.corpus = Path(corpus) if corpus is not None else None
        self.record = record or {}
        self.timeout = float(timeout)
        self.limit = limit
        self._naming_facts: dict[str, dict] = {}
        self.tables: dict = {}     # the build's answer tables (loaders/answer_tables.py), embedded builds only
        self._lock = threading.Lock()

    @classmethod
    def open(cls, corpus: Path = DEFAULT_CORPUS, **options) -> "Graph":
        """The current build of `corpus`; raises NotBuilt when there is none (run `cdtkg build`)."""
        corpus = Path(corpus)
        current = build_root(corpus) / "current"
        if not (current / GRAPH_FILE).is_file():
            raise NotBuilt(f"语料 {corpus} 还没有构建：请先运行 `cdtkg build`（--corpus {corpus}）。")
        tables = read_tables(current)     # before the store: a table never newer than the graph read
        store = load_store(corpus)
        record = _read_record(current / SUMMARY_FILE)
        graph = cls(EmbeddedBackend(store, _describe(current, record)), corpus, record, **options)
        graph.tables = tables
        return graph

    @classmethod
    def at_endpoint(cls, url: str, graph: str | None = None, user: str | None = None,
                    password: str | None = None, **options) -> "Graph":
        """A shared SPARQL endpoint's copy of the graph (queries/endpoint.py)."""
        from .endpoint import EndpointBackend

        return cls(EndpointBackend(url, graph, user, password), None, None, **options)

    @property
    def store(self) -> ox.Store:
        """The embedded pyoxigraph store (raises CdtkgError on an endpoint)."""
        store = getattr(self.backend, "store", None)
        if store is None:
            raise CdtkgError("这项功能需要内置图谱，不能在共享端点上使用。")
        return store

    @property
    def source(self) -> str:
        return self.backend.source

    # --- queries ------------------------------------------------------------------------------
    def run(self, query: NamedQuery | str, params: dict | None = None, *, limit: int | None = None,
            timeout: float | None = None) -> QueryResult:
        """Run one query — a NamedQuery (its header types the parameters) or SPARQL text (parameters
        written as in SPARQL) — and return its QueryResult. Raises QueryError (syntax, refused,
        timeout) or CdtkgError (a parameter) with a message for the user."""
        named = query if isinstance(query, NamedQuery) else None
        text = named.text if named else query
        trusted = _trusted(named)
        screened = own(text) if trusted else _screened(text)
        bindings = bind_declared(named, params) if named else bind_adhoc(text, params)
        limit = limit if limit is not None else self.limit
        started = datetime.now().astimezone()
        t0 = time.perf_counter()
        table = self._table(named, bindings) if named else None
        if table is not None:
            (variables, rows), boolean = table, None
            truncated = limit is not None and len(rows) > limit
            rows = rows[:limit] if truncated else rows
        else:
            variables, rows, boolean, truncated = self.backend.execute(
                screened, bindings, limit, timeout or self.timeout, trusted=trusted)
        elapsed = (time.perf_counter() - t0) * 1000
        shown = {k: str(v) for k, v in (params or {}).items()}
        if named:  # record the defaults that were used too
            shown = {p.name: shown.get(p.name, p.default) for p in named.params
                     if shown.get(p.name, p.default) not in (None, "")}
        return QueryResult(form=screened.form, variables=variables, rows=rows, boolean=boolean,
                           truncated=truncated, limit=limit or 0, elapsed_ms=round(elapsed, 1), query=text,
                           params=shown, name=named.name if named else None,
                           title=named.title if named else None, source=self.source, started=started)

    def _table(self, named: NamedQuery, bindings: dict) -> tuple[list[str], list[list]] | None:
        """The build's table of the ask template `named` (its variables and rows, as the query would return
        them), its rows kept to those holding each bound parameter's value; None: not a tabled template, the
        table is of another text, or a parameter is bound to several values or is not among its columns."""
        held = self.tables.get(named.name) if named.meta.get("table") and named.path.parent == ASK_TEMPLATES else None
        if not held or held[0] != query_hash(named.text):
            return None
        _, variables, rows = held
        for name, value in bindings.items():
            if isinstance(value, list) or name not in variables:
                return None
            i, term = variables.index(name), term_of(value)
            rows = [row for row in rows if row[i] == term]
        return variables, list(rows)

    def named(self, name: str, params: dict | None = None, **options) -> QueryResult:
        """Run the named query `name` of the library (queries/*.rq)."""
        return self.run(named_query(name), params, **options)

    def run_file(self, path: Path, params: dict | None = None, **options) -> QueryResult:
        """Run the query in a .rq file; a `# title:` / `# param:` header, when present, types its parameters."""
        path = Path(path)
        if not path.is_file():
            raise CdtkgError(f"找不到查询文件 {path}。")
        text = path.read_text(encoding="utf-8")
        header = [line for line in text.splitlines()[:40] if line.startswith("#")]
        if any(re.match(r"#\s*(title|param)\s*:", line) for line in header):
            return self.run(parse_header(path), params, **options)
        return self.run(text, params, **options)

    # --- names ----------------------------------------------------------------------------------
    def labels(self, iris: Iterable[str], short: bool = False) -> dict[str, str]:
        """The name of each of `iris` that has one (loaders.document_names.resource_name), by IRI; with
        `short`, a document is named as a place names it (its number, else plan number, else title)."""
        wanted = [i for i in dict.fromkeys(iris) if i and i not in self._naming_facts][:LABEL_LOOKUP_MAX]
        if wanted:
            facts: dict[str, dict] = {i: {} for i in wanted}
            try:
                rows = self.named(LABEL_QUERY, {"resource": wanted}).records()
            except CdtkgError:
                rows = []  # names are a courtesy: a result is shown without them
            for row in rows:
                facts[row["resource"]].setdefault(row["property"], []).append((row["value"], row["lang"]))
            with self._lock:
                self._naming_facts.update(facts)
        names = {i: resource_name(self._naming_facts[i], short) for i in dict.fromkeys(iris)
                 if i in self._naming_facts}
        return {i: name for i, name in names.items() if name}

    def label(self, iri: str) -> str | None:
        """The name of `iri`, or None when the graph gives it none."""
        return self.labels([iri]).get(iri)

    # --- the build's record ---------------------------------------------------------------------
    def validation_results(self) -> list[dict]:
        """The validation results the build recorded (shapes, parse problems and checks)."""
        return list(self.record.get("validation", {}).get("results", []))


def _read_record(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _describe(current: Path, record: dict) -> str:
    """Where the data comes from: the build's folder and when it was built."""
    built = record.get("built_at")
    when = datetime.fromtimestamp(built).astimezone().isoformat(timespec="seconds") if built else "?"
    return f"内置图谱 {current}（构建于 {when}）"
