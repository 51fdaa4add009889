"""The clause tree of a document drafted to GB/T 1.1-2020, read from its PDF text.

`parse_structure(lines)` returns a `Structure`: the cover lines, the clauses in
document order (前言, 引言, chapters, clauses, annexes, 参考文献), each with its
body split into blocks (paragraphs, notes, list items, table rows, captions),
and the problems met. No RDF here: gbt_document.py turns it into triples.

A line opens a clause only when its number is a plausible successor of the
clause before it (its first child, its next sibling or an ancestor's next
sibling), so running text that starts with digits (`2017 年版…`) stays text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gbt_modality import strongest_modality
from .pdf_text import DANGLING_PREFIX, Line, ends_sentence, join_text, physical_lines
from .standard_numbers import FoundNumber, find_document_numbers, find_numbers
from .han import HAN, HAN_CHAR
from .list_markers import CIRCLED_ITEM, LETTER_ITEM, LIST_ITEM_LEVELS, NUMBER_ITEM
from .roster_labels import CONTRIBUTOR_GROUP_LABEL, CONTRIBUTOR_LABEL, SELF_NAME


# --- line classes ------------------------------------------------------------
_NUMBERED = re.compile(r"^([A-Z](?:\.\d{1,3})+|\d{1,2}(?:\.\d{1,3})*)(?:\s+(.*)|\s*$)")
_NUMBERED_TIGHT = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,3}})+)(?=[{HAN}A-Z])(.*)$")
# `1范围` (OCR glued a chapter number to its title): only a short title after a finished sentence
_CHAPTER_TIGHT = re.compile(rf"^(\d{{1,2}})(?=[{HAN}])([{HAN}、，和与及的]{{1,20}})$")
_ANNEX = re.compile(r"^附录([A-Z])(?:[（(](规范性|资料性|资料型|参考性)(?:附录)?[）)])?(.*)$")
# a layout that draws the annex letter as a graphic prints it again before the label (`A 附录 A`)
_DOUBLED_ANNEX_LETTER = re.compile(r"^([A-Z])(?=附录\1)")
_LONE_ANNEX_LETTER = re.compile(r"([A-Z])\1?")
# no title or paragraph starts with these: the line goes on a sentence
_CONTINUATION = re.compile(r"^[的、，,。；;）)]")
_ANNEX_NATURE = re.compile(r"^[（(](规范性|资料性|资料型|参考性)(?:附录)?[）)]$")
_ANNEX_NATURE_TITLE = re.compile(r"^[（(](规范性|资料性|资料型|参考性)(?:附录)?[）)](.+)$")
_TOC_HEAD = {"目次", "目录"}
# traditional forms OCR gives for the characters of element names (`參 考 文 獻`, `附錄`, `規範性`)
_TRADITIONAL = str.maketrans("參獻錄規範資録", "参献录规范资录")
# a heading that is only two numbers (`# 3 1`): a clause number whose dot OCR lost
_LOST_DOT = re.compile(r"^(\d{1,2})\s+(\d{1,3})$")
# a clause number OCR printed without some of its dots or with a comma for one (`421 起始符` for 4.2.1,
# `81.2 型式检验`, `7,5 不完善粒`, `C11 CRC说明`): an annex letter and digits, then the title
_DAMAGED_NUMBER = re.compile(rf"^([A-Z]?\d(?:[\d.,，]*\d)?)(?:\s+|(?=[{HAN}])|$)(.*)$")
_BRACKETS = re.compile(r"[（()）]")
# a heading's characters set apart (`范  围`, `通 讯 示 例`) or a scan's OCR splitting off its first one (`地 貌特征`):
# a lone hanzi and the hanzi after it are one word
_LETTER_SPACED = re.compile(rf"(?<![{HAN}])([{HAN}])\s+(?=[{HAN}])")
# a chapter heading printed with a full stop or an enumeration comma after its number (`1. 适用范围`, `## 1. 范围`,
# `1、范围`)
# the titles GB/T 1.1 fixes for the first chapters: such a heading needs no finished sentence before it (the body's
# title stands just above `1、范围`)
_FIXED_TITLES = {"范围", "规范性引用文件", "术语和定义"}
_CHAPTER_DOT = re.compile(rf"^(\d{{1,2}})[.．、]\s*(?=[{HAN}])(.+)$")
# a clause number below chapter level printed with a trailing dot (`3.1. 总体要求`, `3.2.1. 系统应…`)
_CLAUSE_DOT = re.compile(rf"^(\d{{1,2}}(?:\.\d{{1,3}})+)[.．]\s*(?=[{HAN}A-Za-z“《(（])(.+)$")
# (an OCR'd contents list may lose the page number after the dot leaders: `1 范围 ...`)
_TOC_LINE = re.compile(r"^\|.*\|$|(?:[.…·]{2,}|\s[.…·])\s*[IVXLCⅠ-Ⅻivxlc\d]*$|\s[IVXLCⅠ-Ⅻ]{1,5}$|\s\d{1,3}$")
# a table-of-contents entry wherever it stands: a title, dot leaders, a page number
_TOC_ENTRY = re.compile(r"\S\s*(?:[.…·]{2,}|…)\s*[IVXLCⅠ-Ⅻivxlc\d]{1,4}\s*$")
_TOC_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,3})*)\s*([^.…·]+?)\s*(?:[.…·]{2,}|…)")
# an entry of a contents list without dot leaders (`5.1 部署模式<tab>3`, a Word export)
_TOC_PAGED = re.compile(r"^(\d{1,2}(?:\.\d{1,3})*)\s*([^\s.…·][^.…·]*?)\s+[IVXLCⅠ-Ⅻivxlc\d]{1,4}$")
_ITEM = {level: re.compile(rf"^{marker}\s*(.*)$") for level, marker in LIST_ITEM_LEVELS.items()}
_NOTE = re.compile(r"^注\s*\d*\s*[：:]")
_SOURCE = re.compile(r"^\[来源[：:]")
# a 2009-style term source: the bracketed source standard without 来源 (`[GB/T 25069—2010, 定义 2.1.39]`)
_SOURCE_2009 = re.compile(r"^[\[【［]\s*(?=[A-Z]{1,4}\s*/|GB|ISO|IEC|\d{8}-)")
# (a full-width bracket, `［1］GB/T 19392-2003 …`, is the same marker)
_BIB = re.compile(r"^[\[［【]\s*(\d{1,3})\s*[\]］】]\s*(.*)$")
# the number of a figure or a table, in an annex with its letter (`图 3`, `表 A.1`, `表B.2.1`)
_CAPTION_NUMBER = r"[A-Z]?\.?\s*\d+(?:\.\d+)*"
_FIGURE = re.compile(rf"^图\s*{_CAPTION_NUMBER}(?:\s|$)")
_TABLE_CAPTION = re.compile(rf"^表\s*{_CAPTION_NUMBER}(?:\s|[（(]|$)")
# an abbreviation (one to three words: `USB Type-C`) then its expansion, whose first word has Chinese in it
_ABBREVIATION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_+\-./&]*(?:\s+[A-Za-z0-9][A-Za-z0-9_+\-./&]*){0,2}?"
                           rf"(?:\s*[：:]|\s*—|\s+(?=[^\s{HAN}]{{0,8}}[{HAN}]))")
# the part element of a title (`第1部分：`), whose colon is no sentence punctuation
_PART_LABEL = re.compile(r"第\s*\d+\s*部分\s*[：:]")
# (a comma inside it, as in `C.1 “＋”并列符号，用于…进行组配`, but no sentence end and no colon or comma at its
# end: `…主要包括…，具体描述如下：` is a paragraph, whatever its style)
_FONT_TITLE = re.compile(r"[^。；;！？!?]{1,40}(?<![：:，,])")
# sentence punctuation, which a heading's title does not hold
TITLE_PUNCT = re.compile(r"[，。；：,;:！？]")
_MARKDOWN_BOLD = re.compile(r"\*\*")
# a line with none of these (letters, digits, CJK, CJK or general punctuation such as ……) is debris
_READABLE = re.compile(rf"[A-Za-z0-9{HAN}\u2000-\u206f\u2460-\u24ff\u3000-\u303f\uff00-\uffef]")
_GARBAGE = re.compile("\ufffd|[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MARKDOWN_ITEM = re.compile(rf"^[-*]\s+(?={LETTER_ITEM}|{NUMBER_ITEM}|{CIRCLED_ITEM}|\[)")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
# a Markdown block quote's markers (`> a)`, `>> 1)`): the list item itself
_MARKDOWN_QUOTE = re.compile(r"^(?:>\s*)+")
# Markdown's backslash escapes (`3\.1\.4`, `\*`): the character itself
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# a superscript OCR wrote as inline LaTeX (`注 $ ^{1} $ ：`, `m $ ^{2} $`): the characters themselves
_LATEX_SUPERSCRIPT = re.compile(r"\s*\$\s*\^\{?\s*(\w{1,3})\s*\}?\s*\$")
# OCR sets a bracketed word apart as display maths inside a line of prose (`Web Ontology Language $$ OWL $$ .`):
# maths with no markup in it is that word, in its brackets
_LATEX_PLAIN = re.compile(r"(?<=\S)\s*\$\$\s*([^$\\_^{}=]{1,40}?)\s*\$\$")
# text OCR set as maths in a `\text{}` box (`$$ \text{[GB/T 10853—2008, 定义 5.2.58]} $$`): the text as printed
_LATEX_TEXT = re.compile(r"\${1,2}\s*\\text\s*\{([^{}$\\]+)\}\s*\${1,2}")
# the number of a Markdown heading that OCR split at a dot (`#### 3 .1.4`, `### C. 1`)
_OCR_SPLIT_NUMBER = re.compile(r"^(?:\d{1,2}\s+\.\d{1,3}|[A-Z]\.\s+\d{1,3})(?:\.\d{1,3})*(?=\s|$)")
# a clause number a PDF's text layer or OCR split before a dot, on any line (`3.1 .2`, `4 .2`), within the chapter
_SPLIT_AT_DOT = re.compile(r"^(\d{1,2}(?:\.\d{1,3})*)\s+(\.\d{1,3}(?:\.\d{1,3})*)(?=\s|$)")
_CONTRIBUTOR_GROUP = re.compile("^" + CONTRIBUTOR_GROUP_LABEL)
# how a foreword's paragraphs open (`本标准按照…起草`, `本文件代替…`, `本标准根据…制定`, `本部分由…提出`)
_FOREWORD_OPENING = re.compile("^" + SELF_NAME + r"(?:按照|依据|根据|代替|替代|由|与|是|为|的附录|(?:主要)?起草|参照|等同|修改|非等效|在)")
_CONTRIBUTOR = re.compile("^" + CONTRIBUTOR_LABEL)


@dataclass
class Block:
    """One paragraph, note, list item, table row or caption of a clause body."""

    kind: str          # para | note | item | row | caption | source | bib | ref | abbr | synonym
    text: str          # without its marker
    line: int          # 1-based line of the corpus file where it starts
    marker: str = ""   # "a)", "1)", "①", "[8]"
    level: int = 0     # list level: 1 a), 2 1), 3 ①


@dataclass
class Clause:
    number: str                 # "7.2.9", "A", "A.1", "前言", "引言", "参考文献"
    title: str | None
    line: int
    parent: str | None
    kind: str                   # preface | introduction | chapter | clause | annex | bibliography
    order: int
    lines: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    role: str = ""              # scope | references | terms | term | abbreviations | … (by title)
    annex_nature: str = ""      # 规范性 / 资料性 for annexes

    @property
    def locator(self) -> str:
        return f"附录{self.number}" if self.kind == "annex" else self.number


@dataclass
class Structure:
    cover: list[Line]
    body_title: Line | None     # the title printed above chapter 1
    clauses: list[Clause]
    stray: list[Line]           # lines outside every clause (besides the cover)
    problems: list[tuple[int | None, str, str]]  # (line, severity, message)
    rules: str = "gbt11"        # the drafting rules the text follows: gbt11 | engineering (engineering_standard.py)
    back_matter: list[Line] = field(default_factory=list)  # engineering: the rosters printed after the clauses

    def by_number(self) -> dict[str, Clause]:
        return {c.number: c for c in self.clauses}

    def with_role(self, role: str) -> list[Clause]:
        return [c for c in self.clauses if c.role == role]


def leading_number(text: str) -> FoundNumber | None:
    """The standard number `text` starts with (`GB/T 41782 物联网…`), else None."""
    found = find_numbers(text[:60])
    return found[0] if found and found[0].start == 0 else None


def _leading_document_number(text: str) -> bool:
    """True when `text` starts with a document number that is not a standard (an order, a 文号)."""
    found = find_document_numbers(text[:40])
    return bool(found) and found[0].start == 0


def _bracketed_number(text: str) -> bool:
    """A 2009-style term source of any kind of standard: a bracket, then its number (`[JJF 1001—2011, 定义 5.18]`)."""
    return text[:1] in "[【［" and text.rstrip()[-1:] in "]】］" and leading_number(text[1:].lstrip()) is not None


def clean(text: str) -> str:
    """Drop markdown debris (`**bold**`, `- ` list bullets, `\\.` escapes) from one line."""
    text = _LATEX_TEXT.sub(lambda m: m.group(1).strip(), text)
    text = _LATEX_PLAIN.sub(r"[\1]", _LATEX_SUPERSCRIPT.sub(r"\1", _MARKDOWN_ESCAPE.sub(r"\1", text))).strip()
    if text.startswith("#"):
        text = _OCR_SPLIT_NUMBER.sub(lambda m: re.sub(r"\s+", "", m.group(0)), _MARKDOWN_HEADING.sub("", text))
    text = _MARKDOWN_HEADING.sub("", _MARKDOWN_BOLD.sub("", text).strip())
    return _MARKDOWN_ITEM.sub("", _MARKDOWN_QUOTE.sub("", text))


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _role_of(title: str | None, kind: str) -> str:
    """The GB/T 1.1 element a clause title names; chapters and clauses alike (`3.1 术语和定义`)."""
    t = compact(title or "")
    if kind == "bibliography":
        return "bibliography"
    if kind not in ("chapter", "clause"):
        return ""
    if "规范性引用文件" in t or (kind == "chapter" and t in ("引用标准", "引用文件", "规范性引用标准")):
        return "references"   # (`2 引用标准`: the references chapter of standards drafted before GB/T 1.1—2000)
    if "术语" in t and ("定义" in t or "缩略" in t or "符号" in t or "代号" in t):
        return "terms"   # 术语和缩略语 (术语、符号和代号): the terms are its first sub-clause, the abbreviations its second
    if t == "术语":
        return "terms"   # the terms sub-clause of such a chapter (`3.1 术语` under `3 术语、符号和代号`)
    if kind == "chapter" and re.fullmatch(rf"[{HAN}、]*(?:术语|词汇)", t):
        return "terms"   # a terminology standard's chapters (GB/T 20001.1: `2 一般术语`, `3 典型结构数值分析术语`)
    if "缩略" in t or re.fullmatch(r"(?:符号|代号)(?:[和与及、](?:符号|代号))?", t):
        return "abbreviations"
    if kind == "chapter" and t in ("范围", "适用范围"):
        return "scope"   # (`适用范围`: the scope chapter of environmental and other sector standards)
    return ""


# a sentence that opens with a quantity: a number and its unit, then words (`10t/h 及以上蒸汽锅炉…`)
_QUANTITY_SENTENCE = re.compile(rf"^\d+(?:\.\d+)?\s*[A-Za-z/%℃°{HAN}][^\s]*\s*[^\d\s].*[{HAN}]{{4}}")
# a table row read as a line: cells of numbers, slashes or dashes after the first one
_TABLE_CELLS = re.compile(r"(?:\s+(?:[\d.～~<>≤≥×]+|/|—|-|–)){2,}\s*$")


# a contents line of the back matter: an annex (`附录A`, `附 录 A（规范性附录）…`) or the bibliography
_TOC_BACK_MATTER = re.compile(r"附录[A-Z]|参考文献")


def _looks_like_title(rest: str) -> bool:
    """A heading's title: short, no sentence punctuation, not a table row, not a sentence cut at a line end."""
    return bool(rest) and len(rest) <= 40 and not TITLE_PUNCT.search(rest) and not _TABLE_CELLS.search(rest) \
        and not DANGLING_PREFIX.search(rest) and not (len(rest) > 8 and strongest_modality(rest))


