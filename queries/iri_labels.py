"""Readable names for the IRIs in a query result, so tables show labels and numbers, not IRIs."""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_CDT = "https://w3id.org/cdtkg/ontology#"
# The properties that name a resource, best first; Chinese before English before untagged.
NAMING = (
    _CDT + "standardNumber",
    _SKOS + "notation",
    _SKOS + "prefLabel",
    "http://purl.org/dc/terms/title",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2000/01/rdf-schema#label",
    _CDT + "locator",
)
_LANGUAGE_RANK = {"zh": 0, "en": 1}


def _best(literals: list[ox.Literal]) -> str | None:
    if not literals:
        return None
    return min(literals, key=lambda l: (_LANGUAGE_RANK.get(l.language or "", 2), l.value)).value


def label_of(store: ox.Store, iri: str) -> str | None:
    """Return the readable name of `iri`: its standard number, notation, label, title or name
    (a notation or number followed by the label, as `B.1.1 感知基础设施`), or None."""
    node = ox.NamedNode(iri)
    found: dict[str, str] = {}
    for prop in NAMING:
        values = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(prop), None)
                  if isinstance(q.object, ox.Literal)]
        best = _best(values)
        if best:
            found[prop] = best
    code = found.get(_CDT + "standardNumber") or found.get(_SKOS + "notation")
    name = next((found[p] for p in NAMING[2:] if p in found), None)
    if code and name and name != code:
        return f"{code} {name}"
    return code or name


def labels_for(store: ox.Store, iris: Iterable[str]) -> dict[str, str]:
    """Return the readable name of each of `iris` that has one."""
    out = {}
    for iri in set(iris):
        label = label_of(store, iri)
        if label:
            out[iri] = label
    return out


def labelled_rows(result, store: ox.Store) -> list[list]:
    """Return the rows of a runner QueryResult as plain values, each IRI replaced by its
    readable name (or its compact form when it has none)."""
    from .result_formats import compact_iri

    iris = [t.value for row in result.rows for t in row if t is not None and t.kind == "uri"]
    labels = labels_for(store, iris)
    return [[None if t is None else (labels.get(t.value) or compact_iri(t.value)) if t.kind == "uri" else t.python()
             for t in row] for row in result.rows]
