"""Every named query of queries/*.rq, run on the real built graph, returns the rows it should.

List cells (…；…) are compared as sets: SPARQL does not fix the order GROUP_CONCAT joins in.
"""
from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from queries.library import QUERY_DIR, named_queries
from queries.result_formats import COLUMN_NAMES
from built import built_graph
from queries.graph import Graph
from queries.runner import EmbeddedBackend

# The app's own page queries (app_*.rq) are tested with the pages that use them.
OURS = sorted(n for n in named_queries() if not n.startswith("app_"))


@pytest.fixture(scope="module")
def runner() -> Graph:
    return built_graph()


def rows(runner, name, **params):
    return runner.named(name, params).records()


def parts(cell) -> set[str]:
    return set(cell.split("；")) if cell else set()


def example(query) -> dict:
    return dict(pair.split("=", 1) for pair in query.meta.get("example", []))


# --- every query -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", OURS)
def test_header_is_complete(name):
    q = named_queries()[name]
    zh, _, en = q.title.partition(" / ")
    assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[A-Za-z]", en), q.title
    assert q.purpose and q.returns and q.meta.get("used-by")
    for p in q.params:
        assert p.doc, f"{name}: parameter {p.name} has no description"
    if any(p.required for p in q.params):
        assert example(q), f"{name}: a query with a required parameter gives an `# example:`"


@pytest.mark.parametrize("name", OURS)
def test_runs_with_its_example_and_returns_the_declared_columns_with_chinese_headings(runner, name):
    q = named_queries()[name]
    result = runner.named(name, example(q))
    assert result.variables == [v.lstrip("?") for v in q.returns]
    assert len(result) > 0, f"{name} returned nothing on the real corpus"
    for v in result.variables:
        assert v in COLUMN_NAMES, f"{name}: column ?{v} has no Chinese heading in COLUMN_NAMES"


@pytest.mark.parametrize("name", OURS)
def test_no_bare_iris_in_results_except_an_iri_column(runner, name):
    result = runner.named(name, example(named_queries()[name]))
    for row in result.rows:
        for var, term in zip(result.variables, row):
            assert term is None or term.kind != "uri" or var == "iri", f"{name}: ?{var} holds an IRI"


@pytest.mark.parametrize("name", [n for n in OURS if named_queries()[n].params])
def test_parameters_are_used_only_where_the_values_block_position_does_not_matter(runner, name):
    """A VALUES block joins its whole group: the rows are the same whether it opens the group (as for
    the embedded engine) or closes it (as for an endpoint)."""
    from queries.binding import bind_declared, inject_values

    q = named_queries()[name]
    bindings = bind_declared(q, example(q))
    values = lambda text: sorted(repr([t.value if t is not None else None for t in row])  # noqa: E731
                                 for row in runner.backend.store.query(text))
    opened = values(inject_values(q.text, bindings))
    assert opened == values(inject_values(q.text, bindings, opening=False))
    assert opened, f"{name}: the example gives no rows, so this test shows nothing"


def test_every_rq_file_is_a_named_query():
    assert sorted(p.stem for p in QUERY_DIR.glob("*.rq")) == sorted(named_queries())


# --- terms ------------------------------------------------------------------------------------------------------
def test_term_definitions_lists_all_19_entries_side_by_side(runner):
    result = rows(runner, "term_definitions")
    assert len(result) == 19
    base = [r for r in result if r["term"] == "城市数字底座"]
    assert [(r["document"], r["locator"], r["sourceStandard"], r["sourceClause"], r["relation"]) for r in base] == [
        ("20250317-T-469", "3.5", "GB/T 37043", "4.3", "原样采用"),
        ("城市全域数字化转型 成熟度模型", "3.3", None, None, None),
    ]
    assert base[0]["definition"] == ("用于支撑城市全域数字化转型目标实现的数字基础设施、数据资源、数字化共性基础、"
                                     "安全保障体系等内容的有机整体。")


