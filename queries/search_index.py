"""The full-text index of the graph: what is indexed, and building, persisting and reusing it.

Every resource with text is one search record: its labels (prefLabel, title,
name, abbreviation and expansion … — boosted), its other language-tagged
literals (text, definition, scope note, notes …), its locator, the standard
numbers it carries or cites, its kind (the most specific class, named by the
ontology's Chinese label) and its document. Which classes are structure rather
than content (citations, contributions, table rows, mappings, shared concepts)
is said once in SKIPPED_KINDS; everything else with text is indexed, so new
kinds of resources become searchable without new code.

The tantivy index lives in `build_root(corpus) / "search"`, never in the repo.
Text is segmented here (queries/segmenter.py) and handed to tantivy as white-space
separated tokens, so the index needs no analyzer of its own. The index is updated per record:
each record (filed under its source document, its `group`) has a hash of its
content; a record whose hash changed, or whose text holds a user-dictionary
word that came or went, is deleted and added again, and records gone are
deleted — so adding or removing one document touches that document's records
and the few shared ones (standards it cites) it changes. Nothing is done when
the graph is unchanged. Records themselves are remade only for the subjects whose
inputs changed (`records/`, each record under a hash of what it is made from, a file per group
written again only when one of its records changed).
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import re
import shutil
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from loaders.locations import (DEFAULT_CORPUS, SUMMARY_FILE, UNION_MARK_FILE, build_root, corpus_lock, directory_lock,
                               load_store, union_folder)
from loaders.union_store import STORE_DIR, changed_since, read_mark
from loaders.document_names import document_name
from loaders.problems import BuildError, CdtkgError
from loaders.standard_numbers import find_numbers, find_plan_numbers, is_placeholder
from loaders.vocab import CDT_IRI, CDTR_IRI, RDF_IRI, PREFIXES as VOCAB_PREFIXES
from loaders.vocab import DCT_IRI as DCT, FOAF_IRI as FOAF, RDFS_IRI as RDFS, SKOS_IRI as SKOS

from .binding import XSD_STRING
from .graph import Graph
from .normalize import clean, code_key, compact, normalize_text, number_keys, same_text_key
from .runner import EmbeddedBackend
from .segmenter import Segmenter, dictionary_words, segmenter
from .synonyms import old_names
from loaders.han import HAN_CHAR

SCHEMA_VERSION = 3
META_FILE = "meta.json"
MADE_DIR = "records"              # each record with the key of what it was made from, a file per group
MADE_INDEX = "files.pickle"       # in MADE_DIR: the current file of each group, and the linked tables

RDF_TYPE = RDF_IRI + "type"
PREFIXES = {VOCAB_PREFIXES[p]: p for p in ("cdt", "skos", "foaf", "dcterms")}   # namespace → its prefix

# Literals that name a resource (boosted above body text), most display-worthy first.
LABEL_PROPERTIES = (
    SKOS + "prefLabel", DCT + "title", FOAF + "name", CDT_IRI + "abbreviation",
    SKOS + "altLabel", DCT + "alternative", SKOS + "hiddenLabel", RDFS + "label", CDT_IRI + "expansion",
)
# Plain (untagged) literals that are still prose; every language-tagged literal is.
PLAIN_TEXT_PROPERTIES = (CDT_IRI + "text",)
NUMBER_PROPERTIES = (CDT_IRI + "standardNumber", CDT_IRI + "baseNumber")
# Links whose target standards a record cites (their numbers find the record).
CITING_PROPERTIES = (CDT_IRI + "cites", CDT_IRI + "sourceStandard", CDT_IRI + "changeAgainst",
                     CDT_IRI + "toStandard", CDT_IRI + "mappedStandard")
# Links to the clause a record stands in when its locator does not say so (a table's cells: 表12 …).
CLAUSE_LINKS = (CDT_IRI + "inClause", CDT_IRI + "ofItem")
# Links whose target's name is worth finding the record by (a person by their organization,
# a document by the committee responsible for it: 全国数据标准化技术委员会, SAC/TC 609).
NAMED_LINKS = (CDT_IRI + "affiliation", CDT_IRI + "committee")
# Classes that are structure, not content: their text is already carried by another record.
SKIPPED_KINDS = frozenset({
    CDT_IRI + "Citation", CDT_IRI + "Contribution", CDT_IRI + "TableRow", CDT_IRI + "CoverageMapping",
    CDT_IRI + "AlignmentMapping", CDT_IRI + "Concept", SKOS + "ConceptScheme", SKOS + "Collection",
    CDT_IRI + "Paragraph",  # its text is its clause's text, found through the clause
})
# Indexed only when no other record of the same document carries the same text.
FALLBACK_KINDS = frozenset({CDT_IRI + "TableCell"})
SHARED_GROUP = "shared"
READ_LINKS = frozenset({RDF_TYPE, RDFS + "subClassOf", CDT_IRI + "sourceDocument", CDT_IRI + "inDocument",
                        *CITING_PROPERTIES, *NAMED_LINKS, *CLAUSE_LINKS})
TEXT_DATATYPES = frozenset({XSD_STRING, RDF_IRI + "langString"})
LEAD_IN = re.compile(r"^\s*([^：:。；;，,]{2,20})[：:]")


@dataclass
class Record:
    """One searchable resource, as indexed."""

    iri: str
    kind: str                 # the Chinese name of its most specific class
    kind_key: str             # that class as a filter key: `cdt:Component`
    kinds: list[str]          # it and its superclasses: `cdt:Component`, `cdt:ModelElement`, `skos:Concept`
    label: str                # what a hit shows
    labels: list[str]         # every name, boosted (with a list item's lead-in `开放共享：`)
    names: list[str]          # its real names (labels without lead-ins), matched whole
    body: str                 # prose, for matching and snippets
    locator: str
    document: str             # standard number or title of its document
    doc: str                  # IRI of its document ("" for shared resources)
    group: str                # what it is re-indexed with: its document, or "shared"
    own_numbers: list[str] = field(default_factory=list)
    cited_numbers: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)   # clause numbers, notations, compact locator
    text: str = ""            # its own cdt:text, to recognise a table cell repeating another record


# --- reading the graph ---------------------------------------------------------------
def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _prefixed(iri: str) -> str:
    for ns, prefix in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return _local(iri)


@dataclass
class _ClassInfo:
    zh: dict[str, str]
    en: dict[str, str]
    supers: dict[str, set[str]]     # transitive superclasses

    def depth(self, c: str) -> int:
        return len(self.supers.get(c, ()))

    def name(self, c: str) -> str:
        return self.zh.get(c) or self.en.get(c) or _local(c)


def _class_info(triples: dict[str, dict[str, list]]) -> _ClassInfo:
    zh, en, direct = {}, {}, defaultdict(set)
    for s, props in triples.items():
        for o in props.get(RDFS + "subClassOf", []):
            if isinstance(o, ox.NamedNode):
                direct[s].add(o.value)
        for o in props.get(RDFS + "label", []):
            if isinstance(o, ox.Literal) and o.language == "zh":
                zh.setdefault(s, o.value)
            elif isinstance(o, ox.Literal) and o.language == "en":
                en.setdefault(s, o.value)
    supers = {}
    for c in direct:
        seen, todo = set(), list(direct[c])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(direct.get(x, ()))
        supers[c] = seen
    return _ClassInfo(zh, en, supers)


def _read(store: ox.Store, subjects: Iterable[str] | None = None,
          predicates: Iterable[str] | None = None) -> dict[str, dict[str, list]]:
    """The triples of the default graph that records are made of — text (string literals), the
    `ingested` flag, and the links in READ_LINKS — as subject → predicate → objects, predicates
    and objects sorted: records must not depend on the order a store happens to return. Only
    those of `subjects`, or of `predicates`, when given."""
    triples: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    default = ox.DefaultGraph()
    if subjects is not None:
        quads = (q for s in subjects for q in store.quads_for_pattern(ox.NamedNode(s), None, None, default))
    elif predicates is not None:
        quads = (q for p in predicates for q in store.quads_for_pattern(None, ox.NamedNode(p), None, default))
    else:
        quads = store.quads_for_pattern(None, None, None, default)
    for q in quads:
        o, p = q.object, q.predicate.value
        if not isinstance(q.subject, ox.NamedNode):
            continue
        if isinstance(o, ox.Literal):
            if o.datatype.value not in TEXT_DATATYPES and p != CDT_IRI + "ingested":
                continue      # order, sourceLine, positions: numbers nobody searches for
        elif p not in READ_LINKS:
            continue
        triples[q.subject.value][p].append(o)

    def order(o):   # Chinese first, then by value
        return (getattr(o, "language", None) != "zh", str(o))

    return {s: {p: sorted(objs, key=order) for p, objs in sorted(props.items())} for s, props in triples.items()}


def _texts(props: dict[str, list], preds) -> list[ox.Literal]:
    return [o for p in preds for o in props.get(p, []) if isinstance(o, ox.Literal) and o.value.strip()]


def _most_specific(types: set[str], classes: _ClassInfo) -> str | None:
    """The resource's most specific class (deepest in the ontology); a class the ontology does
    not declare yet still names its resources, by its local name."""
    known = [t for t in types if t in classes.supers or t in classes.zh]
    if not known:
        return min(types) if types else None
    leaves = [t for t in known if not any(t in classes.supers.get(u, ()) for u in known if u != t)]
    return sorted(leaves, key=lambda c: (-classes.depth(c), c))[0]


def _document_names(triples, classes: _ClassInfo) -> dict[str, dict]:
    """Every Document node: its name (loaders.document_names.document_name) and lookup keys."""
    doc_classes = {c for c, sup in classes.supers.items() if CDT_IRI + "Document" in sup} | {CDT_IRI + "Document"}
    docs = {}
    for s, props in triples.items():
        types = {o.value for o in props.get(RDF_TYPE, []) if isinstance(o, ox.NamedNode)}
        if not s.startswith(CDTR_IRI) or not types & doc_classes:
            continue
        numbers = [o.value for o in _texts(props, (CDT_IRI + "standardNumber",)) if not is_placeholder(o.value)]
        titles = _texts(props, (DCT + "title",))
        title = next((t.value for t in titles if t.language == "zh"), titles[0].value if titles else "")
        plans = [o.value for o in _texts(props, (CDT_IRI + "planNumber",))]
        files = [o.value for o in _texts(props, (CDT_IRI + "sourceFile",))]
        status = next((o.value.rsplit("#", 1)[-1] for o in props.get(CDT_IRI + "status", [])), "")
        display = document_name(numbers[0] if numbers else "", plans[0] if plans else "", title, status) or _local(s)
        keys = {compact(x) for x in [*(t.value for t in titles), *files, *(f.rsplit(".", 1)[0] for f in files)] if x}
        docs[s] = {"iri": s, "display": display, "title": title, "numbers": numbers, "plans": plans,
                   "keys": sorted(k for k in keys if k),
                   "number_keys": sorted({k for n in numbers for k in number_keys(n)}),
                   "ingested": bool(props.get(CDT_IRI + "ingested"))}
    return docs


def _lead_in(text: str) -> str:
    """The name a list item opens with (`开放共享：推动…` → 开放共享); not a numbering like `一、3.`."""
    m = LEAD_IN.match(text)
    return m.group(1).strip() if m and len(HAN_CHAR.findall(m.group(1))) >= 2 else ""


def _short(text: str, n: int = 40) -> str:
    text = clean(text)
    return text if len(text) <= n else text[:n] + "…"


def extract_records(store: ox.Store, made: dict[str, tuple[str, Record | None, str]] | None = None
                    ) -> tuple[list[Record], list[dict], list[dict]]:
    """Return the search records of the graph in `store` (sorted by group, then IRI), the
    table of its documents (display name and the keys the document filter accepts) and the
    table of kinds (see _kind_table).

    `made`, when given, maps each subject to the key of what its record was made from, the
    record (None: no text) and its hash (_record_hash) as an earlier call left it: a subject
    whose inputs are the same takes its record from there, and `made` is left holding this
    graph's."""
    triples = _read(store)
    classes = _class_info(triples)
    tables = _linked_tables(triples, classes)
    earlier, now = made or {}, {}
    ontology = _ontology_key(classes)
    for s, props in triples.items():
        entry = _made(s, props, classes, tables, ontology, earlier.get(s), made is not None)
        if entry is not None:
            now[s] = entry
    if made is not None:
        made.clear()
        made.update(now)
    records, dropped = _drop_duplicate_fallbacks([entry[1] for entry in now.values() if entry[1] is not None])
    if made is not None:
        made[_TABLES] = (ontology, tables, dropped)
    return _finished(records, tables["docs"], classes)


