"""The parsed clause tree of one GB/T 1.1 document, with the IRIs its graph gives each part.

loaders/gbt_document.py fills a `DocumentTree` while it emits the clauses,
provisions and term entries it parsed (one parse per document); the model
loaders (reference model, design method) read this tree, never the file again
and never the clause tree back from RDF. What a node is called here is what
the graph calls it, so a model element can point at its clause or item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef


@dataclass
class ProvisionView:
    iri: URIRef
    marker: str
    text: str
    line: int | None
    locator: str
    order: int
    parent: URIRef | None = None   # the item this one is nested in (cdt:parentProvision)

    @property
    def nested(self) -> bool:
        return self.parent is not None


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
    concept: URIRef | None = None   # the cdt:Concept the entry defines


class DocumentTree:
    """The clauses, provisions and term entries of one document, in document order."""

    def __init__(self, doc: URIRef):
        self.doc = doc
        self.clauses: list[ClauseView] = []
        self.by_number: dict[str, ClauseView] = {}
        self.terms: list[TermView] = []

    def add_clause(self, view: ClauseView) -> ClauseView:
        self.clauses.append(view)
        self.by_number.setdefault(view.number, view)
        return view

    def without(self, dropped) -> "DocumentTree":
        """A copy without the clauses for which `dropped(clause)` is true (and their provisions):
        a document that lost part of its text."""
        out = DocumentTree(self.doc)
        for c in self.clauses:
            if not dropped(c):
                out.add_clause(c)
        out.terms = list(self.terms)
        return out

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
