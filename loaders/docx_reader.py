"""Read a Word file (.docx, or a legacy .doc through LibreOffice) into a SourceDocument.

Word says its structure: heading styles give the clause headings, the
numbering definitions give the clause numbers and list markers (`5.1.1`,
`a)`, `1)`) that are not in the text itself, and tables are tables. The text
is read as it would print with every tracked change accepted: deleted runs are
left out, inserted runs kept; comments live in their own part and are never
read. Each table row also becomes a `| cell | cell |` line, the form the
text parsers already read tables in.

The file is checked before python-docx parses it: a zip that unpacks to far
more than it weighs (a zip bomb) or an XML part declaring entities (external
entities) is refused.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from .pdf_text import Line, physical_lines
from .problems import SourceParseError
from .document_structure import SourceDocument, SourceTable

MAX_UNPACKED = 200 * 1024 * 1024     # all parts together, decompressed
MAX_RATIO = 200                       # decompressed / compressed size of one part
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# built-in heading styles (Heading 1 / 标题 1) and the GB/T 1.1 templates' own (章标题, 一级条标题, 附录标识…)
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|标题\s*\d)$|章标题|条标题|附录标识|前言、引言标题|参考文献", re.I)
_UNNUMBERED = re.compile(r"^(?:前\s*言|引\s*言|目\s*次|参考文献|索\s*引|附\s*录\s*[A-Z]?)")
_NUMBERED_TEXT = re.compile(r"^(?:[A-Z](?:\.\d+)*|\d+(?:\.\d+)*|[a-z]\)|\d+\))\s")


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def check_package(path: Path) -> None:
    """Refuse a .docx that is not a Word package, unpacks too large, or declares XML entities."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise SourceParseError(name, None, "这是一个 zip 压缩包，但不是 Word 文档（缺少 word/document.xml）。")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNPACKED:
                raise SourceParseError(name, None, f"Word 文件解压后达 {total / 1024 / 1024:.0f} MB，超过上限"
                                       f" {MAX_UNPACKED // 1024 // 1024} MB（可能是压缩炸弹），未读取。")
            for i in infos:
                if i.compress_size and i.file_size / i.compress_size > MAX_RATIO and i.file_size > 1024 * 1024:
                    raise SourceParseError(name, None, f"Word 文件中的 {i.filename} 压缩比异常"
                                           f"（{i.file_size // i.compress_size} 倍，可能是压缩炸弹），未读取。")
            for i in infos:
                if i.filename.endswith((".xml", ".rels")):
                    with z.open(i) as f:
                        head = f.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise SourceParseError(name, None, f"Word 文件中的 {i.filename} 声明了 XML 实体"
                                               "（可能引用外部文件），Word 不会这样写，未读取。")
    except zipfile.BadZipFile as e:
        raise SourceParseError(name, None, f"不是可读的 Word 文件（.docx 压缩包损坏或不完整：{e}）。") from e


