"""Find the things a question names: standard numbers, clause numbers, then every
graph name by longest match, then partial names among jieba's words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.standard_numbers import base_number, find_numbers, find_plan_numbers, other_force, year_of

from .label_index import Candidate, LabelIndex
from loaders.han import HAN_CHAR

THING = "◆"
# Kinds that are words of the question's frame (a class, a verbal form), not things in it.
FRAME_KINDS = frozenset({"class", "modality"})
_ASCII_CHAR = re.compile(r"[a-z0-9]")
# 7.2.9, A.1, 第7章, 7条; not a year, not part of a longer number.
_CLAUSE = re.compile(
    r"(?<![0-9a-z.])((?:[1-9]\d?|[a-h])(?:\.\d{1,2}){1,4}|[1-9]\d?(?=\s*[章条节]))(?![0-9a-z.])",
    re.IGNORECASE,
)
# an annex named by its letter alone (附录 A); A.1 is a clause number above
_ANNEX = re.compile(r"附录\s*([a-z])(?![0-9a-z.])", re.IGNORECASE)
# a group code run into its number: the letters are the code, the digits begin the number
_GLUED_CODE = re.compile(r"^([TQ]/[A-Z]+)(\d+) (\S+)$")   # T/TAF083-2022, Q/CIB4052.2: the code ends at the digits
# a standard named by its serial alone (809这个标准, 35397 的起草人, 4052.2 和 4052.4): three digits or more with
# its part numbers, neither inside a longer number or word nor a year, count or clause number
_SERIAL = re.compile(r"(?<![0-9A-Za-z_./\-—])(\d{3,6}(?:\.\d{1,4})*)(?![0-9A-Za-z_.\-—]|\s*[年月日个项条款章节次级分%％])")
DRAFTING_RULES = "GB/T 1.1"   # the standard every standard says it was drafted to (its foreword)
PARTIAL_SCORE = 0.75
VARIANT_SCORE = 0.85   # a standard number written with the other force (GB for GB/T)
MIN_SHARE = 0.5
PREFIX_KINDS = frozenset({"organization", "concept", "scheme", "document"})  # often shortened to their start
SUFFIX_KINDS = frozenset({"concept", "framework_node", "document", "scheme"})  # …or to their end
MIN_PARTIAL_HAN, MIN_PARTIAL_ASCII = 2, 3


@dataclass
class Mention:
    """A stretch of the question and everything it may name."""

    start: int
    end: int
    text: str
    candidates: list[Candidate] = field(default_factory=list)
    partial: bool = False

    @property
    def kinds(self) -> set[str]:
        return {c.kind for c in self.candidates}

    @property
    def is_frame(self) -> bool:
        """A class word or a verbal form: part of how the question is asked."""
        return bool(self.candidates) and self.kinds <= FRAME_KINDS

    def of_kinds(self, kinds: tuple[str, ...]) -> list[Candidate]:
        """The best-named candidates of any of `kinds` (several when a name is shared)."""
        found = [c for c in self.candidates if c.kind in kinds]
        if not found:
            return []
        top = max(c.score for c in found)
        found = [c for c in found if c.score >= top - 1e-9]
        return sorted(found, key=lambda c: kinds.index(c.kind))


@dataclass
class Linked:
    mentions: list[Mention]
    unknown_numbers: list[str]


def _free(covered: list[bool], start: int, end: int) -> bool:
    return not any(covered[start:end])


def _cover(covered: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        covered[i] = True


def _word_bounded(text: str, start: int, end: int) -> bool:
    """An ASCII name must not start or end inside an ASCII word (`ai` in `detail`)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _ASCII_CHAR.match(before) and not _ASCII_CHAR.match(after)


