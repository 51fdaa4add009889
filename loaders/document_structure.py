"""The one in-memory document every reader produces (loaders/source_document.py picks the reader).

A text file, an OCR Markdown file, a PDF and a Word file all become a
`SourceDocument`: the text the reader saw (one line per `Line`, so a line
number is the same in problems, provenance and `cdtkg show DOC --text`), its
lines with their pages, the page count, the tables a declarative format
marks as tables, and the problems met while reading. Loaders read only this;
none opens the file again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .pdf_text import Line


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
