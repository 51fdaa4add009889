"""Enumerations in a guide's running text: what a `包括…等标准` list names, item by item.

The rules, applied to every list the same way:

- A list opens after 包括 / 包含 / 主要包括 (not inside parentheses) and ends at the
  end of its sentence. What `主要规范…` describes is scope, not a list.
- The list is cut into groups at `，` `；` and `以及`. A later group belongs to the
  list when it opens with 及/以及/和, or when it enumerates itself (`、`, `等`) and
  does not open with a verb or a preposition (`，覆盖…`, `，在安全开发…`,
  `，主要反映…` end the list).
- In a group, the first `等` closes the enumeration: what precedes it is split on
  `、` (and between quoted names `“…”“…”`); what follows is dropped when it
  describes the items (`等方面的总体设计…`, `等标准`, `等两个子类标准`) and
  appended to each item when it is a short class noun (`人口、法人等基础库` →
  人口基础库, 法人基础库).
- A group opening with a preposition (`面向低空、无人驾驶等创新领域的…`) is one item:
  the enumeration inside it only qualifies it.
- `和` splits the last item of a group where both sides are at least three
  characters (`流通交易和收益分配` → two items; `术语标准相关范畴和实例` stays whole);
  `及` and `与` inside an item never split it (`感知平台及接口`, `数据分类分级与防护`).
- Parentheses are kept whole (`数据易用性服务（适老化/适幼化和无障碍数据服务）`), and
  an item's trailing `标准` is dropped, also before a closing parenthetical.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .jieba_dictionary import default_tokenizer

_TRIGGER = re.compile(r"主要包括|包括|包含")
_FIGURE_REF = re.compile(r"[，,]?\s*(?:如|见)图\s*\d+(?:[.\-]\d+)?\s*所示")
# 等 closing an enumeration, not the 等 of 等级 / 平等 / 等保 …
_DENG = re.compile(r"(?<![平同对高初中均])等(?![级保同效待号])")
_COUNT = re.compile(r"^\s*[0-9一二三四五六七八九十两]+\s*[个项类种]\s*")
_DESCRIPTIVE_TAIL = re.compile(r"标准|规范|规则|文件|方面|部分|子类|类别|领域|要求|内容|的|、|，")
_PREPOSITIONS = ("面向", "针对", "对于", "关于", "围绕", "基于", "按照", "通过", "用于", "在", "为", "对", "向", "从", "以", "按")
_LEADING_CONJ = re.compile(r"^(?:以及|及|和|并且|并)")
_OPEN, _CLOSE = "（(“‘《", "）)”’》"


@dataclass
class Item:
    label: str       # cleaned: no 等, no trailing 标准
    offset: int      # where the item starts in the text it was read from
    raw: str = ""    # the item as printed


@dataclass
class Enumeration:
    trigger: str     # 包括 / 包含 / 主要包括
    offset: int      # where the trigger starts
    items: list[Item] = field(default_factory=list)


def strip_figure_refs(text: str) -> str:
    """Return `text` without references to figures lost in extraction (`，如图3所示`)."""
    return _FIGURE_REF.sub("", text)


def depths(text: str) -> list[int]:
    """Return, for each character, how deep it is inside parentheses or quotes."""
    out, d = [], 0
    for ch in text:
        if ch in _CLOSE:
            d = max(d - 1, 0)
            out.append(d + 1)  # the closing mark still belongs to the bracket
            continue
        out.append(d)
        if ch in _OPEN:
            d += 1
    return out


def split_top(text: str, seps: str, base: int = 0) -> list[tuple[str, int]]:
    """Split `text` on any character of `seps` outside brackets; returns (piece, offset)."""
    dep = depths(text)
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch in seps and dep[i] == 0:
            pieces.append((text[start:i], base + start))
            start = i + 1
    pieces.append((text[start:], base + start))
    return pieces


def clean_label(item: str) -> str:
    """Return an item's label: no surrounding spaces, no trailing 标准 (also before a parenthetical)."""
    s = re.sub(r"\s+", "", item).strip("、，；。")
    s = re.sub(r"(标准)+(?=(?:（[^（）]*）|\([^()]*\))?$)", "", s)
    return s


def canon(label: str) -> str:
    """Comparison form of a category name: no spaces, no trailing 标准/方面, no 和/及/与."""
    s = re.sub(r"\s+", "", label)
    s = re.sub(r"(?:标准|方面)+$", "", s)
    return re.sub(r"[和及与、]", "", s)


def same_category(a: str, b: str) -> bool:
    """True when two names denote one category: equal in comparison form, or one inside the other
    covering at least half of it (`数据平台` / `数据平台工具`)."""
    ca, cb = canon(a), canon(b)
    if not ca or not cb:
        return False
    if ca == cb:
        return True
    short, long_ = sorted((ca, cb), key=len)
    return short in long_ and len(short) * 2 >= len(long_)


def _opens_with_verb(group: str) -> bool:
    g = group.lstrip()
    if g.startswith(_PREPOSITIONS):
        return True
    words = _jieba().posseg.lcut(g[:12])
    return bool(words) and words[0].flag.startswith("v") and words[0].flag != "vn"


def _is_list_like(group: str) -> bool:
    """A group after a bare comma continues a list only if it enumerates (、) or closes with 等."""
    dep = depths(group)
    return any(dep[i] == 0 and (ch == "、" or _DENG.match(group, i)) for i, ch in enumerate(group))