def test_term_definitions_finds_by_english_words_too(runner):
    result = rows(runner, "term_definitions", keyword="Data Governance")
    assert [(r["term"], r["document"], r["relation"]) for r in result] == [
        ("数据治理", "T/SZS 4042-2021", None),
        ("数据治理", "城市全域数字化转型 成熟度模型", "有修改"),
    ]


def test_term_definitions_keeps_notes(runner):
    (entry,) = rows(runner, "term_definitions", keyword="共性组件")
    assert entry["note"] == "共性组件无需针对每个系统或应用进行单独开发。"
    assert (entry["sourceStandard"], entry["sourceClause"]) == ("GB/T 37043", "7.5")


def test_terms_defined_differently_are_the_three_shared_terms(runner):
    result = rows(runner, "terms_defined_differently")
    assert [(r["term"], r["document"], r["locator"]) for r in result] == [
        ("城市全域数字化转型", "20250317-T-469", "3.1"),
        ("城市全域数字化转型", "城市全域数字化转型 成熟度模型", "3.1"),
        ("城市数字底座", "20250317-T-469", "3.5"),
        ("城市数字底座", "城市全域数字化转型 成熟度模型", "3.3"),
        ("数据治理", "T/SZS 4042-2021", "3.6"),
        ("数据治理", "城市全域数字化转型 成熟度模型", "3.4"),
    ]
    assert {r["variants"] for r in result} == {2}


def test_abbreviations_and_their_inconsistent_expansions(runner):
    result = rows(runner, "abbreviations")
    assert len(result) == 26
    assert {r["abbreviation"] for r in result if r["variants"] > 1} == {"API"}
    api = rows(runner, "abbreviations", keyword="api")
    assert [(r["expansion"], r["document"]) for r in api] == [
        ("应用程序编程接口", "20250317-T-469"), ("应用程序接口", "城市全域数字化转型 成熟度模型")]
    assert {r["expansionEn"] for r in api} == {"Application Programming Interface"}


# --- citations ---------------------------------------------------------------------------------------------------
def test_citations_of_a_standard_in_any_spelling(runner):
    result = rows(runner, "citations_of_standard", standard="gb/t 34678—2017")
    assert [(r["document"], r["locator"], r["kind"], r["citedLocator"]) for r in result] == [
        ("20250317-T-469", "前言", "正文引用", None),
        ("T/SZS 4042-2021", "2 GB/T 34678-2017", "规范性引用", None),
        ("T/SZS 4042-2021", "8.1.5.2", "正文引用", None),
        ("T/SZS 4042-2021", "8.1.6 b)", "正文引用", "第7章"),
        ("T/SZS 4042-2021", "8.2.5.2", "正文引用", None),
        ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "一、2.", "正文引用", None),
        ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "二、3.", "正文引用", None),
        ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "十二", "正文引用", None),
    ]


def test_citations_of_a_dated_number_include_the_undated_reference(runner):
    result = rows(runner, "citations_of_standard", standard="GB/T 37043-2018")
    assert [(r["document"], r["locator"], r["kind"], r["citedAs"]) for r in result] == [
        ("20250317-T-469", "3", "术语来源", "GB/T 37043"),
        ("城市全域数字化转型 成熟度模型", "参考文献 [12]", "参考文献", "GB/T 37043-2018"),
    ]
    assert result[0]["text"] == "GB/T 37043界定的以及下列术语和定义适用于本文件。"


def test_an_undated_number_finds_the_citations_of_every_edition_though_none_cites_it_undated(runner):
    dated = rows(runner, "citations_of_standard", standard="GB/T 34678-2017")
    assert rows(runner, "citations_of_standard", standard="GB/T 34678") == dated and len(dated) == 8
    assert len(rows(runner, "citations_of_standard", standard="GB/T 43697")) >= 1
    assert rows(runner, "citations_of_standard", standard="GB/T 99999") == []


