"""The drafting rules of GB/T 1.1—2020 a draft can be checked against from its text alone.

`check_structure(structure)` returns DraftFindings for: the required elements and the fixed wording
of the 前言 and of the lead-ins of chapters 2 and 3; the numbering of clauses, tables, figures and
list items; hanging paragraphs; requirements inside 注 or 示例; modal verbs outside the GB/T 1.1
forms (必须, 需要, 要); and the written form of the numbers and years of cited documents.

Fixed wording is compared by the share of its two-character pieces present in the element's text,
so a line broken or cut by a PDF extraction still matches while a reworded statement does not.
"""
from __future__ import annotations

import datetime
import re

from loaders.gbt_modality import find_modality
from loaders.gbt_structure import Clause, Structure, compact
from loaders.vocab import CDT

from .draft_finding import DraftFinding

GBT11 = "GB/T 1.1—2020"
_FRONT = {"前言", "引言", "参考文献"}

# --- fixed wording ------------------------------------------------------------------------------------
FOREWORD_DRAFTING = "本文件按照GB/T1.1—2020《标准化工作导则第1部分：标准化文件的结构和起草规则》的规定起草。"
FOREWORD_PATENT = "请注意本文件的某些内容可能涉及专利。本文件的发布机构不承担识别专利的责任。"
REFERENCES_LEAD_IN = ("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，"
                      "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。")
NO_REFERENCES = "本文件没有规范性引用文件。"
_TERMS_LEAD_IN = re.compile(r"(?:界定的(?:以及下列)?|下列)术语和定义适用于本文件|本文件没有需要界定的术语和定义")
# 术语和定义, or 术语、定义和缩略语 / 术语、定义、符号和缩略语 with 3.1 术语和定义
_TERMS_TITLE = re.compile(r"术语.{0,2}定义")
_OLD_RULES = re.compile(r"GB/T\s*1\.1\s*[-—－–]\s*(?:2009|2000|1993)")
MATCH_SHARE = 0.8   # share of the fixed text's character pairs that must be present


def _pairs(text: str) -> set[str]:
    t = _fold(text)
    return {t[i:i + 2] for i in range(len(t) - 1)}


def _fold(text: str) -> str:
    return re.sub(r"[\s\-—–－‐]", "", compact(text)).replace("(", "（").replace(")", "）").replace(":", "：")


def contains_wording(text: str, fixed: str) -> bool:
    """True when `text` holds the fixed statement `fixed` (allowing for broken or cut lines)."""
    want = _pairs(fixed)
    return len(want & _pairs(text)) >= MATCH_SHARE * len(want)


def _own_text(c: Clause) -> str:
    return "\n".join(b.text for b in c.blocks if b.kind in ("para", "note"))


def _finding(check, severity, clause: Clause | None, line, problem, suggestion, basis) -> DraftFinding:
    where = clause.locator if clause is not None else "（全文）"
    return DraftFinding(check, severity, where, line if line else (clause.line if clause else None),
                        problem, suggestion, basis)


def required_elements(st: Structure) -> list[DraftFinding]:
    """前言, 1 范围, 2 规范性引用文件, 3 术语和定义: each must be there, in that place."""
    out = []
    numbers = st.by_number()
    first = st.clauses[0] if st.clauses else None
    if "前言" not in numbers:
        out.append(_finding("required_element", "error", first, None, "文件没有“前言”。",
                            "在正文之前增加“前言”，写明起草依据、代替情况、提出和归口单位、起草单位和起草人。",
                            f"{GBT11} 8.3（前言是必备要素）"))
    for number, role, title, basis in (("1", "scope", "范围", "8.5"), ("2", "references", "规范性引用文件", "8.6"),
                                       ("3", "terms", "术语和定义", "8.7")):
        c = numbers.get(number)
        printed = re.sub(r"\s", "", c.title or "") if c is not None else ""
        if c is None or not (c.role == role and (role == "terms" or printed == title)
                             or (role == "terms" and _TERMS_TITLE.search(c.title or ""))):
            found = next((x for x in st.clauses if x.role == role), None)
            # a reader takes an older title (引用文件, 引用标准) as the chapter's role; GB/T 1.1—2020 fixes the title
            where = (f"（现为“{printed}”）" if found is c and printed else
                     f"（现为第 {found.number} 章）" if found else "")
            out.append(_finding("required_element", "error", c or first, None,
                                f"第 {number} 章应为“{title}”{where}。",
                                f"第 {number} 章写作“{number} {title}”；没有内容时也保留该章，写明“"
                                + {"1": "本文件规定了…", "2": NO_REFERENCES, "3": "本文件没有需要界定的术语和定义。"}[number]
                                + "”。", f"{GBT11} {basis}（{title}是必备要素，编为第 {number} 章）"))
    return out


