"""Normalization of search text and queries, shared by search and question answering.

Both sides of a match go through the same folding — NFKC (full-width → half-width),
case folding, no white space between two Chinese characters (PDF extraction and
typing both insert stray spaces) — and queries additionally go through
traditional → simplified conversion and standard-number recognition in any
spelling (`GB/T28181`, `gbt 28181`, `GB/T 28181—2022`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.standard_numbers import base_number, find_numbers, find_plan_numbers, is_placeholder
from loaders.han import HAN, HAN_CHAR, SPACE_BETWEEN_HAN

# Control and invisible format characters, and lone surrogates: never meaningful in a query or a label.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ud800-\udfff\ufeff\ufff0-\uffff]")
_SPACES = re.compile(r"\s+")
# A character of a word of normalized text (lower case): a letter, a digit or Chinese; NOT_WORD is a run of
# any other (what `compact` drops, where the segmenter splits).
WORD_CHAR = re.compile(rf"[0-9a-z{HAN}]")
NOT_WORD = re.compile(rf"[^0-9a-z{HAN}]+")
_BARE_NUMBER = re.compile(r"(?<![\w.\-/])(\d{4,6}(?:\.\d{1,3})?)(?![\w.\-/])")

MAX_QUERY_CHARS = 256


def clean(text: str) -> str:
    """Return `text` for display: control characters removed, white space collapsed, nothing else changed."""
    return _SPACES.sub(" ", _INVISIBLE.sub(" ", text or "")).strip()


def fold(text: str) -> str:
    """Return `text` NFKC-folded, without control characters, with white space collapsed
    and removed between two Chinese characters (case is kept)."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub(" ", text or ""))
    text = SPACE_BETWEEN_HAN.sub("", text)
    return _SPACES.sub(" ", text).strip()


_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=年)")
_DOTTED_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})[./年]\s*(\d{1,2})[./月]\s*(\d{1,2})日?(?![\d.])")


def spell_numbers(text: str) -> str:
    """Return `text` with years and dates in one spelling: `二〇二七年` → `2027年`,
    `2025.4.24` and `2025年4月24日` → `2025-04-24`."""
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGIT[c] for c in m.group(0)), text)
    return _DOTTED_DATE.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", text)


