"""The front matter of a GB/T 1.1 document: cover, foreword facts, contributors.

From the cover and the title above chapter 1: titles (@zh, @en where printed),
the printed number (a placeholder such as `GB/T XXXXX—XXXX` is kept as a note,
never as cdt:standardNumber) and the draft stage. From the foreword (前言):
the standard it replaces with the technical changes listed against it, the
committee or organizations that proposed it and are responsible for it
(提出 / 归口), the drafting units and drafters in printed order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from . import ids
from .document_names import DRAFT_STAGES
from .standard_nodes import add_standard
from .engineering_standard import read_structure
from .gbt_structure import Block, Clause
from .pdf_text import footer_identifiers
from .organizations import aliases_for, canonical_organization, split_organization_list
from .standard_numbers import base_number, find_numbers, is_placeholder, normalize, number_in_file_name, series_number, \
    year_of
from .vocab import CDT, zh
from .han import HAN_CHAR
from .roster_labels import CONTRIBUTOR_GROUP_LABEL, DRAFTED, DRAFTERS, DRAFTING_UNITS, SELF_NAME, roster_label

_STAGES = DRAFT_STAGES
_ENGLISH_TITLE = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.'’()\-—–:/&]{8,}$")
_COVER_NOISE = re.compile(r"国家标准|行业标准|地方标准$|企业标准$|推荐性标准|^中华人民共和国|团体标准|发布|实施|ICS|CCS|监督管理|标准化管理委员会|^\d{4}")
_REPLACES = re.compile(r"(?:代替|替代)\s*((?:[A-Z]{1,4}\s*\d{0,4}\s*/\s*[A-Z0-9]+|GB|ISO|IEC|JJ[FG]|[A-Z]{2,4})[^《，,。；、]*?)\s*(?:《([^》]+)》|(?=[，,。；、]|$))")
# `提出并归口`, and the listed form of mandatory and local standards: `提出、归口和组织实施`
# (`本标准由A负责管理，由B归口…`: a later clause of the sentence names the body again)
# the foreword of a revision (GB/T 1.1—2000: `本标准是对 DB 4426-1989《水污染物排放标准》的修订`): the new
# edition replaces the one it revises (`…的补充和完善` supplements it and replaces nothing)
_REVISES = re.compile(r"是对\s*([A-Z][^《，,。；、]*?)\s*(?:《([^》]+)》)?\s*的(?:全面)?修订")
_REPLACES_TITLED = re.compile(r"(?:代替|替代)[^。；;]{0,30}?《([^》]+)》\s*[（(]([^（）()]+)[）)]")
_AGENTS = re.compile(r"(?:" + SELF_NAME + r"(?:[^。]*?[，,])??|(?<=[，,]))由([^，,。；;]+?)(提出(?:并|、)归口|提出|归口)")
_ADOPTION = re.compile(r"(等同|修改|非等效)采用\s*([^《，,。；]+?)\s*(?:《|[（(]|[，,。；]|$)")
_ADOPTION_COVER = re.compile(r"[（(]\s*([A-Z][^，,()（）]*?)\s*[，,]\s*(IDT|MOD|NEQ)\s*[)）]")
_BARE_CCS = re.compile(r"([A-Z]\s?\d{2}(?:\s*/\s*\d{2})*)(?:\s+[A-Z]{1,4})?")
_DEGREE = {"等同": "IDT", "修改": "MOD", "非等效": "NEQ"}
_EMPTY_BRACKET = re.compile(r"\s*[（(][\s/／\-—–.,，、]*[）)]")
# an ICS code is 2, 3 and 2 digits; a text layer may lose its dots (`ICS 13 040 40`)
# (a letter-spaced cover prints `I CS 13.040.40` and `13. 040. 30`)
_ICS_CODE = r"\d{2}(?:(?:[.．]\s?| )\d{3}(?:(?:[.．]\s?| )\d{2})?)?(?!\d)"
_ICS = re.compile(rf"I\s?C\s?S\s*[:：]?\s*({_ICS_CODE}(?:\s*[;；]\s*{_ICS_CODE})*)")
# one code may name two classes of its letter, as printed (`R 10/19`)
_CCS = re.compile(r"CCS\s*[:：]?\s*([A-Z]\s*\d{2}(?:\s*/\s*\d{2})*(?:\s*[;；]\s*[A-Z]\s*\d{2}(?:\s*/\s*\d{2})*)*)(?!\d)")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-—–－.年]\s*(\d{1,2})\s*[-—–－.月]\s*(\d{1,2})\s*日?\s*(发\s*布|实\s*施)")
# a cover date whose label OCR garbled (`2008-10-22犭乏刁亩`)
_BARE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-—–－.年]\s*(\d{1,2})\s*[-—–－.月]\s*(\d{1,2})(?!\d)")
_EDITION = re.compile(r"GB\s*/\s*T\s*1\.1\s*[-—–－]{1,3}\s*(2009|2020)")
_TC_CODE = re.compile(r"[（(]\s*((?:SAC|ISO|IEC)\s*/\s*TC\s*\d+(?:\s*/\s*SC\s*\d+)?)\s*[）)]")
# `本文件起草单位：…`, `本标准主要起草人为…`; a label printed without the document naming itself needs its colon
# (`主要起草人：编写组：…`)
_UNITS = roster_label(DRAFTING_UNITS, colon="unless named")
_PEOPLE = roster_label(DRAFTERS, colon="unless named")
# environmental and older standards name the units in a sentence: `本标准由甲研究所、乙大学负责起草。`
# (its empty qualifier: a part of the list of its own, beside a labelled one)
_UNITS_SENTENCE = re.compile(rf"^{SELF_NAME}(?P<qualifier>)由(?P<names>.+?){DRAFTED}[。.]?$")
_QUOTED = re.compile(r"“([^”]+)”")
_LOCATOR_SPACES = re.compile(r"\s+")
_NEW_LOCATOR = re.compile(r"见\s*([^，,）)；;]+)")
_OLD_LOCATOR = re.compile(r"\d{4}\s*年版(?:的)?\s*([^，,）)；;]+)")



def add_front_matter(ctx) -> None:
    """Add titles, numbers, status, replaced standard, changes, committee and contributors."""
    _add_cover_facts(ctx)
    if ctx.structure.rules != "gbt11":
        return  # another rule set prints its foreword otherwise (engineering_front_matter.py)
    preface = ctx.structure.by_number().get("前言")
    if preface is not None:
        _add_edition_and_adoption(ctx, preface)
    _add_edition_from_wording(ctx)
    if preface is None:
        ctx.warn(None, "没有前言：无法读取起草单位、起草人和归口单位。")
        return
    replaced = _add_replaces(ctx, preface)
    _add_changes(ctx, preface, replaced)
    add_agents(ctx, preface)
    _add_contributors(ctx, preface)


# --- cover and titles ----------------------------------------------------------------
# a line before chapter 1 that cites a standard, not one that prints the document's own number: the replaced or
# the adopted standard, or a sentence of a foreword whose heading was lost (`本文件按照GB/T 1.1—2020《…》的规定`)
_CITING = re.compile(r"代替|替代|采用|IDT|MOD|NEQ|按照|依据|起草|[。《]")
# the cover prints the standards a document replaces after its own number, on its line
# (`国家标准 GB/T 45906.3—2025 代替 GB/T 16263.2—2006`): what stands before the word is the document's own
_REPLACEMENT_WORD = re.compile(r"代替|替代")
# an approval notice (公告) of an engineering-construction standard assigns the number in its text
_ASSIGNED = re.compile(r"编号为\s*")


def _own_part(line: str) -> str:
    """What a cover line prints of the document itself: the line, or the part before a replacement word
    when only that word makes it citing, or the number an approval notice assigns (`…为浙江省工程建设标准，
    编号为DBJ33/T1309-2023，自…起施行`); "" for a line that cites."""
    if not _CITING.search(line):
        return line
    assigned = _ASSIGNED.search(line)
    if assigned:
        found = find_numbers(line[assigned.end():])
        if found and found[0].start == 0:
            return line[assigned.end():][: found[0].end]
    head = _REPLACEMENT_WORD.split(line, maxsplit=1)[0]
    return head if head != line and not _CITING.search(head) and find_numbers(head) else ""


def _cover_numbers(ctx) -> list[tuple[str, str]]:
    """(normalized, as printed) standard numbers of the cover; page-debris filters drop these lines."""
    first_clause = ctx.structure.clauses[0].line if ctx.structure.clauses else None
    if not first_clause:
        return []
    lines = [_closed_up(_own_part(ln)) for ln in ctx.raw.splitlines()[: first_clause - 1] if _own_part(ln)]
    head = "\n".join(lines)
    return [(f.number, head[f.start:f.end]) for f in find_numbers(head)] or _series_numbers(lines)


def _series_numbers(lines: list[str]) -> list[tuple[str, str]]:
    """(normalized, as printed) numbers of an issuer's own series a cover line prints alone (`PPCA 7 —2023` under
    联盟规范), for a cover where the grammar reads no number."""
    return [(number, line.strip()) for line in lines for number in [series_number(line)] if number]


# a cover whose text layer spreads its letters (`D B44 /613—2009`): a lone capital joined to the code after it
_SPREAD_CODE = re.compile(r"(?<![A-Za-z])([A-Z]) (?=[A-Z]{1,3}\s?\d)")


# a scan's cover number whose year a space splits (`GB／T 26875．3—20 11`, `201 1`): four digits after the dash
_SPLIT_YEAR = re.compile(r"([—–-]\s*)((?:1|2)\d{0,2})\s+(\d{1,3})(?![\d.．])")


def _closed_up(line: str) -> str:
    """The cover line with a letter-spaced code closed up, and a year a space splits joined again."""
    line = _SPREAD_CODE.sub(r"\1", line)
    return _SPLIT_YEAR.sub(lambda m: m[1] + m[2] + m[3] if len(m[2] + m[3]) == 4 and (m[2] + m[3])[:2] in ("19", "20")
                           else m[0], line)


def printed_number(raw: str, structure) -> str | None:
    """The standard number printed before the first clause (the cover), normalized; None if only a placeholder."""
    first = structure.clauses[0].line if structure.clauses else None
    if not first:
        return None
    found = [f.number for line in raw.splitlines()[: first - 1] if _own_part(line)
             for f in find_numbers(_closed_up(_own_part(line))) if not is_placeholder(f.number)]
    if not found:
        found = [n for n, _ in _series_numbers([_own_part(ln) for ln in raw.splitlines()[: first - 1]])]
    # a document's own number carries its year; an undated one before it is a converter's heading or a citation
    return next((n for n in found if _DATED.search(n)), found[0] if found else None)


_DATED = re.compile(r"[-—–]\s*\d{4}$")


# what a printed booklet's colophon (the back page) prints below the standard's number
_COLOPHON = re.compile(r"出版|印刷|书号|定价|版权所有|开本|印张")
_COLOPHON_LINES = 40


def colophon_number(raw: str) -> str | None:
    """The dated standard number a printed booklet's colophon sets alone on its line, among the text's last
    lines and above the publisher's lines (出版, 印刷, 书号, 定价…); None when there is no such page. A cover
    that a scan or a converter lost leaves the document's own number there alone."""
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip()][-_COLOPHON_LINES:]
    for i, line in enumerate(lines):
        found = find_numbers(line)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(line) and _DATED.search(found[0].number) \
                and not found[0].is_placeholder and any(_COLOPHON.search(later) for later in lines[i + 1:]):
            return found[0].number
    return None


