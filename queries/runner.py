"""Where queries run, and what a run returns: the one result type and the embedded backend.

queries/graph.py screens and binds every query, then hands it to a backend.
pyoxigraph cannot be interrupted, so on the embedded store a query a user wrote
runs in a forked child process that is killed at the deadline (the child shares
the loaded store copy-on-write, so nothing is reloaded); the project's own
queries (its library, ask templates and checks) run in-process. Against a
shared endpoint (queries/endpoint.py) the HTTP request carries the deadline.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import resource
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import pyoxigraph as ox

from loaders.problems import QueryError
from loaders.rdf_terms import Term, term_of

from .binding import inject_values
from .sparql_guard import DEFAULT_PREFIXES, ScreenedQuery

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000
# Extra address space a query child may take beyond what the parent already maps.
CHILD_MEMORY_BYTES = 2 * 1024**3

class QueryTimeout(QueryError):
    """The query ran past its deadline and was stopped."""

    exit_code = 1


class QueryFailed(QueryError):
    """The engine accepted the query but failed while running it."""

    exit_code = 1


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

    @property
    def columns(self) -> list[str]:
        return self.variables


class Backend(Protocol):
    """Where queries run: the embedded store or a remote endpoint."""

    source: str

    def execute(self, query: ScreenedQuery, bindings: dict[str, ox.NamedNode | ox.Literal],
                limit: int | None, timeout: float, trusted: bool = False
                ) -> tuple[list[str], list[list[Term | None]], bool | None, bool]:
        """Run a screened query (at most `limit` rows; None: all); return (variables, rows, boolean, truncated).
        A `trusted` query is one of the project's own, which the embedded store may run in-process."""


@contextmanager
def _collection_paused():
    """Pause the cyclic garbage collector while a result is read (yields nothing)."""
    # A result of 10,000s of rows allocates a tuple per value and no cycle, and the collector's full
    # passes over everything the process holds (the explorer's is large) cost a third of reading it.
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _collect(result, form: str, limit: int | None):
    """Read at most `limit` rows (None: all) of a pyoxigraph result (one more to know whether it was cut)."""
    if form == "ASK":
        return [], [], bool(result), False
    rows, truncated = [], False
    if form == "SELECT":
        variables = [v.value for v in result.variables]
        with _collection_paused():
            for solution in result:
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append(list(map(term_of, solution)))   # a solution's values, in the order of its variables
        return variables, rows, None, truncated
    for triple in result:
        if limit is not None and len(rows) >= limit:
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

    def execute(self, query, bindings, limit, timeout, trusted=False):
        text = inject_values(query.text, bindings)
        if trusted:
            try:
                return _collect(self.store.query(text, prefixes=DEFAULT_PREFIXES), query.form, limit)
            except SyntaxError as e:
                raise QueryError(f"SPARQL 语法错误：{e}") from e
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
