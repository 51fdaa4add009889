"""Coverage: which standard or technical document addresses which framework node and roadmap topic.

`load_coverage(graph, corpus)` reads the union of all documents and maps every
cdt:Standard and cdt:TechnicalDocument, and every project of the imported plan
list (loaders/plan_projects.py), to the framework nodes and roadmap topics it
addresses (cdt:addresses), each backed by a cdt:CoverageMapping:

- curated rows of corpus/coverage_curated.csv (relationship and rationale as
  written there; score 1);
- derived ones, from the title alone (Scorer.score), the best of:
  * its content words (label_similarity.content_words) against the target's
    label, weighted by how rare each word is among the framework's nodes
    (inverse document frequency: 成熟度, 孪生 say more than 数据, 管理);
  * the same against each standard the node plans, read with the node's label
    (数字孪生 planned under E.5.2 新技术应用安全 is digital-twin security);
  * its core phrases (感知体系, 评价指标) found verbatim in the node's scope
    notes, each counting less the more nodes use it, times SCOPE_WEIGHT.
  A target that names the field (城市全域数字化转型成熟度模型) scores half
  for a document of another field. A mapping is derived when the score
  reaches THRESHOLD, the best F1 on the curated pairs (tests/test_coverage.py
  prints precision and recall). The relationship is cdt:Subset when every
  word of the matched name is in the title, else cdt:Intersects.

A planned standard is cdt:fulfilledBy an existing document when a curated row
says so (relationship `fulfils`) or when the title, without this framework's
field (城市全域数字化转型 …), is the planned standard's name.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from . import ids
from .curated_table import curated_rows
from .label_similarity import content_words, core_phrases, label_key, weighted_dice
from .mapping_basis import add_basis
from .problems import LoadResult
from .sparql_header import loader_query
from .standard_numbers import NUMBER_RE, PLAN_RE, is_placeholder, normalize
from .vocab import CDT

CURATED_FILE = "coverage_curated.csv"
CURATED_COLUMNS = ("standard", "standard_title", "target_kind", "target", "target_label", "relationship", "rationale")
THRESHOLD = 0.6
# The field this framework is about, as titles name it.
FIELD_PHRASES = ("城市全域数字化转型", "城市数字化转型")
# A target that names the field (城市全域数字化转型成熟度模型) is addressed only
# by a document of the field; a document of another field scores this share.
OTHER_FIELD = 0.5
# Scope notes describe a node at length: a title's words found there are weaker
# evidence than the node's own name or one of its planned standards.
SCOPE_WEIGHT = 0.7
RELATIONSHIPS = {"Equivalent": CDT.Equivalent, "Subset": CDT.Subset, "Superset": CDT.Superset,
                 "Intersects": CDT.Intersects}
# A curated row with this relationship rejects a derived mapping a curator found wrong.
REJECTED = "none"



@dataclass(frozen=True)
class Doc:
    iri: URIRef
    title: str
    number: str
    plan: str

    def describe(self) -> str:
        """The number (or plan number) and title as a drafter cites them."""
        ref = self.number or self.plan
        title = f"《{self.title}》" if self.title else ""
        return " ".join(x for x in (ref, title) if x) or str(self.iri)


@dataclass
class Target:
    iri: URIRef
    kind: str                      # "node" | "topic"
    key: str                       # notation, or the target year of a topic
    label: str
    broader: URIRef | None = None
    notes: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"框架节点 {self.key} {self.label}" if self.kind == "node" else f"{self.key} 年重点主题“{self.label}”"


@dataclass(frozen=True)
class Mapping:
    doc: Doc
    target: Target
    relationship: URIRef | None    # None: a curated rejection
    method: str                    # "curated" | "derived"
    score: float
    rationale: str
    line: int | None = None


@dataclass(frozen=True)
class Fulfilment:
    planned: URIRef
    planned_label: str
    doc: Doc
    method: str
    score: float
    rationale: str
    line: int | None = None


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def read_documents(graph: Graph) -> list[Doc]:
    """Every Standard and TechnicalDocument of `graph` (title "" when the graph has none), in IRI order."""
    return [Doc(r["s"], str(r["title"] or ""), str(r["number"] or ""), str(r["plan"] or ""))
            for r in graph.query(loader_query("coverage_documents"))]


def read_projects(graph: Graph, corpus: Path, docs: list[Doc]) -> list[Doc]:
    """The projects of the imported plan list (loaders/plan_projects.py) as documents: each project the graph
    does not hold, and each it holds under another title (the list's name is scored too)."""
    from .plan_projects import project_documents

    titles = {(d.iri, _squeeze(d.title)) for d in docs}
    return [Doc(iri, name, number, plan) for iri, name, number, plan in project_documents(graph, corpus)
            if (iri, _squeeze(name)) not in titles]


def read_targets(graph: Graph) -> list[Target]:
    """Every framework node (with its scope notes and planned standards) and roadmap topic of `graph`."""
    nodes: dict[URIRef, Target] = {}
    for r in graph.query(loader_query("coverage_nodes")):
        nodes.setdefault(r["s"], Target(r["s"], "node", str(r["notation"]), str(r["label"]), r["broader"]))
    for r in graph.query(loader_query("coverage_node_texts")):
        node = nodes.get(r["s"])
        if node is not None:
            (node.notes if str(r["kind"]) == "note" else node.planned).append(str(r["text"]))
    for node in nodes.values():
        node.notes.sort()
        node.planned.sort()
    topics = [Target(r["s"], "topic", str(r["year"]), str(r["label"])) for r in graph.query(loader_query("coverage_topics"))]
    return sorted(nodes.values(), key=lambda n: n.key) + topics


class Scorer:
    """Scores how well a title addresses a target, with words weighted by their rarity among the nodes."""

    def __init__(self, targets: list[Target]):
        self.targets = targets
        nodes = [t for t in targets if t.kind == "node"]
        df: dict[str, int] = {}
        for t in nodes:
            for w in self.evidence(t):
                df[w] = df.get(w, 0) + 1
        n = len(nodes)
        self._idf = {w: math.log((n + 1) / (c + 1)) + 1 for w, c in df.items()}
        self._unseen = math.log(n + 1) + 1
        self._notes = {t.iri: _squeeze(" ".join(t.notes)) for t in nodes}
        self._specificity: dict[str, float] = {}
        # Each target's names as word sets with their weights, worked out once: a plan list scores
        # 10,000 titles against them.
        self._names: dict[URIRef, tuple] = {}
        self._titles: dict[str, tuple] = {}

    def specificity(self, phrase: str) -> float:
        """1 for a phrase one node's scope notes use, falling towards 0 the more nodes use it."""
        if phrase not in self._specificity:
            k = sum(1 for text in self._notes.values() if phrase in text)
            n = max(len(self._notes), 2)
            self._specificity[phrase] = 1 - math.log(max(k, 1)) / math.log(n)
        return self._specificity[phrase]

    def notes(self, t: Target) -> str:
        """The scope notes of a node as one squeezed text ("" for a topic)."""
        return self._notes.get(t.iri, "")

    def weight(self, word: str) -> float:
        return self._idf.get(word, self._unseen)

    @staticmethod
    def evidence(t: Target) -> frozenset[str]:
        """Every content word of a target: label, scope notes and planned standards."""
        return content_words(" ".join([t.label, *t.notes, *t.planned]))

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> float:
        return weighted_dice(a, b, self.weight)

    def _dice(self, a: frozenset[str], size_a: float, b: frozenset[str], size_b: float) -> float:
        """`similarity(a, b)` with the weights of `a` and `b` summed beforehand."""
        shared = a & b
        return 2 * sum(map(self.weight, shared)) / (size_a + size_b) if shared else 0.0

    def _target_names(self, t: Target) -> tuple:
        """The words of `t`'s label and of each standard it plans read with the label, each with its weight."""
        if t.iri not in self._names:
            label = content_words(t.label)
            # A planned standard is read under its node: 数字孪生 under E.5.2 is digital-twin security.
            planned = [(p, pw) for p in t.planned for pw in (content_words(p) | label,)]
            self._names[t.iri] = ((label, sum(map(self.weight, label))),
                                  [(p, pw, sum(map(self.weight, pw))) for p, pw in planned])
        return self._names[t.iri]

    def _title(self, title: str) -> tuple:
        """The words of `title` with their summed weight, its core phrases, and whether it names the field:
        a title is scored against every target sharing a word with it."""
        if title not in self._titles:
            words = content_words(title)
            self._titles[title] = (words, sum(map(self.weight, words)), core_phrases(title), _in_field(title))
        return self._titles[title]

    def score(self, title: str, t: Target) -> tuple[float, str, bool]:
        """(score, the evidence in Chinese, whether the target's own words are all in the title)."""
        words, size, phrases, title_in_field = self._title(title)
        if not words:
            return 0.0, "", False
        (label, label_size), planned = self._target_names(t)
        best = (self._dice(words, size, label, label_size), f"与{t.describe()}的名称相近", bool(label) and label <= words)
        for p, pw, pw_size in planned:
            s = self._dice(words, size, pw, pw_size)
            if s > best[0]:
                best = (s, f"与{t.describe()}计划制定的“{p}”相近", bool(pw) and pw <= words)
        if t.notes and phrases:
            notes = self._notes.get(t.iri, "")
            found = [ph for ph in phrases if ph in notes]
            s = SCOPE_WEIGHT * sum(len(ph) * self.specificity(ph) for ph in found) / sum(map(len, phrases))
            if s > best[0]:
                best = (s, f"标题中的“{'”“'.join(found)}”见于{t.describe()}的范围说明", False)
        if _in_field(t.label) and not title_in_field:
            best = (best[0] * OTHER_FIELD, best[1] + "，但节点或主题限定了城市全域数字化转型而标准不是", best[2])
        return round(best[0], 2), best[1], best[2]


@lru_cache(maxsize=4096)
def _in_field(text: str) -> bool:
    squeezed = _squeeze(text)
    return any(phrase in squeezed for phrase in FIELD_PHRASES)


def candidate_scores(docs: list[Doc], scorer: Scorer) -> dict[tuple[URIRef, URIRef], tuple[float, str, bool]]:
    """The score of every (document, target) pair with a non-zero score."""
    by_title: dict[str, list[tuple[URIRef, tuple[float, str, bool]]]] = {}
    # Only targets sharing a word with the title (label or a planned standard) or holding one of its phrases
    # in their scope notes can score: the others are skipped unscored (10,000 projects × every node).
    by_word: dict[str, set[int]] = {}
    for i, t in enumerate(scorer.targets):
        for w in content_words(" ".join([t.label, *t.planned])):
            by_word.setdefault(w, set()).add(i)
    notes = [scorer.notes(t) for t in scorer.targets]
    by_phrase: dict[str, set[int]] = {}     # titles of a plan list share most of their phrases

    def noting(phrase: str) -> set[int]:
        if phrase not in by_phrase:
            by_phrase[phrase] = {i for i, text in enumerate(notes) if text and phrase in text}
        return by_phrase[phrase]

    out = {}
    for d in docs:
        if not d.title:
            continue
        if d.title not in by_title:     # a score reads the title alone: editions and citations share it
            candidates = set().union(*(by_word.get(w, ()) for w in content_words(d.title)))
            candidates = candidates.union(*(noting(ph) for ph in core_phrases(d.title)))
            by_title[d.title] = [(t.iri, s) for t in (scorer.targets[i] for i in sorted(candidates))
                                 if (s := scorer.score(d.title, t))[0] > 0]
        for target, s in by_title[d.title]:
            if s[0] > out.get((d.iri, target), (0.0,))[0]:   # a document under two titles: the better one
                out[(d.iri, target)] = s
    return out


def select(scores: dict, threshold: float) -> set[tuple[URIRef, URIRef]]:
    """The (document, target) pairs scoring at least `threshold`."""
    return {pair for pair, s in scores.items() if s[0] >= threshold}


def precision_recall(selected: set, curated: set, docs: set) -> tuple[float, float]:
    """Precision and recall of `selected` against `curated`, counting only pairs of the documents in `docs`."""
    chosen = {p for p in selected if p[0] in docs}
    hits = len(chosen & curated)
    return (hits / len(chosen) if chosen else 1.0), (hits / len(curated) if curated else 1.0)


def derive(docs: list[Doc], targets: list[Target], threshold: float = THRESHOLD) -> list[Mapping]:
    """The derived mappings of every titled document, in document then target order."""
    scorer = Scorer(targets)
    scores = candidate_scores(docs, scorer)
    by_iri = {t.iri: t for t in targets}
    docs_by_iri = {d.iri: d for d in docs}
    out = []
    for doc_iri, target_iri in sorted(select(scores, threshold)):
        score, why, whole = scores[(doc_iri, target_iri)]
        doc, target = docs_by_iri[doc_iri], by_iri[target_iri]
        rel = CDT.Subset if whole else CDT.Intersects
        out.append(Mapping(doc, target, rel, "derived", score,
                           f"{doc.describe()} 的标题{why}（得分 {score}，阈值 {threshold}）。"))
    return out


def fulfilling_key(title: str) -> str:
    """The `label_key` of a title without the field it is in (城市全域数字化转型 …).

    Only this framework's own field is dropped: a 智慧城市 standard is an
    older, different series and does not fulfil a planned standard by its name.
    """
    text = unicodedata.normalize("NFKC", title or "")
    for phrase in FIELD_PHRASES:
        text = text.replace(phrase, "")
    return label_key(text)


def derive_fulfilments(docs: list[Doc], graph: Graph) -> list[Fulfilment]:
    """Planned standards an existing document fulfils by name: its title, without the field, is the planned name."""
    titles: dict[str, list[Doc]] = {}
    for d in docs:
        if d.title:
            titles.setdefault(fulfilling_key(d.title), []).append(d)
    out = []
    for r in graph.query(loader_query("coverage_planned")):
        for d in titles.get(label_key(str(r["label"])), []):
            out.append(Fulfilment(r["p"], str(r["label"]), d, "derived", 1.0,
                                  f"{d.describe()} 的标题去掉领域名后就是框架节点 {r['notation']} 计划制定的“{r['label']}”。"))
    return out


class _Curated:
    """Reads corpus/coverage_curated.csv against the graph, reporting rows it cannot resolve."""

    def __init__(self, graph: Graph, docs: list[Doc], targets: list[Target], result: LoadResult):
        self.graph, self.docs, self.targets, self.result = graph, docs, targets, result
        self.planned = [(r["p"], str(r["label"]), str(r["notation"])) for r in graph.query(loader_query("coverage_planned"))]
        # indexed once: a plan list brings thousands of documents, and every curated row looks one up
        self.by_plan: dict[str, list[Doc]] = {}
        self.by_number: dict[str, list[Doc]] = {}
        self.by_title: dict[str, list[Doc]] = {}
        for d in docs:
            self.by_plan.setdefault(d.plan, []).append(d)
            self.by_number.setdefault(d.number, []).append(d)
            self.by_title.setdefault(_squeeze(d.title), []).append(d)

    def doc(self, number: str, title: str, line: int) -> Doc | None:
        found = []
        if PLAN_RE.fullmatch(number):
            found = self.by_plan.get(number, [])
        elif NUMBER_RE.search(number) and not is_placeholder(normalize(number)):
            found = self.by_number.get(normalize(number), [])
        if not found and title:
            found = self.by_title.get(_squeeze(title), [])
        found = list({d.iri: d for d in found}.values())   # one document, under its title and its project's name
        if len(found) != 1:
            what = "找不到" if not found else f"对应 {len(found)} 份文件"
            self.result.warn(CURATED_FILE, line, f"{what}标准 {number} 《{title}》；该行未读取。")
            return None
        return found[0]

    def target(self, kind: str, key: str, label: str, line: int):
        if kind == "planned":
            found = [(p, lab) for p, lab, notation in self.planned if notation == key and lab == label]
        elif kind in ("node", "topic"):
            found = [t for t in self.targets if t.kind == kind and t.key == key and t.label == label]
        else:
            self.result.warn(CURATED_FILE, line, f"未知的目标类别 “{kind}”：应为 node、topic 或 planned；该行未读取。")
            return None
        if len(found) != 1:
            what = "找不到" if not found else f"对应 {len(found)} 个"
            self.result.warn(CURATED_FILE, line, f"{what}{kind} {key} “{label}”（框架改了编号或名称？）；该行未读取。")
            return None
        return found[0]

    def read(self, path: Path) -> tuple[list[Mapping], list[Fulfilment]]:
        mappings, fulfilments = [], []
        for line, row in curated_rows(path, CURATED_COLUMNS, self.result,
                                      when_missing="没有人工整理的覆盖映射表，只使用自动推导的映射。"):
            if not row["rationale"]:
                self.result.warn(path.name, line, "人工映射没有写理由（rationale）。")
            rel = row["relationship"]
            if rel not in RELATIONSHIPS and rel != REJECTED and not (rel == "fulfils" and row["target_kind"] == "planned"):
                self.result.warn(path.name, line, f"未知的覆盖关系 “{rel}”：应为 {'、'.join(RELATIONSHIPS)}、"
                                                  f"{REJECTED}（否决自动推导的映射），或计划标准（planned）行的 fulfils；该行未读取。")
                continue
            doc = self.doc(row["standard"], row["standard_title"], line)
            target = self.target(row["target_kind"], row["target"], row["target_label"], line)
            if doc is None or target is None:
                continue
            if row["target_kind"] == "planned":
                fulfilments.append(Fulfilment(target[0], target[1], doc, "curated", 1.0, row["rationale"], line))
            else:  # a rejection keeps relationship None: it only stops the derived mapping
                mappings.append(Mapping(doc, target, RELATIONSHIPS.get(rel), "curated", 1.0, row["rationale"], line))
        return mappings, fulfilments


def read_curated(path: Path, graph: Graph, docs: list[Doc], targets: list[Target],
                 result: LoadResult) -> tuple[list[Mapping], list[Fulfilment]]:
    """The curated mappings and fulfilments of `path`; rows that do not resolve are warnings."""
    return _Curated(graph, docs, targets, result).read(path)


def add_mapping(g: Graph, m: Mapping) -> URIRef:
    """Add `doc cdt:addresses target` and its cdt:CoverageMapping; returns the mapping."""
    node = ids.coverage_mapping_iri(m.doc.iri, m.target.iri)
    g.add((m.doc.iri, CDT.addresses, m.target.iri))
    g.add((node, RDF.type, CDT.CoverageMapping))
    g.add((node, CDT.mappedStandard, m.doc.iri))
    g.add((node, CDT.mappedTo, m.target.iri))
    g.add((node, CDT.relationship, m.relationship))
    add_basis(g, node, m.method, m.score, m.rationale, CURATED_FILE, m.line)
    return node


def load_coverage(graph: Graph, corpus: Path) -> LoadResult:
    """Curated and derived coverage mappings and fulfilled planned standards of the union `graph`."""
    result = LoadResult()
    docs, targets = read_documents(graph), read_targets(graph)
    docs += read_projects(graph, corpus, docs)
    if not targets:
        result.warn(CURATED_FILE, None, "图中没有标准体系框架节点或重点主题（标准体系建设指南未读入？）：未做覆盖映射。")
        return result
    curated, curated_fulfilments = read_curated(Path(corpus) / CURATED_FILE, graph, docs, targets, result)
    done = set()
    for m in curated:
        if m.relationship is not None:
            add_mapping(result.graph, m)
        done.add((m.doc.iri, m.target.iri))
    for m in derive(docs, targets):
        if (m.doc.iri, m.target.iri) not in done:
            add_mapping(result.graph, m)
    for f in curated_fulfilments + derive_fulfilments(docs, graph):
        result.graph.add((f.planned, CDT.fulfilledBy, f.doc.iri))
    untitled = [d.describe() for d in docs if not d.title]
    if untitled:
        result.info(CURATED_FILE, None, f"{len(untitled)} 份标准在图中没有标题，无法自动映射，"
                                        f"可在本表中人工映射：{'、'.join(untitled)}。")
    return result