@dataclass(frozen=True)
class Cover:
    """What a document prints of itself before chapter 1."""

    title: str | None     # the Chinese title
    number: str | None    # the standard number, normalized; None when only a placeholder is printed
    stage: str | None     # 征求意见稿 / 送审稿 / 报批稿 / 工作组讨论稿; None on a published standard's cover


def read_cover(source, structure=None) -> Cover:
    """The printed title, number and draft stage of the document a reader read (a SourceDocument), from its
    clause tree when already read."""
    structure = structure or read_structure(source.lines)
    return Cover(cover_title(structure), printed_number(source.text, structure), cover_stage(structure))


def cover_title(structure) -> str | None:
    """The Chinese title printed above chapter 1, else the first cover line that reads as a title."""
    cover = [ln.text for ln in structure.cover]
    title = structure.body_title.text if structure.body_title else None
    if not title:
        # a title has words: a scan's stray mark (`a亘`) is not one; a part's line below it belongs to it
        at = next((i for i, t in enumerate(cover) if len(HAN_CHAR.findall(t)) >= 2 and not _COVER_NOISE.search(t)
                   and not any(s in t for s in _STAGES) and not find_numbers(t)), None)
        title = cover[at] if at is not None else None
        if at is not None and at + 1 < len(cover) and _PART_LINE.match(cover[at + 1].strip()) \
                and not _PART_LINE.search(title):
            title = f"{title.strip()} {cover[at + 1].strip()}"
    elif not _BRACKET.search(title):
        title = _bracketed_on_cover(title, cover) or title
    return _LOCATOR_SPACES.sub(" ", title).strip() if title else None


