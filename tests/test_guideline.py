"""The standards-system guide (000) read into the graph: document, headings, A–E framework,
planned standards, 2027/2030 targets and their topics.

Expectations are on the real corpus file; the revised-edition tests edit that
text the way a new edition would (renumbered chapters, added items and headings)
and expect the same code to follow.
"""
from collections import Counter
from pathlib import Path
import shutil

import pytest
from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS, FOAF, SKOS, XSD

from loaders import ids
from loaders.guideline import load_guideline
from loaders.guideline_framework import read_framework
from loaders.guideline_lists import enumerations
from loaders.guideline_outline import read_outline
from loaders.guideline_roadmap import read_curated, read_targets, relate_topics
from loaders.manifest import read_manifest
from loaders.problems import LoadResult
from loaders.pdf_text import read_text
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _entry():
    return next(e for e in read_manifest(CORPUS) if e.kind == "guideline")


@pytest.fixture(scope="module")
def loaded():
    entry = _entry()
    return load_guideline(CORPUS / entry.file, entry), ids.entry_iri(entry)


@pytest.fixture(scope="module")
def g(loaded):
    return loaded[0].graph


def node(notation):
    return ids.framework_node_iri(notation)


def label(g, s):
    return str(g.value(s, SKOS.prefLabel))


def planned(g, notation):
    """Planned standards of a node, in printed order."""
    items = [(int(g.value(p, CDT.order)), str(g.value(p, SKOS.prefLabel)))
             for p in g.subjects(CDT.plannedUnder, node(notation))]
    return [lab for _, lab in sorted(items)]


def children(g, notation):
    kids = [(str(g.value(k, SKOS.notation)), label(g, k)) for k in g.subjects(SKOS.broader, node(notation))]
    return sorted(kids, key=lambda x: [int(p) if p.isdigit() else p for p in x[0].split(".")])


def nodes(g):
    return set(g.subjects(RDF.type, CDT.FrameworkNode))


# --- the document ---------------------------------------------------------------

def test_the_guide_is_a_draft_guideline_dated_january_2026(g, loaded):
    doc = loaded[1]
    assert {CDT.Guideline, CDT.Document} <= set(g.objects(doc, RDF.type))
    assert g.value(doc, DCTERMS.title) == Literal("城市全域数字化转型标准体系建设指南", lang="zh")
    assert g.value(doc, CDT.status) == CDT.Draft
    assert g.value(doc, CDT.draftStage) == Literal("征求意见稿", lang="zh")
    assert g.value(doc, DCTERMS.date) == Literal("2026-01", datatype=XSD.gYearMonth)
    assert g.value(doc, CDT.ingested) == Literal(True)


def test_the_issuing_bodies_are_the_creators(g, loaded):
    creators = set(g.objects(loaded[1], DCTERMS.creator))
    names = {str(g.value(c, FOAF.name)) for c in creators}
    assert names == {"全国数据标准化技术委员会", "全域数字化转型标准工作组"}
    assert all((c, RDF.type, FOAF.Organization) in g for c in creators)


def test_policy_documents_are_cited_from_the_chapter_that_names_them(g):
    titles = {str(g.value(p, DCTERMS.title)) for p in g.subjects(RDF.type, CDT.PolicyDocument)}
    assert titles == {
        "中共中央 国务院关于推动城市高质量发展的意见",
        "关于深化智慧城市发展 推进城市全域数字化转型的指导意见",
        "深化智慧城市发展 推进全域数字化转型行动计划",  # 四 prints it without the space: one document
        "国家标准化发展纲要",
        "国家数据标准体系建设指南",
    }
    cited_from = Counter()
    for c in g.subjects(RDF.type, CDT.Citation):
        assert g.value(c, CDT.citationKind) == Literal("in-text")
        cited_from[str(g.value(c, CDT.locator))] += 1
        assert (g.value(c, CDT.fromText), CDT.cites, g.value(c, CDT.toStandard)) in g
    assert cited_from == {"一": 5, "四": 2}  # the preamble names the guide itself: not a citation


