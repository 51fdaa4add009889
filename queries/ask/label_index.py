"""Every name the graph gives a thing, keyed for matching in a question.

Built once per Graph from the graph itself: labels, alternative and hidden
labels, English labels, titles, names, abbreviations and their expansions,
standard and plan numbers, class labels of the ontology, and names derived
from numbers (`三级`, `第3步`, `2027年`). Nothing here knows a seed document.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from loaders.document_names import document_name
from loaders.standard_numbers import base_number, is_placeholder
from loaders.vocab import CDT_IRI as CDT, DCT_IRI as DCT, FOAF_IRI as FOAF, PREFIXES as VOCAB_PREFIXES, SKOS_IRI as SKOS

from ..normalize import fold, to_simplified
from ..synonyms import old_names, read_synonyms
from .intents import INDEX_DIR, IntentTable, template
from loaders.han import HAN_CHAR

PREFIXES = {p: VOCAB_PREFIXES[p] for p in ("cdt", "skos", "foaf", "dcterms")}   # the prefixes names are shortened to

# rdf:type → kind of thing (a resource has every kind of its types).
KIND_OF_CLASS = {
    CDT + "Concept": "concept", CDT + "Abbreviation": "abbreviation",
    CDT + "Document": "document", CDT + "Standard": "document", CDT + "TechnicalDocument": "document",
    CDT + "PolicyDocument": "document", CDT + "Guideline": "document", CDT + "ExplanatoryNote": "document",
    CDT + "FrameworkNode": "framework_node", CDT + "Part": "framework_node",
    CDT + "PlannedStandard": "planned_standard", CDT + "RoadmapTarget": "roadmap_target",
    CDT + "RoadmapTopic": "roadmap_topic", CDT + "ModelElement": "model_element",
    CDT + "Layer": "model_element", CDT + "Component": "model_element", CDT + "SupportSystem": "model_element",
    CDT + "Perspective": "model_element", CDT + "Aggregate": "model_element",
    CDT + "CapabilityDomain": "capability_domain", CDT + "CapabilitySubdomain": "capability_subdomain",
    CDT + "CapabilityItem": "capability_item", CDT + "MaturityLevel": "level",
    CDT + "MethodPhase": "method_phase", CDT + "MethodStep": "method_step",
    CDT + "BTEDimension": "bte_dimension", CDT + "OperationModel": "operation_model",
    CDT + "Principle": "principle", CDT + "SystemPart": "system_part", CDT + "Activity": "activity",
    SKOS + "ConceptScheme": "scheme", FOAF + "Person": "person", FOAF + "Organization": "organization",
    CDT + "TechnicalCommittee": "committee",
}
# Label property → how sure a match on it is.
LABEL_SCORES = {
    SKOS + "prefLabel": 1.0, DCT + "title": 1.0, FOAF + "name": 1.0, CDT + "abbreviation": 1.0,
    SKOS + "altLabel": 0.95, DCT + "alternative": 0.95, CDT + "expansion": 0.95,
    SKOS + "hiddenLabel": 0.9, SKOS + "notation": 0.9,
}
CN_DIGITS = "零一二三四五六七八九十"
SCHEME_AS_DOCUMENT = 0.75
_ASCII_ONLY = re.compile(r"^[\x00-\x7f]+$")
# A notation worth matching: has a dot (`B.2.1`) or is a TC code; single letters are too ambiguous.
_NOTATION = re.compile(r"^[A-Z](?:\.\d+)+$|/")



def match_key(text: str) -> str:
    """The form both a label and a question take for matching: folded, simplified, lower case."""
    return to_simplified(fold(text)).lower()


def cn_number(n: int) -> str:
    """`3` → `三`, `10` → `十` (1–10, what ordinals in questions use)."""
    return CN_DIGITS[n] if 0 <= n <= 10 else str(n)


@dataclass(frozen=True)
class Candidate:
    """One thing a stretch of a question may name."""

    kind: str
    iri: str | None          # the resource (None for a literal value such as a city category)
    value: str | None        # a literal value or a prefixed class / modality name
    label: str               # how to show it
    score: float             # how sure the name is (1.0 a preferred label … 0.7 a partial name)
    docs: frozenset[str] = frozenset()   # documents it comes from
    classes: frozenset[str] = frozenset()  # its rdf:types


@dataclass
class LabelIndex:
    """Names → candidates, plus what answers need to show documents by name."""

    names: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    numbers: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    bases: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    clauses: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    doc_labels: dict[str, str] = field(default_factory=dict)
    doc_labels_en: dict[str, str] = field(default_factory=dict)
    doc_keys: dict[str, str] = field(default_factory=dict)   # a document's number, else its title: a word of the segmenter
    display: dict[str, str] = field(default_factory=dict)
    titles: list[tuple[str, str]] = field(default_factory=list)   # (ingested document, its Chinese title)
    parts: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # part of a name → names
    max_len: int = 0
    max_part: int = 0
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # alias → the names it stands for
    expansions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # abbreviation → its Chinese expansions

    @cached_property
    def serials(self) -> dict[str, list[Candidate]]:
        """The serial of each ingested document's number (JT/T 809-2011 → 809, T/CAMET 04011.7-2018 → 04011.7)
        → that document's candidates, one per document."""
        held = {d for d, _ in self.titles}
        found: dict[str, list[Candidate]] = {}
        for number, cands in self.numbers.items():
            serial = base_number(number).rsplit(" ", 1)[-1]
            if not re.fullmatch(r"\d{3,6}(?:\.\d{1,4})*", serial):
                continue
            for c in cands:
                if c.kind == "document" and c.iri in held and all(o.iri != c.iri for o in found.get(serial, [])):
                    found.setdefault(serial, []).append(c)
        return found

    def add(self, name: str, cand: Candidate) -> None:
        key = match_key(name)
        if len(key) < 2 and cand.kind not in ("modality", "class"):
            return
        bucket = self.names[key]
        for i, old in enumerate(bucket):
            if old.kind == cand.kind and old.iri == cand.iri and old.value == cand.value:
                if cand.score > old.score:
                    bucket[i] = cand
                return
        bucket.append(cand)
        self.max_len = max(self.max_len, len(key))

    def lookup(self, key: str) -> list[Candidate]:
        return self.names.get(key, [])

    def index_parts(self) -> None:
        """Record the parts of Chinese names a question may use for the whole: every
        stretch of at least half a name, and every start and end of it (2+ characters)."""
        self.parts.clear()
        for name in self.names:
            if not HAN_CHAR.search(name):
                continue
            n = len(name)
            for size in range(2, n):
                for i in range(0, n - size + 1):
                    if size * 2 >= n or i == 0 or i + size == n:
                        self.parts[name[i:i + size]].add(name)
        self.max_part = max((len(k) for k in self.parts), default=0)

    def containing(self, key: str) -> dict[str, list[tuple[str, Candidate]]]:
        """Names that `key` is a part of, by kind: {kind: [(name, candidate)]}."""
        found: dict[str, list[tuple[str, Candidate]]] = defaultdict(list)
        for name in self.parts.get(key, ()):
            for c in self.names[name]:
                if c.iri:
                    found[c.kind].append((name, c))
        return found

    def doc_label(self, iri: str | None, english: bool = False) -> str:
        """A document as users name it (loaders.document_names); in an English answer, its number (or plan
        number) and English title where the graph has one."""
        if not iri:
            return ""
        if english and iri in self.doc_labels_en:
            return self.doc_labels_en[iri]
        return self.doc_labels.get(iri) or self.display.get(iri, "")


