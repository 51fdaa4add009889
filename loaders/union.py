"""The rules of the union of document graphs: single-valued properties stay single.

Documents print the same standard or concept differently (`智慧城市 技术参考模型`
in one, `智慧城市技术参考模型` in another; `citywide` / `city-wide digital
transformation`). One node keeps one title and one preferred label per
language: the first asserted in manifest order; later variants become
dcterms:alternative / skos:altLabel. A status goes by precedence (a standard
another document says is superseded is superseded).
"""
from __future__ import annotations

import pyoxigraph as ox

from .sparql_header import loader_query
from .vocab import CDT_IRI, DCT_IRI, SKOS_IRI

DCT_TITLE = ox.NamedNode(DCT_IRI + "title")
DCT_ALTERNATIVE = ox.NamedNode(DCT_IRI + "alternative")
SKOS_PREF = ox.NamedNode(SKOS_IRI + "prefLabel")
SKOS_ALT = ox.NamedNode(SKOS_IRI + "altLabel")
STATUS = ox.NamedNode(CDT_IRI + "status")
ALTERNATIVE_OF = {DCT_TITLE: DCT_ALTERNATIVE, SKOS_PREF: SKOS_ALT}
# Higher wins: what one document knows (superseded, planned) outranks a default.
STATUS_RANK = {CDT_IRI + n: r for r, n in enumerate(("Published", "Draft", "Planned", "Superseded"))}


def _lang(term) -> str | None:
    return term.language if isinstance(term, ox.Literal) else None


def undated_titles(store: ox.Store) -> list[ox.Triple]:
    """What only the union can tell: the titles of undated references, from their latest edition
    (loaders/sparql/undated_titles.rq)."""
    return list(store.query(loader_query("undated_titles")))
