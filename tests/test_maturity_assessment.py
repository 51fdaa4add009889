"""The self-assessment against the maturity model (CTMM), on the real corpus.

CTMM chapter 6: a higher level requires every feature of the lower levels. A
domain stands at the level all its items reach; the city at the level all its
domains reach.
"""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from loaders.build import DEFAULT_CORPUS
from built import built_graph
from queries.maturity_assessment import NO_LEVEL_LABEL, Answers, assess, assessment_rows, assessment_xlsx, load_model
from queries.maturity_assessment import model_documents

DOMAINS = ["适数化改革", "城市数字底座", "智慧高效治理", "精准普惠服务", "产城融合发展", "城市数字更新"]


@pytest.fixture(scope="module")
def model():
    return load_model(built_graph(DEFAULT_CORPUS))


def item(model, label):
    return next(i for i in model.items if i.label == label)


def everything_at(model, level, **overrides):
    picked = {i.iri: level for i in model.items}
    picked.update({item(model, label).iri: n for label, n in overrides.items()})
    return picked


def texts(statements):
    return [s.text for s in statements]


# --- the model as the graph holds it ----------------------------------------------------------
def test_the_model_is_known_by_the_document_that_defines_it(model):
    engine = built_graph(DEFAULT_CORPUS)
    [document] = model_documents(engine)
    assert (document["designation"], document["items"]) == ("城市全域数字化转型 成熟度模型", 39)
    assert load_model(engine, document["model"]) == model
    assert load_model(engine, "https://w3id.org/cdtkg/resource/doc/no-such-model").items == ()


def test_the_model_has_five_levels_six_domains_and_39_items_each_with_five_cells(model):
    assert model.levels == {1: "基础级", 2: "发展级", 3: "协同级", 4: "融合级", 5: "引领级"}
    assert [label for _, label in model.domains] == DOMAINS
    assert len(model.items) == 39
    assert all(sorted(i.features) == [1, 2, 3, 4, 5] for i in model.items)
    assert [len(model.items_of(iri)) for iri, _ in model.domains] == [8, 10, 6, 7, 5, 3]


def test_an_item_reads_its_cells_statement_by_statement(model):
    strategy = item(model, "战略制定")
    assert strategy.domain_label == "适数化改革" and strategy.subdomain_label == "战略"
    assert texts(strategy.features[2].statements) == ["结合区域发展实际需求和特色，制定重点领域分项数字化转型战略"]
    sensing = item(model, "感知设施")
    assert [s.marker for s in sensing.features[3].statements] == ["a)", "b)", "c)"]
    assert texts(sensing.features[3].statements) == [
        "城市感知设施实现统一纳管",
        "重点行业感知数据实现本级统筹管理，支持本级调用",
        "开展城市生命线数字更新改造，具备监测预警和风险管控能力",
    ]
    assert sensing.features[3].locator == "表5 感知设施 三级"


def test_level_names_follow_the_document(model):
    assert model.level_label(3) == "三级（协同级）"
    assert model.level_label(0) == NO_LEVEL_LABEL == "未达一级"


# --- the rule ---------------------------------------------------------------------------------------
def test_a_city_picking_level_three_everywhere_is_level_three_in_every_domain(model):
    a = assess(model, Answers(picked=everything_at(model, 3)))
    assert a.level == 3 and a.level_label == "三级（协同级）"
    assert [(d.label, d.level, d.mean) for d in a.domains] == [(label, 3, 3.0) for label in DOMAINS]


def test_one_weak_item_holds_its_domain_and_the_city_back(model):
    a = assess(model, Answers(picked=everything_at(model, 5, 感知设施=2)))
    assert a.domain("城市数字底座").level == 2
    assert a.domain("适数化改革").level == 5
    assert a.level == 2
    assert [d.label for d in a.holding_back] == ["城市数字底座"]
    [weak] = a.domain("城市数字底座").holding_back
    assert weak.item.label == "感知设施" and weak.next_level == 3
    assert texts(weak.missing) == texts(item(model, "感知设施").features[3].statements)


