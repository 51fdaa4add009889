"""Load any standard drafted to GB/T 1.1-2020 from its PDF text into RDF.

`load_gbt_document(path, entry)` returns a LoadResult with the document node,
its clause tree (cdt:Clause) and list items (cdt:Provision with their
modality), the front matter (replaced standard and changes, committee,
drafting units and drafters), normative references, in-text citations, terms,
abbreviations and bibliography. The reading is driven by what the text says
(clause numbers, GB/T 1.1 element titles such as 规范性引用文件), never by the
file name, so a new standard extracted the same way needs no new code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from . import ids
from .document_tree import ClauseView, DocumentTree, ProvisionView
from .gbt_front_matter import add_front_matter, printed_number
from .gbt_modality import SENTENCE_END, find_modality, leading_modality
from .gbt_references import add_bibliography, add_in_text_citations, add_normative_references
from .engineering_front_matter import add_engineering_front_matter
from .engineering_standard import read_structure
from .gbt_structure import Block, Clause, Structure
from .gbt_tables import add_tables
from .gbt_terms import add_abbreviations, add_terms
from .manifest import Entry
from .pdf_text import ends_sentence, physical_lines
from .problems import CdtkgError, LoadResult
from .source_document import SourceDocument, read_source
from .vocab import CDT, zh
from .list_markers import DASH_ITEM

_CHAPTER_ONE = re.compile(r"^\s*1\s+范\s*围\s*$", re.M)
_REFERENCES = re.compile(r"^\s*2\s+规范性引用文件\s*$", re.M)


def looks_like_gbt_document(text: str) -> bool:
    """True when `text` has the opening chapters of a GB/T 1.1 document (1 范围, 2 规范性引用文件)."""
    return bool(_CHAPTER_ONE.search(text) and _REFERENCES.search(text))



def load_gbt_document(path: Path, entry: Entry, source: SourceDocument | None = None) -> LoadResult:
    """Return the graph of one GB/T 1.1 document and the problems met reading it.

    `source` is the document as already read (the build reads each file once);
    without it the file at `path` is read here. A damaged file gives warnings and
    a partial graph; only a file no reader can read (not UTF-8 text, a scanned or
    garbled PDF…) gives a single error and an empty graph.
    """
    path = Path(path)
    try:
        source = source or read_source(path)
    except CdtkgError as e:
        result = LoadResult()
        result.error(entry.file or path.name, getattr(e, "line", None), str(e))
        return result
    return load_gbt_source(source, entry, path)


def load_gbt_text(raw: str, entry: Entry, path: Path) -> LoadResult:
    """Return the graph of one GB/T 1.1 document given as text (`path` names it and locates its
    corpus folder; it is not read), and the problems met reading it."""
    return load_gbt_source(SourceDocument(path=Path(path), format="text", text=raw, lines=physical_lines(raw)),
                           entry, path)


def load_gbt_source(source: SourceDocument, entry: Entry, path: Path) -> LoadResult:
    """Return the graph of one GB/T 1.1 document as a reader read it, and the problems met."""
    result = LoadResult()
    name = entry.file or Path(path).name
    raw = source.text
    for line, message in source.problems:
        result.warn(name, line, message)
    structure = read_structure(source.lines)
    doc = ids.entry_iri(entry, printed_number(raw, structure))
    for line, severity, message in structure.problems:
        (result.warn if severity == "warning" else result.error)(name, line, message)
    for ln in structure.stray:
        result.warn(name, ln.no, f"这一行不属于任何条款，已忽略：{ln.text[:40]}")
    _check_shape(structure, result, name)

    ctx = DocContext(doc, entry, name, structure, result, path)
    ctx.raw, ctx.source = raw, source
    result.tree = ctx.tree
    add_document_node(ctx, raw)
    add_clauses(ctx)
    for step in (add_front_matter, add_engineering_front_matter, add_normative_references, add_terms, add_abbreviations,
                 add_bibliography, add_tables, add_in_text_citations):
        try:
            step(ctx)
        except Exception as e:  # noqa: BLE001 - one failing part must not lose the rest
            result.error(name, None, f"{step.__name__} 失败（{type(e).__name__}: {e}）；其余部分已载入。")
    return result


class DocContext:
    """What every part of the loader needs: the document, its structure, the result."""

    def __init__(self, doc: URIRef, entry: Entry, name: str, structure: Structure, result: LoadResult,
                 path: Path):
        self.doc, self.entry, self.name, self.path = doc, entry, name, path
        self.structure, self.result, self.g = structure, result, result.graph
        self.clause_iris: dict[str, URIRef] = {}
        self.tree = DocumentTree(doc)   # what is emitted, as the model loaders read it
        self.source: SourceDocument | None = None
        # provision IRI by (clause number, block index) for in-text citations
        self.provisions: list[tuple[URIRef, str, Block, str]] = []  # (iri, locator, block, clause number)

    def provenance(self, node: URIRef, locator: str, line: int | None) -> None:
        self.g.add((node, CDT.sourceDocument, self.doc))
        self.g.add((node, CDT.locator, Literal(locator)))
        if line:
            self.g.add((node, CDT.sourceLine, Literal(line, datatype=XSD.integer)))
        page = self.source.page_of(line) if self.source is not None else None
        if page:
            self.g.add((node, CDT.sourcePage, Literal(page, datatype=XSD.integer)))

    def warn(self, line: int | None, message: str) -> None:
        self.result.warn(self.name, line, message)


def _check_shape(st: Structure, result: LoadResult, name: str) -> None:
    """Warn about the GB/T 1.1 elements a standard must have but this one lacks."""
    numbers = st.by_number()
    if not st.clauses:
        result.error(name, None, "没有识别出任何条款：这不像按 GB/T 1.1 起草的文件（缺少“1 范围”等章标题）。")
        return
    chapters = sorted(int(n) for n in numbers if n.isdigit())
    if not chapters or chapters[0] != 1:
        result.warn(name, None, "缺少第 1 章（范围）。")
    for a, b in zip(chapters, chapters[1:]):
        if b != a + 1:
            result.warn(name, numbers[str(b)].line, f"第 {a} 章之后直接是第 {b} 章：缺少中间的章。")
    last = next((b for c in reversed(st.clauses) for b in reversed(c.blocks)), None)
    if last is not None and last.kind in ("para", "item", "note") and not ends_sentence(last.text):
        result.warn(name, last.line, f"文件在句中结束（“…{last.text[-12:]}”）：可能被截断。")


def add_document_node(ctx: DocContext, raw: str) -> None:
    """Type the document node and give it the manifest facts (front matter adds the rest)."""
    g, doc, entry = ctx.g, ctx.doc, ctx.entry
    g.add((doc, RDF.type, CDT.Document))
    if entry.kind == "standard":
        g.add((doc, RDF.type, CDT.Standard))
    g.add((doc, CDT.ingested, Literal(True)))
    g.add((doc, CDT.kind, Literal(entry.kind)))
    g.add((doc, CDT.sourceFile, Literal(entry.file)))
    if entry.plan_number:
        g.add((doc, CDT.planNumber, Literal(entry.plan_number)))


def add_clauses(ctx: DocContext) -> dict[str, URIRef]:
    """Emit every clause and its provisions; return the clause IRIs by number."""
    g, doc = ctx.g, ctx.doc
    provision_order = 0
    for c in ctx.structure.clauses:
        node = ids.clause_iri(doc, c.number)
        ctx.clause_iris[c.number] = node
        g.add((node, RDF.type, CDT.Clause))
        g.add((node, CDT.inDocument, doc))
        g.add((node, CDT.number, Literal(c.number)))
        g.add((node, CDT.order, Literal(c.order, datatype=XSD.integer)))
        if c.title:
            g.add((node, DCTERMS.title, zh(c.title)))
        nature = ANNEX_NATURES.get(c.annex_nature) if c.kind == "annex" else None
        if nature is not None:
            g.add((node, CDT.annexNature, nature))
        parent = c.parent if c.parent is not None and c.parent in ctx.clause_iris else None
        if parent is not None:
            g.add((node, CDT.parent, ctx.clause_iris[parent]))
        text = clause_text(c)
        if text:
            g.add((node, CDT.text, zh(text)))
        ctx.provenance(node, c.locator, c.line)
        view = ctx.tree.add_clause(ClauseView(node, c.number, c.title or "", text, parent, c.line or None, c.order))
        provision_order = _add_provisions(ctx, c, view, provision_order)
        if c.kind not in ("preface", "bibliography") and c.role not in ("term", "references", "abbreviations"):
            _add_paragraphs(ctx, c, node)
    return ctx.clause_iris


# The nature printed under an annex's label (GB/T 1.1—2020 8.6.2; 参考性 in older documents, 资料型 an OCR slip).
ANNEX_NATURES = {"规范性": CDT.Normative, "资料性": CDT.Informative, "资料型": CDT.Informative, "参考性": CDT.Informative}


_DASH_ITEM = re.compile(rf"^{DASH_ITEM}\s*")


def _add_paragraphs(ctx: DocContext, c: Clause, clause_node: URIRef) -> None:
    """Emit each paragraph of clause `c` as a cdt:Paragraph with its modality.

    A dash item (`——生成签名；`) without a verbal form of its own takes the
    modality of the sentence that introduced the list (`……应满足以下要求：`).
    """
    g = ctx.g
    lead: URIRef | None = None
    index = 0
    for b in c.blocks:
        if b.kind != "para" or not b.text:
            continue
        index += 1
        # a dash item, or a list member whose dash was lost (it still ends in `；`), continues the lead-in
        dash = bool(_DASH_ITEM.match(b.text)) or (lead is not None and b.text.rstrip().endswith(("；", ";")))
        # the scope states what the document covers; its 应/宜 (`本文件给出了…应遵循的原则`) is reported, not required
        own = leading_modality(b.text) if c.role != "scope" else None
        effective = own or (lead if dash else None) or CDT.Statement
        if not dash:
            lead = find_modality(_lead_in(b.text)) if b.text.rstrip().endswith(("：", ":")) else None
        node = ids.paragraph_iri(clause_node, index)
        g.add((node, RDF.type, CDT.Paragraph))
        g.add((node, CDT.paragraphOf, clause_node))
        g.add((node, CDT.text, zh(b.text)))
        g.add((node, CDT.modality, effective))
        g.add((node, CDT.order, Literal(index, datatype=XSD.integer)))
        ctx.provenance(node, f"{c.locator} ¶{index}", b.line)


_TEXT_KINDS = {"para", "note"}


def clause_text(c: Clause) -> str:
    """The clause's own paragraphs and notes (not its list items, table rows or entries)."""
    return "\n".join(b.text for b in c.blocks if b.kind in _TEXT_KINDS)


