"""Text extracted from PDF: decode it, drop extraction debris, rejoin broken lines.

Every loader reads its document through here, so page headers and footers,
page numbers, stray URLs and lines broken mid-sentence are handled once.
Line numbers always refer to the corpus file (1-based), for problem reports.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .problems import SourceParseError
from .standard_numbers import NUMBER_RE, normalize
from .han import HAN, HAN_CHAR


@dataclass(frozen=True)
class Line:
    no: int            # 1-based line number in the source file
    text: str          # stripped text
    page_start: bool = False  # the extraction started a new page here
    page: int | None = None   # 1-based page of a paginated source (PDF), else None
    heading: bool | None = None  # set in a heading font (PDF) or style (Word); None when unknown


def read_text(path: Path) -> str:
    """Return the UTF-8 text of a corpus file; a file that is not UTF-8 is refused."""
    data = Path(path).read_bytes()
    if b"\x00" in data[:4096]:
        raise SourceParseError(str(path), None, "不是文本文件（含有二进制内容）；请提供 UTF-8 文本。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceParseError(str(path), line, "不是 UTF-8 编码；请先用 `cdtkg add` 导入，它会转换编码。") from e


_URL = re.compile(r"^(?:https?://|www\.)\S+$")
_PAGE_NO = re.compile(r"^(?:[-—]?\s*\d{1,3}\s*[-—]?|[IVXLC]{1,6})$")
_LONE_LETTER = re.compile(r"^[A-Z]$")
_SEPARATOR = re.compile(r"^[\s|:\-—=_*·.]+$")
# a comment a converter left in Markdown (`<!-- section_type=… -->`): never part of the text
_MARKUP_COMMENT = re.compile(r"^<!--.*-->$")
# markup with no text in it (`<div …><img src=… /></div>`, a figure's image): nothing to read
_MARKUP_ONLY = re.compile(r"^(?:<[^<>]*>\s*)+$")
# a line of text wrapped whole in HTML text tags (`<h1>标题</h1>`, `<p><strong>…</strong></p>`): the text
_WRAPPED = re.compile(r"^(?:<(?:h[1-6]|p|strong|b|em|i|span|center|font)(?:\s[^<>]*)?>\s*)+([^<>]+?)"
                      r"(?:\s*</(?:h[1-6]|p|strong|b|em|i|span|center|font)>)+$")
# a page mark a converter left in Markdown (`**[p10]**`): the next line opens that page
_PAGE_MARK = re.compile(r"^\**\[p\d{1,4}\]\**$")


# any code-and-number identifier (`SCIE 007—2021`, a society's own series beside the standard number)
_IDENTIFIER = re.compile(r"[A-Z][A-Za-z/]{0,9}\s*\d[\d.]*(?:\s*[-—–]{1,2}\s*\d{2,4})?")


def is_footer_numbers(text: str) -> bool:
    """A line made only of identifiers, one of them a standard number (a running page header or footer)."""
    if not NUMBER_RE.search(text) or HAN_CHAR.search(text):
        return False
    rest = _IDENTIFIER.sub("", NUMBER_RE.sub("", text.replace("—", "-")))
    return re.fullmatch(r"[\s,，;；0-9\-]*", rest) is not None


def footer_identifiers(text: str, own: str) -> list[str]:
    """The other identifiers a running header or footer prints beside the document's own number `own`
    (`ABCD 12—2020,T/ABC 34—2020`: a society's own series), in order, each once: the document is known
    by them too, though the line itself is page furniture."""
    found: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not is_footer_numbers(line) or own not in {normalize(m.group(0)) for m in NUMBER_RE.finditer(line)}:
            continue
        for ident in _IDENTIFIER.findall(NUMBER_RE.sub(" ", line)):
            ident = " ".join(ident.split())
            if ident not in found:
                found.append(ident)
    return found


def is_debris(text: str) -> bool:
    """True for extraction debris: URLs, page numbers, lone annex letters, footers, markup comments."""
    t = text.strip()
    return bool(
        not t
        or _URL.match(t)
        or _PAGE_NO.match(t)
        or _LONE_LETTER.match(t)
        or _SEPARATOR.match(t)
        or is_footer_numbers(t)
        or _MARKUP_COMMENT.match(t)
        or _MARKUP_ONLY.match(t)
    )


_LETTER_SPACED = re.compile(rf"^(?:[{HAN}] +){{3,}}[{HAN}]$")
# a chapter number set on a line of its own, its title on the next (`1` / `范围`): a layout that puts the
# number and the title in two text boxes; a short title in words, maybe with its English name beside it
_BARE_CHAPTER = re.compile(r"^[1-9]\d?$")
_CHAPTER_TITLE = re.compile(rf"^[{HAN}][^\s。；;，,：:、.…·]{{0,19}}(?:\s+[A-Za-z][A-Za-z ]{{0,40}})?$")
_NOT_A_CHAPTER_TITLE = re.compile(r"^(?:附录|前\s*言|引\s*言|参考文献|目\s*次|表\s*\d|图\s*\d|注)")


def _split_chapter_heading(number: str, following: str, on_page: int) -> bool:
    """True for a bare chapter number whose title is the next line: not a page number opening a page (the
    first line of a page, `on_page` 0; one closing a page, before its form feed, is the caller's to refuse), nor
    the number of a list or table row followed by a sentence."""
    return bool(_BARE_CHAPTER.match(number)) and on_page > 0 and bool(_CHAPTER_TITLE.match(following)) \
        and not _NOT_A_CHAPTER_TITLE.match(following)
# justified PDF text spreads characters: `必 不 可 少 的 条 款` (three or more single characters in a row)
_SPREAD = re.compile(rf"(?<![{HAN}])(?:[{HAN}] ){{2,}}[{HAN}](?![{HAN}])")
# a standard's prefix left at the end of a line, its number on the next (`GB/T` / `7408—2005 数据元`)
DANGLING_PREFIX = re.compile(r"(?<![A-Za-z])(?:GB|[A-Z]{2,4}|DBJ?\d{2,4}|DGJ\d{2}|T|Q)\s*/\s*[A-Z]{0,8}$|(?<![A-Za-z/])GB$")


def physical_lines(text: str, split_headings: bool = True) -> list[Line]:
    """Return the non-blank, non-debris lines of `text`, stripped, with their numbers.

    A line that starts with white space (or a form feed) opens a new page in
    these extractions. Letter-spaced cover lines (`中 华 人 民 共 和 国`) are
    closed up; running headers and footers found by repetition are dropped. With `split_headings`, a chapter
    number set alone on its line is joined to the title on the next (a PDF reader, which knows the fonts and
    the table cells, reads its own lines).
    """
    out = []
    form_feed = marked = False
    on_page = 0   # lines kept since the page opened
    joined_to = -1  # the raw line already read as the title of a split chapter heading
    raws = text.splitlines(keepends=True)
    footers = Counter(_numbers_of(r) for r in raws if is_footer_numbers(r.strip()))
    for i, raw in enumerate(raws, start=1):
        t = raw.strip().replace("\u3000", " ")
        if _LONE_LETTER.match(t) and out and _between_expansions(out[-1].text, raws[i:i + 4]):
            out.append(Line(i, t, page_start=form_feed or marked or raw[:1].isspace()))
            form_feed = marked = False
            continue
        # a form feed ends the page: the next line opens one, even after blank lines
        new_page = form_feed or marked or raw[:1].isspace()
        form_feed = raw.endswith("\f") or (form_feed and not t)
        if _PAGE_MARK.match(t):
            marked = True
            continue
        if new_page and t:
            on_page = 0
        if i == joined_to:
            continue
        if is_debris(t) and not _cited_alone(t, footers):
            following = next((r.strip() for r in raws[i:i + 3] if r.strip()), "")
            if split_headings and not raw.endswith("\f") and _split_chapter_heading(t, following, on_page):
                joined_to = i + next(k for k, r in enumerate(raws[i:i + 3], start=1) if r.strip())
                out.append(Line(i, f"{t} {following}", page_start=new_page))
                marked = False
                on_page += 1
            continue
        on_page += 1
        marked = False
        t = _WRAPPED.sub(r"\1", t)
        if _LETTER_SPACED.match(t):
            t = t.replace(" ", "")
        t = _SPREAD.sub(lambda m: m.group(0).replace(" ", ""), t)
        if out and DANGLING_PREFIX.search(out[-1].text) and t[:1].isdigit():
            prev = out[-1]
            out[-1] = Line(prev.no, f"{prev.text} {t}", prev.page_start)
            continue
        out.append(Line(i, t, page_start=new_page))
    return drop_running_furniture(out)


def _numbers_of(text: str) -> tuple[str, ...]:
    """The standard numbers a line prints, spaces dropped: the same running header on every page gives one key."""
    return tuple(re.sub(r"\s+", "", m.group(0)) for m in NUMBER_RE.finditer(text))


def _cited_alone(text: str, footers: Counter) -> bool:
    """True for one standard number alone on its line, printed so once, and not the number of a line that
    recurs (the running header's): a table cell's citation (`GB/T 7466` under its title), not page furniture."""
    if footers[_numbers_of(text)] != 1 or not NUMBER_RE.fullmatch(text.strip()):
        return False
    serial = re.sub(r"[-—–].*$", "", _numbers_of(text)[0])
    return not any(n > 1 and any(k.startswith(serial) for k in key) for key, n in footers.items())


def _between_expansions(before: str, after: list[str]) -> bool:
    """A lone letter between two expansions of a 缩略语 list (`…（Cascade Tag）` / `D` / `除数（Divisor）`)
    is an abbreviation, not an annex letter or a page's debris."""
    following = next((r.strip() for r in after if r.strip()), "")
    return before.endswith(("）", ")")) and bool(re.search(r"[）)]$", following)) and bool(HAN_CHAR.search(following))


_EDGE = 3                  # lines at the top or bottom of a page where running headers and footers sit
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?]")
_WORDS = re.compile(rf"[A-Za-z{HAN}]{{2,}}")  # furniture says something: a title, a number's code


def furniture_key(text: str) -> str:
    """A line's text with its page numbers folded (`第 3 页`, `第 4 页` are one key); a dotted clause number
    stays, so the headings `3.1 一般规定` and `4.1 一般规定` that open pages are not one running line."""
    return re.sub(r"\d+(?:\.\d+)*", lambda m: m.group(0) if "." in m.group(0) else "#", re.sub(r"\s+", "", text))


def drop_running_furniture(lines: list[Line]) -> list[Line]:
    """Drop running headers and footers: short lines repeated at the edge of at least three pages.

    Evidence, not a list of strings: a line (digits aside, so `第 3 页` and
    `第 4 页` are one) that sits within the first or last lines of a page on
    three pages or more, and on most of the pages where it occurs at all.
    Without page marks nothing is dropped here.
    """
    starts = [i for i, ln in enumerate(lines) if ln.page_start]
    if len(starts) < 3:
        return lines
    bounds = [*starts, len(lines)]
    edge_pages: dict[str, set[int]] = {}
    seen: dict[str, int] = {}
    for page, (a, b) in enumerate(zip(bounds, bounds[1:])):
        for i in range(a, b):
            key = furniture_key(lines[i].text)
            seen[key] = seen.get(key, 0) + 1
            if i - a < _EDGE or b - i <= _EDGE:
                edge_pages.setdefault(key, set()).add(page)
    furniture = {k for k, pages in edge_pages.items()
                 if len(pages) >= max(3, 0.5 * (len(bounds) - 1)) and len(pages) >= 0.6 * seen[k]
                 and len(k) <= 40 and _WORDS.search(k) and not _SENTENCE_PUNCT.search(k)}
    if not furniture:
        return lines
    kept = []
    for page, (a, b) in enumerate(zip(bounds, bounds[1:])):
        for i in range(a, b):
            ln = lines[i]
            at_edge = i - a < _EDGE or b - i <= _EDGE
            if at_edge and furniture_key(ln.text) in furniture:
                if ln.page_start and i + 1 < b:  # the page mark moves to the first line kept
                    lines[i + 1] = Line(lines[i + 1].no, lines[i + 1].text, True)
                continue
            kept.append(ln)
    return kept


_TERMINAL = "。；;！？!?：:"
_ASCII_END = re.compile(r"[A-Za-z0-9/+\-]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9(（]")


def join_text(a: str, b: str) -> str:
    """Join two pieces of one broken line: a space only between two ASCII words."""
    if _ASCII_END.search(a) and _ASCII_START.match(b):
        return f"{a} {b}"
    return a + b


def ends_sentence(text: str) -> bool:
    t = text.rstrip("”’\"'）)」】 ")
    return bool(t) and t[-1] in _TERMINAL


def rejoin(
    lines: Iterable[Line],
    starts_block: Callable[[str], bool],
    closed: Callable[[str], bool] = lambda t: False,
) -> list[Line]:
    """Merge lines broken mid-sentence back into one.

    A line continues the previous one unless it starts a block (`starts_block`:
    a clause number, a list marker…), or the previous one ended a sentence, or
    the previous one is complete by itself (`closed`: a heading).
    The merged line keeps the number of its first physical line.
    """
    out: list[Line] = []
    for ln in lines:
        if (
            out
            and not starts_block(ln.text)
            and not ends_sentence(out[-1].text)
            and not closed(out[-1].text)
        ):
            prev = out[-1]
            out[-1] = Line(prev.no, join_text(prev.text, ln.text), prev.page_start)
        else:
            out.append(ln)
    return out
