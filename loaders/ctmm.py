"""A maturity model standard (CTMM): levels, capability domains, items and level features.

Read from the document's own text, with general rules:

* levels: the list items `a) 一级（基础级）：<overall feature>` give each
  level's number, names and definition; a sentence `一级、二级对应“潜力发展类”城市`
  gives the city category of the levels it names;
* capabilities: the tables whose header has level columns (`一级（基础级）` …)
  are the level-feature tables. The clause a table sits in is a capability
  sub-domain, that clause's parent is a domain, and the rows' first cells are
  the capability items; the domains and sub-domains are the children and
  grandchildren of the chapter holding these tables;
* each cell of an item under a level column is a level feature; its lettered
  statements `a) …； b) …` are Provisions;
* the counts the text states (`共20个核心能力子域`, `共39个能力项`, `共分为5个级别`,
  `能力域包括A、B…6个能力域`) are checked against what was read.

Domains and sub-domains are linked to their clauses with cdt:specifiedBy (the
clause that states their features), as model elements are in the reference model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from . import ids
from .standard_nodes import add_standard
from .gbt_modality import modality
from .manifest import Entry
from .pdf_text import Line, ends_sentence, rejoin
from .problems import LoadResult
from .source_document import SourceDocument, source_of
from .standard_numbers import find_numbers, is_placeholder
from .tables import CAPTION_RE, ParsedRow, ParsedTable, numbered_lines, parse_tables
from .vocab import CDT
from .list_markers import CN_NUMERAL, LETTER_ITEM, NUMBER_ITEM
from .han import BOOK_TITLE

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_HEADING = re.compile(r"^(\d+(?:\.\d+)*)(?:\s+(\S.{0,40}))?$")
_MARKER = re.compile(rf"^(?:[-•]\s*)?(?:{LETTER_ITEM}|{NUMBER_ITEM})\s*")
# a maturity level (`三级`), and as the model names it (`三级（优化级）`): groups its numeral, then its name
_LEVEL = f"({CN_NUMERAL})级"
_NAMED_LEVEL = rf"{_LEVEL}\s*[（(]([^）)]+)[)）]"
_LEVEL_ITEM = re.compile(rf"^(?:[-•]\s*)?{LETTER_ITEM}\s*{_NAMED_LEVEL}\s*[：:]\s*(.+)$")
_LEVEL_NAME = re.compile(_NAMED_LEVEL)
_LEVEL_REF = re.compile(_LEVEL)
_CATEGORY = re.compile(rf"((?:{CN_NUMERAL}级[、，和及与]?)+)对应\s*[“\"]([^”\"]+)[”\"]")
_LEVEL_COUNT = re.compile(r"共分为\s*(\d+)\s*个(?:级别|等级)")
_DOMAIN_LIST = re.compile(r"能力域包括(.+?)(\d+)\s*个能力域")
_SUBDOMAIN_COUNT = re.compile(r"共\s*(\d+)\s*个(?:核心)?能力子域")
_ITEM_COUNT = re.compile(r"共\s*(\d+)\s*个能力项")
_STATEMENT = re.compile(rf"(?:^|(?<=[；;。\s])){LETTER_ITEM}\s*")
_NORMATIVE_TITLE = re.compile(r"规范性引用文件")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_LOCATOR_AFTER = (
    (re.compile(r"^\s*(?:中\s*)?(?:的\s*)?第\s*(\d+)\s*章"), "第{}章"),
    (re.compile(r"^\s*(?:中\s*)?(?:的\s*)?(\d+(?:\.\d+)+)"), "{}"),
    (re.compile(r"^\s*(?:中\s*)?(?:的\s*)?附\s*录\s*([A-Z])"), "附录{}"),
)


# --- reading the text ---------------------------------------------------------------
@dataclass
class Heading:
    number: str
    title: str
    line: int

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.number.rpartition(".")[0] or None


@dataclass
class Level:
    number: int
    name: str          # 基础级
    alt: str           # 一级
    definition: str
    locator: str
    line: int
    category: str | None = None


@dataclass
class _Text:
    """The document's prose lines (tables left out), each with its clause."""

    lines: list[tuple[Line, Heading | None]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)

    def heading_at(self, line_no: int) -> Heading | None:
        current = None
        for h in self.headings:
            if h.line > line_no:
                break
            current = h
        return current


def _follows(prev: tuple[int, ...], num: tuple[int, ...]) -> bool:
    """True when `num` can come right after clause `prev`: its first child or a next sibling of it or an ancestor."""
    if num == prev + (1,):
        return True
    return any(num == prev[:k] + (prev[k] + 1,) for k in range(len(prev)))


