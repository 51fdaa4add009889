"""Passage answers: when no rule of intents.tsv answers a question but provisions or clauses of
the graph match it well, answer with the best few, each with its clause, document and verbal
form (应/宜/可).

A passage's confidence is the share of the question's content words its text holds (longer
words weigh more), discounted by its rank among the search hits. The threshold under which a
passage answer is refused (PASSAGE_THRESHOLD) is set on the tuning sets, not by hand:
`python -m queries.ask.passages` prints the curve it was read from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.gbt_modality import find_modality
from loaders.han import HAN_CHAR

from ..normalize import fold

# Kinds of search hits that are text a question can be answered with (the ontology's Chinese labels).
PASSAGE_KINDS = frozenset({"列项", "条款", "等级特征", "术语条目", "技术变化", "标准体系框架节点", "编制过程事件"})
MAX_PASSAGES = 3
SEARCH_DEPTH = 10
KEEP_SHARE = 0.85          # passages shown: those scoring at least this share of the best one
RANK_DISCOUNT = 0.97
PASSAGE_THRESHOLD = 0.45   # rounds 1–4 (580 questions): 0.45 answers 2 more than 0.5 and refuses as many; 0.4 refuses 2 fewer
MODALITY_WORD = {"Shall": "应", "ShallNot": "不应", "Should": "宜", "ShouldNot": "不宜", "May": "可",
                 "NeedNot": "不必", "Can": "能", "Cannot": "不能"}


@dataclass
class Passage:
    iri: str
    kind: str
    label: str
    document: str
    locator: str
    text: str
    modality: str
    confidence: float
    closeness: float = 0.0   # the share of the question's two-character runs the text holds as written

    def order(self) -> float:
        """What decides the passage stating a yes/no question's claim (passage answers keep the confidence
        order, where a passage repeating the question's words is no better): the confidence, raised a little
        for one saying it as the question
        does (较高的成熟度等级应基本具备低于该成熟度等级的全部特征 for …具备低等级的全部特征)."""
        return self.confidence * (1 + PHRASE_WEIGHT * self.closeness)

    def item(self) -> str:
        """The passage as one item of an answer: 【应】text（document locator）."""
        form = f"【{self.modality}】" if self.modality else ""
        return f"{form}{self.text}（{self.document} {self.locator}）".replace(" ）", "）")


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return fold(text).lower().replace(" ", "")  # the graph's text is simplified Chinese already


PIECE_CREDIT = 0.5   # a word not in the text whose two-character pieces are: 身份认证 ~ 认证方式
# How the documents write what a question asks of a quantity: a share is a percentage, a bound is 不少于/以上.
QUANTITY_WORDS = {"比例": ["%"], "占比": ["%"], "百分比": ["%"], "覆盖率": ["%"], "得分": ["分"], "分数": ["分"],
                  "下限": ["不少于", "以上", "不低于", "高于"], "上限": ["不超过", "以下", "不高于", "低于"],
                  "最低": ["不少于", "以上", "不低于"], "最高": ["不超过", "以下"]}
OPTIONAL_WEIGHT = 0.5
PHRASE_WEIGHT = 0.2  # how much the question's wording kept as written (closeness) raises a passage's rank
MISSING = 0.7        # each word of the question the passage lacks entirely (深圳, 预算) weighs this


def _found(word: str, key: str, synonyms: dict[str, list[str]]) -> float:
    if word in key or any(s in key for s in synonyms.get(word, ())):
        return 1.0
    pieces = [word[i:i + 2] for i in range(0, len(word) - 1, 2)] if len(word) >= 4 else []
    return PIECE_CREDIT * sum(p in key for p in pieces) / len(pieces) if pieces else 0.0


def coverage(words: list[str], text: str, synonyms: dict[str, list[str]] | None = None,
             optional: frozenset[str] = frozenset()) -> float:
    """The share of `words` (weighted by length) found in `text`, a word also by its synonyms,
    a long word in part by its two-character pieces; an `optional` word (框架 in 应支持哪些框架,
    a word the rules also ask with) weighs half and is not missed."""
    if not words:
        return 0.0
    key = _key(text)
    found = [_found(w, key, synonyms or {}) for w in words]
    weights = [len(w) * (OPTIONAL_WEIGHT if w in optional else 1.0) for w in words]
    share = sum(x * f for x, f in zip(weights, found)) / sum(weights)
    return share * MISSING ** sum(1 for w, f in zip(words, found) if f == 0 and w not in optional)


_TABLE = re.compile(r"<table[^>]*>(.*?)</table>", re.S | re.I)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S | re.I)
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
MAX_TABLE_ROWS = 4    # a longer table is shown by the rows that hold a word of the question


def readable(text: str, words: list[str] = (), synonyms: dict[str, list[str]] | None = None) -> str:
    """`text` with each table printed as markup (<table><tr><td>…) written as its rows, cells
    joined by ｜ and rows by ；, other markup dropped. A table of more than MAX_TABLE_ROWS rows
    shows its head and its rows holding most of `words` that neither every row
    nor the text around the tables holds (the cell a question asks about), or only its first rows when no row holds any."""
    if "<" not in text:
        return text
    tables = [[" ｜ ".join(" ".join(_TAG.sub(" ", c).split()) for c in _CELL.findall(r)) for r in _ROW.findall(t)]
              for t in _TABLE.findall(text)]
    tables = [[r for r in rows if r.strip(" ｜")] for rows in tables]
    body = [r for rows in tables for r in rows[1:]]
    has = {r: {w for w in words if _found(w, _key(r), synonyms or {}) == 1.0} for r in body}
    # a word of the text around the tables or of every row (the tables' subject) picks no row
    around = _key(_TAG.sub(" ", _TABLE.sub(" ", text)))
    weight = {w: len(w) for w in words if 0 < sum(w in h for h in has.values()) < len(body)
              and _found(w, around, synonyms or {}) < 1.0}
    score = {r: sum(weight.get(w, 0) for w in h) for r, h in has.items()}
    best = max(score.values(), default=0)
    shown = iter(tables)

    def rows_of(m: re.Match) -> str:
        rows = next(shown)
        if len(rows) > MAX_TABLE_ROWS:
            held = rows[1:MAX_TABLE_ROWS]
            if best:
                top = set(sorted((r for r in rows[1:] if score[r]), key=lambda r: -score[r])[:MAX_TABLE_ROWS - 1])
                held = [r for r in rows[1:] if r in top]
            rows = rows[:1] + held + ["…"]
        return " " + "；".join(rows) + " "
    return " ".join(_TAG.sub(" ", _TABLE.sub(rows_of, text)).split())


def modality_of(text: str) -> str:
    """The verbal form of a provision's text as GB/T 1.1 names it (应, 宜, 可 …), or ''."""
    found = find_modality(text)
    return MODALITY_WORD.get(str(found).rsplit("#", 1)[-1], "") if found is not None else ""


