"""Read a UTF-8 text corpus file (PDF text extracted elsewhere, OCR Markdown) into a SourceDocument."""
from __future__ import annotations

from pathlib import Path

from .pdf_text import physical_lines, read_text
from .document_structure import SourceDocument


def read_text_source(path: Path) -> SourceDocument:
    """Return the SourceDocument of a text file: its text and physical lines (no pages).

    Raises SourceParseError for a file that is not UTF-8 text.
    """
    text = read_text(path)
    return SourceDocument(path=Path(path), format="text", text=text, lines=physical_lines(text))
