"""Text extracted from PDF: decode it, drop extraction debris, rejoin broken lines.

Every loader reads its document through here, so page headers and footers,
page numbers, stray URLs and lines broken mid-sentence are handled once.
Line numbers always refer to the corpus file (1-based), for problem reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .problems import SourceParseError
from .standard_numbers import NUMBER_RE


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


def is_footer_numbers(text: str) -> bool:
    """A line made only of standard numbers (a running page header or footer)."""
    rest = NUMBER_RE.sub("", text.replace("SCIE", "").replace("—", "-"))
    return bool(NUMBER_RE.search(text)) and not re.search(r"[\u4e00-\u9fff]", text) and \
        re.fullmatch(r"[\s,，;；0-9\-]*", rest) is not None


def is_debris(text: str) -> bool:
    """True for extraction debris: URLs, page numbers, lone annex letters, footers."""
    t = text.strip()
    return bool(
        not t
        or _URL.match(t)
        or _PAGE_NO.match(t)
        or _LONE_LETTER.match(t)
        or _SEPARATOR.match(t)
        or is_footer_numbers(t)
    )


def physical_lines(text: str) -> list[Line]:
    """Return the non-blank, non-debris lines of `text`, stripped, with their numbers.

    A line that starts with white space opens a new page in these extractions.
    """
    out = []
    for i, raw in enumerate(text.splitlines(), start=1):
        t = raw.strip().replace("\u3000", " ")
        if is_debris(t):
            continue
        out.append(Line(i, t, page_start=raw[:1].isspace()))
    return out


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