_BRACKET = re.compile(r"[（()）]")
_PART_LINE = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]+\s*部分\s*[：:]")
_HALF_WIDTH_BRACKETS = str.maketrans("（）", "()")


def _bracketed_on_cover(title: str, cover: list[str]) -> str | None:
    """The cover's printing of the body's title when the cover sets an element of it in brackets
    (`道路运输车辆主动安全智能防控系统` / `（通讯协议规范）` over `…系统 通讯协议规范`), else None."""
    wanted = re.sub(r"\s+", "", title)
    for i in range(len(cover)):
        run = ""
        for line in cover[i:i + 4]:
            run += re.sub(r"\s+", "", line)
            if _BRACKET.sub("", run) == wanted and _BRACKET.search(run):
                return run
            if not wanted.startswith(_BRACKET.sub("", run)):
                break
    return None


def cover_stage(structure) -> str | None:
    """The draft stage the cover prints (征求意见稿 …), None when it prints none."""
    return next((s for ln in structure.cover for s in _STAGES if s in ln.text), None)


def _add_cover_facts(ctx) -> None:
    g, doc, entry, st = ctx.g, ctx.doc, ctx.entry, ctx.structure
    cover = [ln.text for ln in st.cover]
    title_zh = cover_title(st) or entry.title or None
    if title_zh:
        g.add((doc, DCTERMS.title, zh(title_zh)))
    english = english_title(cover)
    if english:
        g.add((doc, DCTERMS.title, Literal(english, lang="en")))
    _add_classification_and_dates(ctx, cover)
    # the stage as printed on the cover, else as the manifest describes the source
    stage = cover_stage(st) or \
        next((s for s in _STAGES if s in f"{entry.title} {entry.source}"), None)
    if stage:
        g.add((doc, CDT.draftStage, zh(stage)))

    printed = _cover_numbers(ctx)
    numbers = [n for n, _ in printed if not is_placeholder(n)]
    if not numbers and entry.number and not is_placeholder(normalize(entry.number)):
        numbers = [normalize(entry.number)]
        if colophon_number(getattr(ctx, "raw", "") or "") == numbers[0]:
            ctx.warn(None, f"封面没有印出标准编号：编号 {numbers[0]} 取自书末版权页，请核对原文。")
        elif number_in_file_name(entry.source_file) == numbers[0]:
            ctx.warn(None, f"正文没有印出标准编号：编号 {numbers[0]} 取自文件名“{entry.source_file}”，请核对原文。")
    if numbers:
        g.add((doc, CDT.standardNumber, Literal(numbers[0])))
        g.add((doc, CDT.baseNumber, Literal(base_number(numbers[0]))))
        for other in footer_identifiers(getattr(ctx, "raw", "") or "", numbers[0]):
            g.add((doc, SKOS.hiddenLabel, Literal(other)))   # a society's own number in the running header
    placeholders = [raw for n, raw in printed if is_placeholder(n)]
    if not placeholders and entry.number and is_placeholder(normalize(entry.number)):
        placeholders = [entry.number]
    if placeholders and not numbers:
        g.add((doc, SKOS.note, zh(f"编号待定：封面印 {placeholders[0]}，尚未分配标准编号。")))
    if stage or entry.status == "Draft":
        g.add((doc, CDT.status, CDT.Draft))
    elif entry.status:
        g.add((doc, CDT.status, CDT[entry.status]))


