"""How alike two Chinese labels or titles are: normalized keys, jieba tokens, overlap scores.

The same notion is printed differently by different documents: `感知基础设施标准`
in the guide, `感知设施` in the model, `安全与保障` in 004, `城市数字底座` next to
`数字底座`. `label_key` removes the differences that never change meaning;
`head_key` also drops a generic head noun (体系, 层) that turns a notion into
"the system of" or "the layer of" it; `content_words` gives the words of a
title or note that say what it covers, for overlap scores. jieba is loaded
once, on first use. Used by loaders/alignment.py and loaders/coverage.py.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from .han import HAN, HAN_CHAR, HAN_RUN
from .jieba_dictionary import default_tokenizer

_PARENTHETICAL = re.compile(r"[（(][^（）()]*[）)]\s*$")
_PUNCT = re.compile(r"[\s\u3000、，。；：:;,.!！?？“”\"'‘’《》〈〉<>【】\[\]（）()·•/／\-—–_]+")
# A conjunction between two words of a short label (安全与保障, 数据治理与管理).
_CONJUNCTION = re.compile(rf"(?<=[{HAN}])(?:与|和|及|以及)(?=[{HAN}])")
_TRAILING = ("标准", "相关标准")
_PREFIXES = ("城市",)
# Generic head nouns: 安全保障体系 is the system of 安全保障, 数据层 the layer of 数据.
_HEADS = ("体系", "层")
# Phrases that name the field every title and note is in, not what it covers;
# removed from the text before it is cut into words.
DOMAIN_PHRASES = ("城市全域数字化转型", "城市数字化转型", "数字化转型", "智慧城市", "新型智慧城市",
                  "信息安全技术", "网络安全技术", "数据安全技术", "信息技术服务", "信息技术")
# Words that say what kind of document a title is, not what it covers.
STOP_WORDS = frozenset({
    "标准", "城市", "全域", "第", "部分", "要求", "基本", "指南", "指引", "导则", "规范", "方法", "技术",
    "通用", "相关", "建设", "主要", "包括", "包含", "规定", "提供", "等", "和", "与", "及", "以及", "的",
    "或", "其他", "方面", "各类", "进行", "实现", "开展",
})


def label_key(label: str) -> str:
    """The label with every difference that never changes meaning removed.

    Full-width forms become half-width (NFKC), a trailing parenthetical, white
    space, punctuation and a trailing 标准 go, a leading 城市 goes when a word of
    two characters or more remains, 基础设施 is written 设施 and a conjunction
    joining two words (安全与保障) is dropped. Returns "" for an empty label.
    """
    text = unicodedata.normalize("NFKC", label or "").strip()
    text = _PARENTHETICAL.sub("", text)
    text = _PUNCT.sub("", text)
    changed = True
    while changed:
        changed = False
        for suffix in _TRAILING:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text, changed = text[: -len(suffix)], True
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) >= len(prefix) + 2:
            text = text[len(prefix):]
    text = text.replace("基础设施", "设施")
    return _CONJUNCTION.sub("", text)


def head_key(key: str) -> str:
    """A `label_key` without its generic head noun (安全保障体系 → 安全保障, 数据层 → 数据)."""
    for head in _HEADS:
        if key.endswith(head) and len(key) >= len(head) + 2:
            return key[: -len(head)]
    return key


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    default_tokenizer()   # jieba.lcut cuts with it: its dictionary read from the pickled table
    return jieba


def words(text: str) -> tuple[str, ...]:
    """The words of `text` in order (jieba, precise mode): CJK words and numbers, no punctuation.

    基础设施 is written 设施, as in `label_key`.
    """
    return _words(unicodedata.normalize("NFKC", text or "").replace("基础设施", "设施"), False)


@lru_cache(maxsize=8192)
def _words(text: str, search: bool) -> tuple[str, ...]:
    cut = _jieba().lcut_for_search if search else _jieba().lcut
    return tuple(w for w in (w.strip() for w in cut(text))
                 if w and re.fullmatch(rf"[{HAN}A-Za-z0-9.]+", w))


def key_words(key: str) -> frozenset[str]:
    """The words of a `label_key` that carry meaning: single characters (与, 的) are dropped."""
    return frozenset(w for w in words(key) if len(w) >= 2)


@lru_cache(maxsize=65536)   # coverage scores every title against every node's words: cut each text once
def content_words(text: str) -> frozenset[str]:
    """The words of a title or note that say what it covers.

    DOMAIN_PHRASES are removed first; the rest is cut in jieba's search mode
    (so 参考模型 also gives 参考 and 模型, 信息安全 gives 信息 and 安全), and
    single characters, Latin-only words and STOP_WORDS are dropped.
    """
    text = unicodedata.normalize("NFKC", text or "")
    for phrase in sorted(DOMAIN_PHRASES, key=len, reverse=True):
        text = text.replace(phrase, " ")
    text = text.replace("基础设施", "设施")
    return frozenset(w for w in _words(text, True)
                     if len(w) >= 2 and w not in STOP_WORDS and HAN_CHAR.search(w))


@lru_cache(maxsize=65536)
def core_phrases(text: str) -> tuple[str, ...]:
    """The runs of consecutive content words of a title, as printed (`城市感知体系建设导则` → 感知体系).

    DOMAIN_PHRASES, STOP_WORDS and punctuation split the title; runs shorter
    than two characters are dropped.
    """
    text = unicodedata.normalize("NFKC", text or "")
    for phrase in sorted(DOMAIN_PHRASES, key=len, reverse=True):
        text = text.replace(phrase, " ")
    runs, current = [], ""
    for w in _jieba().lcut(text):
        if HAN_RUN.fullmatch(w) and w not in STOP_WORDS:
            current += w
        else:
            runs.append(current)
            current = ""
    runs.append(current)
    return tuple(r for r in runs if len(r) >= 2)


def weighted_dice(a: frozenset[str], b: frozenset[str], weight=len) -> float:
    """Dice coefficient of two word sets, each word counting `weight(word)` (its length by default).

    Returns 0 when either set is empty. With the length as weight a long shared
    word (数据安全) counts for more than a short extra one (保护).
    """
    size_a, size_b = sum(map(weight, a)), sum(map(weight, b))
    if not size_a or not size_b:
        return 0.0
    return 2 * sum(map(weight, a & b)) / (size_a + size_b)
