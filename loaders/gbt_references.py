"""What a GB/T 1.1 document cites: normative references, in-text citations, bibliography.

* chapter 规范性引用文件: one cdt:Standard per entry (dated or undated; a
  placeholder number such as `GB/T XXXXX` gives a Planned standard named by
  its title), cdt:normativeReference from the document and a Citation of kind
  "normative";
* every standard number in clause, provision or table text: cdt:cites and a
  Citation of kind "in-text" with the cited place (`4.1.4`, `第7章`);
  numbers in the reference list and the bibliography are not in-text;
* 参考文献: one entry per `[n]`, classified as Standard, TechnicalDocument,
  PolicyDocument or Document, cdt:bibliographyEntry and a Citation of kind
  "bibliography" with its marker.
"""
from __future__ import annotations

import re
import unicodedata

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from . import ids
from .gbt_front_matter import standard_node
from .gbt_structure import Block, Clause, leading_number
from .standard_numbers import base_number, find_document_numbers, find_numbers, is_placeholder
from .vocab import CDT, zh
from .han import BOOK_TITLE, HAN, HAN_CHAR

_TITLE_BEFORE = re.compile(r"《([^《》]+)》\s*[（(]?\s*$")   # a 《title》 right before the 文号 that follows it
# a notice that issues a document is titled with it: `关于印发《中央和国家机关会议费管理办法》的通知`
_ISSUING_NOTICE = re.compile(r"关于(?:印发|转发|发布|颁布|修订)\s*《[^》]+》\s*的(?:通知|决定|意见|公告|批复)")
_DOC_NUMBER = re.compile(rf"[{HAN}]{{1,12}}〔\d{{4}}〕\d+号")
_POLICY_GENRE = re.compile(r"(?:意见|通知|规划|计划|办法|条例|决定|方案|纲要|规定|指引|决议|公告|细则|通告|法)$")
_TECHNICAL = re.compile(r"技术文件|技术报告|指导性技术文件")
_CITED_PLACE = re.compile(
    r"^\s*(?:中|的)?\s*(?:的)?\s*"
    r"(第\s*\d+\s*章|附\s*录\s*[A-Z]|表\s*[A-Z]?\.?\s*\d+|[A-Z]\.\d+(?:\.\d+)*|\d+(?:\.\d+)+)"
)
_LEAD_IN = re.compile(r"本文件|本标准|本规范|引用文件|下列文件|适用于|注日期")
_TERM_SOURCE = re.compile(r"^\s*(?:和|及|、)?\s*(?:中)?\s*界定的")





# GB/T 1.1 marks a reference to every part of an undated standard after its number: `DL/T 860（所有部分）`
_ALL_PARTS = re.compile(r"^[（(]\s*所有部分\s*[）)]\s*")


def _tidy_title(text: str) -> str:
    text = _ALL_PARTS.sub("", text.strip()).strip("，,。;；")
    m = BOOK_TITLE.fullmatch(text)
    if m:
        text = m.group(1)
    return re.sub(r"\s+", " ", text).strip()


# `GB 1848 4 危险废物…`: a space the extraction put inside the number of a listed reference
_SPLIT_DIGITS = re.compile(rf"^([A-Z][A-Z/ ]{{0,6}}\s*\d{{1,5}}) (\d{{1,2}})(?=\s+[{HAN}《])")


def split_reference(text: str) -> tuple[str, str] | None:
    """Return (normalized number, title) of a reference line that starts with a number."""
    text = _SPLIT_DIGITS.sub(r"\1\2", text)
    found = leading_number(text)
    if found is None:
        return None
    return found.number, _tidy_title(text[found.end:])


def _citation(ctx, from_text: URIRef, target: URIRef, kind: str, locator: str, line: int | None,
              cited_place: str = "", marker: str = "") -> URIRef:
    g = ctx.g
    node = ids.citation_iri(from_text, target, kind, cited_place or marker)
    if (node, RDF.type, CDT.Citation) in g:
        return node  # the same standard cited again in the same text: keep where it is first cited
    g.add((node, RDF.type, CDT.Citation))
    g.add((node, CDT.fromText, from_text))
    g.add((node, CDT.toStandard, target))
    g.add((node, CDT.citationKind, Literal(kind)))
    if cited_place:
        g.add((node, CDT.citedLocator, Literal(cited_place)))
    if marker:
        g.add((node, CDT.marker, Literal(marker)))
    ctx.provenance(node, locator, line)
    return node