def _rows(graph, name: str) -> list[dict]:
    """The rows of the name-index query `name` (queries/ask/index/) on `graph`."""
    return graph.run(template(name, INDEX_DIR)).records()


def _title_parts(title: str) -> list[str]:
    """The shorter names of a title: what follows its introductory element
    (`城市全域数字化转型 技术参考模型` → `技术参考模型`)."""
    parts = [p for p in re.split(r"\s+|—", title.strip()) if p]
    return [" ".join(parts[i:]) for i in range(1, len(parts))]


def build_index(graph, table: IntentTable) -> LabelIndex:
    """Return the LabelIndex of `graph`, with the words of `table`."""
    index = LabelIndex()
    kinds: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for row in _rows(graph, "types"):
        kind = KIND_OF_CLASS.get(row["type"])
        if kind:
            kinds[row["s"]].add(kind)
            types[row["s"]].add(row["type"])
    docs_of: dict[str, set[str]] = defaultdict(set)
    for row in _rows(graph, "where_from"):
        docs_of[row["s"]].add(row["doc"])
    for s in list(docs_of):
        if "document" in kinds.get(s, ()):
            docs_of[s].add(s)

    ingested: set[str] = set()
    for row in _rows(graph, "numbers"):
        s = row["s"]
        if row.get("ingested"):
            ingested.add(s)
    for row in _rows(graph, "doc_labels"):
        d = row["d"]
        title = row.get("title") or ""
        if d in ingested and title:
            index.titles.append((d, title))
        number = row.get("num") if row.get("num") and not is_placeholder(row["num"]) else ""
        plan = row.get("plan") if d in ingested and not number else ""
        index.doc_labels.setdefault(d, document_name(number, plan or "", title) or row.get("num") or d.rsplit("/", 1)[-1])
        index.doc_keys.setdefault(d, row.get("num") or title or d.rsplit("/", 1)[-1])
        if row.get("entitle"):   # in an English answer: the designation and the English title, as printed
            index.doc_labels_en.setdefault(d, " ".join(x for x in (number or plan, " ".join(row["entitle"].split())) if x))

    labels = _rows(graph, "labels")
    for row in labels:
        s, p, label = row["s"], row["p"], str(row["label"])
        if p == SKOS + "prefLabel" and (HAN_CHAR.search(label) or s not in index.display):
            if s not in index.display or not HAN_CHAR.search(index.display[s]):
                index.display[s] = label
    for row in labels:
        s, p, label = row["s"], row["p"], str(row["label"]).strip()
        if p == SKOS + "notation" and not _NOTATION.search(label):
            continue
        docs = frozenset(docs_of.get(s, ()))
        classes = frozenset(types.get(s, ()))
        shown = index.display.get(s) or index.doc_labels.get(s) or label
        for kind in kinds.get(s, ()):
            score = LABEL_SCORES[p]
            if p == FOAF + "name" and kind == "organization" and s not in index.display:
                index.display.setdefault(s, label)
            index.add(label, Candidate(kind, s, None, shown, score, docs, classes))
            if p in (DCT + "title", DCT + "alternative") and kind == "document":
                for part in _title_parts(label):
                    index.add(part, Candidate(kind, s, None, shown, 0.85 if s in ingested else 0.8, docs, classes))
            if kind in ("framework_node", "planned_standard") and not label.endswith("标准"):
                index.add(label + "标准", Candidate(kind, s, None, shown, score * 0.95, docs, classes))
            if kind == "scheme":
                # a model or system is also a way of naming the document that sets it out
                for d in docs:
                    index.add(label, Candidate("document", d, None, index.doc_labels.get(d, d), score * SCHEME_AS_DOCUMENT,
                                               frozenset({d})))
    for s, label in index.display.items():
        index.display.setdefault(s, label)
    for d, label in index.doc_labels.items():
        index.display.setdefault(d, label)

    for row in _rows(graph, "numbers"):
        s = row["s"]
        cand = Candidate("document", s, None, index.doc_label(s), 1.0, frozenset({s}))
        if row.get("num") and not is_placeholder(row["num"]):
            index.numbers[row["num"]].append(cand)
            index.bases[base_number(row["num"])].append(cand)
        elif row.get("base"):
            index.bases[row["base"]].append(cand)
        if row.get("plan"):
            index.numbers[row["plan"]].append(cand)

    for row in _rows(graph, "ordinals"):
        s, n, what = row["s"], int(row["n"]), row["kind"]
        docs = frozenset(docs_of.get(s, ()))
        shown = index.display.get(s, str(n))
        kind = {"level": "level", "step": "method_step", "phase": "method_phase", "year": "roadmap_target"}[what]
        names = {
            "level": [f"{n}级", f"第{n}级", f"第{cn_number(n)}级", f"{cn_number(n)}级", f"level {n}", f"l{n}",
                      f"{n}级成熟度", f"成熟度{n}级", f"等级{n}"],
            "step": [f"第{n}步", f"第{cn_number(n)}步", f"步骤{n}", f"step {n}"],
            "phase": [f"第{n}阶段", f"第{cn_number(n)}阶段", f"第{cn_number(n)}个阶段", f"phase {n}"],
            "year": [f"{n}年", f"{n}", f"{n}年底", f"{n}年末"],
        }[what]
        for name in names:
            index.add(name, Candidate(kind, s, None, shown, 0.95, docs))

    for row in _rows(graph, "categories"):
        cat = str(row["cat"])
        index.add(cat, Candidate("city_category", None, cat, cat, 1.0))
        if cat.endswith("类"):
            index.add(cat[:-1], Candidate("city_category", None, cat, cat, 0.9))

    only_document: dict[str, list[str]] = defaultdict(list)   # class → the ingested documents of it
    for d in ingested:
        for t in types.get(d, ()):
            only_document[t].append(d)
    for row in _rows(graph, "classes"):
        label = str(row["label"])
        value = _prefixed(row["c"])
        if value:
            index.add(label.replace(" ", ""), Candidate("class", None, value, label, 1.0))
        docs = only_document.get(row["c"], [])
        if len(docs) == 1 and HAN_CHAR.search(label):
            # the corpus's one guideline is what 建设指南 names
            index.add(label.replace(" ", ""), Candidate("document", docs[0], None, index.doc_label(docs[0]),
                                                        SCHEME_AS_DOCUMENT, frozenset(docs)))
    for word in table.words:
        index.add(word.word, Candidate(word.kind, None, word.value, word.word, 1.0))

    _add_synonyms(index, graph)
    for row in labels:
        if row["p"] == CDT + "expansion" and HAN_CHAR.search(str(row["label"])):
            index.expansions[row["s"]].append(match_key(str(row["label"])))
    _add_abbreviated(index)
    for row in _rows(graph, "clauses"):
        index.clauses[str(row["num"])].append(
            Candidate("clause", row["c"], str(row["num"]), str(row["num"]), 1.0, frozenset({row["doc"]})))
    return index


