"""A committee's list of standards projects, read from a spreadsheet (.xlsx) or a CSV file.

`read_plan_sheet(path)` returns a `PlanSheet`: every project row with its
fields parsed (plan number, name, kind of deliverable, stage and its date,
start, cycle, due date, bodies), the sheet's own headers and cells, and a
row-by-row report (`Problem`s with sheet and row): unknown columns,
duplicates, rows without a name, dates and stages it cannot read. Nothing is
dropped silently.

Columns are found by header name with the usual synonyms (计划号/项目编号,
项目名称/标准名称, 阶段/状态/项目状态 …), in the layout of the national
standards plan list (计划号, 项目名称, 制修订, 标准性质, 项目周期, 主管部门,
归口单位, 起草单位, 下达日期, 阶段) or any other. The header is the first of
the first rows that names a project column.

A spreadsheet is read in openpyxl's read-only mode, after bounds on the file
size, the unpacked size and the compression ratio (a zip bomb is refused
before it is unpacked). Vertically merged cells (one 归口单位 for a block of
projects) give their value to every row they span. Formula cells are read as
their text and reported: the export never writes them back as formulas.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .problems import CdtkgError, Problem, Severity
from .standard_numbers import NUMBER_RE, PLAN_RE, is_placeholder, normalize
from .text_encoding import decode_unicode

MAX_FILE_BYTES = 20 * 1024 * 1024         # a plan list of 20,000 projects is about 2 MB as xlsx
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100                           # xlsx XML packs about 10:1; a zip bomb packs 1000:1
MAX_ROWS = 20_000
# The stored copy of an imported sheet carries where each row came from.
SHEET_COLUMN, ROW_COLUMN = "来源工作表", "来源行"

# field -> header synonyms (compared without spaces, brackets' contents and full-width forms)
FIELDS: dict[str, tuple[str, ...]] = {
    "plan_number": ("计划号", "计划编号", "项目编号", "项目计划号", "计划项目编号", "项目号", "编号"),
    "name": ("项目名称", "标准名称", "计划项目名称", "标准项目名称", "名称", "文件名称"),
    "revision": ("制修订", "制修订类型", "制定修订", "制定/修订", "制修订性质"),
    "nature": ("标准性质", "性质"),
    "kind": ("项目类型", "类型", "项目类别", "类别", "文件类型", "标准类型", "标准层级", "层级"),
    "cycle": ("项目周期", "周期", "完成周期", "制定周期"),
    "department": ("主管部门", "主管单位"),
    "responsible": ("归口单位", "技术归口单位", "归口", "技术归口", "技术委员会", "归口技术委员会"),
    "proposer": ("提出单位", "提出", "申报单位", "提案单位"),
    "drafters": ("起草单位", "主要起草单位", "牵头单位", "承担单位", "参与单位"),
    "start": ("下达日期", "下达时间", "计划下达日期", "立项日期", "立项时间", "开始日期"),
    "stage": ("阶段", "状态", "项目状态", "当前阶段", "项目阶段", "进展", "进度"),
    "stage_date": ("阶段日期", "状态日期", "进展日期", "更新日期", "阶段时间"),
    "due": ("计划完成日期", "完成日期", "截止日期", "应完成日期", "完成时间"),
    "number": ("标准号", "发布标准号", "标准编号", "发布号"),
    "note": ("备注", "说明"),
    "order": ("序号",),
    "source_sheet": (SHEET_COLUMN,),
    "source_row": (ROW_COLUMN,),
}
FIELD_NAMES = {
    "plan_number": "计划号", "name": "项目名称", "revision": "制修订", "nature": "标准性质", "kind": "项目类型",
    "cycle": "项目周期", "department": "主管部门", "responsible": "归口单位", "proposer": "提出单位",
    "drafters": "起草单位", "start": "下达日期", "stage": "阶段", "stage_date": "阶段日期", "due": "计划完成日期",
    "number": "标准号", "note": "备注", "order": "序号", "source_sheet": SHEET_COLUMN, "source_row": ROW_COLUMN,
}

# The stages of a standards project, in order; 终止 and 延期 stand beside them.
STAGES = ("预研", "立项", "起草", "征求意见", "送审", "报批", "发布", "终止", "延期")
_STAGE_SYNONYMS = {
    "预研": "预研", "预研究": "预研", "立项申请": "预研", "申请立项": "预研", "提案": "预研", "拟立项": "预研",
    "建议": "预研", "待立项": "预研",
    "立项": "立项", "下达": "立项", "计划下达": "立项", "批准立项": "立项", "立项公示": "立项",
    "起草": "起草", "草案": "起草", "工作组讨论稿": "起草", "讨论稿": "起草",
    "征求意见": "征求意见", "征求意见稿": "征求意见", "公开征求意见": "征求意见",
    "送审": "送审", "送审稿": "送审", "审查": "送审", "审定": "送审", "技术审查": "送审",
    "报批": "报批", "报批稿": "报批", "批准": "报批", "审批": "报批",
    "发布": "发布", "批准发布": "发布", "现行": "发布", "实施": "发布", "出版": "发布",
    "终止": "终止", "撤销": "终止", "废止": "终止", "取消": "终止",
    "延期": "延期", "申请延期": "延期", "延期申请": "延期",
}
# What a project delivers; the 2027 target counts the first three.
KINDS = ("国家标准", "国家标准化指导性技术文件", "国际标准", "团体标准", "行业标准", "地方标准")
_KIND_WORDS = (
    ("指导性技术文件", "国家标准化指导性技术文件"), ("技术文件", "国家标准化指导性技术文件"),
    ("GB/Z", "国家标准化指导性技术文件"),
    ("国际", "国际标准"), ("ISO", "国际标准"), ("IEC", "国际标准"), ("ITU", "国际标准"),
    ("团体", "团体标准"), ("T/", "团体标准"),
    ("行业", "行业标准"), ("地方", "地方标准"), ("DB", "地方标准"),
    ("国家标准", "国家标准"), ("推荐", "国家标准"), ("强制", "国家标准"), ("GB", "国家标准"), ("国标", "国家标准"),
)
_DATE_RES = (
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class ProjectRow:
    """One project of the sheet: its cells as the sheet prints them and its parsed fields."""

    sheet: str
    line: int
    cells: dict[str, str]
    plan_number: str = ""
    code: str = ""                 # a project number that is not a national plan number
    name: str = ""
    kind: str = ""
    stage: str = ""
    stage_date: dt.date | None = None
    start: dt.date | None = None
    cycle_months: int | None = None
    due: dt.date | None = None
    number: str = ""
    department: str = ""
    responsible: str = ""
    proposer: str = ""
    drafters: str = ""
    revision: str = ""

    @property
    def where(self) -> str:
        return f"{self.sheet} 第 {self.line} 行"

    @property
    def key(self) -> str:
        """What identifies the project across versions of the list: its plan number, number, code or name."""
        return self.plan_number or self.number or self.code or self.name


@dataclass
class PlanSheet:
    """A read plan list: its rows, its headers in sheet order, and what the reading found."""

    source: str
    headers: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)     # header -> field
    rows: list[ProjectRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    def note(self, severity: Severity, where: str, line: int | None, message: str) -> None:
        self.problems.append(Problem(severity, where, line, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]


def _norm_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    return re.sub(r"[\s*：:]+", "", text)


_HEADER_INDEX = {_norm_header(s): f for f, syns in FIELDS.items() for s in syns}


def header_field(header: str) -> str | None:
    """The field a column header names (`计划号` and `项目编号` both name plan_number), or None."""
    return _HEADER_INDEX.get(_norm_header(header))


def cell_text(value) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without `.0`, strings stripped of NFKC spaces."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u3000", " ").strip()


def parse_date(text: str) -> tuple[dt.date | None, str]:
    """(the date, "") for `2025-03-17`, `2025年3月17日`, `2025/3/17`, `2025.3.17`, `20250317`, an Excel day
    number or a month (`2025年3月`, its first day, with a note); (None, why) otherwise."""
    s = unicodedata.normalize("NFKC", text or "").strip()
    if not s:
        return None, ""
    s = re.sub(r"\s+00:00(:00)?$", "", s)
    for rx in _DATE_RES:
        m = rx.match(s)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), ""
            except ValueError:
                return None, f"日期“{text}”不存在"
    m = _MONTH_RE.match(s)
    if m and 1 <= int(m[2]) <= 12:
        return dt.date(int(m[1]), int(m[2]), 1), f"日期“{text}”只到月份，按当月 1 日计"
    if re.fullmatch(r"\d{5}(\.0)?", s) and 20000 < float(s) < 80000:   # an Excel day number formatted as a number
        return _EXCEL_EPOCH + dt.timedelta(days=int(float(s))), ""
    return None, f"读不懂日期“{text}”（应写成 2025-03-17、2025年3月17日 或 2025/3/17）"


def parse_stage(text: str) -> str | None:
    """The stage (预研 … 发布, 终止, 延期) a cell names: `正在征求意见`, `征求意见稿`, `已发布` all count; None otherwise."""
    s = _norm_header(text)
    s = re.sub(r"^(正在|已经|已|待|处于)", "", s)
    s = re.sub(r"(阶段|中)$", "", s)
    return _STAGE_SYNONYMS.get(s) or _STAGE_SYNONYMS.get(re.sub(r"^(已|正在)", "", s))


def parse_cycle(text: str) -> int | None:
    """Months of a project cycle: `12`, `18个月`, `24 月`, `2年`; None when it is not one."""
    s = unicodedata.normalize("NFKC", text or "").strip()
    m = re.fullmatch(r"(\d{1,3})(?:\.0)?\s*(个月|月)?", s)
    if m:
        return int(m[1])
    m = re.fullmatch(r"(\d{1,2})\s*年", s)
    return int(m[1]) * 12 if m else None


def parse_kind(*texts: str) -> str:
    """The kind of deliverable the first telling cell names (国家标准, 国家标准化指导性技术文件, 国际标准, 团体标准 …)."""
    for text in texts:
        s = unicodedata.normalize("NFKC", text or "").upper()
        if not s:
            continue
        for word, kind in _KIND_WORDS:
            if word.upper() in s:
                return kind
    return ""


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months (the last day of a shorter month when needed)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


# --- reading the file ---------------------------------------------------------------------------------
def _check_size(path: Path, data_size: int) -> None:
    if data_size > MAX_FILE_BYTES:
        raise CdtkgError(f"{path.name} 有 {data_size / 1048576:.0f} MB，超过计划表的上限 "
                         f"{MAX_FILE_BYTES // 1048576} MB：请只保留项目清单所在的工作表，删去图片和附件后再导入。")


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as e:
        raise CdtkgError(f"{path.name} 不是有效的 .xlsx 文件（{e}）：请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入。") from e
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    worst = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
    if total > MAX_UNPACKED_BYTES or worst > MAX_RATIO or total / packed > MAX_RATIO:
        raise CdtkgError(f"{path.name} 解压后有 {total / 1048576:.0f} MB（压缩比 {worst:.0f}:1），不像一份正常的计划表"
                         f"（可能是压缩炸弹）；未导入。")


def _merged_ranges(path: Path, sheet_names: list[str]) -> dict[str, list[tuple[int, int, int, int]]]:
    """The merged ranges of each sheet as (min_row, min_col, max_row, max_col), read from the sheet XML
    (read-only worksheets do not offer them)."""
    from openpyxl.utils.cell import range_boundaries

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    out: dict[str, list] = {}
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for sheet in wb.iter(f"{ns}sheet"):
            target = targets.get(sheet.get(f"{rel_ns}id"), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if sheet.get("name") not in sheet_names or part not in names:
                continue
            ranges = []
            with z.open(part) as f:
                for _, el in ElementTree.iterparse(f):
                    if el.tag == f"{ns}mergeCell" and el.get("ref"):
                        c1, r1, c2, r2 = range_boundaries(el.get("ref"))
                        ranges.append((r1, c1, r2, c2))
                    el.clear()
            out[sheet.get("name")] = ranges
    return out


def _xlsx_tables(path: Path, sheet: str | None, report: PlanSheet) -> list[tuple[str, list[list[str]], set]]:
    """(sheet name, rows of cell texts, (row, column) of formula cells) of each sheet to read."""
    from openpyxl import load_workbook

    _check_zip(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds on a damaged file
        raise CdtkgError(f"{path.name} 打不开（{type(e).__name__}: {e}）：请在 Excel 或 WPS 中另存为 .xlsx 后再导入。") from e
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            raise CdtkgError(f"{path.name} 中没有工作表“{sheet}”；有：{'、'.join(names)}。")
        chosen = [sheet] if sheet else names
        merged = _merged_ranges(path, chosen)
        out = []
        for name in chosen:
            rows, formulas = [], set()
            for r, row in enumerate(wb[name].iter_rows(values_only=True), start=1):
                if r > MAX_ROWS + 50:
                    raise CdtkgError(f"{path.name} 的工作表“{name}”超过 {MAX_ROWS} 行：请分成几个文件导入。")
                texts = []
                for c, v in enumerate(row, start=1):
                    if isinstance(v, str) and v.startswith("="):
                        formulas.add((r, c))
                    texts.append(cell_text(v))
                rows.append(texts)
            for r1, c1, r2, c2 in merged.get(name, []):
                if r1 > len(rows):
                    continue
                value = rows[r1 - 1][c1 - 1] if c1 - 1 < len(rows[r1 - 1]) else ""
                for r in range(r1, min(r2, len(rows)) + 1):
                    for c in range(c1, c2 + 1):
                        while len(rows[r - 1]) < c:
                            rows[r - 1].append("")
                        rows[r - 1][c - 1] = value
            out.append((name, rows, formulas))
        return out
    finally:
        wb.close()


def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file in UTF-8 (with or without BOM), UTF-16 with its BOM, or GB18030; refuses anything else."""
    text = decode_unicode(data, name, what_to_give="计划表请用 .xlsx，或 UTF-8 / GB18030 编码的 CSV。")
    if text is not None:
        return text
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise CdtkgError(f"{name} 既不是 UTF-8 也不是 GB18030 编码（第 {e.start} 字节读不懂）：请另存为 UTF-8 CSV。") from e


