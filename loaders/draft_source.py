"""Read a drafter's file (text, Word or PDF) into text, refusing hostile or unreadable files early.

`read_draft(name, data)` is the one door every draft comes through (`cdtkg check` and the 检查草案
page): it returns a `DraftText` or raises `DraftRefused` with a Chinese reason. Everything happens
in memory; nothing is written to disk.

Word files are zip archives of XML: each member is read with a bound on its decompressed size (a
zip bomb stops at the bound, whatever its header claims), and an XML document type declaration is
refused outright, since Word never writes one and it is how external entities and entity expansion
attacks come in. A PDF must start like one; its text is read with pypdfium2 when installed.

When the general readers (`read_source`) are merged, this module is the one place to switch.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .problems import CdtkgError

MAX_UPLOAD_BYTES = 50 * 1024 * 1024        # a draft of several hundred pages with figures fits
MAX_XML_BYTES = 40 * 1024 * 1024           # decompressed word/document.xml
MAX_ZIP_MEMBERS = 5000
TEXT_SUFFIXES = (".txt", ".md", ".text")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)


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
        return DraftText(name, _docx_text(name, data))
    if lower.endswith(".doc"):
        raise DraftRefused(f"{name}：旧版 Word（.doc）文件无法读取；请在 Word 中另存为 .docx 后再检查。")
    if lower.endswith(".pdf"):
        return _pdf_text(name, data)
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


def _bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """The decompressed bytes of one member, refusing it as soon as it passes MAX_XML_BYTES."""
    if info.file_size > MAX_XML_BYTES:
        raise DraftRefused(f"{name}：Word 文件的正文解压后超过 {MAX_XML_BYTES // 1024 // 1024} MB，"
                           "疑似压缩炸弹，已拒绝。")
    out = io.BytesIO()
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            out.write(chunk)
            if out.tell() > MAX_XML_BYTES:   # the header may lie about the size
                raise DraftRefused(f"{name}：Word 文件的正文解压后超过 {MAX_XML_BYTES // 1024 // 1024} MB，"
                                   "疑似压缩炸弹，已拒绝。")
    return out.getvalue()


def _docx_text(name: str, data: bytes) -> str:
    """The paragraphs of word/document.xml, one per line (table cells joined with |, as extractions print them)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DraftRefused(f"{name}：不是有效的 Word（.docx）文件（无法按压缩包打开）；请在 Word 中重新另存为 .docx。") from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise DraftRefused(f"{name}：Word 文件包含 {len(members)} 个部件，异常地多，已拒绝。")
    body = next((m for m in members if m.filename == "word/document.xml"), None)
    if body is None:
        raise DraftRefused(f"{name}：压缩包里没有 word/document.xml，不是 Word 文档。")
    try:
        xml = _bounded_read(archive, body, name)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as e:
        raise DraftRefused(f"{name}：Word 文件已损坏，无法解压正文（{e}）。") from None
    if _DOCTYPE.search(xml[:4096]) or _DOCTYPE.search(xml):
        raise DraftRefused(f"{name}：Word 文件的正文含有 DOCTYPE/实体声明（Word 不会生成这种内容，"
                           "可能引用外部实体），为安全起见已拒绝。")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as e:
        raise DraftRefused(f"{name}：Word 文件的正文不是合法的 XML（{e}）。") from None
    return "\n".join(_blocks(root))


def _blocks(node):
    """The lines of `node`: a paragraph each, a table row each (cells joined with |)."""
    for child in node:
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                cells = ["".join(_paragraph_text(p) for p in tc.iter(f"{_W}p")) for tc in row.iter(f"{_W}tc")]
                yield "| " + " | ".join(cells) + " |"
        else:
            yield from _blocks(child)


def _paragraph_text(p) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag == f"{_W}tab":
            parts.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _pdf_text(name: str, data: bytes) -> DraftText:
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise DraftRefused(f"{name}：文件名是 .pdf，但内容不是 PDF（缺少 %PDF 文件头）；请提供真正的 PDF 或 .docx。")
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise DraftRefused(f"{name}：本机没有安装 PDF 读取组件（pypdfium2）；请把草案另存为 .docx 或文本后再检查。") from None
    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as e:  # noqa: BLE001 - pdfium reports every damage as its own error
        raise DraftRefused(f"{name}：PDF 已损坏或加密，无法读取（{e}）。") from None
    lines: list[str] = []
    starts: list[int] = []
    for page in pdf:
        starts.append(len(lines) + 1)
        text = page.get_textpage().get_text_range()
        lines.extend(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if not "".join(lines).strip():
        raise DraftRefused(f"{name}：PDF 没有文字层（可能是扫描件）；请提供 Word 文件或先做文字识别。")
    return DraftText(name, "\n".join(lines), starts)