SYNONYM_SCORE = 0.9


def _add_synonyms(index: LabelIndex, graph) -> None:
    """Name things also by the curated synonyms of the corpus and by the old names the graph
    records for renamed things; a name the graph already gives something keeps its own meaning."""
    pairs = [(s.alias, s.canonical, None) for s in read_synonyms(graph.corpus)]
    pairs += old_names(graph)
    for alias, canonical, thing in pairs:
        key = match_key(alias)
        index.synonyms.setdefault(key, []).append(match_key(canonical))
        if key in index.names:
            continue
        for c in list(index.names.get(match_key(canonical), ())):
            if c.iri and (thing is None or c.iri == thing):
                index.add(alias, Candidate(c.kind, c.iri, c.value, c.label, c.score * SYNONYM_SCORE, c.docs, c.classes))


ABBREVIATED_SCORE = 0.9


def _add_abbreviated(index: LabelIndex) -> None:
    """Name by an abbreviation also what its Chinese expansion names (CTMM → the maturity model and its
    standard, UFCS → the standard whose title ends in 融合快速充电技术规范), a little less surely."""
    expansions = index.expansions
    for name, cands in list(index.names.items()):
        for c in list(cands):
            if c.kind != "abbreviation" or HAN_CHAR.search(name):
                continue
            for expansion in expansions.get(c.iri, ()):
                for other in list(index.names.get(expansion, ())):
                    if other.kind != "abbreviation" and other.iri:
                        index.add(name, Candidate(other.kind, other.iri, other.value, other.label,
                                                  other.score * ABBREVIATED_SCORE, other.docs, other.classes))