def _numbers(key: str, index: LabelIndex, covered: list[bool], unknown: list[str]) -> list[Mention]:
    found = []
    for n in find_numbers(key):
        if n.is_placeholder:
            continue
        number = n.number
        glued = _GLUED_CODE.sub(r"\1 \2\3", number)   # T/TAF083-2022 read as T/TAF08 3-2022
        if glued != number and number not in index.numbers and number not in index.bases and (
                glued in index.numbers or glued in index.bases):
            number = glued
        cands = list(index.numbers.get(number, []))
        if not cands:   # GB 39046-2020 for GB/T 39046-2020: the number the corpus has, less sure
            cands = [Candidate(c.kind, c.iri, c.value, c.label, VARIANT_SCORE, c.docs, c.classes)
                     for c in index.numbers.get(other_force(number) or "", [])]
        if year_of(number) is None:  # an undated number names every edition too, the one in the corpus first
            known = {c.iri for c in cands}
            held = {d for d, _ in index.titles}
            editions = sorted((Candidate(c.kind, c.iri, c.value, c.label, 0.95, c.docs, c.classes)
                               for c in index.bases.get(number, []) if c.iri not in known),
                              key=lambda c: c.iri not in held)
            if editions and editions[0].iri in held and not known & held:
                # GB/T 22373 when the corpus holds GB/T 22373-2021: that edition, before the bare number it cites
                first = editions.pop(0)
                cands = [Candidate(first.kind, first.iri, first.value, first.label, 1.0, first.docs, first.classes),
                         *(Candidate(c.kind, c.iri, c.value, c.label, 0.95, c.docs, c.classes) for c in cands)]
            cands += editions
        if not cands:
            unknown.append(number)
        found.append(Mention(n.start, n.end, key[n.start:n.end], cands))
        _cover(covered, n.start, n.end)
    for m in _SERIAL.finditer(key):
        if not _free(covered, m.start(1), m.end(1)):
            continue
        cands = index.serials.get(m.group(1), [])
        if len({c.iri for c in cands}) == 1:   # the serial of exactly one document the corpus holds
            found.append(Mention(m.start(1), m.end(1), m.group(1),
                                 [Candidate(c.kind, c.iri, c.value, c.label, PARTIAL_SCORE, c.docs, c.classes)
                                  for c in cands[:1]]))
            _cover(covered, m.start(1), m.end(1))
    for plan in find_plan_numbers(key.upper()):
        start = key.find(plan.lower())
        if start < 0 or not _free(covered, start, start + len(plan)):
            continue
        cands = list(index.numbers.get(plan.upper(), []) or index.numbers.get(plan, []))
        if not cands:
            unknown.append(plan)
        found.append(Mention(start, start + len(plan), plan, cands))
        _cover(covered, start, start + len(plan))
    return found


def _clauses(key: str, index: LabelIndex, covered: list[bool]) -> list[Mention]:
    found = []
    for m in [*_CLAUSE.finditer(key), *_ANNEX.finditer(key)]:
        number = m.group(1).upper()
        if not _free(covered, m.start(), m.end()):
            continue
        cands = list(index.clauses.get(number, [])) + list(index.names.get(key[m.start(1):m.end(1)], []))
        if cands:
            found.append(Mention(m.start(), m.end(), key[m.start():m.end()], list(cands)))
            _cover(covered, m.start(), m.end())
    return found


_QUOTES_BEFORE = "“‘\"'「『【《(（"
_FORM_AFTER = "的类字条型性”’\"'」』】》)）"


def _stands_alone(key: str, i: int, cands: list[Candidate]) -> bool:
    """A one-character word (`应`, `宜`, `可`, `层`) counts only where it is used as a word:
    quoted, or followed by 的/类/条…, or a class word after 几/哪/各 (几层, 哪一层)."""
    before = key[i - 1] if i > 0 else ""
    after = key[i + 1] if i + 1 < len(key) else ""
    if any(c.kind == "modality" for c in cands):
        return before in _QUOTES_BEFORE and before != "" or after in _FORM_AFTER and after != ""
    return before in "几哪每各" or key[max(0, i - 2):i] in ("哪一", "哪个", "几个", "多少", "哪些", "这些", "各个")


def _longest_cue(key: str, i: int, cues_by_start: dict[str, list[str]]) -> int:
    return next((len(c) for c in cues_by_start.get(key[i], ()) if key.startswith(c, i)), 0)