def test_citations_keep_the_cited_clause(runner):
    result = rows(runner, "citations_of_standard", standard="GB/T 28181-2022")
    assert [(r["locator"], r["kind"], r["citedLocator"]) for r in result] == [
        ("2 GB/T 28181-2022", "规范性引用", None), ("7.3.2.4 b)", "正文引用", "4.1.4")]


def test_what_a_document_cites(runner):
    result = rows(runner, "document_citations", document="T/SZS 4042—2021")
    assert len(result) == 17
    assert [r["citedAs"] for r in result if r["kind"] == "规范性引用"] == [
        "GB/T 33356", "GB/T 34678-2017", "GB/T 34680.1", "GB/T 35295-2017", "GB/T 36333",
        "GB/T 38667-2020", "T/AIITRE 10001-2020", "T/AIITRE 20001-2020"]
    assert {"locator": "8.1.6 b)", "kind": "正文引用", "citedAs": "GB/T 34678-2017",
            "citedTitle": "智慧城市 技术参考模型", "citedLocator": "第7章", "status": "被代替"} in result


def test_what_a_document_cites_by_plan_number(runner):
    result = rows(runner, "document_citations", document="20250317-T-469")
    in_text = [(r["locator"], r["citedAs"], r["citedLocator"]) for r in result if r["locator"].startswith("7.5")]
    assert in_text == [
        ("7.5 a)", "GB/T 37971-2019", "第7章"), ("7.5 b)", "GB/T 37971-2019", "第9章"),
        ("7.5 c)", "GB/T 36637-2018", None), ("7.5 c)", "GB/T 43698-2024", None),
        ("7.5 d)", "GB 45438-2025", None), ("7.5 d)", "GB/T 45654-2025", None),
        ("7.5 d)", "GB/T 45674-2025", None),
        ("7.5 e)", "GB/T 22239-2019", None), ("7.5 e)", "GB/T 39786-2021", None),
    ]
    assert sum(r["kind"] == "规范性引用" for r in result) == 14


def test_cited_in_the_text_but_missing_from_chapter_2(runner):
    assert rows(runner, "references_cited_not_listed") == [
        {"document": "20250317-T-469", "citedAs": "GB/T 43697-2024", "citedTitle": None,
         "locators": "7.2.9 a)", "inBibliography": "否"}]


def test_listed_in_chapter_2_but_never_cited(runner):
    assert [(r["document"], r["number"], r["title"]) for r in rows(runner, "references_listed_not_cited")] == [
        ("T/SZS 4042-2021", "GB/T 35295-2017", "信息技术 大数据 术语"),
        ("T/SZS 4042-2021", "GB/T 38667-2020", "信息技术 大数据 数据分类指南"),
        ("T/SZS 4042-2021", "T/AIITRE 10001-2020", "数字化转型 参考架构"),
        ("T/SZS 4042-2021", "T/AIITRE 20001-2020", "数字化转型 新型能力体系建设指南"),
    ]


def test_citations_of_superseded_standards_say_what_replaces_them(runner):
    result = rows(runner, "superseded_citations")
    assert [(r["document"], r["locator"]) for r in result] == [
        ("20250317-T-469", "前言"),
        ("T/SZS 4042-2021", "2 GB/T 34678-2017"), ("T/SZS 4042-2021", "8.1.5.2"),
        ("T/SZS 4042-2021", "8.1.6 b)"), ("T/SZS 4042-2021", "8.2.5.2"),
        ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "一、2."),
        ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "二、3."),
        ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "十二"),
    ]
    assert {(r["citedAs"], r["replacedBy"]) for r in result} == {
        ("GB/T 34678-2017", "20250317-T-469《城市全域数字化转型 技术参考模型》")}