# Where `made` keeps what records read of other subjects, for reading only what changed next time.
_TABLES = ""


def _linked_tables(triples: dict[str, dict[str, list]], classes: _ClassInfo) -> dict[str, dict]:
    """What a record reads of the subjects it links to, each from that subject's own triples: `docs`
    (_document_names), `numbers_of` (standard numbers), `names_of` (names) and `clause_of` (clause number)."""
    return {
        "docs": _document_names(triples, classes),
        "numbers_of": {s: [o.value for o in _texts(p, NUMBER_PROPERTIES)] for s, p in triples.items()
                       if p.get(CDT_IRI + "standardNumber") or p.get(CDT_IRI + "baseNumber")},
        "names_of": {s: [o.value for o in _texts(p, (FOAF + "name", SKOS + "prefLabel", SKOS + "notation"))]
                     for s, p in triples.items() if p.get(FOAF + "name") or p.get(SKOS + "prefLabel")},
        "clause_of": {s: o.value for s, p in triples.items() for o in _texts(p, (CDT_IRI + "number",))[:1]},
    }


def _made(s: str, props: dict[str, list], classes: _ClassInfo, tables: dict[str, dict], ontology: str,
          earlier: tuple | None, hashed: bool) -> tuple[str, Record | None, str] | None:
    """(key of its inputs, record or None, hash) of subject `s`, taken from `earlier` when its inputs are the
    same; None when `s` is no resource of its own or of a kind not indexed."""
    if not s.startswith(CDTR_IRI):
        return None
    types = {o.value for o in props.get(RDF_TYPE, []) if isinstance(o, ox.NamedNode)}
    kind_class = _most_specific(types, classes)
    if kind_class is None or kind_class in SKIPPED_KINDS:
        return None
    docs, numbers_of, names_of, clause_of = (tables[k] for k in ("docs", "numbers_of", "names_of", "clause_of"))
    inputs = _inputs(s, props, docs, numbers_of, names_of, ontology, clause_of)
    if earlier is not None and earlier[0] == inputs:
        return earlier
    made_now = _record(s, props, kind_class, types, classes, docs, numbers_of, names_of, clause_of)
    return inputs, made_now, _record_hash(made_now) if hashed and made_now else ""