def _names(key: str, index: LabelIndex, covered: list[bool],
           cues_by_start: dict[str, list[str]] | None = None) -> list[Mention]:
    found, i, n = [], 0, len(key)
    cues_by_start = cues_by_start or {}
    while i < n:
        if covered[i] or key[i].isspace():
            i += 1
            continue
        hit = None
        for j in range(min(n, i + index.max_len), i, -1):
            if covered[j - 1]:
                continue
            cands = index.names.get(key[i:j])
            if cands and _free(covered, i, j):
                if not HAN_CHAR.search(key[i:j]) and not _word_bounded(key, i, j):
                    continue
                if j - i == 1 and not _stands_alone(key, i, cands):
                    continue
                hit = Mention(i, j, key[i:j], list(cands))
                break
        # a longer stretch that is part of one thing's name beats a short whole name inside it
        # (数据资源标准 → 城市数据资源标准, not 数据)
        shortest = (hit.end - i if hit else 0) + 2
        # a part starts at a word, never at an opening mark (《城市全域… is the start of a title, not a part)
        for j in range(min(n, i + index.max_part) if key[i].isalnum() else i, i + max(shortest, 4) - 1, -1):
            if key[i:j] in index.parts and _free(covered, i, j) and HAN_CHAR.search(key[i:j]):
                cands = partial_candidates(index, key[i:j], set())
                if cands:
                    hit = Mention(i, j, key[i:j], cands, partial=True)
                    break
        cue = _longest_cue(key, i, cues_by_start)
        if hit and cue > hit.end - hit.start:
            i += cue  # 技术委员会 asks about a committee: the 技术 inside names nothing
            continue
        if hit:
            found.append(hit)
            _cover(covered, hit.start, hit.end)
            i = hit.end
        else:
            i += 1
    return found


def partial_candidates(index: LabelIndex, text: str, have: set[str]) -> list[Candidate]:
    """Things whose name contains `text`, for kinds where exactly one thing does."""
    out = []
    for kind, pairs in index.containing(text).items():
        if kind in have or kind in FRAME_KINDS:
            continue
        # a part stands for the whole if it is a good share of it, or where such names are
        # shortened: their start (华为 → 华为技术有限公司) or their end (概念模型 → 城市全域数字化转型概念模型)
        pairs = [(name, c) for name, c in pairs
                 if (len(text) >= 3 and len(text) / len(name) >= MIN_SHARE)
                 or (name.startswith(text) and kind in PREFIX_KINDS)
                 or (name.endswith(text) and kind in SUFFIX_KINDS and len(text) >= 4)]
        if not pairs:
            continue
        top = max(c.score for _, c in pairs)
        pairs = [(name, c) for name, c in pairs if c.score >= top - 1e-9]  # an ingested document's title wins
        things = {c.iri for _, c in pairs}
        if len(things) == 1:
            best = max(pairs, key=lambda p: (p[1].score, -len(p[0])))[1]
            out.append(Candidate(kind, best.iri, best.value, best.label, PARTIAL_SCORE * best.score, best.docs,
                                 best.classes))
    return out


def _long_enough(text: str) -> bool:
    han = len(HAN_CHAR.findall(text))
    return han >= MIN_PARTIAL_HAN or (han == 0 and len(text.strip()) >= MIN_PARTIAL_ASCII)


@lru_cache(maxsize=8)
def _cue_words(cues: frozenset[str]) -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """The cue words of two characters or more without ◆, longest first, and the same by their first
    character (worked out once per cue table)."""
    ordered = tuple(sorted((c for c in cues if THING not in c and len(c) >= 2), key=len, reverse=True))
    by_start: dict[str, list[str]] = {}
    for cue in ordered:
        by_start.setdefault(cue[0], []).append(cue)
    return ordered, by_start