def fixed_wording(st: Structure) -> list[DraftFinding]:
    """The statements GB/T 1.1 fixes word for word: the foreword's, and the lead-ins of chapters 2 and 3."""
    out = []
    numbers = st.by_number()
    foreword = numbers.get("前言")
    if foreword is not None:
        text = "\n".join(b.text for b in foreword.blocks)
        old = _OLD_RULES.search(text)
        if old:
            out.append(_finding("fixed_wording", "warning", foreword, None,
                                f"前言写明按 {old.group(0)} 起草，那是已被代替的版本。",
                                f"按现行规则起草，并在前言第一段写“{FOREWORD_DRAFTING}”", f"{GBT11} 8.3"))
        elif not contains_wording(text, FOREWORD_DRAFTING):
            out.append(_finding("fixed_wording", "warning", foreword, None, "前言没有写明起草所依据的规则。",
                                f"在前言第一段写“{FOREWORD_DRAFTING}”", f"{GBT11} 8.3"))
        if not contains_wording(text, FOREWORD_PATENT):
            out.append(_finding("fixed_wording", "warning", foreword, None, "前言没有专利说明。",
                                f"在前言中写“{FOREWORD_PATENT}”", f"{GBT11} 8.3"))
    refs = numbers.get("2")
    if refs is not None and refs.role == "references":
        text = _own_text(refs)
        # references listed (even without a standard number, such as industry specifications) need the long lead-in
        listed = any(b.kind == "ref" for b in refs.blocks) or len(refs.blocks) > 1 or "下列" in text
        fixed = REFERENCES_LEAD_IN if listed else NO_REFERENCES
        if not contains_wording(text, fixed):
            out.append(_finding("fixed_wording", "warning", refs, refs.blocks[0].line if refs.blocks else None,
                                "第 2 章的引导语不是 GB/T 1.1 规定的表述：" + (f"“{text[:60]}”" if text else "没有引导语。"),
                                f"改为“{fixed}”", f"{GBT11} 8.6"))
    terms = numbers.get("3")
    if terms is not None and terms.role != "terms" and _TERMS_TITLE.search(terms.title or ""):
        terms = next((c for c in st.clauses if c.parent == "3" and _TERMS_TITLE.search(c.title or "")), terms)
    if terms is not None and _TERMS_TITLE.search(terms.title or ""):
        text = compact(_own_text(terms))
        if not _TERMS_LEAD_IN.search(text):
            out.append(_finding("fixed_wording", "warning", terms, terms.blocks[0].line if terms.blocks else None,
                                "第 3 章的引导语不是 GB/T 1.1 规定的表述：" + (f"“{text[:60]}”" if text else "没有引导语。"),
                                "改为“下列术语和定义适用于本文件。”，或“GB/T ×××× 界定的以及下列术语和定义适用于本文件。”",
                                f"{GBT11} 8.7"))
    return out


# --- numbering --------------------------------------------------------------------------------------
def _successors(path: list[str]) -> list[str]:
    out = [path[-1] + ".1"] if path else []
    for num in path:
        head, _, last = num.rpartition(".")
        if last.isdigit():
            out.append(f"{head}.{int(last) + 1}" if head else str(int(last) + 1))
    return out


def clause_numbering(st: Structure) -> list[DraftFinding]:
    """Chapters and clauses numbered without gaps: each the first child, or the next sibling of an ancestor."""
    out = []
    path: list[str] = []
    for c in st.clauses:
        if c.kind in ("preface", "introduction", "bibliography"):
            continue
        if c.kind == "annex":
            path = [c.number]
            continue
        expected = _successors(path) if path else ["1"]
        if path and not path[0].isdigit():  # inside an annex: A.1, A.1.1, A.2 …
            expected = _successors(path)
        if c.number not in expected:
            prev = path[-1] if path else "（文件开头）"
            out.append(_finding("clause_numbering", "error", c, c.line,
                                f"{c.number} 不接续前一条款 {prev}（应为 {'、'.join(expected[:3])} 之一）。",
                                "按层次连续编号：同层的条依次编号，不跳号、不重号。", f"{GBT11} 7.2、7.3（章、条的编号）"))
        levels = c.number.count(".") + 1
        path = path[: levels - 1] + [c.number]
    return out


_CAPTION = {"table": re.compile(r"^表\s*([A-Z]\.)?\s*(\d+)(?:\s+|$)(?!.*[。；])"),
            "figure": re.compile(r"^图\s*([A-Z]\.)?\s*(\d+)(?:\s+|$)(?!.*[。；])")}