def english_title(cover: list[str]) -> str | None:
    """The English title: the longest run of consecutive English cover lines, joined.

    A PDF may print one word per line; a run is broken by any line with Chinese,
    a number, a date or a classification code.
    """
    runs: list[list[str]] = [[]]
    for t in cover:
        t = _without_trailing_number(t)
        if re.search(r"[A-Za-z]{2,}", t) and not HAN_CHAR.search(t) \
                and not re.search(r"ICS|CCS|\d{4}", t) and not find_numbers(t):
            runs[-1].append(t.strip().translate(_HALF_WIDTH_BRACKETS))   # `（Specifications for …）`
        elif runs[-1]:
            runs.append([])
    best = max((" ".join(r) for r in runs), key=len, default="")
    best = re.sub(r"\s+", " ", best).strip()
    # OCR may lose every space of it (`Generaldatainterfacetechnologyprotocol…`): a long run of letters alone
    glued = re.fullmatch(r"[A-Z][a-z]{24,}", best) is not None
    return best if _ENGLISH_TITLE.match(best) and (" " in best or glued) else None


def _without_trailing_number(line: str) -> str:
    """A cover line without the standard number a layout set at its end, after the English title on one line
    (`General code for engineering structures GB55001-2021`); the line itself otherwise."""
    found = find_numbers(line)
    if found and found[-1].start > 0 and not line[found[-1].end:].strip() and not HAN_CHAR.search(line) \
            and re.search(r"[a-z]{2,}\s*$", line[:found[-1].start]):
        return line[:found[-1].start].strip()
    return line