def _heading(text: str) -> tuple[str, str] | None:
    m = _HEADING.match(text)
    if not m:
        return None
    title = (m.group(2) or "").strip()
    if title and (ends_sentence(title) or re.search(r"[，。；]", title)):
        return None
    return m.group(1), title


def read_prose(lines: list[Line]) -> _Text:
    """Return the prose lines (no table rows) with the clause each belongs to.

    A line is a clause heading only when its number can follow the previous
    heading's, so dates and numbers starting a sentence are not headings.
    """
    out = _Text()
    prev: tuple[int, ...] = ()
    current: Heading | None = None

    def starts_block(t: str) -> bool:
        return bool(_heading(t) or _MARKER.match(t) or CAPTION_RE.match(t))

    prose = [ln for ln in lines if not ln.text.startswith("|")]
    for ln in rejoin(prose, starts_block, closed=lambda t: _heading(t) is not None):
        h = _heading(ln.text)
        if h:
            num = tuple(int(p) for p in h[0].split("."))
            if _follows(prev, num):
                prev, current = num, Heading(h[0], h[1], ln.no)
                out.headings.append(current)
                continue
        out.lines.append((ln, current))
    return out


def read_levels(prose: _Text, result: LoadResult, file: str) -> list[Level]:
    """Return the maturity levels defined by `a) 一级（基础级）：…` items, with their city category."""
    levels: dict[int, Level] = {}
    categories: dict[int, str] = {}
    declared = None
    for ln, heading in prose.lines:
        m = _LEVEL_ITEM.match(ln.text)
        if m:
            n = _CN_DIGITS[m.group(2)]
            where = f"{heading.number} {m.group(1)})" if heading else f"{m.group(1)})"
            if n in levels:
                result.warn(file, ln.no, f"{m.group(2)}级的总体特征出现了两次；保留第一次（第 {levels[n].line} 行）。")
                continue
            levels[n] = Level(n, m.group(3).strip(), f"{m.group(2)}级",
                              m.group(4).strip().rstrip("；;"), where, ln.no)
            continue
        for cm in _CATEGORY.finditer(ln.text):
            for ref in _LEVEL_REF.findall(cm.group(1)):
                categories[_CN_DIGITS[ref]] = cm.group(2).strip()
        dm = _LEVEL_COUNT.search(ln.text)
        if dm:
            declared = (int(dm.group(1)), ln.no)
    for n, level in levels.items():
        level.category = categories.get(n)
        if level.category is None:
            result.warn(file, level.line, f"{level.alt}（{level.name}）没有对应的城市类别（“…对应“××类”城市”）。")
    if declared and declared[0] != len(levels):
        result.warn(file, declared[1], f"正文说共分为 {declared[0]} 个级别，但读到 {len(levels)} 个等级的总体特征。")
    if not levels:
        result.warn(file, None, "没有找到成熟度等级的总体特征（形如“a) 一级（基础级）：…”的列项）。")
    return [levels[n] for n in sorted(levels)]


def level_columns(table: ParsedTable) -> dict[int, tuple[int, str]]:
    """Return {column: (level number, level name in the header)} for a table's level columns."""
    out = {}
    for col, name in enumerate(table.header):
        found = _LEVEL_NAME.findall(name)
        if col > 0 and found:
            digit, level_name = found[-1]
            out[col] = (_CN_DIGITS[digit], level_name.strip())
    return out


def normative_placeholders(prose: _Text) -> dict[str, str]:
    """Return {placeholder number: title} for the placeholder numbers listed in the 规范性引用文件 chapter."""
    out = {}
    for ln, heading in prose.lines:
        if heading is None or heading.depth != 1 or not _NORMATIVE_TITLE.search(heading.title):
            continue
        found = find_numbers(ln.text)
        title = BOOK_TITLE.search(ln.text)
        if found and title and is_placeholder(found[0].number):
            out.setdefault(found[0].number, title.group(1).strip())
    return out


def statements(cell_paragraphs) -> list[tuple[str, str, int]]:
    """Return the lettered statements (marker "a)", text, source line) of a cell, in order.

    A marker counts only when it is the next letter expected (a, b, c …) and
    starts the text or follows `；`, `。` or a space.
    """
    text, starts = "", []
    for p in cell_paragraphs:
        if text:
            text += " "
        starts.append((len(text), p.line))
        text += p.text
    found, expected = [], "a"
    for m in _STATEMENT.finditer(text):
        if m.group(1) == expected:
            found.append(m)
            expected = chr(ord(expected) + 1)
    out = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        body = text[m.end():end].strip().rstrip("；;。 ").strip()
        line = max(ln for at, ln in starts if at <= m.start())
        out.append((f"{m.group(1)})", body, line))
    return out


