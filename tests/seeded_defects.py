"""Defects of each kind `cdtkg check` finds, injected into a real document at random places.

Each injector takes the document's lines and clause tree and a seeded random generator and returns
the changed lines and the clause (locator) where the defect now is. Whole-document defects (a wrong
lead-in, a missing element) make one copy each; defects local to a clause can be injected many at a
time (`inject_many`) so that a graph check runs once for twenty of them.
"""
from __future__ import annotations

import random
import re

from loaders.gbt_modality import find_modality
from loaders.gbt_structure import Clause, Structure
from loaders.vocab import CDT

_FRONT = {"前言", "引言", "参考文献"}
_NOT_BODY_ROLES = {"references", "terms", "term", "abbreviations"}


def body_clauses(st: Structure, leaves_only: bool = True) -> list[Clause]:
    """Numbered clauses of the body (not the front matter, chapters 2–4 or annexes), optionally only leaves."""
    parents = {c.parent for c in st.clauses if c.parent}
    return [c for c in st.clauses if c.number not in _FRONT and c.role not in _NOT_BODY_ROLES
            and c.kind in ("chapter", "clause") and c.number[0].isdigit()
            and not (leaves_only and c.number in parents)]


def text_blocks(st: Structure, kinds=("para", "item")) -> list[tuple[Clause, object]]:
    """(clause, block) of every paragraph or list item in a body leaf clause that is not a table's."""
    return [(c, b) for c in body_clauses(st) for b in c.blocks if b.kind in kinds and len(b.text) >= 8]


def _append(lines: list[str], line_no: int, text: str) -> None:
    lines[line_no - 1] = lines[line_no - 1].rstrip() + text


def _insert_before(lines: list[str], line_no: int, text: str) -> None:
    lines.insert(line_no - 1, text)


# --- local defects: (lines, clause, block, i) -> None, applied from the bottom up --------------------------
def modal_verb(lines, c, b, i, rng):
    _append(lines, b.line, rng.choice(["各单位必须记录运行日志。", "运营方必须定期开展评估。", "系统务必保存操作记录。"]))


def requirement_in_note(lines, c, b, i, rng):
    _insert_before(lines, b.line, rng.choice(["注：运营单位应每年复核一次。", "注：相关数据宜保存三年以上。"]))


def number_form(lines, c, b, i, rng):
    n = 30000 + i
    _append(lines, b.line, rng.choice([f"具体做法参照 GB/T {n}-19 执行。", f"具体做法参照 GB/T {n}:2019 执行。"]))


def cited_not_listed(lines, c, b, i, rng):
    _append(lines, b.line, f"应符合 GB/T {90000 + i}-2015 的规定。")


def superseded_citation(lines, c, b, i, rng):
    _append(lines, b.line, "参照 GB/T 34678-2017 的相关内容。")


def dated_inconsistently_for(number: str):
    """An injector citing `number` (listed dated in chapter 2) with an earlier year."""
    base, _, year = number.rpartition("-")

    def inject(lines, c, b, i, rng):
        _append(lines, b.line, f"应符合 {base}-{int(year) - 1} 的规定。")
    return inject


def restated_requirement_from(requirements: list[str]):
    """An injector inserting, as a list item, a requirement another standard of the corpus sets."""
    def inject(lines, c, b, i, rng):
        _insert_before(lines, b.line, f"{b.marker} {requirements[i % len(requirements)]}")
    return inject


def inject_many(text: str, st: Structure, injector, rng: random.Random, count: int = 20,
                kinds=("para", "item")) -> tuple[str, list[str]]:
    """`text` with `count` defects at random blocks of distinct clauses; returns it and the clauses."""
    by_clause: dict[str, tuple] = {}
    for c, b in text_blocks(st, kinds):
        by_clause.setdefault(c.number, (c, b))
    chosen = rng.sample(sorted(by_clause), min(count, len(by_clause)))
    picks = sorted((by_clause[n] for n in chosen), key=lambda cb: cb[1].line, reverse=True)
    lines = text.split("\n")
    for i, (c, b) in enumerate(picks):
        injector(lines, c, b, i, rng)
    return "\n".join(lines), [c.locator for c, _ in picks]


def requirements_of(st: Structure) -> list[str]:
    """List items of `st` whose own text states a requirement (应), long enough to compare."""
    return [b.text for c in st.clauses for b in c.blocks
            if b.kind == "item" and len(b.text) >= 20 and find_modality(b.text) == CDT.Shall]


