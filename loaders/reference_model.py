"""The conceptual and technical reference model a standard states (001's chapters 5, 6, 7).

Reads the clause tree that loaders/gbt_document.py parsed (loaders/document_tree.py:
clauses and items with the IRIs of their cdt:Clause and cdt:Provision) and adds the
model on top of it:

- the conceptual model: a chapter titled …概念模型 whose lettered items are
  perspectives (`a) 全领域推进：包括A、B…和F等领域，…`), each listing its elements;
- the technical reference model: a chapter titled …技术参考模型 whose lettered
  items are layers (`…层`) and support systems (`…体系`), their numbered items
  and the elements each item lists are components; the intro sentences give
  the dependsOn chain, the constrains relations and the aggregates (`A、B和C构成X`);
- the requirements chapter: the chapter whose headings name the most model
  elements; each heading is the cdt:specifiedBy of its element, a heading that
  names no element of chapter 6 becomes a component of its parent's element,
  a `…要求` heading (7.2.1 总体要求) specifies its parent's element;
- the foreword's changes (cdt:Change, made by the GB/T loader) are linked to
  the element they concern, and renamed elements keep their old name.

Decisions (documented for query writers):
- every element is in skos:inScheme ids.TRM_SCHEME and in one of two schemes
  of the document, ids.scheme_iri(doc, "conceptual") or (doc, "technical");
- an element named by a list item of its parent's clause (7.3.1 a) 身份认证：)
  is cdt:specifiedBy that clause (7.3.1) and cdt:specifiedByProvision the item;
- a Change is linked to its element (or model scheme) with cdt:contributedTo;
- layers are listed bottom-up (a) is the lowest), as GB/T 1.1 drafts draw them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from . import ids
from .manifest import Entry
from .pdf_text import Line
from .problems import CdtkgError, LoadResult
from .document_tree import DocumentTree
from .source_document import SourceDocument, source_of
from .vocab import CDT
from .list_markers import CIRCLED_ITEM, LETTER_ITEM, NUMBER_ITEM

CONCEPTUAL_TITLE = re.compile(r"概念模型$")
TECHNICAL_TITLE = re.compile(r"参考模型$")
_LABELLED = re.compile(r"^([^：:，,。；;、（）()\s]{1,24})\s*[：:]\s*(.*)$", re.S)
_MARKER = re.compile(rf"^\s*[-*]?\s*(?:{LETTER_ITEM}|{NUMBER_ITEM}|{CIRCLED_ITEM})\s*")
_ENUM_VERB = re.compile(r"^(主要)?(包括|包含|涵盖|提供)")
_CLAUSE_END = re.compile(r"[，,。；;]")
_CONJ = re.compile(r"以及|和")
_REQUIREMENTS_HEADING = re.compile(r"要求$")
_SUBJECT = re.compile(r"^([^，,。；;：:、\s]{2,20}?)(?:是|为|作为)")
_CN_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

CONCEPTUAL, TECHNICAL = "conceptual", "technical"
_SCHEME_LABELS = {
    CONCEPTUAL: ("概念模型", "Conceptual model"),
    TECHNICAL: ("技术参考模型", "Technical reference model"),
}


# --- the clause tree, read back from the document graph -----------------------
@dataclass
class _Provision:
    iri: URIRef
    clause: URIRef
    marker: str
    text: str
    parent: URIRef | None
    order: int
    line: int | None
    locator: str
    children: list["_Provision"] = field(default_factory=list)

    @property
    def label_and_body(self) -> tuple[str, str] | None:
        """(`身份认证`, `…`) for an item that opens with a name and a colon, else None."""
        m = _LABELLED.match(self.text)
        return (m.group(1).strip(), m.group(2).strip()) if m else None


@dataclass
class _Clause:
    iri: URIRef
    number: str
    title: str
    text: str
    parent: URIRef | None
    order: int
    line: int | None
    children: list["_Clause"] = field(default_factory=list)
    provisions: list[_Provision] = field(default_factory=list)  # top-level items only

    def descendants(self) -> list["_Clause"]:
        out = []
        for c in self.children:
            out.append(c)
            out.extend(c.descendants())
        return out


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _str(value) -> str:
    return str(value).strip() if value is not None else ""


def _read_tree(tree: DocumentTree | None) -> list[_Clause]:
    """Return the document's chapters (clauses without a parent), children and items attached, in order,
    from the clause tree the GB/T loader parsed."""
    if tree is None:
        return []
    clauses: dict[URIRef, _Clause] = {}
    provisions: dict[URIRef, _Provision] = {}
    for view in tree.clauses:
        c = clauses[view.iri] = _Clause(iri=view.iri, number=view.number, title=view.title.strip(),
                                          text=view.text.strip(), parent=None, order=view.order, line=view.line)
        if view.parent in tree.by_number:
            c.parent = tree.by_number[view.parent].iri
        for p in view.provisions:
            provisions[p.iri] = _Provision(
                iri=p.iri, clause=view.iri, marker=p.marker.strip(),
                text=_MARKER.sub("", p.text.strip().replace("**", ""), count=1).strip(),
                parent=p.parent, order=p.order, line=p.line, locator=p.locator.strip() or f"{view.number} {p.marker}",
            )
    for p in sorted(provisions.values(), key=lambda p: p.order):
        if p.parent in provisions:
            provisions[p.parent].children.append(p)
        else:
            clauses[p.clause].provisions.append(p)
    chapters = []
    for c in sorted(clauses.values(), key=lambda c: c.order):
        if c.parent in clauses:
            clauses[c.parent].children.append(c)
        else:
            chapters.append(c)
    return chapters


def _model_chapter(chapters: list[_Clause], title: re.Pattern) -> _Clause | None:
    """The first chapter with a matching title whose items name things (`a) 设施层：…`)."""
    for c in chapters:
        if title.search(c.title) and any(p.label_and_body for p in c.provisions):
            return c
    return None


def applies_to(doc: URIRef, loaded: LoadResult) -> bool:
    """True when the document (`loaded.tree`, its parsed clause tree) has a …概念模型 or …技术参考模型
    chapter with a lettered list of named elements."""
    chapters = _read_tree(loaded.tree)
    return bool(_model_chapter(chapters, CONCEPTUAL_TITLE) or _model_chapter(chapters, TECHNICAL_TITLE))


# --- reading enumerations ---------------------------------------------------------
def split_enumeration(body: str, keep_whole: set[str] = frozenset()) -> tuple[list[str], str]:
    """Return (the names a body lists, the rest of the body) for `包括A、B和C等…，rest`.

    The list is introduced by 包括/主要包括/包含/涵盖, or by 提供 when it really is a
    list (has 、 and ends with 等…). A name in `keep_whole` is not split at 和.
    The rest is the text after the list (the element's function), or the whole
    body when the verb was 提供 (the list itself says what the element provides).
    """
    m = _ENUM_VERB.match(body)
    if not m:
        return [], body
    after = body[m.end():]
    end = _CLAUSE_END.search(after)
    segment = after[: end.start()] if end else after
    rest = after[end.end():].strip() if end else ""
    cut = segment.rfind("等")
    if cut > 0 and len(segment) - cut <= 8:
        segment = segment[:cut]
    elif m.group(2) == "提供":
        return [], body
    if m.group(2) == "提供":
        if "、" not in segment:
            return [], body
        rest = body
    parts = [p.strip() for p in segment.split("、") if p.strip()]
    if parts and parts[-1] not in keep_whole:
        parts[-1:] = [p.strip() for p in _CONJ.split(parts[-1], maxsplit=1) if p.strip()]
    names = [p.strip("“”\"'《》 ") for p in parts]
    return [n for n in names if n], rest.rstrip("。；;，, ")


def _definition(text: str) -> str:
    return text.strip().rstrip("。；;，, ")


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two names (1.0 = same bigrams)."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else float(a == b)


def _count_before(text: str, word: str) -> int | None:
    """The number written just before `word` (`四个层次要素` → 4), or None."""
    m = re.search(r"([一二两三四五六七八九十\d]+)\s*个\s*" + re.escape(word), text)
    if not m:
        return None
    n = m.group(1)
    return int(n) if n.isdigit() else _CN_NUMERALS.get(n)


# --- the model being built -----------------------------------------------------------
@dataclass
class _Element:
    iri: URIRef
    label: str
    scheme: str
    kind: URIRef
    broader: "_Element | None"
    locator: str
    line: int | None
    order: int
    definition: str = ""
    alt_labels: list[str] = field(default_factory=list)
    specified_by: list[_Clause] = field(default_factory=list)
    specified_by_item: list[_Provision] = field(default_factory=list)


class _ModelBuilder:
    def __init__(self, doc: URIRef, doc_graph: Graph, entry: Entry, source: SourceDocument | Path):
        self.doc, self.dg, self.entry = doc, doc_graph, entry
        self.result = LoadResult()
        self.g = self.result.graph
        self.file = entry.file or (source.path if isinstance(source, SourceDocument) else Path(source)).name
        self.source: SourceDocument | None = None
        try:
            self.source = source_of(source)
        except (OSError, CdtkgError):
            pass
        self.elements: dict[str, _Element] = {}
        self._counter = 0
        self._lines: list[Line] | None = None

    # -- helpers
    def element(self, label: str, scheme: str, kind: URIRef, broader: _Element | None,
                locator: str, line: int | None, definition: str = "") -> _Element:
        """Return the element named `label`, creating it on first mention."""
        if label in self.elements:
            e = self.elements[label]
            if broader is not None and e.broader is not None and e.broader is not broader:
                self.result.warn(self.file, line, f"要素“{label}”（{locator}）已在 {e.locator} 归属“{e.broader.label}”，"
                                 f"此处又归属“{broader.label}”；保留前者。")
            return e
        self._counter += 1
        e = _Element(ids.model_element_iri(label), label, scheme, kind, broader, locator, line,
                     self._counter, _definition(definition))
        self.elements[label] = e
        return e

    def find_line(self, needle: str, start: int | None) -> int | None:
        """The first corpus line at or after `start` where `needle` occurs (possibly across a line break)."""
        if self._lines is None:
            self._lines = self.source.lines if self.source is not None else []
        lines = [ln for ln in self._lines if start is None or ln.no >= start]
        for i, ln in enumerate(lines):
            joined = ln.text + (lines[i + 1].text if i + 1 < len(lines) else "")
            if needle in joined.replace(" ", "") and needle not in (lines[i + 1].text if i + 1 < len(lines) else ""):
                return ln.no
        return start

    # -- chapter 5
    def _labelled(self, provisions, form: str, what: str):
        """Yield (provision, label, body) of each provision written `名称：…`, warning of the others
        (`form`: the expected form, `what`: what they would have been read as)."""
        for p in provisions:
            if p.label_and_body:
                yield p, *p.label_and_body
            else:
                self.result.warn(self.file, p.line, f"{p.locator} 不是“{form}”形式，未读作{what}。")

    def conceptual(self, chapter: _Clause) -> None:
        for p, label, body in self._labelled(chapter.provisions, "视角：包括…", "概念模型要素"):
            names, rest = split_enumeration(body)
            persp = self.element(label, CONCEPTUAL, CDT.Perspective, None, p.locator, p.line, rest)
            if not names:
                self.result.warn(self.file, p.line, f"{p.locator} “{label}”没有列出要素（应为“包括A、B和C”）。")
            for n in names:
                self.element(n, CONCEPTUAL, CDT.ModelElement, persp, p.locator, p.line)
        expected = _count_before(chapter.text, "视角")
        found = sum(1 for e in self.elements.values() if e.kind == CDT.Perspective)
        if expected is not None and expected != found:
            self.result.warn(self.file, chapter.line, f"第 {chapter.number} 章说有 {expected} 个视角，读到 {found} 个。")

    # -- chapter 6
    def technical(self, chapter: _Clause, headings: set[str]) -> list[_Element]:
        """Read layers, support systems and their components; return the top-level elements in order."""
        tops = []
        for p, label, body in self._labelled(chapter.provisions, "名称：…", "技术参考模型要素"):
            if label.endswith("层"):
                kind = CDT.Layer
            elif label.endswith("体系"):
                kind = CDT.SupportSystem
            else:
                kind = CDT.Component
                self.result.warn(self.file, p.line, f"{p.locator} “{label}”既不是“…层”也不是“…体系”，读作组件。")
            names, rest = split_enumeration(body, headings)
            top = self.element(label, TECHNICAL, kind, None, p.locator, p.line, rest or body)
            tops.append(top)
            self._components(top, names, p, headings)
        return tops

    def _components(self, parent: _Element, names: list[str], p: _Provision, headings: set[str]) -> None:
        for n in names:
            self.element(n, TECHNICAL, CDT.Component, parent, p.locator, p.line)
        for child in p.children:
            lb = child.label_and_body
            if not lb:
                self.result.info(self.file, child.line, f"{child.locator} 没有“名称：”，未读作组件。")
                continue
            label, body = lb
            sub, rest = split_enumeration(body, headings)
            known = label in self.elements
            e = self.element(label, TECHNICAL, CDT.Component, parent, child.locator, child.line, rest)
            if known:  # named in the parent's list: this item is where it is described
                e.locator, e.line, e.definition = child.locator, child.line, _definition(rest)
            elif names:
                self.result.info(self.file, child.line, f"{child.locator} “{label}”不在 {p.locator} 的列举中。")
            self._components(e, sub, child, headings)

    def relations(self, chapter: _Clause, tops: list[_Element]) -> None:
        """dependsOn, constrains and aggregates from the chapter's own paragraphs."""
        text = chapter.text.replace(" ", "")
        layers = [e for e in tops if e.kind == CDT.Layer]
        systems = [e for e in tops if e.kind == CDT.SupportSystem]
        for word, found in (("层次要素", layers), ("支撑体系", systems)):
            expected = _count_before(text, word)
            if expected is not None and expected != len(found):
                self.result.warn(self.file, chapter.line,
                                 f"第 {chapter.number} 章说有 {expected} 个{word}，读到 {len(found)} 个。")
        if re.search(r"上层对其下层[^。；]*依赖", text):
            for lower, upper in zip(layers, layers[1:]):
                self.g.add((upper.iri, CDT.dependsOn, lower.iri))
        else:
            self.result.info(self.file, chapter.line, f"第 {chapter.number} 章未说明层次间的依赖关系。")
        if re.search(r"支撑体系[^。；]*约束关系", text):
            for s in systems:
                for layer in layers:
                    self.g.add((s.iri, CDT.constrains, layer.iri))
        for sentence in re.split(r"[。；;]", text):
            for piece in re.split(r"[，,]", sentence):
                m = re.fullmatch(r"(.+?)构成(.{2,12})", piece)
                if m:
                    self._aggregate(chapter, m.group(2), m.group(1))

    def _aggregate(self, chapter: _Clause, name: str, members_text: str) -> None:
        """`A、B和C构成X`: an aggregate X composed of the layers A, B, C (ignored unless they are elements)."""
        parts = [p.strip() for p in re.split(r"、|以及|和|及", members_text) if p.strip()]
        members = [self.elements.get(p) for p in parts]
        if not any(m is not None and m.scheme == TECHNICAL for m in members):
            return
        line = self.find_line("构成" + name, chapter.line)
        agg = self.element(name, TECHNICAL, CDT.Aggregate, None, chapter.number, line)
        for part, member in zip(parts, members):
            if member is None or member.scheme != TECHNICAL:
                self.result.warn(self.file, line, f"“{name}”由“{part}”构成，但“{part}”不是技术参考模型的要素。")
                continue
            self.g.add((agg.iri, CDT.composedOf, member.iri))

    # -- chapter 7
    def requirements(self, chapters: list[_Clause], model_chapters: set[URIRef], terms: dict[str, URIRef]) -> None:
        technical = {label: e for label, e in self.elements.items() if e.scheme == TECHNICAL}
        candidates = [c for c in chapters if c.iri not in model_chapters]
        scored = [(sum(1 for d in c.descendants() if d.title in technical), c) for c in candidates]
        score, spec = max(scored, key=lambda s: s[0], default=(0, None))
        if not spec or score == 0:
            self.result.warn(self.file, None, "没有找到以模型要素为标题的要求章（如“7.1 设施层”），要素均无 specifiedBy。")
            return
        of_clause: dict[URIRef, _Element] = {}
        for c in spec.descendants():
            parent_element = of_clause.get(c.parent)
            e = self._element_for_heading(c, parent_element)
            if e is None:
                self.result.warn(self.file, c.line, f"{c.number}“{c.title}”不是任何模型要素的规定条款。")
                continue
            of_clause[c.iri] = e
            e.specified_by.append(c)
            self._alt_label_from_text(e, c, terms)
            for p in c.provisions:
                lb = p.label_and_body
                named = self.elements.get(lb[0]) if lb else None
                if named is not None and named is not e and named.scheme == TECHNICAL:
                    named.specified_by.append(c)
                    named.specified_by_item.append(p)
        for e in self.elements.values():
            if e.scheme == TECHNICAL and e.kind != CDT.Aggregate and not e.specified_by:
                self.result.warn(self.file, e.line, f"要素“{e.label}”（{e.locator}）在第 {spec.number} 章没有规定条款。")

    def _element_for_heading(self, c: _Clause, parent_element: _Element | None) -> _Element | None:
        """The element a chapter-7 heading specifies: by name, by a close name among its parent's, or new."""
        e = self.elements.get(c.title)
        if e is not None and e.scheme == TECHNICAL:
            return e
        if not c.title or parent_element is None:
            return None
        if _REQUIREMENTS_HEADING.search(c.title):
            return parent_element
        unspecified = [x for x in self.elements.values() if x.broader is parent_element and not x.specified_by]
        best = max(unspecified, key=lambda x: similarity(x.label, c.title), default=None)
        if best is not None and similarity(best.label, c.title) >= 0.5:
            best.alt_labels.append(c.title)
            self.result.info(self.file, c.line, f"{c.number}“{c.title}”读作“{best.label}”（{best.locator}）的规定。")
            return best
        self.result.info(self.file, c.line, f"{c.number}“{c.title}”只见于第 {c.number.split('.')[0]} 章，读作“{parent_element.label}”的组件。")
        return self.element(c.title, TECHNICAL, CDT.Component, parent_element, c.number, c.line)

    def _alt_label_from_text(self, e: _Element, c: _Clause, terms: dict[str, URIRef]) -> None:
        """`共性组件是…` opening the clause of 共性能力组件: the subject is another name of the element."""
        m = _SUBJECT.match(c.text)
        if not m:
            return
        name = m.group(1)
        if name in (e.label, c.title) or name in e.alt_labels:
            return
        if name in terms or similarity(name, e.label) >= 0.5:
            e.alt_labels.append(name)

    # -- foreword changes
    def changes(self, schemes: dict[str, URIRef]) -> None:
        scheme_by_label = {_str(self.g.value(iri, SKOS.prefLabel)): iri for iri in schemes.values()}
        for ch in sorted(self.dg.subjects(RDF.type, CDT.Change), key=str):
            kind = _str(self.dg.value(ch, CDT.changeKind))
            new, old = _str(self.dg.value(ch, CDT.newLabel)), _str(self.dg.value(ch, CDT.oldLabel))
            line = _int(self.dg.value(ch, CDT.sourceLine))
            target = self.elements.get(new)
            if target is None and new in scheme_by_label:
                self._history(ch, scheme_by_label[new], kind, old)
                continue
            if target is None:
                target = self._element_at(_str(self.dg.value(ch, CDT.newLocator)))
            if target is None:
                if kind == "removed":
                    self.result.info(self.file, line, f"前言：删除了“{old}”，本版无对应要素。")
                else:
                    self.result.warn(self.file, line, f"前言的技术变化“{new or old}”对应不到任何模型要素。")
                continue
            self._history(ch, target.iri, kind, old)

    def _element_at(self, locator: str) -> _Element | None:
        m = re.search(r"\d+(?:\.\d+)*", locator)
        if not m:
            return None
        for e in self.elements.values():
            if any(c.number == m.group(0) for c in e.specified_by):
                return e
        return None

    def _history(self, change: URIRef, target: URIRef, kind: str, old: str) -> None:
        self.g.add((change, CDT.contributedTo, target))
        against = self.dg.value(change, CDT.changeAgainst)
        edition = _str(self.dg.value(against, CDT.standardNumber)) if against is not None else ""
        before, after = (f"{edition} ", f" {edition} ") if edition else ("前一版本", "前一版本")
        old_locator = _str(self.dg.value(change, CDT.oldLocator))
        if kind == "renamed" and old:
            self.g.add((target, SKOS.hiddenLabel, Literal(old, lang="zh")))
            where = f"（{old_locator}）" if old_locator else ""
            self.g.add((target, SKOS.historyNote, Literal(f"{before}中称“{old}”{where}。", lang="zh")))
        elif kind == "added":
            self.g.add((target, SKOS.historyNote, Literal(f"相对{after}新增。", lang="zh")))

    # -- output
    def emit(self, schemes: dict[str, URIRef], terms: dict[str, URIRef]) -> None:
        g, doc = self.g, self.doc
        g.add((ids.TRM_SCHEME, RDF.type, SKOS.ConceptScheme))
        title = self.entry.title or _str(self.dg.value(doc, DCTERMS.title))
        if title:
            g.add((ids.TRM_SCHEME, SKOS.prefLabel, Literal(title, lang="zh")))
        g.add((ids.TRM_SCHEME, SKOS.prefLabel, Literal("Reference model of citywide digital transformation", lang="en")))
        g.add((ids.TRM_SCHEME, DCTERMS.source, doc))
        for e in self.elements.values():
            s = e.iri
            g.add((s, RDF.type, SKOS.Concept))
            g.add((s, RDF.type, CDT.ModelElement))
            if e.kind != CDT.ModelElement:
                g.add((s, RDF.type, e.kind))
            g.add((s, SKOS.prefLabel, Literal(e.label, lang="zh")))
            for alt in dict.fromkeys(e.alt_labels):
                g.add((s, SKOS.altLabel, Literal(alt, lang="zh")))
            if e.definition:
                g.add((s, SKOS.definition, Literal(e.definition, lang="zh")))
            g.add((s, SKOS.inScheme, ids.TRM_SCHEME))
            g.add((s, SKOS.inScheme, schemes[e.scheme]))
            if e.broader is not None:
                g.add((s, SKOS.broader, e.broader.iri))
            else:
                g.add((s, SKOS.topConceptOf, schemes[e.scheme]))
                g.add((schemes[e.scheme], SKOS.hasTopConcept, s))
            for c in dict.fromkeys(x.iri for x in e.specified_by):
                g.add((s, CDT.specifiedBy, c))
            for p in dict.fromkeys(x.iri for x in e.specified_by_item):
                g.add((s, CDT.specifiedByProvision, p))
            for label in [e.label, *e.alt_labels]:
                if label in terms:
                    g.add((s, SKOS.exactMatch, terms[label]))
            g.add((s, CDT.order, Literal(e.order, datatype=XSD.integer)))
            self._provenance(s, e.locator, e.line)

    def _provenance(self, s: URIRef, locator: str, line: int | None) -> None:
        self.g.add((s, CDT.sourceDocument, self.doc))
        self.g.add((s, CDT.locator, Literal(locator)))
        if line is not None:
            self.g.add((s, CDT.sourceLine, Literal(line, datatype=XSD.integer)))
        page = self.source.page_of(line) if self.source is not None else None
        if page:
            self.g.add((s, CDT.sourcePage, Literal(page, datatype=XSD.integer)))

    def scheme(self, name: str, chapter: _Clause) -> URIRef:
        iri = ids.scheme_iri(self.doc, name)
        zh, en = _SCHEME_LABELS[name]
        self.g.add((iri, RDF.type, SKOS.ConceptScheme))
        self.g.add((iri, SKOS.prefLabel, Literal(chapter.title or zh, lang="zh")))
        self.g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
        self.g.add((iri, DCTERMS.source, chapter.iri))
        self._provenance(iri, chapter.number, chapter.line)
        return iri


def _terms(tree: DocumentTree | None) -> dict[str, URIRef]:
    """Chinese label → concept, for the terms the document defines in its 术语和定义 chapter."""
    out = {}
    for t in tree.terms if tree is not None else []:
        if t.concept is not None and t.labels and t.labels[0].strip():
            out.setdefault(t.labels[0].strip(), t.concept)   # labels[0] is the Chinese term
    return out


def load_reference_model(doc: URIRef, loaded: LoadResult, entry: Entry, source: SourceDocument | Path) -> LoadResult:
    """Return the reference model of the document `doc` as read from its clause tree (`loaded.tree`,
    as the GB/T loader parsed it); the foreword's changes are read from `loaded.graph`.

    The graph holds the schemes, the model elements with their broader elements,
    definitions, specifications and provenance, the dependsOn / constrains /
    composedOf relations and the links from the foreword's changes; problems
    (elements without a specification, headings naming no element…) are warnings.
    """
    b = _ModelBuilder(doc, loaded.graph, entry, source)
    chapters = _read_tree(loaded.tree)
    conceptual = _model_chapter(chapters, CONCEPTUAL_TITLE)
    technical = _model_chapter(chapters, TECHNICAL_TITLE)
    if conceptual is None and technical is None:
        b.result.warn(b.file, None, "没有“…概念模型”或“…技术参考模型”章（含 a) 名称：… 列项），未读出参考模型。")
        return b.result
    schemes: dict[str, URIRef] = {}
    if conceptual is not None:
        schemes[CONCEPTUAL] = b.scheme(CONCEPTUAL, conceptual)
        b.conceptual(conceptual)
    terms = _terms(loaded.tree)
    if technical is not None:
        schemes[TECHNICAL] = b.scheme(TECHNICAL, technical)
        model = {conceptual.iri if conceptual else None, technical.iri}
        headings = {d.title for c in chapters if c.iri not in model for d in c.descendants() if d.title}
        headings |= {lb[0] for c in [technical] for p in c.provisions for q in p.children
                     if (lb := q.label_and_body)}
        tops = b.technical(technical, headings)
        b.relations(technical, tops)
        b.requirements(chapters, model, terms)
    else:
        b.result.warn(b.file, None, "没有“…技术参考模型”章，只读出概念模型。")
    b.changes(schemes)
    b.emit(schemes, terms)
    return b.result