def test_standards_catalogue(runner):
    result = rows(runner, "standards_catalogue")
    by_number = {r["number"]: r for r in result if r["number"]}
    assert by_number["GB/T 34678-2017"] | {"iri": None} == {
        "number": "GB/T 34678-2017", "title": "智慧城市 技术参考模型", "kind": "标准", "status": "被代替",
        "replacedBy": "20250317-T-469", "citedBy": 3, "ingested": "否", "iri": None}
    assert by_number["T/SZS 4042-2021"]["ingested"] == "是"
    assert by_number["GB/T 1.1-2020"]["citedBy"] == 3
    assert by_number["20250317-T-469"]["status"] == "征求意见稿"
    assert {r["title"] for r in result if r["kind"] == "技术文件"} >= {
        "城市全域数字化转型 城市数字底座建设指引", "城市全域数字化转型 城市智能中枢 共性组件技术要求"}
    assert by_number["GB/T 34678-2017"]["iri"] == "https://w3id.org/cdtkg/resource/std/GB-T-34678-2017"
    assert [r["number"] for r in rows(runner, "standards_catalogue", keyword="34678")] == ["GB/T 34678-2017"]


# --- framework and gaps ------------------------------------------------------------------------------------------
def test_framework_tree_in_notation_order(runner):
    result = rows(runner, "framework_tree")
    notations = [r["notation"] for r in result]
    assert notations[:8] == ["A", "A.1", "A.2", "A.3", "A.4", "B", "B.1", "B.1.1"]
    assert [r["label"] for r in result if r["depth"] == 1] == ["基础术语及通用架构", "数字底座", "转型应用", "建设管理", "安全保障"]
    node = {r["notation"]: r for r in result}["B.2.1.1.1"]
    assert (node["label"], node["depth"], node["parentNotation"], node["plannedCount"], node["locator"]) == (
        "城市数据资源目录", 5, "B.2.1.1", 11, "三、（二）2.（1）1）①")
    assert [r["notation"] for r in rows(runner, "framework_tree", part="e")] == [
        "E", "E.1", "E.2", "E.3", "E.4", "E.5", "E.5.1", "E.5.2"]


def test_gap_analysis_one_row_per_framework_node(runner):
    result = rows(runner, "gap_analysis")
    tree = rows(runner, "framework_tree")
    assert [r["notation"] for r in result] == [r["notation"] for r in tree]
    by = {r["notation"]: r for r in result}
    assert by["B.1"]["verdict"] == "见下级"
    assert (by["B.1.3"]["verdict"], by["B.1.3"]["plannedCount"]) == ("遵循外部标准", 0)
    assert by["B.2.1.1.1"]["plannedCount"] == 11 and "数据目录编制指南" in parts(by["B.2.1.1.1"]["planned"])
    assert "T/SZS 4042-2021 城市数字化转型顶层设计指南（现行，实现规划标准“顶层设计指南”）" in parts(by["D.1"]["covering"])
    assert set(r["verdict"] for r in result) <= {"已覆盖", "部分覆盖", "遵循外部标准", "见下级", "缺口"}
    assert "成熟度模型（2027）" in parts(by["D.4"]["topics"])


def _store_with(runner, turtle: str) -> Graph:
    """A copy of the real graph with some triples added, to check a verdict rule exactly."""
    store = ox.Store()
    store.extend(runner.backend.store.quads_for_pattern(None, None, None))
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE)
    return Graph(EmbeddedBackend(store))