def cited_locator(text: str, end: int) -> str:
    """Return the place cited right after a standard number ending at `end`: `第12章`, `4.1.4`, `附录A`, or ""."""
    rest = text[end:]
    for pattern, form in _LOCATOR_AFTER:
        m = pattern.match(rest)
        if m:
            return form.format(m.group(1))
    return ""


# --- the graph ------------------------------------------------------------------------
class _Emitter:
    def __init__(self, doc: URIRef, entry: Entry, result: LoadResult, source: SourceDocument | None = None):
        self.doc, self.entry, self.result, self.source = doc, entry, result, source
        self.g = result.graph
        self.file = entry.file
        self.scheme = ids.scheme_iri(doc, "ctmm")

    def provenance(self, node: URIRef, locator: str, line: int) -> None:
        self.g.add((node, CDT.sourceDocument, self.doc))
        self.g.add((node, CDT.locator, Literal(locator)))
        self.g.add((node, CDT.sourceLine, Literal(line, datatype=XSD.integer)))
        page = self.source.page_of(line) if self.source is not None else None
        if page:
            self.g.add((node, CDT.sourcePage, Literal(page, datatype=XSD.integer)))

    def concept(self, node: URIRef, cls: URIRef, label: str, order: int) -> None:
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, Literal(label, lang="zh")))
        g.add((node, SKOS.inScheme, self.scheme))
        g.add((node, CDT.order, Literal(order, datatype=XSD.integer)))

    def scheme_node(self, title: str) -> None:
        self.g.add((self.scheme, RDF.type, SKOS.ConceptScheme))
        self.g.add((self.scheme, SKOS.prefLabel, Literal(title, lang="zh")))
        self.g.add((self.scheme, CDT.sourceDocument, self.doc))

    def level(self, lv: Level) -> URIRef:
        node = ids.maturity_level_iri(self.doc, lv.number)
        g = self.g
        self.concept(node, CDT.MaturityLevel, lv.name, lv.number)
        g.add((node, SKOS.altLabel, Literal(lv.alt, lang="zh")))
        g.add((node, CDT.levelNumber, Literal(lv.number, datatype=XSD.integer)))
        g.add((node, SKOS.definition, Literal(lv.definition, lang="zh")))
        if lv.category:
            g.add((node, CDT.cityCategory, Literal(lv.category, lang="zh")))
        self.provenance(node, lv.locator, lv.line)
        return node

    def capability(self, cls: URIRef, kind: str, key: str, label: str, number: str,
                   order: int, locator: str, line: int, broader: URIRef | None) -> URIRef:
        node = ids.capability_iri(self.doc, kind, key)
        self.concept(node, cls, label, order)
        self.g.add((node, CDT.number, Literal(number)))
        self.g.add((node, CDT.specifiedBy, ids.clause_iri(self.doc, number)))
        if broader is None:
            self.g.add((node, SKOS.topConceptOf, self.scheme))
            self.g.add((self.scheme, SKOS.hasTopConcept, node))
        else:
            self.g.add((node, SKOS.broader, broader))
            self.g.add((broader, SKOS.narrower, node))
        self.provenance(node, locator, line)
        return node

    def cite(self, source: URIRef, text: str, locator: str, line: int,
             placeholders: dict[str, str]) -> list[URIRef]:
        """Add cdt:cites and one cdt:Citation per cited standard and place; return the standards."""
        g, seen = self.g, {}
        for found in find_numbers(text):
            if is_placeholder(found.number):
                title = placeholders.get(found.number)
                if title is None:
                    self.result.warn(self.file, line, f"{locator} 引用了 {found.number}，但第2章没有列出这个待定编号的文件；未建立引用。")
                    continue
                std = add_standard(g, found.number, title)
            else:
                std = add_standard(g, found.number)
            seen.setdefault(std, set()).add(cited_locator(text, found.end))
        for std, places in seen.items():
            g.add((source, CDT.cites, std))
            # a later mention without a place adds nothing to one with a place
            for place in sorted(places - {""} or {""}):
                c = ids.citation_iri(source, std, "in-text", place)
                g.add((c, RDF.type, CDT.Citation))
                g.add((c, CDT.fromText, source))
                g.add((c, CDT.toStandard, std))
                g.add((c, CDT.citationKind, Literal("in-text")))
                if place:
                    g.add((c, CDT.citedLocator, Literal(place)))
                self.provenance(c, locator, line)
        return list(seen)