# --- one-copy defects: (text, st, rng) -> (text, clause) or None when the document offers no place -------------
def hanging_paragraph(text, st, rng):
    parents = {c.parent for c in st.clauses if c.parent}
    pool = [c for c in body_clauses(st, leaves_only=False) if c.number in parents
            and not any(b.kind in ("para", "item", "note") for b in c.blocks)]
    if not pool:
        return None
    c = rng.choice(pool)
    lines = text.split("\n")
    lines.insert(c.line, "本条给出了相关活动的总体要求，具体内容见以下各条。")
    return "\n".join(lines), c.locator


def clause_numbering(text, st, rng):
    numbers = st.by_number()
    parents = {c.parent for c in st.clauses if c.parent}
    pool = []
    for c in body_clauses(st):
        head, _, last = c.number.rpartition(".")
        if c.number in parents or not last.isdigit():
            continue
        nxt = f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
        if nxt not in numbers and (not head or f"{head}.{int(last) + 2}" not in numbers):
            pool.append((c, nxt))
    if not pool:
        return None
    c, skipped = rng.choice(pool)
    head, _, last = c.number.rpartition(".")
    new = f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    lines = text.split("\n")
    lines[c.line - 1] = re.sub(rf"^(\s*){re.escape(c.number)}", rf"\g<1>{new}", lines[c.line - 1], count=1)
    return "\n".join(lines), new


_LETTER = re.compile(r"^(\s*(?:[-*]\s+)?)([a-y])(\s*[)）])")


def list_numbering(text, st, rng):
    pool = [(c, b) for c in st.clauses if c.number not in _FRONT for b in c.blocks
            if b.kind == "item" and b.level == 1 and b.marker[0] != "a"]
    lines = text.split("\n")
    pool = [(c, b) for c, b in pool if _LETTER.match(lines[b.line - 1])]
    if not pool:
        return None
    c, b = rng.choice(pool)
    lines[b.line - 1] = _LETTER.sub(lambda m: m.group(1) + chr(ord(m.group(2)) + 1) + m.group(3),
                                    lines[b.line - 1], count=1)
    return "\n".join(lines), c.locator


def caption_numbering_for(word: str):
    """An injector numbering one 表 (or 图) two higher than it is: a gap before it."""
    caption = re.compile(rf"^(\s*{word}\s*)(\d+)(\s)")

    def inject(text, st, rng):
        lines = text.split("\n")
        pool = [(c, ln) for c in st.clauses if c.number[0].isdigit() for ln in c.lines
                if caption.match(lines[ln.no - 1]) and "续" not in ln.text and len(ln.text) <= 60]
        if not pool:
            return None
        c, ln = rng.choice(pool)
        lines[ln.no - 1] = caption.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + 2}{m.group(3)}", lines[ln.no - 1],
                                       count=1)
        return "\n".join(lines), c.locator
    return inject


_WRONG_LEAD_INS = {"2": "本章列出了本文件引用的有关文件。", "3": "本章给出本文件使用的有关名词。"}


def fixed_wording(text, st, rng):
    numbers = st.by_number()
    choices = [n for n in ("2", "3") if n in numbers and any(b.kind == "para" for b in numbers[n].blocks)]
    if "前言" in numbers:
        choices.append("前言")
    which = rng.choice(choices)
    lines = text.split("\n")
    c = numbers[which]
    if which == "前言":
        # the drafting-rules statement, however many lines it spans, becomes another sentence
        for ln in c.lines:
            if re.search(r"GB/T\s*1\.1", ln.text) or "起草。" == ln.text.strip():
                lines[ln.no - 1] = ""
        lines.insert(c.line, "本文件参照有关规定起草。")
        return "\n".join(lines), "前言"
    paras = [b for b in c.blocks if b.kind == "para"]
    first = paras[0].line
    stop = next((b.line for b in c.blocks if b.kind != "para" and b.line > first), None)
    for no in range(first, stop or (first + 1)):
        lines[no - 1] = ""
    lines[first - 1] = _WRONG_LEAD_INS[which]
    return "\n".join(lines), which


