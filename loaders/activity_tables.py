"""Activity tables (活动 / 输入 / 输出) flattened by PDF extraction, read back into rows.

The extraction keeps no column separators. A table is announced by a header
line `活动 输入 输出` (or `基本活动 输入 输出`); each row is then printed as:

    the activity name, wrapped in a narrow column (城市数字化 / 转型发展背 / 景分析)
    the input items, each ending with ；or 。 (an item may wrap over lines)
    ……
    the output items
    ……

A table belongs to the annex clause it sits in (`A.3 总体架构设计`): captions
are not trusted for identity because drafts number them inconsistently (a
caption that disagrees with its clause is reported, not followed).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .pdf_text import Line, join_text
from .problems import LoadResult

_ANNEX = re.compile(r"^附\s*录\s*([A-Z])\s*$")
_ANNEX_CLAUSE = re.compile(r"^([A-Z](?:\.\d+)+)\s+(\S.*)$")
_CAPTION = re.compile(r"^表\s*([A-Z]\s*\.\s*\d+|\d+)\s*(?:[（(]\s*续\s*[)）])?\s*(.*)$")
_CONTINUED = re.compile(r"[（(]\s*续\s*[)）]")
_HEADER = re.compile(r"^(\S*活动)\s+(输入)\s+(输出)$")
_ELLIPSIS = re.compile(r"^(?:…+|\.{3,}|。{3,})$")
_ITEM_END = "；;。：:"
_STRIP_END = "；;。 "


@dataclass
class Item:
    text: str
    line: int


@dataclass
class Activity:
    name: str
    line: int                     # line of the first piece of the name
    inputs: list[Item] = field(default_factory=list)
    outputs: list[Item] = field(default_factory=list)


@dataclass
class ActivityTable:
    clause: str                   # the annex clause the table sits in: "A.3"
    clause_title: str
    clause_line: int
    caption: str                  # the caption as printed, without "表": "A.5"
    caption_title: str
    caption_line: int
    header: tuple[str, str, str]  # ("活动", "输入", "输出")
    header_line: int
    activities: list[Activity] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The table's name by its clause: "表A.3"."""
        return f"表{self.clause}"


