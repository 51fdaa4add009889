"""Markdown tables of PDF extractions (loaders/tables.py), read from the real CTMM draft."""
from pathlib import Path

import pytest

from loaders.pdf_text import Line, physical_lines, read_text
from loaders.tables import combine_header, numbered_lines, parse_caption, parse_tables

CTMM = Path(__file__).resolve().parent.parent / "corpus" / "gbt-maturity-model-ctmm-draft.txt"
LEVELS = ["一级（基础级）", "二级（发展级）", "三级（协同级）", "四级（融合级）", "五级（引领级）"]


@pytest.fixture(scope="module")
def tables():
    return parse_tables(numbered_lines(read_text(CTMM)))


@pytest.fixture(scope="module")
def by_number(tables):
    return {t.number: t for t in tables if t.number}


def _lines(*texts: str) -> list[Line]:
    return [Line(i, t) for i, t in enumerate(texts, start=1)]


def test_the_draft_has_twenty_captioned_tables_and_its_table_of_contents(tables):
    assert [t.number for t in tables] == [None] + [f"表{i}" for i in range(1, 21)]
    toc = tables[0]
    assert toc.title == "" and toc.caption_line is None
    assert toc.rows[0].texts == ["前 言", "II"]
    assert toc.rows[-1].texts == ["参 考 文 献", "28"]


def test_a_caption_with_a_space_after_表_is_read(by_number):
    t = by_number["表10"]
    assert t.caption_line == 305
    assert t.title == "“应急保障”各成熟度等级的典型特征描述"


def test_a_two_row_header_is_combined_into_one_name_per_column(by_number):
    t = by_number["表1"]
    assert t.header_rows == [
        ["能力项", "成熟度等级", "", "", "", ""],
        ["", *LEVELS],
    ]
    assert t.header_lines == [176, 178]
    assert t.header == ["能力项"] + [f"成熟度等级 / {name}" for name in LEVELS]


def test_every_feature_table_has_six_columns_and_no_empty_or_marked_up_cell(tables):
    feature_tables = [t for t in tables if t.number]
    assert sum(len(t.rows) for t in feature_tables) == 39
    for t in feature_tables:
        assert t.header == ["能力项"] + [f"成熟度等级 / {name}" for name in LEVELS], t.number
        assert t.warnings == [], t.number
        for row in t.rows:
            assert len(row.cells) == 6
            for cell in row.cells:
                assert cell.text and "<" not in cell.text and ">" not in cell.text, (t.number, row.line)


def test_paragraph_markup_splits_a_cell_into_paragraphs(by_number):
    cell = by_number["表5"].rows[0].cells[1]
    assert [p.text for p in cell.paragraphs] == [
        "a) 以行业部门自发建设和管理为主，感知设施覆盖城市燃气、供水、排水、供热等重点行业领域；",
        "b) 能接入感知网络，并上传关键数据",
    ]
    assert cell.text == (
        "a) 以行业部门自发建设和管理为主，感知设施覆盖城市燃气、供水、排水、供热等重点行业领域；"
        " b) 能接入感知网络，并上传关键数据"
    )
    assert cell.line == 229


def test_a_continued_table_with_a_repeated_header_is_one_table(by_number):
    t = by_number["表5"]
    assert t.continued
    assert [(c.caption_line, c.first_line, c.last_line) for c in t.chunks] == [(224, 226, 230), (232, 234, 238)]
    assert [r.texts[0] for r in t.rows] == ["感知设施", "网络设施", "算力设施", "数据流通利用设施"]
    assert [r.line for r in t.rows] == [229, 230, 237, 238]
    assert [(d.line, d.reason) for d in t.dropped if d.reason != "separator"] == [
        (234, "repeated header"), (236, "repeated header"),
    ]
    assert t.merges == []


def test_a_continuation_with_an_empty_header_and_a_stray_separator_row(by_number):
    t = by_number["表6"]
    assert t.continued
    assert [r.texts[0] for r in t.rows] == ["资源管理", "数据治理", "流通利用"]
    assert t.rows[2].line == 256
    assert t.rows[2].cells[5].text.endswith("数据成为资本市场重要生产要素")
    assert [(d.line, d.reason) for d in t.dropped] == [
        (247, "separator"), (254, "empty"), (255, "separator"), (257, "separator"),
    ]