def _similar(a: str, b: str) -> bool:
    """Two printings of one title (`术语和定义` / `术语与定义`): most characters of the shorter in the longer."""
    sa, sb = set(a), set(b)
    return bool(sa and sb) and len(sa & sb) >= 0.5 * min(len(sa), len(sb))


def _successors(path: list[str]) -> list[str]:
    """The numbers that may follow the clause path `path` (["7", "7.2", "7.2.9"])."""
    out = []
    if path:
        out.append(path[-1] + ".1")
    for num in path:
        head, _, last = num.rpartition(".")
        if last.isdigit():
            nxt = str(int(last) + 1)
            out.append(f"{head}.{nxt}" if head else nxt)
    return out


# --- pass 0: clause numbers a layout lost -----------------------------------------
def _numbers_between(a: str, b: str) -> list[str] | None:
    """The clause numbers that must stand between clause `a` and a later clause `b` of the same
    chapter (`5`, `5.2.1` -> [`5.1`, `5.2`]); None when `b` does not follow `a` in one chapter."""
    pa, pb = a.split("."), b.split(".")
    if pa[0] != pb[0]:
        return None
    k = 0
    while k < min(len(pa), len(pb)) and pa[k] == pb[k]:
        k += 1
    if k == len(pb) or not all(p.isdigit() for p in pb[k:]) or (k < len(pa) and not pa[k].isdigit()):
        return None
    first = int(pa[k]) + 1 if k < len(pa) else 1
    if int(pb[k]) < first:
        return None
    out = [".".join(pb[:k] + [str(n)]) for n in range(first, int(pb[k]) + 1)]
    for level in range(k + 1, len(pb)):
        out += [".".join(pb[:level] + [str(n)]) for n in range(1, int(pb[level]) + 1)]
    return [n for n in out if n != b]