def _list_span(text: str, start: int) -> int:
    """Return where a list starting at `start` ends: the end of its sentence, or the next trigger."""
    dep = depths(text)
    for i in range(start, len(text)):
        if dep[i] == 0 and text[i] == "。":
            return i
        if dep[i] == 0 and _TRIGGER.match(text, i) and i > start:
            return i
    return len(text)


def _groups(span: str, base: int) -> list[tuple[str, int, bool]]:
    """Cut a list into groups: (text, offset, opened by a conjunction)."""
    out = []
    for piece, off in split_top(span, "，；,;", base):
        # 以及 inside a group starts a new one as well
        parts = re.split(r"(以及)", piece)
        pos = off
        conj = bool(_LEADING_CONJ.match(piece))
        buf = ""
        for part in parts:
            if part == "以及":
                if buf.strip():
                    out.append((buf, pos, conj))
                pos += len(buf)
                buf, conj = "", True
                pos += len(part)
                continue
            buf += part
        out.append((buf, pos, conj))
    return out


def _split_group(group: str, base: int) -> list[Item]:
    """Return the items of one group of a list."""
    lead = _LEADING_CONJ.match(group)
    skip = lead.end() if lead else 0
    skip += len(group[skip:]) - len(group[skip:].lstrip())
    g, base = group[skip:], base + skip
    if not g.strip():
        return []
    if g.startswith(_PREPOSITIONS):
        body = re.sub(r"等(?:[0-9一二三四五六七八九十两]+[个项类种])?[^、，]{0,6}?(?:标准|规范)+$", "", g)
        return [Item(clean_label(body), base, g)]
    dep = depths(g)
    cut, tail = len(g), ""
    for m in _DENG.finditer(g):
        if dep[m.start()] == 0:
            cut, tail = m.start(), g[m.end():]
            break
    tail = _COUNT.sub("", tail).strip()
    suffix = "" if (not tail or _DESCRIPTIVE_TAIL.search(tail) or len(tail) > 8) else tail
    pieces: list[tuple[str, int]] = []
    for piece, off in split_top(g[:cut], "、", base):
        # quoted names printed side by side: “一人一档”“一企一档”
        sub = re.split(r"(?<=”)(?=“)", piece)
        o = off
        for s in sub:
            pieces.append((s, o))
            o += len(s)
    items = []
    for i, (piece, off) in enumerate(pieces):
        label = clean_label(piece)
        if not label:
            continue
        lead_ws = len(piece) - len(piece.lstrip())
        if i == len(pieces) - 1:
            dep_l = depths(label)
            cuts = [k for k, ch in enumerate(label) if ch == "和" and dep_l[k] == 0]
            if cuts:
                k = cuts[-1]
                left, right = label[:k], label[k + 1:]
                if len(left) >= 3 and len(right) >= 3:
                    items.append(Item(clean_label(left) + suffix, off + lead_ws, piece))
                    r_off = off + piece.find(right) if piece.find(right) >= 0 else off
                    items.append(Item(clean_label(right) + suffix, r_off, piece))
                    continue
        items.append(Item(label + suffix, off + lead_ws, piece))
    return items


def enumerations(text: str) -> list[Enumeration]:
    """Return every 包括/包含 list of `text` with its items, in text order."""
    dep = depths(text)
    found = []
    pos = 0
    while True:
        m = _TRIGGER.search(text, pos)
        if not m:
            break
        if dep[m.start()] != 0:
            pos = m.end()
            continue
        end = _list_span(text, m.end())
        span = text[m.end():end]
        # figure references are removed in place (same length) so offsets stay right
        span = _FIGURE_REF.sub(lambda r: " " * len(r.group(0)), span)
        enum = Enumeration(m.group(0), m.start())
        for k, (group, off, conj) in enumerate(_groups(span, m.end())):
            if not group.strip():
                continue
            if k > 0 and not conj and (_opens_with_verb(group) or not _is_list_like(group)):
                break
            enum.items.extend(_split_group(group, off))
        if enum.items:
            found.append(enum)
        pos = max(end, m.end())
    return found


def subject_of(text: str) -> str | None:
    """Return the name a paragraph opens with before `(方面)(主要)包括/包含`, if it is short."""
    m = re.match(r"^(?!主要|其中|同时|此外|另外|本|该|此|上述)([^，。；：,;:、]{2,24}?)(?:方面)?(?:主要)?(?:包括|包含)", text)
    return m.group(1) if m else None


def leading_names(text: str) -> list[str]:
    """Return the names a sentence opens with before its verb (`算力基础设施、数据…遵循…` → both)."""
    m = re.match(r"^(?!主要|是)([^，。；：,;:]{2,60}?)(?:遵循|参照|按照|执行|采用|适用)", text)
    if not m:
        return []
    names = [clean_label(p) for p, _ in split_top(m.group(1), "、和及")]
    if not names or any(not n or len(n) > 20 for n in names):
        return []
    return names


def tokens(text: str) -> list[str]:
    """Return the jieba words of `text` (spaces and punctuation dropped)."""
    return [w for w in _jieba().lcut(text) if w.strip() and not re.fullmatch(r"[\W_]+", w)]


def _jieba():
    """jieba, imported on first use: loading its dictionary costs a second that commands which never
    read a guideline's lists should not pay."""
    import jieba
    import jieba.posseg  # noqa: F401  (jieba.posseg is reached as an attribute)

    default_tokenizer()   # its dictionary read from the pickled table (loaders/jieba_dictionary.py)
    return jieba
