"""The explanatory note (编制说明) of a national standard, as RDF.

A 编制说明 is written to a fixed outline: sections 一、…十四、 with numbered
sub-sections 1. 2. (or （一）), the task source with the plan number, the
drafting units and drafters (该标准由…起草), who did what (起草单位、起草人及各自
完成的工作如下：), a dated drafting history, the technical changes copied
from the standard's foreword, and a closing signature with its date.

What is made (all under the note's own IRI, `ids.entry_iri(entry)`):
- the note (cdt:ExplanatoryNote): title, closing date, creator (the signing
  working group), cdt:explains → the standard found by its plan number, and
  the renaming of the project (skos:historyNote and a cdt:Change);
- each section as a cdt:Clause with locators `一`, `一、1.`;
- dated paragraphs as cdt:DraftingEvent (one per date: a date restated in a
  later section is the same event);
- the drafting units and drafters in printed order (cdt:Contribution), and one
  cdt:Contribution per person and work paragraph (role "author") with the
  person's affiliation and the model elements and chapters the work names;
- every standard number in the text as a cdt:Standard cited "in-text".
The technical-change list is the explained standard's foreword restated: its
items are linked (dcterms:references → the foreword's cdt:Change), not copied.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from . import ids
from .standard_nodes import add_standard
from .manifest import Entry
from .organizations import AliasTable, aliases_for, canonical_organization, split_organization_list
from .pdf_text import Line, ends_sentence, join_text
from .problems import LoadResult
from .source_document import SourceDocument, read_source
from .standard_numbers import base_number, find_numbers, find_plan_numbers, is_placeholder
from .vocab import CDT, CDTR
from .han import HAN
from .list_markers import CN_ITEM, LETTER_ITEM, PAREN_CN_ITEM, PAREN_NUMBER_ITEM
from .roster_labels import DRAFTED, DRAFTERS, DRAFTING_GROUP, DRAFTING_UNITS, roster_label

DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATED_START = re.compile(r"^" + DATE_RE.pattern + r"\s*[：:，,、]?\s*")
_H_CN = re.compile(rf"^{CN_ITEM}\s*(.*)$")
_H_PAREN_CN = re.compile(rf"^{PAREN_CN_ITEM}\s*(.*)$")
_H_ARABIC = re.compile(rf"^(\d{{1,2}})[.．、]\s*(?=[{HAN}])(.*)$")
_LETTER_ITEM = re.compile(rf"^{LETTER_ITEM}\s*")
_NUMBER_ITEM = re.compile(rf"^{PAREN_NUMBER_ITEM}\s*")
_RANK = {"cn": 1, "paren_cn": 2, "arabic": 3}

# `该标准由甲、乙等3家单位共同起草`, `本标准主要由丙、丁等人起草。`; a label in prose needs its colon (`起草单位：…`)
_SELF = r"(?:该|本)(?:标准|文件)"
_UNITS = re.compile(rf"^{_SELF}由(?P<names>.+?)等?(?:\d+家)?单位{DRAFTED}")
_DRAFTERS = re.compile(rf"^{_SELF}(?:主要)?由(?P<names>.+?)(?:等人?)?{DRAFTED}[。.]?$")
_UNITS_COLON = roster_label(DRAFTING_UNITS, colon="required")
_DRAFTERS_COLON = roster_label(DRAFTERS, colon="required")
_WORK_INTRO = re.compile(r"(?:完成的工作|工作分工|任务分工|分工)如下[：:]$")
_PERSON = rf"[{HAN}·•]{{2,6}}"
_GROUP = re.compile(rf"^({_PERSON}(?:、{_PERSON})*)\s*[（(]")
_CHAPTERS = re.compile(r"第?\s*(\d{1,2}(?:\s*[、,，和及]\s*\d{1,2})*)\s*章")
_WRITES = re.compile(r"(?:编写|撰写|编制|起草)([^，。；,;]+)")
_ELEMENT_END = re.compile(r"(?:层|体系)$")
_ELEMENT_TAIL = re.compile(r"(?:等)?(?:相关)?(?:章节|章|部分)?(?:内容|部分)?$")
_CHANGE_INTRO = re.compile(r"技术变化")
_NEW_LABEL = re.compile(r"(?:修改为|增加了)“([^”]+)”")
_OLD_TITLE = re.compile(r"《([^》]+)》[^《，。]{0,4}?(?:制定|修订|制修订)?项目")
_NEW_TITLE = re.compile(r"调整为《([^》]+)》")
_STAGE = re.compile(r"[（(](征求意见稿|送审稿|报批稿|草案)[）)]")
_SIGNATURE_END = re.compile(rf"(?:{DRAFTING_GROUP}|项目组)$")


@dataclass
class _Block:
    kind: str          # "heading" | "para" | "item"
    text: str
    line: int
    rank: int = 0      # headings: 1 一、 2 （一） 3 1.
    label: str = ""    # headings: the printed numbering (一、 / （一） / 1.)
    marker: str = ""   # items: "a" or "1"
    open: bool = False  # a heading that filled its line continues on the next
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, source line)

    def extend(self, ln: Line) -> None:
        """Append the next physical line of this block, remembering where it starts."""
        if not self.starts:
            self.starts.append((0, self.line))
        self.text = join_text(self.text, ln.text)
        self.starts.append((len(self.text) - len(ln.text), ln.no))

    def line_at(self, offset: int) -> int:
        """Return the source line holding character `offset` of the block's text."""
        return max((no for off, no in self.starts if off <= offset), default=self.line)