def _finished(records: list[Record], docs: dict, classes: _ClassInfo) -> tuple[list[Record], list[dict], list[dict]]:
    """The records to index (`records` sorted by group, then IRI), the documents table and the kinds table."""
    records.sort(key=lambda r: (r.group, r.iri))
    used = {r.doc for r in records}
    documents = sorted((d for d in docs.values() if d["iri"] in used), key=lambda d: (d["display"], d["iri"]))
    return records, documents, _kind_table(records, classes)


def changed_records(store: ox.Store, made: dict, changed: set[str]
                    ) -> tuple[list[Record], list[dict], list[dict]] | None:
    """What extract_records(store, made) returns, `made` being what it left for the graph before the subjects
    `changed` changed: only those subjects, and the subjects linking to one whose number, name, clause number
    or document name changed, are read and made again. None (nothing done) when `made` says nothing of
    the graph before, or the ontology's classes changed."""
    if _TABLES not in made:
        return None
    old_ontology, tables, dropped = made[_TABLES]
    classes = _class_info(_read(store, predicates=(RDFS + "subClassOf", RDFS + "label")))
    ontology = _ontology_key(classes)
    if ontology != old_ontology:
        return None
    triples = _read(store, subjects=changed)
    fresh = _linked_tables(triples, classes)
    moved = set()
    for name, table in tables.items():
        for s in changed:
            if table.get(s) != fresh[name].get(s):
                moved.add(s)
                if s in fresh[name]:
                    table[s] = fresh[name][s]
                else:
                    del table[s]
    default = ox.DefaultGraph()
    linking = {q.subject.value for s in moved for q in store.quads_for_pattern(None, None, ox.NamedNode(s), default)
               if q.predicate.value in READ_LINKS and isinstance(q.subject, ox.NamedNode)} - changed
    triples.update(_read(store, subjects=linking))
    remade = set()      # the documents of records made again: their table cells are weighed again
    for s in changed | linking:
        entry = _made(s, triples.get(s, {}), classes, tables, ontology, made.get(s), True)
        remade.update(e[1].doc for e in (made.get(s), entry) if e is not None and e[1] is not None)
        if entry is None:
            made.pop(s, None)
        else:
            made[s] = entry
    records = [entry[1] for s, entry in made.items() if s != _TABLES and entry[1] is not None]
    weighed, now_dropped = _drop_duplicate_fallbacks([r for r in records if r.doc in remade])
    dropped = {iri for iri in dropped if made.get(iri, ("", None))[1] is not None
               and made[iri][1].doc not in remade} | now_dropped
    made[_TABLES] = (ontology, tables, dropped)
    return _finished([r for r in records if r.doc not in remade and r.iri not in dropped] + weighed,
                     tables["docs"], classes)


