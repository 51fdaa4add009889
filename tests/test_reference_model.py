"""The reference model of 001 (城市全域数字化转型 技术参考模型), read from its clause tree.

Specifications on the real corpus: the conceptual model of chapter 5, the
technical reference model of chapter 6, the requirements of chapter 7 that
specify each element, and the foreword's changes linked to the elements.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from loaders import ids
from loaders.document_tree import DocumentTree
from loaders.gbt_document import load_gbt_document
from loaders.manifest import read_manifest
from loaders.problems import LoadResult
from loaders.reference_model import applies_to, load_reference_model, similarity, split_enumeration
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRM = "gbt-technical-reference-model-draft"


def _entry(entry_id: str):
    return next(e for e in read_manifest(CORPUS) if e.id == entry_id)


@pytest.fixture(scope="module")
def parsed():
    """What the GB/T loader made of 001: its graph and its parsed clause tree."""
    entry = _entry(TRM)
    return load_gbt_document(CORPUS / entry.file, entry)


@pytest.fixture(scope="module")
def loaded(parsed):
    """(doc, the document graph, the model result, both graphs merged) for 001."""
    entry = _entry(TRM)
    path = CORPUS / entry.file
    doc = ids.entry_iri(entry)
    result = load_reference_model(doc, parsed, entry, path)
    return doc, parsed.graph, result, parsed.graph + result.graph


@pytest.fixture(scope="module")
def model(loaded):
    return loaded[2].graph


def E(label: str) -> URIRef:
    return ids.model_element_iri(label)


def labels(g: Graph, nodes) -> set[str]:
    return {str(g.value(n, SKOS.prefLabel)) for n in nodes}


def children(g: Graph, label: str) -> list[str]:
    """The labels of the elements whose skos:broader is `label`, in document order."""
    kids = sorted(g.subjects(SKOS.broader, E(label)), key=lambda s: int(g.value(s, CDT.order)))
    return [str(g.value(k, SKOS.prefLabel)) for k in kids]


def clause_numbers(g: Graph, nodes) -> set[str]:
    return {str(g.value(n, CDT.number)) for n in nodes}


# --- applies_to decides by content ----------------------------------------------------
def test_applies_to_the_technical_reference_model_only():
    decisions = {}
    for entry in read_manifest(CORPUS):
        if entry.kind != "standard":
            continue
        decisions[entry.id] = applies_to(ids.entry_iri(entry), load_gbt_document(CORPUS / entry.file, entry))
    assert decisions == {
        TRM: True,
        "gbt-maturity-model-ctmm-draft": False,
        "tszs-4042-2021-top-level-design-guide": False,
    }


def test_a_document_without_model_chapters_gives_a_warning_and_no_model():
    entry = _entry(TRM)
    doc = ids.entry_iri(entry)
    empty = LoadResult(Graph(), tree=DocumentTree(doc))
    assert applies_to(doc, empty) is False
    result = load_reference_model(doc, empty, entry, CORPUS / entry.file)
    assert len(result.graph) == 0
    assert [p.severity.value for p in result.problems] == ["warning"]


# --- conceptual model (chapter 5) --------------------------------------------------------
def test_three_perspectives_each_with_its_elements(model):
    perspectives = set(model.subjects(RDF.type, CDT.Perspective))
    assert labels(model, perspectives) == {"全领域推进", "全方位支撑", "全过程优化"}
    assert children(model, "全领域推进") == [
        "城市数字经济", "产城融合发展", "精准精细治理", "数字公共服务", "智慧宜居环境", "城市安全韧性"]
    assert children(model, "全方位支撑") == ["数字基础设施", "数据要素赋能", "数字化共性基础"]
    assert children(model, "全过程优化") == ["推进适数化制度创新", "创新运营运维模式", "推动数字化协同发展"]


def test_conceptual_elements_are_in_the_conceptual_scheme_only(loaded, model):
    doc = loaded[0]
    conceptual, technical = ids.scheme_iri(doc, "conceptual"), ids.scheme_iri(doc, "technical")
    members = set(model.subjects(SKOS.inScheme, conceptual))
    assert len(members) == 15
    assert E("数据要素赋能") in members and E("设施层") not in members
    assert (E("设施层"), SKOS.inScheme, technical) in model
    assert set(model.subjects(SKOS.inScheme, ids.TRM_SCHEME)) == set(model.subjects(RDF.type, CDT.ModelElement))
    assert model.value(conceptual, SKOS.prefLabel) == Literal("概念模型", lang="zh")
    assert model.value(technical, SKOS.prefLabel) == Literal("技术参考模型", lang="zh")
    assert (E("全领域推进"), SKOS.topConceptOf, conceptual) in model
    assert model.value(E("全领域推进"), SKOS.definition) == Literal("围绕重点领域推进实施城市数字化转型", lang="zh")


# --- technical reference model (chapter 6) ------------------------------------------------
def test_four_layers_and_three_support_systems(model):
    assert labels(model, model.subjects(RDF.type, CDT.Layer)) == {"设施层", "数据层", "共性能力层", "应用层"}
    assert labels(model, model.subjects(RDF.type, CDT.SupportSystem)) == {"安全保障体系", "运营运维体系", "建设管理体系"}
    assert len(set(model.subjects(RDF.type, CDT.ModelElement))) == 64


COMPONENTS = {
    "设施层": ["数据流通利用设施", "算力设施", "网络设施", "感知设施"],
    "数据流通利用设施": ["可信数据空间", "数联网"],
    "算力设施": ["计算资源", "存储资源"],
    "网络设施": ["公共网络", "专用网络"],
    "感知设施": ["终端设备", "终端设备操作系统"],
    "数据层": ["数据采集", "数据汇聚", "数据传输", "数据加工", "数据流通", "数据利用", "数据运营", "数据安全"],
    "共性能力层": ["共性能力组件", "共性支撑平台", "数字资源统一调度与管理"],
    "共性能力组件": ["身份认证", "电子证照", "地址管理", "事件管理", "电子印章"],
    "共性支撑平台": ["人工智能", "数字孪生", "物联感知", "视频管理", "融合通信"],
    "数字资源统一调度与管理": ["资源接入", "资源编目", "资源调度", "资源门户", "资源监测"],
    "运营运维体系": ["运营体系", "运维体系"],  # only chapter 7 names these (7.6.1, 7.6.2)
}


def test_every_component_with_its_parent(model):
    found = {}
    for c in model.subjects(RDF.type, CDT.Component):
        found.setdefault(str(model.value(model.value(c, SKOS.broader), SKOS.prefLabel)), []).append(c)
    assert {parent: children(model, parent) for parent in found} == COMPONENTS
    assert sum(len(v) for v in COMPONENTS.values()) == len(set(model.subjects(RDF.type, CDT.Component))) == 40
    assert children(model, "应用层") == [] and children(model, "安全保障体系") == []


def test_elements_carry_definitions_locators_and_lines(model):
    assert model.value(E("设施层"), SKOS.definition) == Literal("提供城市全域数字化转型的基础支撑能力", lang="zh")
    assert model.value(E("数据流通利用设施"), SKOS.definition) == Literal(
        "为数据流通利用、数据要素价值释放提供安全可信环境", lang="zh")
    assert model.value(E("数据流通利用设施"), CDT.locator) == Literal("6 a) 1)")
    assert model.value(E("终端设备"), CDT.locator) == Literal("6 a) 4)")
    assert model.value(E("终端设备"), CDT.sourceLine).toPython() == 307
    assert model.value(E("数据安全"), CDT.locator) == Literal("6 b)")
    assert model.value(E("运营体系"), CDT.locator) == Literal("7.6.1")
    assert model.value(E("身份认证"), SKOS.prefLabel) == Literal("身份认证", lang="zh")
    for element in model.subjects(RDF.type, CDT.ModelElement):
        assert model.value(element, CDT.sourceDocument) is not None
        assert model.value(element, CDT.locator) is not None
        assert isinstance(model.value(element, CDT.sourceLine).toPython(), int)


def test_the_chapter_7_name_and_the_term_are_other_labels_of_the_same_element(loaded, model):
    assert set(model.objects(E("共性能力组件"), SKOS.altLabel)) == {Literal("共性组件", lang="zh")}
    assert (E("共性能力组件"), SKOS.exactMatch, ids.concept_iri("共性组件")) in model
    assert (E("城市智能中枢"), SKOS.exactMatch, ids.concept_iri("城市智能中枢")) in model


# --- relations ------------------------------------------------------------------------------------
def test_each_layer_depends_on_the_layer_below(model):
    assert {(str(model.value(a, SKOS.prefLabel)), str(model.value(b, SKOS.prefLabel)))
            for a, b in model.subject_objects(CDT.dependsOn)} == {
        ("应用层", "共性能力层"), ("共性能力层", "数据层"), ("数据层", "设施层")}


def test_each_support_system_constrains_each_layer(model):
    pairs = set(model.subject_objects(CDT.constrains))
    assert len(pairs) == 12
    assert pairs == {(E(s), E(layer)) for s in ("安全保障体系", "运营运维体系", "建设管理体系")
                     for layer in ("设施层", "数据层", "共性能力层", "应用层")}


def test_digital_foundation_and_intelligent_center_are_aggregates_of_layers(model):
    assert labels(model, model.subjects(RDF.type, CDT.Aggregate)) == {"城市数字底座", "城市智能中枢"}
    assert labels(model, model.objects(E("城市数字底座"), CDT.composedOf)) == {"设施层", "数据层", "共性能力层"}
    assert labels(model, model.objects(E("城市智能中枢"), CDT.composedOf)) == {"数据层", "共性能力层"}
    assert model.value(E("城市智能中枢"), CDT.sourceLine).toPython() == 289


# --- specifications (chapter 7) ---------------------------------------------------------------------
@pytest.mark.parametrize("label, numbers", [
    ("终端设备", {"7.1.1.1"}),
    ("感知设施", {"7.1.1"}),
    ("设施层", {"7.1"}),
    ("数据安全", {"7.2.9"}),
    ("数据层", {"7.2", "7.2.1"}),  # 7.2.1 总体要求 states the layer's general requirements
    ("视频管理", {"7.3.2.4"}),
    ("安全保障体系", {"7.5"}),
    ("运营运维体系", {"7.6"}),
    ("身份认证", {"7.3.1"}),
    ("可信数据空间", set()),
])
def test_element_is_specified_by_its_chapter_7_clause(loaded, model, label, numbers):
    doc_graph = loaded[1]
    specs = set(model.objects(E(label), CDT.specifiedBy))
    assert clause_numbers(doc_graph, specs) == numbers
    assert all((s, RDF.type, CDT.Clause) in doc_graph for s in specs)


def test_a_component_named_by_a_list_item_is_specified_by_that_item(loaded, model):
    doc = loaded[0]
    clause = ids.clause_iri(doc, "7.3.1")
    assert set(model.objects(E("身份认证"), CDT.specifiedByProvision)) == {ids.provision_iri(clause, ["a"])}
    assert set(model.objects(E("电子印章"), CDT.specifiedByProvision)) == {ids.provision_iri(clause, ["e"])}
    assert len(set(model.subject_objects(CDT.specifiedByProvision))) == 5


def test_every_requirement_of_data_security_is_reachable_from_the_element(loaded):
    merged = loaded[3]
    rows = merged.query(
        """SELECT ?marker ?modality WHERE {
             ?element cdt:specifiedBy ?clause .
             ?p cdt:inClause ?clause ; cdt:marker ?marker ; cdt:modality ?modality .
           }""",
        initNs={"cdt": CDT._NS}, initBindings={"element": E("数据安全")})
    assert sorted((str(m), mod) for m, mod in rows) == [
        (f"{x})", CDT.Shall) for x in "abcdef"]


def test_every_chapter_7_clause_specifies_an_element_and_the_gaps_are_reported(loaded, model):
    doc, doc_graph, result, _ = loaded
    chapter7 = {c for c in doc_graph.subjects(CDT.inDocument, doc)
                if str(doc_graph.value(c, CDT.number)).startswith("7.")}
    assert len(chapter7) == 41
    assert chapter7 == set(model.objects(None, CDT.specifiedBy))
    warnings = [p for p in result.problems if p.severity.value != "info"]
    assert [(p.line, p.message) for p in warnings] == [
        (295, "要素“可信数据空间”（6 a) 1)）在第 7 章没有规定条款。"),
        (295, "要素“数联网”（6 a) 1)）在第 7 章没有规定条款。"),
    ]


# --- the foreword's changes -----------------------------------------------------------------------------
def _change(doc_graph: Graph, new_label: str) -> URIRef:
    return next(c for c in doc_graph.subjects(RDF.type, CDT.Change)
                if str(doc_graph.value(c, CDT.newLabel)) == new_label)


def test_renamed_elements_keep_their_2017_name(loaded, model):
    doc_graph = loaded[1]
    assert (_change(doc_graph, "感知设施"), CDT.contributedTo, E("感知设施")) in model
    assert set(model.objects(E("感知设施"), SKOS.hiddenLabel)) == {Literal("物联感知层", lang="zh")}
    assert set(model.objects(E("运营运维体系"), SKOS.hiddenLabel)) == {Literal("运维管理体系", lang="zh")}
    note = str(model.value(E("感知设施"), SKOS.historyNote))
    assert note.startswith("GB/T 34678-2017 中称“物联感知层”") and "8.1" in note
    assert set(model.objects(E("数据层"), SKOS.hiddenLabel)) == {Literal("数据及服务融合层", lang="zh")}


def test_each_change_is_linked_to_the_element_or_model_it_concerns(loaded, model):
    doc, doc_graph = loaded[0], loaded[1]
    linked = {str(doc_graph.value(c, CDT.newLabel)): t for c, t in model.subject_objects(CDT.contributedTo)}
    assert linked == {
        "概念模型": ids.scheme_iri(doc, "conceptual"),
        "技术参考模型": ids.scheme_iri(doc, "technical"),
        "设施层": E("设施层"), "感知设施": E("感知设施"), "网络设施": E("网络设施"),
        "算力设施": E("算力设施"), "数据流通利用设施": E("数据流通利用设施"), "数据层": E("数据层"),
        "共性能力层": E("共性能力层"), "应用层": E("应用层"), "运营运维体系": E("运营运维体系"),
    }
    assert model.value(E("共性能力层"), SKOS.historyNote) == Literal("相对 GB/T 34678-2017 新增。", lang="zh")


# --- the reading rules themselves -----------------------------------------------------------------------
@pytest.mark.parametrize("body, names, rest", [
    ("包括数据流通利用设施、算力设施、网络设施和感知设施，提供城市全域数字化转型的基础支撑能力。",
     ["数据流通利用设施", "算力设施", "网络设施", "感知设施"], "提供城市全域数字化转型的基础支撑能力"),
    ("主要包括终端设备和终端设备操作系统等，提供对环境空间的智能感知能力",
     ["终端设备", "终端设备操作系统"], "提供对环境空间的智能感知能力"),
    ("主要包括身份认证、电子证照等；", ["身份认证", "电子证照"], ""),
    ("包括建设管理体系、安全保障体系以及运营运维体系", ["建设管理体系", "安全保障体系", "运营运维体系"], ""),
    ("提供共性能力组件、共性支撑平台和数字资源统一调度与管理等核心能力，构建支撑体系",
     ["共性能力组件", "共性支撑平台", "数字资源统一调度与管理"],
     "提供共性能力组件、共性支撑平台和数字资源统一调度与管理等核心能力，构建支撑体系"),
    ("提供整体的运营运维管理机制，确保长效运行", [], "提供整体的运营运维管理机制，确保长效运行"),
    ("聚焦城市数字更新、数字美好生活等重点领域", [], "聚焦城市数字更新、数字美好生活等重点领域"),
])
def test_split_enumeration(body, names, rest):
    assert split_enumeration(body) == (names, rest)


def test_a_known_name_containing_he_is_not_split():
    assert split_enumeration("包括需求分析、需求和战略分析等", {"需求和战略分析"})[0] == ["需求分析", "需求和战略分析"]


def test_similarity_matches_a_shortened_name():
    assert similarity("共性组件", "共性能力组件") == 0.5
    assert similarity("运营体系", "资源接入") == 0.0


def test_a_document_whose_requirements_chapter_is_lost_keeps_its_model_and_warns(loaded, parsed):
    doc = loaded[0]
    entry = _entry(TRM)
    damaged = LoadResult(parsed.graph, tree=parsed.tree.without(lambda c: c.number.startswith("7")))
    result = load_reference_model(doc, damaged, entry, CORPUS / entry.file)
    assert len(set(result.graph.subjects(RDF.type, CDT.Layer))) == 4
    assert not set(result.graph.subject_objects(CDT.specifiedBy))
    assert any("要求章" in p.message for p in result.problems)


def test_a_layer_item_without_its_name_loses_that_layer_and_its_clauses_are_reported(loaded, parsed):
    doc = loaded[0]
    entry = _entry(TRM)
    damaged = LoadResult(parsed.graph, tree=copy.deepcopy(parsed.tree))
    item = ids.provision_iri(ids.clause_iri(doc, "6"), ["b"])
    next(p for p in damaged.tree.by_number["6"].provisions if p.iri == item).text = "包括数据采集、数据汇聚等支撑能力"
    result = load_reference_model(doc, damaged, entry, CORPUS / entry.file)
    assert labels(result.graph, result.graph.subjects(RDF.type, CDT.Layer)) == {"设施层", "共性能力层", "应用层"}
    assert (E("数据采集"), None, None) not in result.graph
    unspecified = [p.message for p in result.problems if "不是任何模型要素的规定条款" in p.message]
    assert len(unspecified) == 10  # 7.2 and its nine sub-clauses
    assert unspecified[0] == "7.2“数据层”不是任何模型要素的规定条款。"
    assert any(p.line == 311 and "6 b)" in p.message for p in result.problems)
    assert len(set(result.graph.subject_objects(CDT.dependsOn))) == 2