# --- the loader -------------------------------------------------------------------------
_MODEL_CLAUSE = re.compile(r"成熟度等级")
_DOMAIN_CLAUSE = re.compile(r"能力域")


def applies_to(doc: URIRef, loaded: LoadResult) -> bool:
    """True when the document (`loaded`: its graph as the GB/T loader made it) has a clause on
    maturity levels (…成熟度等级…) and one on capability domains (…能力域…), or a table titled
    with 成熟度等级 in one of its clauses."""
    doc_graph = loaded.graph
    clauses = set(doc_graph.subjects(CDT.inDocument, doc))
    titles = [str(t) for c in clauses for t in doc_graph.objects(c, DCTERMS.title)]
    if any(_MODEL_CLAUSE.search(t) for t in titles) and any(_DOMAIN_CLAUSE.search(t) for t in titles):
        return True
    return any(
        _MODEL_CLAUSE.search(str(title))
        for table in doc_graph.subjects(RDF.type, CDT.Table)
        if doc_graph.value(table, CDT.inClause) in clauses
        for title in doc_graph.objects(table, DCTERMS.title)
    )


def _doc_title(doc: URIRef, doc_graph: Graph, entry: Entry) -> str:
    for t in doc_graph.objects(doc, DCTERMS.title):
        if getattr(t, "language", None) == "zh":
            return str(t)
    return entry.title


def _check_count(result: LoadResult, file: str, prose: _Text, pattern: re.Pattern,
                 found: int, what: str) -> None:
    for ln, _ in prose.lines:
        m = pattern.search(ln.text)
        if m:
            stated = int(m.group(m.lastindex))
            if stated != found:
                result.warn(file, ln.no, f"正文说共 {stated} 个{what}，但读到 {found} 个。")
            return


def load_ctmm(doc: URIRef, loaded: LoadResult, entry: Entry, source: SourceDocument | Path) -> LoadResult:
    """Return the maturity levels, capability domains / sub-domains / items and the
    level features (with their lettered statements) of the maturity model in `source`
    (the document as read once by the build, or a path to read it from); `loaded` is
    what the GB/T loader made of the document (its title is read from its graph)."""
    doc_graph = loaded.graph
    result = LoadResult(Graph())
    file = entry.file
    source = source_of(source)
    text = source.text
    prose = read_prose(source.lines)
    tables = parse_tables(numbered_lines(text))
    out = _Emitter(doc, entry, result, source)
    out.scheme_node(_doc_title(doc, doc_graph, entry))

    levels = {lv.number: lv for lv in read_levels(prose, result, file)}
    for lv in levels.values():
        out.level(lv)

    by_number = {h.number: h for h in prose.headings}
    feature_tables = []
    for t in tables:
        for line, message in t.warnings:
            result.warn(file, line, f"{t.number or '表格'}：{message}")
        if level_columns(t):
            if t.caption_line is None:
                result.warn(file, t.chunks[0].first_line, "有等级列的表格没有表题，无法确定其编号；已跳过。")
                continue
            feature_tables.append((t, prose.heading_at(t.caption_line)))
    if not feature_tables:
        result.warn(file, None, "没有找到以成熟度等级为列的特征表。")
        return result

    chapters = {h.number.split(".")[0] for _, h in feature_tables if h}
    if not chapters:
        result.warn(file, feature_tables[0][0].caption_line, "特征表不在任何编号条款之下，无法确定能力域。")
        return result
    chapter = max(chapters, key=lambda c: sum(1 for _, h in feature_tables if h and h.number.split(".")[0] == c))
    domains = [h for h in prose.headings if h.parent == chapter]
    subdomains = [h for h in prose.headings if h.parent and h.parent.rpartition(".")[0] == chapter
                  and h.depth == 3]
    domain_nodes, subdomain_nodes = {}, {}
    for order, h in enumerate(domains, start=1):
        domain_nodes[h.number] = out.capability(
            CDT.CapabilityDomain, "domain", h.number, h.title, h.number, order, h.number, h.line, None)
    for order, h in enumerate(subdomains, start=1):
        subdomain_nodes[h.number] = out.capability(
            CDT.CapabilitySubdomain, "subdomain", h.number, h.title, h.number, order, h.number,
            h.line, domain_nodes.get(h.parent))
    _check_domain_list(result, file, prose, [h.title for h in domains])
    _check_count(result, file, prose, _SUBDOMAIN_COUNT, len(subdomains), "能力子域")

    placeholders = normative_placeholders(prose)
    item_order, with_table, items_seen = 0, set(), {}
    for table, heading in feature_tables:
        if heading is None or heading.number not in subdomain_nodes:
            where = heading.number if heading else "（无条款）"
            result.warn(file, table.caption_line, f"{table.number} 不在某个能力子域（第 {chapter} 章的三级条款）之下，而在 {where}；已跳过。")
            continue
        with_table.add(heading.number)
        named = _QUOTED.search(table.title)
        if named and named.group(1) != heading.title:
            result.warn(file, table.caption_line, f"{table.number} 的表题说“{named.group(1)}”，但它位于 {heading.number} {heading.title}。")
        columns = level_columns(table)
        for col, (n, name) in columns.items():
            if n in levels and levels[n].name != name:
                result.warn(file, table.header_lines[-1] if table.header_lines else table.caption_line,
                            f"{table.number} 第 {col + 1} 列的等级名“{name}”与第 {levels[n].locator} 条的“{levels[n].name}”不同。")
        for row in table.rows:
            label = row.cells[0].text
            if label in items_seen:
                result.warn(file, row.line, f"能力项“{label}”在{items_seen[label]}中已出现；两处合为同一个能力项。")
            items_seen.setdefault(label, table.number)
            item_order += 1
            item = out.capability(
                CDT.CapabilityItem, "item", label, label, heading.number, item_order,
                f"{table.number} {label}", row.line, subdomain_nodes[heading.number])
            for col, (n, _) in columns.items():
                _feature(out, item, label, table, row, col, n, levels, placeholders, heading)
    for number in subdomain_nodes:
        if number not in with_table:
            result.warn(file, by_number[number].line, f"能力子域 {number} {by_number[number].title} 没有特征表。")
    _check_count(result, file, prose, _ITEM_COUNT, item_order, "能力项")
    return result


