"""Read an English question in Chinese: the graph's own English names first, then the words of english.tsv.

The graph gives most of what an English question names — a term's English equivalent,
an abbreviation's expansion, a document's English title, the English labels of the
ontology's classes and properties — each beside its Chinese name. english.tsv adds the
words a question is asked with (how many, which, shall, include…). Every phrase is
replaced by its Chinese reading, longest first; what is left is kept only where it is a
name the graph knows (CTMM, JTC 1) or a number, so the Chinese pipeline reads the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from loaders.han import HAN, HAN_CHAR

from .intents import ASK_DIR, INDEX_DIR, template

GLOSSARY_FILE = ASK_DIR / "english.tsv"
_WORD = re.compile(r"[a-z0-9]+(?:[./][a-z0-9]+)*")
_SEPARATOR = r"[\s\-‐–—]*"
MIN_SHARE = 0.5   # an English reading is used when it covers at least this share of the question's words


@dataclass(frozen=True)
class Reading:
    """A question's Chinese reading, and how much of its English it accounts for."""

    text: str
    share: float


def read_glossary(path: Path = GLOSSARY_FILE) -> list[tuple[str, str]]:
    """The (english, chinese) pairs of english.tsv; raises ValueError naming a malformed line."""
    pairs = []
    for no, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("english\t"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) < 2 or not cols[0] or not HAN_CHAR.search(cols[1]):
            raise ValueError(f"{Path(path).name} 第 {no} 行：应有两列（英文词语、中文读法），用 Tab 分隔")
        pairs += [(e.strip().lower(), cols[1]) for e in cols[0].split("|") if e.strip()]
    return pairs


MIN_ENGLISH_WORDS = 4


def is_english(key: str) -> bool:
    """Whether a question is asked in English: no Chinese, or a few Chinese words among many English ones."""
    han = len(HAN_CHAR.findall(key))
    return han == 0 or (len(re.findall(r"[a-z]{2,}", key)) >= MIN_ENGLISH_WORDS and han <= 8)


def _pattern(phrase: str) -> str:
    words = _WORD.findall(phrase)
    return _SEPARATOR.join(re.escape(w) for w in words) + r"(?:e?s)?"


class EnglishReader:
    """Turns an English question (match_key form) into its Chinese reading."""

    def __init__(self, graph_pairs: list[tuple[str, str]], glossary: list[tuple[str, str]],
                 known: "set[str] | dict", vocabulary: list[tuple[str, str]] = ()):
        readings: dict[str, str] = {}
        # the names of things first (what documents say), then the word list, then the ontology's
        # labels of classes and properties (`draft` the status is 征求意见稿, in a question a 草案)
        for en, zh in list(graph_pairs) + list(glossary) + list(vocabulary):
            key = " ".join(_WORD.findall(en.lower()))
            if key and key not in readings:
                readings[key] = zh.replace(" ", "")
        self._readings = readings
        phrases = sorted(readings, key=lambda k: (-len(k), k))
        self._regex = re.compile(r"(?<![a-z0-9])(?:" + "|".join(f"(?P<p{i}>{_pattern(p)})" for i, p in enumerate(phrases))
                                 + r")(?![a-z0-9])") if phrases else None
        self._phrases = phrases
        self._known = known

    def read(self, key: str, original: str = "") -> Reading | None:
        """The Chinese reading of `key` (an English question, lower case), or None when the
        graph and the word list account for too little of it. Capitalised words of the
        `original` question (JTC, CTMM) are kept as names."""
        if self._regex is None or not is_english(key):
            return None
        pieces: list[str] = []
        last, read_words = 0, 0
        for m in self._regex.finditer(key):
            pieces += self._leftover(key[last:m.start()], original)
            phrase = self._phrases[int(m.lastgroup[1:])]
            pieces.append(self._readings[phrase])
            read_words += len(phrase.split())
            last = m.end()
        pieces += self._leftover(key[last:], original)
        total = len(_WORD.findall(key))
        kept = sum(len(_WORD.findall(p)) for p in pieces if not HAN_CHAR.search(p))
        if not total or not read_words:
            return None
        return Reading("，".join(self._grouped(pieces)), (read_words + kept) / total)

    def _grouped(self, pieces: list[str]) -> list[str]:
        """The pieces with each run that together is a name of the graph written as one
        (城市 数字化转型 顶层设计 指南 → 城市数字化转型顶层设计指南); other pieces stay apart, so that
        no word forms across two of them (应 城市 is no 应城市)."""
        out, i = [], 0
        while i < len(pieces):
            j = next((j for j in range(len(pieces), i + 1, -1)
                      if all(HAN_CHAR.search(p) for p in pieces[i:j]) and "".join(pieces[i:j]).lower() in self._known),
                     i + 1)
            out.append("".join(pieces[i:j]))
            i = j
        return out

    def _leftover(self, text: str, original: str) -> list[str]:
        """The words between readings worth keeping: numbers, names the graph knows, capitalised names,
        and what the question writes in Chinese (Level 3 (协同级))."""
        out = []
        for m in re.finditer(rf"[a-z0-9]+(?:[./\-][a-z0-9]+)*|[{HAN}]+", text):
            w = m.group(0)
            if HAN_CHAR.match(w):
                out.append(w)
                continue
            if any(ch.isdigit() for ch in w) or w in self._known or (
                    original and re.search(rf"(?<![A-Za-z]){re.escape(w.upper())}(?![A-Za-z])", original)
                    and len(w) >= 2):
                out.append(w)
        return out


def english_reader(graph, known) -> EnglishReader:
    """The EnglishReader of `graph`: its English names and the word list of english.tsv."""
    rows = graph.run(template("english_labels", INDEX_DIR)).records()
    names = [(str(r["en"]), str(r["zh"])) for r in rows if not str(r["p"]).endswith("#label")]
    ontology = [(str(r["en"]), str(r["zh"])) for r in rows if str(r["p"]).endswith("#label")]
    return EnglishReader(names, read_glossary(), known, ontology)
