"""Read a PDF's text layer into a SourceDocument, with pages, heading fonts and page furniture removed.

pypdfium2 gives each character with its box, font and two flags: whether
PDFium generated it (the spaces and line breaks it infers) and whether its
glyph had no Unicode mapping. From those this reader:

- keeps lines whole as PDFium forms them (clause numbers, standard numbers);
- decides word spaces by the gap between character boxes, not by PDFium's
  guess: a generated space between two hanzi set tight is dropped, a missing
  space between two English words set apart is added;
- drops page furniture: lines in the top or bottom margin whose text (digits
  aside) recurs on several pages, and bare page numbers there;
- marks heading lines by their font (黑体 and its relatives), which is how
  GB/T 1.1 layouts tell a heading from body text;
- refuses a scan (no text layer) and a garbled text layer (fonts without a
  Unicode map), which would otherwise be indexed as nonsense.
"""
from __future__ import annotations

import ctypes
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, NamedTuple

from .pdf_text import Line, furniture_key, physical_lines
from .problems import SourceParseError
from .document_structure import SourceDocument
from .han import HAN_CHAR

_MARGIN = 0.12            # share of the page height at the top and the bottom where furniture lives
_RECURS = 3               # a margin line recurring on this many pages is a running header or footer
_WORD_GAP = 0.22          # a gap wider than this share of the font size between two Latin characters is a space
_HANZI_GAP = 0.6          # a generated space between two hanzi is kept only when the gap is this wide
_HEADING_FONT = re.compile(r"hei|黑|fzht|simhei|simhe|stxihei|hiragino sans gb", re.I)
# fewer heading-font lines than a standard's first chapters (范围, 规范性引用文件, 术语和定义, …) is no heading font
_FEW_HEADINGS = 5
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:\d{1,4}|[IVXLCivxlc]{1,7}|[\u2160-\u217f]{1,4})[-—–\s]*$")
_LATIN = re.compile(r"[A-Za-z0-9]")
_LETTER = re.compile(r"[A-Za-z]")
_CID = re.compile(r"\(cid:\d+\)")


class _Char(NamedTuple):
    ch: str
    left: float         # loose (advance) box
    right: float
    bottom: float
    top: float
    size: float         # font size of the line's first visible character
    generated: bool     # PDFium inferred it (a space); not in the file
    index: int          # PDFium's character index, to ask for its font
    ink_left: float     # tight (ink) box, measured for ASCII letters and digits only
    ink_right: float


@dataclass
class _PageLine:
    text: str
    top: float          # distance of the line's top from the top of the page, in points
    bottom: float
    heading: bool


@dataclass
class _Page:
    lines: list[_PageLine]
    height: float
    chars: int
    unmapped: int


def read_pdf(path: Path, progress=None) -> SourceDocument:
    """Return the SourceDocument of the PDF at `path`.

    Raises SourceParseError when the file is not a readable PDF, is encrypted,
    has no text layer (a scan) or a garbled one: each needs the user to act
    (another file, the password, OCR) before the text can be trusted.
    """
    import pypdfium2 as pdfium

    name = Path(path).name
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise SourceParseError(name, None, "PDF 已加密（需要密码）：请提供未加密的版本。") from e
        raise SourceParseError(name, None, "不是可读的 PDF（文件损坏、不完整，或只是扩展名为 .pdf）：请重新下载或导出原件。") from e
    try:
        count = len(pdf)
        if count == 0:
            raise SourceParseError(name, None, "PDF 没有任何页面。")
        show = progress if progress is not None else _terminal_progress(count, name)
        pages = []
        for i in range(count):
            pages.append(_read_page(pdf[i]))
            show(i + 1)
    finally:
        pdf.close()
    _refuse_unreadable(name, pages)
    text, page_of_line, heading_of_line = _assemble(pages)
    lines = [Line(ln.no, ln.text, ln.page_start, page_of_line.get(ln.no), heading_of_line.get(ln.no))
             for ln in physical_lines(text, split_headings=False)]
    return SourceDocument(path=Path(path), format="pdf", text=text, lines=lines, pages=count)


