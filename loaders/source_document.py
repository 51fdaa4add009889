"""The one in-memory document every reader produces, and `read_source` that picks the reader.

A text file, an OCR Markdown file, a PDF and a Word file all become a
`SourceDocument`: the text the reader saw (one line per `Line`, so a line
number is the same in problems, provenance and `cdtkg show DOC --text`), its
lines with their pages, the page count, the tables a declarative format
marks as tables, and the problems met while reading. Loaders read only this;
none opens the file again.

The reader is chosen by the file's content (magic bytes), not its extension.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .pdf_text import Line
from .problems import SourceParseError

# A standard, even with many annex tables, is a few MB; a larger file is refused before any parsing.
MAX_BYTES = 100 * 1024 * 1024

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class SourceTable:
    """A table the source marks as one (a Word table): its rows of cell texts."""

    rows: list[list[str]]
    line: int          # the line of `SourceDocument.text` the table follows
    page: int | None = None


@dataclass
class SourceDocument:
    """What a reader made of one file (see the module docstring)."""

    path: Path
    format: str                     # text | pdf | docx | doc
    text: str                       # the text the reader saw; line i of it is Line.no == i
    lines: list[Line]               # its non-blank, non-debris lines
    pages: int | None = None        # page count of a paginated source
    tables: list[SourceTable] = field(default_factory=list)
    problems: list[tuple[int | None, str]] = field(default_factory=list)  # (line, warning)

    def page_of(self, line: int | None) -> int | None:
        """The page line `line` is on (None for a source without pages or an unknown line)."""
        if line is None or not self.pages:
            return None
        pages = self._page_index()
        return pages.get(line)

    def _page_index(self) -> dict[int, int]:
        if not hasattr(self, "_pages_by_line"):
            self._pages_by_line = {ln.no: ln.page for ln in self.lines if ln.page is not None}
        return self._pages_by_line

    def marked_text(self) -> str:
        """The text the reader saw, each line numbered, with a mark where each page starts."""
        pages = self._page_index()
        out, page = [], None
        for no, line in enumerate(self.text.splitlines(), start=1):
            p = pages.get(no, page)
            if p is not None and p != page:
                out.append(f"──── 第 {p} 页 ────")
                page = p
            out.append(f"{no:>5}  {line}")
        return "\n".join(out) + "\n"


def sniff_format(path: Path) -> str:
    """Return "pdf", "docx", "doc" or "text" from the first bytes of `path` (not its extension)."""
    with open(path, "rb") as f:
        head = f.read(1024)
    if _PDF_MAGIC in head:
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return "docx"
    if head.startswith(_OLE_MAGIC):
        return "doc"
    return "text"


def read_source(path: Path) -> SourceDocument:
    """Read `path` with the reader its content calls for; returns the SourceDocument.

    Raises SourceParseError (a CdtkgError, exit 2) with a Chinese reason for a file
    that cannot be read: too large, damaged, encrypted, scanned, garbled.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise SourceParseError(str(path), None, f"无法读取文件（{e.strerror or e}）。") from e
    if size > MAX_BYTES:
        raise SourceParseError(str(path), None, f"文件过大（{size / 1024 / 1024:.0f} MB，上限 "
                               f"{MAX_BYTES // 1024 // 1024} MB）：这不像一份标准文本，未读取。")
    kind = sniff_format(path)
    if kind == "pdf":
        from .pdf_reader import read_pdf
        return read_pdf(path)
    if kind == "docx":
        from .docx_reader import read_docx
        return read_docx(path)
    if kind == "doc":
        from .docx_reader import read_doc
        return read_doc(path)
    from .text_reader import read_text_source
    return read_text_source(path)


def source_of(source: SourceDocument | Path) -> SourceDocument:
    """`source` itself, or the SourceDocument read from a path (for callers that hold only a path)."""
    return source if isinstance(source, SourceDocument) else read_source(Path(source))