def _add_classification_and_dates(ctx, cover: list[str]) -> None:
    """ICS and CCS codes, 发布 and 实施 dates, and the adopted international standard from the cover."""
    g, doc = ctx.g, ctx.doc
    head = "\n".join(cover)
    first = ctx.structure.clauses[0].line if ctx.structure.clauses else None
    # codes as extracted, before page debris was dropped (`CCSA` / `14` on two lines)
    raw_head = "\n".join(ctx.raw.splitlines()[: first - 1]) if first else head
    for rx, prop in ((_ICS, CDT.ics), (_CCS, CDT.ccs)):
        m = rx.search(raw_head)
        if m:
            for code in re.split(r"\s*[;；]\s*", m.group(1)):
                code = ".".join(re.findall(r"\d+", code)) if prop == CDT.ics else re.sub(r"\s+", "", code)
                g.add((doc, prop, Literal(code)))
    if (doc, CDT.ccs, None) not in g:
        # a CCS code printed without its label sits on its own line, next to the ICS line when there is one
        # (the cover's big code letters may share its line: `P 59 NB`)
        for i, t in enumerate(cover):
            label = _BARE_CCS.fullmatch(cover[i + 1].strip()) if _ICS.search(t) and i + 1 < len(cover) else None
            if label:
                g.add((doc, CDT.ccs, Literal(re.sub(r"\s+", "", label.group(1)))))
        if not _ICS.search(head):
            for t in cover:
                if re.fullmatch(r"[A-Z]\s?\d{2}", t.strip()):
                    g.add((doc, CDT.ccs, Literal(re.sub(r"\s+", "", t))))
                    break
    for m in _DATE.finditer(re.sub(r"\s*\n\s*", " ", head)):
        year, month, day, what = m.groups()
        try:
            value = Literal(f"{year}-{int(month):02d}-{int(day):02d}", datatype=XSD.date)
        except ValueError:
            continue
        prop = DCTERMS.issued if re.sub(r"\s+", "", what) == "发布" else CDT.effectiveDate
        if (doc, prop, None) not in g:
            g.add((doc, prop, value))
    _add_unlabelled_dates(g, doc, re.sub(r"\s*\n\s*", " ", head))
    m = _ADOPTION_COVER.search(head)
    if m and find_numbers(m.group(1)):
        _add_adoption(ctx, m.group(1), m.group(2))


