"""The query engine: the built graph in pyoxigraph, with named queries run on bound parameters.

Trusted queries (the named library) run in-process; user SPARQL goes through
queries/sparql_guard.py first (read-only, bounded) — see issue "Queries".
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from loaders import ids
from loaders.build import DEFAULT_CORPUS, load_store
from loaders.problems import CdtkgError, QueryError
from loaders.standard_numbers import normalize

from .library import NamedQuery, named_query

Value = str | int | float | bool | None


@dataclass
class Table:
    """A SELECT result: column names and rows of plain Python values (IRIs as str)."""

    columns: list[str]
    rows: list[dict[str, Value]]
    truncated: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Value]:
        return [r.get(name) for r in self.rows]


def to_python(term) -> Value:
    """A pyoxigraph term as a plain value: literals by datatype, IRIs and blank nodes as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype else ""
        if dt.endswith(("#integer", "#int", "#long", "#nonNegativeInteger", "#positiveInteger")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


def bind_value(type_: str, raw) -> ox.NamedNode | ox.Literal:
    """Turn a parameter value given by a user into an RDF term of its declared type."""
    try:
        if type_ == "integer":
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        if type_ == "iri":
            return ox.NamedNode(str(raw))
        if type_ == "number":  # a standard number in any spelling → its node
            return ox.NamedNode(str(ids.standard_iri(str(raw))))
        if type_ == "lang":
            return ox.Literal(str(raw), language="zh")
        return ox.Literal(str(raw))
    except (ValueError, TypeError) as e:
        raise CdtkgError(f"参数值 {raw!r} 不是合法的 {type_}：{e}") from e


class Engine:
    """The built graph of one corpus, loaded once, queried many times (thread-safe reads)."""

    def __init__(self, store: ox.Store, corpus: Path = DEFAULT_CORPUS):
        self.store = store
        self.corpus = Path(corpus)
        self._lock = threading.Lock()

    @classmethod
    def for_corpus(cls, corpus: Path = DEFAULT_CORPUS) -> "Engine":
        """Build `corpus` if needed and load its graph."""
        return cls(load_store(corpus), corpus)

    def bindings(self, query: NamedQuery, params: dict | None = None) -> dict:
        """The substitutions for `query`: user values typed, defaults filled, missing required refused."""
        params = dict(params or {})
        unknown = set(params) - {p.name for p in query.params}
        if unknown:
            raise CdtkgError(f"查询 {query.name} 没有参数 {', '.join(sorted(unknown))}；"
                             f"它的参数是：{', '.join(p.name for p in query.params) or '（无）'}")
        subs = {}
        for p in query.params:
            raw = params.get(p.name, p.default)
            if raw in (None, ""):
                if p.required:
                    raise CdtkgError(f"查询 {query.name} 需要参数 {p.name}（{p.doc}）：用 --param {p.name}=…")
                continue
            subs[ox.Variable(p.name)] = bind_value(p.type, raw)
        return subs

    def select(self, sparql: str, substitutions: dict | None = None, limit: int | None = None) -> Table:
        """Run a trusted SELECT; returns a Table (cut at `limit` rows, flagged as truncated)."""
        try:
            solutions = self.store.query(sparql, substitutions=substitutions or None)
        except SyntaxError as e:
            raise QueryError(f"SPARQL 语法错误：{e}") from e
        columns = [v.value for v in solutions.variables]
        rows, truncated = [], False
        for sol in solutions:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append({c: to_python(sol[c]) for c in columns})
        return Table(columns, rows, truncated)

    def run_named(self, name: str, params: dict | None = None, limit: int | None = None) -> Table:
        """Run the named query `name` with `params` bound (never spliced).

        Bound as a VALUES block (queries/binding.py): pyoxigraph's substitutions
        only accept projected variables, and endpoints take no bindings at all.
        """
        from .binding import bind_declared, inject_values

        q = named_query(name)
        return self.select(inject_values(q.text, bind_declared(q, params)), None, limit)
