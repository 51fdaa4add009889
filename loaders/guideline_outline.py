"""The outline of a standards-system guide: front matter, headings and their paragraphs.

A guide is numbered the way Chinese official documents are (GB/T 9704):
`一、` `（一）` `1.` `（1）` `1）` `①`, printed with full- or half-width brackets
and stray spaces (`(2) `, `1)`, `(三) `). The marker's style alone gives a
heading's rank, so a revised edition with renumbered or added headings reads
the same. A heading is either a line of its own followed by paragraphs
(`1.术语定义` / `主要规范…`) or starts its own paragraph (`①城市数据资源目录标准。主要规范…`,
`（1）感知基础设施标准主要规范…`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .pdf_text import Line, join_text, physical_lines, rejoin
from .list_markers import OUTLINE_MARKERS

# (rank, pattern): the marker's style decides the rank, whatever its number.
_STYLES: list[tuple[int, re.Pattern]] = [
    (rank, re.compile(rf"^{marker}\s*(.*)$")) for rank, marker in enumerate(OUTLINE_MARKERS, start=1)]
_MARKER_FORMS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）", 5: "{}）", 6: "{}"}

_CAPTION = re.compile(r"^[图表]\s*\d+(?:[.\-－]\d+)?\s*\S[^。；]{0,40}$")
_TOC_TITLE = re.compile(r"^目\s*录$")
_TOC_ENTRY = re.compile(r"^(?:[-•·*]\s*)?\S.*?\s*\d{1,3}$")
_CLAUSE_PUNCT = "。，；：,;:！？!?"
# An inline heading's title: a short name closed by 。, or a name ending in 标准
# directly followed by what the category covers.
_TITLE_SENTENCE = re.compile(r"^([^。，；：,;:]{1,30}?)。\s*")
_TITLE_BEFORE_VERB = re.compile(r"^([^。，；：,;:]{1,30}?标准)(?=主要|包括|包含|是)")
_TITLE_BEFORE_SCOPE = re.compile(r"^([^。，；：,;:]{1,20}?)(?=主要规范|主要包括|包括|包含|是)")


@dataclass
class Para:
    """One paragraph (physical lines rejoined) and where each of its pieces starts in the file."""

    text: str
    line: int
    starts: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, file line)

    def line_at(self, offset: int) -> int:
        """Return the file line holding the character at `offset`."""
        if not self.starts:
            return self.line
        i = bisect.bisect_right([o for o, _ in self.starts], offset) - 1
        return self.starts[max(i, 0)][1]

    def tail(self, offset: int) -> "Para":
        """Return the paragraph from `offset` on, keeping its line map."""
        first = self.line_at(offset)
        starts = [(0, first)] + [(o - offset, ln) for o, ln in self.starts if o > offset]
        return Para(self.text[offset:], first, starts)


@dataclass
class Heading:
    rank: int                   # 1 for 一、 … 6 for ①
    number: str                 # 二 / 2 / ①, as printed (normalized digits)
    marker: str                 # normalized: 三、 （二） 2. （1） 1） ①
    title: str                  # as printed, without the marker
    inline: bool                # the heading opens its own paragraph
    line: int
    paras: list[Para] = field(default_factory=list)
    children: list["Heading"] = field(default_factory=list)
    parent: "Heading | None" = None
    locator: str = ""
    order: int = 0

    def walk(self):
        """Yield this heading and every heading below it, in document order."""
        yield self
        for c in self.children:
            yield from c.walk()

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)


@dataclass
class Outline:
    cover: list[Para] = field(default_factory=list)       # before the table of contents
    front: list[Para] = field(default_factory=list)       # after it, before the first heading
    headings: list[Heading] = field(default_factory=list)  # chapters (rank 1) with their subtrees
    captions: list[Para] = field(default_factory=list)    # figure/table captions (their content is lost)
    toc_lines: list[int] = field(default_factory=list)

    def walk(self):
        for h in self.headings:
            yield from h.walk()


def clean(text: str) -> str:
    """Return a line without extraction debris: Markdown emphasis (`**A**`) and ideographic spaces."""
    return text.replace("**", "").replace("\u3000", " ").strip()


def marker_of(text: str) -> tuple[int, str, str] | None:
    """Return (rank, number, rest) when `text` starts with a heading marker, else None."""
    for rank, rx in _STYLES:
        m = rx.match(text)
        if m and m.group(2).strip():
            return rank, m.group(1), m.group(2).strip()
    return None


def is_closed(text: str) -> bool:
    """A line complete by itself: short and without clause punctuation (a title, a heading line)."""
    return len(text) <= 40 and not any(c in text for c in _CLAUSE_PUNCT)


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(text))


def split_inline_title(rest: str) -> tuple[str, int] | None:
    """Return (title, offset of the text after it) for a heading that opens its paragraph."""
    for rx in (_TITLE_SENTENCE, _TITLE_BEFORE_VERB, _TITLE_BEFORE_SCOPE):
        m = rx.match(rest)
        if m:
            end = m.end()
            return m.group(1).strip(), end
    return None


def _paragraphs(lines: list[Line]) -> list[Para]:
    """Rejoin broken lines into paragraphs, keeping the file line of each piece."""
    def starts_block(t: str) -> bool:
        return marker_of(t) is not None or is_caption(t)

    merged = rejoin(lines, starts_block, is_closed)
    nos = [ln.no for ln in lines]
    paras = []
    for i, m in enumerate(merged):
        end = merged[i + 1].no if i + 1 < len(merged) else nos[-1] + 1
        pieces = [ln for ln in lines if m.no <= ln.no < end]
        text, starts = "", []
        for p in pieces:
            joined = join_text(text, p.text) if text else p.text
            starts.append((len(joined) - len(p.text), p.no))
            text = joined
        paras.append(Para(text, m.no, starts))
    return paras


def _skip_toc(lines: list[Line]) -> tuple[list[Line], list[Line], list[int]]:
    """Split off the table of contents: (lines before it, lines after it, its line numbers)."""
    for i, ln in enumerate(lines):
        if _TOC_TITLE.match(ln.text):
            j = i + 1
            while j < len(lines) and _TOC_ENTRY.match(lines[j].text) and marker_of(lines[j].text) is None:
                j += 1
            return lines[:i], lines[j:], [x.no for x in lines[i:j]]
    return [], lines, []


def _locator(path: list[Heading]) -> str:
    if len(path) == 1 and path[0].rank == 1:
        return path[0].number
    return "".join(h.marker for h in path)


def read_outline(text: str) -> tuple[Outline, list[tuple[int, str]]]:
    """Return the outline of a guide's text and the problems met, as (line, message)."""
    problems: list[tuple[int, str]] = []
    lines = [Line(ln.no, clean(ln.text), ln.page_start) for ln in physical_lines(text)]
    lines = [ln for ln in lines if ln.text]
    cover_lines, body_lines, toc = _skip_toc(lines)
    out = Outline(toc_lines=toc)
    out.cover = _paragraphs(cover_lines) if cover_lines else []
    stack: list[Heading] = []
    seen: dict[str, int] = {}
    order = 0
    for para in _paragraphs(body_lines) if body_lines else []:
        if is_caption(para.text):
            out.captions.append(para)
            continue
        found = marker_of(para.text)
        if found is None:
            (stack[-1].paras if stack else out.front).append(para)
            continue
        rank, number, rest = found
        if rank != 1 and not stack:
            # a numbered line before the first chapter belongs to the front matter
            out.front.append(para)
            continue
        if is_closed(rest):
            h = Heading(rank, number, _MARKER_FORMS[rank].format(number), rest, False, para.line)
        else:
            split = split_inline_title(rest)
            if split is None:
                problems.append((para.line, f"编号 {number} 后的文字看不出标题，整段作为标题下的正文：{rest[:20]}…"))
                title, body_at = rest[:20], 0
            else:
                title, body_at = split
            h = Heading(rank, number, _MARKER_FORMS[rank].format(number), title, True, para.line)
            offset = len(para.text) - len(rest) + body_at
            if offset < len(para.text):
                h.paras.append(para.tail(offset))
        while stack and stack[-1].rank >= rank:
            stack.pop()
        h.parent = stack[-1] if stack else None
        (h.parent.children if h.parent else out.headings).append(h)
        stack.append(h)
        path = []
        x: Heading | None = h
        while x:
            path.insert(0, x)
            x = x.parent
        loc = _locator(path)
        if loc in seen:
            seen[loc] += 1
            problems.append((para.line, f"标题编号 {loc} 重复（第 {seen[loc]} 次出现），已记为 {loc}[{seen[loc]}]；请检查编号"))
            loc = f"{loc}[{seen[loc]}]"
        else:
            seen[loc] = 1
        h.locator = loc
        order += 1
        h.order = order
    return out, problems
