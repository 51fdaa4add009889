"""Markdown tables of PDF extractions, reassembled across page breaks.

A table in these extractions is printed as one or more *chunks* of `| … |`
rows, each chunk one page:

    表5 “数字基础设施”各成熟度等级的典型特征描述        <- caption
    | 能力项 | 成熟度等级 | | | | |                        <- header row
    |------|--|--|--|--|---|
    | | 一级（基础级） | 二级（发展级） | …                   <- second header row
    | 感知设施 | <p>a) …；</p> <p>b) …</p> | …               <- data rows

    表5 “数字基础设施”各成熟度等级的典型特征描述（续）  <- continuation chunk
    | 能力项 | 成熟度等级 | | | | |                        <- repeated header (dropped)
    …

General rules, applied the same way to every table:

* a caption `表N 标题` (also `表 N`) directly above a chunk names the table;
  `表N 标题（续）` continues the table N already seen; a chunk with no caption
  right after a table (nothing but blank lines or page debris in between, the
  same number of columns) continues that table;
* the first row of a table is a header row; rows with an empty first cell
  directly under it are further header rows, and a multi-row header is
  combined into one name per column (an empty cell of an upper header row
  belongs to the merged cell on its left);
* separator rows, rows with no text, and rows repeating a header row are
  dropped (and recorded in `ParsedTable.dropped`);
* a data row with an empty first cell continues the previous data row, cell by
  cell: its text is joined to the previous cell's (a new paragraph when the
  previous text ended a sentence or the new one starts a list item, otherwise
  `pdf_text.join_text`); every such merge is recorded in `ParsedTable.merges`;
* `<p>…</p>` / `<br>` markup splits a cell into paragraphs; the cell's text
  is its paragraphs joined by one space, without markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .pdf_text import Line, ends_sentence, is_debris, join_text
from .list_markers import CIRCLED_ITEM, LETTER_ITEM, NUMBER_ITEM

CAPTION_RE = re.compile(r"^表\s*((?:[A-Z]\.)?\d+(?:\.\d+)*)(?![\d.])\s*(.*?)\s*$")
_CONTINUED_RE = re.compile(r"\s*[（(]\s*续\s*[)）]\s*$")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{1,}:?\s*$")
_PARAGRAPH_BREAK = re.compile(r"</?p\s*>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LIST_START = re.compile(rf"^(?:[-•·]\s*)?(?:{LETTER_ITEM}|{NUMBER_ITEM})|^{CIRCLED_ITEM}", re.I)  # A) too
_HEADER_JOIN = " / "


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int          # source line where this paragraph starts


@dataclass(frozen=True)
class ParsedCell:
    paragraphs: tuple[Paragraph, ...] = ()
    line: int | None = None   # source line where the cell's text starts

    @property
    def text(self) -> str:
        """The whole cell: its paragraphs joined by one space, no markup."""
        return " ".join(p.text for p in self.paragraphs)

    @property
    def lines(self) -> tuple[int, ...]:
        """Every source line the cell's text came from, in order."""
        return tuple(dict.fromkeys(p.line for p in self.paragraphs))


@dataclass
class ParsedRow:
    cells: list[ParsedCell]
    line: int                                   # the row's first source line
    lines: list[int] = field(default_factory=list)  # every source line merged into it

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(frozen=True)
class CellMerge:
    """One cell whose text goes on in a later row (usually on the next page)."""

    row: int            # index into ParsedTable.rows
    column: int
    before: str         # the cell's text up to the break
    added: str          # the text of the continuing cell
    text: str           # the merged text
    lines: tuple[int, int]  # source lines of the two pieces
    page_break: bool    # the continuing row came after a new chunk / repeated header


@dataclass(frozen=True)
class DroppedRow:
    line: int
    reason: str         # "separator" | "empty" | "repeated header"


@dataclass(frozen=True)
class Chunk:
    caption: str | None     # the caption line as printed, if any
    caption_line: int | None
    first_line: int
    last_line: int


@dataclass
class ParsedTable:
    number: str | None                 # "表5"; None when the table has no caption
    title: str                         # caption title without number and （续）
    caption_line: int | None
    header: list[str] = field(default_factory=list)         # one combined name per column
    header_rows: list[list[str]] = field(default_factory=list)
    header_lines: list[int] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)
    continued: bool = False            # assembled from more than one chunk
    chunks: list[Chunk] = field(default_factory=list)
    merges: list[CellMerge] = field(default_factory=list)
    dropped: list[DroppedRow] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.header)

    @property
    def lines(self) -> list[int]:
        """Every source line of the table: captions and rows, in order."""
        out = {c.caption_line for c in self.chunks if c.caption_line}
        for c in self.chunks:
            out.update(range(c.first_line, c.last_line + 1))
        return sorted(out)


