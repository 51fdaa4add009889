"""Reading a committee's plan list: the national plan layout and a tracking sheet of another layout,
in CSV (UTF-8 with or without BOM, GB18030) and xlsx (several sheets, merged cells, formulas), with a
row-by-row report; hostile files (50 MB, 10,000 rows, zip bomb) refused or read cleanly."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from loaders.plan_sheet import MAX_FILE_BYTES, parse_cycle, parse_date, parse_stage, read_plan_sheet
from loaders.problems import CdtkgError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NATIONAL = FIXTURES / "plan_national.csv"
COMMITTEE = FIXTURES / "plan_committee.csv"


def messages(sheet) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in sheet.problems]


# --- cells ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["2025-03-17", "2025年3月17日", "2025/3/17", "2025.3.17", "20250317",
                                  "2025 年 3 月 17 日", "２０２５－０３－１７", "45733"])
def test_a_date_in_any_common_chinese_form_is_read(text):
    assert parse_date(text) == (dt.date(2025, 3, 17), "")


def test_a_date_that_does_not_exist_or_cannot_be_read_says_why():
    assert parse_date("2026年13月1日") == (None, "日期“2026年13月1日”不存在")
    day, why = parse_date("明年春天")
    assert day is None and "读不懂日期" in why
    assert parse_date("2025年3月") == (dt.date(2025, 3, 1), "日期“2025年3月”只到月份，按当月 1 日计")


@pytest.mark.parametrize("text, stage", [("正在征求意见", "征求意见"), ("征求意见稿", "征求意见"), ("已发布", "发布"),
                                         ("立项申请", "预研"), ("正在审查", "送审"), ("正在批准", "报批"),
                                         ("起草阶段", "起草"), ("已终止", "终止"), ("申请延期", "延期"), ("暂缓", None)])
def test_stages_are_read_in_the_words_plan_lists_use(text, stage):
    assert parse_stage(text) == stage


def test_a_cycle_is_months():
    assert [parse_cycle(t) for t in ("18", "18个月", "24 月", "2年", "很久")] == [18, 18, 24, 24, None]


# --- the two layouts ------------------------------------------------------------------------------------------
def test_the_national_plan_layout_is_read_by_its_headers_below_a_title_row():
    sheet = read_plan_sheet(NATIONAL)
    assert sheet.headers[:11] == ["序号", "计划号", "项目名称", "制修订", "标准性质", "项目周期", "主管部门", "归口单位",
                                  "起草单位", "下达日期", "阶段"]
    assert [p for p in sheet.problems if p.severity.value != "info"] == []
    rows = {r.plan_number: r for r in sheet.rows}
    assert len(rows) == 7
    trm = rows["20250317-T-469"]
    assert (trm.name, trm.kind, trm.stage, trm.start, trm.cycle_months, trm.due, trm.line) == (
        "城市全域数字化转型 技术参考模型", "国家标准", "征求意见", dt.date(2025, 2, 28), 24, dt.date(2027, 2, 28), 3)
    assert rows["20255407-T-907"].start == dt.date(2025, 10, 20)           # 2025年10月20日
    assert rows["20269901-T-469"].start == dt.date(2026, 1, 15)            # 2026/1/15
    assert rows["20269903-Z-469"].kind == "国家标准化指导性技术文件"         # -Z- and 指导性技术文件
    assert trm.drafters == "国家信息中心、中国电子技术标准化研究院"


def test_a_tracking_sheet_of_another_layout_is_read_and_every_finding_reported_by_row():
    sheet = read_plan_sheet(COMMITTEE)
    assert sheet.fields["项目编号"] == "plan_number" and sheet.fields["标准名称"] == "name"
    assert sheet.fields["状态"] == "stage" and sheet.fields["牵头单位"] == "drafters"
    rows = {r.key: r for r in sheet.rows}
    assert list(rows) == ["TC609-P-01", "TC609-P-02", "TC609-P-03", "T/SZS 4042-2021", "TC609-P-06"]
    assert rows["TC609-P-01"].code == "TC609-P-01" and rows["TC609-P-01"].stage == "预研"
    assert rows["TC609-P-03"].kind == "国际标准"
    assert rows["T/SZS 4042-2021"].number == "T/SZS 4042-2021" and rows["T/SZS 4042-2021"].stage == "发布"
    found = messages(sheet)
    assert (2, "不认识的列“联系人”：原样保留，不参与统计。") in found
    assert any(line == 7 and m.startswith("这一行没有项目名称，未读入") for line, m in found)
    assert (8, "与plan_committee 第 3 行重复（TC609-P-01）：只保留前一行。") in found
    assert any(line == 9 and "不认识的阶段“暂缓”" in m for line, m in found)
    assert (9, "阶段日期：日期“2026年13月1日”不存在。") in found
    assert rows["TC609-P-06"].cells["联系人"].startswith("测试联系人")     # unknown columns are kept


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_in_utf8_with_or_without_bom_gb18030_or_utf16_with_its_bom(tmp_path, encoding):
    path = tmp_path / "计划.csv"
    path.write_bytes(NATIONAL.read_text(encoding="utf-8").encode(encoding))
    assert [r.name for r in read_plan_sheet(path).rows] == [r.name for r in read_plan_sheet(NATIONAL).rows]


# --- xlsx ----------------------------------------------------------------------------------------------------
def _xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
    wb.save(path)
    return path


HEAD = ["计划号", "项目名称", "归口单位", "下达日期", "阶段"]


def test_xlsx_every_sheet_with_a_header_is_read_and_merged_cells_fill_the_rows_they_span(tmp_path):
    path = _xlsx(tmp_path / "计划.xlsx", {
        "国家标准": [HEAD,
                 ["20269901-T-469", "测试项目甲", "全国数据标准化技术委员会", dt.datetime(2026, 1, 15), "立项"],
                 ["20269902-T-469", "测试项目乙", None, None, "起草"],
                 [None, None, None, None, None],
                 ["20269903-T-469", "测试项目丙", "测试归口单位", "2026年3月1日", "正在征求意见"]],
        "说明": [["本工作簿为测试数据"]],
        "团体标准": [["项目编号", "标准名称", "状态"], ["T-01", "测试团体标准", "预研"]],
    }, merges={"国家标准": ["C2:C3", "D2:D3"]})
    sheet = read_plan_sheet(path)
    assert sheet.sheets == ["国家标准", "团体标准"]
    rows = {r.name: r for r in sheet.rows}
    assert rows["测试项目乙"].responsible == "全国数据标准化技术委员会"      # merged C2:C3
    assert rows["测试项目乙"].start == dt.date(2026, 1, 15)                    # merged D2:D3, a date cell
    assert rows["测试项目丙"].start == dt.date(2026, 3, 1) and rows["测试项目丙"].line == 5
    assert rows["测试团体标准"].sheet == "团体标准" and rows["测试团体标准"].stage == "预研"
    assert any(p.file == "计划.xlsx!说明" and "没有找到表头" in p.message for p in sheet.problems)
    assert [r.name for r in read_plan_sheet(path, sheet="团体标准").rows] == ["测试团体标准"]


def test_a_formula_cell_is_read_as_text_and_reported(tmp_path):
    path = _xlsx(tmp_path / "公式.xlsx", {"表": [HEAD, ["20269901-T-469", '=HYPERLINK("http://example.invalid","点我")',
                                                       "测试归口单位", "2026-01-15", "立项"]]})
    sheet = read_plan_sheet(path)
    [row] = sheet.rows
    assert row.name.startswith("=HYPERLINK(")
    assert any(p.line == 2 and "是公式" in p.message for p in sheet.problems)


# --- hostile files -----------------------------------------------------------------------------------------------
def test_a_50_mb_sheet_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "大.csv"
    with path.open("wb") as f:
        f.write("计划号,项目名称,阶段\n".encode())
        f.truncate(50 * 1024 * 1024)
    assert path.stat().st_size > MAX_FILE_BYTES
    with pytest.raises(CdtkgError, match="超过计划表的上限"):
        read_plan_sheet(path)


def test_a_sheet_of_10000_rows_is_read_cleanly(tmp_path):
    rows = [HEAD] + [[f"2026{i:04d}-T-469", f"测试项目{i}", "测试归口单位", "2026-01-15", "起草"] for i in range(10_000)]
    sheet = read_plan_sheet(_xlsx(tmp_path / "万行.xlsx", {"表": rows}))
    assert len(sheet.rows) == 10_000
    assert [p for p in sheet.problems if p.severity.value != "info"] == []


def test_an_xlsx_that_is_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = _xlsx(tmp_path / "炸弹.xlsx", {"表": [HEAD, ["20269901-T-469", "测试项目", "", "", "立项"]]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (50 * 1024 * 1024))
    assert path.stat().st_size < MAX_FILE_BYTES
    with pytest.raises(CdtkgError, match="压缩炸弹"):
        read_plan_sheet(path)


@pytest.mark.parametrize("name, data, says", [
    ("旧.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 Excel"),
    ("坏.xlsx", b"PK\x03\x04 not really a zip", "不是有效的 .xlsx"),
    ("二进制.csv", b"\x00\x01\x02\xff\xfe" * 10, "不是文本文件"),
    ("空表.csv", "甲,乙\n1,2\n".encode(), "没有找到项目清单"),
    ("图片.png", b"\x89PNG", "不是计划表"),
])
def test_files_that_are_not_plan_lists_are_refused_with_a_reason(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CdtkgError, match=says):
        read_plan_sheet(path)