# --- normative references ---------------------------------------------------------------
def add_normative_references(ctx) -> None:
    """Emit the entries of chapter 规范性引用文件; remember placeholders for in-text lookup."""
    ctx.placeholders = {}
    chapters = ctx.structure.with_role("references")
    if not chapters:
        ctx.warn(None, "没有“规范性引用文件”一章。")
        return
    chapter = chapters[0]
    clause_node = ctx.clause_iris[chapter.number]
    for b in chapter.blocks:
        if b.kind == "para" and not _LEAD_IN.search(b.text):
            found = find_numbers(b.text)
            if found and HAN_CHAR.match(b.text):
                # listed by its title, its number in brackets: `安全散列标准（…）(Secure Hash Standard (FIPS PUB 180-2))`
                node = standard_node(ctx, found[0].number, _listed_title(b.text))
                ctx.g.add((ctx.doc, CDT.normativeReference, node))
                _citation(ctx, clause_node, node, "normative", f"{chapter.locator} {found[0].number}", b.line)
                continue
            if not found:
                b = Block("ref", b.text, b.line)  # listed by title only
        if b.kind != "ref":
            if b.kind == "para" and find_numbers(b.text) and "下列文件" not in b.text:
                ctx.warn(b.line, f"规范性引用文件中的这一段没有按“编号 名称”识别：{b.text[:40]}")
            continue
        parsed = split_reference(b.text)
        if parsed is None:
            node = _other_document(ctx, b.text)
            if node is None:
                ctx.warn(b.line, f"规范性引用文件中的这一条没有识别出编号或名称：{b.text[:40]}")
                continue
            ctx.g.add((ctx.doc, CDT.normativeReference, node))
            _citation(ctx, clause_node, node, "normative", f"{chapter.locator} {b.text[:20]}", b.line)
            continue
        number, title = parsed
        mended = _mended_reference(ctx, chapter, b.text, b.line)
        if mended:
            number, title = mended
        if is_placeholder(number) and not title:
            ctx.warn(b.line, f"引用文件 {number} 没有编号也没有名称，无法识别。")
            continue
        node = standard_node(ctx, number, title or None)
        if is_placeholder(number):
            ctx.placeholders.setdefault(number, node)
        ctx.g.add((ctx.doc, CDT.normativeReference, node))
        _citation(ctx, clause_node, node, "normative", f"{chapter.locator} {number}", b.line)


# a listed number a scan's OCR damaged: its digits run into a stray character (`GB57厶 9 生活饮用水…`,
# `JJF10zO 定量包装…`, `GB/T549‘ 粮食…`) — the prefix, then the damaged serial up to the space before the title
# a character no standard number holds (a dash, a dot, a bracket and a slash do)
_STRAY = r"[^\s\d.\-—–－()（）/:]"
_DAMAGED_LISTED = re.compile(rf"^([A-Z]{{2,4}}(?:\s*/\s*[TZ])?)\s*(\d[^\s{HAN}]*(?:{_STRAY}\s*\d[\d.]*|(?![{HAN}]){_STRAY}))\s*(?=[{HAN}《])")


def _mended_reference(ctx, chapter: Clause, text: str, line: int) -> tuple[str, str] | None:
    """(number, title) of a listed reference whose printed number is damaged (`GB57厶 9 生活饮用水卫生标准`),
    read as the one number the document cites intact elsewhere that agrees with every legible character
    (`GB 5749`); None when the number is whole or no single cited number fits. Either way a damaged number
    is reported where it stands."""
    m = _DAMAGED_LISTED.match(text)
    if not m:
        return None
    prefix, serial = re.sub(r"\s+", "", m.group(1)), m.group(2)
    # every stray character stands for one digit OCR could not read (`厶` in `57厶 9`, `z` and `O` in `10zO`)
    pattern = "".join(ch if ch.isdigit() else r"\." if ch == "." else r"\d" for ch in re.sub(r"\s+", "", serial))
    wanted = re.compile(rf"{re.escape(prefix)} {pattern}(?:-\d{{4}})?")
    cited = {f.number for c in ctx.structure.clauses if c is not chapter and c.kind != "preface"
             for b in c.blocks for f in find_numbers(b.text)}
    bases = {base_number(n) for n in cited if wanted.fullmatch(n)}
    printed = text[:m.end()].strip()
    if len(bases) == 1:
        number = bases.pop()
        ctx.warn(line, f"规范性引用文件中的编号“{printed}”有损坏，已按正文引用的 {number} 读取，请核对原文。")
        return number, _tidy_title(text[m.end():])
    ctx.warn(line, f"规范性引用文件中的编号“{printed}”有损坏，无法确定，请核对原文。")
    return None


def _listed_title(text: str) -> str:
    """The title of a document listed by title: the words before its edition, date or English title
    (`电池充电规范(包含…勘误)，1.2 修订版…` -> `电池充电规范`)."""
    return _tidy_title(re.split(r"\s*[（(，,]", text.strip(), maxsplit=1)[0]) or _tidy_title(text)