def link(key: str, index: LabelIndex, words_of, ignore: frozenset[str],
         cues: frozenset[str] = frozenset()) -> Linked:
    """Return the mentions in `key` (a question in match_key form), left to right.

    `words_of` segments text (jieba, search mode); `ignore` are words never
    taken as partial names (cue and filler words); the `cues` found in the
    question are how it is asked, so no partial name may take their place.
    """
    covered = [False] * len(key)
    unknown: list[str] = []
    mentions = _numbers(key, index, covered, unknown)
    mentions += _clauses(key, index, covered)
    cue_list, cues_by_start = _cue_words(cues)
    mentions += _names(key, index, covered, cues_by_start)
    for m in mentions:
        if not m.is_frame and _long_enough(m.text) and m.candidates and m.candidates[0].kind != "document":
            m.candidates += partial_candidates(index, m.text, m.kinds)
    # Words no name covers may still be part of one (`华为` → 华为技术有限公司).
    blocked = list(covered)
    for cue in cue_list:
        start = key.find(cue)
        while start >= 0:
            if _free(blocked, start, start + len(cue)):
                _cover(blocked, start, start + len(cue))
            start = key.find(cue, start + 1)
    free_text = "".join(ch if not blocked[i] else " " for i, ch in enumerate(key))
    if free_text.strip():
        for word in sorted(set(words_of(free_text)), key=len, reverse=True):
            if word in ignore or not _long_enough(word):
                continue
            start = free_text.find(word)
            while start >= 0 and not _free(blocked, start, start + len(word)):
                start = free_text.find(word, start + 1)
            if start < 0:
                continue
            if not HAN_CHAR.search(word) and not _word_bounded(key, start, start + len(word)):
                continue
            cands = partial_candidates(index, word, set())
            if cands:
                mentions.append(Mention(start, start + len(word), word, cands, partial=True))
                _cover(blocked, start, start + len(word))
    mentions.sort(key=lambda m: m.start)
    return Linked(_without_drafting_rules(key, _parts_named(key, index, mentions)), unknown)


_PART = re.compile(r"\s*的?第\s*(\d+|[一二三四五六七八九十]{1,3})\s*部分")
_DIGITS = "一二三四五六七八九"


def _part_number(text: str) -> str:
    """第5部分, 第十二部分 → "5", "12"."""
    if text.isdigit():
        return text
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return str(_DIGITS.index(text) + 1) if len(text) == 1 else ""
    return str((_DIGITS.index(tens) + 1 if tens else 1) * 10 + (_DIGITS.index(ones) + 1 if ones else 0))


def _parts_named(key: str, index: LabelIndex, mentions: list[Mention]) -> list[Mention]:
    """The mentions with a series named with a part after it (证券期货业数据模型第5部分, JR/T 0176第5部分) read
    as that part of the series (JR/T 0176.5), when the corpus knows it; the words of the part then name nothing else."""
    for m in mentions:
        part = _PART.match(key, m.end)
        series = [c for c in m.candidates if c.kind == "document"]
        if not part or not series:
            continue
        numbers = find_numbers(series[0].label or "")
        if not numbers or base_number(numbers[0].number) != numbers[0].number:
            continue   # a dated edition or a part already: no series to take a part of
        cands = index.bases.get(f"{numbers[0].number}.{_part_number(part.group(1))}")
        if cands:
            m.end, m.text, m.candidates = part.end(), key[m.start:part.end()], list(cands)
            mentions = [o for o in mentions if o is m or o.end <= m.start or o.start >= m.end]
    return mentions


_DRAFTED = re.compile(r"起草|编写|drafted|drafting")


def _without_drafting_rules(key: str, mentions: list[Mention]) -> list[Mention]:
    """The mentions less GB/T 1.1 where a question asks whether, or which, other documents were drafted
    to it (…是按GB/T 1.1—2020起草的吗): there it names the rules, not the thing asked about."""
    def rules(m: Mention) -> bool:
        return any(base_number(n.number) == DRAFTING_RULES for n in find_numbers(m.text))
    if not _DRAFTED.search(key) or not any(rules(m) for m in mentions):
        return mentions
    others = [m for m in mentions if not rules(m)]
    return others if any("document" in m.kinds for m in others) else mentions


def masked(key: str, mentions: list[Mention]) -> str:
    """`key` with each thing it names replaced by ◆, so that cue words are looked for
    only in how the question is asked (`可` in 可信数据空间 is no cue) and a cue can say
    where the thing stands (`◆被` — the thing is what is replaced)."""
    return marked(key, mentions)[0]


def marked(key: str, mentions: list[Mention]) -> tuple[str, dict[int, Mention]]:
    """The masked question and, for each ◆ in it, the mention it stands for."""
    out, last, marks, length = [], 0, {}, 0
    for m in sorted((m for m in mentions if not m.is_frame), key=lambda m: m.start):
        if m.start < last:
            continue
        out.append(key[last:m.start])
        length += m.start - last
        marks[length] = m
        out.append(THING)
        length += 1
        last = m.end
    out.append(key[last:])
    return "".join(out), marks
