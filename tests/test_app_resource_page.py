"""The explorer's resource page (app/pages/resource.py), through AppTest on the real corpus: every resource
has a page at `resource?iri=…` that says what the graph holds about it, in the way its kind calls for, and
names the resources around it as links to their own pages."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from streamlit.testing.v1 import AppTest

from loaders.build import DEFAULT_CORPUS, build
from test_app_pages import APP, TIMEOUT, col, frames, links, served_as_by_cdtkg_app, texts  # noqa: F401

R = "https://w3id.org/cdtkg/resource/"
TECHNICAL_REFERENCE_MODEL = R + "std/plan-20250317-T-469"
GBT_34678 = R + "std/GB-T-34678-2017"


@pytest.fixture(scope="module", autouse=True)
def built():
    build(DEFAULT_CORPUS)


def resource_page(iri: str = "", **query) -> AppTest:
    """The resource page of `iri` opened from its address, as a shared link opens it."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if iri:
        at.query_params["iri"] = iri
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("pages/resource.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, texts(at.error)
    return at


def frame_with(at: AppTest, heading: str):
    """The first table with a column headed `heading` (or `heading ›`, its cells opening pages)."""
    return next(f for f in frames(at) if heading in f.columns or heading + " ›" in f.columns)


def test_a_standard_page_gives_its_cover_facts_what_replaced_it_and_where_it_is_cited():
    at = resource_page(GBT_34678)
    assert texts(at.title) == ["GB/T 34678-2017"]
    facts = texts(at.markdown)[0]
    for fact in ("**标准号**：GB/T 34678-2017", "**名称**：智慧城市 技术参考模型", "**状态**：", "未收录（只被引用）"):
        assert fact in facts
    replaced = frame_with(at, "关系")
    assert list(replaced["关系"]) == ["被代替为"] and list(col(replaced, "标准号")) == ["计划号 20250317-T-469"]
    cites = frame_with(at, "被引标准")
    assert len(cites) == 8 and set(col(cites, "文件")) >= {"T/SZS 4042-2021", "20250317-T-469"}
    assert "被 3 份文件引用，共 8 处。" in texts(at.caption)
    assert ("在“标准与引用”中查看", "standards", {"view": "标准", "standard": "GB/T 34678-2017"}) in links(at)


def test_an_ingested_standard_names_its_drafting_units_and_drafters_and_lists_its_clauses():
    at = resource_page(TECHNICAL_REFERENCE_MODEL)
    assert texts(at.title) == ["城市全域数字化转型 技术参考模型"]
    headings = texts(at.markdown)
    assert {"#### 起草单位（46）", "#### 起草人（62）", "#### 条款（56）"} <= set(headings)
    units, drafters = [f for f in frames(at) if "名称 ›" in f.columns and len(f) in (46, 62)]
    assert col(units, "名称").iloc[0] == "中国电子技术标准化研究院" and len(drafters) == 62
    clauses = frame_with(at, "条款号")
    assert "范围" in set(clauses["条款标题"])
    facts = headings[0]
    assert "**计划号**：20250317-T-469" in facts and "**归口**：全国数据标准化技术委员会（SAC/TC 609）" in facts


def test_an_organization_page_lists_what_it_drafted():
    at = resource_page(R + "org/" + quote("华为技术有限公司"))
    assert texts(at.title) == ["华为技术有限公司"]
    work = frame_with(at, "角色")
    assert len(work) == 4 and set(work["角色"]) == {"起草单位"}
    assert {"T/SZS 4042-2021", "20250317-T-469"} <= set(col(work, "文件"))


def test_a_person_page_lists_what_they_drafted():
    at = resource_page(R + "person/" + quote("姜约瀚"))
    work = frame_with(at, "角色")
    assert list(work["角色"]) == ["起草人"] and len(work) == 1


def test_a_term_page_gives_every_definition_its_source_and_the_documents_using_it():
    at = resource_page(R + "concept/" + quote("城市数字底座"))
    assert texts(at.title) == ["城市数字底座"]
    body = texts(at.markdown)
    assert "#### 定义（2）" in body
    assert any(t.startswith("用于支撑城市全域数字化转型目标实现的数字基础设施") for t in body)
    assert any(t.startswith("为城市全域数字化转型发展、支撑城市数据融合创新场景") for t in body)
    assert "来源：GB/T 37043，4.3（原样采用）" in texts(at.caption)
    used = frame_with(at, "数量")
    assert {"20250317-T-469", "城市全域数字化转型 成熟度模型"} <= set(col(used, "文件"))
    assert ("在“术语”中对照各定义的差别", "terms", {"term": "城市数字底座"}) in links(at)


def test_a_framework_node_page_lists_its_planned_and_covering_standards():
    at = resource_page(R + "framework/A.2")
    assert texts(at.title) == ["参考架构"]
    assert "#### 规划标准（4）" in texts(at.markdown)
    covering = frame_with(at, "覆盖关系")
    assert "GB/T 34678-2017" in set(col(covering, "标准号"))
    assert ("在“标准体系”中查看它在体系树中的位置", "framework", {"node": "A.2"}) in links(at)


def test_a_capability_item_page_gives_its_five_levels():
    at = resource_page(R + "doc/gbt-maturity-model-ctmm-draft/item/" + quote("战略管理"))
    levels = frame_with(at, "等级名称")
    assert len(levels) == 5


def test_every_page_lists_all_statements_with_the_resources_named_as_links():
    at = resource_page(R + "framework/A.2")
    incoming = [f for f in frames(at) if "资源 ›" in f.columns][1]
    assert "GB/T 34678-2017" in set(incoming["资源 ›"]) and "属性" in incoming.columns


def test_an_unknown_resource_says_so_and_offers_a_lookup_by_name():
    at = resource_page(R + "std/GB-T-99999-2099")
    assert any("图谱中没有这个资源" in t for t in texts(at.info))
    at = resource_page(q="华为")
    found = frame_with(at, "类型")
    assert list(col(found, "名称")) == ["华为技术有限公司"] and list(found["类型"]) == ["组织"]


def test_a_resource_without_a_page_of_its_kind_opens_its_resource_page():
    from app.widgets import page_of

    org = R + "org/" + quote("华为技术有限公司")
    assert page_of(org) == ("resource", {"iri": org})
    assert page_of(R + "framework/A.2") == ("framework", {"node": "A.2"})