def display_width(text: str) -> int:
    """Return the printed width of `text`: full-width characters count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _ends_item(text: str) -> bool:
    t = text.rstrip("”’\"' ")
    return bool(t) and t[-1] in _ITEM_END


def _norm_number(number: str) -> str:
    return re.sub(r"\s+", "", number)


class _Parser:
    """One pass over the lines; state is the open clause, table and row."""

    def __init__(self, result: LoadResult, file: str):
        self.result, self.file = result, file
        self.tables: list[ActivityTable] = []
        self.clause: tuple[str, str, int] | None = None
        self.caption: tuple[str, str, int] | None = None
        self.table: ActivityTable | None = None
        self.row: Activity | None = None
        self.name_lines: list[Line] = []
        self.stage = "name"          # name -> inputs -> outputs -> (next row) name
        self.pending: list[Line] = []

    # --- closing -----------------------------------------------------------
    def _flush_item(self, line: Line | None) -> None:
        if not self.pending:
            return
        text = self.pending[0].text
        for ln in self.pending[1:]:
            text = join_text(text, ln.text)
        if not _ends_item(self.pending[-1].text):
            self.result.warn(self.file, self.pending[0].no,
                             f"{self.table.label} 的条目“{text}”未以“；”或“。”结束；已按一个条目读入，请核对是否缺行。")
        item = Item(text.rstrip(_STRIP_END), self.pending[0].no)
        (self.row.inputs if self.stage == "inputs" else self.row.outputs).append(item)
        self.pending = []

    def _finish_name(self) -> None:
        if self.name_lines:
            name = "".join(ln.text for ln in self.name_lines)
            self.row = Activity(name, self.name_lines[0].no)
            self.name_lines = []
            self.stage = "inputs"

    def _close_row(self, at: int | None, complete: bool) -> None:
        if self.name_lines and self.row is None:
            self._finish_name()
        if self.row is None:
            return
        self._flush_item(None)
        if not complete:
            self.result.warn(self.file, at,
                             f"{self.table.label} 的活动“{self.row.name}”没有以两个“……”行结束（输入、输出各一）；"
                             f"已按读到的 {len(self.row.inputs)} 项输入、{len(self.row.outputs)} 项输出收录。")
        if not self.row.inputs and not self.row.outputs:
            self.result.warn(self.file, self.row.line,
                             f"{self.table.label} 的活动“{self.row.name}”没有输入也没有输出。")
        self.table.activities.append(self.row)
        self.row, self.stage = None, "name"

    def close_table(self, at: int | None) -> None:
        if self.table is None:
            return
        incomplete = self.row is not None or bool(self.name_lines)
        self._close_row(at, complete=not incomplete)
        if not self.table.activities:
            self.result.warn(self.file, self.table.header_line, f"{self.table.label} 有表头但没有读到任何活动。")
        self.tables.append(self.table)
        self.table = None

    # --- lines ---------------------------------------------------------------
    def _check_caption(self, number: str, line: Line, continued: bool) -> None:
        if self.clause is None:
            self.result.warn(self.file, line.no, f"表{number} 不在任何附录条款中；其中的活动表将被忽略。")
            return
        if _norm_number(number) != self.clause[0]:
            what = "续表表题" if continued else "表题"
            self.result.warn(self.file, line.no,
                             f"{what}“表{number}”与其所在条款 {self.clause[0]} 编号不符；"
                             f"按所在条款记为 表{self.clause[0]}，请核对表题编号。")

    def feed(self, line: Line) -> None:
        t = line.text
        if _ANNEX.match(t):
            self.close_table(line.no)
            self.clause = self.caption = None
            return
        m = _ANNEX_CLAUSE.match(t)
        if m and not _ends_item(t):
            self.close_table(line.no)
            self.clause = (m.group(1), m.group(2).strip(), line.no)
            self.caption = None
            return
        m = _CAPTION.match(t)
        if m:
            number, continued = _norm_number(m.group(1)), bool(_CONTINUED.search(t))
            self._check_caption(number, line, continued)
            if not continued:
                self.close_table(line.no)
                self.caption = (number, m.group(2).strip(), line.no)
            elif self.table is None:
                self.result.warn(self.file, line.no, f"续表“表{number}（续）”前没有可以接续的表。")
            return
        m = _HEADER.match(t)
        if m:
            if self.table is not None and self.row is None and not self.name_lines:
                return  # a header repeated on a continuation page
            self.close_table(line.no)
            if self.clause is None:
                self.result.warn(self.file, line.no, "活动表表头不在任何附录条款中；该表被忽略。")
                return
            cap = self.caption or ("", "", line.no)
            if not self.caption:
                self.result.warn(self.file, line.no, f"{self.clause[0]} 中的活动表没有表题。")
            self.table = ActivityTable(self.clause[0], self.clause[1], self.clause[2], cap[0], cap[1], cap[2],
                                       (m.group(1), m.group(2), m.group(3)), line.no)
            return
        if self.table is None:
            return
        if _ELLIPSIS.match(t):
            self._ellipsis(line)
            return
        if self.row is None:
            self._name_or_item(line)
            return
        self.pending.append(line)
        if _ends_item(t):
            self._flush_item(line)

    def _ellipsis(self, line: Line) -> None:
        if self.row is None:
            if not self.name_lines:
                self.result.warn(self.file, line.no, f"{self.table.label} 中多余的“……”行（没有活动名称）。")
                return
            self._finish_name()
            self.result.warn(self.file, line.no, f"{self.table.label} 的活动“{self.row.name}”没有输入。")
        self._flush_item(line)
        if self.stage == "inputs":
            self.stage = "outputs"
        else:
            self._close_row(line.no, complete=True)

    def _name_or_item(self, line: Line) -> None:
        """Decide whether `line` continues the activity name or opens its first item.

        The name column is narrower than the item columns: a name wraps at a
        fixed width, so every piece but the last fills the first piece's
        width, and no piece is wider than the first. An item ends with ；/。.
        """
        t = line.text
        if not self.name_lines:
            if _ends_item(t):
                self.result.warn(self.file, line.no,
                                 f"{self.table.label} 中“{t}”前没有活动名称；已按无名活动的输入读入。")
                self.row, self.stage = Activity("", line.no), "inputs"
                self.pending.append(line)
                self._flush_item(line)
                return
            self.name_lines.append(line)
            return
        first = display_width(self.name_lines[0].text)
        previous_full = display_width(self.name_lines[-1].text) >= first - 2
        if not _ends_item(t) and previous_full and display_width(t) <= first + 1:
            self.name_lines.append(line)
            return
        self._finish_name()
        self.pending.append(line)
        if _ends_item(t):
            self._flush_item(line)


def parse_activity_tables(lines: list[Line], result: LoadResult, file: str) -> list[ActivityTable]:
    """Return every activity table found in `lines`, in document order.

    Problems (caption numbers that disagree with their clause, rows without a
    closing `……`, items without a terminator) are added to `result`.
    """
    parser = _Parser(result, file)
    for line in lines:
        parser.feed(line)
    parser.close_table(lines[-1].no if lines else None)
    return parser.tables