def _ontology_key(classes: _ClassInfo) -> str:
    """A hash of what records take from the ontology: class names and superclasses."""
    supers = {c: sorted(v) for c, v in classes.supers.items()}
    return hashlib.sha256(json.dumps([classes.zh, classes.en, supers], sort_keys=True).encode()).hexdigest()[:16]


def _inputs(s: str, props: dict[str, list], docs: dict, numbers_of: dict, names_of: dict, ontology: str,
            clause_of: dict) -> str:
    """A hash of everything _record reads for subject `s`: its triples, the names of its
    documents, the numbers of the standards it links to, the names it is linked to by
    NAMED_LINKS, the numbers of the clauses it stands in, and the ontology (`ontology`, a hash)."""
    parts = [ontology, s, json.dumps(docs.get(s, {}).get("display")), str(bool(docs.get(s, {}).get("ingested")))]
    for p, objs in props.items():
        parts.append(p)
        for o in objs:
            parts.append(str(o))
            if p in CITING_PROPERTIES:
                parts.extend(numbers_of.get(o.value, ()))
            elif p in NAMED_LINKS:
                parts.extend(names_of.get(o.value, ()))
            elif p in CLAUSE_LINKS:
                parts.append(clause_of.get(o.value, ""))
            elif isinstance(o, ox.NamedNode) and o.value in docs:
                parts.append(docs[o.value]["display"])
            parts.append("\x1f")
    return hashlib.blake2b("\x1e".join(parts).encode(), digest_size=16).hexdigest()


def _record(s, props, kind_class, types, classes, docs, numbers_of, names_of, clause_of) -> Record | None:
    label_lits = _texts(props, LABEL_PROPERTIES)
    label_values = list(dict.fromkeys(clean(o.value) for o in label_lits))
    own_numbers = list(dict.fromkeys(o.value for o in _texts(props, NUMBER_PROPERTIES + (CDT_IRI + "planNumber",))))
    label_values += [n for n in own_numbers if n not in label_values]     # a standard known only by its number
    body_values = []
    for p, objs in props.items():
        if p in LABEL_PROPERTIES:
            continue
        for o in objs:
            if isinstance(o, ox.Literal) and o.value.strip() and (o.language or p in PLAIN_TEXT_PROPERTIES):
                body_values.append(clean(o.value))
    for p in NAMED_LINKS:
        for o in props.get(p, []):
            body_values.extend(names_of.get(o.value, []))
    body_values = list(dict.fromkeys(body_values))
    if not label_values and not body_values:
        return None
    own = [n for n in own_numbers if not is_placeholder(n)]
    cited = [n for p in CITING_PROPERTIES for o in props.get(p, []) for n in numbers_of.get(o.value, [])]
    all_text = " ".join(label_values + body_values)
    cited += [f.number for f in find_numbers(all_text) if not f.is_placeholder and f.number not in own]
    cited += find_plan_numbers(all_text)
    lead = "" if label_values else next((_lead_in(b) for b in body_values if _lead_in(b)), "")
    labels = label_values + ([lead] if lead else [])
    names = label_values    # real names, matched whole by the exact field; a lead-in is not one
    display = _display_label(props, label_lits, lead, body_values)
    locator = _where(props, clause_of)
    codes = [o.value for o in _texts(props, (CDT_IRI + "number", SKOS + "notation"))]
    codes += [locator] if locator else []
    doc = next((o.value for p in (CDT_IRI + "sourceDocument", CDT_IRI + "inDocument")
                for o in props.get(p, []) if isinstance(o, ox.NamedNode)), "")
    if not doc and s in docs:
        doc = s                   # a document is found by its own document filter
    group = doc if doc and (doc != s or docs.get(s, {}).get("ingested")) else SHARED_GROUP
    kinds = sorted({_prefixed(c) for c in {kind_class, *classes.supers.get(kind_class, ())} | (types & set(classes.zh))})
    return Record(
        iri=s, kind=classes.name(kind_class), kind_key=_prefixed(kind_class), kinds=kinds, label=display,
        labels=labels, names=names,
        body="\n".join(body_values), locator=locator, document=docs.get(doc, {}).get("display", ""),
        doc=doc, group=group, own_numbers=sorted(set(own)), cited_numbers=sorted(set(cited) - set(own)),
        codes=sorted({code_key(c) for c in codes if code_key(c)}),
        text=" ".join(clean(o.value) for o in _texts(props, (CDT_IRI + "text",))),
    )