def test_a_level_whose_lower_features_are_missing_does_not_count(model):
    strategy = item(model, "战略制定")
    ticked = {s.iri for n in (1, 3) for s in strategy.features[n].statements}
    r = assess(model, Answers(ticked=frozenset(ticked))).item(strategy.iri)
    assert r.level == 1
    assert r.held_above == (3,)
    assert texts(r.missing) == ["结合区域发展实际需求和特色，制定重点领域分项数字化转型战略"]


def test_every_statement_of_a_level_is_needed(model):
    sensing = item(model, "感知设施")
    first, second = sensing.features[1].statements
    r = assess(model, Answers(ticked=frozenset({first.iri}))).item(sensing.iri)
    assert r.level == 0 and r.next_level == 1
    assert r.missing == (second,)


def test_ticks_add_to_a_picked_level(model):
    sensing = item(model, "感知设施")
    ticks = frozenset(s.iri for s in sensing.features[3].statements)
    r = assess(model, Answers(picked={sensing.iri: 2}, ticked=ticks)).item(sensing.iri)
    assert r.level == 3 and r.next_level == 4


def test_the_top_level_has_no_next_level(model):
    a = assess(model, Answers(picked=everything_at(model, 5)))
    assert a.level == 5 and a.holding_back == ()
    assert all(r.next_level is None and r.missing == () for r in a.items)


def test_an_unanswered_assessment_is_below_level_one_everywhere(model):
    a = assess(model, Answers())
    assert a.level == 0 and all(d.level == 0 for d in a.domains)
    assert len(a.holding_back) == 6


# --- standards that help --------------------------------------------------------------------------------
def test_the_standards_a_feature_cites_help_its_item(model):
    platform = model.helpers[item(model, "共性支撑平台").iri]
    cited = [h for h in platform if any(v.startswith("等级特征引用") for v in h.via)]
    assert [(h.designation, h.title, h.status) for h in cited] == [
        ("编号待定", "城市全域数字化转型 城市智能中枢 能力评价", "计划中")]


def test_standards_covering_the_matching_framework_node_help_the_item(model):
    sensing = model.helpers[item(model, "感知设施").iri]
    covering = {h.designation for h in sensing if any(v == "覆盖对应的体系节点：B.1.1 感知基础设施" for v in h.via)}
    assert "GB/T 28181-2022" in covering
    planned = [h.title for h in sensing if h.status == "规划"]
    assert planned == sorted(["感知终端部署及管理", "感知终端互操作", "感知终端系统", "城市感知数据模型", "感知平台及接口"])
    # standards in force come before what is only planned
    assert sensing[0].status != "规划" and sensing[-1].status == "规划"


# --- export --------------------------------------------------------------------------------------------------
def test_the_assessment_exports_as_a_workbook_with_one_row_per_item(model):
    a = assess(model, Answers(picked=everything_at(model, 5, 感知设施=2)))
    tables = assessment_rows(a)
    assert tables["总体"][0] == {"范围": "城市总体", "等级": 2, "等级名称": "二级（发展级）", "能力项平均等级": ""}
    assert [r["能力项"] for r in tables["提升要点"]] == ["感知设施"] * 3
    wb = load_workbook(io.BytesIO(assessment_xlsx(a, "示例市")))
    assert wb.sheetnames == ["总体", "能力项", "提升要点", "说明"]
    items = wb["能力项"]
    assert items.max_row == 40 and items.freeze_panes == "A2"
    assert [c.value for c in items[1]][:5] == ["能力域", "能力子域", "能力项", "等级", "等级名称"]
    sensing_row = next(row for row in items.iter_rows(min_row=2, values_only=True) if row[2] == "感知设施")
    assert sensing_row[3:5] == (2, "二级（发展级）")
    assert wb["说明"]["B1"].value == "示例市"
