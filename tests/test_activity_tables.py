"""Annex activity tables (活动 / 输入 / 输出) read back from PDF text without column separators."""
from pathlib import Path

import pytest

from loaders.activity_tables import display_width, parse_activity_tables
from loaders.pdf_text import physical_lines, read_text
from loaders.problems import LoadResult

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GUIDE = "tszs-4042-2021-top-level-design-guide.txt"


@pytest.fixture(scope="module")
def parsed():
    result = LoadResult()
    tables = parse_activity_tables(physical_lines(read_text(CORPUS / GUIDE)), result, GUIDE)
    return tables, result


def _table(parsed, clause):
    return next(t for t in parsed[0] if t.clause == clause)


def _activity(parsed, clause, name):
    return next(a for a in _table(parsed, clause).activities if a.name == name)


def test_the_guide_has_nine_tables_named_by_the_clause_they_sit_in(parsed):
    tables, _ = parsed
    assert [t.label for t in tables] == [f"表A.{i}" for i in range(1, 10)]
    assert [len(t.activities) for t in tables] == [5, 4, 6, 6, 3, 5, 5, 3, 4]
    assert _table(parsed, "A.1").caption == "A.5"      # printed caption, not its identity
    assert _table(parsed, "A.6").header == ("基本活动", "输入", "输出")
    assert _table(parsed, "A.3").header == ("活动", "输入", "输出")


def test_activity_names_wrapped_in_a_narrow_column_are_rejoined(parsed):
    assert [a.name for a in _table(parsed, "A.1").activities] == [
        "城市数字化转型发展背景分析", "城市数字化转型现状分析", "数字经济产业现状分析",
        "城市数字化转型发展水平评估", "城市数字化转型发展需求总结",
    ]
    assert [a.name for a in _table(parsed, "A.3").activities] == [
        "业务架构", "信息架构", "应用架构", "数字基础设施架构", "安全体系框架", "建设成效",
    ]
    assert [a.name for a in _table(parsed, "A.9").activities] == [
        "任务分解和重点工程", "重点工程实施方案", "实施计划", "保障措施",
    ]


def test_items_lose_their_terminator_and_ellipsis_rows_are_not_items(parsed):
    a = _activity(parsed, "A.1", "城市数字化转型发展背景分析")
    assert [i.text for i in a.inputs] == ["政策环境情况", "技术发展情况", "城市战略部署情况", "实践案例情况"]
    assert [i.text for i in a.outputs] == ["城市总体发展情况", "城市的发展基础和优势", "城市发展的诉求和问题", "城市发展重点"]
    assert (a.line, a.inputs[0].line) == (1313, 1319)
    every_item = [i.text for t in parsed[0] for a in t.activities for i in a.inputs + a.outputs]
    assert not any("……" in i or i.endswith(("；", "。")) for i in every_item)
    assert len(every_item) == 293  # the lines ending with ；/。/： inside the tables


def test_a_wrapped_first_input_is_not_taken_for_the_activity_name(parsed):
    a = _activity(parsed, "A.1", "城市数字化转型发展水平评估")
    assert [i.text for i in a.inputs] == ["GB/T 36333、GB/T 33356、GB/T 34680.1等国标文件", "城市数字化转型相关规划文件及重点工作方案等"]


def test_wrapped_items_are_rejoined(parsed):
    a = _activity(parsed, "A.5", "数据要素市场化规划")
    assert [i.text for i in a.inputs] == [
        "国家相关规划",
        "本地区数据采集、协同、共享、交换等数据资源体系建设现状",
        "本地区（区域）数据要素生产、确权、流通、应用、收益分配机制、生态等市场建设现状和水平",
    ]
    a = _activity(parsed, "A.9", "重点工程实施方案")
    assert len(a.outputs) == 1 and a.outputs[0].text.startswith("重点工程实施方案（项目概况、现状及需求分析、建设必要性、总体建设方案")


def test_rows_continue_across_a_continuation_caption(parsed):
    a = _activity(parsed, "A.2", "城市数字化转型战略目标设计")
    assert (len(a.inputs), len(a.outputs)) == (3, 4)
    assert a.inputs[2].text == "“城市数字化转型战略定位设计”活动的输出"


def test_an_item_introducing_a_list_keeps_its_colon(parsed):
    a = _activity(parsed, "A.6", "数据管控机制设计")
    assert [i.text for i in a.outputs] == [
        "城市数据管控条例或规则，包括：", "数据产权保护机制", "数据开放共享机制", "数据安全管控机制", "数据创新容错机制等",
    ]


def test_captions_that_disagree_with_their_clause_are_reported(parsed):
    _, result = parsed
    assert [(p.line, p.message) for p in result.problems] == [
        (1309, "表题“表A.5”与其所在条款 A.1 编号不符；按所在条款记为 表A.1，请核对表题编号。"),
        (1443, "表题“表A.6”与其所在条款 A.2 编号不符；按所在条款记为 表A.2，请核对表题编号。"),
        (2238, "续表表题“表A.10”与其所在条款 A.9 编号不符；按所在条款记为 表A.9，请核对表题编号。"),
    ]
    assert all(p.severity.value == "warning" and p.file == GUIDE for p in result.problems)


def test_display_width_counts_full_width_characters_twice():
    assert display_width("城市数字化") == 10
    assert display_width("GB/T 1") == 6


def _parse(text: str):
    result = LoadResult()
    return parse_activity_tables(physical_lines(text), result, "t.txt"), result


def test_a_damaged_table_gives_warnings_and_what_could_be_read():
    text = "\n".join([
        "A.1 示例", "表A.1 示例输入输出", "活动 输入 输出",
        "需求分", "析", "输入一；", "输入二被截断", "……", "输出一。", "……",
        "第二个活", "动", "输入三；", "……", "输出二；",
        "A.2 下一条",
    ])
    tables, result = _parse(text)
    [t] = tables
    first, second = t.activities
    assert (first.name, [i.text for i in first.inputs], [i.text for i in first.outputs]) == \
        ("需求分析", ["输入一", "输入二被截断"], ["输出一"])
    assert (second.name, [i.text for i in second.outputs]) == ("第二个活动", ["输出二"])
    messages = [p.message for p in result.problems]
    assert messages == [
        "表A.1 的条目“输入二被截断”未以“；”或“。”结束；已按一个条目读入，请核对是否缺行。",
        "表A.1 的活动“第二个活动”没有以两个“……”行结束（输入、输出各一）；已按读到的 1 项输入、1 项输出收录。",
    ]


def test_a_header_outside_any_annex_clause_is_ignored_with_a_warning():
    tables, result = _parse("活动 输入 输出\n名称\n输入；\n……\n输出。\n……")
    assert tables == []
    assert [p.message for p in result.problems] == ["活动表表头不在任何附录条款中；该表被忽略。"]


def test_garbage_and_empty_input_do_not_crash():
    assert _parse("")[0] == []
    tables, _ = _parse("A.3 x\n活动 输入 输出\n……\n……\n；；；\n表A.9 （续）\n")
    assert [t.clause for t in tables] == ["A.3"]