def test_gap_verdicts_follow_status_and_relationship(runner):
    extra = _store_with(runner, """
        @prefix cdt: <https://w3id.org/cdtkg/ontology#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        <urn:x:published> a cdt:Standard ; cdt:standardNumber "GB/T 99999-2026" ; dcterms:title "数字友好服务规范"@zh ;
            cdt:status cdt:Published .
        <urn:x:draft> a cdt:Standard ; cdt:standardNumber "GB/T 99998-2026" ; dcterms:title "民意速办指南"@zh ;
            cdt:status cdt:Draft .
        <urn:x:m1> a cdt:CoverageMapping ; cdt:mappedStandard <urn:x:published> ;
            cdt:mappedTo <https://w3id.org/cdtkg/resource/framework/C.4.3> ; cdt:relationship cdt:Equivalent ;
            cdt:mappingMethod "curated" .
        <urn:x:m2> a cdt:CoverageMapping ; cdt:mappedStandard <urn:x:draft> ;
            cdt:mappedTo <https://w3id.org/cdtkg/resource/framework/C.3.2> ; cdt:relationship cdt:Equivalent ;
            cdt:mappingMethod "curated" .
    """)
    before = {r["notation"]: r["verdict"] for r in rows(runner, "gap_analysis")}
    after = {r["notation"]: r for r in rows(extra, "gap_analysis")}
    assert (before["C.4.3"], before["C.3.2"]) == ("缺口", "缺口")
    assert after["C.4.3"]["verdict"] == "已覆盖"
    assert after["C.4.3"]["covering"] == "GB/T 99999-2026 数字友好服务规范（现行，等同）"
    assert after["C.3.2"]["verdict"] == "部分覆盖"
    assert after["C.3.2"]["covering"] == "GB/T 99998-2026 民意速办指南（征求意见稿，等同）"


def test_roadmap_progress_for_2027(runner):
    result = rows(runner, "roadmap_progress")
    assert [r["topic"] for r in result] == ["术语", "参考架构", "成熟度模型", "运营运维", "智能中枢", "数字孪生",
                                            "数据治理与利用", "数字更新", "典型场景应用"]
    maturity = result[2]
    assert "城市全域数字化转型 成熟度模型（征求意见稿）" in parts(maturity["documents"])
    assert maturity["nodes"] == "D.4" and maturity["inProgress"] >= 1
    assert {r["state"] for r in result} <= {"已有现行标准", "在编", "有相关文件（状态未知）", "未启动"}


def test_key_standards_2030(runner):
    result = rows(runner, "key_standards_2030")
    assert [r["topic"] for r in result] == ["城市全域数字化转型成熟度模型", "城市智能中枢", "服务主体能力评价指标", "城市感知体系"]
    assert [r["nodes"] for r in result] == ["D.4", "B.2", "D.4", "B.1.1"]
    assert "城市全域数字化转型 城市智能中枢 能力评价（计划中）" in parts(result[1]["documents"])
    assert rows(runner, "roadmap_progress", year="2030") == result


def test_roadmap_overall_against_the_target_of_30(runner):
    (row,) = rows(runner, "roadmap_overall")
    assert (row["year"], row["target"], row["plannedStandards"], row["topicCount"]) == (2027, 30, 290, 9)
    assert row["remaining"] == 30 - row["fulfilledPublished"] - row["fulfilledInProgress"]
    assert row["fulfilledPublished"] + row["fulfilledInProgress"] >= 3   # 001, 003 and T/SZS 4042 fulfil plans


# --- maturity ---------------------------------------------------------------------------------------------------
def test_maturity_matrix_is_39_by_5(runner):
    result = rows(runner, "maturity_matrix")
    assert len(result) == 39
    assert all(r[f"level{n}"] for r in result for n in range(1, 6))
    first = result[0]
    assert (first["domain"], first["subdomain"], first["item"], first["table"]) == ("适数化改革", "战略", "战略制定", "表1")
    assert first["level1"].startswith("a) 在城市相关规划文件中提出数字化转型目标及发展方向")
    assert len({r["domain"] for r in result}) == 6 and len({r["subdomain"] for r in result}) == 20