def _where(props: dict[str, list], clause_of: dict) -> str:
    """The record's locator, led by the number of the clause it stands in when the locator does
    not name it: a maturity table's cell `表12 业务协同 四级 a)` is `8.4.1 表12 业务协同 四级 a)`."""
    locator = next((o.value for o in _texts(props, (CDT_IRI + "locator",))), "")
    number = next((o.value for o in _texts(props, (CDT_IRI + "number",))), "")
    number = number or next((clause_of[o.value] for p in CLAUSE_LINKS for o in props.get(p, [])
                             if o.value in clause_of), "")
    return f"{number} {locator}" if locator and number and number not in locator else locator


def _display_label(props, label_lits, lead: str, body_values: list[str]) -> str:
    numbers = [o.value for o in _texts(props, (CDT_IRI + "standardNumber",)) if not is_placeholder(o.value)]
    zh = [o.value for o in label_lits if o.language == "zh"]
    first = clean(zh[0]) if zh else (clean(label_lits[0].value) if label_lits else "")
    abbreviation = [o.value for o in _texts(props, (CDT_IRI + "abbreviation",))]
    if abbreviation:
        expansion = next((clean(o.value) for o in _texts(props, (CDT_IRI + "expansion",)) if o.language == "zh"), "")
        return f"{abbreviation[0]}（{expansion}）" if expansion else abbreviation[0]
    if numbers:
        title = next((clean(o.value) for o in _texts(props, (DCT + "title",)) if o.language == "zh"), "")
        return f"{numbers[0]} {title}".strip()
    return first or lead or _short(body_values[0] if body_values else "")


def _drop_duplicate_fallbacks(records: list[Record]) -> tuple[list[Record], set[str]]:
    """`records` without each fallback record (a table cell) whose text another record of its document
    carries, and the IRIs of those left out."""
    fallback = {_prefixed(c) for c in FALLBACK_KINDS}
    carried = defaultdict(set)
    for r in records:
        if r.kind_key not in fallback:
            carried[r.doc].update(normalize_text(t) for t in [*r.body.split("\n"), *r.labels] if t)
    dropped = {r.iri for r in records if r.kind_key in fallback and normalize_text(r.text) in carried[r.doc]}
    return [r for r in records if r.iri not in dropped], dropped