def _unnumbered_heading(ln: Line) -> bool:
    """A line set in the heading font that reads as a clause title but carries no number."""
    text = clean(ln.text)
    return bool(ln.heading) and not _NUMBERED.match(text) and _looks_like_title(text) and bool(HAN_CHAR.search(text)) \
        and not (_NOTE.match(text) or _TABLE_CAPTION.match(text) or _FIGURE.match(text) or _ANNEX.match(compact(text))
                 or _ANNEX_NATURE.match(compact(text)) or compact(text) in _TOC_HEAD | {"前言", "引言", "参考文献"})


def number_lost_headings(lines: list[Line]) -> tuple[list[Line], list[tuple[int, str]]]:
    """Give back the numbers of headings printed without them, from the numbered clauses around them.

    A layout that draws automatic numbering as graphics loses `5.1` from `5.1 执行范围与时间` but
    keeps `5.2.1`; the heading font still marks the title. Between two numbered clauses of one chapter
    the numbers that must stand between them (`5` … `5.2.1`: `5.1`, `5.2`) go to the unnumbered headings
    there, in order, when there are exactly as many of each. Returns the lines and (line, number) given.
    """
    anchors: list[tuple[int, str]] = []
    terms: set[int] = set()    # anchors that open a terms chapter or clause
    for i, ln in enumerate(lines):
        text = clean(ln.text)
        m = _NUMBERED.match(text)
        if m and not _TOC_ENTRY.search(text) and ("." in m.group(1) or ln.heading):
            anchors.append((i, m.group(1)))
            if _opens_terms(m):
                terms.add(i)
    out, given = list(lines), []
    for (i, a), (j, b) in zip(anchors, anchors[1:]):
        missing = _numbers_between(a, b)
        # a terms chapter's term lines set in the heading font are entries, left to the term rule
        heads = [k for k in range(i + 1, j) if _unnumbered_heading(lines[k])
                 and not (i in terms and _TERM_LINE.match(clean(lines[k].text)))]
        if missing and len(missing) == len(heads):
            for k, number in zip(heads, missing):
                ln = lines[k]
                out[k] = Line(ln.no, f"{number} {clean(ln.text)}", ln.page_start, ln.page, ln.heading)
                given.append((ln.no, number))
    levels = {number.count(".") + 1 for _, number in given}
    if len(levels) == 1 and min(levels) >= 2:
        given += _number_at_level(out, levels.pop())
    return out, given