def test_the_lost_figures_are_reported_not_silently_dropped(loaded):
    infos = [p for p in loaded[0].problems if "图形内容未能从 PDF 提取" in p.message]
    assert len(infos) == 9
    assert not [p for p in loaded[0].problems if p.severity.value in ("warning", "error")]


# --- headings as clauses ---------------------------------------------------------

def test_every_heading_is_a_clause_numbered_by_its_locator(g, loaded):
    doc = loaded[1]
    clauses = set(g.subjects(CDT.inDocument, doc))
    assert len(clauses) == 69
    c = ids.clause_iri(doc, "三、（二）2.（1）1）①")
    assert g.value(c, DCTERMS.title) == Literal("城市数据资源目录标准", lang="zh")
    assert g.value(c, CDT.number) == Literal("三、（二）2.（1）1）①")
    assert g.value(c, CDT.parent) == ids.clause_iri(doc, "三、（二）2.（1）1）")
    assert str(g.value(c, CDT.text)).startswith("主要规范数据目录的编制、管理和维护等")
    assert g.value(c, CDT.sourceLine) == Literal(139, datatype=XSD.integer)
    first = ids.clause_iri(doc, "一")
    assert g.value(first, DCTERMS.title) == Literal("总体要求", lang="zh")
    assert g.value(first, CDT.parent) is None
    assert int(g.value(first, CDT.order)) == 1
    assert int(g.value(ids.clause_iri(doc, "四"), CDT.order)) == 69
    # half-width and spaced markers are read like the others
    assert g.value(ids.clause_iri(doc, "三、（三）"), DCTERMS.title) == Literal("转型应用标准", lang="zh")
    assert g.value(ids.clause_iri(doc, "三、（二）1.（2）"), DCTERMS.title) == Literal("网络基础设施标准", lang="zh")
    assert g.value(ids.clause_iri(doc, "三、（二）2.（1）5）"), DCTERMS.title) == Literal("数据技术与工具标准", lang="zh")


def test_the_sentence_after_an_inline_heading_about_its_siblings_belongs_to_the_parent(g, loaded):
    doc = loaded[1]
    parent = str(g.value(ids.clause_iri(doc, "三、（二）1."), CDT.text))
    inline = str(g.value(ids.clause_iri(doc, "三、（二）1.（2）"), CDT.text))
    assert "算力基础设施、数据流通利用基础设施遵循" in parent
    assert "遵循" not in inline


# --- the framework -----------------------------------------------------------------

def test_the_scheme_has_five_parts_as_top_concepts(g):
    scheme = ids.FRAMEWORK_SCHEME
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert Literal("城市全域数字化转型标准体系框架", lang="zh") in set(g.objects(scheme, SKOS.prefLabel))
    parts = sorted((str(g.value(p, SKOS.notation)), label(g, p)) for p in g.objects(scheme, SKOS.hasTopConcept))
    assert parts == [("A", "基础术语及通用架构"), ("B", "数字底座"), ("C", "转型应用"),
                     ("D", "建设管理"), ("E", "安全保障")]
    for p in g.objects(scheme, SKOS.hasTopConcept):
        assert (p, RDF.type, CDT.Part) in g and (p, SKOS.topConceptOf, scheme) in g


def test_part_scope_notes_come_from_the_structure_section_and_from_section_three(g):
    notes = {str(n) for n in g.objects(node("A"), SKOS.scopeNote)}
    assert any(n.startswith("A基础术语及通用架构标准包括") and "为城市全域数字化转型提供统一的基础共性支撑" in n
               for n in notes)
    assert "基础术语和通用架构标准主要包括术语定义、参考架构、整体性指南（指引）、通用方法论等。" in notes
    assert g.value(node("A"), CDT.locator) == Literal("三、（一）")


def test_node_counts_per_depth(g):
    depths = Counter(int(g.value(n, CDT.depth)) for n in nodes(g))
    assert depths == {1: 5, 2: 20, 3: 19, 4: 9, 5: 14}