def test_table_7_row_goes_on_after_the_page_break_cell_by_cell(by_number):
    t = by_number["表7"]
    assert t.continued
    assert [(c.caption, c.first_line, c.last_line) for c in t.chunks] == [
        ("表7 “数字化共性支撑”各成熟度等级的典型特征描述", 265, 268),
        (None, 270, 274),
    ]
    assert [r.texts[0] for r in t.rows] == ["共性支撑平台", "共建共享组件"]
    platform = t.rows[0]
    assert platform.lines == [268, 273]
    assert platform.cells[1].text == (
        "a) 建立城市数字资产目录，建设基础性、部门级数字资源管理系统； b) 部门独立建设技术支持平台；"
        " c) 根据 GB/T XXXXX 第 12 章规定，基于 GB/T XXXXX 中规定的能评价要点对当地城市智能中枢评估后得分应不低于 50 分"
    )
    assert [(m.row, m.column, m.lines, m.page_break) for m in t.merges] == [
        (0, col, (268, 273), True) for col in range(1, 6)
    ]
    # a sentence broken mid-word is rejoined; a finished one is followed by the next paragraph
    joins = {m.column: m.text for m in t.merges}
    assert "探索建立数字资源目录管理体系，实现云、网、感知、数据等数字资源的统一管理；" in joins[2]
    assert "具备多跨联动指挥和事件处置能力； b) 建成数字资源管理调度系统" in joins[3]
    assert "承载典型应用场景； c) 具备与部分市场主体开发的平台互联互通的能力；" in joins[4]
    assert "算法模型库能够全面支撑各行业智能化应用调用需求" in joins[5]
    for m in t.merges:
        assert t.rows[m.row].cells[m.column].text == m.text
        assert m.text.startswith(m.before) and m.text.endswith(m.added)


def test_only_table_7_has_a_cell_crossing_a_page_break(tables):
    assert [(t.number, len(t.merges)) for t in tables if t.merges] == [("表7", 5)]


def test_lines_from_physical_lines_give_the_same_tables(tables):
    again = parse_tables(physical_lines(read_text(CTMM)))
    want = {t.number: [r.texts for r in t.rows] for t in tables if t.number}
    got = {t.number: [r.texts for r in t.rows] for t in again if t.number}
    assert got == want
    assert [len(t.merges) for t in again if t.number == "表7"] == [5]


def test_caption_forms():
    assert parse_caption("表 10 “应急保障”各成熟度等级的典型特征描述") == (
        "表10", "“应急保障”各成熟度等级的典型特征描述", False)
    assert parse_caption("表12 “政务服务”各成熟度等级的典型特征描述（续）") == (
        "表12", "“政务服务”各成熟度等级的典型特征描述", True)
    assert parse_caption("表A.1 术语对照(续)") == ("表A.1", "术语对照", True)
    assert parse_caption("表明了城市的特征") is None


def test_an_upper_header_cell_spans_the_empty_cells_on_its_right():
    assert combine_header([["类别", "要求", "", "备注"], ["", "基本", "增强", ""]]) == [
        "类别", "要求 / 基本", "要求 / 增强", "备注",
    ]


def test_a_continuation_without_its_table_is_a_new_table_with_a_warning():
    tables = parse_tables(_lines("表3 示例（续）", "| 名称 | 说明 |", "| 甲 | 一 |"))
    assert [(t.number, t.title) for t in tables] == [("表3", "示例")]
    assert tables[0].warnings == [(1, "表3（续）之前没有表3；按新表处理。")]


def test_text_between_two_chunks_makes_them_two_tables():
    tables = parse_tables(_lines(
        "表1 甲", "| 名称 | 说明 |", "| a | 一 |", "", "正文一段。", "| 名称 | 说明 |", "| b | 二 |",
    ))
    assert [(t.number, [r.texts for r in t.rows]) for t in tables] == [
        ("表1", [["a", "一"]]), (None, [["b", "二"]]),
    ]


def test_a_row_with_a_wrong_number_of_cells_is_kept_with_a_warning():
    tables = parse_tables(_lines("表1 甲", "| 名称 | 说明 |", "| a | 一 | 多 |"))
    t = tables[0]
    assert t.rows[0].texts == ["a", "一", "多"]
    assert t.warnings == [(3, "表格行有 3 格，表头有 2 列；多出的列没有列名，缺少的格按空处理。")]