def caption_numbering(st: Structure) -> list[DraftFinding]:
    """表 1, 表 2 … in the body and 表 A.1, 表 A.2 … in annex A; the same for 图."""
    out = []
    for kind, rx in _CAPTION.items():
        name = "表" if kind == "table" else "图"
        last: dict[str, int] = {}
        for c in st.clauses:
            annex = c.number.split(".")[0] if c.number[:1].isalpha() else ""
            for ln in c.lines:
                m = rx.match(ln.text)
                if not m or "续" in ln.text[:12] or len(ln.text) > 60:
                    continue
                letter = (m.group(1) or "").rstrip(".")
                n = int(m.group(2))
                if letter != annex:
                    continue   # a caption of another annex's numbering is a reference, not a caption
                prev = last.get(letter, 0)
                if n == prev:
                    continue   # the caption repeated (a table continued on the next page)
                if n != prev + 1:
                    shown = f"{letter}.{prev + 1}" if letter else str(prev + 1)
                    label = f"{name} {letter + '.' if letter else ''}{n}"
                    if n < prev:
                        problem = f"{label} 的编号小于前一个{name}（{prev}）。"
                    elif prev == 0:
                        problem = f"{label} 是{'附录 ' + letter if letter else '正文'}的第一个{name}，应编为{name} {shown}。"
                    else:
                        problem = f"{label} 前面缺少{name} {shown}（上一个是{name} {letter + '.' if letter else ''}{prev}）。"
                    out.append(_finding(f"{kind}_numbering", "error", c, ln.no, problem,
                                        f"{name}按出现的顺序连续编号；附录中的{name}编为{name} A.1、{name} A.2 ……",
                                        f"{GBT11} 9.4、9.5（图、表的编号）"))
                last[letter] = n
    return out


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _ordinal(marker: str, level: int) -> int:
    m = marker.strip("()（）")
    if level == 1:
        return _LETTERS.index(m) + 1 if m in _LETTERS else 0
    if level == 2:
        return int(m) if m.isdigit() else 0
    return _CIRCLED.index(m) + 1 if m in _CIRCLED else 0


def list_numbering(st: Structure) -> list[DraftFinding]:
    """List items a), b), c) …, 1), 2) … and ①, ② … in sequence within each list."""
    out = []
    for c in st.clauses:
        counters: dict[int, int] = {}
        resync = False
        for b in c.blocks:
            if b.kind == "para":
                counters = {}
                continue
            if b.kind != "item":
                continue
            counters = {lvl: n for lvl, n in counters.items() if lvl <= b.level}
            n = _ordinal(b.marker, b.level)
            prev = counters.get(b.level, 0)
            if n != prev + 1 and prev and not resync:
                out.append(_finding("list_numbering", "error", c, b.line,
                                    f"列项 {b.marker} 不接续上一项（应为第 {prev + 1} 项）。",
                                    "列项编号依次为 a)、b)、c)……，其下一层为 1)、2)、3)……，不跳号、不重号。",
                                    f"{GBT11} 7.5（列项）"))
                resync = True   # one misplaced item is one finding, not two
            else:
                resync = False
            counters[b.level] = n
    return out


def _title_fragment(text: str) -> bool:
    """A short line without sentence punctuation: the rest of a title broken over two lines, not a paragraph."""
    return len(text) <= 30 and not re.search(r"[，。；：,;:]", text)


def hanging_paragraphs(st: Structure) -> list[DraftFinding]:
    """Text between a clause title and its first subclause (chapters 2 and 3 and the front matter excepted)."""
    parents = {c.parent for c in st.clauses if c.parent}
    out = []
    for c in st.clauses:
        if c.number not in parents or c.number in _FRONT or c.role in ("references", "terms", "abbreviations"):
            continue
        text = [b for b in c.blocks if b.kind in ("para", "item", "note") and not _title_fragment(b.text)
                and not _TERMS_LEAD_IN.search(compact(b.text))]
        if text:
            out.append(_finding("hanging_paragraph", "warning", c, text[0].line,
                                f"{c.locator} 的标题与其第一个下一层次条之间有一段文字（悬置段）：“{text[0].text[:40]}”。",
                                f"把这段文字编为 {c.number}.1（如“{c.number}.1 总则”或“概述”），其后的条依次顺延；"
                                "或把内容移入下一层次的条中。", f"{GBT11} 7.4（不宜出现悬置段）"))
    return out


_REQUIREMENT_FORMS = {CDT.Shall, CDT.ShallNot, CDT.Should, CDT.ShouldNot}
_EXAMPLE = re.compile(r"^示例\s*\d*\s*[：:]?")


