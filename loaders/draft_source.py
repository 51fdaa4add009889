"""Read a drafter's file (text, Word or PDF) into text, refusing hostile or unreadable files early.

`read_draft(name, data)` is the one door every draft comes through (`cdtkg check` and the 检查草案
page): it returns a `DraftText` or raises `DraftRefused` with a Chinese reason. Everything happens
in memory; nothing is written to disk.

Word and PDF files are read by the corpus's own readers (loaders.source_document), which refuse zip
bombs, XML entity declarations, damaged, encrypted, scanned and garbled files.
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .problems import CdtkgError, SourceParseError

MAX_UPLOAD_BYTES = 50 * 1024 * 1024        # a draft of several hundred pages with figures fits
TEXT_SUFFIXES = (".txt", ".md", ".text")


class DraftRefused(CdtkgError):
    """A file `cdtkg check` will not read: too large, not what its name says, or unsafe."""

    exit_code = 2


@dataclass
class DraftText:
    name: str
    text: str
    # 1-based line numbers at which each page starts (PDF only; empty when the file has no pages)
    page_starts: list[int] = field(default_factory=list)

    def page_of(self, line: int | None) -> int | None:
        """The page number of `line`, or None when the file has no pages or the line is unknown."""
        if not line or not self.page_starts:
            return None
        page = None
        for n, start in enumerate(self.page_starts, start=1):
            if start > line:
                break
            page = n
        return page


def check_size(name: str, size: int) -> None:
    """Raise DraftRefused when a file of `size` bytes is over the upload bound."""
    if size > MAX_UPLOAD_BYTES:
        raise DraftRefused(f"{name}：文件有 {size / 1024 / 1024:.0f} MB，超过草案检查的上限 "
                           f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB；请去掉图片后另存，或只检查正文。")


def read_draft_file(path: Path) -> DraftText:
    """The text of the draft at `path`; its size is checked before a byte is read."""
    path = Path(path)
    try:
        check_size(path.name, path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftRefused(f"找不到文件：{path}") from None
    except IsADirectoryError:
        raise DraftRefused(f"{path} 是一个目录；请给出草案文件。") from None
    except OSError as e:
        raise DraftRefused(f"读不了 {path}：{e.strerror}") from None
    return read_draft(path.name, data)


def read_draft(name: str, data: bytes) -> DraftText:
    """The text of the draft file `name` with content `data`; raises DraftRefused for anything unreadable."""
    check_size(name, len(data))
    lower = name.lower()
    if not data.strip():
        raise DraftRefused(f"{name}：文件是空的。")
    if lower.endswith(".docx"):
        if not data.startswith(b"PK\x03\x04"):
            raise DraftRefused(f"{name}：不是可读的 Word 文件（内容不是 .docx 压缩包）；请在 Word 中另存为 .docx 后再检查。")
        return _read_with_source_reader(name, data, ".docx")
    if lower.endswith(".doc"):
        raise DraftRefused(f"{name}：旧版 Word（.doc）文件无法读取；请在 Word 中另存为 .docx 后再检查。")
    if lower.endswith(".pdf"):
        if not data[:1024].lstrip().startswith(b"%PDF-"):
            raise DraftRefused(f"{name}：文件名是 .pdf，但内容不是 PDF（缺少 %PDF 文件头）；请提供真正的 PDF 或 .docx。")
        return _read_with_source_reader(name, data, ".pdf")
    if data[:4] == b"PK\x03\x04":
        raise DraftRefused(f"{name}：这是一个压缩包（或 Word 文件），但文件名不是 .docx；请改名为 .docx 或提供文本文件。")
    if data[:5] == b"%PDF-":
        raise DraftRefused(f"{name}：这是一个 PDF 文件，但文件名不是 .pdf；请改名后再检查。")
    return DraftText(name, plain_draft_text(_plain_text(name, data)))


# Markdown exports of drafts mark clause titles as headings (`## 5.1 目的性原则`) and carry comments; the
# clause reader wants the title alone.
_MARKDOWN_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.M)
_MARKDOWN_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A line of the table of contents: an element or numbered title, then dot leaders or a tab, then a page number
# (which extractions often lose). Blanked, not removed, so line numbers stay those of the file.
_TOC_LINE = re.compile(r"^[ \t]*(?:前\s*言|引\s*言|参考文献|索\s*引|附\s*录\s*[A-Z].*?|[A-Z]?\d+(?:\.\d+)*[ \t]+\S.*?)"
                       r"(?:[ \t]*[.…·]{2,}[ \t.…·]*[\dIVXLC]*|\t+[ \t]*[\dIVXLC]+)[ \t]*$", re.M)


# Text recognition reads the element title 参考文献 in traditional forms (參考文獻); the clause reader knows one form.
_BIBLIOGRAPHY_TITLE = re.compile(r"^[ \t]*[参參][ \t]*考[ \t]*文[ \t]*[献獻][ \t]*$", re.M)


def plain_draft_text(text: str) -> str:
    """`text` without markdown heading marks and comments, with the table of contents blanked and the
    title 参考文献 in its simplified form."""
    text = _MARKDOWN_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = _MARKDOWN_HEADING.sub("", text)
    text = _BIBLIOGRAPHY_TITLE.sub("参考文献", text)
    return _TOC_LINE.sub("", text)


def _plain_text(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise DraftRefused(f"{name}：不是文本文件（含有二进制内容）；请提供 .docx、.pdf 或 UTF-8 文本。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DraftRefused(f"{name}：既不是 UTF-8 也不是 GB18030 编码的文本；请另存为 UTF-8 文本。")


def _read_with_source_reader(name: str, data: bytes, suffix: str) -> DraftText:
    """The draft read by the corpus's own PDF or Word reader (`read_source`: Word's automatic clause
    numbering, page numbers of a PDF), which also refuses zip bombs, XML entity declarations, damaged,
    encrypted, scanned and garbled files. The bytes pass through a private temporary file, deleted as
    soon as they are read: nothing is kept."""
    from .source_document import read_source

    with tempfile.TemporaryDirectory(prefix="cdtkg-check-") as tmp:
        path = Path(tmp) / f"draft{suffix}"
        path.write_bytes(data)
        try:
            source = read_source(path)
        except SourceParseError as e:
            raise DraftRefused(f"{name}：{e.reason}") from None
    first: dict[int, int] = {}
    for ln in source.lines:
        if ln.page is not None:
            first.setdefault(ln.page, ln.no)
    starts, following = [], 10**9
    for page in range(max(first, default=0), 0, -1):   # a page without lines starts where the next one does
        following = first.get(page, following)
        starts.append(following)
    return DraftText(name, source.text, starts[::-1])