@dataclass
class _Section:
    locator: str
    title: str
    line: int
    rank: int
    order: int
    parent: "_Section | None"
    iri: URIRef
    blocks: list[_Block] = field(default_factory=list)


def display_width(text: str) -> int:
    """Return the printed width of `text`: 2 per wide (CJK) character, 1 per other."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def full_line_width(lines: list[Line]) -> float:
    """Return the width from which a line counts as filled to the margin (so it may continue)."""
    widths = sorted(display_width(ln.text) for ln in lines)
    if not widths:
        return 0.0
    return 0.9 * widths[(len(widths) * 3) // 4]


def parse_date(text: str) -> dt.date | None:
    """Return the first full date (`2025 年 3 月 20 日`) in `text`, or None."""
    m = DATE_RE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _heading(text: str, full: float) -> tuple[int, str, str] | None:
    """(rank, printed numbering, title) when `text` opens a section heading."""
    if m := _H_CN.match(text):
        return 1, f"{m.group(1)}、", m.group(2).strip()
    short = display_width(text) < full and not ends_sentence(text) and "。" not in text
    if (m := _H_PAREN_CN.match(text)) and short:
        return 2, f"（{m.group(1)}）", m.group(2).strip()
    if (m := _H_ARABIC.match(text)) and short:
        return 3, f"{m.group(1)}.", m.group(2).strip()
    return None


def _starts_block(text: str, full: float) -> bool:
    return bool(
        _heading(text, full)
        or _LETTER_ITEM.match(text)
        or _NUMBER_ITEM.match(text)
        or _DATED_START.match(text)
    )


def _blocks(lines: list[Line], full: float) -> list[_Block]:
    """Group physical lines into headings, paragraphs and list items, rejoining broken lines."""
    out: list[_Block] = []
    for ln in lines:
        cur = out[-1] if out else None
        starts = _starts_block(ln.text, full)
        if cur and cur.kind == "heading" and cur.open and not starts:
            cur.extend(ln)
            cur.open = display_width(ln.text) >= full
            continue
        if cur and cur.kind != "heading" and not starts and not ends_sentence(cur.text):
            cur.extend(ln)
            continue
        if h := _heading(ln.text, full):
            rank, label, title = h
            out.append(_Block("heading", title, ln.no, rank, label, open=display_width(ln.text) >= full))
        elif m := _LETTER_ITEM.match(ln.text):
            out.append(_Block("item", ln.text, ln.no, marker=m.group(1)))
        elif m := _NUMBER_ITEM.match(ln.text):
            out.append(_Block("item", ln.text, ln.no, marker=m.group(1)))
        else:
            out.append(_Block("para", ln.text, ln.no))
    return out


def _closing(lines: list[Line], full: float) -> tuple[int, dt.date | None, str | None]:
    """Return (lines of the body, closing date, signer) from the note's last lines.

    The note ends with its signer (`国家标准《…》` / `编制工作组`) and a line that
    is only a date; the signer is the short, unpunctuated lines just above it.
    """
    if not lines or not DATE_RE.fullmatch(lines[-1].text.replace(" ", "")):
        return len(lines), None, None
    date = parse_date(lines[-1].text)
    start = len(lines) - 1
    while (
        start > 0
        and len(lines) - 1 - start < 3
        and not ends_sentence(lines[start - 1].text)
        and not _heading(lines[start - 1].text, full)
        and display_width(lines[start - 1].text) < full
    ):
        start -= 1
    signer = "".join(ln.text for ln in lines[start:-1]) or None
    return start, date, signer


def _names(m: re.Match) -> str:
    """The names a roster line lists, without the full stop that closes it."""
    return re.sub(r"[。.]$", "", m.group("names"))


class _NoteReader:
    def __init__(self, path: Path, entry: Entry, aliases: AliasTable, source: SourceDocument | None = None):
        self.path, self.entry, self.aliases, self.source = path, entry, aliases, source
        self.file = entry.file or path.name
        self.result = LoadResult()
        self.g: Graph = self.result.graph
        for prefix, ns in (("cdt", CDT._NS), ("cdtr", CDTR), ("dcterms", DCTERMS), ("foaf", FOAF), ("skos", SKOS)):
            self.g.bind(prefix, ns)
        self.doc = ids.entry_iri(entry)
        self.explained: URIRef | None = None
        self.sections: list[_Section] = []
        self.labels: Counter[str] = Counter()
        self.label_lines: dict[str, int] = {}
        self.preferred: list[str] = []

    # --- small emitters ------------------------------------------------------
    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def zh(self, text: str) -> Literal:
        return Literal(text, lang="zh")

    def provenance(self, s: URIRef, locator: str, line: int | None) -> None:
        self.add(s, CDT.sourceDocument, self.doc)
        self.add(s, CDT.locator, Literal(locator))
        if line:
            self.add(s, CDT.sourceLine, Literal(line, datatype=XSD.integer))
        page = self.source.page_of(line) if self.source is not None else None
        if page:
            self.add(s, CDT.sourcePage, Literal(page, datatype=XSD.integer))

    def organization(self, name: str) -> URIRef:
        key, forms = canonical_organization(name, self.aliases)
        org = ids.organization_iri(key)
        self.add(org, RDF.type, FOAF.Organization)
        for form in forms:
            self.add(org, FOAF.name, self.zh(form))
        return org

    def person(self, name: str) -> URIRef:
        person = ids.person_iri(name)
        self.add(person, RDF.type, FOAF.Person)
        self.add(person, FOAF.name, self.zh(name))
        return person

    def contribution(self, role: str, position: int, agent: URIRef, section: _Section, line: int) -> URIRef:
        c = ids.contribution_iri(self.doc, role, position)
        self.add(c, RDF.type, CDT.Contribution)
        self.add(c, CDT.contributionTo, self.doc)
        self.add(c, CDT.agent, agent)
        self.add(c, CDT.position, Literal(position, datatype=XSD.integer))
        self.add(c, CDT.role, Literal(role))
        self.provenance(c, section.locator, line)
        return c

    # --- reading ---------------------------------------------------------------
    def read(self) -> LoadResult:
        self.source = self.source or read_source(self.path)
        lines = self.source.lines
        if not lines:
            self.result.error(self.file, None, "编制说明没有正文；请检查文本提取。")
            self.document(self.entry.title, None, None)
            return self.result
        full = full_line_width(lines)
        end, date, signer = _closing(lines, full)
        if date is None:
            self.result.warn(self.file, lines[-1].no, "末尾没有落款日期（如“2026年 2月 3日”）；dcterms:date 未填。")
        if date is not None and not signer:
            self.result.warn(self.file, lines[end].no, "落款日期上方没有编制工作组名称；dcterms:creator 未填。")
        blocks = _blocks(lines[:end], full)
        title = self.sectionize(blocks)
        self.document(title, date, signer)
        self.explains(lines[:end])
        for s in self.sections:
            self.clause(s)
        self.history()
        self.events()
        self.roster()
        self.collect_change_labels()
        self.work()
        return self.result

    def sectionize(self, blocks: list[_Block]) -> str | None:
        """Split blocks into sections; return the title printed above the first one."""
        head: list[_Block] = []
        stack: list[_Section] = []
        for b in blocks:
            if b.kind != "heading":
                (stack[-1].blocks if stack else head).append(b)
                continue
            while stack and stack[-1].rank >= b.rank:
                stack.pop()
            parent = stack[-1] if stack else None
            if parent is None and b.rank > 1:
                self.result.warn(self.file, b.line, f"小节 {b.label}{b.text} 前没有“一、”级标题；按顶层处理。")
            locator = b.label.rstrip("、") if parent is None else parent_prefix(parent) + b.label
            if any(s.locator == locator for s in self.sections):
                self.result.warn(self.file, b.line, f"标题编号 {locator} 重复；后一个已跳过其编号以免混淆。")
                locator = f"{locator}@{b.line}"
            s = _Section(locator, b.text, b.line, b.rank, len(self.sections) + 1, parent,
                         ids.clause_iri(self.doc, locator))
            self.sections.append(s)
            stack.append(s)
        if not self.sections:
            self.result.warn(self.file, None, "没有找到“一、”等章节标题；章节结构未生成。")
        return " ".join(b.text for b in head) if head else None

    def document(self, title: str | None, date: dt.date | None, signer: str | None) -> None:
        d = self.doc
        self.add(d, RDF.type, CDT.ExplanatoryNote)
        self.add(d, RDF.type, CDT.Document)
        self.add(d, CDT.ingested, Literal(True))
        self.add(d, CDT.sourceFile, Literal(self.entry.file))
        self.add(d, CDT.kind, Literal(self.entry.kind))
        if self.entry.status:
            self.add(d, CDT.status, CDT[self.entry.status])
        if not title:
            self.result.warn(self.file, None, f"正文前没有标题；使用清单中的标题“{self.entry.title}”。")
            title = self.entry.title
        if title:
            self.add(d, DCTERMS.title, self.zh(title))
            if m := _STAGE.search(title):
                self.add(d, CDT.draftStage, self.zh(m.group(1)))
        if date:
            self.add(d, DCTERMS.date, Literal(date.isoformat(), datatype=XSD.date))
        if signer:
            self.add(d, DCTERMS.creator, self.organization(signer))

    def explains(self, lines: list[Line]) -> None:
        """Link the note to the standard it explains, found by the plan number in its text."""
        found = next((p for ln in lines for p in find_plan_numbers(ln.text)), None)
        if not found:
            # the number may be broken across two lines
            found = next(iter(find_plan_numbers("".join(ln.text for ln in lines))), None)
        plan = found or self.entry.plan_number
        if found and self.entry.plan_number and found != self.entry.plan_number:
            self.result.warn(self.file, None, f"正文中的计划号 {found} 与清单中的 {self.entry.plan_number} 不同；以正文为准。")
        if plan:
            self.explained = ids.plan_iri(plan)
            self.add(self.explained, RDF.type, CDT.Standard)
            self.add(self.explained, CDT.planNumber, Literal(plan))
        elif self.entry.number and not is_placeholder(self.entry.number):
            self.explained = ids.standard_iri(self.entry.number)
        else:
            self.result.warn(self.file, None, "正文中没有计划号（如 20250317-T-469）；不知道说明的是哪项标准，cdt:explains 未填。")
            return
        if not found:
            self.result.warn(self.file, None, f"正文中没有计划号；按清单认定说明的是 {plan or self.entry.number}。")
        self.add(self.doc, CDT.explains, self.explained)

    def clause(self, s: _Section) -> None:
        c = s.iri
        self.add(c, RDF.type, CDT.Clause)
        self.add(c, CDT.inDocument, self.doc)
        self.add(c, CDT.number, Literal(s.locator))
        if s.title:
            self.add(c, DCTERMS.title, self.zh(s.title))
        if s.parent:
            self.add(c, CDT.parent, s.parent.iri)
        self.add(c, CDT.order, Literal(s.order, datatype=XSD.integer))
        self.provenance(c, s.locator, s.line)
        own, in_changes = [], False
        for b in s.blocks:
            if b.kind == "item" and b.marker.isalpha() and in_changes:
                self.link_change(s, b)
                continue
            in_changes = in_changes or (b.kind == "para" and bool(_CHANGE_INTRO.search(b.text)))
            own.append(b.text)
            self.cite(s, b)
        if own:
            self.add(c, CDT.text, self.zh("\n".join(own)))

    def link_change(self, s: _Section, b: _Block) -> None:
        if self.explained is None:
            self.result.warn(self.file, b.line, f"技术变化 {b.marker}) 无法链接：不知道说明的是哪项标准。")
            return
        self.add(s.iri, DCTERMS.references, ids.change_iri(self.explained, b.marker))

    def cite(self, s: _Section, b: _Block) -> None:
        """Every standard number in a paragraph: a cdt:Standard, cited in-text from its section."""
        for f in find_numbers(b.text):
            if f.is_placeholder:
                continue
            m = re.match(r"\s*《([^》]+)》", b.text[f.end:])
            std = add_standard(self.g, f.number, m.group(1).strip() if m else None)
            self.add(s.iri, CDT.cites, std)
            cit = ids.citation_iri(s.iri, std, "in-text")
            if (cit, RDF.type, CDT.Citation) in self.g:
                continue
            self.add(cit, RDF.type, CDT.Citation)
            self.add(cit, CDT.fromText, s.iri)
            self.add(cit, CDT.toStandard, std)
            self.add(cit, CDT.citationKind, Literal("in-text"))
            self.provenance(cit, s.locator, b.line_at(f.start))

    def paragraphs(self):
        for s in self.sections:
            for b in s.blocks:
                yield s, b

    def history(self) -> None:
        """The project's renaming: 《old》制定项目…立项 and 拟将标准名称调整为《new》."""
        old = next(((s, b, m.group(1)) for s, b in self.paragraphs() if (m := _OLD_TITLE.search(b.text))), None)
        renames = [(s, b, m.group(1)) for s, b in self.paragraphs() if (m := _NEW_TITLE.search(b.text))]
        for text in dict.fromkeys(b.text for _, b, _ in renames):
            self.add(self.doc, SKOS.historyNote, self.zh(text))
        if not (old and renames) or old[2] == renames[0][2]:
            return
        s, b, new = renames[0]
        ch = ids.change_iri(self.doc, "title")
        self.add(ch, RDF.type, CDT.Change)
        self.add(ch, CDT.changeKind, Literal("renamed"))
        self.add(ch, CDT.oldLabel, self.zh(old[2]))
        self.add(ch, CDT.newLabel, self.zh(new))
        self.add(ch, CDT.inDocument, self.doc)
        if self.explained is not None:
            self.add(ch, CDT.contributedTo, self.explained)
        self.provenance(ch, s.locator, b.line)

    def events(self) -> None:
        """One cdt:DraftingEvent per dated paragraph; a date restated in another section is the same event."""
        by_date: dict[dt.date, tuple[URIRef, _Section]] = {}
        position = 0
        for s, b in self.paragraphs():
            m = _DATED_START.match(b.text)
            if not m:
                continue
            date = parse_date(b.text)
            if date is None:
                self.result.warn(self.file, b.line, f"日期“{m.group(0).strip()}”不是有效日期；此事件已跳过。")
                continue
            what = b.text[m.end():].strip()
            if date in by_date and by_date[date][1] is not s:
                self.add(by_date[date][0], SKOS.note, self.zh(f"{s.locator}：{what}"))
                continue
            position += 1
            ev = ids.event_iri(self.doc, date.isoformat(), position)
            by_date.setdefault(date, (ev, s))
            self.add(ev, RDF.type, CDT.DraftingEvent)
            self.add(ev, CDT.eventDate, Literal(date.isoformat(), datatype=XSD.date))
            self.add(ev, CDT.text, self.zh(what))
            self.add(ev, CDT.inDocument, self.doc)
            self.provenance(ev, s.locator, b.line)

    def roster(self) -> None:
        """The drafting units and drafters, in printed order."""
        for s, b in self.paragraphs():
            text = b.text.strip()
            if m := (_UNITS.match(text) or _UNITS_COLON.match(text)):
                for i, name in enumerate(split_organization_list(_names(m)), start=1):
                    org = self.organization(name)
                    if self.explained is not None:
                        self.add(self.explained, CDT.draftedBy, org)
                    self.contribution("drafting-unit", i, org, s, b.line)
            elif m := (_DRAFTERS.match(text) or _DRAFTERS_COLON.match(text)):
                for i, name in enumerate(split_organization_list(_names(m)), start=1):
                    if not re.fullmatch(_PERSON, name):
                        self.result.warn(self.file, b.line, f"起草人“{name}”不像人名；请检查名单的分隔符。")
                    person = self.person(name)
                    if self.explained is not None:
                        self.add(self.explained, CDT.drafter, person)
                    self.contribution("drafter", i, person, s, b.line)

    def collect_change_labels(self) -> None:
        """The labels the change list gives the standard's elements: they win over printed variants."""
        for _, b in self.paragraphs():
            if b.kind == "item":
                self.preferred += _NEW_LABEL.findall(b.text)

    def work(self) -> None:
        """Who did what: one author Contribution per person and work paragraph."""
        parsed: list[tuple[_Section, _Block, list[tuple[list[str], str]], str]] = []
        for s in self.sections:
            after_intro = False
            for b in s.blocks:
                if b.kind == "para" and _WORK_INTRO.search(b.text):
                    after_intro = True
                    continue
                if not after_intro:
                    continue
                groups, task = parse_work(b.text)
                if not groups:
                    self.result.warn(self.file, b.line, f"分工段落不以“姓名（单位）”开头，已跳过：{b.text[:30]}…")
                    continue
                parsed.append((s, b, groups, task))
                for label in element_labels(task):
                    self.labels[label] += 1
                    self.label_lines.setdefault(label, b.line)
        canon = self.canonical_labels()
        position = 0
        drafters = {str(o) for o in self.g.objects(self.explained, CDT.drafter)} if self.explained else set()
        for s, b, groups, task in parsed:
            elements = [canon[label] for label in element_labels(task)]
            chapters = chapter_numbers(task)
            for names, org_name in groups:
                org = self.organization(org_name)
                for name in names:
                    person = self.person(name)
                    if drafters and str(person) not in drafters:
                        self.result.warn(self.file, b.line, f"{name} 出现在分工说明中，但不在起草人名单里。")
                    self.add(person, CDT.affiliation, org)
                    position += 1
                    c = self.contribution("author", position, person, s, b.line)
                    self.add(c, CDT.task, self.zh(task))
                    for label in dict.fromkeys(elements):
                        self.add(c, CDT.contributedTo, ids.model_element_iri(label))
                    for n in chapters:
                        if self.explained is not None:
                            self.add(c, CDT.contributedTo, ids.clause_iri(self.explained, n))
        if parsed:
            authors = {str(o) for o in self.g.subjects(CDT.affiliation, None)}
            for person in sorted(drafters - authors):
                name = self.g.value(URIRef(person), FOAF.name)
                self.result.info(self.file, parsed[0][1].line, f"起草人 {name} 在分工说明中没有写明完成的工作。")

    def canonical_labels(self) -> dict[str, str]:
        """Map each element label printed in the work paragraphs to one label per element.

        Labels made of the same characters with the same ending (`运维运营体系`,
        `运营运维体系`) are one element printed two ways; the spelling of the
        change list (the standard's own) wins, else the most frequent.
        """
        groups: dict[tuple[str, ...], list[str]] = {}
        for label in self.labels:
            groups.setdefault(tuple(sorted(label)), []).append(label)
        canon = {}
        for variants in groups.values():
            preferred = [v for v in variants if v in self.preferred]
            chosen = preferred[0] if preferred else max(variants, key=lambda v: self.labels[v])
            for v in variants:
                canon[v] = chosen
                if v != chosen:
                    self.result.info(self.file, self.label_lines[v], f"“{v}”按“{chosen}”读（同一要素的另一种写法）。")
        return canon