def _add_unlabelled_dates(g, doc, head: str) -> None:
    """The cover's two dates when a label did not survive (a scan's OCR): GB/T 1.1 prints the 发布 date
    then the 实施 date, and a standard is implemented on or after the day it is issued — so of exactly two
    dates on the cover the earlier is 发布 and the later 实施, each kept only where no label gave one."""
    dates = []
    for m in _BARE_DATE.finditer(head):
        try:
            dates.append(date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return
    if len(set(dates)) != 2:
        return
    issued, effective = sorted(set(dates))
    for prop, value in ((DCTERMS.issued, issued), (CDT.effectiveDate, effective)):
        if any(str(v) != value.isoformat() for v in g.objects(doc, prop)):
            return      # a label read says otherwise: leave the dates as the labels gave them
    for prop, value in ((DCTERMS.issued, issued), (CDT.effectiveDate, effective)):
        if (doc, prop, None) not in g:
            g.add((doc, prop, Literal(value.isoformat(), datatype=XSD.date)))


def _add_adoption(ctx, number: str, degree: str) -> None:
    if (ctx.doc, CDT.adopts, None) in ctx.g:
        return
    node = standard_node(ctx, find_numbers(number)[0].number)
    ctx.g.add((ctx.doc, CDT.adopts, node))
    ctx.g.add((ctx.doc, CDT.adoptionDegree, Literal(degree)))


def _add_edition_and_adoption(ctx, preface: Clause) -> None:
    """The GB/T 1.1 edition the foreword says it follows, and 等同/修改/非等效采用."""
    text = "\n".join(b.text for b in preface.blocks)
    m = _EDITION.search(text)
    if m:
        ctx.g.add((ctx.doc, CDT.gbt11Edition, Literal(m.group(1))))
    m = _ADOPTION.search(text)
    if m and find_numbers(m.group(2)):
        _add_adoption(ctx, m.group(2), _DEGREE[m.group(1)])


def _add_edition_from_wording(ctx) -> None:
    """Without a foreword naming it, the edition shows in how the document names itself.

    GB/T 1.1—2020 has a document call itself 本文件; the 2009 edition had 本标准.
    """
    if (ctx.doc, CDT.gbt11Edition, None) in ctx.g:
        return
    text = "\n".join(b.text for c in ctx.structure.clauses if c.kind in ("preface", "chapter") for b in c.blocks)
    new, old = text.count("本文件"), text.count("本标准")
    if new != old:
        ctx.g.add((ctx.doc, CDT.gbt11Edition, Literal("2020" if new > old else "2009")))


# --- replaced standard and changes -------------------------------------------------------
def standard_node(ctx, number: str, title: str | None = None) -> URIRef:
    """The node of a cited standard with its number facts (and title when given)."""
    return add_standard(ctx.g, number, title)


def _add_replaces(ctx, preface: Clause) -> URIRef | None:
    """The standard this one replaces, as the foreword or the cover (`代替 HJ/T 7—94`) says."""
    cover = [Block("para", ln.text, ln.no) for ln in ctx.structure.cover]
    for b in [*preface.blocks, *cover]:
        if b.kind != "para":
            continue
        m = _REPLACES.search(b.text) or _REVISES.search(b.text)
        number, title = (m.group(1), m.group(2)) if m else (None, None)
        if not number or not find_numbers(number):
            # the title first, its number after it in brackets: `替代…《大气污染物排放限值》（DB44/27-2001）`
            m = _REPLACES_TITLED.search(b.text)
            number, title = (m.group(2), m.group(1)) if m else (None, None)
        if not number or not find_numbers(number):
            continue
        number = _earlier_edition(ctx, find_numbers(number)[0].number)
        old = standard_node(ctx, number, (title or "").strip() or None)
        ctx.g.add((ctx.doc, DCTERMS.replaces, old))
        ctx.g.add((old, DCTERMS.isReplacedBy, ctx.doc))
        ctx.g.set((old, CDT.status, CDT.Superseded))
        return old
    return None


def _earlier_edition(ctx, number: str) -> str:
    """The replaced `number`, or this document's own number with the replaced edition's year when the two are
    the same but for a slash or a space an older printing left out (`DB 4426-1989` replaced by `DB44/26—2001`)."""
    own = next(iter(ctx.g.objects(ctx.doc, CDT.baseNumber)), None)
    year = year_of(number)
    squeezed = lambda n: re.sub(r"[\s/]", "", n)   # noqa: E731
    if own is not None and year and squeezed(base_number(number)) == squeezed(str(own)) and base_number(number) != str(own):
        return f"{own}-{year}"
    return number


def _locator(text: str) -> str:
    return _LOCATOR_SPACES.sub("", text).strip()


def parse_change(text: str) -> dict:
    """Return kind, labels and locators of one listed technical change."""
    quoted = _QUOTED.findall(text)
    if re.search(r"将\s*“[^”]+”\s*(?:修改|更改|改)为\s*“", text):
        kind = "renamed"
    elif text.lstrip().startswith(("删除", "删去")):
        kind = "removed"
    elif text.lstrip().startswith(("增加", "新增", "添加")):
        kind = "added"
    else:
        kind = "modified"
    out = {"kind": kind, "old": None, "new": None, "old_locator": None, "new_locator": None}
    if kind == "renamed" and len(quoted) >= 2:
        out["old"], out["new"] = quoted[0].strip(), quoted[1].strip()
    elif kind == "removed" and quoted:
        out["old"] = quoted[0].strip()
    elif quoted:
        out["new"] = quoted[0].strip()
    paren = re.findall(r"[（(]([^（）()]*(?:见|年版)[^（）()]*)[）)]", text)
    if paren:
        where = paren[-1]
        m = _NEW_LOCATOR.search(where)
        if m:
            out["new_locator"] = _locator(m.group(1))
        m = _OLD_LOCATOR.search(where)
        if m:
            out["old_locator"] = _locator(m.group(1))
    return out


def _add_changes(ctx, preface: Clause, replaced: URIRef | None) -> None:
    if replaced is None:
        return
    g = ctx.g
    items = [b for b in preface.blocks if b.kind == "item" and b.level == 1]
    seen: set[str] = set()
    for b in items:
        if b.marker in seen:
            ctx.warn(b.line, f"前言中的技术变化 {b.marker} 重复出现，只收录第一次。")
            continue
        seen.add(b.marker)
        change = parse_change(b.text)
        node = ids.change_iri(ctx.doc, b.marker)
        g.add((node, RDF.type, CDT.Change))
        g.add((node, CDT.changeKind, Literal(change["kind"])))
        g.add((node, CDT.marker, Literal(b.marker)))
        g.add((node, CDT.text, zh(b.text)))
        g.add((node, CDT.changeAgainst, replaced))
        for key, prop in (("old", CDT.oldLabel), ("new", CDT.newLabel)):
            if change[key]:
                g.add((node, prop, zh(change[key])))
        for key, prop in (("old_locator", CDT.oldLocator), ("new_locator", CDT.newLocator)):
            if change[key]:
                g.add((node, prop, Literal(change[key])))
        ctx.provenance(node, f"{preface.locator} {b.marker}", b.line)


# --- committee and contributors -------------------------------------------------------
def _paragraphs(preface: Clause) -> list[Block]:
    return [b for b in preface.blocks if b.kind == "para"]


def _organization(ctx, name: str) -> URIRef:
    key, forms = canonical_organization(name, aliases_for(ctx.path.parent))
    node = ids.organization_iri(key)
    ctx.g.add((node, RDF.type, FOAF.Organization))
    for form in forms:
        ctx.g.add((node, FOAF.name, zh(form)))
    return node


def add_agents(ctx, preface: Clause) -> None:
    """Add the bodies the foreword says proposed the standard (提出) and are responsible for it (归口)."""
    g = ctx.g
    for b in _paragraphs(preface):
        for m in _AGENTS.finditer(b.text):
            # a bracket left empty where OCR dropped the committee's code (`委员会( / )`) is no part of a name
            who, verb = _EMPTY_BRACKET.sub("", m.group(1)), m.group(2)
            agents = []
            start = 0
            # each committee is named before its code: `A（SAC/TC 287）和B（SAC/TC 28）` is two committees
            for tc in _TC_CODE.finditer(who):
                code = re.sub(r"TC\s*(\d)", r"TC \1", re.sub(r"\s+", "", tc.group(1)))
                node = ids.committee_iri(code)
                g.add((node, RDF.type, CDT.TechnicalCommittee))
                g.add((node, RDF.type, FOAF.Organization))
                g.add((node, FOAF.name, zh(re.sub(r"^\s*(?:和|与|及|、|，|,)\s*", "", who[start:tc.start()]).strip())))
                g.add((node, SKOS.notation, Literal(code)))
                g.add((ctx.doc, CDT.committee, node))
                agents.append(node)
                start = tc.end()
            if not agents:
                agents = [_organization(ctx, n) for n in split_organization_list(who)]
            for node in agents:
                if "提出" in verb:
                    g.add((ctx.doc, CDT.proposedBy, node))
                if "归口" in verb:
                    g.add((ctx.doc, CDT.responsibleBody, node))


_GROUP = re.compile(rf"^{CONTRIBUTOR_GROUP_LABEL}\s*(.*)$")


def _split_people(text: str) -> list[str]:
    """The names of a list of people; group labels inside it (`编写组：甲、乙。审核组：丙`) are no names."""
    text = re.sub(CONTRIBUTOR_GROUP_LABEL, "、", text)
    return [n for n in (re.sub(r"\s+", "", p).strip("。.；;，, ") for p in re.split(r"[、，,；;。]", text)) if n]


# a list that ends `…等。` names only some: the 等 is no part of its last name
_NOT_EXHAUSTIVE = re.compile(r"(?<=[^、，,\s])\s*等\s*$")


def _add_contributors(ctx, preface: Clause) -> None:
    """The drafting units and drafters in printed order; a second paragraph of a role adds to it when it
    says another part of the list (`主要起草单位：…` then `参与起草单位：…`) and is ignored when it repeats one."""
    names: dict[str, list[tuple[str, int]]] = {"drafting-unit": [], "drafter": []}
    seen: dict[str, set[str]] = {"drafting-unit": set(), "drafter": set()}
    paragraphs = _paragraphs(preface)
    for i, b in enumerate(paragraphs):
        units = _UNITS.match(b.text) or _UNITS_SENTENCE.match(b.text)
        people = _PEOPLE.match(b.text)
        m = units or people
        if m is None:
            continue
        role, listed = ("drafting-unit" if units else "drafter"), m.group("names").rstrip("。. ")
        listed = _NOT_EXHAUSTIVE.sub("", listed) if re.search(r"[、，,]", listed) else listed
        if m.group("qualifier") in seen[role]:
            ctx.warn(b.line, f"前言中再次出现“本文件{'起草单位' if units else '起草人'}：”一段，只收录第一段。")
            continue
        seen[role].add(m.group("qualifier"))
        if units:
            found = split_organization_list(listed)
        else:
            found = _split_people(listed)
            # drafters listed by group after the heading: 编写组：…  审查组：…
            for after in paragraphs[i + 1:]:
                group = _GROUP.match(after.text)
                if not group:
                    break
                found += [n for n in _split_people(group.group(1)) if n not in found]
        known = {n for n, _ in names[role]}
        names[role] += [(n, b.line) for n in found if n not in known]
    for role, label in (("drafting-unit", "起草单位"), ("drafter", "起草人")):
        if seen[role]:
            add_contributions(ctx, role, names[role], preface.locator)
        else:
            ctx.warn(preface.line, f"前言中没有找到“本文件{label}：”一段。")


def add_contributions(ctx, role: str, names: list[tuple[str, int | None]], where: str) -> None:
    """Emit the drafting units (role `drafting-unit`) or drafters (`drafter`) of the document in printed
    order, each (name, line) as a cdt:Contribution located in `where` (`前言`, `附加说明`)."""
    g = ctx.g
    prop = CDT.draftedBy if role == "drafting-unit" else CDT.drafter
    for position, (name, line) in enumerate(names, start=1):
        if role == "drafting-unit":
            agent = _organization(ctx, name)
        else:
            agent = ids.person_iri(name)
            g.add((agent, RDF.type, FOAF.Person))
            g.add((agent, FOAF.name, zh(name)))
        g.add((ctx.doc, prop, agent))
        c = ids.contribution_iri(ctx.doc, role, position)
        g.add((c, RDF.type, CDT.Contribution))
        g.add((c, CDT.contributionTo, ctx.doc))
        g.add((c, CDT.agent, agent))
        g.add((c, CDT.position, Literal(position, datatype=XSD.integer)))
        g.add((c, CDT.role, Literal(role)))
        ctx.provenance(c, f"{where} {'起草单位' if role == 'drafting-unit' else '起草人'} {position}", line)