def _other_document(ctx, text: str) -> URIRef | None:
    """A listed document that is not a standard: an order or 文号 (kept with its number), or a 《title》."""
    numbers = find_document_numbers(text)
    titled = BOOK_TITLE.search(text)
    title = titled.group(1).strip() if titled else None
    if numbers:
        number = numbers[0].number
        node = ids.cited_document_iri("policy", number)
        ctx.g.add((node, CDT.documentNumber, Literal(number)))
        ctx.g.add((node, CDT.referenceKind, Literal(numbers[0].kind)))
        cls = CDT.PolicyDocument
    elif title:
        node = ids.cited_document_iri("policy" if _POLICY_GENRE.search(title) else "document", title)
        cls = CDT.PolicyDocument if _POLICY_GENRE.search(title) or "名录" in title else CDT.Document
    elif len(text.strip()) >= 4 and not _LEAD_IN.search(text):
        title = _listed_title(text)  # a document listed by its title only (a USB specification)
        node = ids.cited_document_iri("document", title)
        cls = CDT.Document
    else:
        return None
    ctx.g.add((node, RDF.type, CDT.Document))
    ctx.g.add((node, RDF.type, cls))
    if title:
        ctx.g.add((node, DCTERMS.title, zh(title)))
    return node


# --- in-text citations -------------------------------------------------------------------
def cited_place(after: str) -> str:
    """The place cited right after a standard number: `中 4.1.4` → 4.1.4, `中第 7 章` → 第7章."""
    m = _CITED_PLACE.match(after)
    return re.sub(r"\s+", "", m.group(1)) if m else ""


def _resolve(ctx, number: str, line: int) -> URIRef | None:
    if is_placeholder(number):
        node = ctx.placeholders.get(number)
        if node is None:
            ctx.warn(line, f"正文引用了待定编号 {number}，但规范性引用文件中没有同编号的文件，无法确定所指。")
        return node
    return standard_node(ctx, number)


def _cite_in(ctx, from_text: URIRef, text: str, locator: str, line: int, kind: str = "in-text") -> int:
    count = 0
    for found in find_document_numbers(text):  # a ministry document cited in the body is kept, with its kind
        node = ids.cited_document_iri("policy", found.number)
        ctx.g.add((node, RDF.type, CDT.Document))
        ctx.g.add((node, RDF.type, CDT.PolicyDocument))
        ctx.g.add((node, CDT.documentNumber, Literal(found.number)))
        ctx.g.add((node, CDT.referenceKind, Literal(found.kind)))
        title = _TITLE_BEFORE.search(unicodedata.normalize("NFKC", text)[:found.start])  # found's offsets are NFKC
        if title and (node, DCTERMS.title, None) not in ctx.g:  # 《…管理办法》（证监会令第117号）
            ctx.g.add((node, DCTERMS.title, zh(_tidy_title(title.group(1)))))
        ctx.g.add((from_text, CDT.cites, node))
        _citation(ctx, from_text, node, kind, locator, line)
    for found in find_numbers(text, ctx.listed_numbers):
        node = _resolve(ctx, found.number, line)
        if node is None:
            continue
        ctx.g.add((from_text, CDT.cites, node))
        _citation(ctx, from_text, node, kind, locator, line, cited_place(text[found.end:]))
        title = BOOK_TITLE.match(text[found.end:].lstrip())
        if title and (node, DCTERMS.title, None) not in ctx.g:  # GB/T 1.1—2020《标准化工作导则…》
            ctx.g.add((node, DCTERMS.title, zh(_tidy_title(title.group(1)))))
        count += 1
    return count


def add_in_text_citations(ctx) -> None:
    """Emit cdt:cites and an in-text Citation for every standard number in the body."""
    if not hasattr(ctx, "placeholders"):
        ctx.placeholders = {}
    ctx.listed_numbers = {base_number(str(n)) for ref in ctx.g.objects(ctx.doc, CDT.normativeReference)
                          for n in ctx.g.objects(ref, CDT.standardNumber)}
    for c in ctx.structure.clauses:
        if c.role in ("references", "bibliography"):
            continue
        node = ctx.clause_iris[c.number]
        table = ""
        for b in c.blocks:
            if b.kind == "caption":
                table = re.sub(r"\s+", "", b.text.split()[0]) if b.text.split() else ""
            if c.role == "terms" and b.kind == "para" and _term_source(ctx, c, node, b):
                continue
            if b.kind in ("para", "note"):
                _cite_in(ctx, node, b.text, c.locator, b.line)
            elif b.kind == "row":
                _cite_in(ctx, node, b.text, f"{c.locator} {table}".strip(), b.line)
    for node, locator, b, _ in ctx.provisions:
        _cite_in(ctx, node, b.text, locator, b.line)