def normalize_text(text: str) -> str:
    """Return indexed text folded and lower-cased: what the segmenter reads on the index side."""
    return fold(text).lower()


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # loaded on first use: most commands never convert

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _convertible() -> frozenset[str]:
    """Every character an entry of the t2s dictionaries changes (of a phrase, the characters where it
    differs from what it becomes, so 一 of 一目瞭然 is not one): a text holding none of them is its
    own simplified form, whatever entries match in it. With every character of a changing phrase, the
    common ones (一, 不, 中, 有…) sent nearly every text through opencc's pure-Python converter."""
    chars = set()
    for _, _, entries in _t2s().dict_cache.values():
        for key, value in entries.items():
            first = value.split(" ")[0]     # the converter writes an entry's first form
            if len(first) == len(key):
                chars.update(k for k, v in zip(key, first) if k != v)
            else:
                chars.update(key)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Return `text` with traditional Chinese characters converted to simplified ones."""
    # opencc's converter is pure Python: most of the cost of indexing a record before this test
    if not HAN_CHAR.search(text) or _convertible().isdisjoint(text):
        return text
    return _t2s().convert(text)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def is_traditional(text: str) -> bool:
    """Whether `text` is written in traditional characters (it changes when simplified)."""
    return bool(HAN_CHAR.search(text or "")) and to_simplified(text) != text


def to_traditional(text: str) -> str:
    """Return `text` with simplified Chinese characters converted to traditional ones."""
    return _s2t().convert(text) if HAN_CHAR.search(text or "") else text


@lru_cache(maxsize=16384)
def compact(text: str) -> str:
    """Return the comparison key of a label: folded, simplified, lower case, letters,
    digits and Chinese characters only (`Digital Twin` → `digitaltwin`)."""
    return NOT_WORD.sub("", to_simplified(fold(text)).lower())


SAME_TEXT_CHARS = 24
_MARKER = re.compile(r"^\s*(?:[a-z]\)|\d+\))\s*")


def same_text_key(label: str, body: str) -> str:
    """Return what says two search hits show the same text: the compacted body without its list
    marker; a short body, a description many records share (全国数据标准化技术委员会技术文件),
    with the label, which tells them apart. Worked out when indexing: simplifying a long body at
    query time cost most of a search."""
    text = compact(_MARKER.sub("", body or ""))
    return text if len(text) >= SAME_TEXT_CHARS else compact(label or "") + "|" + text


def code_key(text: str) -> str:
    """Return the comparison key of a clause number, notation or locator: folded, lower
    case, without white space (`7.3.1 d)` → `7.3.1d)`, `表 5` → `表5`)."""
    return re.sub(r"\s+", "", fold(text).lower())


def number_keys(number: str) -> list[str]:
    """Return the index keys of one normalized standard number: the full number, its base
    number and its bare digits (`GB/T 28181-2022` → `gb/t28181-2022`, `gb/t28181`, `#28181`;
    a part number also gives its series: `GB/T 34680.1` → … `#34680.1`, `#34680`)."""
    if is_placeholder(number):
        return []
    full = number.replace(" ", "").lower()
    base = base_number(number).replace(" ", "").lower()
    digits = re.sub(r"^[^\d]*", "", base)
    keys = [full]
    if base != full:
        keys.append(base)
    if digits:
        keys.append("#" + digits)
        series = re.match(r"\d+", digits).group(0)  # `34680` for every part of GB/T 34680
        if series != digits:
            keys.append("#" + series)
    return keys


@dataclass
class NormalizedQuery:
    """A query made ready for search: its text part and the numbers it names."""

    raw: str
    text: str                                              # folded, simplified, lower case, numbers removed
    numbers: list[str] = field(default_factory=list)       # normalized standard numbers, as found
    plan_numbers: list[str] = field(default_factory=list)  # `20250317-T-469`
    bare_numbers: list[str] = field(default_factory=list)  # `28181` typed without a prefix (also in text)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not (self.text or self.numbers or self.plan_numbers or self.bare_numbers)

    @property
    def exact(self) -> str:
        """The compact form of the whole query, compared with compact labels."""
        return compact(self.text)


def normalize_query(raw: str) -> NormalizedQuery:
    """Return the NormalizedQuery of what a user typed (never raises on odd input).

    Standard and plan numbers are taken out of the text: they are matched as
    numbers, not as words. Bare digits (`28181`) stay in the text and are also
    matched as number bodies. A query longer than MAX_QUERY_CHARS is cut there.
    """
    raw = raw if isinstance(raw, str) else str(raw or "")
    text = fold(raw)
    truncated = len(text) > MAX_QUERY_CHARS
    text = to_simplified(text[:MAX_QUERY_CHARS])
    numbers: list[str] = []
    for found in reversed(find_numbers(text)):
        if not found.is_placeholder and found.number not in numbers:
            numbers.insert(0, found.number)
        text = text[:found.start] + " " + text[found.end:]
    plans = find_plan_numbers(text)
    for plan in plans:
        text = text.replace(plan, " ")
    bare = _BARE_NUMBER.findall(text)  # kept in the text too: `2027` is also a year in prose
    text = _SPACES.sub(" ", text).strip().lower()
    if not WORD_CHAR.search(text):
        text = ""       # only punctuation and symbols: nothing to look up
    return NormalizedQuery(raw=raw, text=text, numbers=numbers,
                           plan_numbers=list(dict.fromkeys(plans)), bare_numbers=list(dict.fromkeys(bare)),
                           truncated=truncated)
