"""Validating a new version of a derived graph by what changed, keeping the findings about the rest.

A derivation (alignment, coverage, the plan list's projects) is recomputed on the whole union, but a
new version differs from the last in the few resources the changed document touches. The shapes are
core, path-based constraints on a focus node's own values (ontology/shapes.ttl: no SPARQL, no paths
longer than one step), so a resource whose triples — and whose values' triples, for sh:class — did not
change keeps its findings. `revalidate` validates again only the resources that changed, those naming
them, with the triples of what they name (for sh:class and for naming the place of a finding). When
most resources changed (a plan list imported for the first time) the whole graph is validated: copying
the changed part out triple by triple would cost more than the validation it saves. Derivations are
validated without pySHACL (loaders/shape_evaluator.py: the same findings, a tenth of the time).
"""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph, URIRef

from .shape_evaluator import validate_core
from .validation import SEVERITIES, ValidationReport, _reading_order


def changed_subjects(old_nt: Path, new_nt: Path) -> tuple[set[URIRef], int]:
    """The subjects whose triples differ between two N-Triples files written by rdflib (one line per
    triple, the same line for the same triple, IRIs only: the loaders mint no blank nodes), and how many
    subjects the new file has."""
    with open(old_nt, encoding="utf-8") as f:
        old = set(f)
    with open(new_nt, encoding="utf-8") as f:
        new = set(f)
    changed = {URIRef(line.split(" ", 1)[0][1:-1]) for line in old ^ new if line.startswith("<")}
    return changed, len({line.split(" ", 1)[0] for line in new if line.startswith("<")})


def revalidate(graph: Graph, changed: set[URIRef], subjects: int, previous: dict) -> dict:
    """The validation report (JSON-able, as `validate(...).to_json()` gives it) of `graph`, a new version of a
    graph of `subjects` subjects whose report was `previous` and whose triples differ in the subjects `changed`."""
    if changed and 2 * len(changed) >= subjects:
        return json.loads(validate_core(graph).to_json())
    affected = set(changed)
    for s in changed:
        affected.update(x for x in graph.subjects(None, s) if isinstance(x, URIRef))
    part = Graph()
    for s in affected:
        for _, p, o in graph.triples((s, None, None)):
            part.add((s, p, o))
            if isinstance(o, URIRef) and o not in affected:
                for t in graph.triples((o, None, None)):
                    part.add(t)
    fresh = validate_core(part) if len(part) else ValidationReport()
    kept = ValidationReport.from_json(json.dumps(previous))
    named = {str(s) for s in affected}
    report = ValidationReport(
        results=sorted([r for r in kept.results if r.focus not in named]
                       + [r for r in fresh.results if r.focus in named],
                       key=lambda x: (SEVERITIES.index(x.severity), x.shape_name, _reading_order(x))),
        extra_results=kept.extra_results,
        seconds=fresh.seconds)
    return json.loads(report.to_json())
