"""A read-only view of one document's clause tree, as loaders/gbt_document.py writes it.

The design-method loader reads clauses and provisions by the RDF contract
(cdt:Clause with cdt:inDocument, cdt:number, dcterms:title, cdt:text, cdt:parent,
cdt:sourceLine; cdt:Provision with cdt:inClause, cdt:marker, cdt:text …), never
by the file name or the raw layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .vocab import CDT


@dataclass
class ProvisionView:
    iri: URIRef
    marker: str
    text: str
    line: int | None
    locator: str
    order: int
    nested: bool              # has a cdt:parentProvision


@dataclass
class ClauseView:
    iri: URIRef
    number: str
    title: str
    text: str
    parent: str | None        # the parent clause's number
    line: int | None
    order: int
    provisions: list[ProvisionView] = field(default_factory=list)

    @property
    def is_annex(self) -> bool:
        """True for annex clauses (A, A.1, B.8.1)."""
        return bool(re.match(r"^[A-Z](?:\.|$)", self.number))

    @property
    def is_body(self) -> bool:
        """True for the numbered body clauses (1, 5.3.1), not annexes or 前言/引言."""
        return bool(re.match(r"^\d+(?:\.\d+)*$", self.number))

    @property
    def all_text(self) -> str:
        """The clause's own text followed by its provisions' texts."""
        return "\n".join([self.text] + [p.text for p in self.provisions])


@dataclass
class TermView:
    number: str
    labels: list[str]          # the term in every language printed
    texts: list[str]           # definition and notes
    line: int | None


def _zh(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    """Return the Chinese (or untagged) literal of `predicate`, else any literal, else ""."""
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    for v in values:
        if v.language in ("zh", None):
            return str(v)
    return str(values[0]) if values else ""


def _int(graph: Graph, subject: URIRef, predicate: URIRef) -> int | None:
    v = graph.value(subject, predicate)
    try:
        return int(v) if v is not None else None
    except (TypeError, ValueError):
        return None


class DocumentClauses:
    """The clauses, provisions and term entries of one document, in document order."""

    def __init__(self, doc: URIRef, graph: Graph):
        self.doc = doc
        clauses: list[ClauseView] = []
        by_iri: dict[URIRef, ClauseView] = {}
        for c in graph.subjects(CDT.inDocument, doc):
            if (c, RDF.type, CDT.Clause) not in graph:
                continue
            number = _zh(graph, c, CDT.number)
            if not number:
                continue
            parent = graph.value(c, CDT.parent)
            view = ClauseView(
                iri=c, number=number, title=_zh(graph, c, DCTERMS.title), text=_zh(graph, c, CDT.text),
                parent=_zh(graph, parent, CDT.number) if parent is not None else None,
                line=_int(graph, c, CDT.sourceLine), order=_int(graph, c, CDT.order) or 0,
            )
            clauses.append(view)
            by_iri[c] = view
        for p, c in graph.subject_objects(CDT.inClause):
            owner = by_iri.get(c)
            if owner is None or (p, RDF.type, CDT.Provision) not in graph:
                continue
            owner.provisions.append(ProvisionView(
                iri=p, marker=_zh(graph, p, CDT.marker), text=_zh(graph, p, CDT.text),
                line=_int(graph, p, CDT.sourceLine), locator=_zh(graph, p, CDT.locator),
                order=_int(graph, p, CDT.order) or 0,
                nested=graph.value(p, CDT.parentProvision) is not None,
            ))
        for v in clauses:
            v.provisions.sort(key=lambda p: (p.order, p.line or 0))
        clauses.sort(key=lambda v: (v.order, v.line or 0))
        self.clauses = clauses
        self.by_number = {v.number: v for v in clauses}
        self.terms = self._terms(graph)

    def _terms(self, graph: Graph) -> list[TermView]:
        terms = []
        for t in graph.subjects(CDT.inDocument, self.doc):
            if (t, RDF.type, CDT.TermEntry) not in graph:
                continue
            labels = [str(o) for o in graph.objects(t, SKOS.prefLabel)]
            concept = graph.value(t, CDT.defines)
            if concept is not None:
                labels += [str(o) for o in graph.objects(concept, SKOS.prefLabel)]
            texts = [str(o) for p in (SKOS.definition, SKOS.note) for o in graph.objects(t, p)]
            terms.append(TermView(_zh(graph, t, CDT.number), labels, texts, _int(graph, t, CDT.sourceLine)))
        return sorted(terms, key=lambda t: t.line or 0)

    def chapter_of(self, clause: ClauseView) -> ClauseView:
        """Return the top-level clause (chapter or annex) that contains `clause`."""
        while clause.parent and clause.parent in self.by_number:
            clause = self.by_number[clause.parent]
        return clause

    def ancestors(self, clause: ClauseView) -> list[ClauseView]:
        """Return `clause` and its ancestors, innermost first."""
        out = [clause]
        while out[-1].parent and out[-1].parent in self.by_number and len(out) < 20:
            out.append(self.by_number[out[-1].parent])
        return out

    def children(self, clause: ClauseView) -> list[ClauseView]:
        return [c for c in self.clauses if c.parent == clause.number]

    def descendants(self, clause: ClauseView) -> list[ClauseView]:
        return [c for c in self.clauses if c is not clause and clause in self.ancestors(c)]