def requirements_in_notes(st: Structure) -> list[DraftFinding]:
    """注 and 示例 give information only: a 应/宜 form in them is a requirement out of place."""
    out = []
    for c in st.clauses:
        if c.number in _FRONT or c.role == "references":
            continue
        for b in c.blocks:
            kind = "注" if b.kind == "note" else "示例" if _EXAMPLE.match(b.text) else None
            if kind is None:
                continue
            form = find_modality(re.sub(r"^注\s*\d*\s*[：:]|^示例\s*\d*\s*[：:]?", "", b.text))
            if form in _REQUIREMENT_FORMS or "必须" in b.text:
                out.append(_finding("requirement_in_note", "error", c, b.line,
                                    f"{kind}中含有要求或推荐：“{b.text[:50]}”。",
                                    f"把这句要求移到正文条款中；{kind}只给出理解条款所需的附加信息。",
                                    f"{GBT11} 9.3.2、9.3.3（注、示例不应包含要求）"))
    return out


# 必须 and 务必 are never GB/T forms; 需要 and 要 are verbs only before a verb, not in 业务需要/要求/主要…,
# nor in a relative clause (需要采取的措施).
_MODAL_OUTSIDE = re.compile(
    r"必须|务必|不要(?![求素点件])"
    r"|(?<![的所业实际发展按据满足适应结合求有无作])需要(?=[对进采建确具满提开保实设遵按符定支使])(?![^，。；、：]{0,6}的)"
    r"|(?<![主需重必概纲摘简首只不紧次将旨政])要(?=[对进采建确做按符])"
)


def modal_verbs(st: Structure) -> list[DraftFinding]:
    """必须, 务必, 不要, 需要, 要 used as verbal forms in the body: GB/T 1.1 expresses them with 应 / 不应."""
    out = []
    for c in st.clauses:
        if c.number in _FRONT or c.role in ("references", "term", "terms", "abbreviations"):
            continue
        for b in c.blocks:
            if b.kind not in ("para", "item", "note"):
                continue
            m = _MODAL_OUTSIDE.search(b.text)
            if m:
                word = m.group(0)
                better = "不应" if word.startswith("不") else "应"
                out.append(_finding("modal_verb", "warning", c, b.line,
                                    f"“{word}”不是 GB/T 1.1 的助动词：“…{b.text[max(0, m.start() - 12):m.end() + 12]}…”。",
                                    f"要求用“应”“不应”，推荐用“宜”“不宜”，允许用“可”“不必”；此处宜改为“{better}”。",
                                    f"{GBT11} 9.1 及表 3～表 6（助动词的使用）"))
    return out


_GB = r"(?:GB/[TZ]|GB|[A-Z]{2}/T)\s*\d+(?:\.\d+)*"
_TWO_DIGIT_YEAR = re.compile(rf"({_GB})\s*[-—－–]\s*(\d{{2}})(?![\d.])")
_COLON_YEAR = re.compile(rf"({_GB})\s*:\s*(\d{{4}})(?!\d)")
_YEARED = re.compile(rf"({_GB})\s*[-—－–]\s*(\d{{4}})(?!\d)")


def number_forms(st: Structure, today: datetime.date | None = None) -> list[DraftFinding]:
    """The numbers of cited Chinese standards: a four-digit year after a dash (GB/T 1.1—2020), a possible year."""
    year_now = (today or datetime.date.today()).year
    out = []
    for c in st.clauses:
        for b in c.blocks:
            for rx, why in ((_TWO_DIGIT_YEAR, "年代号只有两位"), (_COLON_YEAR, "年代号用冒号隔开（那是 ISO 的写法）")):
                for m in rx.finditer(b.text):
                    out.append(_finding("number_form", "warning", c, b.line,
                                        f"“{m.group(0)}”：{why}。",
                                        f"写作“{m.group(1)}—{'20' + m.group(2) if len(m.group(2)) == 2 else m.group(2)}”"
                                        "（四位年代号，用一字线与顺序号隔开），核对年份。",
                                        f"{GBT11} 9.5.4（引用文件的编号和年代号）"))
            for m in _YEARED.finditer(b.text):
                year = int(m.group(2))
                if year < 1950 or year > year_now + 1:
                    out.append(_finding("number_form", "warning", c, b.line,
                                        f"“{m.group(0)}”：年代号 {year} 不可能是发布年份。",
                                        "核对被引文件的发布年份。", f"{GBT11} 9.5.4（引用文件的编号和年代号）"))
    return out


RULES = (required_elements, fixed_wording, clause_numbering, caption_numbering, list_numbering,
         hanging_paragraphs, requirements_in_notes, modal_verbs, number_forms)


def check_structure(st: Structure) -> list[DraftFinding]:
    """Every GB/T 1.1—2020 finding of the document whose clause tree is `st`, rule by rule."""
    if not st.clauses:
        return []
    return [f for rule in RULES for f in rule(st)]
