"""The clause tree of an engineering-construction standard (工程建设标准), read from its text.

GB 50xxx, JGJ, CJJ, JTG, JTS, DL/T 5xxx and most local engineering standards are drafted to
《工程建设标准编写规定》 (建标〔2008〕182号), not to GB/T 1.1: chapters 1 总则, 2 术语 (2.0.1 …, or
2 术语和符号 with 2.1 术语 / 2.2 符号), 3 基本规定; clauses numbered 3.0.1 or 4.2.3 without titles;
list items `1 ` with `1)` under them; a 前言 (制定说明, 修订说明) saying what the standard is made for;
then 本标准用词说明, 引用标准名录 (the normative references, each title before its number), the lists
of 主编单位 / 参编单位 / 主要起草人员 / 主要审查人员, and a 条文说明 part that repeats clause numbers
with explanations — read here as the end of the body, never as a second copy of the clauses.

`follows_engineering_rules(lines)` recognises the rule set from the text; `read_structure(lines)`
returns the same Structure as gbt_structure.parse_structure for either rule set (rules="engineering"
for this one), so every loader reads it unchanged; `roster(structure)` gives the drafting units and
drafters the standard lists. No RDF here: engineering_front_matter.py emits the front matter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gbt_structure import TITLE_PUNCT, Block, Clause, Structure, classify, clean, compact, parse_structure, split_blocks
from .han import BOOK_TITLE, HAN, HAN_CHAR
from .list_markers import CN_NUMERAL
from .pdf_text import Line, ends_sentence
from .person_names import split_run_together_names, split_run_together_units
from .roster_labels import DRAFTERS, DRAFTING_UNITS, NUMBERED, roster_label
from .standard_numbers import find_numbers

_CLAUSE = re.compile(r"^(\d{1,2}|[A-Z])\.(\d{1,2})\.(\d{1,3})(?:\.(\d{1,3}))?(?![\d.])\s*(.*)$")
_SECTION = re.compile(rf"^(\d{{1,2}}|[A-Z])\.(\d{{1,2}})(?![\d.])\s*([{HAN}A-Za-z].*)$")
_CHAPTER = re.compile(rf"^(\d{{1,2}})(?![\d.])\s*([{HAN}].*)$")
_ANNEX = re.compile(r"^附录\s*([A-Z])(?![A-Za-z])\s*(.*)$")
# what follows an annex's letter when the line cites it (`附录 B 中表 B.0.4`, `附录 B 的规定`)
_CROSS_REFERENCE = re.compile(r"^(?:中|的|表|图|第|所|规定|要求)")
_GENERAL = re.compile(r"^1\s*总\s*则$")
_PREFACE = {"前言", "制定说明", "修订说明", "编制说明"}
_TOC = {"目次", "目录", "Contents", "CONTENTS"}
_TOC_ENTRY = re.compile(r"\S\s*(?:[.…·]{2,}|…)\s*[(（]?\s*[IVXivx\d]{1,4}\s*[)）]?\s*$")
_SELF = r"本?(?:标准|规范|规程|导则|细则)?"
_WORDING = re.compile(rf"^(?:附录[A-Z])?{_SELF}用词(?:用语)?说明$")
_REFERENCES = re.compile(r"^(?:附录[A-Z])?引用标准(?:名录|目录)$")
_COMMENTARY = re.compile(rf"^(?:附[:：]?|{CN_NUMERAL}+、)?{_SELF}条文说明$")
_ROSTER = re.compile(r"^(?:附加说明|起草说明)$")
# a revision mark after a term or title (`普通钢筋 steel bar (新增)`): the edition's change, not the term
_REVISION_MARK = re.compile(r"\s*[（(]\s*(?:新增|修订|修改|新修订)\s*[）)]")
_ITEM = re.compile(rf"^(\d{{1,2}})(?![\d.])(?:\s+|(?=[{HAN}“《]))(\S.*)$")
_SUB_ITEM = re.compile(r"^[（(]?(\d{1,2})[)）]\s*(\S.*)$")


def follows_engineering_rules(lines: list[Line]) -> bool:
    """True when the text is drafted as an engineering-construction standard: clauses numbered with a
    section 0 (`1.0.1`, `2.0.3`) and at least one of its marks (1 总则, 用词说明, 引用标准名录, 条文说明)."""
    zero_sections, marks = 0, 0
    for ln in lines:
        text = clean(ln.text)
        key = compact(text)
        m = _CLAUSE.match(text)
        if m and m.group(2) == "0" and m.group(1).isdigit() and m.group(5):
            zero_sections += 1
        if _GENERAL.match(key) or _WORDING.match(key) or _REFERENCES.match(key) or _COMMENTARY.match(key):
            marks += 1
    return zero_sections >= 2 and marks >= 1


def read_structure(lines: list[Line]) -> Structure:
    """The clause tree of a standard under whichever rules it follows (GB/T 1.1 or engineering)."""
    return parse_engineering(lines) if follows_engineering_rules(lines) else parse_structure(lines)


def _title_like(rest: str) -> bool:
    return bool(rest) and len(rest) <= 30 and not TITLE_PUNCT.search(rest) and bool(HAN_CHAR.search(rest))


@dataclass
class _Reader:
    lines: list[Line]
    cover: list[Line] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    problems: list[tuple[int | None, str, str]] = field(default_factory=list)
    back: list[Line] = field(default_factory=list)       # 附加说明 / 起草说明: the rosters, no clauses
    current: Clause | None = None
    chapter: str | None = None
    section: str | None = None
    phase: str = "cover"   # cover | preface | body | wording | references | roster | commentary
    in_toc: bool = False
    by: dict[str, Clause] = field(default_factory=dict)

    def _open(self, number: str, title: str | None, line: int, kind: str, parent: str | None,
              role: str = "") -> Clause:
        c = Clause(number, title, line, parent, kind, order=len(self.clauses) + 1, role=role)
        self.clauses.append(c)
        self.by[number] = c
        self.current = c
        return c

    def _next_starts(self, i: int, prefixes: tuple[str, ...]) -> bool:
        """Whether the next non-empty line opens one of `prefixes` (`3.1`, `3.0.1`): a heading has its first
        clause under it, a list item does not."""
        for ln in self.lines[i + 1:i + 6]:
            text = clean(ln.text)
            if text:
                return text.startswith(prefixes)
        return False

    def run(self) -> Structure:
        for i, ln in enumerate(self.lines):
            text = clean(ln.text)
            if not text:
                continue
            key = compact(text)
            if self.phase == "commentary":
                continue
            if self._skip_contents(text, key):
                continue
            if self._back_matter(ln, key):
                continue
            if self.phase in ("wording",):
                continue
            if self.phase == "roster":
                self.back.append(Line(ln.no, text, ln.page_start))
                continue
            if key in _PREFACE and self.chapter is None and self.phase in ("cover", "preface"):
                if self.phase == "cover":
                    self._open("前言", key, ln.no, "preface", None)
                    self.phase = "preface"
                continue
            if self._heading(i, ln, text):
                continue
            if self.phase == "references" and self.current is not None:
                self.current.lines.append(Line(ln.no, text, ln.page_start))
                continue
            if self.current is None:
                self.cover.append(Line(ln.no, text, ln.page_start))
            else:
                self.current.lines.append(Line(ln.no, text, ln.page_start))
        for c in self.clauses:
            c.blocks = _blocks(c)
        return Structure(self.cover, None, self.clauses, [], self.problems, rules="engineering", back_matter=self.back)

    def _skip_contents(self, text: str, key: str) -> bool:
        if key in _TOC and self.chapter is None:
            self.in_toc = True
            return True
        if self.in_toc:
            if _TOC_ENTRY.search(text) or re.fullmatch(r"[A-Za-z][A-Za-z ,.'’()\-]*", text):
                return True
            self.in_toc = False
        return bool(_TOC_ENTRY.search(text)) and self.chapter is None

    def _back_matter(self, ln: Line, key: str) -> bool:
        """The parts after the last chapter or annex: 用词说明 (skipped), 引用标准名录 (the references),
        附加说明 / 起草说明 (rosters) and 条文说明 (the end of what is read as clauses)."""
        if self.chapter is None:
            return False
        if _COMMENTARY.match(key):
            self.phase, self.current = "commentary", None
            return True
        if _WORDING.match(key):
            self.phase, self.current = "wording", None
            return True
        if _REFERENCES.match(key) and "引用标准名录" not in self.by:
            self.phase = "references"
            self._open("引用标准名录", "引用标准名录", ln.no, "chapter", None, role="references")
            return True
        if _ROSTER.match(key):
            self.phase, self.current = "roster", None
            return True
        return False

    def _heading(self, i: int, ln: Line, text: str) -> bool:
        """Open a chapter, section, clause or annex when `text` numbers one in sequence."""
        m = _ANNEX.match(compact(text)) if compact(text).startswith("附录") else None
        if m and self.chapter is not None and m.group(1) not in self.by and len(compact(text)) <= 40 \
                and self._annex_fits(m.group(1), m.group(2)):
            self.phase = "body"
            self._open(m.group(1), _REVISION_MARK.sub("", m.group(2)) or None, ln.no, "annex", None)
            self.chapter, self.section = m.group(1), None
            return True
        m = _CLAUSE.match(text)
        if m and self.chapter is not None:
            head, sec, num, sub, rest = m.groups()
            if head == self.chapter and self._clause_fits(sec, num, sub):
                number = f"{head}.{sec}.{num}" + (f".{sub}" if sub else "")
                parent = f"{head}.{sec}.{num}" if sub else (f"{head}.{sec}" if sec != "0" else head)
                if parent not in self.by:
                    parent = head
                role = "term" if self._in_terms(parent) else ""
                c = self._open(number, None, ln.no, "clause", parent, role)
                if rest:
                    if role == "term":
                        rest = _REVISION_MARK.sub("", rest)
                    c.lines.append(Line(ln.no, rest, ln.page_start))
                return True
        m = _SECTION.match(text)
        if m and self.chapter is not None and m.group(1) == self.chapter and _title_like(m.group(3)):
            number = f"{m.group(1)}.{m.group(2)}"
            if number not in self.by and (self.section is None or int(m.group(2)) > int(self.section.split(".")[1])):
                parent = self.by.get(m.group(1))
                role = _role(m.group(3)) if parent is not None and parent.role == "terms" else ""
                self._open(number, _REVISION_MARK.sub("", m.group(3)), ln.no, "clause", m.group(1), role)
                self.section = number
                return True
        m = _CHAPTER.match(text)
        if m and _title_like(m.group(2)):
            n = int(m.group(1))
            expected = 1 if self.chapter is None else (int(self.chapter) + 1 if self.chapter.isdigit() else None)
            if n == expected and self._next_starts(i, (f"{n}.0.", f"{n}.1")):
                self.phase = "body"
                title = _REVISION_MARK.sub("", m.group(2))
                self._open(str(n), title, ln.no, "chapter", None, _role(title))
                self.chapter, self.section = str(n), None
                return True
        return False

    def _annex_fits(self, letter: str, title: str) -> bool:
        """Annexes follow in letter order; a letter out of order opens one only under a title that reads as
        one (`附录 B 中表 B.0.4`, a table cell naming another annex's table, is text)."""
        letters = [c.number for c in self.clauses if c.kind == "annex"]
        expected = chr(ord(max(letters)) + 1) if letters else "A"
        if letter == expected:
            return not TITLE_PUNCT.search(title)
        return letter > expected and _title_like(title) and not _CROSS_REFERENCE.match(title)

    def _in_terms(self, parent: str) -> bool:
        c = self.by.get(parent)
        return c is not None and c.role == "terms"

    def _clause_fits(self, sec: str, num: str, sub: str | None) -> bool:
        """A clause number continues the chapter: its section is the open one (or 0 when the chapter
        has no sections), its number is new."""
        if sec == "0":
            ok = self.section is None
        else:
            ok = self.section == f"{self.chapter}.{sec}"
        number = f"{self.chapter}.{sec}.{num}" + (f".{sub}" if sub else "")
        return ok and number not in self.by


def _role(title: str) -> str:
    """The role of a chapter or of a section of 2 术语和符号 by its title: terms, abbreviations or none."""
    t = compact(title)
    if "术语" in t:
        return "terms"
    if "缩略" in t or t in ("符号", "代号"):
        return "abbreviations"
    return ""


def _reference_block(ln: Line) -> Block:
    """An entry of 引用标准名录 (`3 《水运工程质量检验标准》（JTS 257）`, `《混凝土结构设计规范》GB 50010`) as a
    reference block in the GB/T 1.1 order the reference loader reads: the number, then the title."""
    text = re.sub(r"^\d{1,3}\s*[.、．]?\s*(?=《|[A-Z])", "", ln.text.strip())
    title = BOOK_TITLE.search(text)
    found = find_numbers(text)
    if title and found:
        number = text[found[0].start:found[0].end]
        return Block("ref", f"{number} {title.group(1)}", ln.no)
    return Block("ref", text, ln.no)


def _blocks(c: Clause) -> list[Block]:
    if c.role == "references":
        return [_reference_block(ln) for ln in c.lines if ln.text.strip()]
    return split_blocks(c.lines, c.role, _ItemOpener())


class _ItemOpener:
    """Opens the blocks of one clause body: list items numbered `1 ` (with `1)` under them) in sequence,
    else whatever opens a block under GB/T 1.1 (notes, tables, captions).

    An item must continue its list (1, or one more than the item before) and follow a finished sentence or
    a lead-in, so a line of running text that starts with a number (`5 m 以内…`, a PDF line wrapped before
    `10 mm`) stays text.
    """

    def __init__(self):
        self.item = 0
        self.sub = 0
        self.before = ""

    def __call__(self, text: str, role: str):
        before, self.before = self.before, text
        if role not in ("term", "terms", "references", "abbreviations") and (not before or ends_sentence(before)):
            m = _ITEM.match(text)
            if m and int(m.group(1)) in (1, self.item + 1):
                self.item, self.sub = int(m.group(1)), 0
                return ("item", m.group(1), m.group(2).strip(), 1)
            m = _SUB_ITEM.match(text)
            if m and int(m.group(1)) in (1, self.sub + 1):
                self.sub = int(m.group(1))
                return ("item", f"{m.group(1)})", m.group(2).strip(), 2 if self.item else 1)
        return classify(text, role)


def parse_engineering(lines: list[Line]) -> Structure:
    """Return the clause tree of an engineering-construction standard from its physical lines."""
    return _Reader(lines).run()


# --- rosters: drafting units and drafters ------------------------------------------------------------------
# the roles of 《工程建设标准编写规定》 beside the drafting units and drafters of GB/T 1.1, labels of lists
# (`（一）本规程主编单位：`, `主要起草人员` over the names); a person's label needs a colon or the line's end,
# or `主编部门` would be a 主编
_UNIT_ROLES = rf"主编单位|参编单位|编制单位|{DRAFTING_UNITS}|参加单位"
_UNIT_LABEL = roster_label(_UNIT_ROLES, colon="optional", self_name=_SELF, qualifier="", copula="", numbered=True)
_UNIT_SENTENCE = re.compile(rf"^{_SELF}(?:主编单位|参编单位|编制单位)(?:为|是)")
_PEOPLE_ROLES = rf"(?:主要)?{DRAFTERS}|主编|主要参编人员|参编人员|主要编写人员|编写人员"
_PEOPLE_LABEL = roster_label(_PEOPLE_ROLES, colon="or end", self_name=_SELF, qualifier="", copula="为|是",
                             numbered=True)
# the people and bodies who did not draft it: reviewers, proof-readers, the approving department
_OTHER_LABEL = re.compile(rf"^(?:{NUMBERED})?{_SELF}(主要审查人员?|审查人员?|主审|参与审查人员|总校人员|管理组人员(?:名单)?|主编部门|批准部门|施行日期|实施日期)")
_SECTION_HEAD = re.compile(rf"^(?:{CN_NUMERAL}+、|\d{{1,2}}\s*[{HAN}]{{1,12}}$|附录|条文说明)")
_ORDER_NOTE = re.compile(r"[（(]\s*以下按[^）)]*[）)]")
_AFFILIATION = re.compile(r"[（(][^（）()]*[）)]+")


@dataclass
class Roster:
    units: list[tuple[str, int]] = field(default_factory=list)     # (name, line) in printed order
    drafters: list[tuple[str, int]] = field(default_factory=list)


def _people(text: str) -> list[str]:
    """Names of one roster line: `王世明、王胜年`, `李俊毅(单位)`, or space-aligned `陈 凯 刘晓光`; names OCR
    ran together (`陈宏涛薛艳萍`) cut apart."""
    text = _AFFILIATION.sub("", _ORDER_NOTE.sub("", text))
    parts = [p for p in re.split(r"[、，,；;。]", text) if p.strip()]
    names: list[str] = []
    for part in parts:
        tokens = part.split()
        if len(tokens) <= 1 or all(len(t) == 1 for t in tokens) and len(tokens) == 2:
            names += split_run_together_names("".join(tokens))   # OCR may have lost the spaces between names
            continue
        pending = ""
        for t in tokens:
            if len(t) == 1:
                if pending:
                    names.append(pending + t)
                    pending = ""
                else:
                    pending = t
            else:
                if pending:
                    names.append(pending)
                    pending = ""
                names += split_run_together_names(t)
        if pending:
            names.append(pending)
    return [n for n in names if re.fullmatch(rf"[{HAN}·]{{2,5}}", n)]


def _units(text: str) -> list[str]:
    text = text.strip().rstrip("。.")
    parts = re.split(rf"[、，,；;]|(?<=[司院所学心局站会部厂])和(?=[{HAN}])", text)
    return [u for p in parts if len(p.strip()) >= 3 for u in split_run_together_units(p.strip())]


def roster(structure: Structure, raw: str = "") -> Roster:
    """The drafting units (主编单位, then 参编单位) and drafters (主编, 主要起草人员, 主要参编人员) the
    standard lists in its front or back matter, in printed order; reviewers and approving bodies left out.

    Names are read from `raw` (the text as printed, by line number) where given: two-character names set
    letter-spaced to align (`王 建 李 霆`) lose their spacing in the physical lines.
    """
    preface = next((c for c in structure.clauses if c.kind == "preface"), None)
    lines = (preface.lines if preface else []) + structure.back_matter
    printed = raw.splitlines()
    out, mode = Roster(), None
    for ln in lines:
        key = compact(ln.text)
        if 0 < ln.no <= len(printed) and compact(printed[ln.no - 1]) == key:
            ln = Line(ln.no, clean(printed[ln.no - 1].replace("\u3000", " ")), ln.page_start)
        unit, people, other = _UNIT_LABEL.match(key), _PEOPLE_LABEL.match(key), _OTHER_LABEL.match(key)
        if _UNIT_SENTENCE.match(key):
            mode = None  # `本规程主编单位为…，参编单位为…。`: read below when no list is printed
            continue
        if unit and unit.group("names").startswith("、"):
            mode = None  # a heading that names the lists (`本规程主编单位、参编单位、主要起草人、…名单`)
            continue
        if unit:
            mode = "units"
            rest = re.sub(r"^[^:：]*[:：]", "", ln.text).strip() if re.search("[:：]", ln.text) else unit.group("names")
            out.units += [(u, ln.no) for u in _units(rest)]
            continue
        if people:
            mode = "people"
            rest = re.sub(r"^[^:：]*[:：]", "", ln.text, count=1).strip() if re.search("[:：]", ln.text) else ""
            out.drafters += [(p, ln.no) for p in _people(rest)]
            continue
        if other or _SECTION_HEAD.match(key) or (ln.text.rstrip().endswith("。") and len(key) > 30):
            mode = None
            continue
        if mode == "units":
            out.units += [(u, ln.no) for u in _units(ln.text)]
        elif mode == "people":
            out.drafters += [(p, ln.no) for p in _people(ln.text)]
    if not out.units and preface is not None:
        # `本规程主编单位为…，参编单位为…、…和…。` in the 前言 or 制定说明
        text = "".join(ln.text for ln in preface.lines)
        for label in ("主编单位", "参编单位"):
            m = re.search(label + r"(?:为|是)\s*([^，。]+)", text)
            if m:
                out.units += [(u, preface.line) for u in _units(m.group(1))]
    seen: set[str] = set()
    out.units = [(n, l) for n, l in out.units if not (n in seen or seen.add(n))]
    seen = set()
    out.drafters = [(n, l) for n, l in out.drafters if not (n in seen or seen.add(n))]
    return out
