"""The dated targets of a standards-system guide and the framework nodes their topics concern.

A target is a sentence opening with `到2027年(底)`: its minimum number of
standards (`制修订30项以上…`), its topics (the list of `围绕…等方面` or
`推动…等重点标准`) and its other goals (what the clauses after the count
deliver: `形成一批…案例`, `建成…平台`, `培育一批…的…机构`, `提升…水平`).

A topic concerns a framework node when (derived) the topic's name is in the
node's label (also in a conjunct of either: `数据治理与利用` → 数据利用, found in
`数据流通与利用` → 数据利用), in one of the
standards it plans or in its scope note; a node matched only through its
planned standards or scope note is dropped when a node below it matched as
well (the most specific node wins). What matching cannot see comes from the
curated table corpus/roadmap_topic_nodes.csv (year, topic, notation, rationale).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .curated_table import curated_rows
from .guideline_framework import Framework, Node
from .guideline_lists import clean_label, split_top, tokens
from .guideline_outline import Outline, Para
from .problems import LoadResult

CURATED_FILE = "roadmap_topic_nodes.csv"
CURATED_COLUMNS = ("year", "topic", "notation", "rationale")

_TARGET = re.compile(r"^到\s*(\d{4})\s*年")
_COUNT = re.compile(r"(\d+)\s*项以上")
_TOPICS = re.compile(r"(?:围绕|推动|聚焦|重点推进|加快推进)(.+?)等(方面|领域|重点标准|标准)")
_GOAL = re.compile(r"^(?:稳步|持续|逐步|基本|初步|进一步|全面)?(?:形成|建成|建立|培育|提升|打造|构建)"
                   r"(?:一批|若干|一套|一个|一系列)?(.+)$")


@dataclass
class Topic:
    label: str
    order: int
    line: int
    keys: list[str] = field(default_factory=list)          # what is looked for in the framework
    related: dict[str, str] = field(default_factory=dict)  # notation -> "derived" | "curated"


@dataclass
class Target:
    year: int
    definition: str
    line: int
    locator: str
    min_count: int | None = None
    topics: list[Topic] = field(default_factory=list)
    other_goals: list[str] = field(default_factory=list)


def _domain_prefix(first_item: str, title: str) -> str:
    """The shared modifier a list opens with: the longest common prefix with the guide's title."""
    n = 0
    while n < min(len(first_item), len(title)) and first_item[n] == title[n]:
        n += 1
    return first_item[:n] if n >= 4 and n < len(first_item) else ""


def _sentences(p: Para) -> list[tuple[str, int]]:
    out, start = [], 0
    for m in re.finditer(r"。", p.text):
        out.append((p.text[start:m.end()].strip(), start))
        start = m.end()
    if p.text[start:].strip():
        out.append((p.text[start:].strip(), start))
    return out


def conjuncts(label: str) -> list[str]:
    """Return `label` and, for a coordination sharing its head, each conjunct in full
    (`数据治理与利用` → 数据治理与利用, 数据治理, 数据利用), split with jieba words."""
    out = [label]
    words = tokens(label)
    for conj in ("与", "和", "及"):
        if conj in words:
            k = words.index(conj)
            left, right = words[:k], words[k + 1:]
            if left and right:
                out.append("".join(left))
                out.append("".join(left[: max(len(left) - len(right), 0)] + right))
    return list(dict.fromkeys(x for x in out if x))


def _keys(label: str, domain: str) -> list[str]:
    """Return the names to look for: the label without the guide's domain name, and its conjuncts."""
    base = label[len(domain):] if domain and label.startswith(domain) and len(label) > len(domain) else label
    return conjuncts(base)


