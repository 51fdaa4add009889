"""Chinese word segmentation for search, through jieba's own cut functions.

jieba's dictionary costs about 0.6 s to load, so it is loaded once per process
and only when some text is actually segmented (importing this module loads
nothing). `jieba.analyse` is never imported: its IDF table is not needed.

Each index has a user dictionary generated from the graph's own labels, so that
城市智能中枢 and 数据流通利用设施 are single words; segmentation is in
*search mode*: a long word is followed by every dictionary word inside it
(城市智能中枢 → 城市智能中枢, 城市, 智能, 中枢), so a query for a part matches
the whole and the whole matches best.
"""
from __future__ import annotations

import hashlib
import re
import threading
from functools import lru_cache
from typing import Iterable, NamedTuple

from .normalize import NOT_WORD, WORD_CHAR, normalize_text
from loaders.han import HAN_CHAR
from loaders.jieba_dictionary import default_tokenizer

_ASCII_WORD = re.compile(r"^[a-z]+$")
# Function words that match almost everything: dropped on both sides.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 等 是 在 对 为 以 其 之 并 且 而 于 由 将 被 把 该 各 个 也 都 就 又 中 上 下 "
    "a an and are as at be by for from in into is it of on or that the this to with".split()
)
MIN_WORD, MAX_WORD = 2, 24
# A label word must beat any split of itself wherever it occurs, not just alone.
USER_WORD_FREQ = 2000

_lock = threading.Lock()
_base = None                      # jieba.Tokenizer holding the default dictionary
_segmenters: dict[str, "Segmenter"] = {}


def _base_tokenizer():
    """Return the process-wide jieba tokenizer with jieba's default dictionary (loaded once)."""
    global _base
    with _lock:
        if _base is None:
            # jieba's own default tokenizer, which the loaders cut labels and titles with:
            # one dictionary load per process, not one for them and one for search
            _base = default_tokenizer()
    return _base


def jieba_loaded() -> bool:
    """True once this process has paid for jieba's dictionary."""
    return _base is not None


def dictionary_words(labels: Iterable[str]) -> list[str]:
    """Return the user-dictionary words of `labels`: each label's Chinese pieces between
    punctuation and spaces, 2–24 characters, lower case, sorted."""
    words = set()
    for label in labels:
        # split before normalizing: normalization would join `城市全域数字化转型 技术参考模型`
        for piece in NOT_WORD.split(" ".join(normalize_text(part) for part in str(label).split())):
            if MIN_WORD <= len(piece) <= MAX_WORD and HAN_CHAR.search(piece):
                words.add(piece)
    return sorted(words)


def dictionary_key(words: Iterable[str]) -> str:
    """A short hash naming a user dictionary."""
    return hashlib.sha1("\n".join(words).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _stemmer():
    import tantivy

    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.stemmer("english")).build()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return an English word's Snowball stem (`twins` → `twin`); other words unchanged."""
    if len(word) <= 3 or not _ASCII_WORD.match(word):
        return word
    return (_stemmer().analyze(word) or [word])[0]


class Unit(NamedTuple):
    """A word of a text and the index terms inside it; `run` marks a run of single
    characters that are no dictionary word (its parts are its character pairs)."""

    word: str
    parts: list[str]
    run: bool


def _flush_run(run: list[str], units: list[Unit]) -> None:
    if len(run) == 1:
        units.append(Unit(run[0], [], False))
    elif run:
        units.append(Unit("".join(run), [run[i] + run[i + 1] for i in range(len(run) - 1)], True))
    run.clear()