def parent_prefix(section: _Section) -> str:
    """The locator prefix a sub-section inherits: `一、` for a top section, else the parent's locator."""
    return section.locator + "、" if section.rank == 1 else section.locator


def _balanced(text: str, start: int) -> int:
    """Index just past the parenthesis closing the one at `start`, or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def parse_work(text: str) -> tuple[list[tuple[list[str], str]], str]:
    """Split `甲、乙（单位一），丙（单位二）做了什么。` into ([([甲, 乙], 单位一), ([丙], 单位二)], 做了什么。).

    Groups are joined by 、 or ，; the work sentence starts where no further
    `姓名（单位）` group follows. A unit's name may itself hold parentheses.
    """
    groups, rest = [], text.strip()
    while m := _GROUP.match(rest):
        close = _balanced(rest, m.end() - 1)
        if close < 0:
            break
        names = m.group(1).split("、")
        groups.append((names, rest[m.end():close - 1].strip()))
        rest = rest[close:]
        nxt = re.match(r"^\s*[、，,]\s*", rest)
        if nxt and _GROUP.match(rest[nxt.end():]):
            rest = rest[nxt.end():]
            continue
        break
    return groups, rest.lstrip("、，, ")


def element_labels(task: str) -> list[str]:
    """The layers and systems (`…层`, `…体系`) a work sentence says were written (编写X、Y等章节内容)."""
    labels = []
    for m in _WRITES.finditer(task):
        obj = m.group(1)
        obj = obj.split("等")[0] if "等" in obj else _ELEMENT_TAIL.sub("", obj)
        for item in obj.split("、"):
            item = item.strip()
            if _ELEMENT_END.search(item):
                labels.append(item)
    return labels


def chapter_numbers(task: str) -> list[str]:
    """The chapter numbers a work sentence names: `第6章节` → ['6'], `5、6章节` → ['5', '6']."""
    out = []
    for m in _CHAPTERS.finditer(task):
        out += re.findall(r"\d{1,2}", m.group(1))
    return list(dict.fromkeys(out))


def load_explanatory_note(path: Path, entry: Entry, source: SourceDocument | None = None) -> LoadResult:
    """Read a 编制说明 (manifest kind "note") and return its graph and the problems met.

    `source` is the note as already read; without it the file at `path` is read here.

    Organization names are folded with the alias table of the note's corpus folder.
    """
    path = Path(path)
    aliases = aliases_for(path.parent)
    reader = _NoteReader(path, entry, aliases, source)
    for p in aliases.problems:
        reader.result.problems.append(p)
    return reader.read()