def required_element(text, st, rng):
    numbers = st.by_number()
    number, wrong = rng.choice([("1", "总则"), ("2", "引用文件"), ("3", "名词解释")])
    if number not in numbers:
        return None
    lines = text.split("\n")
    c = numbers[number]
    lines[c.line - 1] = f"{number} {wrong}"
    return "\n".join(lines), number


ONE_COPY = {"hanging_paragraph": hanging_paragraph, "clause_numbering": clause_numbering,
            "list_numbering": list_numbering, "table_numbering": caption_numbering_for("表"),
            "figure_numbering": caption_numbering_for("图"),
            "fixed_wording": fixed_wording, "required_element": required_element}
LOCAL = {"modal_verb": modal_verb, "requirement_in_note": requirement_in_note, "number_form": number_form}


# --- defects in chapters 2 and 3, twenty numbers at a time --------------------------------------------------
def listed_never_cited(text: str, st: Structure, rng: random.Random, count: int = 20) -> tuple[str, list[str]]:
    """`text` with `count` standards added at random places of chapter 2 that the body never cites."""
    refs = [b for c in st.clauses if c.role == "references" for b in c.blocks if b.kind == "ref"]
    lines = text.split("\n")
    numbers = [f"GB/T {81000 + i}-2018" for i in range(count)]
    for number in numbers:
        at = rng.choice(refs).line
        lines.insert(at - 1, f"{number} 信息技术 某某系统技术要求")
    return "\n".join(lines), numbers


def term_sources_not_listed(text: str, st: Structure, count: int = 20) -> tuple[str, list[str]] | None:
    """`text` whose chapter-3 lead-in names `count` documents chapter 2 does not list."""
    terms = st.by_number().get("3")
    lead = next((b for b in terms.blocks if b.kind == "para"), None) if terms else None
    if lead is None:
        return None
    numbers = [f"GB/T {82000 + i}" for i in range(count)]
    lines = text.split("\n")
    lines[lead.line - 1] = "、".join(numbers[:-1]) + f" 和 {numbers[-1]} 界定的以及下列术语和定义适用于本文件。"
    # the rest of a lead-in broken over lines goes with it
    for ln in terms.lines:
        if ln.no > lead.line and ln.text and not ln.text.startswith(("3.", "3．")):
            if re.match(r"^\d", ln.text):
                break
            lines[ln.no - 1] = ""
    return "\n".join(lines), numbers


# --- terms ------------------------------------------------------------------------------------------------
def redefined_terms(text: str, st: Structure, entries: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]] | None:
    """`text` with term entries appended to chapter 3 for `entries` (term, definition elsewhere), each
    defined otherwise; returns it and the (entry number, term) pairs."""
    last = next((c for c in reversed(st.clauses) if c.role == "term"), None)
    if last is None:
        return None
    head, _, n = last.number.rpartition(".")
    end = max([ln.no for ln in last.lines] + [last.line])
    added, block = [], []
    for i, (term, definition) in enumerate(entries, start=1):
        number = f"{head}.{int(n) + i}"
        block += [number, term, f"在本文件中专指与{definition.rstrip('。')}相关的管理活动。"]
        added.append((number, term))
    lines = text.split("\n")
    lines[end:end] = block
    return "\n".join(lines), added


def used_terms(text: str, st: Structure, rng: random.Random, terms: list[str], reference: str,
               ) -> tuple[str, list[tuple[str, str]]] | None:
    """`text` listing `reference` in chapter 2 and using each of `terms` (which it neither uses yet nor
    defines) in a random body clause; returns it and the (clause, term) pairs."""
    refs = next((c for c in st.clauses if c.role == "references"), None)
    terms = [t for t in terms if t not in text]
    places = text_blocks(st)
    if refs is None or not terms or not places:
        return None
    by_clause: dict[str, tuple] = {}
    for c, b in places:
        by_clause.setdefault(c.number, (c, b))
    chosen = rng.sample(sorted(by_clause), min(len(terms), len(by_clause)))
    picks = sorted(((by_clause[n], t) for n, t in zip(chosen, terms)), key=lambda x: x[0][1].line, reverse=True)
    lines = text.split("\n")
    for (c, b), term in picks:
        _append(lines, b.line, f"其中涉及{term}。")
    lines.insert(refs.line, reference)   # right under the chapter title: a listed entry, whatever the lead-in
    return "\n".join(lines), [(c.locator, term) for (c, _), term in picks]