class Segmenter:
    """jieba's default dictionary plus one user dictionary; turns text into search tokens."""

    def __init__(self, words: Iterable[str]):
        import jieba

        base = _base_tokenizer()
        tokenizer = jieba.Tokenizer()
        # A copy of the loaded dictionary (≈ 50 ms) instead of a second 0.6 s load.
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(base.FREQ), base.total, True
        self.words = list(words)
        for word in self.words:
            tokenizer.add_word(word, max(USER_WORD_FREQ, tokenizer.FREQ.get(word) or 0))
        # jieba adds each user word's frequency to the total, which would shift every path's
        # probability: keep the total, so a text holding none of the user words is segmented
        # exactly as before (an index group is re-segmented only when its own words change)
        tokenizer.total = base.total
        self._tokenizer = tokenizer
        self._freq = tokenizer.FREQ
        self._pos = None

    def units(self, text: str) -> list[Unit]:
        """Return the words of `text` (normalized), each with the index terms inside it:
        the dictionary words it contains (search mode: 城市智能中枢 → 城市, 智能, 中枢).
        Punctuation, spaces and stop words are dropped.

        A run of single characters that are no dictionary word (一表通 → 一 表 通) is one
        unit whose parts are its characters and character pairs (一表, 表通), so an
        unknown word still matches as a sequence rather than as scattered characters.
        """
        units: list[Unit] = []
        run: list[str] = []
        for word in self._tokenizer.cut(normalize_text(text), HMM=False):
            if len(word) == 1 and HAN_CHAR.match(word) and word not in STOP_WORDS:
                run.append(word)
                continue
            _flush_run(run, units)
            if not WORD_CHAR.search(word) or word in STOP_WORDS:
                continue
            units.append(Unit(word, self._parts(word), False))
        _flush_run(run, units)
        return units

    def _parts(self, word: str) -> list[str]:
        """The index terms inside a long Chinese word: the dictionary words it contains, longest
        first, then the character pairs of each stretch no such word covers — 产城融合发展 gives
        融合, 发展 and 产城, so a query for 产城融合 finds it."""
        n = len(word)
        if n <= MIN_WORD or not HAN_CHAR.search(word):
            return []
        parts, covered = [], [False] * n
        for size in range(n - 1, MIN_WORD - 1, -1):
            for i in range(n - size + 1):
                part = word[i:i + size]
                if self._freq.get(part) and part not in STOP_WORDS:
                    parts.append(part)
                    covered[i:i + size] = [True] * size
        i = 0
        while i < n:
            j = i
            while j < n and not covered[j]:
                j += 1
            stretch = word[i:j]
            if len(stretch) == 1 and 0 < i:
                stretch = word[i - 1:j]         # a lone character joins the one before it
            elif len(stretch) == 1 and j < n:
                stretch = word[i:j + 1]
            parts += [stretch[k:k + 2] for k in range(len(stretch) - 1)
                      if HAN_CHAR.match(stretch[k]) and HAN_CHAR.match(stretch[k + 1])]
            i = max(j, i + 1)
        return list(dict.fromkeys(parts))

    def words_of(self, text: str) -> list[str]:
        """Return the index terms of `text` before stemming: each word then its parts (a run
        of single characters gives its characters and their pairs)."""
        out = []
        for unit in self.units(text):
            out.extend(unit.word if unit.run else [unit.word])
            out.extend(unit.parts)
        return out

    def places(self, text: str) -> list[tuple[int, str]]:
        """(position, word) of each place name jieba's tagger finds in `text` (as given, not
        normalized): a city or region a question may ask about (深圳, 杭州市)."""
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self._tokenizer)
        found, at = [], 0
        for pair in self._pos.cut(text, HMM=False):
            start = text.find(pair.word, at)
            at = start + len(pair.word) if start >= 0 else at
            if pair.flag == "ns" and len(pair.word) >= 2 and start >= 0:
                found.append((start, pair.word))
        return found

    def tokens(self, text: str) -> list[str]:
        """Return the index terms of `text`: its search-mode words, English words stemmed."""
        return [stem(w) for w in self.words_of(text)]

    def query_words(self, text: str, known) -> list[list[str]]:
        """Return the words to look up for a query, one group per word of it: the word itself
        when the index knows it (`known(stem(word))` is true), else its parts — a long word
        missing from the index still matches through its pieces, and a known word does not
        drag in every document that merely shares a piece of it. Single letters and digits
        are dropped (`7.2.9` is looked up as a clause number, not as 7, 2 and 9). Words are
        as written (stem them to get index terms)."""
        groups: list[list[str]] = []
        for unit in self.units(text):
            if unit.run or (unit.parts and not known(stem(unit.word))):
                group = unit.parts
            elif len(unit.word) == 1 and unit.word.isascii():
                continue
            else:
                group = [unit.word]
            if group and group not in groups:
                groups.append(list(group))
        return groups

def segmenter(words: Iterable[str]) -> Segmenter:
    """Return the process-wide Segmenter for this user dictionary (built on first use)."""
    words = list(words)
    key = dictionary_key(words)
    with _lock:
        found = _segmenters.get(key)
    if found is None:
        found = Segmenter(words)
        with _lock:
            found = _segmenters.setdefault(key, found)
    return found
