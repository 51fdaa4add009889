"""Run SPARQL a user gives us — read-only and bounded — and keep what the exports need.

Every query (named, from a file, or typed) is screened by sparql_guard first,
then run with a timeout (default 10 s) and a row limit (default 10,000,
reported when hit). pyoxigraph cannot be interrupted, so on the embedded store
each query runs in a forked child process that is killed at the deadline; the
child shares the loaded store copy-on-write, so nothing is reloaded.
Against a shared endpoint (queries/endpoint.py) the HTTP request carries the
deadline instead. Parameters are bound the same way on both (queries/binding.py).
"""
from __future__ import annotations

import multiprocessing
import os
import re
import resource
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, Protocol

import pyoxigraph as ox

from loaders.problems import CdtkgError, QueryError

from .binding import bind_adhoc, bind_declared, inject_values
from .engine import Table
from .library import NamedQuery, named_query, parse_header
from .sparql_guard import DEFAULT_PREFIXES, ScreenedQuery, screen

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000
# Extra address space a query child may take beyond what the parent already maps.
CHILD_MEMORY_BYTES = 2 * 1024**3

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = tuple(XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                         "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                         "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))
_FLOAT_TYPES = tuple(XSD + t for t in ("decimal", "double", "float"))


class QueryTimeout(QueryError):
    """The query ran past its deadline and was stopped."""

    exit_code = 1


class QueryFailed(QueryError):
    """The engine accepted the query but failed while running it."""

    exit_code = 1


class Term(NamedTuple):
    """One RDF term of a result, engine-neutral: kind is uri, literal, bnode or triple."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def python(self):
        """The term as a plain value: numbers and booleans typed, everything else a str."""
        if self.kind == "literal" and self.datatype:
            try:
                if self.datatype in _INTEGER_TYPES:
                    return int(self.value)
                if self.datatype in _FLOAT_TYPES:
                    return float(self.value)
                if self.datatype == XSD + "boolean":
                    return self.value in ("true", "1")
            except ValueError:
                return self.value
        return self.value


def term_of(node) -> Term | None:
    """A pyoxigraph term as a Term (None stays None)."""
    if node is None:
        return None
    if isinstance(node, ox.Literal):
        lang = node.language
        dt = None if lang else node.datatype.value
        if dt == XSD + "string":
            dt = None
        return Term("literal", node.value, dt, lang)
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    return Term("triple", str(node))


@dataclass
class QueryResult:
    """The answer to one query with everything an export records about the run."""

    form: str                               # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str]                    # for CONSTRUCT/DESCRIBE: subject predicate object
    rows: list[list[Term | None]]
    boolean: bool | None = None
    truncated: bool = False
    limit: int = DEFAULT_LIMIT
    elapsed_ms: float = 0.0
    query: str = ""
    params: dict[str, str] = field(default_factory=dict)
    name: str | None = None                 # named query, when it was one
    title: str | None = None
    source: str = ""                        # where the data came from (build or endpoint)
    started: datetime = field(default_factory=lambda: datetime.now().astimezone())

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict]:
        """The rows as dicts of plain values (None for unbound)."""
        return [{v: (t.python() if t is not None else None) for v, t in zip(self.variables, row)}
                for row in self.rows]

    def column(self, name: str) -> list:
        i = self.variables.index(name)
        return [row[i].python() if row[i] is not None else None for row in self.rows]

    def table(self) -> Table:
        """The result as the engine's Table (what pages use)."""
        return Table(list(self.variables), self.records(), self.truncated)


class Backend(Protocol):
    """Where queries run: the embedded store or a remote endpoint."""

    source: str

    def execute(self, query: ScreenedQuery, bindings: dict[str, ox.NamedNode | ox.Literal],
                limit: int, timeout: float) -> tuple[list[str], list[list[Term | None]], bool | None, bool]:
        """Run a screened query; return (variables, rows, boolean, truncated)."""


def _collect(result, form: str, limit: int):
    """Read at most `limit` rows of a pyoxigraph result (one more to know whether it was cut)."""
    if form == "ASK":
        return [], [], bool(result), False
    rows, truncated = [], False
    if form == "SELECT":
        variables = [v.value for v in result.variables]
        for solution in result:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append([term_of(solution[v]) for v in variables])
        return variables, rows, None, truncated
    for triple in result:
        if len(rows) >= limit:
            truncated = True
            break
        rows.append([term_of(triple.subject), term_of(triple.predicate), term_of(triple.object)])
    return ["subject", "predicate", "object"], rows, None, truncated


