"""Terms and abbreviations of a GB/T 1.1 document (术语和定义, 缩略语).

Each numbered entry of the terms chapter becomes a cdt:TermEntry defining a
cdt:Concept shared by every document that defines the same Chinese term.
The entry's first line is the Chinese term followed by its English
equivalent (which may wrap onto the next lines); then the definition, notes
(注：…, possibly several paragraphs) and the source `[来源：…]`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from . import ids
from .gbt_front_matter import standard_node
from .gbt_structure import Block
from .document_tree import TermView
from .tables import html_rows, split_row
from .standard_numbers import find_numbers, find_plan_numbers, is_placeholder
from .vocab import CDT, zh
from .han import HAN, HAN_CHAR

_LAST_CJK = re.compile(rf"^(.*[{HAN}\u3000-\u303f\uff08\uff09）])\s*(.*)$")
_SOURCE_BODY = re.compile(r"^[\[【［]\s*(?:来源\s*[：:])?\s*(.*?)\s*[\]】］]?\s*$", re.S)
_CLAUSE_NUMBER = re.compile(r"^(?:定义|条款|术语)?\s*((?:[A-Z]\.)?\d+(?:\.\d+)*)$")
# `… web ontology language; OWL`: the abbreviation printed after the English term
# `燃烧效率  combustion efficiency（CE）`: the abbreviation in brackets at the end of the term line
# (printed after both names, `集成电路（IC）  integrated circuit（IC）`, it stays part of both as printed)
# (a lower-case word in brackets is part of the name, not its abbreviation: `sampling section（point）`)
_TERM_BRACKETED_ABBREVIATION = re.compile(
    rf"^(.*?[A-Za-z{HAN}])\s*[（(]\s*((?=[A-Za-z0-9\-/.+&]*[A-Z0-9])[A-Za-z][A-Za-z0-9\-/.+&]*)\s*[）)]\s*$")
# a term line that runs on into its definition: Chinese term, English term, then a sentence in Chinese
_TERM_RUN_ON_DEFINITION = re.compile(rf"^(?P<zh>.*?[{HAN}])\s+(?P<en>[A-Za-z][A-Za-z0-9 ,.'’\-/]*[A-Za-z])\s*"
                                     rf"(?P<definition>[{HAN}].*。)$")
# (a symbol's subscript may be printed as markup: `driver-set maximum speed；V<sub>smaxset</sub>`)
_TERM_ABBREVIATION = re.compile(r"^(.*?)\s*[;；:：]\s*([A-Za-z](?:[A-Za-z0-9\-/.+&]|</?su[bp]>)*)\s*$")
_ABBREVIATION = re.compile(
    r"^(?P<abbr>[A-Za-z0-9][A-Za-z0-9+\-./&]*)\s*[：:]\s*(?P<zh>[^（(]+?)\s*"
    r"(?:[（(]\s*(?P<en>[^（）()]*?)\s*[）)])?\s*[。.]?$"
)
_NOTE_PREFIX = re.compile(r"^注\s*\d*\s*[：:]\s*")
_ADAPTED_SOURCE = re.compile(r"^(?:改写|修改)\s*(?P<source>(?:GB|[A-Z]{1,4}\s*/|ISO|IEC)[^。]*?[，,]\s*(?:定义|条款)?\s*(?:[A-Z]\.)?\d+(?:\.\d+)*)\s*[。.]?$")



_EN_QUALIFIER = re.compile(r"（([a-z][a-z \-]*)）$")


def split_term(line: str) -> tuple[str, str]:
    """Split `城市数字底座 city digital foundation` into the Chinese and English terms."""
    # a full-width bracket closing the English name (`sampling section（point）`) is no Chinese
    qualifier = _EN_QUALIFIER.search(line.strip())
    m = _LAST_CJK.match(line.strip()[: qualifier.start()] if qualifier else line.strip())
    if not m:
        return "", re.sub(r"\s+", " ", line).strip()
    # an OCR'd gap between the names (`统一社会信用代码 ___ unified …`) is no part of the English
    english = re.sub(r"\s+", " ", m.group(2)).strip().lstrip("_-—–:： ")
    if qualifier is None:
        return m.group(1).strip(), english
    return (m.group(1).strip(), english + qualifier.group(0)) if english else (line.strip(), "")


def split_abbreviation(english: str) -> tuple[str, str]:
    """Split `web ontology language; OWL` into the English term and its abbreviation ("" when none)."""
    m = _TERM_ABBREVIATION.match(english)
    if not m or not m.group(1):
        return english, ""
    if re.fullmatch(r"[a-z]{4,}", m.group(2)):
        return english, ""    # a second English word, not a symbol (`excitation: stimulus`)
    return m.group(1).strip(), m.group(2)


@dataclass
class TermSource:
    text: str                    # the whole printed source, with its brackets
    number: str | None = None    # standard number, or None
    plan: str | None = None      # plan number when the source is a standard in preparation
    clause: str | None = None
    modified: bool = False


def parse_source(text: str) -> TermSource:
    """Read `[来源：GB/T 36073-2025, 3.2, 有修改]` into its parts."""
    src = TermSource(text.strip())
    m = _SOURCE_BODY.match(text.strip())
    body = m.group(1) if m else text
    parts = [p.strip() for p in re.split(r"[，,]", body) if p.strip()]
    if parts:
        numbers = find_numbers(parts[0])
        if numbers:
            src.number = numbers[0].number
        else:
            plans = find_plan_numbers(parts[0])
            src.plan = plans[0] if plans else None
    for p in parts[1:]:
        clause = _CLAUSE_NUMBER.match(p)
        if clause and src.clause is None:
            src.clause = clause.group(1)
        if "有修改" in p or "修改" == p:
            src.modified = True
    return src


@dataclass
class ParsedEntry:
    term_zh: str
    term_en: str
    definition: str
    abbreviation: str = ""
    notes: list[str] = field(default_factory=list)
    source: TermSource | None = None


def parse_entry(blocks: list[Block]) -> ParsedEntry | None:
    """Read the blocks of one term entry; None when it has no term line."""
    if not blocks or blocks[0].kind != "term":
        return None
    line, abbreviation, definition = blocks[0].text, "", ""
    run_on = _TERM_RUN_ON_DEFINITION.match(line) if line.rstrip().endswith("。") else None
    if run_on:   # the definition run onto the term line (`DID 统一资源定位符提取 DID uniform … 将…的过程。`)
        line, definition = f"{run_on.group('zh')} {run_on.group('en')}", run_on.group("definition")
    bracketed = _TERM_BRACKETED_ABBREVIATION.match(line)
    if bracketed:
        line, abbreviation = bracketed.group(1), bracketed.group(2)
    term_zh, term_en = split_term(line)
    if bracketed and re.search(rf"[（(]\s*{re.escape(abbreviation)}\s*[）)]$", term_zh):
        term_en += blocks[0].text[len(line):].strip()
    if not abbreviation:
        term_en, abbreviation = split_abbreviation(term_en)
    entry = ParsedEntry(term_zh, term_en, definition, abbreviation=abbreviation)
    in_note = False
    for b in blocks[1:]:
        if b.kind == "synonym":
            entry.abbreviation = entry.abbreviation or b.text
        elif b.kind == "source":
            entry.source = parse_source(b.text)
            in_note = False
        elif b.kind == "note" and entry.source is None and (adapted := _ADAPTED_SOURCE.match(_NOTE_PREFIX.sub("", b.text))):
            # GB/T 1.1—2009 marks a definition taken with changes by a note: `注：改写 GB/T 20000.1—2002，定义 2.1.1。`
            # (the note stays a note too: it is printed, and says 改写 in the reader's words)
            entry.source = parse_source(adapted.group("source").rstrip("。. "))
            entry.source.modified = True
            entry.notes.append(_NOTE_PREFIX.sub("", b.text))
            in_note = False
        elif b.kind == "note":
            entry.notes.append(_NOTE_PREFIX.sub("", b.text))
            in_note = True
        elif in_note:
            entry.notes[-1] += "\n" + b.text  # a note of several paragraphs (B：… T：… E：…)
        elif not entry.definition:
            entry.definition = b.text
        else:
            entry.definition += "\n" + b.text
    return entry


def _source_node(ctx, src: TermSource, line: int) -> URIRef | None:
    if src.number:
        if is_placeholder(src.number):
            ctx.warn(line, f"术语来源 {src.number} 是待定编号，无法确定所指文件。")
            return None
        return standard_node(ctx, src.number)
    if src.plan:
        node = ids.plan_iri(src.plan)
        ctx.g.add((node, RDF.type, CDT.Standard))
        ctx.g.add((node, RDF.type, CDT.Document))
        ctx.g.add((node, CDT.planNumber, Literal(src.plan)))
        return node
    ctx.warn(line, f"术语来源“{src.text}”中没有识别出标准编号或计划号。")
    return None


def add_terms(ctx) -> None:
    """Emit every term entry and its concept."""
    g = ctx.g
    for c in ctx.structure.with_role("term"):
        entry = parse_entry(c.blocks)
        if entry is None or not entry.term_zh:
            ctx.warn(c.line, f"术语条目 {c.number} 没有识别出中文术语。")
            continue
        node = ids.term_entry_iri(ctx.doc, c.number)
        concept = ids.concept_iri(entry.term_zh)
        g.add((node, RDF.type, CDT.TermEntry))
        g.add((node, CDT.inDocument, ctx.doc))
        g.add((node, CDT.number, Literal(c.number)))
        g.add((node, SKOS.prefLabel, zh(entry.term_zh)))
        g.add((concept, RDF.type, CDT.Concept))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.prefLabel, zh(entry.term_zh)))
        g.add((concept, SKOS.inScheme, ids.CONCEPT_SCHEME))
        if entry.abbreviation:
            g.add((node, SKOS.altLabel, Literal(entry.abbreviation)))
        if entry.term_en:
            g.add((node, SKOS.prefLabel, Literal(entry.term_en, lang="en")))
            g.add((concept, SKOS.prefLabel, Literal(entry.term_en, lang="en")))
        else:
            ctx.warn(c.line, f"术语条目 {c.number}（{entry.term_zh}）没有英文对应词。")
        g.add((node, CDT.defines, concept))
        if entry.definition:
            g.add((node, SKOS.definition, zh(entry.definition)))
        else:
            ctx.warn(c.line, f"术语条目 {c.number}（{entry.term_zh}）没有定义。")
        for note in entry.notes:
            g.add((node, SKOS.note, zh(note)))
        ctx.tree.terms.append(TermView(c.number, [entry.term_zh] + ([entry.term_en] if entry.term_en else []),
                                       ([entry.definition] if entry.definition else []) + entry.notes,
                                       c.line or None, concept))
        if entry.source is not None:
            g.add((node, CDT.sourceNote, zh(entry.source.text)))
            target = _source_node(ctx, entry.source, c.line)
            if target is not None:
                g.add((node, CDT.sourceStandard, target))
            if entry.source.clause:
                g.add((node, CDT.sourceClause, Literal(entry.source.clause)))
            g.add((node, CDT.sourceRelation, CDT.Modified if entry.source.modified else CDT.Identical))
        ctx.provenance(node, c.locator, c.line)


_ABBREVIATION_HEAD = re.compile(r"^(?P<abbr>[A-Za-z0-9][A-Za-z0-9_+\-./&]*)\s*(?:[：:]|——|—|\s)\s*(?P<rest>.+)$")
# an abbreviation of up to three words (`USB Type-C`, `Rd+`) before an expansion whose first word has Chinese
_ABBREVIATION_WORDS = re.compile(r"^(?P<abbr>[A-Za-z0-9][A-Za-z0-9_+\-./&]*(?:\s+[A-Za-z0-9][A-Za-z0-9_+\-./&]*){0,2}?)"
                                 rf"\s+(?P<rest>[^\s{HAN}]{{0,8}}[{HAN}].*)$")
# a colon ends the abbreviation, whatever its words (`AWS S3：亚马逊云服务…`)
_ABBREVIATION_COLON = re.compile(r"^(?P<abbr>[A-Za-z0-9][A-Za-z0-9_+\-./&]*(?:\s[A-Za-z0-9][A-Za-z0-9_+\-./&]*){0,2})"
                                 r"\s*[：:]\s*(?P<rest>.+)$")
_BRACKETED_EN = re.compile(r"^(?P<zh>.*?)\s*[（(]\s*(?P<en>[A-Za-z0-9][^（）()]*?)\s*[）)]$")
_SPACED_EN = re.compile(rf"^(?P<zh>.*[{HAN}）)])\s+(?P<en>[A-Za-z][A-Za-z0-9 ,.'’\-/&+]*)$")


def parse_abbreviation(text: str) -> tuple[str, str, str | None] | None:
    """Return (abbreviation, Chinese expansion, English expansion or None).

    Any separator after the abbreviation (`：`, `:`, `—`, or column spacing) and
    the English either in brackets or in its own column: `CC   配置通道   Configuration Channel`.
    """
    text = text.strip().rstrip("。.;；")
    m = _ABBREVIATION_COLON.match(text) or _ABBREVIATION_WORDS.match(text) or _ABBREVIATION_HEAD.match(text)
    if not m:
        return None
    abbr, rest = m.group("abbr"), m.group("rest")
    if rest.startswith("的") and " " in abbr:
        # 的 ties the words before it to the expansion: `ATTRIB Type B 的PICC 选择命令` abbreviates ATTRIB
        abbr, words = abbr.split(" ", 1)
        rest = f"{words} {rest}"
    expansion = parse_expansion(rest)
    return (abbr, *expansion) if expansion else None


def parse_expansion(text: str) -> tuple[str, str | None] | None:
    """Return (Chinese expansion, English expansion or None) of an abbreviation, None without Chinese."""
    rest = text.strip().rstrip("。.;；")
    for rx in (_BRACKETED_EN, _SPACED_EN):
        parts = rx.match(rest)
        if parts and parts.group("zh").strip():
            return parts.group("zh").strip(), re.sub(r"\s+", " ", parts.group("en")).strip()
    if HAN_CHAR.search(rest):
        return rest, None
    return None


def add_abbreviations(ctx) -> None:
    """Emit every entry of the 缩略语 chapter."""
    g = ctx.g
    for c in ctx.structure.with_role("abbreviations"):
        for b in c.blocks:
            if b.kind == "row" or "<table" in b.text:
                for abbr, expansion_zh, expansion_en in _table_abbreviations(b):
                    _add_abbreviation(ctx, c, b, abbr, expansion_zh, expansion_en)
                continue
            if b.kind != "abbr":
                if b.kind == "para" and "适用于本文件" not in b.text:
                    ctx.warn(b.line, f"缩略语一章中的这一行没有按“缩略语：中文（English）”识别：{b.text[:40]}")
                continue
            # the abbreviation printed alone on its line is the block's marker, its expansion the text
            parsed = (b.marker, *expansion) if b.marker and (expansion := parse_expansion(b.text)) \
                else None if b.marker else _numbered_row(b.text) or parse_abbreviation(b.text)
            if parsed is None:
                ctx.warn(b.line, f"缩略语条目没有识别出：{b.text[:40]}")
                continue
            _add_abbreviation(ctx, c, b, *parsed)


# a row of a 缩略语 table read as a line, its 序号 first (`7 CRC 循环冗余码校验`)
_SERIAL = re.compile(r"^\d{1,3}\s+(?=[A-Za-z0-9])")


def _numbered_row(text: str) -> tuple[str, str, str | None] | None:
    """An abbreviation of a table row whose first cell is the row's serial number (SL 651—2014 表1); the
    expansion ends at the first comma, where the row goes on to explain it (`3G 第三代移动通信技术，是指…`)."""
    m = _SERIAL.match(text)
    if not m:
        return None
    # the row ends at its first comma, or where a row the reader joined to it begins (`…环路3 ASCII…`)
    parsed = parse_abbreviation(re.split(rf"[，,]|(?<=[{HAN}])\d{{1,3}}\s*[A-Z]", text[m.end():], maxsplit=1)[0])
    if parsed and not parsed[1].startswith(("是", "指", "由")):
        return parsed
    return parse_abbreviation(text[m.end():])   # the row explains the abbreviation: its whole text


# a row of a 缩略语 table: the abbreviation, its Chinese name, then (when printed) its English name
_TABLE_ABBREVIATION = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-./& ]{0,20}$")


def _table_abbreviations(b) -> list[tuple[str, str, str | None]]:
    """Return (abbreviation, Chinese, English or None) of each row of a 缩略语 table (HTML or Markdown);
    the header row and rows that are no abbreviation are left out."""
    rows = html_rows(b.text) if "<table" in b.text else [[cell.strip() for cell in split_row(b.text)]]
    out = []
    for cells in rows:
        if len(cells) < 2 or not _TABLE_ABBREVIATION.match(cells[0]) or not HAN_CHAR.search(cells[1]):
            continue
        english = cells[2] if len(cells) > 2 and re.match(r"^[A-Za-z]", cells[2]) else None
        out.append((cells[0].strip(), cells[1], english))
    return out


def _add_abbreviation(ctx, c, b, abbr: str, expansion_zh: str, expansion_en: str | None) -> None:
    g = ctx.g
    node = ids.abbreviation_iri(ctx.doc, abbr)
    if (node, RDF.type, CDT.Abbreviation) in g:
        ctx.warn(b.line, f"缩略语 {abbr} 重复出现，只收录第一次。")
        return
    g.add((node, RDF.type, CDT.Abbreviation))
    g.add((node, CDT.inDocument, ctx.doc))
    g.add((node, CDT.abbreviation, Literal(abbr)))
    g.add((node, CDT.expansion, zh(expansion_zh)))
    if expansion_en:
        g.add((node, CDT.expansion, Literal(expansion_en, lang="en")))
    ctx.provenance(node, f"{c.locator} {abbr}", b.line)