def _check_domain_list(result: LoadResult, file: str, prose: _Text, titles: list[str]) -> None:
    for ln, _ in prose.lines:
        m = _DOMAIN_LIST.search(ln.text)
        if not m:
            continue
        listed = [p.strip("“”\"、 ") for p in m.group(1).split("、")]
        if int(m.group(2)) != len(listed):
            result.warn(file, ln.no, f"能力域列表列出 {len(listed)} 项，却说共 {m.group(2)} 个。")
        if listed != titles:
            result.warn(file, ln.no, f"能力域列表（{'、'.join(listed)}）与各章节标题（{'、'.join(titles)}）不一致。")
        return


def _feature(out: _Emitter, item: URIRef, label: str, table: ParsedTable, row: ParsedRow, col: int,
             level: int, levels: dict[int, Level], placeholders: dict[str, str], clause: Heading) -> None:
    g, doc = out.g, out.doc
    cell = row.cells[col]
    alt = levels[level].alt if level in levels else table.header[col].rpartition(" / ")[2]
    where = f"{table.number} {label} {alt}"
    if not cell.paragraphs:
        out.result.warn(out.file, row.line, f"{where} 是空格；没有建立等级特征。")
        return
    node = ids.level_feature_iri(item, level)
    g.add((node, RDF.type, CDT.LevelFeature))
    g.add((node, CDT.ofItem, item))
    g.add((node, CDT.atLevel, ids.maturity_level_iri(doc, level)))
    g.add((node, CDT.text, Literal(cell.text, lang="zh")))
    g.add((node, CDT.table, Literal(table.number)))
    out.provenance(node, where, cell.line)
    found = statements(cell.paragraphs)
    if not found:
        out.result.warn(out.file, cell.line, f"{where} 没有 a) b) … 列项。")
    for order, (marker, text, line) in enumerate(found, start=1):
        prov = ids.provision_iri(node, [marker])
        g.add((prov, RDF.type, CDT.Provision))
        g.add((prov, CDT.inFeature, node))
        g.add((prov, CDT.inClause, ids.clause_iri(doc, clause.number)))
        g.add((prov, CDT.marker, Literal(marker)))
        g.add((prov, CDT.text, Literal(text, lang="zh")))
        g.add((prov, CDT.modality, modality(text)))
        g.add((prov, CDT.order, Literal(order, datatype=XSD.integer)))
        locator = f"{where} {marker}"
        out.provenance(prov, locator, line)
        for std in out.cite(prov, text, locator, line, placeholders):
            g.add((node, CDT.cites, std))