def read_targets(outline: Outline, title: str) -> tuple[list[Target], list[tuple[int, str]]]:
    """Return the dated targets of the guide and problems as (line, message)."""
    targets, problems = [], []
    domain = ""
    for h in outline.walk():
        for p in h.paras:
            for sentence, off in _sentences(p):
                m = _TARGET.match(sentence)
                if not m:
                    continue
                line = p.line_at(off)
                t = Target(int(m.group(1)), sentence, line, h.locator)
                c = _COUNT.search(sentence)
                if c:
                    t.min_count = int(c.group(1))
                tm = _TOPICS.search(sentence)
                if tm:
                    items = [(clean_label(s), o) for s, o in split_top(tm.group(1), "、", tm.start(1))]
                    items = [(s, o) for s, o in items if s]
                    strip = ""
                    if tm.group(2) in ("方面", "领域") and items:
                        strip = _domain_prefix(items[0][0], title)
                        domain = domain or strip
                    for k, (s, o) in enumerate(items, start=1):
                        label = s[len(strip):] if strip and s.startswith(strip) else s
                        t.topics.append(Topic(label, k, p.line_at(off + o)))
                else:
                    problems.append((line, f"{t.year} 年目标没有列出重点主题（“围绕…等方面”/“推动…等重点标准”）"))
                if c:
                    after = sentence[c.end():]
                    for clause, _ in split_top(after, "，,；;"):
                        g = _GOAL.match(clause.strip().rstrip("。"))
                        if g:
                            goal = re.sub(r"水平$", "", g.group(1))
                            goal = split_top(goal, "的")[-1][0] if "的" in goal else goal
                            if goal:
                                t.other_goals.append(goal)
                targets.append(t)
    for t in targets:
        for topic in t.topics:
            topic.keys = _keys(topic.label, domain)
    return targets, problems


def _label_match(key: str, label: str) -> bool:
    return any(key in form for form in conjuncts(label))


def derive_links(topic: Topic, fw: Framework) -> list[str]:
    """Return the notations of the nodes `topic` concerns by matching its keys, most specific first
    in framework order."""
    by_label, by_text = set(), set()
    for n in fw.walk():
        for key in topic.keys:
            if _label_match(key, n.label):
                by_label.add(n.notation)
            elif any(key in p.label for p in n.planned) or any(key in s for s, _ in n.scope_notes):
                by_text.add(n.notation)
    matched = by_label | by_text

    def has_matched_descendant(n: Node) -> bool:
        return any(d.notation in matched for d in n.walk() if d is not n)

    keep = set(by_label)
    for n in fw.walk():
        if n.notation in by_text and not has_matched_descendant(n):
            keep.add(n.notation)
    return [n.notation for n in fw.walk() if n.notation in keep]


def read_curated(path: Path, result: LoadResult) -> list[dict]:
    """The rows of the curated topic→node table, each with its `line` (read by loaders/curated_table.py, which
    reports what is wrong in the table's shape); a row without a valid year, topic or notation is a warning
    and skipped, one without its rationale a warning. No table is an info: topics are then matched by name only."""
    no_table = f"没有人工对照表 {path.name}；主题只按名称匹配框架节点"
    if not path.is_file():
        result.info(path.name, None, no_table)
        return []
    rows = []
    for line, row in curated_rows(path, CURATED_COLUMNS, result, when_missing=no_table):
        if not row["year"].isdigit() or not row["topic"] or not row["notation"]:
            result.warn(path.name, line, f"{path.name} 此行的年份、主题或框架编号为空或无效，已忽略")
            continue
        if not row["rationale"]:
            result.warn(path.name, line, f"{path.name} 此行没有写明依据（rationale）")
        rows.append({**row, "line": line})
    return rows


def relate_topics(targets: list[Target], fw: Framework, curated: list[dict]) -> list[tuple[int | None, str, str]]:
    """Fill each topic's related nodes (derived, then curated); returns problems (line, severity, message)."""
    problems = []
    nodes = fw.by_notation()
    for t in targets:
        for topic in t.topics:
            for notation in derive_links(topic, fw):
                topic.related[notation] = "derived"
    for row in curated:
        target = next((t for t in targets if t.year == int(row["year"])), None)
        topic = next((x for x in target.topics if x.label == row["topic"]), None) if target else None
        if topic is None:
            problems.append((row["line"], "warning", f"{CURATED_FILE}：{row['year']} 年目标中没有主题“{row['topic']}”，此行未用"))
            continue
        if row["notation"] not in nodes:
            problems.append((row["line"], "warning", f"{CURATED_FILE}：框架中没有编号 {row['notation']}（编号可能已随指南修订变化），此行未用"))
            continue
        topic.related.setdefault(row["notation"], "curated")
    return problems
