"""The one place that mints instance IRIs: one function per kind of resource.

IRIs are deterministic: derived from standard numbers, plan numbers, clause
numbers, notations and labels, never from counters or random ids, so the same
corpus always gives the same IRIs.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import URIRef

from .standard_numbers import is_placeholder, normalize
from .vocab import CDTR_IRI


def _seg(text: str) -> str:
    """Percent-encode one path segment (keeps ASCII letters, digits, . - _)."""
    return quote(str(text).strip(), safe="")


def _slug_number(number: str) -> str:
    return re.sub(r"[^A-Za-z0-9.:]+", "-", number).strip("-").replace(":", "-")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _under(base: URIRef | str, *segments: str) -> URIRef:
    return URIRef(str(base).rstrip("/") + "/" + "/".join(_seg(s) for s in segments))


# --- schemes ---------------------------------------------------------------
FRAMEWORK_SCHEME = URIRef(CDTR_IRI + "framework")
TRM_SCHEME = URIRef(CDTR_IRI + "trm")
CTMM_SCHEME = URIRef(CDTR_IRI + "ctmm")
CONCEPT_SCHEME = URIRef(CDTR_IRI + "terms")


def scheme_iri(doc: URIRef, name: str) -> URIRef:
    """A concept scheme a document defines (e.g. 004's 01–07 standards system)."""
    return _under(doc, "scheme", name)


# --- documents and standards ------------------------------------------------
def standard_iri(number: str, title: str | None = None) -> URIRef:
    """The node of one standard, from its number in any spelling.

    A placeholder number (`GB/T XXXXX`) names no single standard, so its title
    is part of the IRI.
    """
    n = normalize(number)
    if is_placeholder(n):
        if not title:
            raise ValueError(f"placeholder number {number!r} needs a title")
        return URIRef(f"{CDTR_IRI}std/{_slug_number(n)}-{_digest(title)}")
    return URIRef(f"{CDTR_IRI}std/{_slug_number(n)}")


def plan_iri(plan_number: str) -> URIRef:
    """A standard known only by its plan number (`20250317-T-469`)."""
    return URIRef(f"{CDTR_IRI}std/plan-{_seg(plan_number)}")


def document_iri(key: str) -> URIRef:
    """An ingested document without a standard number (its manifest id)."""
    return URIRef(f"{CDTR_IRI}doc/{_seg(key)}")


def cited_document_iri(kind: str, title: str) -> URIRef:
    """A cited document without a standard number (policy, TC technical document…)."""
    return URIRef(f"{CDTR_IRI}doc/{_seg(kind)}-{_digest(title)}")


def committee_iri(code: str) -> URIRef:
    return URIRef(f"{CDTR_IRI}tc/{_slug_number(code.upper())}")


def organization_iri(canonical_name: str) -> URIRef:
    return URIRef(f"{CDTR_IRI}org/{_seg(canonical_name)}")


def person_iri(name: str) -> URIRef:
    return URIRef(f"{CDTR_IRI}person/{_seg(name)}")


def contribution_iri(doc: URIRef, role: str, position: int) -> URIRef:
    return _under(doc, role, str(position))


def change_iri(doc: URIRef, marker: str) -> URIRef:
    return _under(doc, "change", marker.strip(")）"))


def event_iri(doc: URIRef, date: str, position: int) -> URIRef:
    return _under(doc, "event", f"{date}-{position}")


# --- inside a document --------------------------------------------------------
def clause_iri(doc: URIRef, number: str) -> URIRef:
    """A clause by its number (`7.2.9`, `A.1`), or a guideline heading by its locator."""
    return _under(doc, "clause", number)


def provision_iri(clause: URIRef, markers: list[str] | tuple[str, ...]) -> URIRef:
    """A list item by its marker path within its clause: ['a'] or ['d', '1']."""
    return _under(clause, "p", "-".join(m.strip("()（）") for m in markers))


def paragraph_iri(clause: URIRef, index: int) -> URIRef:
    """A paragraph of a clause by its position among the clause's paragraphs (1-based)."""
    return _under(clause, "para", str(index))


def citation_iri(from_text: URIRef, standard: URIRef, kind: str, locator: str = "") -> URIRef:
    return _under(from_text, "cites", _digest(f"{standard}|{kind}|{locator}"))


def table_iri(doc: URIRef, number: str) -> URIRef:
    return _under(doc, "table", number)


def row_iri(table: URIRef, index: int) -> URIRef:
    return _under(table, "row", str(index))


def cell_iri(row: URIRef, column: int) -> URIRef:
    return _under(row, "cell", str(column))


# --- terms --------------------------------------------------------------------
def concept_iri(label_zh: str) -> URIRef:
    """One concept shared by every document that defines a term with this label."""
    return URIRef(f"{CDTR_IRI}concept/{_seg(label_zh)}")


def term_entry_iri(doc: URIRef, number: str) -> URIRef:
    return _under(doc, "term", number)


def abbreviation_iri(doc: URIRef, abbreviation: str) -> URIRef:
    return _under(doc, "abbr", abbreviation)


# --- framework ----------------------------------------------------------------
def framework_node_iri(notation: str) -> URIRef:
    return URIRef(f"{CDTR_IRI}framework/{_seg(notation)}")


def planned_standard_iri(notation: str, label: str) -> URIRef:
    return _under(framework_node_iri(notation), "planned", label)


def roadmap_target_iri(year: int) -> URIRef:
    return URIRef(f"{CDTR_IRI}roadmap/{year}")


def roadmap_topic_iri(year: int, label: str) -> URIRef:
    return _under(roadmap_target_iri(year), "topic", label)


def coverage_mapping_iri(standard: URIRef, target: URIRef) -> URIRef:
    return URIRef(f"{CDTR_IRI}coverage/{_digest(f'{standard}|{target}')}")


def alignment_iri(subject: URIRef, obj: URIRef) -> URIRef:
    return URIRef(f"{CDTR_IRI}alignment/{_digest(f'{subject}|{obj}')}")


# --- reference model ------------------------------------------------------------
def model_element_iri(label: str) -> URIRef:
    return _under(TRM_SCHEME, label)


# --- maturity model -----------------------------------------------------------
def maturity_level_iri(doc: URIRef, level: int) -> URIRef:
    return _under(doc, "level", str(level))


def capability_iri(doc: URIRef, kind: str, key: str) -> URIRef:
    """A capability domain, sub-domain (by clause number) or item (by label)."""
    return _under(doc, kind, key)


def level_feature_iri(item: URIRef, level: int) -> URIRef:
    return _under(item, "level", str(level))


# --- design method (004) ------------------------------------------------------------
def method_iri(doc: URIRef, kind: str, key: str) -> URIRef:
    """A phase, step, BTE dimension, principle, operation model, activity or system part."""
    return _under(doc, kind, key)


def entry_iri(entry, printed: str | None = None) -> URIRef:
    """The node of an ingested document (a manifest entry).

    A standard with a real number is its Standard node — the number of the
    manifest, else the one `printed` on its cover — so a standard added to the
    corpus and the same standard cited elsewhere are one node; a draft known by
    its plan number is the plan's node; anything else (a guide, a note, a draft
    with a placeholder number) is named by its manifest id.
    """
    if entry.kind == "standard" and entry.number and not is_placeholder(normalize(entry.number)):
        return standard_iri(entry.number)
    if entry.kind == "standard" and entry.plan_number:
        return plan_iri(entry.plan_number)
    if entry.kind == "standard" and printed and not is_placeholder(normalize(printed)):
        return standard_iri(printed)
    return document_iri(entry.id)


def graph_iri(source: str):
    """The named graph holding one source of the union store (a manifest id, `(ontology)`,
    `(corpus)`): a pyoxigraph node, as the store is pyoxigraph's."""
    import pyoxigraph as ox

    return ox.NamedNode("urn:cdtkg:graph:" + _seg(source))


def project_iri(key: str) -> URIRef:
    """A standards project known by neither a standard number nor a national plan number:
    a committee's own project code (`TC609-P-01`) or, failing that, its name."""
    return URIRef(f"{CDTR_IRI}std/project-{_digest(key.strip())}")
