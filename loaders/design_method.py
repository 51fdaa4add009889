"""The top-level design method of a design guide: phases, steps, BTE model, principles,
operation models, its own standards system and the annex activity tables.

Everything is found by what the text says, never by the file name:
- the method is the clause that names it and lists its phases and steps
  (`三阶八步，即A、B、C三个阶段，涵盖D、E……等八步内容`);
- a phase or step is tied to the method chapter's clause of the same title,
  and to the body chapters that detail it by title;
- an annex activity table belongs to the step whose chapter refers to its
  clause (`…输入输出见A.1`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

from . import ids
from .activity_tables import ActivityTable, parse_activity_tables
from .document_tree import ClauseView, DocumentTree
from .manifest import Entry
from .pdf_text import Line
from .problems import CdtkgError, LoadResult
from .source_document import SourceDocument, source_of
from .vocab import CDT
from .han import HAN

METHOD_SCHEME_NAME = "design-method"
BTE_SCHEME_NAME = "bte"
SYSTEM_SCHEME_NAME = "standards-system"

_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT = r"[一二两三四五六七八九十\d]+"

# `三阶八步，即A、B、C三个阶段，涵盖D、E，以及F等八步内容`
_METHOD = re.compile(
    r"(?P<name>[^\s，,。：:；;“”\"]{2,12})”?\s*[，,]\s*即\s*(?P<phases>[^。；]+?)(?P<pn>" + _COUNT + r")个阶段"
    r"\s*[，,；;]?\s*(?:涵盖|包括|包含|分为)\s*(?P<steps>[^。；]+?)等?(?P<sn>" + _COUNT + r")个?步"
)
# `B：业务（Business）是城市转型发展的核心……`
_DIMENSION = re.compile(
    rf"(?<![A-Za-z])(?P<letter>[A-Z])\s*[：:]\s*(?P<zh>[{HAN}]{{1,8}})\s*[（(]\s*(?P<en>[A-Za-z][A-Za-z \-]*?)\s*[)）]"
)
_PERIOD = re.compile(r"(?P<min>\d+)\s*年?\s*[～~至到\-—–－]\s*(?P<max>\d+)\s*年")
_OPERATION_MODELS = re.compile(r"运营模式(?:主要)?(?:包括|分为|有)\s*[：:]?\s*(?P<list>[^。；;]+)")
_SYSTEM_PART = re.compile(r"“\s*(?P<notation>\d{2})\s*(?P<label>[^”\d“]{1,15}?)\s*”")
_SYSTEM_NAME = re.compile(r"(?P<name>[^\s，,。：:；;“”]{2,20}?标准体系)\s*由\s*“")
_PART_COUNT = re.compile(r"等?(?P<n>" + _COUNT + r")个部分")
_ANNEX_REF = re.compile(r"见\s*(?:表\s*)?(?P<clause>[A-Z]\s*\.\s*\d+)")
_GENERIC_SUFFIXES = ("专项规划", "规划", "设计", "分析")


def _count(text: str) -> int | None:
    """Return the value of a small Chinese or Arabic numeral (三 → 3, 8 → 8)."""
    if text.isdigit():
        return int(text)
    if len(text) == 1:
        return _NUMERALS.get(text)
    if text.startswith("十"):
        return 10 + _NUMERALS.get(text[1:], 0)
    return None


def _split_list(text: str) -> list[str]:
    """Split an enumeration `A、B，以及C等` into its items."""
    parts = re.split(r"、|[，,]\s*(?:以及|及)?|以及", text)
    out = []
    for p in parts:
        p = re.sub(r"\s+", "", p).rstrip("等")
        if p:
            out.append(p)
    return out


def core(title: str) -> str:
    """Return a title without generic activity words and with one conjunction.

    `数据治理体系专项规划` → `数据治理体系`; `现状评估与需求分析` → `现状评估和需求`.
    """
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"[与及]", "和", t)
    for suffix in _GENERIC_SUFFIXES:
        if t.endswith(suffix) and len(t) > len(suffix):
            return t[: -len(suffix)]
    return t


def _details(step_core: str, chapter_core: str) -> bool:
    """True when a chapter titled `chapter_core` details part of a step titled `step_core`.

    `架构` details `总体架构` (a shorter, more general title); `战略` details
    `需求和战略` (one of the step's conjuncts).
    """
    if len(chapter_core) >= 2 and step_core.endswith(chapter_core):
        return True
    return bool(set(step_core.split("和")) & set(chapter_core.split("和")))


def _strip_end(text: str) -> str:
    return re.sub(r"[\s；;。.]+$", "", text.strip())


def _lit(text: str) -> Literal:
    return Literal(text, lang="zh")


@dataclass
class MethodListing:
    clause: ClauseView
    name: str                  # 三阶八步
    sentence: str              # the whole listing sentence
    phases: list[str]
    steps: list[str]
    declared: tuple[str, str]  # the counts as printed: ("三", "八")
    in_note: bool              # printed as a note (注：…) of its clause


def find_method_listing(clauses: DocumentTree) -> MethodListing | None:
    """Return the first clause text that names a method and lists its phases and steps."""
    for c in clauses.clauses:
        m = _METHOD.search(c.all_text)
        if m:
            end = c.all_text.find("。", m.end())
            sentence = c.all_text[m.start(): end + 1 if end >= 0 else m.end()]
            in_note = re.search(r"注\s*\d*\s*[：:]\s*$", c.all_text[: m.start()]) is not None
            return MethodListing(c, m.group("name"), sentence, _split_list(m.group("phases")),
                                 _split_list(m.group("steps")), (m.group("pn"), m.group("sn")), in_note)
    return None


def applies_to(doc: URIRef, loaded: LoadResult) -> bool:
    """True when the document (`loaded.tree`, its parsed clause tree) states a design method with phases and steps."""
    return loaded.tree is not None and find_method_listing(loaded.tree) is not None


class _Source:
    """The corpus file's physical lines, to point each resource at its exact line."""

    def __init__(self, source: SourceDocument | Path, result: LoadResult, file: str):
        self.document: SourceDocument | None = None
        try:
            self.document = source_of(source)
            self.lines: list[Line] = self.document.lines
        except (OSError, CdtkgError) as e:
            result.warn(file, None, f"无法读取原文以定位行号与附录活动表：{e}")
            self.lines = []

    def page_of(self, line: int | None) -> int | None:
        return self.document.page_of(line) if self.document is not None else None

    def line_of(self, needle: str, start: int | None, default: int | None) -> int | None:
        """Return the first line at or after `start` containing `needle` (spaces ignored)."""
        key = re.sub(r"\s+", "", needle)[:12]
        for ln in self.lines:
            if (start is None or ln.no >= start) and key and key in re.sub(r"\s+", "", ln.text):
                return ln.no
        return default


class _Loader:
    def __init__(self, doc: URIRef, tree: DocumentTree, entry: Entry, path: SourceDocument | Path):
        self.doc, self.entry, self.file = doc, entry, entry.file
        self.result = LoadResult()
        self.g = self.result.graph
        self.clauses = tree
        self.source = _Source(path, self.result, self.file)
        self.method_scheme = ids.scheme_iri(doc, METHOD_SCHEME_NAME)
        self.phases: list[tuple[URIRef, ClauseView | None]] = []
        self.steps: list[tuple[URIRef, str, list[ClauseView]]] = []   # iri, label, related clauses

    # --- helpers -----------------------------------------------------------
    def _provenance(self, node: URIRef, locator: str, line: int | None) -> None:
        self.g.add((node, CDT.sourceDocument, self.doc))
        self.g.add((node, CDT.locator, Literal(locator)))
        if line is not None:
            self.g.add((node, CDT.sourceLine, Literal(line, datatype=XSD.integer)))
        page = self.source.page_of(line)
        if page:
            self.g.add((node, CDT.sourcePage, Literal(page, datatype=XSD.integer)))

    def _concept(self, node: URIRef, cls: URIRef, label: str, scheme: URIRef | None) -> None:
        self.g.add((node, RDF.type, cls))
        self.g.add((node, RDF.type, SKOS.Concept))
        self.g.add((node, SKOS.prefLabel, _lit(label)))
        if scheme is not None:
            self.g.add((node, SKOS.inScheme, scheme))

    def _guard(self, what: str, fn) -> None:
        # A damaged document must give a partial graph and a reported problem, never a crash.
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            self.result.error(self.file, None, f"读取{what}时出错，已跳过：{type(e).__name__}: {e}")

    def run(self) -> LoadResult:
        self._guard("顶层设计方法（阶段与步骤）", self.method)
        self._guard("BTE 三维模型", self.bte)
        self._guard("基本原则", self.principles)
        self._guard("规划期限", self.planning_period)
        self._guard("运营模式", self.operation_models)
        self._guard("标准体系（01–07）", self.standards_system)
        self._guard("附录活动表", self.activities)
        return self.result

    # --- 1. phases and steps --------------------------------------------------
    def _method_clause(self, label: str, candidates: list[ClauseView]) -> ClauseView | None:
        for c in candidates:
            if c.title and re.sub(r"\s+", "", c.title) == label:
                return c
        for c in candidates:
            if c.title and core(c.title) == core(label):
                return c
        return None

    def _detail_clauses(self, label: str, method_chapter: ClauseView) -> list[ClauseView]:
        """Return the body chapters (and their sections) that detail the step `label`."""
        step = core(label)
        out = []
        for chapter in self.clauses.clauses:
            if chapter.parent or not chapter.is_body or chapter is method_chapter or not chapter.title:
                continue
            chapter_core = core(chapter.title)
            if chapter_core == step:
                out.append(chapter)
            elif _details(step, chapter_core):
                out.append(chapter)
                out += [c for c in self.clauses.children(chapter) if c.title and core(c.title) == step]
        return out

    def method(self) -> None:
        listing = find_method_listing(self.clauses)
        if listing is None:
            self.result.warn(self.file, None, "没有找到列出阶段与步骤的顶层设计方法（如“三阶八步，即……三个阶段，涵盖……等八步内容”）。")
            return
        c = listing.clause
        for kind, items, declared in zip(("阶段", "步骤"), (listing.phases, listing.steps), listing.declared):
            if _count(declared) != len(items):
                self.result.warn(self.file, c.line, f"{c.number} 称有 {declared} 个{kind}，但列出了 {len(items)} 个：{'、'.join(items)}。")
        line = self.source.line_of(listing.sentence, c.line, c.line)
        s = self.method_scheme
        self.g.add((s, RDF.type, SKOS.ConceptScheme))
        self.g.add((s, SKOS.prefLabel, _lit(listing.name)))
        self.g.add((s, SKOS.definition, _lit(listing.sentence)))
        where = f"{c.number} 注" if listing.in_note else c.number
        self._provenance(s, where, line)

        method_chapter = self.clauses.chapter_of(c)
        candidates = [x for x in self.clauses.descendants(method_chapter) if x is not c]
        for i, label in enumerate(listing.phases, start=1):
            node = ids.method_iri(self.doc, "phase", str(i))
            self._concept(node, CDT.MethodPhase, label, s)
            self.g.add((node, SKOS.topConceptOf, s))
            self.g.add((s, SKOS.hasTopConcept, node))
            self.g.add((node, CDT.order, Literal(i, datatype=XSD.integer)))
            clause = self._specified_by(node, self._method_clause(label, candidates), where, line,
                                        f"阶段“{label}”在第 {method_chapter.number} 章中没有同名条款。")
            self.phases.append((node, clause))

        for i, label in enumerate(listing.steps, start=1):
            node = ids.method_iri(self.doc, "step", str(i))
            self._concept(node, CDT.MethodStep, label, s)
            self.g.add((node, CDT.stepNumber, Literal(i, datatype=XSD.integer)))
            self.g.add((node, CDT.order, Literal(i, datatype=XSD.integer)))
            clause = self._specified_by(node, self._method_clause(label, candidates), where, line,
                                        f"步骤“{label}”在第 {method_chapter.number} 章中没有对应条款，无法确定所属阶段。")
            phase = None
            if clause is not None:
                chain = self.clauses.ancestors(clause)
                phase = next((p for p, pc in self.phases if pc is not None and pc in chain), None)
                if phase is None:
                    self.result.warn(self.file, clause.line, f"步骤“{label}”（{clause.number}）不在任何阶段的条款之下。")
            if phase is not None:
                self.g.add((node, CDT.inPhase, phase))
                self.g.add((node, SKOS.broader, phase))
            related = self._detail_clauses(label, method_chapter)
            if not related:
                self.result.warn(self.file, line, f"步骤“{label}”没有按标题找到详述它的章。")
            for r in related:
                self.g.add((node, SKOS.related, r.iri))
            self.steps.append((node, label, related))

    def _specified_by(self, node, clause, where: str, line: int, missing: str):
        """Link `node` to the clause specifying it, with that clause as its provenance; without one,
        warn `missing` and cite the listing (`where`, `line`). Returns the clause (or None)."""
        if clause is None:
            self.result.warn(self.file, line, missing)
            self._provenance(node, where, line)
        else:
            self.g.add((node, CDT.specifiedBy, clause.iri))
            self._provenance(node, clause.number, clause.line)
        return clause

    # --- 2. BTE dimensions ----------------------------------------------------------
    def bte(self) -> None:
        """BTE dimensions: a note listing `B：业务（Business）…` whose letters spell the term's acronym."""
        labels_of = {t.number: t.labels for t in self.clauses.terms}
        everything = "\n".join(c.all_text for c in self.clauses.clauses)
        for c in self.clauses.clauses:
            hits = list(_DIMENSION.finditer(c.all_text))
            if len(hits) < 2:
                continue
            letters = "".join(h.group("letter") for h in hits)
            labels = labels_of.get(c.number, []) + ([c.title] if c.title else [])
            if not any(letters in lb for lb in labels):
                if len(re.findall(rf"(?<![A-Za-z]){letters}(?![A-Za-z])", everything)) == 0:
                    continue
                labels = [letters]  # the acronym is used in the text, though no term names it
            self._dimensions(c, hits, labels)
            return

    def _dimensions(self, c: ClauseView, hits: list[re.Match], labels: list[str]) -> None:
        scheme = ids.scheme_iri(self.doc, BTE_SCHEME_NAME)
        self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
        for lb in labels:
            self.g.add((scheme, SKOS.prefLabel, Literal(lb, lang="en" if re.fullmatch(r"[\x00-\x7f]+", lb) else "zh")))
        self._provenance(scheme, c.number, c.line)
        for h, nxt in zip(hits, hits[1:] + [None]):
            letter = h.group("letter")
            definition = c.all_text[h.start("zh"): nxt.start() if nxt else len(c.all_text)]
            definition = re.split(r"\n|\[来源", definition)[0].strip()
            node = ids.method_iri(self.doc, "bte", letter)
            self._concept(node, CDT.BTEDimension, h.group("zh"), scheme)
            self.g.add((node, SKOS.prefLabel, Literal(h.group("en"), lang="en")))
            self.g.add((node, SKOS.notation, Literal(letter)))
            self.g.add((node, SKOS.definition, _lit(definition)))
            self.g.add((node, SKOS.topConceptOf, scheme))
            self.g.add((scheme, SKOS.hasTopConcept, node))
            line = self.source.line_of(f"{letter}：{h.group('zh')}", c.line, c.line)
            self._provenance(node, f"{c.number} 注 {letter}", line)

    # --- 3. principles and planning period -------------------------------------------
    def principles(self) -> None:
        for c in self.clauses.clauses:
            if not c.is_body or not c.title or not c.title.rstrip().endswith("原则"):
                continue
            for order, p in enumerate([p for p in c.provisions if not p.nested], start=1):
                m = re.match(r"^\s*([^。；;]{2,30}?)\s*。\s*(.+)$", p.text, re.S)
                if not m:
                    self.result.warn(self.file, p.line, f"{c.number} {p.marker} 不是“原则名。说明”的形式，未作为原则收录。")
                    continue
                label = _strip_end(m.group(1))
                node = ids.method_iri(self.doc, "principle", label)
                self.g.add((node, RDF.type, CDT.Principle))
                self.g.add((node, SKOS.prefLabel, _lit(label)))
                self.g.add((node, SKOS.definition, _lit(_strip_end(m.group(2)))))
                self.g.add((node, CDT.marker, Literal(p.marker)))
                self.g.add((node, CDT.order, Literal(order, datatype=XSD.integer)))
                self._provenance(node, p.locator or f"{c.number} {p.marker}", p.line)

    def planning_period(self) -> None:
        for c in self.clauses.clauses:
            if not c.is_body or not c.title or not re.search(r"期限|周期", c.title):
                continue
            m = _PERIOD.search(c.all_text)
            if not m:
                self.result.warn(self.file, c.line, f"{c.number} {c.title} 中没有“X年～Y年”形式的期限。")
                continue
            s = self.method_scheme
            self.g.add((s, CDT.planningPeriod, _lit(re.sub(r"\s+", "", m.group(0)))))
            self.g.add((s, CDT.planningPeriodMinYears, Literal(int(m.group("min")), datatype=XSD.integer)))
            self.g.add((s, CDT.planningPeriodMaxYears, Literal(int(m.group("max")), datatype=XSD.integer)))
            return

    # --- 4. operation models -----------------------------------------------------------
    def operation_models(self) -> None:
        seen = set()
        for c in self.clauses.clauses:
            if not c.is_body:
                continue
            for m in _OPERATION_MODELS.finditer(c.all_text):
                labels = _split_list(m.group("list"))
                line = self.source.line_of(m.group(0), c.line, c.line)
                for label in labels:
                    if label in seen or not 2 <= len(label) <= 30:
                        continue
                    seen.add(label)
                    node = ids.method_iri(self.doc, "operation-model", label)
                    self.g.add((node, RDF.type, CDT.OperationModel))
                    self.g.add((node, SKOS.prefLabel, _lit(label)))
                    self.g.add((node, CDT.order, Literal(len(seen), datatype=XSD.integer)))
                    self._provenance(node, c.number, line)

    # --- 5. the standards system 01–07 ---------------------------------------------------
    def standards_system(self) -> None:
        for c in self.clauses.clauses:
            parts = list(_SYSTEM_PART.finditer(c.text))
            if len(parts) >= 2:
                self._system(c, parts)
                return

    def _system(self, c: ClauseView, parts: list[re.Match]) -> None:
        scheme = ids.scheme_iri(self.doc, SYSTEM_SCHEME_NAME)
        name = _SYSTEM_NAME.search(c.text)
        self.g.add((scheme, RDF.type, SKOS.ConceptScheme))
        self.g.add((scheme, SKOS.prefLabel, _lit(name.group("name") if name else c.title)))
        line = self.source.line_of(parts[0].group(0), c.line, c.line)
        self._provenance(scheme, c.number, line)
        declared = _PART_COUNT.search(c.text, parts[-1].end())
        if declared and _count(declared.group("n")) != len(parts):
            self.result.warn(self.file, line, f"{c.number} 称有 {declared.group('n')} 个部分，但列出了 {len(parts)} 个。")
        segments = [seg for p in c.provisions if not p.nested for seg in re.split(r"[；;]", p.text) if seg.strip()]
        for m in parts:
            notation, label = m.group("notation"), m.group("label").strip()
            node = ids.method_iri(self.doc, "system-part", notation)
            self._concept(node, CDT.SystemPart, label, scheme)
            self.g.add((node, SKOS.notation, Literal(notation)))
            self.g.add((node, SKOS.topConceptOf, scheme))
            self.g.add((scheme, SKOS.hasTopConcept, node))
            self._provenance(node, f"{c.number} {notation}", self.source.line_of(m.group(0), c.line, line))
            # A provision describes a part when it names "<label>(类)标准" as its subject,
            # i.e. before its first comma.
            subject = re.compile(re.escape(label) + r"类?标准")
            notes = [_strip_end(seg) for seg in segments if subject.search(re.split(r"[，,]", seg)[0])]
            if not notes:
                self.result.info(self.file, line, f"{c.number} 的“{notation}{label}”没有找到说明它的列项。")
            for n in notes:
                self.g.add((node, SKOS.scopeNote, _lit(n)))

    # --- 6. activity tables -------------------------------------------------------------------
    def _step_for(self, table: ActivityTable) -> URIRef | None:
        """Return the step whose detailing chapter refers to the table's clause, else by title."""
        steps_of: dict[str, list[URIRef]] = {}
        for node, _, related in self.steps:
            for r in related:
                steps_of.setdefault(r.number, []).append(node)
        for c in self.clauses.clauses:
            if not c.is_body:
                continue
            refs = {re.sub(r"\s+", "", m.group("clause")) for m in _ANNEX_REF.finditer(c.all_text)}
            if table.clause not in refs:
                continue
            for a in self.clauses.ancestors(c):
                if len(steps_of.get(a.number, [])) == 1:
                    return steps_of[a.number][0]
        title = core(table.clause_title)
        for node, label, related in self.steps:
            if core(label) == title or any(r.title and core(r.title) == title for r in related):
                return node
        return None

    def activities(self) -> None:
        tables = parse_activity_tables(self.source.lines, self.result, self.file)
        for table in tables:
            step = self._step_for(table)
            if step is None:
                self.result.warn(self.file, table.header_line,
                                 f"{table.label}（{table.clause} {table.clause_title}）找不到所属的设计步骤：正文没有引用它，标题也不与任何步骤相符。")
            names: set[str] = set()
            for order, a in enumerate(table.activities, start=1):
                if a.name in names:
                    self.result.warn(self.file, a.line, f"{table.label} 中活动“{a.name}”重复，已合并。")
                names.add(a.name)
                node = ids.method_iri(self.doc, "activity", f"{table.clause}-{a.name or order}")
                self.g.add((node, RDF.type, CDT.Activity))
                if a.name:
                    self.g.add((node, SKOS.prefLabel, _lit(a.name)))
                for item in a.inputs:
                    self.g.add((node, CDT.input, _lit(item.text)))
                for item in a.outputs:
                    self.g.add((node, CDT.output, _lit(item.text)))
                self.g.add((node, CDT.table, Literal(table.label)))
                self.g.add((node, CDT.order, Literal(order, datatype=XSD.integer)))
                if step is not None:
                    self.g.add((node, CDT.forStep, step))
                self._provenance(node, f"{table.label} {a.name}".strip(), a.line)


def load_design_method(doc: URIRef, loaded: LoadResult, entry: Entry, path: SourceDocument | Path) -> LoadResult:
    """Return the design method model of one document: phases, steps, BTE dimensions,
    principles, planning period, operation models, standards system parts and activities,
    read from `loaded.tree`, the clause tree the GB/T loader parsed (an empty tree without it)."""
    return _Loader(doc, loaded.tree or DocumentTree(doc), entry, path).run()
