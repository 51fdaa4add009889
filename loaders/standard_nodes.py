"""The node of a standard named anywhere in the corpus, with the facts its number tells."""
from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from . import ids
from .standard_numbers import base_number, is_placeholder, kind_of, normalize, year_of
from .vocab import CDT


def add_standard(g: Graph, number: str, title: str | None = None) -> URIRef:
    """Add the Standard node of `number` (any spelling) to `g`; returns its IRI.

    A dated number was published in that year (cdt:Published — a document
    saying it was replaced outranks this when graphs are merged); a placeholder
    (`GB/T XXXXX`) is Planned and needs its title to be told apart.
    """
    n = normalize(number)
    node = ids.standard_iri(n, title)
    g.add((node, RDF.type, CDT.Standard))
    g.add((node, RDF.type, CDT.Document))
    if is_placeholder(n):
        g.add((node, CDT.status, CDT.Planned))
        g.add((node, SKOS.note, Literal(f"编号待定：引用时印为 {number.strip()}", lang="zh")))
    else:
        g.add((node, CDT.standardNumber, Literal(n)))
        g.add((node, CDT.baseNumber, Literal(base_number(n))))
        g.add((node, CDT.referenceKind, Literal(kind_of(n))))
        if year_of(n) and (node, CDT.status, None) not in g:
            g.add((node, CDT.status, CDT.Published))
    if title:
        g.add((node, DCTERMS.title, Literal(title, lang="zh")))
    return node