# the title of a part of a series (GB/T 1.1: the series' elements, then 第N部分：the part's own): the word
# that ends the series' title says what kind of document each part is (规范, 标准, 指南…)
_PART_TITLE = re.compile(r"^.*?(?P<kind>规范|标准|规程|要求|指南|导则|规定|技术条件)\s*第\s*[0-9一二三四五六七八九十]+\s*部分\s*[:：]\s*"
                         r"(?P<part>[^:：]+?)\s*$")


def add_title_aliases(index: LabelIndex, words_of) -> None:
    """Name each ingested document also by the ends of its title that start at a word
    (城市数字化转型顶层设计指南 → 顶层设计指南, 设计指南), as people shorten titles."""
    for doc, title in index.titles:
        key = match_key(title)
        boundaries, pos = set(), 0
        for word in words_of(key):
            at = key.find(word, pos)
            if at == pos:
                pos += len(word)
                boundaries.add(pos)
            while pos < len(key) and not key[pos].isalnum():
                pos += 1
                boundaries.add(pos)
        for b in sorted(boundaries):
            suffix = key[b:].strip()
            if len(suffix) >= 4 and suffix != key:
                index.add(suffix, Candidate("document", doc, None, index.doc_label(doc), 0.85, frozenset({doc})))
        part = _PART_TITLE.match(key)
        if part and len(part.group("part")) >= 2:
            # 互联互通接口规范 第1部分：应答器报文 → 应答器报文规范: a part named as the series names its kind
            alias = part.group("part").strip() + part.group("kind")
            index.add(alias, Candidate("document", doc, None, index.doc_label(doc), 0.85, frozenset({doc})))
    _add_abbreviated(index)   # an abbreviation of a title's end names the document too
    index.index_parts()


def _prefixed(iri: str) -> str | None:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def expand(prefixed: str) -> str:
    """`cdt:Shall` → its full IRI."""
    prefix, _, local = prefixed.partition(":")
    return PREFIXES[prefix] + local