def test_one_item_across_the_levels(runner):
    result = rows(runner, "maturity_item", item="共性支撑平台")
    assert [(r["level"], r["levelName"], r["category"], r["locator"]) for r in result] == [
        (1, "基础级", "潜力发展类", "表7 共性支撑平台 一级"), (2, "发展级", "潜力发展类", "表7 共性支撑平台 二级"),
        (3, "协同级", "提档升级类", "表7 共性支撑平台 三级"), (4, "融合级", "创新引领类", "表7 共性支撑平台 四级"),
        (5, "引领级", "创新引领类", "表7 共性支撑平台 五级")]
    assert result[0]["text"].startswith("a) 建立城市数字资产目录，建设基础性、部门级数字资源管理系统； b) 部门独立建设技术支持平台；")
    assert result[0]["text"].endswith("得分应不低于 50 分")


def test_the_items_of_a_domain(runner):
    result = rows(runner, "maturity_domain", domain="城市数字底座")
    assert [(r["subdomainNumber"], r["item"]) for r in result][:4] == [
        ("8.2.1", "感知设施"), ("8.2.1", "网络设施"), ("8.2.1", "算力设施"), ("8.2.1", "数据流通利用设施")]
    assert {r["domainNumber"] for r in result} == {"8.2"}
    assert rows(runner, "maturity_domain", domain="8.2") == result
    assert len(rows(runner, "maturity_domain")) == 39


def test_the_five_levels(runner):
    result = rows(runner, "maturity_levels")
    assert [(r["level"], r["levelName"], r["altName"], r["category"], r["locator"]) for r in result] == [
        (1, "基础级", "一级", "潜力发展类", "6 a)"), (2, "发展级", "二级", "潜力发展类", "6 b)"),
        (3, "协同级", "三级", "提档升级类", "6 c)"), (4, "融合级", "四级", "创新引领类", "6 d)"),
        (5, "引领级", "五级", "创新引领类", "6 e)")]


# --- reference model ----------------------------------------------------------------------------------------------
def test_requirements_of_data_security_are_all_shall(runner):
    result = rows(runner, "element_requirements", element="数据安全")
    assert [(r["modalityName"], r["locator"]) for r in result] == [
        ("应", "7.2.9 a)"), ("应", "7.2.9 b)"), ("应", "7.2.9 c)"), ("应", "7.2.9 d)"), ("应", "7.2.9 e)"),
        ("应", "7.2.9 f)")]
    assert result[3]["text"] == "建立数据备份与灾难恢复机制，确保关键数据可恢复；"


def test_requirements_of_an_element_named_in_a_list_item(runner):
    result = rows(runner, "element_requirements", element="身份认证")
    assert [(r["modalityName"], r["locator"]) for r in result] == [
        ("应", "7.3.1 a) 1)"), ("应", "7.3.1 a) 2)"), ("应", "7.3.1 a) 3)"), ("应", "7.3.1 a) 4)"),
        ("陈述", "7.3.1 a)")]
    assert rows(runner, "element_requirements", element="身份认证", modality="应") == result[:4]


def test_requirements_sorted_by_modality(runner):
    result = rows(runner, "element_requirements", element="终端设备")
    assert [r["modalityName"] for r in result] == ["应", "应", "应", "宜", "宜", "宜"]
    assert [r["locator"] for r in result] == [f"7.1.1.1 {m})" for m in "abcdef"]


def test_an_element_found_by_its_2017_name(runner):
    assert rows(runner, "element_requirements", element="智慧应用层") == rows(runner, "element_requirements",
                                                                              element="应用层")


def test_model_relations(runner):
    result = rows(runner, "model_relations")
    triples = [(r["subject"], r["relation"], r["object"]) for r in result]
    assert triples[:3] == [("数据层", "依赖", "设施层"), ("共性能力层", "依赖", "数据层"), ("应用层", "依赖", "共性能力层")]
    assert sum(r["relation"] == "约束" for r in result) == 12
    assert [t for t in triples if t[1] == "由…构成"] == [
        ("城市数字底座", "由…构成", "设施层"), ("城市数字底座", "由…构成", "数据层"), ("城市数字底座", "由…构成", "共性能力层"),
        ("城市智能中枢", "由…构成", "数据层"), ("城市智能中枢", "由…构成", "共性能力层")]
    assert len(rows(runner, "model_relations", element="数据层")) == 7