# --- the tantivy index ---------------------------------------------------------------
def schema():
    """The tantivy schema: pre-tokenized text fields split on white space (jieba's tokens,
    made here), and two keyword fields whose terms are prefixed by what they are — `keys`
    (matched with a flat score: `exact:…` whole names, `code:…` clause numbers and locators,
    `own:…`/`cited:…` standard numbers) and `filters` (never scored: `kind:…`, `doc:…`,
    `group:…`); `iri` is one raw term (records are deleted by it) and `hit` what a hit shows."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("iri", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("label", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("keys", tokenizer_name="whitespace", index_option="basic")
    builder.add_text_field("filters", tokenizer_name="whitespace", index_option="basic")
    builder.add_bytes_field("hit", stored=True)
    return builder.build()


def key(kind: str, value: str) -> str:
    """A term of the `keys` or `filters` field: `exact:城市智能中枢`, `kind:cdt:Clause`."""
    return f"{kind}:{value}"


def _document_fields(record: Record, seg: Segmenter) -> dict:
    keys = [key("exact", x) for x in sorted({compact(n) for n in record.names}) if x]
    keys += [key("code", c) for c in record.codes]
    keys += [key("own", k) for n in record.own_numbers for k in _number_keys_any(n)]
    keys += [key("edition", k[1]) for k in map(_number_keys_any, record.own_numbers)
             if len(k) > 1 and not k[1].startswith("#")]    # a dated edition: found by its base number
    keys += [key("cited", k) for n in record.cited_numbers for k in _number_keys_any(n)]
    keys = [k.replace(" ", "") for k in dict.fromkeys(keys)]
    filters = [key("kind", k) for k in record.kinds] + [key("group", record.group)]
    filters += [key("doc", record.doc)] if record.doc else []
    # names, kind and locator: `表17 态势感知 一级` names a maturity cell as well as its label would
    label = seg.tokens(" \n ".join([*record.labels, record.kind, record.locator]))
    body = seg.tokens(record.body)
    return {
        "iri": record.iri,
        "label": " ".join(label),
        "body": " ".join(body),
        "keys": " ".join(keys),
        "filters": " ".join(filters),
        "hit": {"kind": record.kind, "label": record.label, "document": record.document,
                "locator": record.locator, "body": record.body, "labels": record.labels,
                "same": same_text_key(record.label, record.body),
                # names and text as one compact string, to find the query written whole
                "flat": compact(" ".join([*record.labels, record.body])),
                # every term the record is found by, to tell which query words a hit matches
                "terms": " " + " ".join(dict.fromkeys([*label, *body, *keys])) + " "},
    }


def _tantivy_document(fields: dict):
    import tantivy

    doc = tantivy.Document()
    for name in ("iri", "label", "body", "keys", "filters"):
        doc.add_text(name, fields[name])
    doc.add_bytes("hit", json.dumps(fields["hit"], ensure_ascii=False).encode("utf-8"))
    return doc


def _number_keys_any(number: str) -> list[str]:
    """Index keys of a standard number or a plan number."""
    if find_plan_numbers(number):
        return [number.lower()]
    return number_keys(number)


def _code_fingerprint() -> str:
    here = Path(__file__).resolve().parent
    h = hashlib.sha256(str(SCHEMA_VERSION).encode())
    for name in ("normalize.py", "segmenter.py", "search_index.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def _record_hash(record: Record) -> str:
    """A hash of a record's indexed content: what says a record must be indexed again."""
    return hashlib.sha256(json.dumps(vars(record), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def _segmented_differently(records: list[Record], words: set[str]) -> set[str]:
    """The records whose text holds one of `words` (user-dictionary words added or removed):
    jieba segments them differently now, so they are indexed again."""
    if not words:
        return set()
    found = set()
    for r in records:
        text = normalize_text(f"{r.body} {' '.join(r.labels)} {r.kind} {r.locator}")
        if any(w in text for w in words):
            found.add(r.iri)
    return found


@dataclass
class IndexUpdate:
    """What an index update did."""

    records: int
    groups_reindexed: list[str]     # the groups (documents, "shared") of the records indexed again
    groups_removed: list[str]       # groups no record is left in
    full: bool
    seconds: float
    reindexed: int = 0              # records indexed again (new or changed)
    removed: int = 0                # records taken out
    read_changes: bool = False      # the graph was read for the subjects that changed alone


def update_index(store: ox.Store, directory: Path, graph_fingerprint: str, changed: set[str] | None = None,
                 union: dict | None = None) -> IndexUpdate:
    """Bring the index in `directory` up to date with the graph in `store`; returns what it did.

    Only the records that changed — their content, or the user-dictionary words their text
    holds — are deleted and added again, and the records gone are deleted; a change of this
    module's code or schema rebuilds everything. `changed`, when given, are the only subjects
    whose triples changed since the last update: the graph is read for them alone (changed_records).
    `union` is the mark of the persisted union the graph is (loaders/union_store.py), kept in the metadata.
    """
    with _collector_paused():
        return _update_index(store, directory, graph_fingerprint, changed, union)


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector: indexing allocates millions of small acyclic
    objects, and the collections they trigger made indexing time grow faster than the corpus."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _update_index(store: ox.Store, directory: Path, graph_fingerprint: str, changed: set[str] | None,
                  union: dict | None) -> IndexUpdate:
    import tantivy

    started = time.perf_counter()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    meta = read_meta(directory)
    code = _code_fingerprint()
    ix_dir = directory / "index"
    full = (meta.get("code") != code or not isinstance(meta.get("records"), dict) or not ix_dir.is_dir()
            or not tantivy.Index.exists(str(ix_dir)))
    made, files = ({}, {}) if full else _read_made(directory, code)
    read = None if changed is None else changed_records(store, made, changed)
    records, documents, kinds = read or extract_records(store, made)
    words = dictionary_words(x for r in records for x in r.labels)
    hashes = {r.iri: made[r.iri][2] for r in records}
    old = {} if full else meta["records"]
    resegmented = _segmented_differently(records, set(words) ^ set(meta.get("words", []))) if not full else set()
    todo = {iri for iri, h in hashes.items() if old.get(iri) != h} | resegmented
    removed = sorted(iri for iri in old if iri not in hashes)
    groups_before = set(meta.get("groups", [])) if not full else set()
    if full:
        # a new index beside the old one, put in its place once whole: a failed build leaves the last
        fresh = directory / f"index.{os.getpid()}.new"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir(parents=True)
        try:
            _write_records(tantivy.Index(schema(), path=str(fresh)), records, todo, [], segmenter(words))
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        # two renames, not a delete then a rename: a reader opening the index meanwhile finds one whole
        retired = directory / f"index.{os.getpid()}.old"
        shutil.rmtree(retired, ignore_errors=True)
        if ix_dir.exists():
            ix_dir.replace(retired)
        fresh.replace(ix_dir)
        shutil.rmtree(retired, ignore_errors=True)
    elif todo or removed:
        _write_records(tantivy.Index.open(str(ix_dir)), records, todo, sorted(todo & set(old)) + removed,
                       segmenter(words))
    _write_made(directory, code, made, files)
    groups = sorted({r.group for r in records})
    write_meta(directory, {
        "schema": SCHEMA_VERSION, "code": code, "graph": graph_fingerprint, "records": hashes,
        "groups": groups, "words": words, "documents": documents,
        "kinds": kinds, "graph_names": _old_names(store) + _other_names(store), "updated_at": time.time(),
        "union": union,
    })
    return IndexUpdate(len(records), sorted({r.group for r in records if r.iri in todo}),
                       sorted(groups_before - set(groups)), full, round(time.perf_counter() - started, 3),
                       reindexed=len(todo), removed=len(removed), read_changes=read is not None)


def _write_records(ix, records: list[Record], todo: set[str], deleted: list[str], seg: Segmenter) -> None:
    """Delete the records `deleted` from the index `ix` and add those of `records` in `todo`, in
    one commit: nothing changes when any step fails."""
    writer = ix.writer(heap_size=256_000_000, num_threads=1)
    try:
        for iri in deleted:
            writer.delete_documents_by_term("iri", iri)
        for r in records:
            if r.iri in todo:
                writer.add_document(_tantivy_document(_document_fields(r, seg)))
        writer.commit()
    except BaseException:
        writer.rollback()
        raise
    finally:
        writer.wait_merging_threads()


def _made_group(entry: tuple) -> str:
    """The group whose file keeps a subject's entry of `made`: its record's ("" when it has none)."""
    return entry[1].group if entry[1] is not None else ""


def _read_made(directory: Path, code: str) -> tuple[dict, dict]:
    """The records the last update made, by subject (see extract_records), and the files they came from
    ({group: (file name, its entries)}, for `_write_made` to leave alone the groups that did not change);
    empty when there are none, one is missing or damaged, or this module's code changed since."""
    folder = Path(directory) / MADE_DIR
    try:
        with open(folder / MADE_INDEX, "rb") as f:
            stored_code, tables, names = pickle.load(f)
        if stored_code != code:
            return {}, {}
        made, files = {}, {}
        for group, name in names.items():
            with open(folder / name, "rb") as f:
                entries = pickle.load(f)
            made.update(entries)
            files[group] = (name, entries)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return {}, {}
    if tables is not None:
        made[_TABLES] = tables
    return made, files


def _write_made(directory: Path, code: str, made: dict, files: dict) -> None:
    """Keep `made` in `directory`: a file per group, written again only when one of its entries changed (the
    entries an update takes over are the very objects `_read_made` gave), then the list of the files with the
    linked tables, which says which files are the current ones: an update stopped half-way leaves the last list
    whole, reading the files it names. At ×10 the records were 14 MB written whole after every change."""
    folder = Path(directory) / MADE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, dict] = defaultdict(dict)
    for s, entry in made.items():
        if s != _TABLES:
            groups[_made_group(entry)][s] = entry
    names, token = {}, f"{os.getpid()}-{time.time_ns()}"
    for group, entries in groups.items():
        name, before = files.get(group, (None, None))
        if name is None or before.keys() != entries.keys() or any(before[s] is not e for s, e in entries.items()):
            name = f"{hashlib.sha256(group.encode()).hexdigest()[:16]}.{token}.pickle"
            with open(folder / name, "wb") as f:
                pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
        names[group] = name
    tmp = folder / f"{MADE_INDEX}.{os.getpid()}.tmp"
    with open(tmp, "wb") as f:
        pickle.dump((code, made.get(_TABLES), names), f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(folder / MADE_INDEX)
    kept = {*names.values(), MADE_INDEX}
    (Path(directory) / "records.pickle").unlink(missing_ok=True)    # the one file of earlier versions
    for old in folder.iterdir():
        if old.name not in kept:
            old.unlink(missing_ok=True)


def _old_names(store: ox.Store) -> list[list[str]]:
    """[old name, new name] of every rename the graph records (a query may use the old name)."""
    return sorted({(old, new) for old, new, _ in old_names(Graph(EmbeddedBackend(store, "构建中的图谱")))})


def _other_names(store: ox.Store) -> list[list[str]]:
    """[other name, Chinese name] of what the graph names twice: a resource's English labels
    (`digital twin` → 数字孪生), an abbreviation's expansion (`CIM` → 城市信息模型) and a class's
    English name (`maturity level` → 成熟度等级), so an English query or an abbreviation also
    finds the text that uses the Chinese name."""
    zh_names: dict[str, str] = {}
    others: dict[str, set[str]] = defaultdict(set)
    for p in (SKOS + "prefLabel", SKOS + "altLabel", CDT_IRI + "expansion", CDT_IRI + "abbreviation"):
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, ox.DefaultGraph()):
            s, o = q.subject, q.object
            if not isinstance(s, ox.NamedNode) or not s.value.startswith(CDTR_IRI) or not isinstance(o, ox.Literal):
                continue
            if o.language == "zh" and p in (SKOS + "prefLabel", CDT_IRI + "expansion"):
                zh_names.setdefault(s.value, clean(o.value))
            elif o.language == "en" or p == CDT_IRI + "abbreviation":
                others[s.value].add(clean(o.value))
    pairs = {(other, zh_names[s]) for s, names in others.items() if s in zh_names for other in names
             if other and other != zh_names[s] and not HAN_CHAR.search(other)}
    # the ontology's classes named in two or more English words (maturity level → 成熟度等级);
    # one word (Clause, Term) would read every query holding it as a kind
    class_names: dict[str, dict[str, str]] = defaultdict(dict)
    for q in store.quads_for_pattern(None, ox.NamedNode(RDFS + "label"), None, ox.DefaultGraph()):
        if q.subject.value.startswith(CDT_IRI) and isinstance(q.object, ox.Literal) and q.object.language:
            class_names[q.subject.value].setdefault(q.object.language, clean(q.object.value))
    pairs |= {(names["en"].lower(), names["zh"]) for names in class_names.values()
              if "en" in names and "zh" in names and len(names["en"].split()) >= 2}
    return sorted([list(p) for p in pairs])