def test_every_node_has_a_unique_notation_a_label_and_provenance(g, loaded):
    notations = [str(g.value(n, SKOS.notation)) for n in nodes(g)]
    assert len(notations) == len(set(notations)) == 67
    for n in nodes(g):
        notation = str(g.value(n, SKOS.notation))
        assert n == node(notation)
        assert label(g, n).strip() and not label(g, n).endswith("标准")
        assert (n, SKOS.inScheme, ids.FRAMEWORK_SCHEME) in g
        assert g.value(n, CDT.sourceDocument) == loaded[1]
        assert g.value(n, CDT.locator) and g.value(n, CDT.sourceLine)
        if "." in notation:
            assert g.value(n, SKOS.broader) == node(notation.rsplit(".", 1)[0])
            assert int(g.value(n, CDT.depth)) == notation.count(".") + 1


def test_inline_and_line_headings_are_nodes_labelled_without_their_trailing_standard(g):
    assert label(g, node("B.2.1.1.1")) == "城市数据资源目录"
    assert g.value(node("B.2.1.1.1"), CDT.locator) == Literal("三、（二）2.（1）1）①")
    assert str(g.value(node("B.2.1.1.1"), SKOS.scopeNote)).startswith("主要规范数据目录的编制、管理和维护等")
    assert label(g, node("B.1.1")) == "感知基础设施"
    assert label(g, node("A.1")) == "术语定义"
    assert str(g.value(node("A.1"), SKOS.scopeNote)).startswith("主要规范和统一城市全域数字化转型领域相关概念和认识")
    assert label(g, node("C.2.1")) == "产城互促"
    assert str(g.value(node("C.2.1"), SKOS.scopeNote)).startswith("是以产兴城、以城哺产")
    assert label(g, node("A.3")) == "整体性指南（指引）"


def test_categories_a_parent_lists_without_a_paragraph_are_nodes_in_list_order(g):
    assert children(g, "B.1") == [("B.1.1", "感知基础设施"), ("B.1.2", "网络基础设施"),
                                  ("B.1.3", "算力基础设施"), ("B.1.4", "数据流通利用基础设施")]
    note = Literal("算力基础设施、数据流通利用基础设施遵循全国一体化算力网、数据基础设施相关标准。", lang="zh")
    assert g.value(node("B.1.3"), CDT.followsExternal) == note
    assert g.value(node("B.1.4"), CDT.followsExternal) == note
    assert g.value(node("B.1.2"), CDT.followsExternal) is None
    assert planned(g, "B.1.3") == [] and planned(g, "B.1") == []


def test_unnumbered_paragraphs_naming_a_category_are_sub_categories(g):
    assert children(g, "E.5") == [("E.5.1", "人工智能应用安全"), ("E.5.2", "其他方面新技术安全")]
    assert g.value(node("E.5.1"), CDT.locator) == Literal("三、（五）5. 第1段")
    assert planned(g, "E.5.1") == ["城市公共服务人工智能应用风险评估", "城市公共服务安全建设导则",
                                   "城市公共服务人工智能模型安全管理"]
    assert planned(g, "E.5.2") == ["数字孪生", "量子计算", "量子通信", "6G网络", "区块链", "隐私保护计算"]


def test_lists_naming_a_nodes_own_children_are_not_planned_standards(g):
    assert children(g, "B.2.1.5") == [("B.2.1.5.1", "数据平台工具"), ("B.2.1.5.2", "数据智能技术")]
    for notation in ("A", "B", "B.2", "B.2.1", "B.2.1.5", "C", "C.1", "C.2", "D", "E"):
        assert planned(g, notation) == [], notation


# --- planned standards ---------------------------------------------------------------

def test_the_data_catalogue_node_plans_eleven_standards(g):
    assert planned(g, "B.2.1.1.1") == [
        "数据目录编制指南", "数据分类分级指南", "编码要求", "要素要求", "服务要求", "系统接入要求",
        "数据目录动态管理", "数据目录安全与隐私保护", "主数据域划分与唯一标识", "跨域编码映射与码表治理",
        "目录生命周期与版本管理",
    ]
    p = ids.planned_standard_iri("B.2.1.1.1", "编码要求")
    assert (p, RDF.type, CDT.PlannedStandard) in g
    assert g.value(p, CDT.locator) == Literal("三、（二）2.（1）1）①")
    assert g.value(p, CDT.sourceLine) == Literal(139, datatype=XSD.integer)