def _terminal_progress(count: int, name: str):
    """A progress callback that writes `读取 PDF 第 i/n 页` on a terminal for a long PDF, else nothing."""
    if count < 30 or not sys.stderr.isatty():
        return lambda i: None

    def show(i: int) -> None:
        end = "\n" if i == count else ""
        print(f"\r读取 {name} 第 {i}/{count} 页", end=end, file=sys.stderr, flush=True)
    return show


# --- one page ------------------------------------------------------------------
def _read_page(page) -> _Page:
    """The page's lines (as PDFium breaks them), with positions from the MediaBox's top."""
    import pypdfium2.raw as raw

    left, bottom, right, top = page.get_mediabox()
    height = top - bottom
    tp = page.get_textpage()
    try:
        tpr, n = tp.raw, tp.count_chars()
        get_unicode, is_generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
        loose_box, ink_box, font_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharBox, raw.FPDFText_GetFontSize
        map_error = raw.FPDFText_HasUnicodeMapError
        lines: list[_PageLine] = []
        chars: list[_Char] = []
        unmapped = counted = 0
        size = 0.0
        font_of = partial(_font_name, tp)
        box = raw.FS_RECTF()
        ink = [ctypes.c_double() for _ in range(4)]
        for i in range(n + 1):
            if i < n:
                u = get_unicode(tpr, i)
                if u == 2:
                    # PDFium's mark for a hyphen that ended a line it then joined to the next: split it again
                    loose_box(tpr, i, box)
                    chars.append(_Char("-", box.left, box.right, box.bottom, box.top, size, False, i, box.left, box.right))
                    lines.append(_line_of(chars, top, font_of))
                    chars, size = [], 0.0
                    continue
                ch = chr(u) if u else " "
                # PDFium generates only spaces and line breaks; ask only for those
                generated = bool(is_generated(tpr, i)) if ch.isspace() else False
                if not (generated and ch in "\r\n"):
                    # the loose box spans the glyph's advance, so a narrow `i` is not read as a gap
                    loose_box(tpr, i, box)
                    ink_left, ink_right = box.left, box.right
                    if ch.isascii() and ch.isalnum():
                        ink_box(tpr, i, *ink)
                        ink_left, ink_right = ink[0].value, ink[1].value
                    if not generated and not ch.isspace():
                        if not chars or size <= 0:
                            size = font_size(tpr, i)
                        counted += 1
                        unmapped += bool(map_error(tpr, i))
                    chars.append(_Char(ch, box.left, box.right, box.bottom, box.top, size, generated, i,
                                       ink_left, ink_right))
                    continue
            if chars:
                line = _line_of(chars, top, font_of)
                if line.text.strip():
                    lines.append(line)
                chars, size = [], 0.0
        return _Page(lines, height, counted, unmapped)
    finally:
        tp.close()