def _opens_terms(m: re.Match) -> bool:
    """Whether the numbered heading `m` (of `_NUMBERED`) opens a terms chapter or clause (`3 术语和定义`)."""
    return _role_of(m.group(2), "clause" if "." in m.group(1) else "chapter") == "terms"


def _number_at_level(lines: list[Line], level: int) -> list[tuple[int, str]]:
    """When every heading given a number lost one of `level` (a layout whose level-2 numbering is drawn as
    graphics), the unnumbered headings the counts did not settle are the next clauses of that level after
    the last number printed or given (`5 传输要求`, then `网络传输协议要求` 5.1, `媒体传输协议要求` 5.2);
    a heading right under another unnumbered one is its title's second line. Changes `lines` in place."""
    given, current, bare, in_terms = [], None, False, False
    for k, ln in enumerate(lines):
        text = clean(ln.text)
        m = _NUMBERED.match(text)
        if m and not _TOC_ENTRY.search(text) and ("." in m.group(1) or ln.heading):
            current, bare, in_terms = m.group(1), not m.group(2), _opens_terms(m)
            continue
        if in_terms and _TERM_LINE.match(text):
            continue    # a terms chapter's unnumbered entries are left to the term rule (`_unnumbered_terms`)
        after_bare, bare = bare, False
        if after_bare:
            continue    # the line under a number standing alone is its title or term (`3.1.2` / `前端设备 …`)
        if _ANNEX.match(compact(text)):
            current = None
            continue
        if current is None or not current[0].isdigit() or not _unnumbered_heading(ln) \
                or (k and _unnumbered_heading(lines[k - 1])):
            continue
        parts = current.split(".")
        if len(parts) >= level:
            number = ".".join(parts[:level - 1] + [str(int(parts[level - 1]) + 1)])
        elif len(parts) == level - 1:
            number = current + ".1"
        else:
            continue
        lines[k] = Line(ln.no, f"{number} {text}", ln.page_start, ln.page, ln.heading)
        given.append((ln.no, number))
        current = number
    return given


