"""`read_source`, which picks the reader of a file by its content; every reader produces the one
document structure of loaders/document_structure.py. The reader is chosen by the file's content (magic bytes), not its extension.
"""
from __future__ import annotations

from pathlib import Path

from .document_structure import SourceDocument, SourceTable
from .problems import SourceParseError

__all__ = ["MAX_BYTES", "SourceDocument", "SourceTable", "read_source", "sniff_format", "source_of"]

# A standard, even with many annex tables, is a few MB; a larger file is refused before any parsing.
MAX_BYTES = 100 * 1024 * 1024

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