def _latin_gaps_loose(chars) -> bool:
    """Whether the loose (advance) boxes of this line's Latin letters can measure gaps.

    Some producers give every glyph a loose box as wide as the font size, so
    neighbours overlap; then the tight (ink) boxes measure the gap instead.
    """
    gaps = sorted(b.left - a.right for a, b in zip(chars, chars[1:]) if _LATIN.match(a.ch) and _LATIN.match(b.ch))
    return not gaps or gaps[len(gaps) // 2] > -0.1 * max(chars[0].size, 1.0)


def _line_of(chars: list[_Char], page_top: float, font_of: Callable[[int], str]) -> _PageLine:
    """Join one line's characters, deciding every space by the gap between boxes;
    `font_of(index)` names the font of a character (a heading font marks a heading)."""
    out: list[str] = []
    prev: _Char | None = None        # the last visible character
    pending_space = None             # a space seen since `prev`: generated (True) or in the file (False)
    loose = _latin_gaps_loose(chars)
    word = _LATIN if loose else _LETTER   # ink boxes leave wide bearings around digits (`1`): letters only
    for c in chars:
        if c.ch.isspace():
            if pending_space is None or not c.generated:
                pending_space = c.generated
            continue
        if prev is not None:
            gap = c.left - prev.right
            scale = max(prev.size, c.size, 1.0)
            if pending_space is None:
                latin_gap = gap if loose else c.ink_left - prev.ink_right
                if word.match(prev.ch) and word.match(c.ch) and latin_gap > _WORD_GAP * scale:
                    out.append(" ")
            elif pending_space is False:
                out.append(" ")
            elif not (HAN_CHAR.match(prev.ch) and HAN_CHAR.match(c.ch)) or gap > _HANZI_GAP * scale:
                out.append(" ")
        out.append(c.ch)
        prev, pending_space = c, None
    visible = [c for c in chars if not c.generated and not c.ch.isspace()] or chars[:1]
    # Latin digits of a heading are often set in a separate Latin font: judge by the first hanzi
    first = next((c for c in visible if HAN_CHAR.match(c.ch)), visible[0])
    heading = bool(_HEADING_FONT.search(font_of(first.index)))
    return _PageLine(_normalise("".join(out)), page_top - max(c.top for c in visible),
                     page_top - min(c.bottom for c in visible), heading)


def _font_name(tp, index: int) -> str:
    """The font name of character `index`: UTF-8 when it is, else GBK (Chinese producers write it so)."""
    import pypdfium2.raw as raw

    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    n = raw.FPDFText_GetFontInfo(tp.raw, index, buf, 256, flags)
    data = buf.raw[: max(n - 1, 0)]
    data = data.split(b"+", 1)[1] if re.match(rb"^[A-Z]{6}\+", data) else data
    for encoding in ("utf-8", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_FULL_WIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                     for c in range(r[0], r[1] + 1)}


# C0 controls left in a text layer are debris
_CONTROLS = {c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
# Some typesetters put a space after every dot and around every slash of a number (`3. 1. 1`,
# `JT / T 808—2011`, `GB / T 1. 1—2009`): closed up, as GB/T 1.1 prints clause and standard numbers.
_SPACED_DOT = re.compile(r"(?<=\d)\. (?=\d)")
_SPACED_SLASH = re.compile(r"(?<=[A-Z\d]) ?/ ?(?=T\b)|(?<=[A-Z]) / (?=[A-Z])")


def _normalise(text: str) -> str:
    """Full-width letters and digits to ASCII, compatibility ideographs and mathematical letters (𝜌) to their
    usual form.

    PDFium gives a character outside the BMP as two UTF-16 halves: they are paired again (a lone half,
    which no file can store, becomes U+FFFD). Spaced clause and standard numbers are closed up. Chinese punctuation (，：（）) stays full-width: the parsers
    and the corpus expect it.
    """
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = text.translate(_FULL_WIDTH_ALNUM).translate(_CONTROLS).replace("\u3000", " ")
    text = _SPACED_SLASH.sub("/", _SPACED_DOT.sub(".", text))
    return "".join(unicodedata.normalize("NFKC", c) if "\uf900" <= c <= "\ufaff" or "\u2f00" <= c <= "\u2fdf"
                   or "\U0001d400" <= c <= "\U0001d7ff" else c for c in text).strip()


# --- the document ------------------------------------------------------------------
def _zone(line: _PageLine, height: float) -> str | None:
    if line.bottom < height * _MARGIN:
        return "top"
    if line.top > height * (1 - _MARGIN):
        return "bottom"
    return None


_BACK_COVER = re.compile(r"版权(?:所有|专有)|侵权必究")


def _is_back_cover(page: _Page) -> bool:
    """The publisher's copyright page (封底, or the back of the cover): no part of the standard."""
    return len(page.lines) < 20 and any(_BACK_COVER.search(ln.text.replace(" ", "")) for ln in page.lines)


def _assemble(pages: list[_Page]) -> tuple[str, dict[int, int], dict[int, bool | None]]:
    """Join the pages into one text without furniture; the first line of a page starts with a space
    (the convention `physical_lines` reads as a page start). Returns the text and, by line number,
    each line's page and heading flag."""
    recurring = Counter()
    for p in pages:
        for key in {(_zone(ln, p.height), furniture_key(ln.text)) for ln in p.lines}:
            if key[0]:
                recurring[key] += 1
    out: list[str] = []
    page_of: dict[int, int] = {}
    heading_of: dict[int, bool] = {}
    running = {key for (_zone_name, key), n in recurring.items() if n >= _RECURS}
    for number, p in enumerate(pages, start=1):
        if (number <= 2 or number == len(pages)) and _is_back_cover(p):
            continue
        first = True
        for i, ln in enumerate(p.lines):
            zone = _zone(ln, p.height)
            key = furniture_key(ln.text)
            if zone and _PAGE_NUMBER.match(ln.text):
                continue
            # the cover has no running header: a number line there is the standard's own
            if number > 1 and zone and recurring[(zone, key)] >= _RECURS:
                continue
            if number > 1 and key in running and i in (0, len(p.lines) - 1):
                continue    # a running header set lower on one page (a bibliography, an annex)
            out.append((" " if first else "") + ln.text)
            page_of[len(out)] = number
            heading_of[len(out)] = ln.heading
            first = False
    flagged = sum(heading_of.values())
    if flagged < _FEW_HEADINGS:
        # a layout that sets no heading in a heading font says nothing by its fonts
        heading_of = dict.fromkeys(heading_of, None)
    return "\n".join(out) + "\n", page_of, heading_of


# --- refusing what cannot be read ---------------------------------------------------
def _gb2312_level1(c: str) -> bool:
    try:
        return 0xB0 <= c.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def page_is_garbled(text: str) -> bool:
    """True when a page's text is not readable Chinese: its hanzi are mostly rare ones (a font's
    private codes read as GBK), or it has hardly any hanzi but many symbols, controls or `(cid:N)`."""
    compact = re.sub(r"\s+", "", text)
    if len(compact) < 40:
        return False
    hanzi = HAN_CHAR.findall(compact)
    if len(hanzi) >= 20 and sum(map(_gb2312_level1, hanzi)) / len(hanzi) < 0.8:
        return True
    if len(hanzi) / len(compact) < 0.05:
        odd = len(_CID.findall(compact)) + sum(1 for c in compact if "\x80" <= c <= "\x9f"
                                                or (c.isascii() and not c.isalnum() and c not in ".,;:()-/[]'\""))
        return odd / len(compact) > 0.15
    return False


def recovered_ascii(text: str) -> str:
    """Read hanzi that are GBK codes 0xA0xx standing for ASCII (a common font garbling) as that ASCII.

    `犌犅／犜３９７８４` → `GB/T39784` (full-width forms are folded too). Other characters are kept.
    """
    out = []
    for c in text:
        try:
            b = c.encode("gbk")
        except UnicodeEncodeError:
            out.append(c)
            continue
        out.append(chr(b[1] - 0x80) if len(b) == 2 and b[0] == 0xA0 and 0xA0 < b[1] < 0xFF else c)
    return unicodedata.normalize("NFKC", "".join(out))


def _refuse_unreadable(name: str, pages: list[_Page]) -> None:
    chars = sum(p.chars for p in pages)
    if chars < 20 * len(pages):
        raise SourceParseError(name, None, f"PDF 没有文字层（{len(pages)} 页共 {chars} 个字符），像是扫描件："
                               "需要先 OCR（例如 ocrmypdf 加 chi_sim），再添加识别出的文本。")
    texts = ["\n".join(ln.text for ln in p.lines) for p in pages]
    garbled = [i + 1 for i, t in enumerate(texts) if page_is_garbled(t)]
    unmapped = sum(p.unmapped for p in pages) / chars
    if len(garbled) > len(pages) / 3 or unmapped > 0.3:
        number = _number_in(recovered_ascii("\n".join(texts[:2])))
        what = f"（可辨认出编号 {number}）" if number else ""
        raise SourceParseError(
            name, None,
            f"PDF 的文字层乱码{what}：{len(garbled)}/{len(pages)} 页的字符没有正确的 Unicode 映射"
            f"（未映射字形占 {unmapped:.0%}），按文字读取只会得到乱码。需要先 OCR（例如 ocrmypdf --force-ocr"
            " 加 chi_sim），再添加识别出的文本。")


def _number_in(text: str) -> str:
    from .standard_numbers import find_numbers

    found = find_numbers(text)
    return found[0].number if found else ""