# --- pass 1: segmentation into clauses --------------------------------------------
class _Segmenter:
    def __init__(self, lines: list[Line]):
        self.lines = lines
        self.clauses: list[Clause] = []
        self.cover: list[Line] = []
        self.stray: list[Line] = []
        self.problems: list[tuple[int | None, str, str]] = []
        self.path: list[str] = []          # numbered path of the current clause
        self.used: set[str] = set()
        self.current: Clause | None = None
        self.in_toc = False
        self.pending_annex: Clause | None = None  # waiting for its title line
        self.body_title: Line | None = None
        self.toc: dict[str, str] = {}      # clause number -> title, as the table of contents lists them
        # the last chapter a table of contents lists before its annexes (or 参考文献): no chapter follows it
        self.toc_last_chapter: int | None = None
        self.restored: list[int] = []      # lines whose lost clause number the contents gave back
        self.mended: list[tuple[int, str, str]] = []   # (line, as printed, as read) of numbers that lost dots
        self.printed: set[tuple[str, str]] = set()   # (number, title) of every line that prints both

    def warn(self, line: int | None, message: str) -> None:
        self.problems.append((line, "warning", message))

    def _open(self, number: str, title: str | None, line: int, kind: str, parent: str | None) -> Clause:
        c = Clause(number, title, line, parent, kind, order=len(self.clauses) + 1)
        c.role = _role_of(title, kind)
        self.clauses.append(c)
        self.used.add(number)
        self.current = c
        return c

    def _expected(self) -> list[str]:
        """The numbers the next clause may carry: those following the open path, or 1 before any."""
        return _successors(self.path) if self.path else ["1"]

    def _chapter_number(self) -> int | None:
        return int(self.path[0]) if self.path and self.path[0].isdigit() else None

    def _try_numbered(self, ln: Line, text: str, prev_complete: bool) -> bool:
        m = _NUMBERED.match(text)
        tight = m is None
        if m:
            number, rest = m.group(1), (m.group(2) or "").strip()
        else:
            m = _NUMBERED_TIGHT.match(text) or (_CHAPTER_TIGHT.match(text) if prev_complete else None)
            if not m:
                return False
            number, rest = m.group(1), m.group(2).strip()
        levels = number.count(".") + 1
        # the contents list this chapter by this very title, and it is the one expected next: a heading whatever
        # its font (DL/T 645—2007 sets `4 物理层` in the body font, after chapter 3's terms)
        contents_say = levels == 1 and compact(rest) == self.toc.get(number) and number in self._expected()
        if levels == 1 and (not _looks_like_title(rest) or (ln.heading is False and not contents_say)):
            return False    # a chapter title is set as a heading; a numbered table row is not
        if levels == 1 and not re.match(f"[{HAN}A-Za-z]", rest):
            return False
        if levels == 1 and self.toc_last_chapter is not None and number.isdigit() and int(number) > self.toc_last_chapter:
            return False   # beyond the chapters the contents list (a table's numbered rows: `8 CN 错误`)
        if number in self.used or _CONTINUATION.match(rest):
            return False   # (`表` / `B.3 的参数…`: a cross-reference broken at a line end, not a clause)
        # set in the heading font, a title may hold a label's colon (`4.2.1 第1位:登记管理部门代码`), and on a
        # PDF page a comma; a Word heading style is no such evidence (the templates' 条标题 also carries untitled
        # numbered paragraphs)
        titled = _looks_like_title(rest) or (bool(ln.heading) and _FONT_TITLE.fullmatch(rest) is not None
                                             and (ln.page is not None or not re.search("[，,]", rest))) \
            if levels > 1 else True
        in_sequence = number in self._expected()
        # an untitled numbered paragraph opens with words, or, when it is the clause expected next, with a
        # quantity in a sentence (`5.1.4 10t/h 及以上蒸汽锅炉…应…`): a table row's cells are no sentence
        if levels > 1 and rest and not titled and not re.match(f"[{HAN}A-Za-z“《(（]", rest) \
                and not (in_sequence and _QUANTITY_SENTENCE.match(rest)):
            return False
        listed = self.toc.get(number)
        if listed and rest and titled and not _similar(compact(rest), listed):
            return False  # the contents list another title for this number: a table row, not a heading
        if not in_sequence:
            if not self._plausible_jump(number, rest, prev_complete, tight):
                return False
            self.warn(ln.no, f"条款编号 {number} 不接续前一条款 {self.path[-1] if self.path else '（无）'}：已按 {number} 收录，请核对原文编号。")
        # the parent is the open clause one level up (by position, which is what
        # the reader sees even when the printed number is out of sequence)
        while len(self.path) >= levels:
            self.path.pop()
        parent = self.path[-1] if self.path else None
        clause = self._open(number, rest if (titled and rest) else None, ln.no,
                            "chapter" if levels == 1 else "clause", parent)
        if rest and not titled:
            # an untitled numbered paragraph (its first character, which a scan's OCR may set apart, joined)
            clause.lines.append(Line(ln.no, _LETTER_SPACED.sub(r"\1", rest, count=1) if _LETTER_SPACED.match(rest)
                                     else rest, ln.page_start))
        self.path.append(number)
        return True

    def _close_toc_chapters(self, key: str) -> None:
        """An annex or 参考文献 entry of the contents after the entries of chapters 1 to N, every one read:
        the contents have listed every chapter. (Contents whose entries were only partly read bound nothing.)"""
        chapters = sorted(int(n) for n in self.toc if n.isdigit())
        if chapters and chapters == list(range(1, len(chapters) + 1)) and self.toc_last_chapter is None \
                and _TOC_BACK_MATTER.match(key):
            self.toc_last_chapter = chapters[-1]

    def _plausible_jump(self, number: str, rest: str, prev_complete: bool, tight: bool = False) -> bool:
        """A number out of sequence is still a heading when it reads like one.

        A later chapter (chapters missing in between) needs a short title after
        a finished sentence; a deeper number needs to stay in the current chapter.
        """
        parts = number.split(".")
        if not self.path:
            return False
        if len(parts) == 1:
            cur = self._chapter_number()
            return cur is not None and cur < int(parts[0]) <= cur + 9 and prev_complete \
                and _looks_like_title(rest) and len(rest) <= 20
        if parts[0] != self.path[0]:
            return False
        if number == self.path[-1] + ".1.1":
            return bool(rest)  # the heading between them was lost (a flattened table put it in a cell)
        if not prev_complete and tight:
            return False  # after an unfinished sentence a number glued to the words is a cross-reference (`13.3.5.9的规定`)
        if len(parts) > len(self.path) + 1:
            return False
        if not rest and self.current is not None and self.current.role == "terms" \
                and number.rsplit(".", 1)[0] == self.path[-1]:
            return True   # a term entry's number stands alone on its line (3.1.2 after a misprinted 3.1)
        return bool(rest)

    def run(self) -> "Structure":
        started = False
        prev_complete = True
        self.lines, given = number_lost_headings(self.lines)
        # the headings that print their number: a figure's label reading like one of their titles is no heading
        numbered = (_NUMBERED.match(clean(ln.text)) for ln in self.lines)
        self.printed = {(m.group(1), compact(m.group(2) or "")) for m in numbered if m}
        for line, number in given:
            self.warn(line, f"标题没有印出条款编号，已按前后条款补为 {number}，请核对原文。")
        keys = [compact(clean(ln.text)).translate(_TRADITIONAL) for ln in self.lines]
        foreword_titled = "前言" in keys
        # a contents list that names the foreword or introduction without a page number runs up to the first one
        contents_end = -1
        for i, ln in enumerate(self.lines):
            text = clean(ln.text)
            if not text:
                continue
            if i < contents_end:
                continue
            if self.in_toc and keys[i] in ("前言", "引言") and keys[i] in keys[i + 1:]:
                contents_end = next(j for j in range(i + 1, len(keys)) if keys[j] in ("前言", "引言"))
                self.in_toc = False
                continue
            if _MARKDOWN_HEADING.match(ln.text) and ln.text.startswith("#"):
                prev_complete = True  # a Markdown heading is a heading whatever the line before it
            if _GARBAGE.search(text) or not _READABLE.search(text):
                self.warn(ln.no, f"无法识别的字符，此行已跳过：{text[:30]}")
                continue
            complete, prev_complete = prev_complete, ends_sentence(text) or self._is_heading_like(text)
            key = compact(text).translate(_TRADITIONAL)
            if _TOC_ENTRY.search(text) and not text.startswith("|"):
                self._close_toc_chapters(key)
                entry = _TOC_NUMBERED.match(text)
                if entry:
                    self.toc.setdefault(entry.group(1), compact(entry.group(2)))
                continue
            if self.in_toc:
                self._close_toc_chapters(key)
            if self.in_toc:
                if _TOC_LINE.search(text) or text.startswith("|"):
                    entry = _TOC_PAGED.match(text)
                    if entry:
                        self.toc.setdefault(entry.group(1), compact(entry.group(2)))
                    continue
                self.in_toc = False
            if key in _TOC_HEAD:
                self.in_toc = True
                continue
            if self.pending_annex is not None:
                if _ANNEX_NATURE.match(key):
                    self.pending_annex.annex_nature = _ANNEX_NATURE.match(key).group(1)
                    continue
                nature_and_title = _ANNEX_NATURE_TITLE.match(key)
                if nature_and_title and _looks_like_title(nature_and_title.group(2)):
                    # `(规范性附录)循环冗余校验(CRC)算法`: the nature and the title on one line
                    self.pending_annex.annex_nature = nature_and_title.group(1)
                    self.pending_annex.title = re.sub(r"^\s*[（(][^）)]*[）)]\s*", "", text)
                    self.pending_annex = None
                    continue
                if not _NUMBERED.match(text):
                    self.pending_annex.title = text
                    self.pending_annex = None
                    continue
                self.pending_annex = None
            if key in ("前言", "引言", "参考文献") and key in self.used:
                self.warn(ln.no, f"“{key}”再次出现，已按正文处理。")
            elif key in ("前言", "引言"):
                self._open(key, key, ln.no, "preface" if key == "前言" else "introduction", None)
                started = True
                continue
            elif key == "参考文献":
                self._open(key, key, ln.no, "bibliography", None)
                self.path = [key]
                started = True
                continue
            if started and _ANNEX_NATURE.match(key):
                self._open_unlabelled_annex(ln, _ANNEX_NATURE.match(key).group(1))
                continue
            if _LONE_ANNEX_LETTER.fullmatch(key) \
                    and next((k for k in keys[i + 1:i + 3] if k), "") == f"附录{key[0]}":
                continue    # the annex letter drawn as a graphic, on a line of its own above its label (`A A`)
            m = _ANNEX.match(_DOUBLED_ANNEX_LETTER.sub("", key))
            if m and re.match(r"\.\d", m.group(3)):
                m = None    # `附录A.2.6.8`: a reference to a clause of the annex (a table's cell), no label
            # (a label, its nature and its title on one line: `附录 C (资料性附录) 与 GPS 矩阵模型的关系`)
            if m and (len(key) <= 16 or (started and m.group(2) and _looks_like_title(m.group(3))
                                         and not _TOC_LINE.search(text) and not re.search(r"\.\d{1,3}$", key))) \
                    and not TITLE_PUNCT.search(m.group(3)):
                letter = m.group(1)
                if letter in self.used:
                    self.warn(ln.no, f"附录 {letter} 重复出现，已忽略该标题行。")
                    continue
                c = self._open(letter, None, ln.no, "annex", None)
                c.annex_nature = m.group(2) or ""
                if m.group(3):
                    c.title = m.group(3)
                else:
                    self.pending_annex = c
                self.path = [letter]
                started = True
                continue
            lost_dot = _LOST_DOT.match(text)
            if lost_dot and (ln.heading or ln.text.startswith("#")) \
                    and f"{lost_dot.group(1)}.{lost_dot.group(2)}" in _successors(self.path):
                text = f"{lost_dot.group(1)}.{lost_dot.group(2)}"   # `# 3 1`: OCR lost the dot of 3.1
            split = _SPLIT_AT_DOT.match(text)
            if split and (split.group(1) + split.group(2) in self._expected()
                          or (self.path and split.group(1).split(".")[0] == self.path[0])):
                text = split.group(1) + split.group(2) + text[split.end():]   # `3.1 .2`: a number split at a dot
            repaired = self._repaired_number(ln, text, complete)
            if repaired:
                text = repaired
            sub_dotted = _CLAUSE_DOT.match(text)
            if sub_dotted and sub_dotted.group(1) in self._expected():
                text = f"{sub_dotted.group(1)} {sub_dotted.group(2)}"   # the clause expected next, its number dotted
            dotted = _CHAPTER_DOT.match(text)
            if dotted and (ln.heading or (ln.heading is None and (complete or compact(dotted.group(2)) in _FIXED_TITLES))) \
                    and _looks_like_title(dotted.group(2)) \
                    and len(dotted.group(2)) <= 20 and dotted.group(1) in self._expected():
                text = f"{dotted.group(1)} {dotted.group(2)}"   # the chapter expected next, its number dotted
            if started and ln.heading is not False and not _NUMBERED.match(text):
                number = self._number_from_toc(key)
                if number:
                    text = f"{number} {text}"
                    self.restored.append(ln.no)
            if self._try_numbered(ln, text, complete):
                started = True
                continue
            if not started and not foreword_titled and _FOREWORD_OPENING.match(compact(text)):
                # a foreword whose heading OCR garbled or a layout dropped: the cover never speaks as 本标准
                self._open("前言", "前言", ln.no, "preface", None)
                self.warn(ln.no, f"没有识别出“前言”标题：从这一行（“{text[:12]}…”）起按前言读取，请核对原文。")
                started = True
            if not started:
                self.cover.append(Line(ln.no, text, ln.page_start))
                continue
            if self.current is None:
                self.stray.append(ln)
                continue
            self.current.lines.append(Line(ln.no, text, ln.page_start))
        if self.mended:
            line, printed, number = self.mended[0]
            self.warn(line, f"{len(self.mended)} 个条款编号缺少小数点或把小数点印作逗号（如“{printed}”读作 {number}），"
                            "已按前后条款的编号补正，请核对原文。")
        if self.restored:
            self.warn(self.restored[0], f"{len(self.restored)} 个条款标题没有印出编号（如 Word 自动编号丢失），"
                                        "已按目次所列编号补出，请核对原文。")
        self._take_body_title()
        for c in self.clauses:
            if c.title:
                c.title = _LETTER_SPACED.sub(r"\1", c.title)
        return Structure(self.cover, self.body_title, self.clauses, self.stray, self.problems)

    def _repaired_number(self, ln: Line, text: str, complete: bool) -> str | None:
        """`text` with its clause number mended, when OCR lost dots of it (`421 起始符`, `81.2.1 正常生产时…`)
        or printed a comma for one (`7,5 不完善粒`), else None.

        The number expected next decides: a heading (or a line after a finished sentence) whose number is
        not one the sequence allows, but whose letter and digits, in order, are those of exactly one number
        it allows — every printed dot standing where that number has one — carries that number."""
        m = _DAMAGED_NUMBER.match(text)
        if not m or not self.path or not (ln.heading or ln.text.startswith("#") or complete):
            return None
        printed, rest = m.group(1).replace(",", ".").replace("，", "."), m.group(2).strip()
        heading = bool(ln.heading or ln.text.startswith("#"))
        # a title opens with words (in a heading also Latin ones: `C11 CRC说明`), a cell or a quantity does not
        if m.group(1) in self._expected() or (rest and not re.match(f"[{HAN}“《(（{'A-Za-z' if heading else ''}]", rest)):
            return None

        def skeleton(number: str) -> tuple[str, set[int]]:
            chars, dots = "", set()
            for ch in number:
                if ch == ".":
                    dots.add(len(chars))
                else:
                    chars += ch
            return chars, dots

        chars, dots = skeleton(printed)
        if len(chars) < 2:
            return None
        fits = [n for n in self._expected() if n not in self.used and skeleton(n)[0] == chars
                and dots <= skeleton(n)[1]]
        if len(fits) != 1:
            return None
        self.mended.append((ln.no, m.group(1), fits[0]))
        return f"{fits[0]} {rest}".rstrip()

    def _number_from_toc(self, key: str) -> str | None:
        """The number the contents list for the title `key` when it is the clause expected next, else None.

        A Word export that loses automatic numbering prints `范围` for `1 范围`;
        the contents, printed from the same numbering, still pairs each title with its number.
        """
        return next((n for n in self._expected() if n not in self.used and self.toc.get(n) == key
                     and (n, key) not in self.printed), None)

    def _open_unlabelled_annex(self, ln: Line, nature: str) -> None:
        """`（规范性）` standing alone belongs to an annex whose `附录X` line was lost: open the next annex."""
        letters = [c.number for c in self.clauses if c.kind == "annex"]
        letter = chr(ord(max(letters)) + 1) if letters else "A"
        self.warn(ln.no, f"“{ln.text.strip()}”前缺少“附录{letter}”标题行，已按附录 {letter} 收录。")
        c = self._open(letter, None, ln.no, "annex", None)
        c.annex_nature = nature
        self.pending_annex = c
        self.path = [letter]

    @staticmethod
    def _is_heading_like(text: str) -> bool:
        return bool(_NUMBERED.match(text)) and _looks_like_title((_NUMBERED.match(text).group(2) or "").strip())

    def _take_body_title(self) -> None:
        """The title printed above chapter 1 ends the clause before it (前言/引言)."""
        first = next((i for i, c in enumerate(self.clauses) if c.number == "1"), None)
        if first is None:
            return
        holder = self.clauses[first - 1].lines if first > 0 else self.cover
        if holder and _looks_like_title(_PART_LABEL.sub("", holder[-1].text)) and HAN_CHAR.search(holder[-1].text):
            self.body_title = holder.pop()
            # a title of several elements printed on several lines: join them while the cover confirms it, or
            # (no cover to confirm it) while they open the page, as the title opens the body's first page
            cover = compact("".join(ln.text for ln in self.cover))
            # (the cover may set an element in brackets the body prints bare: `（通讯协议规范）`)
            unbracketed = _BRACKETS.sub("", cover)
            while holder is not self.cover and holder and _looks_like_title(_PART_LABEL.sub("", holder[-1].text)) \
                    and (compact(holder[-1].text + self.body_title.text) in cover
                         or _BRACKETS.sub("", compact(holder[-1].text + self.body_title.text)) in unbracketed
                         or (not cover and holder[-1].page_start and not self.body_title.page_start)):
                above = holder.pop()
                self.body_title = Line(above.no, f"{above.text} {self.body_title.text}", above.page_start)