def test_lists_split_on_and_where_it_joins_items_not_inside_names(g):
    assert planned(g, "B.2.1.4.3") == ["运营管理", "确权登记", "估值定价", "流通交易", "收益分配",
                                       "数据产品开发", "数据资源定价方法", "数据流通交易指南"]
    assert "数据分类分级与防护" in planned(g, "E.1")
    assert "网络安全管理模型和参考架构" in planned(g, "E.3")
    assert planned(g, "B.1.1")[-1] == "感知平台及接口"
    assert planned(g, "A.1")[-1] == "术语标准相关范畴和实例"
    assert planned(g, "B.1.2")[-2:] == ["融合通信网", "政务与行业专用网"]


def test_parentheses_stay_whole_and_the_standard_before_them_is_dropped(g):
    assert "数据易用性服务（适老化/适幼化和无障碍数据服务）" in planned(g, "B.2.1.4.4")
    assert len(planned(g, "B.2.1.4.4")) == 7
    assert planned(g, "A.2")[1] == "分视角架构（包括业务视角、数据视角、技术视角、应用视角、安全视角、管理视角等）"


def test_class_nouns_after_deng_are_carried_to_each_item(g):
    assert planned(g, "B.2.1.1.3") == [
        "人口基础库", "法人基础库", "自然资源和空间地理基础库", "社会信用基础库", "电子证照基础库",
        "“一人一档”主题库/专题库", "“一企一档”主题库/专题库",
        "城市高质量数据集建设指南", "分类指南", "应用指南", "运营运维指南", "数据分级安全保护指南",
    ]


def test_scope_describing_text_is_not_a_list_of_standards(g):
    assert planned(g, "C.2.1") == ["产业布局", "经济互促", "社会治理互促", "物理空间互促", "生态环境互促",
                                   "新型工业化建设", "农业数字化转型", "能源智慧化"]
    assert planned(g, "C.3.1") == ["城市运行体征监测", "城市运行管理", "房屋安全隐患监测预警",
                                   "城市交通智能调度", "国土空间规划监测", "生态环境监测"]
    # a clause after the list that opens with a verb or a preposition ends the list
    assert planned(g, "E.2") == ["城市数字化改造基础设施", "城市物联感知终端和操作系统", "数据库系统", "应用与服务信息系统"]
    assert planned(g, "C.4.2")[-1] == "城市智能体服务"


def test_a_planned_standard_described_by_its_own_sentence_gets_it_as_scope_note(g):
    p = ids.planned_standard_iri("B.2.2.1", "算力资源统一调度")
    assert str(g.value(p, SKOS.scopeNote)) == "算力资源统一调度主要规范算力资源的统一纳管、弹性分配与智能调度方面的技术要求。"


def test_planned_standard_labels_are_clean(g):
    labels = [str(o) for p in g.subjects(RDF.type, CDT.PlannedStandard) for o in g.objects(p, SKOS.prefLabel)]
    assert len(labels) == 290
    for lab in labels:
        assert lab and lab == lab.strip()
        assert not lab.endswith("等") and "标准标准" not in lab and not lab.endswith("标准"), lab
        assert not lab.startswith(("及", "以及", "和")), lab


# --- roadmap ------------------------------------------------------------------------

def topics(g, year):
    t = ids.roadmap_target_iri(year)
    return [str(g.value(x, SKOS.prefLabel)) for x in
            sorted(g.objects(t, CDT.targetTopic), key=lambda x: int(g.value(x, CDT.topicOrder)))]


def related(g, year, topic):
    return {str(g.value(n, SKOS.notation)) for n in g.objects(ids.roadmap_topic_iri(year, topic), CDT.relatedNode)}