def _kind_table(records: list[Record], classes: "_ClassInfo") -> list[dict]:
    """Every kind a filter can name — each record's class and its superclasses — with the names
    it is asked for by (Chinese, English, local name) and how many records it covers."""
    iris = {_prefixed(c): c for c in {*classes.supers, *classes.zh}}
    counts: dict[str, int] = defaultdict(int)
    own: dict[str, int] = defaultdict(int)
    for r in records:
        own[r.kind_key] += 1
        for k in r.kinds:
            counts[k] += 1
    table = []
    for key, n in counts.items():
        c = iris.get(key, key)
        table.append({"key": key, "zh": classes.zh.get(c, ""), "en": classes.en.get(c, ""),
                      "local": _local(c), "count": n,
                      "own": own[key]})
    return sorted(table, key=lambda k: (-k["own"], k["key"]))


def read_meta(directory: Path) -> dict:
    """The index's metadata (empty when there is none or it is unreadable)."""
    try:
        return json.loads((Path(directory) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_meta(directory: Path, meta: dict) -> None:
    tmp = Path(directory) / f"{META_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    tmp.replace(Path(directory) / META_FILE)




def index_dir(corpus: Path = DEFAULT_CORPUS) -> Path:
    """Where the search index of `corpus` lives."""
    return build_root(corpus) / "search"


def ensure_index(corpus: Path = DEFAULT_CORPUS) -> tuple[Path, IndexUpdate | None]:
    """Make the search index of the current build of `corpus` current (never builds the graph:
    raises BuildError when there is no build); returns the index folder and what was updated
    (None when the index was already current: no jieba, no graph load)."""
    directory = index_dir(corpus)
    fingerprint = _build_fingerprint(corpus)
    if _current(directory, fingerprint):
        return directory, None
    with directory_lock(directory):
        if _current(directory, fingerprint):   # another process did it while we waited
            return directory, None
        return directory, _update_from_build(corpus, directory, fingerprint)


def _update_from_build(corpus: Path, directory: Path, fingerprint: str) -> IndexUpdate:
    """update_index from the current build of `corpus`: from the persisted union, reading only the subjects
    changed since the index's last update, when the union is still the current build's and its changes
    since then are kept; else from the build's graph file, read whole."""
    built = _union_mark(corpus)
    folder = union_folder(corpus)
    with corpus_lock(corpus):      # no build changes the union while it is read
        changed = (changed_since(folder, read_meta(directory).get("union"), built)
                   if built and read_mark(folder) == built else None)
        try:
            store = ox.Store.read_only(str(folder / STORE_DIR)) if changed is not None else None
        except OSError:     # the union's folder is gone or damaged: the graph file is read instead
            store = None
        if store is not None:
            try:
                return update_index(store, directory, fingerprint, changed, built)
            finally:
                del store
    return update_index(load_store(corpus), directory, fingerprint, union=built)


def _union_mark(corpus: Path) -> dict | None:
    """Which state of the persisted union the current build of `corpus` is (None: not known)."""
    try:
        return json.loads((build_root(corpus) / "current" / UNION_MARK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _build_fingerprint(corpus: Path) -> str:
    """The fingerprint of the current build of `corpus`; raises BuildError when there is none."""
    summary = build_root(corpus) / "current" / SUMMARY_FILE
    try:
        return json.loads(summary.read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        raise BuildError(f"语料 {corpus} 还没有构建：请先运行 `cdtkg build`（--corpus {corpus}）。") from None


def _current(directory: Path, fingerprint: str) -> bool:
    meta = read_meta(directory)
    return (meta.get("graph") == fingerprint and meta.get("code") == _code_fingerprint()
            and (directory / "index").is_dir())


def require_index(directory: Path) -> dict:
    """The metadata of the index in `directory`; raises CdtkgError when there is no index."""
    meta = read_meta(directory)
    if not meta.get("code") or not (Path(directory) / "index").is_dir():
        raise CdtkgError(f"没有搜索索引：{directory}；先运行 `cdtkg build`。")
    return meta
