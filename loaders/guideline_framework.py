"""The A–E framework of a standards-system guide, read from its text (its figures are lost).

- Parts: the first list whose items are lettered (`包括A基础术语及通用架构、B数字底座…等5个部分`);
  each part's scope note is the paragraph opening with its letter and name
  (`A基础术语及通用架构标准包括…为城市全域数字化转型提供…`), plus its own paragraph
  in the framework chapter.
- The framework chapter is the chapter whose sections are named like the parts;
  every heading below a part, at every depth, is a node.
- Notation: the part letter, then the position among siblings in text order.
- A node's own `包括…` list either names its sub-categories (at least one item is
  one of its headed sub-categories) or lists the standards it plans. Items of a
  sub-category list without a heading of their own are nodes too, placed where
  the list names them (`算力基础设施` after `网络基础设施`).
- A paragraph without a marker that opens with another category's name before
  包括 (`人工智能应用安全方面包括…`) is an unnumbered sub-category: a node of its
  own, with the standards its list names.
- A paragraph whose leading names are sub-categories followed by 遵循/参照/按照…
  (`算力基础设施、数据流通利用基础设施遵循全国一体化算力网、数据基础设施相关标准。`)
  is a note on those sub-categories; a paragraph like that printed after an inline
  heading belongs to that heading's parent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .guideline_lists import (
    Item,
    clean_label,
    enumerations,
    leading_names,
    same_category,
    strip_figure_refs,
    subject_of,
)
from .guideline_outline import Heading, Outline, Para

_PART_ITEM = re.compile(r"^([A-Z])\s*(\S.*)$")
_FOLLOWS = re.compile(r"(?:遵循|参照|按照|执行|采用|适用)(.+?)[。；]?$")


@dataclass
class Planned:
    label: str
    line: int
    order: int
    scope_note: str = ""


@dataclass
class Node:
    notation: str
    label: str
    depth: int
    locator: str
    line: int
    title: str = ""                                   # as printed, with its 标准
    scope_notes: list[tuple[str, int]] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    editorial_notes: list[str] = field(default_factory=list)
    follows: list[str] = field(default_factory=list)  # sentences, as printed, naming outside standards it follows
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None
    heading: Heading | None = None
    kind: str = "heading"                             # heading | listed | paragraph | part

    def walk(self):
        """Yield this node and every node below it, parents first."""
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Framework:
    label: str = ""                                   # the scheme's name (`…标准体系框架`)
    parts: list[Node] = field(default_factory=list)
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, severity, message)

    def walk(self):
        for p in self.parts:
            yield from p.walk()

    def by_notation(self) -> dict[str, Node]:
        return {n.notation: n for n in self.walk()}


@dataclass
class _PartDef:
    letter: str
    label: str
    line: int
    heading: Heading | None           # the clause whose list named it


def _part_list(outline: Outline) -> list[_PartDef]:
    """Return the lettered parts of the first list naming them, with the clause they came from."""
    for h in outline.walk():
        for p in h.paras:
            for e in enumerations(p.text):
                lettered = [(_PART_ITEM.match(i.label), i) for i in e.items]
                lettered = [(m, i) for m, i in lettered if m]
                if len(lettered) >= 2:
                    return [_PartDef(m.group(1), m.group(2), p.line_at(i.offset), h) for m, i in lettered]
    return []


def _scheme_label(outline: Outline, defs: list[_PartDef]) -> str:
    named = []
    for h in outline.walk():
        for p in h.paras:
            if any(_PART_ITEM.match(i.label) for e in enumerations(p.text) for i in e.items):
                named.append(h)
                break
    for h in named:
        if h.title.endswith("框架"):
            return h.title
    return named[0].title if named else ""


def _part_paragraph(outline: Outline, d: _PartDef) -> Para | None:
    rx = re.compile(rf"^{d.letter}\s*{re.escape(d.label)}")
    for h in outline.walk():
        for p in h.paras:
            if rx.match(p.text):
                return p
    return None


def _framework_chapter(outline: Outline, defs: list[_PartDef]) -> Heading | None:
    best, score = None, 0
    for ch in outline.headings:
        s = sum(1 for c in ch.children if any(same_category(c.title, d.label) for d in defs))
        if not defs:
            s = len(ch.children) if all(c.title.endswith("标准") for c in ch.children) and ch.children else 0
        if s > score:
            best, score = ch, s
    return best


def _reattach(h: Heading) -> None:
    """Move paragraphs printed after an inline heading that speak of its parent's other
    listed categories (`算力基础设施、…遵循…`) to the parent, where they belong."""
    for c in h.children:
        _reattach(c)
    for c in h.children:
        if not c.inline or len(c.paras) < 2:
            continue
        listed = [i.label for p in h.paras for e in enumerations(p.text) for i in e.items]
        for k in range(1, len(c.paras)):
            subject = subject_of(c.paras[k].text)
            names = leading_names(c.paras[k].text) or ([subject] if subject else [])
            if any(not same_category(n, c.title) and any(same_category(n, x) for x in listed) for n in names):
                h.paras.extend(c.paras[k:])
                del c.paras[k:]
                break


class _Builder:
    def __init__(self, fw: Framework):
        self.fw = fw

    def warn(self, line, msg):
        self.fw.problems.append((line, "warning", msg))

    def info(self, line, msg):
        self.fw.problems.append((line, "info", msg))

    def build(self, node: Node, h: Heading) -> None:
        """Fill `node` from heading `h`: scope note, planned standards, sub-categories (recursively)."""
        own: list[Para] = []
        notes: list[Para] = []
        subcats: list[tuple[int, Para, str]] = []
        for k, p in enumerate(h.paras, start=1):
            if leading_names(p.text):
                notes.append(p)
                continue
            s = subject_of(p.text)
            if s and not same_category(s, h.title) and not same_category(s, node.label):
                subcats.append((k, p, s))
                continue
            own.append(p)
        if own:
            node.scope_notes.append(("\n".join(strip_figure_refs(p.text) for p in own), own[0].line))

        heading_kids = [(c, Node("", clean_label(c.title), node.depth + 1, c.locator, c.line,
                                 title=c.title, heading=c, parent=node)) for c in h.children]
        children: list[Node] = []
        child_list_found = False
        for p in own:
            for e in enumerations(p.text):
                matched = self._match(e.items, [c for c, _ in heading_kids])
                if heading_kids and any(m is not None for m in matched) and not child_list_found:
                    child_list_found = True
                    children = self._merge(node, h, p, e.items, matched, heading_kids)
                else:
                    self._plan(node, p, e.items)
        if not child_list_found:
            children = [n for _, n in heading_kids]

        sub_nodes = []
        for k, p, s in subcats:
            label = re.sub(r"方面$", "", clean_label(s))
            sub = Node("", label, node.depth + 1, f"{h.locator} 第{k}段", p.line, title=s,
                       parent=node, kind="paragraph")
            sub.scope_notes.append((strip_figure_refs(p.text), p.line))
            for e in enumerations(p.text):
                self._plan(sub, p, e.items)
            self.info(p.line, f"{h.locator} 的段落“{s}…”无编号，作为 {node.label} 的下级类别 {label}")
            sub_nodes.append(sub)
        node.children = sub_nodes + children
        for i, c in enumerate(node.children, start=1):
            c.notation = f"{node.notation}.{i}"
            c.parent = node
        for p in notes:
            self._note(node, p)
        for c in node.children:
            if c.heading is not None:
                self.build(c, c.heading)

    @staticmethod
    def _match(items: list[Item], kids: list[Heading]) -> list[Heading | None]:
        used: set[int] = set()
        out: list[Heading | None] = []
        for it in items:
            hit = None
            for c in kids:
                if id(c) not in used and same_category(it.label, c.title):
                    hit = c
                    break
            if hit is not None:
                used.add(id(hit))
            out.append(hit)
        return out

    def _merge(self, node, h, p, items, matched, heading_kids) -> list[Node]:
        """Order sub-categories: headed ones in text order, listed-only ones where the list names them."""
        by_heading = {id(c): n for c, n in heading_kids}
        order = [n for _, n in heading_kids]
        anchor = None  # the node after which the next listed-only category goes
        for it, m in zip(items, matched):
            if m is not None:
                anchor = by_heading[id(m)]
                continue
            extra = Node("", it.label, node.depth + 1, h.locator, p.line_at(it.offset),
                         title=it.raw.strip(), parent=node, kind="listed")
            pos = order.index(anchor) + 1 if anchor is not None else 0
            order.insert(pos, extra)
            anchor = extra
            self.info(extra.line, f"{h.locator} 列出的类别“{it.label}”没有自己的段落，作为 {node.label} 的下级类别")
        return order

    def _plan(self, node: Node, p: Para, items: list[Item]) -> None:
        seen = {x.label for x in node.planned}
        for it in items:
            if it.label in seen:
                self.info(p.line_at(it.offset), f"{node.locator} 重复列出“{it.label}”，只记一次")
                continue
            seen.add(it.label)
            node.planned.append(Planned(it.label, p.line_at(it.offset), len(node.planned) + 1,
                                        _describes(p.text, it.label)))

    def _note(self, node: Node, p: Para) -> None:
        names = leading_names(p.text)
        sentence = re.split(r"(?<=。)", p.text)[0].strip()
        external = bool(_FOLLOWS.search(sentence))
        hit = False
        for name in names:
            for c in node.children:
                if same_category(name, c.label):
                    (c.follows if external else c.editorial_notes).append(sentence)
                    hit = True
        if not hit:
            node.editorial_notes.append(sentence)
            self.warn(p.line, f"{node.locator} 的说明“{sentence[:20]}…”所指的类别不在下级类别中，记在 {node.label} 上")


def _describes(text: str, label: str) -> str:
    """Return the sentence of `text` that opens with `label` and says what it covers, if any."""
    for s in re.split(r"(?<=。)", text):
        s = s.strip()
        if s.startswith(label) and re.match(rf"{re.escape(label)}(?:标准)?(?:主要规范|主要包括|是)", s):
            return s
    return ""


def read_framework(outline: Outline) -> Framework:
    """Return the framework tree of a guide's outline (parts A–E and every node below)."""
    fw = Framework()
    defs = _part_list(outline)
    if not defs:
        fw.problems.append((None, "warning", "没有找到带字母编号的部分列表（如“包括A…、B…等5个部分”）；按建设内容一章的节顺序编号为 A、B、C…"))
    fw.label = _scheme_label(outline, defs)
    chapter = _framework_chapter(outline, defs)
    if chapter is None:
        fw.problems.append((None, "warning", "没有找到逐部分说明标准体系的一章；框架只有部分，没有下级类别"))
    sections = list(chapter.children) if chapter else []
    for s in sections:
        _reattach(s)
    builder = _Builder(fw)
    used: set[int] = set()
    letters = [d.letter for d in defs]
    for d in defs:
        sec = next((s for s in sections if id(s) not in used and same_category(s.title, d.label)), None)
        if sec is not None:
            used.add(id(sec))
        part = Node(d.letter, d.label, 1, sec.locator if sec else "", sec.line if sec else d.line,
                    title=sec.title if sec else d.label, heading=sec, kind="part")
        intro = _part_paragraph(outline, d)
        if intro is not None:
            part.scope_notes.append((strip_figure_refs(intro.text), intro.line))
        if sec is None:
            fw.problems.append((d.line, "warning", f"部分 {d.letter}{d.label} 在建设内容中没有对应的节"))
            part.locator = d.heading.locator if d.heading else ""
        fw.parts.append(part)
    for s in sections:
        if id(s) in used:
            continue
        letter = _next_letter(letters)
        letters.append(letter)
        if defs:
            fw.problems.append((s.line, "warning", f"{s.locator} {s.title} 不在部分列表中，编为部分 {letter}"))
        fw.parts.append(Node(letter, clean_label(s.title), 1, s.locator, s.line, title=s.title,
                             heading=s, kind="part"))
    for part in fw.parts:
        if part.heading is not None:
            builder.build(part, part.heading)
    return fw


def _next_letter(used: list[str]) -> str:
    for code in range(ord("A"), ord("Z") + 1):
        if chr(code) not in used:
            return chr(code)
    return f"P{len(used) + 1}"
