"""Choose the intent of a question: the rules whose cue words it contains and whose
kinds of things it names, most specific first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .intents import IntentRule, Slot
from .label_index import Candidate, expand
from .linking import Mention



@dataclass
class Binding:
    """A slot of a rule filled by a mention of the question."""

    slot: Slot
    mention: Mention
    candidates: list[Candidate]


@dataclass
class Choice:
    """One way to read the question: a rule, its filled slots and the cue words that matched."""

    rule: IntentRule
    bindings: list[Binding]
    cues: list[str] = field(default_factory=list)
    unused: list[Mention] = field(default_factory=list)
    rebound: bool = False   # its first slot bound to the thing a cue stands next to, not to the best-named thing

    @property
    def rank(self) -> tuple:
        filled = len(self.bindings)
        exact = all(max(c.score for c in b.candidates) >= EXACT for b in self.bindings)
        # a reading that leaves a named thing unexplained is worse than one that uses it
        left = len([m for m in self.unused if not m.is_frame and "document" not in m.kinds and not m.partial])
        return (len(self.rule.cues) + filled, not self.rebound, exact, -left, -self.rule.line)

    def binding(self, param: str) -> Binding | None:
        return next((b for b in self.bindings if b.slot.param == param), None)


THING = "◆"
EXACT = 0.8          # a binding scored below this came from a partial name
# What may stand between a thing and the cue next to it: `技术参考模型中引用了`, `does GB/T X cite`.
_GAP_ZH = ("[\\s的中里面内所已经还都将了是对该本这个份项部条款节章《》「」『』“”\"]{0,3}"   # 《◆》代替: the title's marks too
           # ◆发布后替代, ◆国标发布实施后建议代替: when the thing does it, said between
           "(?:(?:国标|标准)?(?:正式)?(?:发布|实施|发布实施|生效)(?:后|以后|之后)(?:建议|将|拟|会)?)?")
_GAP_EN = r"(?:\s+[a-z]+){0,2}\s*"


@lru_cache(maxsize=4096)
def _cue_pattern(word: str) -> re.Pattern:
    """The regex of one cue: ◆ stands for any thing the question names, with a short gap
    allowed on the side where the cue has words; English cues match whole words."""
    bare = word.replace(THING, "")
    english = bool(bare) and bare.isascii()
    gap = _GAP_EN if english else _GAP_ZH
    parts = [p.strip() if english else p for p in word.split(THING)]
    pattern = re.escape(parts[0])
    for before, after in zip(parts, parts[1:]):
        pattern += (gap if before else "") + re.escape(THING) + (gap if after else "") + re.escape(after)
    if english:
        pattern = r"(?<![a-z0-9])" + pattern + r"(?![a-z0-9])"
    return re.compile(pattern)


@lru_cache(maxsize=4096)
def _cue_parts(word: str) -> tuple[str, ...]:
    """What any match of a cue's pattern holds as written: its words around ◆, and ◆ itself."""
    english = word.replace(THING, "").isascii()
    parts = tuple(p for p in ((x.strip() if english else x) for x in word.split(THING)) if p)
    return parts + ((THING,) if THING in word else ())


def cue_found(word: str, text: str, at: set[int] | None = None) -> bool:
    """Whether a cue word occurs in the (masked) question; with `at`, a cue with ◆ must
    have its ◆ at one of these positions (the thing the question is about)."""
    if word.startswith("几"):
        # 哪几 asks which, 第几 asks where: neither asks how many
        return any(text[i - 1:i] not in ("哪", "第") for i in _find_all(text, word))
    if THING not in word and not (word and word.isascii()):
        return word in text
    if not all(part in text for part in _cue_parts(word)):
        return False   # a word of the cue is not in the question: no need to run its pattern
    for m in _cue_pattern(word).finditer(text):
        if at is None or THING not in word or text.find(THING, m.start()) in at:
            return True
    return False