def numbered_lines(text: str) -> list[Line]:
    """Every line of `text`, stripped, with its 1-based number; blank lines are
    kept (text ""), because a blank line ends a table chunk."""
    return [
        Line(i, raw.strip().replace("\u3000", " "), page_start=raw[:1].isspace())
        for i, raw in enumerate(text.splitlines(), start=1)
    ]


def is_row(text: str) -> bool:
    return text.startswith("|")


def split_row(text: str) -> list[str]:
    """Return the raw cells of one `| a | b |` line (outer pipes removed)."""
    t = text.strip()
    if t.startswith("|"):
        t = t[1:]
    if t.endswith("|"):
        t = t[:-1]
    return t.split("|")


class _HtmlRows(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_rows(text: str) -> list[list[str]]:
    """Return the cell texts, row by row, of the HTML tables in `text` (an OCR converter's `<table>`)."""
    parser = _HtmlRows()
    parser.feed(text)
    parser.close()
    return [r for r in parser.rows if r]


def cell_paragraphs(raw: str) -> list[str]:
    """Return the paragraphs of one raw cell: markup removed, white space collapsed."""
    out = []
    for piece in _PARAGRAPH_BREAK.split(raw):
        piece = re.sub(r"\s+", " ", _TAG.sub("", piece).replace("**", "")).strip()
        if piece:
            out.append(piece)
    return out


def parse_caption(text: str) -> tuple[str, str, bool] | None:
    """Return (number "表5", title, continued) for a caption line, else None."""
    m = CAPTION_RE.match(text)
    if not m:
        return None
    title = m.group(2)
    continued = bool(_CONTINUED_RE.search(title))
    if continued:
        title = _CONTINUED_RE.sub("", title)
    return f"表{m.group(1)}", title.strip(), continued


def _is_separator(raw_cells: list[str]) -> bool:
    return any("-" in c for c in raw_cells) and all(
        not c.strip() or _SEPARATOR_CELL.match(c) for c in raw_cells
    )


def _key(texts: list[str]) -> tuple[str, ...]:
    """Comparison key of a row: texts without white space, trailing empties dropped."""
    k = [re.sub(r"\s+", "", t) for t in texts]
    while k and not k[-1]:
        k.pop()
    return tuple(k)


def merge_cells(before: ParsedCell, added: ParsedCell) -> ParsedCell:
    """Return `before` continued by `added`: a new paragraph when `before` ended a
    sentence or `added` starts a list item, else the broken sentence rejoined."""
    if not added.paragraphs:
        return before
    if not before.paragraphs:
        return added
    last, first = before.paragraphs[-1], added.paragraphs[0]
    if ends_sentence(last.text) or _LIST_START.match(first.text):
        paragraphs = before.paragraphs + added.paragraphs
    else:
        joined = Paragraph(join_text(last.text, first.text), last.line)
        paragraphs = before.paragraphs[:-1] + (joined,) + added.paragraphs[1:]
    return ParsedCell(paragraphs, before.line)


def combine_header(header_rows: list[list[str]]) -> list[str]:
    """Return one name per column from a multi-row header.

    An empty cell of an upper row belongs to the nearest non-empty cell on its
    left (a merged cell); the rows' names of one column are joined by " / ".
    """
    if not header_rows:
        return []
    width = max(len(r) for r in header_rows)
    filled = []
    for depth, row in enumerate(header_rows):
        row = row + [""] * (width - len(row))
        if depth < len(header_rows) - 1:
            spread, left = [], ""
            for cell in row:
                left = cell or left
                spread.append(cell or left)
            row = spread
        filled.append(row)
    out = []
    for col in range(width):
        names = []
        for row in filled:
            if row[col] and (not names or names[-1] != row[col]):
                names.append(row[col])
        out.append(_HEADER_JOIN.join(names))
    return out


@dataclass
class _RawChunk:
    caption: Line | None
    after_text: bool        # non-debris text lines lie between the previous chunk and this one
    rows: list[Line]


def _chunks(lines: list[Line]) -> list[_RawChunk]:
    chunks: list[_RawChunk] = []
    current: _RawChunk | None = None
    last_text: Line | None = None
    seen_text = False
    for ln in lines:
        if is_row(ln.text):
            if current is None:
                caption = last_text if last_text and parse_caption(last_text.text) else None
                current = _RawChunk(caption, seen_text and caption is None, [])
                chunks.append(current)
            current.rows.append(ln)
            continue
        if current is not None:
            current, last_text, seen_text = None, None, False
        if not is_debris(ln.text):
            last_text, seen_text = ln, True
    return chunks


class _Builder:
    """Feeds the rows of a table's chunks in order and applies the rules above."""

    def __init__(self, table: ParsedTable):
        self.t = table
        self.page_break = False

    def add_chunk(self, chunk: _RawChunk, first: bool) -> None:
        t = self.t
        t.chunks.append(Chunk(
            chunk.caption.text if chunk.caption else None,
            chunk.caption.no if chunk.caption else None,
            chunk.rows[0].no, chunk.rows[-1].no,
        ))
        if not first:
            t.continued = True
            self.page_break = True
        for ln in chunk.rows:
            self._add_row(ln, first_chunk=first)

    def _add_row(self, ln: Line, first_chunk: bool) -> None:
        t = self.t
        raw = split_row(ln.text)
        if _is_separator(raw):
            t.dropped.append(DroppedRow(ln.no, "separator"))
            return
        paragraphs = [cell_paragraphs(c) for c in raw]
        texts = [" ".join(p) for p in paragraphs]
        if not t.header_rows and first_chunk:
            self._add_header(texts, ln.no)
            return
        if not any(texts):
            t.dropped.append(DroppedRow(ln.no, "empty"))
            return
        if any(_key(texts) == _key(h) for h in t.header_rows):
            t.dropped.append(DroppedRow(ln.no, "repeated header"))
            t.continued = self.page_break = True
            return
        if not texts[0] and not t.rows and first_chunk:
            self._add_header(texts, ln.no)
            return
        cells = [
            ParsedCell(tuple(Paragraph(p, ln.no) for p in ps), ln.no if ps else None)
            for ps in paragraphs
        ]
        self._check_width(len(cells), ln.no)
        cells += [ParsedCell()] * (t.width - len(cells))
        if not texts[0] and t.rows:
            self._continue_row(cells, ln.no)
        else:
            if not texts[0]:
                t.warnings.append((ln.no, "表格行的第一格为空，但前面没有可续接的行；按新行处理。"))
            t.rows.append(ParsedRow(cells, ln.no, [ln.no]))
            self.page_break = False

    def _add_header(self, texts: list[str], no: int) -> None:
        t = self.t
        t.header_rows.append(texts)
        t.header_lines.append(no)
        t.header = combine_header(t.header_rows)

    def _check_width(self, n: int, no: int) -> None:
        t = self.t
        if n != t.width and t.width:
            t.warnings.append((no, f"表格行有 {n} 格，表头有 {t.width} 列；多出的列没有列名，缺少的格按空处理。"))
        if n > t.width:
            t.header += [""] * (n - t.width)

    def _continue_row(self, cells: list[ParsedCell], no: int) -> None:
        t = self.t
        index = len(t.rows) - 1
        row = t.rows[index]
        row.cells += [ParsedCell()] * (len(cells) - len(row.cells))
        for col, added in enumerate(cells):
            if not added.paragraphs:
                continue
            before = row.cells[col]
            merged = merge_cells(before, added)
            row.cells[col] = merged
            t.merges.append(CellMerge(
                index, col, before.text, added.text, merged.text,
                (before.line or no, no), self.page_break,
            ))
        row.lines.append(no)
        self.page_break = False


def parse_tables(lines: list[Line]) -> list[ParsedTable]:
    """Return the tables in `lines`, each reassembled from its chunks.

    `lines` are a document's lines in order: `numbered_lines(text)` keeps the
    blank lines and separator rows of the file; `pdf_text.physical_lines`
    works too (a repeated header then marks where a new page began).
    """
    tables: list[ParsedTable] = []
    builders: dict[int, _Builder] = {}
    for chunk in _chunks(lines):
        caption = parse_caption(chunk.caption.text) if chunk.caption else None
        target: ParsedTable | None = None
        if caption and caption[2]:
            target = next((t for t in reversed(tables) if t.number == caption[0]), None)
            if target is None:
                new = ParsedTable(caption[0], caption[1], chunk.caption.no)
                new.warnings.append((chunk.caption.no, f"{caption[0]}（续）之前没有{caption[0]}；按新表处理。"))
        elif caption is None and not chunk.after_text and tables:
            previous = tables[-1]
            width = len(split_row(chunk.rows[0].text))
            if width == previous.width:
                target = previous
        if target is not None:
            builders[id(target)].add_chunk(chunk, first=False)
            continue
        if caption and caption[2]:
            table = new
        elif caption:
            table = ParsedTable(caption[0], caption[1], chunk.caption.no)
        else:
            table = ParsedTable(None, "", None)
        builders[id(table)] = _Builder(table)
        builders[id(table)].add_chunk(chunk, first=True)
        tables.append(table)
    return tables