def _term_source(ctx, c: Clause, node: URIRef, b: Block) -> bool:
    """`GB/T 37043界定的以及下列术语和定义适用于本文件。` cites the source of terms."""
    hits = [f for f in find_numbers(b.text) if _TERM_SOURCE.match(b.text[f.end:])]
    if hits:
        # `A—1988、B—1991 和 C—2024 界定的…`: every number of the list before 界定的 is a source
        found = find_numbers(b.text[:hits[-1].end])
        i = len(found) - 1
        while i > 0 and re.fullmatch(r"[\s、，,和及与]*", b.text[found[i - 1].end:found[i].start]):
            i -= 1
        hits = found[i:]
    for found in hits:
        target = _resolve(ctx, found.number, b.line)
        if target is not None:
            ctx.g.add((node, CDT.cites, target))
            _citation(ctx, node, target, "term-source", c.locator, b.line)
    return bool(hits)


def _described_title(text: str) -> str:
    """The title of an entry described as GB/T 7714 does: `责任者.题名.日期.` or `题名.日期.`
    (`财政部.会计基础工作规范.2019年3月14日.` -> 会计基础工作规范); else the whole entry, tidied."""
    fields = [f.strip() for f in _FIELD_STOP.split(text.strip().rstrip(".．")) if f.strip()]
    if len(fields) in (2, 3) and re.search(r"(?:19|20)\d{2}", fields[-1]) and len(fields[-1]) <= 16:
        return _tidy_title(fields[-2])
    return _tidy_title(text)


# the full stop between the fields of a described entry, not the one inside a version (`V1.0`)
_FIELD_STOP = re.compile(r"(?<!\d)[.．]|[.．](?!\d)")


class _Found(str):
    """A document number found by the general grammar, read like a regex match."""

    def group(self, _: int = 0) -> str:
        return str(self)


# --- bibliography ----------------------------------------------------------------------
def classify_entry(text: str) -> dict:
    """Return class, title, number and remark of one bibliography entry."""
    ref = split_reference(text)
    if ref is not None:
        return {"class": "standard", "number": ref[0], "title": ref[1], "doc_number": None, "remark": ""}
    m = _ISSUING_NOTICE.search(text) or BOOK_TITLE.search(text)
    title = (m.group(0) if m.re is _ISSUING_NOTICE else m.group(1)).strip() if m else _described_title(text)
    rest = (text[m.end():] if m else "").strip(" ，,。")
    doc_number = _DOC_NUMBER.search(text)
    if doc_number is None:
        other = find_document_numbers(text)  # 运基信号[2010]267号, 国务院令第380号: any brackets, orders
        doc_number = _Found(other[0].number) if other else None
    if _TECHNICAL.search(rest):
        cls = "technical"
    elif doc_number or _POLICY_GENRE.search(title):
        cls = "policy"
    else:
        cls = "document"
    rest = re.sub(r"^[（(]\s*|\s*[）)]$", "", rest) if doc_number else rest
    return {"class": cls, "number": None, "title": title,
            "doc_number": doc_number.group(0) if doc_number else None,
            "remark": "" if doc_number else rest}


_CLASS = {"technical": CDT.TechnicalDocument, "policy": CDT.PolicyDocument, "document": CDT.Document}


def add_bibliography(ctx) -> None:
    """Emit the entries of 参考文献 with their classes and citations."""
    g = ctx.g
    for c in ctx.structure.with_role("bibliography"):
        clause_node = ctx.clause_iris[c.number]
        for b in c.blocks:
            if b.kind != "bib":
                if b.kind == "para":
                    ctx.warn(b.line, f"参考文献中的这一段没有编号 [n]，未收录：{b.text[:40]}")
                continue
            entry = classify_entry(b.text)
            if entry["class"] == "standard":
                if is_placeholder(entry["number"]) and not entry["title"]:
                    ctx.warn(b.line, f"参考文献 {b.marker} 只有待定编号、没有名称，未收录。")
                    continue
                node = standard_node(ctx, entry["number"], entry["title"] or None)
            else:
                node = ids.cited_document_iri(entry["class"], entry["title"])
                g.add((node, RDF.type, CDT.Document))
                g.add((node, RDF.type, _CLASS[entry["class"]]))
                g.add((node, DCTERMS.title, zh(entry["title"])))
                if entry["doc_number"]:
                    g.add((node, CDT.number, Literal(entry["doc_number"])))
                    g.add((node, CDT.documentNumber, Literal(entry["doc_number"])))
                    g.add((node, CDT.referenceKind, Literal("policy-document")))
                if entry["remark"]:
                    g.add((node, SKOS.note, zh(entry["remark"])))
            g.add((ctx.doc, CDT.bibliographyEntry, node))
            _citation(ctx, clause_node, node, "bibliography", f"{c.locator} {b.marker}", b.line, marker=b.marker)