def _find_all(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


@dataclass(frozen=True)
class _CueGroup:
    """One cue group as _match_cues tries it: its words longest first, each with whether cue_found must
    read it (else it is a plain substring) and whether the raw question may hold it (a word with digits,
    no ◆); and what tells at once that no word of it is there."""

    words: tuple[tuple[str, bool, bool], ...]
    plain: re.Pattern | None       # any of the plain words
    read: bool                     # some word needs cue_found
    digits: tuple[str, ...]        # the words the raw question may hold

    def absent(self, text: str, raw: str) -> bool:
        """Whether no word of the group can match `text` (or `raw`): then the loop over its words is skipped."""
        return (not self.read and not (self.plain and self.plain.search(text))
                and not (raw and any(w in raw for w in self.digits)))


@lru_cache(maxsize=1024)
def _cue_groups(cues: tuple[tuple[str, ...], ...]) -> tuple[_CueGroup, ...]:
    """A rule's cue groups, made ready once (see _CueGroup)."""
    out = []
    for group in cues:
        words = tuple((w, w.startswith("几") or THING in w or (bool(w) and w.isascii()),
                       THING not in w and any(c.isdecimal() for c in w))
                      for w in sorted(group, key=len, reverse=True))
        plain = [w for w, read, _ in words if not read]
        out.append(_CueGroup(words, re.compile("|".join(re.escape(w) for w in plain)) if plain else None,
                             any(read for _, read, _ in words), tuple(w for w, _, d in words if d)))
    return tuple(out)


def _match_cues(rule: IntentRule, text: str, at: set[int] | None = None, raw: str = "",
                seen: dict | None = None) -> list[str] | None:
    """The cue word of each of the rule's groups found in `text` (longest first), or None when a group has
    none; `seen` keeps what cue_found said of a word in this `text` at `at` (rules share cue words)."""
    where = frozenset(at) if at is not None else None
    found = []
    for group in _cue_groups(rule.cues):
        if group.absent(text, raw):
            return None
        hit = None
        for w, read, digits in group.words:
            if read:
                if seen is None:
                    there = cue_found(w, text, at)
                else:
                    there = seen.get((w, where))
                    if there is None:
                        there = seen[(w, where)] = cue_found(w, text, at)
            else:
                there = w in text
            if there or (raw and digits and w in raw):
                hit = w
                break
        if hit is None:
            return None
        found.append(hit)
    return found


def _fill(slots: tuple[Slot, ...], mentions: list[Mention],
          prefer: Mention | None = None) -> tuple[list[Binding], list[Mention]] | None:
    """Bind each slot to the best unused mention of one of its kinds (`prefer` first where it fits); None
    if a required slot stays empty."""
    used: set[int] = set()
    bindings = []
    for slot in slots:
        best = None
        bound_types = {t for b in bindings for c in b.candidates for t in c.classes}
        for i, m in enumerate(mentions):
            if i in used:
                continue
            cands = m.of_kinds(slot.kinds)
            if not cands:
                continue
            if cands[0].kind == "class" and expand(cands[0].value) in bound_types:
                continue  # 城市数字底座能力域: the word only says what the thing is
            # the thing counted or listed is usually named last (X有多少个能力项)
            position = -i if cands[0].kind == "class" else i
            rank = (m is not prefer, slot.kinds.index(cands[0].kind), -cands[0].score, m.partial, position)
            if best is None or rank < best[0]:
                best = (rank, i, cands)
        if best is None:
            if slot.optional:
                continue
            return None
        used.add(best[1])
        bindings.append(Binding(slot, mentions[best[1]], best[2]))
    unused = [m for i, m in enumerate(mentions) if i not in used]
    return bindings, unused


def choices(rules: list[IntentRule], mentions: list[Mention], masked_text: str,
            marks: dict[int, Mention] | None = None, raw: str = "") -> list[Choice]:
    """Every rule the question satisfies, best first.

    A cue with ◆ must stand next to the thing bound to the rule's first slot
    (`技术参考模型7.5条引用了…`: what cites is 7.5, not the document)."""
    found, seen = [], {}
    for rule in rules:
        if _match_cues(rule, masked_text, raw=raw, seen=seen) is None:
            continue
        filled = _fill(rule.slots, mentions)
        if filled is None:
            continue
        bindings, unused = filled
        at = None
        if marks is not None and bindings:
            at = {pos for pos, m in marks.items() if m is bindings[0].mention}
        cues = _match_cues(rule, masked_text, at, raw, seen)
        rebound = cues is None
        if cues is None and marks is not None:
            # ◆ 正文哪些条款引用了 ◆: the thing the cue stands next to is the one the rule is about
            for pos, m in marks.items():
                if _match_cues(rule, masked_text, {pos}, raw, seen) is None:
                    continue
                refilled = _fill(rule.slots, mentions, prefer=m)
                if refilled and refilled[0] and refilled[0][0].mention is m:
                    (bindings, unused), cues = refilled, _match_cues(rule, masked_text, {pos}, raw, seen)
                    break
        if cues is None:
            continue
        found.append(Choice(rule, bindings, cues, unused, rebound))
    found.sort(key=lambda c: c.rank, reverse=True)
    return found


def narrow_to_documents(choice: Choice) -> bool:
    """Keep, for each filled slot, the candidates from a document the question also names
    (成熟度模型中的感知设施 → the capability item, not the model element). Returns False when the
    choice names a clause that no document named has (GB/T 45308 的附录 A, where only other documents have one)."""
    docs = {c.iri for m in choice.unused for c in m.candidates if c.kind == "document" and c.iri}
    docs |= {c.iri for b in choice.bindings if b.slot.param == "doc" for c in b.candidates}
    if not docs:
        return True
    for b in choice.bindings:
        if b.slot.param == "doc" or "document" in b.slot.kinds:
            continue
        kept = [c for c in b.mention.candidates if c.kind in b.slot.kinds and c.docs & docs]
        if kept:
            b.candidates = kept
        elif b.candidates and all(c.kind == "clause" for c in b.candidates):
            return False   # a clause number means something only in its own document
    # the document mentions now did their work
    choice.unused = [m for m in choice.unused if "document" not in m.kinds]
    return True