def _lead_in(text: str) -> str:
    """The sentence that introduces a list: the last sentence of the paragraph before it that announces
    the list (`符合下列条件之一的…可延迟修复。企业应…。` introduces with its first), else its last sentence."""
    parts = [p for p in SENTENCE_END.split(text.strip()) if p.strip()]
    announcing = [p for p in parts if _ANNOUNCES_LIST.search(p)]
    return (announcing or parts or [""])[-1]


_ANNOUNCES_LIST = re.compile(r"下列|如下|(?<![\d%％A-Za-z\s])以下")  # not `3 kg/h 以下` (below)


def _first_sentence(text: str) -> str:
    """The text up to its first full stop (all of it when it has none)."""
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _add_provisions(ctx: DocContext, c: Clause, view: ClauseView, order: int) -> int:
    """Emit the list items of clause `c` (and add them to its `view`); return the running provision order."""
    g, clause_node = ctx.g, view.iri
    stack: list[_OpenItem] = []
    lead_modality: URIRef | None = None
    seen: dict[str, int] = {}
    paras: list[str] = []
    for b in c.blocks:
        if b.kind == "para":
            paras.append(b.text)
            stack = []  # a paragraph between items closes the list
            continue
        if b.kind != "item":
            continue
        if not stack:
            lead = paras[-1] if paras else ""
            if len(paras) >= 2 and not lead.rstrip().endswith(("：", ":")) and paras[-2].rstrip().endswith(("：", ":")):
                lead = paras[-2]  # the list's first item lost its marker: the lead-in is the paragraph above it
            lead_modality = find_modality(_lead_in(lead)) if lead else None
        while stack and stack[-1].level >= b.level:
            stack.pop()
        parent = stack[-1] if stack else None
        keys = (parent.keys if parent else []) + [b.marker.strip("()（）")]
        markers = (parent.markers if parent else []) + [b.marker]
        path_key = "-".join(keys)
        seen[path_key] = seen.get(path_key, 0) + 1
        if seen[path_key] > 1:
            # a second list in the same clause: keep both, distinguish the path
            keys[-1] = f"{keys[-1]}~{seen[path_key]}"
            ctx.warn(b.line, f"{c.locator} 中列项 {' '.join(markers)} 重复出现：第 {seen[path_key]} 次出现记为 {'-'.join(keys)}。")
        node = ids.provision_iri(clause_node, keys)
        # an item continues its lead-in's sentence: a verbal form only in a later sentence of the item
        # (`在领域层中增加…。…可根据需要扩展。` under `应按下列要求进行扩展：`) does not replace it
        own = find_modality(_first_sentence(b.text))
        if own is not None:
            effective = own
        elif parent is not None and parent.introduces:
            effective = parent.modality
        else:
            effective = lead_modality or find_modality(b.text) or CDT.Statement
        order += 1
        locator = f"{c.locator} {' '.join(markers)}"
        g.add((node, RDF.type, CDT.Provision))
        g.add((node, CDT.inClause, clause_node))
        g.add((node, CDT.marker, Literal(b.marker)))
        if b.text:
            g.add((node, CDT.text, zh(b.text)))
        g.add((node, CDT.modality, effective))
        g.add((node, CDT.order, Literal(order, datatype=XSD.integer)))
        if parent is not None:
            g.add((node, CDT.parentProvision, parent.node))
        ctx.provenance(node, locator, b.line)
        ctx.provisions.append((node, locator, b, c.number))
        view.provisions.append(ProvisionView(node, b.marker, b.text, b.line or None, locator, order,
                                             parent.node if parent is not None else None))
        stack.append(_OpenItem(b.level, keys, markers, node, effective, b.text.rstrip().endswith(("：", ":"))))
    return order


@dataclass
class _OpenItem:
    level: int
    keys: list[str]
    markers: list[str]
    node: URIRef
    modality: URIRef
    introduces: bool      # ends with a colon: its sub-items continue its sentence
