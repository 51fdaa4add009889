"""Alignment across documents: one notion named by the framework, CTMM, the reference model and 004.

`load_alignment(graph, corpus)` reads the union of all documents and links the
same or a close notion in two different documents with skos:exactMatch or
skos:closeMatch (asserted both ways, since the graph is queried without a
reasoner), each backed by a cdt:AlignmentMapping that says how it was found:

- derived, from the labels (loaders/label_similarity.py):
  * equal `label_key` (感知设施 = 感知基础设施标准, 安全保障 = 安全与保障) →
    exactMatch, score 1;
  * equal once a generic head noun is dropped (安全保障体系 ~ 安全保障, 设施层 ~
    基础设施) → closeMatch, score 0.9;
  * the words of one label all inside the other's (人工智能 ~ 人工智能能力,
    数据治理 ~ 数据治理与管理) with a length-weighted word overlap of at least
    CLOSE_THRESHOLD → closeMatch, score = that overlap. Such a match is kept
    only when each side is the other's best in its document, so 城市数字更新
    matches C.1 城市数字更新 and not also its child C.1.2 数字更新场景.
- curated, from corpus/alignment_curated.csv: what labels cannot show (004's
  01 总体 ~ part A; the model's 应用层 ~ part C), one row per match with its
  rationale. A curated row wins over a derived match of the same pair; the
  match `none` rejects a derived one.

Only notions of different documents are aligned.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from . import ids
from .curated_table import curated_rows
from .label_similarity import head_key, key_words, label_key, weighted_dice
from .locations import build_root
from .mapping_basis import add_basis
from .problems import LoadResult
from .sparql_header import loader_query
from .vocab import CDT

CURATED_FILE = "alignment_curated.csv"
CLOSE_THRESHOLD = 0.6
# The kinds of notion aligned, most specific first: a node typed both
# cdt:Component and cdt:ModelElement is described by the first that applies.
KINDS = {
    CDT.CapabilityDomain: "能力域",
    CDT.CapabilitySubdomain: "能力子域",
    CDT.CapabilityItem: "能力项",
    CDT.Aggregate: "模型要素",
    CDT.Layer: "模型层",
    CDT.SupportSystem: "支撑体系",
    CDT.Component: "模型组件",
    CDT.Perspective: "模型视角",
    CDT.ModelElement: "模型要素",
    CDT.SystemPart: "标准体系部分",
    CDT.FrameworkNode: "框架节点",
}
# Which side of a match is its subject: the more specific model first, the framework last.
_SIDE = {CDT.CapabilityDomain: 0, CDT.CapabilitySubdomain: 0, CDT.CapabilityItem: 0,
         CDT.ModelElement: 1, CDT.SystemPart: 2, CDT.FrameworkNode: 3}
MATCHES = {
    "exactMatch": SKOS.exactMatch, "closeMatch": SKOS.closeMatch, "broadMatch": SKOS.broadMatch,
    "narrowMatch": SKOS.narrowMatch, "relatedMatch": SKOS.relatedMatch,
}
_INVERSE = {SKOS.broadMatch: SKOS.narrowMatch, SKOS.narrowMatch: SKOS.broadMatch}
CURATED_COLUMNS = ("subject_class", "subject_key", "subject_label", "match",
                   "object_class", "object_key", "object_label", "rationale")



@dataclass(frozen=True)
class Notion:
    iri: URIRef
    kind: URIRef          # the most specific class of KINDS it has
    label: str
    document: URIRef
    key: str              # notation (framework, 004 parts) or clause number (CTMM), else ""
    locator: str

    @property
    def side(self) -> int:
        return next(v for k, v in _SIDE.items() if k == self.kind or _is_a(self.kind, k))

    def describe(self) -> str:
        """A short Chinese description: kind, key or locator, label (`框架节点 B.1.1 感知基础设施`)."""
        where = self.key or self.locator
        return f"{KINDS[self.kind]} {where} {self.label}".replace("  ", " ")


def _is_a(kind: URIRef, general: URIRef) -> bool:
    return general == CDT.ModelElement and kind in (CDT.Aggregate, CDT.Layer, CDT.SupportSystem,
                                                    CDT.Component, CDT.Perspective)


@dataclass(frozen=True)
class Match:
    subject: Notion
    property: URIRef
    object: Notion
    method: str           # "derived" | "curated"
    score: float
    rationale: str
    line: int | None = None


def read_notions(graph: Graph) -> list[Notion]:
    """Every notion of KINDS in `graph` with a Chinese label and a source document, in IRI order."""
    rank = {k: i for i, k in enumerate(KINDS)}
    best: dict[URIRef, tuple] = {}
    for s, cls, label, doc, key, locator in _notion_rows(graph):
        current = best.get(s)
        if current is None or rank[cls] < rank[current[0]]:
            best[s] = (cls, label, doc, key, locator)
    return [Notion(s, *v) for s, v in sorted(best.items())]


def _notion_rows(graph: Graph):
    """The rows of loaders/sparql/alignment_notions.rq as (s, class, label, doc, key, locator), run with ?class
    bound to each kind of KINDS. On the build's union (an rdflib view of a pyoxigraph store) the store is asked
    directly: rdflib's reading of each solution cost three times the query (×10: 0.32 → 0.10 s), and the union
    grows with the corpus."""
    query = loader_query("alignment_notions")
    store = getattr(graph.store, "_inner", None)
    for kind in KINDS:
        if not isinstance(store, ox.Store):
            for row in graph.query(query, initBindings={"class": kind}):
                yield (row["s"], kind, str(row["label"]), row["doc"], str(row["key"]), str(row["locator"] or ""))
            continue
        for row in store.query(query, substitutions={ox.Variable("class"): ox.NamedNode(str(kind))}):
            locator = row["locator"]
            yield (URIRef(row["s"].value), kind, row["label"].value, URIRef(row["doc"].value),
                   row["key"].value, locator.value if locator is not None else "")


def _ordered(a: Notion, b: Notion) -> tuple[Notion, Notion]:
    return (a, b) if (a.side, str(a.iri)) <= (b.side, str(b.iri)) else (b, a)


@lru_cache(maxsize=None)
def compare(a: str, b: str) -> tuple[URIRef, float, str] | None:
    """How two labels match: (skos property, score, the rule in Chinese), or None below CLOSE_THRESHOLD."""
    ka, kb = label_key(a), label_key(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return SKOS.exactMatch, 1.0, f"规范化后名称相同（“{ka}”）"
    ha, hb = head_key(ka), head_key(kb)
    if ha == hb:
        return SKOS.closeMatch, 0.9, f"去掉“体系”“层”等中心词后名称相同（“{ha}”）"
    wa, wb = key_words(ha), key_words(hb)
    short, long_ = sorted((wa, wb), key=lambda w: sum(map(len, w)))
    if sum(map(len, short)) < 4 or not short <= long_:
        return None
    score = round(weighted_dice(wa, wb), 2)
    if score < CLOSE_THRESHOLD:
        return None
    return SKOS.closeMatch, score, f"一方名称的词（{'、'.join(sorted(short))}）全部包含在另一方名称中，词重合度 {score}"


def _label_pairs(labels: dict[int, set[str]], match: Callable[[str, str], tuple | None] = None
                 ) -> dict[tuple[int, str, int], list[tuple[str, tuple]]]:
    """For each (side, label, other side): the other side's labels it is matched with, and how.

    Worked out once per distinct label, so many documents sharing labels (editions,
    copies) cost no more than one. Exact matches are all kept; close matches are
    taken best first, and one is kept only while neither label already has a
    better match on the other's side (ties are kept).
    """
    match = match or compare
    candidates = []
    for sa, la_set in labels.items():
        for sb, lb_set in labels.items():
            if sa < sb:
                candidates += [(sa, la, sb, lb, hit) for la in sorted(la_set) for lb in sorted(lb_set)
                               if (hit := match(la, lb))]
    candidates.sort(key=lambda c: -c[4][1])
    taken: dict[tuple[int, str, int], float] = {}
    kept: dict[tuple[int, str, int], list[tuple[str, tuple]]] = {}
    for sa, la, sb, lb, hit in candidates:
        score = hit[1]
        if hit[0] != SKOS.exactMatch and any(taken.get(k, score) > score for k in ((sa, la, sb), (sb, lb, sa))):
            continue
        taken.setdefault((sa, la, sb), score)
        taken.setdefault((sb, lb, sa), score)
        kept.setdefault((sa, la, sb), []).append((lb, hit))
        kept.setdefault((sb, lb, sa), []).append((la, hit))
    return kept


PAIRS_FILE = "alignment-label-pairs.json"
_SIMILARITY_CODE = ("alignment.py", "label_similarity.py", "han.py")


def _similarity_fingerprint() -> str:
    """A hash of the code that says how two labels match (`compare` and what it calls)."""
    h = hashlib.sha256()
    for name in _SIMILARITY_CODE:
        h.update((Path(__file__).resolve().parent / name).read_bytes())
    return h.hexdigest()[:16]


class LabelPairs:
    """`compare` with its answers kept between builds in `path`: the notions' labels hardly change when a
    document is added (copies and editions repeat them), so a build compares only the pairs of labels it
    has not seen — no pair at all when the new document brings no new label. The file holds the pairs
    the last build asked about, under the fingerprint of the matching code (other code: compared afresh);
    an unreadable file is compared afresh too."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.fingerprint = _similarity_fingerprint()
        self.known: dict[tuple[str, str], tuple | None] = {}
        self.asked: dict[tuple[str, str], tuple | None] = {}
        try:
            held = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(held, dict) and held.get("code") == self.fingerprint:
            self.known = {(a, b): (URIRef(hit[0]), hit[1], hit[2]) if hit else None
                          for a, b, hit in held.get("pairs", [])}

    def compare(self, a: str, b: str) -> tuple | None:
        pair = (a, b)
        if pair not in self.asked:
            self.asked[pair] = self.known[pair] if pair in self.known else compare(a, b)
        return self.asked[pair]

    def save(self) -> None:
        """Keep the pairs this build asked about (nothing when every one was known already)."""
        if self.asked.keys() == self.known.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        pairs = [[a, b, [str(hit[0]), hit[1], hit[2]] if hit else None] for (a, b), hit in self.asked.items()]
        tmp.write_text(json.dumps({"code": self.fingerprint, "pairs": pairs}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.path)


def derive(notions: list[Notion], match: Callable[[str, str], tuple | None] = None) -> list[Match]:
    """The derived matches between notions of different kinds of model, in subject order.

    A notion is matched with the notions of each other kind (maturity model,
    reference model, 004's system, framework) whose labels match its own best;
    when several documents hold such notions, those of the first document (by
    IRI) are taken, so the matches grow with the corpus, not with its square.
    """
    labels: dict[int, set[str]] = {}
    by_label: dict[tuple[int, str], list[Notion]] = {}
    for n in notions:
        labels.setdefault(n.side, set()).add(n.label)
        by_label.setdefault((n.side, n.label), []).append(n)
    kept = _label_pairs(labels, match)
    pairs: dict[tuple[URIRef, URIRef], Match] = {}
    for a in notions:
        for sb in labels:
            if sb == a.side:
                continue
            counterparts = [(b, hit) for lb, hit in kept.get((a.side, a.label, sb), ())
                            for b in by_label[(sb, lb)] if b.document != a.document]
            if not counterparts:
                continue
            first = min(str(b.document) for b, _ in counterparts)
            for b, (prop, score, why) in counterparts:
                if str(b.document) != first:
                    continue
                s, o = _ordered(a, b)
                if (s.iri, o.iri) not in pairs:
                    pairs[(s.iri, o.iri)] = Match(s, prop, o, "derived", score,
                                                  f"{s.describe()} ↔ {o.describe()}：{why}。")
    return sorted(pairs.values(), key=lambda m: (str(m.subject.iri), str(m.object.iri)))


def _resolve(notions: list[Notion], cls: str, key: str, label: str) -> list[Notion]:
    kind = getattr(CDT, cls, None) if cls in {k.split("#")[-1] for k in map(str, KINDS)} else None
    if kind is None:
        return []
    return [n for n in notions if (n.kind == kind or _is_a(n.kind, kind))
            and n.label == label and (not key or n.key == key)]


def read_curated(path: Path, notions: list[Notion], result: LoadResult) -> tuple[list[Match], set]:
    """The curated matches of `path` and the pairs it rejects (match `none`).

    A row naming a notion the graph lacks, or a match property that is not SKOS,
    is reported as a warning with its line and skipped.
    """
    matches, rejected = [], set()
    for line, row in curated_rows(path, CURATED_COLUMNS, result,
                                  when_missing="没有人工整理的对齐表，只使用自动推导的对齐。"):
        ends = []
        for side in ("subject", "object"):
            found = _resolve(notions, row[f"{side}_class"], row[f"{side}_key"], row[f"{side}_label"])
            if len(found) != 1:
                what = "找不到" if not found else f"对应 {len(found)} 个资源"
                result.warn(path.name, line, f"{what} {row[f'{side}_class']} {row[f'{side}_key']} "
                                             f"“{row[f'{side}_label']}”；该行未读取。")
                break
            ends.append(found[0])
        if len(ends) != 2:
            continue
        if not row["rationale"]:
            result.warn(path.name, line, "人工对齐没有写理由（rationale）。")
        if row["match"] == "none":
            rejected.add(frozenset(n.iri for n in ends))
            continue
        if row["match"] not in MATCHES:
            result.warn(path.name, line, f"未知的对齐属性 “{row['match']}”：应为 {'、'.join(MATCHES)} 或 none。")
            continue
        matches.append(Match(ends[0], MATCHES[row["match"]], ends[1], "curated", 1.0, row["rationale"], line))
    return matches, rejected


def add_match(g: Graph, m: Match, source_file: str) -> URIRef:
    """Add the SKOS triples of `m` (both ways) and its cdt:AlignmentMapping; returns the mapping."""
    node = ids.alignment_iri(m.subject.iri, m.object.iri)
    g.add((m.subject.iri, m.property, m.object.iri))
    g.add((m.object.iri, _INVERSE.get(m.property, m.property), m.subject.iri))
    g.add((node, RDF.type, CDT.AlignmentMapping))
    g.add((node, CDT.matchSubject, m.subject.iri))
    g.add((node, CDT.matchProperty, m.property))
    g.add((node, CDT.matchObject, m.object.iri))
    add_basis(g, node, m.method, m.score, m.rationale, source_file, m.line)
    return node


def load_alignment(graph: Graph, corpus: Path) -> LoadResult:
    """Derived and curated matches between the notions of the union `graph`, with their mappings."""
    result = LoadResult()
    notions = read_notions(graph)
    curated, rejected = read_curated(Path(corpus) / CURATED_FILE, notions, result)
    taken = {frozenset((m.subject.iri, m.object.iri)) for m in curated}
    for m in curated:
        add_match(result.graph, m, CURATED_FILE)
    pairs = LabelPairs(build_root(corpus) / PAIRS_FILE)
    derived = derive(notions, pairs.compare)
    pairs.save()
    for m in derived:
        pair = frozenset((m.subject.iri, m.object.iri))
        if pair not in taken and pair not in rejected:
            add_match(result.graph, m, CURATED_FILE)
    return result
