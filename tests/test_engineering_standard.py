"""Engineering-construction standards (工程建设标准) are read by their own drafting rules, not GB/T 1.1:
1.0.1 clauses without titles, list items `1` and `1)`, terms 2.0.x, 引用标准名录 as the normative
references, rosters of units and drafters, and a body that ends where the 条文说明 begins."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies
from rdflib import Literal
from rdflib.namespace import DCTERMS

from loaders.engineering_standard import follows_engineering_rules, read_structure, roster
from loaders.gbt_document import load_gbt_text
from loaders.manifest import Entry
from loaders.pdf_text import physical_lines
from loaders.vocab import CDT

# A standard written for these tests in the shape of GB 50xxx: cover, 公告, 前言 with rosters, three
# chapters, an annex, 用词说明, 引用标准名录 and a 条文说明 that repeats clause numbers.
ENGINEERING = """中华人民共和国国家标准
城市信息模型平台工程技术标准
Technical standard for city information modeling platform engineering
GB/T 59999-2030
主编部门：中华人民共和国住房和城乡建设部
施行日期：
2031年3月1日
中华人民共和国住房和城乡建设部公告
现批准《城市信息模型平台工程技术标准》为国家标准，编号为GB/T 59999-2030，自2031年3月1日起实施。原《城市信息模型平台技术规程》（CJJ/T 999-2020）同时废止。
中华人民共和国住房和城乡建设部
2030年10月8日
前言
根据住房和城乡建设部的要求，编制组经广泛调查研究，制定本标准。
本标准的主要技术内容是：1 总则；2 术语；3 基本规定。
本标准主编单位：甲市规划设计研究院
本标准参编单位：乙大学
丙测绘有限公司
本标准主要起草人员：张 三 李四、王五
本标准主要审查人员：赵六 钱七
1 总则
1.0.1 为规范城市信息模型平台工程建设，制定本标准。
1.0.2 本标准适用于城市信息模型平台的建设和运行维护。
2 术语
2.0.1 城市信息模型 city information modeling (新增)
以建筑信息模型、地理信息系统为基础的城市三维数字模型。
2.0.2 平台 platform
提供数据汇聚和共享服务的信息系统。
3 基本规定
3.1 一般规定
3.1.1 平台数据应符合现行国家标准《基础地理信息要素分类与代码》GB/T 13923 的规定。
3.1.2 平台建设应符合下列规定：
1 应统一空间参考；
2 宜采用分布式存储：
1) 数据分片存储；
2) 数据多副本存储。
3 严禁泄露涉密数据。
3.1.3 平台可按需扩展。
5 m 以内的偏差可忽略。
3.2 数据要求
3.2.1 数据更新周期不宜超过一年。
附录A 数据目录
A.0.1 数据目录应包括下列内容：
1 数据名称；
2 数据来源。
本标准用词说明
1 为便于在执行本标准条文时区别对待，对要求严格程度不同的用词说明如下：
1) 表示很严格，非这样做不可的：正面词采用“必须”，反面词采用“严禁”；
引用标准名录
1 《基础地理信息要素分类与代码》GB/T 13923
2 《建筑信息模型应用统一标准》GB/T 51212
条文说明
1 总则
1.0.1 本条说明制定本标准的目的。
3.1.2 平台建设应当考虑扩展。
"""


def _structure(text: str = ENGINEERING):
    return read_structure(physical_lines(text))


def test_the_rule_set_is_recognised_from_the_text_not_from_a_number_list():
    assert follows_engineering_rules(physical_lines(ENGINEERING))
    gbt = "前言\n本文件按照GB/T 1.1—2020的规定起草。\n1 范围\n本文件规定了…\n2 规范性引用文件\n3 术语和定义\n3.1\n城市\ncity\n"
    assert not follows_engineering_rules(physical_lines(gbt))
    assert _structure().rules == "engineering"


def test_clauses_numbered_with_section_zero_hang_under_their_chapter_and_have_no_title():
    by = _structure().by_number()
    assert by["1.0.1"].parent == "1" and by["1.0.1"].title is None
    assert by["3.1.2"].parent == "3.1" and by["3.1"].title == "一般规定"
    assert by["A.0.1"].parent == "A" and by["A"].title == "数据目录"
    assert by["1.0.1"].blocks[0].text == "为规范城市信息模型平台工程建设，制定本标准。"


def test_list_items_are_numbered_1_with_1_under_them_and_a_number_that_breaks_the_list_stays_text():
    by = _structure().by_number()
    items = [(b.marker, b.level, b.text) for b in by["3.1.2"].blocks if b.kind == "item"]
    assert items[:4] == [("1", 1, "应统一空间参考；"), ("2", 1, "宜采用分布式存储："),
                         ("1)", 2, "数据分片存储；"), ("2)", 2, "数据多副本存储。")]
    assert items[4][:2] == ("3", 1)
    # `5 m 以内…` does not continue 3.1.3's list (it has none): running text, not item 5
    assert [b.kind for b in by["3.1.3"].blocks] == ["para", "para"]


def test_terms_are_read_from_chapter_2_with_their_english_and_without_revision_marks():
    by = _structure().by_number()
    assert by["2"].role == "terms" and by["2.0.1"].role == "term"
    assert by["2.0.1"].blocks[0].kind == "term" and by["2.0.1"].blocks[0].text == "城市信息模型 city information modeling"


def test_the_body_ends_where_the_commentary_begins_and_the_wording_note_is_no_clause():
    st = _structure()
    numbers = [c.number for c in st.clauses]
    assert numbers.count("1.0.1") == 1 and "本条说明" not in st.by_number()["1.0.1"].blocks[0].text
    assert not any("必须" in b.text for c in st.clauses for b in c.blocks)
    assert st.by_number()["引用标准名录"].role == "references"


def test_the_rosters_name_units_and_drafters_in_printed_order_but_not_the_reviewers():
    st = _structure()
    found = roster(st, ENGINEERING)
    assert [u for u, _ in found.units] == ["甲市规划设计研究院", "乙大学", "丙测绘有限公司"]
    assert [d for d, _ in found.drafters] == ["张三", "李四", "王五"]


@pytest.fixture(scope="module")
def loaded():
    result = load_gbt_text(ENGINEERING, Entry(id="x", file="x.txt", kind="standard", title="", number="",
                                              plan_number="", status="", source_file="", source=""),
                           Path("/nonexistent/corpus/x.txt"))
    doc = next(iter(result.graph.subjects(CDT.ingested, Literal(True))))
    return result.graph, doc


def test_the_front_matter_gives_number_dates_replaced_standard_and_contributors(loaded):
    g, doc = loaded
    assert (doc, CDT.standardNumber, Literal("GB/T 59999-2030")) in g
    assert str(g.value(doc, CDT.effectiveDate)) == "2031-03-01" and str(g.value(doc, DCTERMS.issued)) == "2030-10-08"
    old = g.value(doc, DCTERMS.replaces)
    assert (old, CDT.standardNumber, Literal("CJJ/T 999-2020")) in g
    assert len(list(g.objects(doc, CDT.draftedBy))) == 3 and len(list(g.objects(doc, CDT.drafter))) == 3
    assert (doc, CDT.gbt11Edition, None) not in g  # not drafted to GB/T 1.1: no edition of it is claimed


def test_references_come_from_the_list_of_cited_standards_title_first(loaded):
    g, doc = loaded
    numbers = {str(n) for r in g.objects(doc, CDT.normativeReference) for n in g.objects(r, CDT.standardNumber)}
    assert numbers == {"GB/T 13923", "GB/T 51212"}


def test_provisions_take_modality_from_their_own_words_or_the_lead_in(loaded):
    g, _ = loaded

    def modality_of(start):
        return {m for n, t in g.subject_objects(CDT.text) if str(t).startswith(start) for m in g.objects(n, CDT.modality)}

    assert modality_of("数据分片存储") == {CDT.Should}   # under `2 宜采用分布式存储：`
    assert modality_of("严禁泄露涉密数据") == {CDT.ShallNot}
    assert modality_of("数据更新周期不宜超过一年") == {CDT.ShouldNot}
    assert modality_of("平台可按需扩展") == {CDT.May}


def test_a_line_wrapped_before_a_number_continues_its_sentence_and_opens_no_item():
    text = ENGINEERING.replace("3.1.3 平台可按需扩展。", "3.1.3 平台扩展时，节点间距不应小于\n1 m，且可按需扩展。")
    blocks = read_structure(physical_lines(text)).by_number()["3.1.3"].blocks
    assert [b.kind for b in blocks][:1] == ["para"] and "1 m，且可按需扩展" in blocks[0].text


@settings(max_examples=60, deadline=None)
@given(strategies.lists(strategies.tuples(strategies.sampled_from(["drop", "duplicate", "truncate", "close-up"]),
                                          strategies.integers(0, 10_000)),
                max_size=12))
def test_a_mangled_engineering_text_never_crashes_the_reader(edits):
    lines = ENGINEERING.splitlines()
    for op, at in edits:
        i = at % len(lines)
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[(i * 7) % len(lines)])
        elif op == "truncate":
            lines[i] = lines[i][: at % (len(lines[i]) + 1)]
        else:
            lines[i] = lines[i].replace(" ", "")
    text = "\n".join(lines)
    structure = read_structure(physical_lines(text))
    roster(structure, text)
    assert all(c.number for c in structure.clauses)


def test_a_cover_without_a_number_takes_the_one_its_approval_notice_assigns():
    # a provincial standard's cover prints no number: the 公告 assigns it (`编号为DBJ99/T9999-2030`), and the
    # replaced standard the same sentence names stays a citation
    text = ENGINEERING.replace("GB/T 59999-2030\n", "", 1).replace("为国家标准，编号为GB/T 59999-2030，",
                                                                  "为工程建设标准，编号为DBJ99/T9999-2030，")
    result = load_gbt_text(text, Entry(id="x", file="x.txt", kind="standard", title="", number="", plan_number="",
                                       status="", source_file="", source=""), Path("/nonexistent/corpus/x.txt"))
    doc = next(iter(result.graph.subjects(CDT.ingested, Literal(True))))
    assert (doc, CDT.standardNumber, Literal("DBJ99/T 9999-2030")) in result.graph


def test_names_and_units_ocr_ran_together_are_cut_apart():
    # an OCR'd roster loses spaces and line breaks: each piece a surname and a given name, each unit a place,
    # a name and an organization's word
    text = ENGINEERING.replace("本标准参编单位：乙大学\n丙测绘有限公司", "本标准参编单位：浙江省城市规划设计研究院有限公司杭州市测绘中心") \
        .replace("本标准主要起草人员：张 三 李四、王五", "本标准主要起草人员：陈宏涛薛艳萍 王筱琪刘备\n陈伟包亮陈云峰")
    found = roster(_structure(text), text)
    assert [u for u, _ in found.units] == ["甲市规划设计研究院", "浙江省城市规划设计研究院有限公司", "杭州市测绘中心"]
    assert [d for d, _ in found.drafters] == ["陈宏涛", "薛艳萍", "王筱琪", "刘备", "陈伟", "包亮", "陈云峰"]


@pytest.mark.parametrize("token", ["欧阳晓明", "张三", "中华人民共和国", "标准化研究院"])
def test_a_name_or_word_that_cannot_be_cut_into_names_is_kept(token):
    from loaders.person_names import split_run_together_names

    assert split_run_together_names(token) == [token]