class _Numbering:
    """Turns Word's numbering definitions into the printed numbers: `5.1.1`, `a)`, `1)`."""

    _FORMATS = {
        "decimal": str,
        "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
        "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
        "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
        "lowerRoman": lambda n: _roman(n).lower(),
        "upperRoman": lambda n: _roman(n),
    }

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}   # numId → ilvl → (fmt, text, start)
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.findall(_w("abstractNum")):
            lvls = {}
            for lvl in a.findall(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                text = lvl.find(_w("lvlText"))
                start = lvl.find(_w("start"))
                lvls[int(lvl.get(_w("ilvl"), "0"))] = (
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                    int(start.get(_w("val"), "1")) if start is not None else 1,
                )
            abstract[a.get(_w("abstractNumId"))] = lvls
        for num in root.findall(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is not None:
                self.levels[num.get(_w("numId"))] = abstract.get(ref.get(_w("val")), {})

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (`num_id`, `ilvl`) and return the printed label, or ""."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        fmt, text, _start = levels[ilvl]
        if fmt in ("none", "bullet"):
            return ""

        def value(k: int) -> str:
            f, _t, start = levels.get(k, ("decimal", "", 1))
            n = max(counts[k], 1) + start - 1
            return self._FORMATS.get(f, str)(n)
        return re.sub(r"%(\d)", lambda m: value(int(m.group(1)) - 1), text).strip()


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _paragraph_text(p) -> tuple[str, int]:
    """The paragraph's text with tracked changes accepted; returns it and the number of changes met."""
    out, changes = [], 0
    for el in p.iter(_w("t"), _w("tab"), _w("br"), _w("del"), _w("ins"), _w("delText")):
        if el.tag in (_w("del"), _w("ins")):
            changes += 1
            continue
        if el.tag == _w("delText") or any(a.tag == _w("del") for a in el.iterancestors()):
            continue
        out.append(el.text or "" if el.tag == _w("t") else " ")
    return "".join(out).strip(), changes


def _style_numbering(style) -> tuple[str, int] | None:
    """The numbering (numId, ilvl) a paragraph style carries, following its base styles."""
    while style is not None:
        ppr = style.element.find(_w("pPr"))
        num = ppr.find(_w("numPr")) if ppr is not None else None
        if num is not None and num.find(_w("numId")) is not None:
            ilvl = num.find(_w("ilvl"))
            return num.find(_w("numId")).get(_w("val")), int(ilvl.get(_w("val"))) if ilvl is not None else 0
        style = style.base_style
    return None


def read_docx(path: Path, original: Path | None = None, fmt: str = "docx") -> SourceDocument:
    """Return the SourceDocument of the .docx at `path` (`original`/`fmt` name a converted .doc).

    Raises SourceParseError for a damaged or hostile package.
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    name = Path(original or path).name
    check_package(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several kinds for a broken package
        raise SourceParseError(name, None, f"不是可读的 Word 文件（{type(e).__name__}: {e}）。") from e
    numbering = _Numbering(document)
    out: list[str] = []
    headings: dict[int, bool | None] = {}
    tables: list[SourceTable] = []
    changes = 0
    for child in document.element.body.iterchildren():
        if child.tag == _w("p"):
            p = Paragraph(child, document)
            text, n = _paragraph_text(child)
            changes += n
            style = p.style
            # a heading style says "heading"; any other style says nothing (drafters type numbers in body styles)
            heading = True if style is not None and _HEADING_STYLE.search(style.name or "") else None
            label = _label(child, style, numbering)   # counted even when empty, as Word does
            if label and not _NUMBERED_TEXT.match(text) and not _UNNUMBERED.match(text):
                text = f"{label} {text}".strip()
            if not text:
                continue
            out.append(text)
            headings[len(out)] = heading
        elif child.tag == _w("tbl"):
            rows = []
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    cell_text = " ".join(t for t, _n in (_paragraph_text(cp._p) for cp in cell.paragraphs) if t)
                    cells.append(cell_text)
                rows.append(cells)
            if rows:
                tables.append(SourceTable(rows=rows, line=len(out)))
                out.extend("| " + " | ".join(c.replace("|", "｜") for c in r) + " |" for r in rows)
    text = "\n".join(out) + "\n"
    lines = [Line(ln.no, ln.text, ln.page_start, None, headings.get(ln.no)) for ln in physical_lines(text)]
    problems = []
    if changes:
        problems.append((None, f"文件含有 {changes} 处修订标记：按接受全部修订读取（删除的文字不读，插入的文字照读）。"))
    return SourceDocument(path=Path(original or path), format=fmt, text=text, lines=lines,
                          tables=tables, problems=problems)


def _label(p, style, numbering: _Numbering) -> str:
    ppr = p.find(_w("pPr"))
    num = ppr.find(_w("numPr")) if ppr is not None else None
    if num is not None and num.find(_w("numId")) is not None:
        ilvl = num.find(_w("ilvl"))
        return numbering.label(num.find(_w("numId")).get(_w("val")), int(ilvl.get(_w("val"))) if ilvl is not None else 0)
    found = _style_numbering(style) if style is not None else None
    return numbering.label(*found) if found else ""


def read_doc(path: Path) -> SourceDocument:
    """Convert a legacy .doc with LibreOffice and read the result; refused when LibreOffice is absent."""
    name = Path(path).name
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SourceParseError(name, None, "这是旧版 Word（.doc）文件，需要 LibreOffice 才能读取：请安装 LibreOffice，"
                               "或在 Word / WPS 中“另存为” .docx 后再添加。")
    with tempfile.TemporaryDirectory(prefix="cdtkg-doc-") as tmp:
        try:
            # a profile of its own: a LibreOffice the user has open would otherwise take the job and do nothing
            profile = Path(tmp, "profile").as_uri()
            subprocess.run([office, "--headless", f"-env:UserInstallation={profile}", "--convert-to", "docx",
                            "--outdir", tmp, str(path)], check=True, capture_output=True, timeout=120)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
            raise SourceParseError(name, None, f"LibreOffice 未能把 .doc 转换为 .docx（{type(e).__name__}）；"
                                   "请在 Word / WPS 中另存为 .docx 后再添加。") from e
        converted = next(Path(tmp).glob("*.docx"), None)
        if converted is None:
            raise SourceParseError(name, None, "LibreOffice 没有产生 .docx；请在 Word / WPS 中另存为 .docx 后再添加。")
        return read_docx(converted, original=Path(path), fmt="doc")