@dataclass
class Contexts:
    """For every provision and clause: what it is listed under (its clause title, the text of
    the provisions it is nested in), and the provisions listed directly under each."""

    text: dict[str, str]
    children: dict[str, list[str]]
    citing: dict[str, list[str]] = field(default_factory=dict)   # a cited standard → the places citing it


def contexts(graph) -> Contexts:
    """The Contexts of `graph` (one query)."""
    from .intents import template

    text, children = {}, {}
    for r in graph.run(template("passage_context")).records():
        text[str(r["entity"])] = str(r.get("context") or "")
        if r.get("up"):
            children.setdefault(str(r["up"]), []).append(str(r["entity"]))
    citing: dict[str, list[str]] = {}
    for r in graph.run(template("passage_citing")).records():
        citing.setdefault(str(r["cited"]), []).append(str(r["entity"]))
    return Contexts(text, children, citing)


MAX_CHILDREN = 12     # the provisions of a matching clause or lead-in weighed with it

SEARCH_WORDS = 3      # the rarest content words are looked up; coverage is over all of them
COMMON = 400          # … and none held by more records than this, but the rarest one


def passage_query(search, words: list[str]) -> str:
    """What to search for the passages of a question: its rarest content words, in its order."""
    ranked = sorted((search.frequency(w), w) for w in words)
    kept = {w for i, (df, w) in enumerate(ranked[:SEARCH_WORDS]) if i == 0 or df <= COMMON}
    return " ".join(w for w in words if w in kept)


@lru_cache(maxsize=256)
def _runs(question: str) -> frozenset[str]:
    """The two-character runs of Chinese of a question."""
    return frozenset(question[i:i + 2] for i in range(len(question) - 1)
                     if all(HAN_CHAR.match(c) for c in question[i:i + 2]))


def closeness(question: str, text: str) -> float:
    """The share of the question's two-character runs of Chinese that `text` holds as written."""
    runs = _runs(question)
    key = _key(text)
    return round(sum(r in key for r in runs) / len(runs), 3) if runs else 0.0


def find_passages(search, hits, words: list[str], synonyms: dict[str, list[str]] | None = None,
                  context: Contexts | None = None, optional: frozenset[str] = frozenset(),
                  question: str = "") -> list[Passage]:
    """The best passages among search `hits` — and the provisions listed under a hit — for a
    question whose content words are `words` (best first; none when nothing of the passage
    kinds is found)."""
    if search is None or not words:
        return []
    found: list[Passage] = []
    seen: set[str] = set()

    def weigh(iri, kind, label, document, locator, rank):
        if iri in seen:
            return
        seen.add(iri)
        text = search.full_text(iri) or label
        where = label + " " + locator + " " + text
        score = coverage(words, where, synonyms, optional)
        if score < 1 and context and iri in context.text:
            score = max(score, coverage(words, where + " " + context.text[iri], synonyms, optional))
        found.append(Passage(iri, kind, label, document, locator, readable(text, words, synonyms).strip(),
                             modality_of(_TABLE.sub(" ", text)),
                             round(score * RANK_DISCOUNT ** rank, 2), closeness(question, text)))

    for rank, h in enumerate(hits):
        if h.kind not in PASSAGE_KINDS:
            # a standard the question names by its subject (等级保护): the places that cite it are weighed,
            # with its title as part of what they say (see passage_context.rq)
            for citing in (context.citing.get(h.iri, []) if context else [])[:MAX_CHILDREN]:
                stored = search.record(citing)
                if stored and stored["kind"] in PASSAGE_KINDS:
                    weigh(citing, stored["kind"], stored["label"], stored["document"], stored["locator"], rank)
            continue
        weigh(h.iri, h.kind, h.label, h.document, h.locator, rank)
        for child in (context.children.get(h.iri, []) if context else [])[:MAX_CHILDREN]:
            stored = search.record(child)
            if stored:
                weigh(child, stored["kind"], stored["label"], stored["document"], stored["locator"], rank)
    found.sort(key=lambda p: -p.confidence)
    if not found:
        return []
    best = max(p.confidence for p in found)
    kept, seen = [], set()
    for p in found:
        if p.confidence < best * KEEP_SHARE or _key(p.text) in seen:
            continue
        seen.add(_key(p.text))
        kept.append(p)
    return kept[:MAX_PASSAGES]
