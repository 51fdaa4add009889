"""loaders/rdf_terms.py and the runner's reading of a result: each value read in the order of its solution's
variables gives the Term the variable's own binding gives, on the bundled build; reading pauses the garbage
collector and leaves it as it found it."""
from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox

from loaders.rdf_terms import Term
from queries.graph import Graph

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(node) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.Literal):
        datatype = None if node.language or node.datatype.value == XSD + "string" else node.datatype.value
        return Term(kind="literal", value=node.value, datatype=datatype, lang=node.language)
    return Term(kind="uri" if isinstance(node, ox.NamedNode) else "bnode", value=node.value)


def test_a_result_reads_every_variable_as_its_own_binding():
    graph = Graph.open(ROOT / "corpus")
    kinds, unbound = set(), 0
    for query in ("SELECT ?s ?p ?o ?missing WHERE { ?s ?p ?o } LIMIT 5000",
                  (ROOT / "queries" / "plan_items.rq").read_text(encoding="utf-8"),
                  (ROOT / "queries" / "plan_item_targets.rq").read_text(encoding="utf-8")):
        got = graph.run(query, limit=10**6)
        solutions = graph.store.query(query)
        names = [v.value for v in solutions.variables]
        assert got.variables == names
        assert got.rows == [[_term(s[v]) for v in names] for s in solutions]
        kinds |= {(t.kind, t.datatype is not None, t.lang is not None) for row in got.rows for t in row if t}
        unbound += sum(t is None for row in got.rows for t in row)
    assert {("uri", False, False), ("literal", False, False), ("literal", False, True), ("literal", True, False)} <= kinds
    assert unbound


def test_reading_a_result_leaves_the_garbage_collector_as_it_found_it():
    graph = Graph.open(ROOT / "corpus")
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10"
    assert gc.isenabled()
    assert len(graph.run(query).rows) == 10 and gc.isenabled()
    gc.disable()
    try:
        assert len(graph.run(query).rows) == 10 and not gc.isenabled()
    finally:
        gc.enable()