def test_model_elements(runner):
    result = rows(runner, "model_elements")
    assert len(result) == 64
    by = {r["elementName"]: r for r in result}
    assert (by["感知设施"]["kind"], by["感知设施"]["parent"], by["感知设施"]["specifiedBy"], by["感知设施"]["formerName"]) == (
        "组成要素", "设施层", "7.1.1", "物联感知层")
    assert parts(by["数据层"]["specifiedBy"]) == {"7.2", "7.2.1"}
    assert by["全领域推进"]["kind"] == "概念模型视角" and by["城市数字底座"]["kind"] == "组合要素"


# --- people -------------------------------------------------------------------------------------------------------
def test_drafters_of_a_document_in_printed_order(runner):
    result = rows(runner, "drafters_by_document", document="T/SZS 4042-2021")
    units = [r["name"] for r in result if r["role"] == "起草单位"]
    drafters = [r["name"] for r in result if r["role"] == "起草人"]
    assert (len(units), len(drafters)) == (11, 25)
    assert units[:3] == ["华为技术有限公司", "深圳市标准技术研究院", "中国电子技术标准化研究院"]
    assert drafters[-1] == "赵明君"


def test_who_wrote_what_in_the_explanatory_note(runner):
    result = rows(runner, "drafters_by_document", document="编制说明")
    authors = [r for r in result if r["role"] == "编写分工"]
    assert len(authors) == 61
    assert {"documentName": "国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "role": "编写分工",
            "position": 61, "name": "杨珍", "affiliation": "上海零数众合信息科技有限公司",
            "task": "参与编写设施层等内容。"} in authors
    assert len(rows(runner, "drafters_by_document")) == 431


def test_units_shared_between_documents(runner):
    result = rows(runner, "shared_units")
    assert len(result) == 47
    top = {r["unit"] for r in result if r["documentCount"] == 4}
    assert top == {"中国电子技术标准化研究院", "中国联合网络通信有限公司智能城市研究院", "华为技术有限公司"}
    unicom = next(r for r in result if r["unit"] == "中国联合网络通信有限公司智能城市研究院")
    assert parts(unicom["nameForms"]) == {"中国联合网络通信有限公司智能城市研究院", "中国联通智能城市研究院"}
    assert parts(unicom["documents"]) == {"20250317-T-469", "T/SZS 4042-2021", "城市全域数字化转型 成熟度模型",
                                          "国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明"}


def test_drafters_shared_between_documents(runner):
    result = rows(runner, "shared_drafters")
    assert len(result) == 63
    assert {r["name"] for r in result if r["documentCount"] == 4} == {"崔昊", "张红卫"}


def test_the_drafting_findings_agree_with_the_checks_of_cdtkg_validate(runner):
    """The named queries are the analyst's tables of what `cdtkg validate` reports: they must not disagree."""
    from loaders.build import load_store
    from loaders.checks import run_checks

    checks = run_checks(load_store())

    def found(source):
        return {(r.label, r.locator) for r in checks if r.source == source}

    cited = {(r["citedAs"], loc) for r in rows(runner, "references_cited_not_listed")
             for loc in r["locators"].split("；")}
    assert found("cited_not_listed") == cited
    listed = {r["number"] for r in rows(runner, "references_listed_not_cited")}
    assert {label for label, _ in found("listed_not_cited")} == listed
    # every superseded citation the check reports is in the table (which also shows the
    # replacing document's own foreword and note, not findings)
    table = {loc for r in rows(runner, "superseded_citations") for loc in [r["locator"]]}
    assert {loc.split("，")[0] for _, loc in found("superseded_citation")} <= table