def _csv_table(path: Path) -> list[tuple[str, list[list[str]], set]]:
    text = decode_csv(path.read_bytes(), path.name)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [[cell_text(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if len(rows) > MAX_ROWS + 50:
        raise CdtkgError(f"{path.name} 超过 {MAX_ROWS} 行：请分成几个文件导入。")
    formulas = {(r, c) for r, row in enumerate(rows, start=1) for c, v in enumerate(row, start=1) if v.startswith("=")}
    return [(path.stem, rows, formulas)]


def _header_row(rows: list[list[str]]) -> int | None:
    """Index of the header row: the first of the first ten rows naming a name column and another known one."""
    for i, row in enumerate(rows[:10]):
        found = {header_field(c) for c in row if c}
        if "name" in found and len(found - {None}) >= 2:
            return i
    return None


def read_plan_sheet(path: Path, sheet: str | None = None) -> PlanSheet:
    """Read a plan list (.xlsx, .csv or .tsv), one sheet or every sheet with a recognisable header.

    Raises CdtkgError (in Chinese, saying what to do) for a file that is not a
    plan list or exceeds the bounds; every row-level finding is a Problem.
    """
    path = Path(path)
    if not path.is_file():
        raise CdtkgError(f"找不到文件：{path}")
    _check_size(path, path.stat().st_size)
    suffix = path.suffix.lower()
    report = PlanSheet(source=path.name)
    if suffix in (".xlsx", ".xlsm"):
        tables = _xlsx_tables(path, sheet, report)
    elif suffix in (".csv", ".tsv", ".txt"):
        tables = _csv_table(path)
    elif suffix == ".xls":
        raise CdtkgError(f"{path.name} 是旧版 Excel（.xls）：请另存为 .xlsx 或 CSV 后再导入。")
    else:
        raise CdtkgError(f"{path.name} 不是计划表：支持 .xlsx 和 .csv（UTF-8 或 GB18030）。")
    seen: dict[str, str] = {}
    for name, rows, formulas in tables:
        where = f"{path.name}!{name}" if suffix in (".xlsx", ".xlsm") else path.name
        h = _header_row(rows)
        if h is None:
            if any(any(c for c in r) for r in rows):
                report.note(Severity.WARNING, where, None, "没有找到表头（至少要有“项目名称”或“标准名称”列和另一个已知列），"
                                                         "该工作表未读取。")
            continue
        report.sheets.append(name)
        headers = rows[h]
        columns: list[tuple[int, str, str | None]] = []
        used: set[str] = set()
        for c, header in enumerate(headers):
            if not header:
                continue
            f = header_field(header)
            if f in used:
                report.note(Severity.INFO, where, h + 1, f"列“{header}”与前面的列都是{FIELD_NAMES[f]}：每行取第一个非空的值。")
            elif f:
                used.add(f)
            else:
                report.note(Severity.INFO, where, h + 1, f"不认识的列“{header}”：原样保留，不参与统计。")
            columns.append((c, header, f))
            if header not in report.headers and f not in ("source_sheet", "source_row"):
                report.headers.append(header)
            if f:
                report.fields.setdefault(header, f)
        for r in range(h + 1, len(rows)):
            cells = {header: (rows[r][c] if c < len(rows[r]) else "") for c, header, _ in columns}
            if not any(cells.values()):
                continue
            values: dict[str, str] = {}
            for _, header, f in columns:
                if f and not values.get(f):
                    values[f] = cells[header]
            line = int(values["source_row"]) if values.get("source_row", "").isdigit() else r + 1
            sheet_name = values.get("source_sheet") or name
            row_where = f"{path.name}!{sheet_name}" if values.get("source_sheet") or suffix == ".xlsx" else path.name
            for c, header, _ in columns:
                if (r + 1, c + 1) in formulas:
                    report.note(Severity.WARNING, row_where, line, f"“{header}”是公式 {cells[header][:40]}：按文字读入，"
                                                                   f"导出时也只作文字，不会成为公式。")
            row = _project(values, cells, sheet_name, line, row_where, report)
            if row is None:
                continue
            if row.key in seen:
                report.note(Severity.WARNING, row_where, line, f"与{seen[row.key]}重复（{row.key}）：只保留前一行。")
                continue
            seen[row.key] = row.where
            report.rows.append(row)
    if not report.sheets:
        raise CdtkgError(f"{path.name} 中没有找到项目清单：表头应有“项目名称”（或“标准名称”）列，"
                         f"以及计划号、阶段、下达日期等列之一。")
    return report


def _project(values: dict[str, str], cells: dict[str, str], sheet: str, line: int, where: str,
             report: PlanSheet) -> ProjectRow | None:
    """The ProjectRow of one sheet row, or None (reported) when it has no name."""
    name = re.sub(r"\s+", " ", values.get("name", "")).strip()
    if not name:
        report.note(Severity.WARNING, where, line, "这一行没有项目名称，未读入：" +
                    "，".join(f"{k}={v}" for k, v in cells.items() if v)[:120])
        return None
    row = ProjectRow(sheet, line, cells, name=name)
    raw_plan = unicodedata.normalize("NFKC", values.get("plan_number", "")).strip()
    plan = PLAN_RE.search(raw_plan.replace("—", "-").replace("－", "-"))
    if plan:
        row.plan_number = plan.group(1)
    elif raw_plan:
        row.code = raw_plan
    raw_number = values.get("number", "")
    m = NUMBER_RE.search(unicodedata.normalize("NFKC", raw_number))
    if m and not is_placeholder(normalize(m.group(0))):
        row.number = normalize(m.group(0))
    elif raw_number.strip():
        report.note(Severity.WARNING, where, line, f"标准号“{raw_number}”不是规范写法（如 GB/T 12345-2026），未读入。")
    row.kind = parse_kind(values.get("kind", ""), values.get("nature", ""), row.number,
                          "技术文件" if "-Z-" in row.plan_number else ("国家标准" if row.plan_number else ""))
    if values.get("kind") and row.kind == "":
        report.note(Severity.WARNING, where, line, f"看不出项目类型“{values['kind']}”是哪类文件"
                                                   f"（国家标准、技术文件、国际标准、团体标准…）。")
    stage_text = values.get("stage", "")
    if stage_text:
        stage = parse_stage(stage_text)
        if stage is None:
            report.note(Severity.WARNING, where, line, f"不认识的阶段“{stage_text}”（应为 {'、'.join(STAGES)} 之一），"
                                                       f"该项目按阶段未知处理。")
        row.stage = stage or ""
    for f in ("start", "stage_date", "due"):
        if values.get(f):
            day, why = parse_date(values[f])
            if why:
                report.note(Severity.INFO if day else Severity.WARNING, where, line, f"{FIELD_NAMES[f]}：{why}。")
            setattr(row, f, day)
    if values.get("cycle"):
        row.cycle_months = parse_cycle(values["cycle"])
        if row.cycle_months is None:
            report.note(Severity.WARNING, where, line, f"读不懂项目周期“{values['cycle']}”（应为月数，如 18 或 18个月）。")
    if row.due is None and row.start and row.cycle_months:
        row.due = add_months(row.start, row.cycle_months)
    if row.start and row.due and row.due <= row.start:
        report.note(Severity.WARNING, where, line, f"计划完成日期 {row.due} 不晚于下达日期 {row.start}。")
    if row.stage == "发布" and not row.number:
        report.note(Severity.WARNING, where, line, "项目已发布，但表中没有标准号：请补上，才能与已发布的标准对应。")
    for f in ("department", "responsible", "proposer", "drafters", "revision"):
        setattr(row, f, values.get(f, "").strip())
    return row