def _child(conn, store: ox.Store, text: str, form: str, limit: int) -> None:
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        mapped = _mapped_bytes()
        if mapped:
            cap = mapped + CHILD_MEMORY_BYTES
            resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
        result = store.query(text, prefixes=DEFAULT_PREFIXES)
        conn.send(("ok", _collect(result, form, limit)))
    except SyntaxError as e:
        conn.send(("syntax", str(e)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException as e:  # report anything to the parent rather than dying silently
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def _mapped_bytes() -> int:
    """The virtual memory this process maps now (0 when unknown)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class EmbeddedBackend:
    """The built graph in pyoxigraph; each query runs in a forked child killed at the deadline."""

    def __init__(self, store: ox.Store, source: str = "内置图谱"):
        self.store = store
        self.source = source

    def execute(self, query, bindings, limit, timeout):
        text = inject_values(query.text, bindings)
        ctx = multiprocessing.get_context("fork")
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(sender, self.store, text, query.form, limit), daemon=True)
        child.start()
        sender.close()
        try:
            if not receiver.poll(timeout):
                raise QueryTimeout(f"查询超过 {timeout:g} 秒的时限，已停止。请缩小查询范围（加 LIMIT、更具体的条件），"
                                   "或用 --timeout 放宽时限。")
            try:
                status, payload = receiver.recv()
            except EOFError:
                raise QueryFailed("查询进程意外退出（可能超出了内存上限）：请缩小查询范围后重试。") from None
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receiver.close()
        if status == "ok":
            return payload
        if status == "syntax":
            raise QueryError(f"SPARQL 语法错误：{payload}")
        if status == "memory":
            raise QueryFailed("查询超出内存上限，已停止：请缩小查询范围（加 LIMIT、更具体的条件）。")
        raise QueryFailed(f"查询执行出错：{payload}")


class Runner:
    """Runs queries on one backend with one timeout and row limit."""

    def __init__(self, backend: Backend, timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT):
        if timeout <= 0:
            raise CdtkgError("--timeout 应为正数（秒）。")
        if limit <= 0:
            raise CdtkgError("--limit 应为正整数（行）。")
        self.backend = backend
        self.timeout = float(timeout)
        self.limit = int(limit)

    @classmethod
    def embedded(cls, corpus: Path | None = None, **kw) -> "Runner":
        """A runner on the current build of `corpus` (building it first if needed)."""
        from loaders.build import DEFAULT_CORPUS, build_root, load_store

        corpus = Path(corpus or DEFAULT_CORPUS)
        store = load_store(corpus)
        return cls(EmbeddedBackend(store, _build_source(build_root(corpus))), **kw)

    def run(self, text: str, params: dict[str, str] | None = None, *, query: NamedQuery | None = None) -> QueryResult:
        """Screen and run one query; `query` gives the header (typed parameters, name, title) when there is one."""
        screened = screen(text)
        bindings = bind_declared(query, params) if query else bind_adhoc(text, params)
        started = datetime.now().astimezone()
        t0 = time.perf_counter()
        variables, rows, boolean, truncated = self.backend.execute(screened, bindings, self.limit, self.timeout)
        elapsed = (time.perf_counter() - t0) * 1000
        shown = {k: str(v) for k, v in (params or {}).items()}
        if query:  # record the defaults that were used too
            shown = {p.name: shown.get(p.name, p.default) for p in query.params
                     if shown.get(p.name, p.default) not in (None, "")}
        return QueryResult(form=screened.form, variables=variables, rows=rows, boolean=boolean,
                           truncated=truncated, limit=self.limit, elapsed_ms=round(elapsed, 1), query=text,
                           params=shown, name=query.name if query else None,
                           title=query.title if query else None, source=self.backend.source, started=started)

    def run_named(self, name: str, params: dict[str, str] | None = None) -> QueryResult:
        """Run the named query `name` of the library."""
        q = named_query(name)
        return self.run(q.text, params, query=q)

    def run_file(self, path: Path, params: dict[str, str] | None = None) -> QueryResult:
        """Run the query in a .rq file; a `# title:` / `# param:` header, when present, types its parameters."""
        path = Path(path)
        if not path.is_file():
            raise CdtkgError(f"找不到查询文件 {path}。")
        text = path.read_text(encoding="utf-8")
        header = [line for line in text.splitlines()[:40] if line.startswith("#")]
        if any(re.match(r"#\s*(title|param)\s*:", line) for line in header):
            return self.run(text, params, query=parse_header(path))
        return self.run(text, params)


def _build_source(root: Path) -> str:
    """A description of the current build: its folder and when it was built."""
    import json

    summary = root / "current" / "summary.json"
    try:
        built = json.loads(summary.read_text(encoding="utf-8")).get("built_at")
        when = datetime.fromtimestamp(built).astimezone().isoformat(timespec="seconds") if built else "?"
    except (OSError, ValueError):
        when = "?"
    return f"内置图谱 {root / 'current'}（构建于 {when}）"


_LABELS = """
PREFIX cdt: <https://w3id.org/cdtkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s (MIN(?number) AS ?n) (MIN(?notation) AS ?code) (MIN(?name) AS ?l)
WHERE {
  VALUES ?s { %s }
  OPTIONAL { ?s cdt:standardNumber|cdt:planNumber ?numberLiteral BIND(STR(?numberLiteral) AS ?number) }
  OPTIONAL { ?s skos:notation ?notationLiteral BIND(STR(?notationLiteral) AS ?notation) }
  OPTIONAL { ?s skos:prefLabel|dcterms:title|foaf:name|rdfs:label ?nameLiteral
             FILTER(lang(?nameLiteral) IN ("zh", "")) BIND(STR(?nameLiteral) AS ?name) }
}
GROUP BY ?s
"""
LABEL_LOOKUP_MAX = 500


def iri_labels(backend: Backend, result: QueryResult, timeout: float = DEFAULT_TIMEOUT) -> dict[str, str]:
    """A display label for the IRIs of a result (standard number, notation + label, or label), by IRI."""
    iris = list(dict.fromkeys(t.value for row in result.rows for t in row if t is not None and t.kind == "uri"))
    iris = iris[:LABEL_LOOKUP_MAX]
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    query = ScreenedQuery(text=_LABELS % values, form="SELECT")  # built here from validated IRIs
    try:
        _, rows, _, _ = backend.execute(query, {}, len(iris), timeout)
    except CdtkgError:
        return {}  # labels are a courtesy: the result is shown without them
    labels = {}
    for s, number, code, name in rows:
        if s is None:
            continue
        if number is not None:
            labels[s.value] = number.value
        elif code is not None:
            labels[s.value] = f"{code.value} {name.value}" if name is not None else code.value
        elif name is not None:
            labels[s.value] = name.value
    return labels