# a term line: the Chinese term, then its English equivalent (`密闭空间 closed space`)
_TERM_LINE = re.compile(rf"^(?P<zh>.*[{HAN}）])\s*(?P<en>[A-Za-z][A-Za-z0-9 ,.'’()/&+\-]*)$")


def _is_term_line(ln: Line, before: Line | None) -> bool:
    """Whether `ln` opens a term entry whose number was not printed: a Chinese term and its English,
    no sentence punctuation, after a finished paragraph, a blank line or a source (or first in the chapter).
    The abbreviation after the English term may follow any separator (`…substations: APS`, `…language; OWL`)."""
    text = _TERM_LINE_ABBREVIATION.sub("", ln.text)
    m = _TERM_LINE.match(text)
    if not m or ln.heading is False or TITLE_PUNCT.search(text) or len(m.group("zh")) > 30 \
            or len(re.findall("[A-Za-z]", m.group("en"))) < 2:
        return False
    return before is None or ends_sentence(before.text) or before.text.rstrip().endswith(("]", "】", "］")) \
        or ln.no > before.no + 1    # a blank line ends the paragraph before


# the abbreviation at the end of a term line, after `;`, `；`, `:` or `：` (gbt_terms reads it apart)
_TERM_LINE_ABBREVIATION = re.compile(r"(?<=[A-Za-z)）])\s*[;；:：]\s*[A-Z][A-Za-z0-9\-/.+&]*\s*$")
# the lead-in of a terms chapter that defines terms of its own (`…界定的以及下列术语和定义适用于本文件。`)
_OWN_TERMS_LEAD_IN = re.compile(r"下列术语(?:和定义)?适用于")


