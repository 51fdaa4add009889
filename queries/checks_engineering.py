"""The drafting rules of an engineering-construction standard (工程建设标准) a draft can be checked against.

Such a draft follows 《工程建设标准编写规定》 (建标〔2008〕182号), not GB/T 1.1: chapter 1 is 总则, chapters
hold sections and clauses numbered `3.2.1` (`2.0.1` where a chapter has no sections), list items are `1`, `2`
with `1)`, `2)` under them, and the strictest verbal forms are 必须 / 严禁 besides 应 / 不应 (不得), 宜 / 不宜
and 可. `check_engineering(structure)` returns DraftFindings for: chapter 1 not 总则; chapters, sections and
clauses numbered out of sequence; verbal forms outside that set (务必, 不要, 需要, 要); and the written form
of cited numbers. The 条文说明 is not read as clauses (engineering_standard.py), so it is not checked.
"""
from __future__ import annotations

import dataclasses
import re

from loaders.gbt_structure import Clause, Structure, compact

from .checks_gbt11 import number_forms
from .draft_finding import DraftFinding

RULES_NAME = "《工程建设标准编写规定》（建标〔2008〕182号）"


def _finding(check, severity, clause: Clause | None, line, problem, suggestion, basis) -> DraftFinding:
    where = clause.locator if clause is not None else "（全文）"
    return DraftFinding(check, severity, where, line if line else (clause.line if clause else None),
                        problem, suggestion, basis)


def general_chapter(st: Structure) -> list[DraftFinding]:
    """Chapter 1 is 总则."""
    first = st.by_number().get("1")
    if first is not None and compact(first.title or "") == "总则":
        return []
    return [_finding("required_element", "error", first, None,
                     f"第 1 章应为“总则”{'（现为“' + first.title + '”）' if first is not None and first.title else ''}。",
                     "第 1 章写作“1 总则”，写明编制目的、适用范围和执行本标准的原则。",
                     f"{RULES_NAME}（正文的第一章为总则）")]


def _successors(prev: str | None) -> list[str]:
    """The numbers that may follow `prev`: the next chapter, section, clause or subclause, or a first child."""
    if prev is None:
        return ["1"]
    p = prev.split(".")
    out = [str(int(p[0]) + 1)]
    if len(p) == 1:
        return out + [f"{p[0]}.1", f"{p[0]}.0.1"]
    if p[1] != "0":
        out.append(f"{p[0]}.{int(p[1]) + 1}")
    if len(p) == 2:
        return out + [f"{prev}.1"]
    out.append(f"{p[0]}.{p[1]}.{int(p[2]) + 1}")
    if len(p) == 3:
        return out + [f"{prev}.1"]
    return out + [f"{p[0]}.{p[1]}.{p[2]}.{int(p[3]) + 1}"]


def clause_numbering(st: Structure) -> list[DraftFinding]:
    """Chapters, sections and clauses numbered without gaps (`3`, `3.1`, `3.1.1`, `3.1.2`; `2.0.1` without sections);
    the annexes after the chapters number their own clauses."""
    out, prev = [], None
    for c in st.clauses:
        if c.kind not in ("chapter", "clause") or not c.number[:1].isdigit():
            continue
        expected = _successors(prev)
        if c.number not in expected:
            out.append(_finding("clause_numbering", "error", c, c.line,
                                f"{c.number} 不接续前一条 {prev or '（文件开头）'}（应为 {'、'.join(expected[:3])} 之一）。",
                                "章、节、条依次编号，不跳号、不重号；章下不分节时条编为“章.0.条”（如 2.0.1）。",
                                f"{RULES_NAME}（章、节、条的编号）"))
        prev = c.number
    return out


# 务必, 不要 and 需要 / 要 before a verb are no verbal forms of an engineering standard (必须 and 严禁 are)
_MODAL_OUTSIDE = re.compile(
    r"务必|不要(?![求素点件])"
    r"|(?<![的所业实际发展按据满足适应结合求有无作])需要(?=[对进采建确具满提开保实设遵按符定支使])(?![^，。；、：]{0,6}的)"
    r"|(?<![主需重必概纲摘简首只不紧次将旨政])要(?=[对进采建确做按符])"
)

# `根据测试需要确定`, `按计算需要设置`: 需要 is the noun after a preposition, not a verbal form
_NEED_AS_NOUN = re.compile(r"(?:根据|依据|按照?|视|为了?)[^，。；、,;]{0,6}$")


def modal_verbs(st: Structure) -> list[DraftFinding]:
    """务必, 不要, 需要, 要 used as verbal forms in the clauses: the standard's forms are 必须/应/宜/可 and their negatives."""
    out = []
    for c in st.clauses:
        if c.kind == "preface" or c.role in ("references", "term", "terms", "abbreviations"):
            continue
        for b in c.blocks:
            m = _MODAL_OUTSIDE.search(b.text) if b.kind in ("para", "item", "note") else None
            if m and not _NEED_AS_NOUN.search(b.text[:m.start()]):
                word = m.group(0)
                better = "不应" if word.startswith("不") else "应"
                out.append(_finding("modal_verb", "warning", c, b.line,
                                    f"“{word}”不是工程建设标准的用词：“…{b.text[max(0, m.start() - 12):m.end() + 12]}…”。",
                                    "表示很严格用“必须”“严禁”，严格用“应”“不应”或“不得”，允许稍有选择用“宜”“不宜”，"
                                    f"有选择用“可”；此处宜改为“{better}”。", f"{RULES_NAME}（标准用词说明）"))
    return out


def cited_number_forms(st: Structure) -> list[DraftFinding]:
    """The numbers of cited standards with a four-digit year (the GB/T 1.1 check, on this standard's rules)."""
    return [dataclasses.replace(f, basis=f"{RULES_NAME}（引用标准的编号和年号）") for f in number_forms(st)
            if f.clause != "前言"]   # the foreword names the replaced edition as it was published (`JTJ/T 272-99`)


RULES = (general_chapter, clause_numbering, modal_verbs, cited_number_forms)


def check_engineering(st: Structure) -> list[DraftFinding]:
    """Every finding of the engineering-construction draft whose clause tree is `st`, rule by rule."""
    if not st.clauses:
        return []
    return [f for rule in RULES for f in rule(st)]