def test_the_2027_target(g):
    t = ids.roadmap_target_iri(2027)
    assert (t, RDF.type, CDT.RoadmapTarget) in g
    assert g.value(t, CDT.targetYear) == Literal(2027, datatype=XSD.integer)
    assert g.value(t, CDT.minStandardCount) == Literal(30, datatype=XSD.integer)
    assert str(g.value(t, SKOS.definition)).startswith("到2027年底，基本建成城市全域数字化转型标准体系")
    assert {str(o) for o in g.objects(t, CDT.otherGoal)} == {
        "标准验证与应用示范案例", "标准化服务平台", "第三方标准化服务机构", "国际标准合作交流"}
    assert topics(g, 2027) == ["术语", "参考架构", "成熟度模型", "运营运维", "智能中枢", "数字孪生",
                               "数据治理与利用", "数字更新", "典型场景应用"]
    assert g.value(t, CDT.locator) == Literal("一") and g.value(t, CDT.sourceLine) == Literal(37, datatype=XSD.integer)


def test_the_2030_target_names_four_key_standards(g):
    t = ids.roadmap_target_iri(2030)
    assert topics(g, 2030) == ["城市全域数字化转型成熟度模型", "城市智能中枢", "服务主体能力评价指标", "城市感知体系"]
    assert g.value(t, CDT.minStandardCount) is None


def test_topics_relate_to_nodes_by_label_match(g):
    assert related(g, 2027, "智能中枢") == {"B.2", "D.1"}
    assert related(g, 2027, "数据治理与利用") == {"B.2.1.3", "B.2.1.3.1", "B.2.1.4", "B.2.1.4.4"}
    assert related(g, 2027, "参考架构") == {"A.2", "B.2.1.2.2", "B.2.2.2", "E.3"}
    assert related(g, 2027, "数字孪生") == {"A.2", "E.5.2"}
    assert related(g, 2030, "城市智能中枢") == {"B.2"}


def test_topics_relate_to_nodes_through_the_curated_table(g):
    assert related(g, 2027, "成熟度模型") == {"D.4"}
    assert related(g, 2027, "典型场景应用") == {"C"}
    assert related(g, 2030, "城市全域数字化转型成熟度模型") == {"D.4"}
    assert related(g, 2030, "城市感知体系") == {"B.1.1"}


def test_derived_and_curated_links_are_told_apart():
    outline, _ = read_outline(read_text(CORPUS / _entry().file))
    fw = read_framework(outline)
    targets, _ = read_targets(outline, "城市全域数字化转型标准体系建设指南")
    relate_topics(targets, fw, [])
    by = {(t.year, x.label): x.related for t in targets for x in t.topics}
    assert by[(2027, "成熟度模型")] == {} and by[(2027, "典型场景应用")] == {}
    assert by[(2027, "运营运维")] == {"D.3": "derived", "B.2.1.1.3": "derived"}
    problems = LoadResult()
    rows = read_curated(CORPUS / "roadmap_topic_nodes.csv", problems)
    assert problems.problems == [] and all(r["rationale"] for r in rows)
    assert relate_topics(targets, fw, rows) == []
    assert by[(2027, "成熟度模型")] == {"D.4": "curated"}


def test_a_curated_row_pointing_nowhere_is_reported(tmp_path):
    (tmp_path / "t.csv").write_text(
        "year,topic,notation,rationale\n2027,成熟度模型,Z.9,gone\n2027,不存在,A,x\n2027,术语,A.1,\n", encoding="utf-8")
    outline, _ = read_outline(read_text(CORPUS / _entry().file))
    fw = read_framework(outline)
    targets, _ = read_targets(outline, "城市全域数字化转型标准体系建设指南")
    problems = LoadResult()
    rows = read_curated(tmp_path / "t.csv", problems)
    assert [(p.line, p.severity.value) for p in problems.problems] == [(4, "warning")]
    out = relate_topics(targets, fw, rows)
    assert [line for line, _, _ in out] == [2, 3]


def test_the_topic_table_is_read_as_the_other_curated_tables_are(tmp_path):
    """Saved with a byte-order mark as UTF-16, with a comment row: read; no table: an info, topics matched by name."""
    (tmp_path / "t.csv").write_text("year,topic,notation,rationale\n# 注释行\n2027,成熟度模型,D.4,评估工具\n",
                                    encoding="utf-16")
    problems = LoadResult()
    assert [(r["line"], r["notation"]) for r in read_curated(tmp_path / "t.csv", problems)] == [(3, "D.4")]
    assert problems.problems == []
    assert read_curated(tmp_path / "none.csv", problems) == []
    assert [p.severity.value for p in problems.problems] == ["info"]