def _unnumbered_terms(chapter: Clause) -> list[Clause]:
    """The entries of a terms chapter printed without term numbers (lost Word numbering), numbered
    in order as GB/T 1.1 numbers them (3.1, 3.2, …); [] unless at least two entries are found, or one
    after a lead-in that announces terms defined here and before its definition."""
    starts = [i for i, ln in enumerate(chapter.lines)
              if _is_term_line(ln, chapter.lines[i - 1] if i else None)]
    if not starts:
        return []
    if len(starts) == 1:
        i = starts[0]
        announced = any(_OWN_TERMS_LEAD_IN.search(ln.text) for ln in chapter.lines[:i])
        defined = i + 1 < len(chapter.lines) and ends_sentence(chapter.lines[-1].text)
        if not (announced and defined):
            return []
    entries = []
    for n, (i, end) in enumerate(zip(starts, starts[1:] + [len(chapter.lines)]), start=1):
        head = chapter.lines[i]
        entries.append(Clause(f"{chapter.number}.{n}", None, head.no, chapter.number, "clause",
                              chapter.order, lines=chapter.lines[i:end], role="term"))
    chapter.lines = chapter.lines[:starts[0]]
    return entries


def parse_structure(lines: list[Line]) -> Structure:
    """Return the clause tree of a GB/T 1.1 document from its physical lines."""
    st = _Segmenter(lines).run()
    title = compact(st.body_title.text) if st.body_title else None
    parents = {c.parent for c in st.clauses}
    roles = {c.number: c.role for c in st.clauses}
    for i in reversed(range(len(st.clauses))):
        c = st.clauses[i]
        # a terms chapter, or a titled group of it (`3.1 应用层术语`) whose entries lost their numbers
        group = bool(c.title) and roles.get(c.parent) == "terms" and not _TERM_LINE.match(c.title)
        if (c.role == "terms" or group) and c.number not in parents:
            entries = _unnumbered_terms(c)
            if entries:
                span = entries[0].number if len(entries) == 1 else f"{entries[0].number}—{entries[-1].number}"
                st.problems.append((entries[0].line, "warning", f"术语条目没有印出编号，已按出现顺序编为 {span}，请核对原文。"))
                st.clauses[i + 1:i + 1] = entries
                parents.add(c.number)
    numbers = st.by_number()
    for c in st.clauses:
        if c.parent and numbers[c.parent].role in ("terms", "term") and not c.role:
            # terms grouped under sub-headings (3.1 基础术语) are groups, not entries; an entry with a term line and
            # a definition of its own stays an entry under which narrower entries (3.21.1) are printed
            group = c.number in parents and len(c.lines) + bool(c.title) < 2
            c.role = "terms" if group else "term"
            if c.role == "term" and c.title:
                c.lines.insert(0, Line(c.line, c.title))  # the term printed on the number's line
                c.title = None
        if title:
            # running headers repeat the title; they are not text
            c.lines = [ln for ln in c.lines if compact(ln.text) != title]
    _return_displaced_term_lines(st.clauses)
    for c in st.clauses:
        c.blocks = split_blocks(c.lines, c.role)
    return st


def _return_displaced_term_lines(clauses: list[Clause]) -> None:
    """A term line OCR put above its entry's number (`证书认证机构 Certificate Authority` after the source of
    3.3, `3.4` then only the definition) goes back to the entry that has no term line of its own."""
    for prev, c in zip(clauses, clauses[1:]):
        if prev.role != "term" or c.role != "term" or len(prev.lines) < 2 or not c.lines:
            continue
        last, head = prev.lines[-1], c.lines[0]
        if _TERM_LINE.match(last.text) and not TITLE_PUNCT.search(last.text) and not _TERM_LINE.match(head.text) \
                and ends_sentence(head.text) and (_SOURCE.match(prev.lines[-2].text) or ends_sentence(prev.lines[-2].text)):
            c.lines.insert(0, prev.lines.pop())


