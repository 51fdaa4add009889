"""The basis of a mapping the corpus derives or a curator writes (an alignment of two notions, a
standard's coverage of a framework node): how it was made, its score, why, and the curated row."""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from .vocab import CDT


def add_basis(g: Graph, node: URIRef, method: str, score: float, rationale: str, table: str,
              line: int | None) -> None:
    """Add to the mapping `node` its cdt:mappingMethod, cdt:score, cdt:rationale and, for a curated
    row, the row's place in `table` (cdt:locator `table:line`, cdt:sourceLine)."""
    g.add((node, CDT.mappingMethod, Literal(method)))
    g.add((node, CDT.score, Literal(f"{score:.2f}", datatype=XSD.decimal)))
    g.add((node, CDT.rationale, Literal(rationale, lang="zh")))
    if line:
        g.add((node, CDT.locator, Literal(f"{table}:{line}")))
        g.add((node, CDT.sourceLine, Literal(line, datatype=XSD.integer)))