# --- the list rule on its own ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("包括运营管理、确权登记、估值定价、流通交易和收益分配标准，以及数据产品开发等标准。",
     ["运营管理", "确权登记", "估值定价", "流通交易", "收益分配", "数据产品开发"]),
    ("主要包括数字资源统一调度、共性支撑平台等技术标准。", ["数字资源统一调度", "共性支撑平台"]),
    ("包括城市数据资源、城市共性支撑等两个子类标准，如图 5 所示。", ["城市数据资源", "城市共性支撑"]),
    ("主要规范顶层指引、互促模式等的关键指标，包含产业布局、经济互促等。", ["产业布局", "经济互促"]),
    ("包括等级保护测评、数据加工及质量管控标准等。", ["等级保护测评", "数据加工及质量管控"]),
    ("包含基础数字化服务、城市智能体服务等标准，覆盖在线系统、智能体等。", ["基础数字化服务", "城市智能体服务"]),
])
def test_list_rule(text, expected):
    assert [i.label for e in enumerations(text) for i in e.items] == expected


# --- a revised edition, and damaged input --------------------------------------------------------

def _variant(tmp_path, edit):
    entry = _entry()
    text = (CORPUS / entry.file).read_text(encoding="utf-8")
    (tmp_path / entry.file).write_text(edit(text), encoding="utf-8")
    shutil.copy(CORPUS / "roadmap_topic_nodes.csv", tmp_path / "roadmap_topic_nodes.csv")
    return load_guideline(tmp_path / entry.file, entry), ids.entry_iri(entry)


def test_a_revised_edition_with_renumbered_chapters_and_added_items_reads_the_same(tmp_path):
    def revise(text):
        text = text.replace("\n三、建设内容\n", "\n三、重点任务\n\n加快标准研制，强化标准实施。\n\n四、建设内容\n")
        text = text.replace("\n四、组织保障", "\n五、组织保障")
        text = text.replace("包括数据目录编制指南、", "包括数据目录编制指南、数据目录质量评价、")
        text = text.replace(
            "\n2) 数据模型与本体标准。",
            "\n④城市数据资源地图标准。主要规范资源地图的编制与服务，包括资源地图编制、资源地图服务等标准。\n\n"
            "2) 数据模型与本体标准。")
        return text

    result, doc = _variant(tmp_path, revise)
    g = result.graph
    assert Counter(int(g.value(n, CDT.depth)) for n in nodes(g)) == {1: 5, 2: 20, 3: 19, 4: 9, 5: 15}
    assert len(planned(g, "B.2.1.1.1")) == 12 and planned(g, "B.2.1.1.1")[1] == "数据目录质量评价"
    assert label(g, node("B.2.1.1.4")) == "城市数据资源地图"
    assert planned(g, "B.2.1.1.4") == ["资源地图编制", "资源地图服务"]
    assert g.value(node("B.2.1.1.4"), CDT.locator) == Literal("四、（二）2.（1）1）④")
    assert g.value(node("B"), CDT.locator) == Literal("四、（二）")
    assert len(set(g.subjects(CDT.inDocument, doc))) == 71
    assert related(g, 2027, "成熟度模型") == {"D.4"}


def test_damaged_input_gives_problems_and_a_partial_graph(tmp_path):
    result, doc = _variant(tmp_path, lambda t: t[: len(t) // 2])  # cut mid-sentence inside 三、（二）
    g = result.graph
    assert (doc, RDF.type, CDT.Guideline) in g
    assert {str(g.value(p, SKOS.notation)) for p in g.objects(ids.FRAMEWORK_SCHEME, SKOS.hasTopConcept)} >= {"A", "B"}
    assert any(p.severity.value == "warning" for p in result.problems)


def test_a_file_that_is_not_text_is_an_error_not_a_crash(tmp_path):
    entry = _entry()
    (tmp_path / entry.file).write_bytes(b"\x00\x01binary")
    result = load_guideline(tmp_path / entry.file, entry)
    assert [p.severity.value for p in result.problems] == ["error"]
    assert (ids.entry_iri(entry), RDF.type, CDT.Guideline) in result.graph