# --- pass 2: blocks inside one clause ---------------------------------------------
def classify(text: str, role: str) -> tuple[str, str, str, int] | None:
    """Return (kind, marker, text, level) when `text` opens a block, else None."""
    if text.startswith("|"):
        return ("row", "", text, 0)
    if _FIGURE.match(text):
        return ("figure", "", text, 0)
    if _TABLE_CAPTION.match(text):
        return ("caption", "", text, 0)
    if _NOTE.match(text):
        return ("note", "", text, 0)
    if _SOURCE.match(text) or (role == "term" and (_SOURCE_2009.match(text) or _bracketed_number(text))):
        return ("source", "", text, 0)
    m = _BIB.match(text)
    if m:
        return ("bib", f"[{m.group(1)}]", m.group(2), 0)
    if role == "references" and (leading_number(text) or text.startswith("《") or _leading_document_number(text)):
        return ("ref", "", text, 0)
    if role == "abbreviations" and _ABBREVIATION.match(text) and not _APPLIES_HERE.search(text):
        return ("abbr", "", text, 0)   # (not the lead-in `GB/T 19677—2005…界定的…缩略语适用于本标准。`)
    for level, rx in _ITEM.items():
        m = rx.match(text)
        if m:
            return ("item", f"{m.group(1)})" if level < 3 else m.group(1), m.group(2).strip(), level)
    # a list of units printed without a full stop does not run into the drafters' line under it
    if text.startswith("——") or _CONTRIBUTOR_GROUP.match(text) or _CONTRIBUTOR.match(text):
        return ("para", "", text, 0)
    return None


# a reference listed by its title ends with its English title or edition in brackets; a line
# starting in Chinese after it lists the next document
_TITLE_ENTRY_END = re.compile(r"[)）]\s*$")
# the lead-in sentence of a terms or abbreviations clause: what it names applies to this document
_APPLIES_HERE = re.compile(r"适用于本(?:文件|标准|部分|规范|规程)[。.]?$")
_CLOSED_KINDS = {"row", "caption", "figure", "term", "synonym"}
# an abbreviation or admitted term on its own line under the term line (`VOCs`, `Key/Value`)
_SYNONYM = re.compile(r"^\s*[A-Z][A-Za-z0-9\-/.+&]*\s*$")
# an abbreviation or symbol alone on its line (`CRC_A`, `etu`, `N/A`): its expansion is on the next line
_BARE_ABBREVIATION = re.compile(rf"^[^\s{HAN}（）()：:，,。；;]{{1,15}}$")
# an English term cut at the line end: its next line continues it
_WRAPPED_ENGLISH = re.compile(r"(?:[-/]|\b(?:of|and|or|for|the|to|in|on|with|by|a|an))\s*$")


# a table row flattened to a line ends in cells of numbers; the sentence after the table is no part of it
_ROW_OF_NUMBERS = re.compile(r"(?:\s+\d+(?:\.\d+)?){3,}\s*$")


def _open_bracket(text: str) -> bool:
    """True when `text` opens more brackets than it closes (an English expansion wrapped mid-way)."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def split_blocks(lines: list[Line], role: str = "", classify_line=classify) -> list[Block]:
    """Return the blocks of a clause body: broken lines rejoined, markers split off.

    `classify_line(text, role)` says which lines open a block (another rule set numbers its list items otherwise).
    """
    blocks: list[Block] = []
    for i, ln in enumerate(lines):
        if role == "term" and blocks and blocks[-1].kind == "term" and len(blocks) == 1 \
                and not HAN_CHAR.search(ln.text) and not _SOURCE.match(ln.text):
            if _SYNONYM.match(ln.text) and not _WRAPPED_ENGLISH.search(blocks[-1].text):
                blocks.append(Block("synonym", ln.text.strip(), ln.no))  # `VOCs` under the term line
            else:
                blocks[-1].text = join_text(blocks[-1].text, ln.text)  # a wrapped English term
            continue
        if role == "term" and i == 0:
            blocks.append(Block("term", ln.text, ln.no))
            continue
        if role == "abbreviations":
            prev = blocks[-1] if blocks else None
            if prev is not None and prev.kind == "abbr" and prev.marker and not prev.text:
                prev.text = ln.text  # the expansion under its abbreviation
                continue
            if _BARE_ABBREVIATION.match(ln.text) and not (prev is not None and _open_bracket(prev.text)):
                blocks.append(Block("abbr", "", ln.no, ln.text))
                continue
        opened = classify_line(ln.text, role)
        if opened is None:
            prev = blocks[-1] if blocks else None
            if prev is not None and prev.kind not in _CLOSED_KINDS and not ends_sentence(prev.text) \
                    and not (prev.kind == "source" and prev.text.rstrip().endswith("]")) \
                    and not (prev.kind == "abbr" and prev.marker and prev.text.rstrip().endswith(("）", ")"))
                             and not _open_bracket(prev.text)) \
                    and not (role == "references" and _TITLE_ENTRY_END.search(prev.text)
                             and HAN_CHAR.match(ln.text) and not leading_number(prev.text)) \
                    and not (_ROW_OF_NUMBERS.search(prev.text) and HAN_CHAR.match(ln.text)
                             and not _CONTINUATION.match(ln.text)):
                prev.text = join_text(prev.text, ln.text)
                continue
            blocks.append(Block("para", ln.text, ln.no))
            continue
        kind, marker, text, level = opened
        blocks.append(Block(kind, text, ln.no, marker, level))
    return [b for b in blocks if b.kind != "figure"]


def looks_like_standard(text: str) -> tuple[bool, str]:
    """Return (True, "") when `text` has the clause structure of a standard, else (False, the reason in Chinese).

    For `cdtkg add`: a file with no numbered chapters (a letter, a policy, a
    font-garbled PDF text layer) is refused with the reason; a damaged
    standard whose chapters can still be read is accepted.
    """
    lines = physical_lines(text)
    if not lines:
        return False, "文件中没有文字。"
    st = parse_structure(lines)
    numbered = [c for c in st.clauses if c.kind in ("chapter", "clause")]
    chapters = [c for c in numbered if c.kind == "chapter"]
    if len(chapters) >= 2 and len(numbered) >= 3:
        return True, ""
    if not numbered:
        return False, "没有识别出任何编号条款（如“1 范围”“2 规范性引用文件”）：这不像按 GB/T 1.1 起草的标准。" \
                      "若是扫描件或字体乱码的 PDF，请先取得可复制文字的版本。"
    return False, f"只识别出 {len(numbered)} 个编号条款（{len(chapters)} 章）：条款结构不完整，不像一份标准。"
