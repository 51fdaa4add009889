"""ontology/shapes.ttl: each rule fires on the graph that breaks it, with its severity.

Every test starts from one small, well-formed graph holding one resource of
each kind (it must conform with no finding at all), breaks exactly one rule,
and checks which shape fires, at which severity, on which resource.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from loaders import ids
from loaders.validation import validate
from loaders.vocab import CDT, CDT_IRI

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "cdt.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
CDTSH = "https://w3id.org/cdtkg/shapes#"


def zh(text):
    return Literal(text, lang="zh")


def en(text):
    return Literal(text, lang="en")


def n(value: int):
    return Literal(value, datatype=XSD.integer)


# --- a well-formed graph ----------------------------------------------------------------
DOC = ids.standard_iri("T/SZS 4042-2021")
OLD = ids.standard_iri("GB/T 34678-2017")
CLAUSE = ids.clause_iri(DOC, "7.2.9")
CHAPTER = ids.clause_iri(DOC, "7")
PROV = ids.provision_iri(CLAUSE, ["a"])
PROV_1 = ids.provision_iri(CLAUSE, ["a", "1"])
ORG = ids.organization_iri("中国电子技术标准化研究院")
PERSON = ids.person_iri("王瑶瑶")
TC = ids.committee_iri("SAC/TC 609")
CONTRIB = ids.contribution_iri(DOC, "drafting-unit", 1)
CITATION = ids.citation_iri(PROV, OLD, "in-text", "4.1.4")
CHANGE = ids.change_iri(DOC, "f)")
EVENT = ids.event_iri(DOC, "2025-03-20", 1)
TABLE = ids.table_iri(DOC, "表5")
ROW = ids.row_iri(TABLE, 1)
CELL = ids.cell_iri(ROW, 1)
CONCEPT = ids.concept_iri("城市全域数字化转型")
TERM = ids.term_entry_iri(DOC, "3.1")
ABBR = ids.abbreviation_iri(DOC, "CIM")
PART = ids.framework_node_iri("B")
NODE = ids.framework_node_iri("B.1")
PLANNED = ids.planned_standard_iri("B.1", "感知设施编码要求")
TARGET = ids.roadmap_target_iri(2027)
TOPIC = ids.roadmap_topic_iri(2027, "术语")
MAPPING = ids.coverage_mapping_iri(DOC, NODE)
ALIGN = ids.alignment_iri(NODE, PART)
LAYER = ids.model_element_iri("数据层")
LOWER = ids.model_element_iri("设施层")
SUPPORT = ids.model_element_iri("安全保障体系")
COMPONENT = ids.model_element_iri("数据安全")
PERSPECTIVE = ids.model_element_iri("全方位支撑")
AGGREGATE = ids.model_element_iri("城市智能中枢")
LEVEL = ids.maturity_level_iri(DOC, 1)
DOMAIN = ids.capability_iri(DOC, "domain", "8.2")
SUBDOMAIN = ids.capability_iri(DOC, "subdomain", "8.2.1")
ITEM = ids.capability_iri(DOC, "item", "感知设施")
FEATURE = ids.level_feature_iri(ITEM, 1)
FEATURE_PROV = ids.provision_iri(FEATURE, ["a"])
PHASE = ids.method_iri(DOC, "phase", "1")
STEP = ids.method_iri(DOC, "step", "1")
BTE = ids.method_iri(DOC, "bte", "B")
PRINCIPLE = ids.method_iri(DOC, "principle", "1")
OPMODEL = ids.method_iri(DOC, "operation-model", "1")
ACTIVITY = ids.method_iri(DOC, "activity", "A.3-1")
SYSPART = ids.method_iri(DOC, "system-part", "01")
SCHEME = ids.FRAMEWORK_SCHEME


def provenance(g: Graph, node, locator: str, line: int) -> None:
    g.add((node, CDT.sourceDocument, DOC))
    g.add((node, CDT.locator, Literal(locator)))
    g.add((node, CDT.sourceLine, n(line)))


def concept(g: Graph, node, cls, label: str) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, zh(label)))
    g.add((node, SKOS.inScheme, SCHEME))


def well_formed() -> Graph:
    """One resource of each kind, as the loaders make them."""
    g = Graph()
    add = g.add
    # documents
    add((DOC, RDF.type, CDT.Standard))
    add((DOC, CDT.standardNumber, Literal("T/SZS 4042-2021")))
    add((DOC, CDT.baseNumber, Literal("T/SZS 4042")))
    add((DOC, DCTERMS.title, zh("城市数字化转型顶层设计指南")))
    add((DOC, CDT.status, CDT.Published))
    add((DOC, CDT.ingested, Literal(True)))
    add((DOC, CDT.kind, Literal("standard")))
    add((DOC, CDT.sourceFile, Literal("tszs-4042-2021-top-level-design-guide.txt")))
    add((DOC, CDT.draftedBy, ORG))
    add((DOC, CDT.drafter, PERSON))
    add((DOC, CDT.committee, TC))
    add((DOC, CDT.normativeReference, OLD))
    add((DOC, DCTERMS.replaces, OLD))
    add((OLD, RDF.type, CDT.Standard))
    add((OLD, CDT.standardNumber, Literal("GB/T 34678-2017")))
    add((OLD, DCTERMS.title, zh("智慧城市 技术参考模型")))
    add((OLD, CDT.status, CDT.Superseded))
    add((OLD, DCTERMS.isReplacedBy, DOC))
    add((ORG, RDF.type, FOAF.Organization))
    add((ORG, FOAF.name, zh("中国电子技术标准化研究院")))
    add((PERSON, RDF.type, FOAF.Person))
    add((PERSON, FOAF.name, zh("王瑶瑶")))
    add((PERSON, CDT.affiliation, ORG))
    add((TC, RDF.type, CDT.TechnicalCommittee))
    add((TC, FOAF.name, zh("全国数据标准化技术委员会")))
    add((CONTRIB, RDF.type, CDT.Contribution))
    add((CONTRIB, CDT.contributionTo, DOC))
    add((CONTRIB, CDT.agent, ORG))
    add((CONTRIB, CDT.position, n(1)))
    add((CONTRIB, CDT.role, Literal("drafting-unit")))
    add((CHANGE, RDF.type, CDT.Change))
    add((CHANGE, CDT.changeKind, Literal("renamed")))
    add((CHANGE, CDT.oldLabel, zh("物联感知层")))
    add((CHANGE, CDT.newLabel, zh("感知设施")))
    add((CHANGE, CDT.newLocator, Literal("7.1.1")))
    add((CHANGE, CDT.changeAgainst, OLD))
    add((CHANGE, CDT.marker, Literal("f)")))
    provenance(g, CHANGE, "前言 f)", 30)
    add((EVENT, RDF.type, CDT.DraftingEvent))
    add((EVENT, CDT.eventDate, Literal("2025-03-20", datatype=XSD.date)))
    add((EVENT, CDT.text, zh("召开启动会")))
    add((EVENT, CDT.inDocument, DOC))
    provenance(g, EVENT, "3.", 12)
    # clauses and provisions
    for node, number, title, parent, order, line in (
        (CHAPTER, "7", "技术要求", None, 1, 100),
        (CLAUSE, "7.2.9", "数据安全", CHAPTER, 2, 120),
    ):
        add((node, RDF.type, CDT.Clause))
        add((node, CDT.inDocument, DOC))
        add((node, CDT.number, Literal(number)))
        add((node, DCTERMS.title, zh(title)))
        add((node, CDT.order, n(order)))
        if parent is not None:
            add((node, CDT.parent, parent))
        provenance(g, node, number, line)
    add((CLAUSE, CDT.text, zh("数据安全应满足以下要求：")))
    for node, marker, locator, line, parent in ((PROV, "a)", "7.2.9 a)", 121, None),
                                                (PROV_1, "1)", "7.2.9 a) 1)", 122, PROV)):
        add((node, RDF.type, CDT.Provision))
        add((node, CDT.inClause, CLAUSE))
        add((node, CDT.marker, Literal(marker)))
        add((node, CDT.text, zh("应符合 GB/T 34678-2017 中 4.1.4 的要求")))
        add((node, CDT.modality, CDT.Shall))
        add((node, CDT.order, n(line)))
        if parent is not None:
            add((node, CDT.parentProvision, parent))
        provenance(g, node, locator, line)
    add((PROV, CDT.cites, OLD))
    add((CITATION, RDF.type, CDT.Citation))
    add((CITATION, CDT.fromText, PROV))
    add((CITATION, CDT.toStandard, OLD))
    add((CITATION, CDT.citedLocator, Literal("4.1.4")))
    add((CITATION, CDT.citationKind, Literal("in-text")))
    provenance(g, CITATION, "7.2.9 a)", 121)
    # tables
    add((TABLE, RDF.type, CDT.Table))
    add((TABLE, CDT.number, Literal("表5")))
    add((TABLE, DCTERMS.title, zh("“数字基础设施”各成熟度等级的典型特征描述")))
    add((TABLE, CDT.inClause, CLAUSE))
    add((TABLE, CDT.continued, Literal(True)))
    provenance(g, TABLE, "表5", 200)
    add((ROW, RDF.type, CDT.TableRow))
    add((ROW, CDT.inTable, TABLE))
    add((ROW, CDT.rowIndex, n(1)))
    add((CELL, RDF.type, CDT.TableCell))
    add((CELL, CDT.inRow, ROW))
    add((CELL, CDT.columnIndex, n(1)))
    add((CELL, CDT.columnHeader, zh("能力项")))
    add((CELL, CDT.text, zh("感知设施")))
    # terms
    add((CONCEPT, RDF.type, CDT.Concept))
    add((CONCEPT, SKOS.prefLabel, zh("城市全域数字化转型")))
    add((CONCEPT, SKOS.prefLabel, en("city-wide digital transformation")))
    add((CONCEPT, SKOS.inScheme, ids.CONCEPT_SCHEME))
    add((TERM, RDF.type, CDT.TermEntry))
    add((TERM, CDT.inDocument, DOC))
    add((TERM, CDT.number, Literal("3.1")))
    add((TERM, CDT.defines, CONCEPT))
    add((TERM, SKOS.prefLabel, zh("城市全域数字化转型")))
    add((TERM, SKOS.prefLabel, en("city-wide digital transformation")))
    add((TERM, SKOS.definition, zh("推动城市全领域、全方位、全过程数字化转型的过程。")))
    add((TERM, CDT.sourceNote, zh("来源：GB/T 34678-2017，3.1，有修改")))
    add((TERM, CDT.sourceStandard, OLD))
    add((TERM, CDT.sourceClause, Literal("3.1")))
    add((TERM, CDT.sourceRelation, CDT.Modified))
    provenance(g, TERM, "3.1", 40)
    add((ABBR, RDF.type, CDT.Abbreviation))
    add((ABBR, CDT.inDocument, DOC))
    add((ABBR, CDT.abbreviation, Literal("CIM")))
    add((ABBR, CDT.expansion, zh("城市信息模型")))
    add((ABBR, CDT.expansion, en("City Information Modeling")))
    provenance(g, ABBR, "4", 60)
    # framework
    add((SCHEME, RDF.type, SKOS.ConceptScheme))
    add((SCHEME, SKOS.prefLabel, zh("城市全域数字化转型标准体系框架")))
    concept(g, PART, CDT.Part, "数字底座")
    add((PART, SKOS.notation, Literal("B")))
    add((PART, SKOS.topConceptOf, SCHEME))
    add((PART, CDT.depth, n(1)))
    provenance(g, PART, "二、（一）", 20)
    concept(g, NODE, CDT.FrameworkNode, "城市数字基础设施")
    add((NODE, SKOS.notation, Literal("B.1")))
    add((NODE, SKOS.broader, PART))
    add((NODE, CDT.depth, n(2)))
    add((NODE, SKOS.scopeNote, zh("主要规范感知、网络、算力等基础设施。")))
    provenance(g, NODE, "三、（二）1.", 80)
    add((PLANNED, RDF.type, CDT.PlannedStandard))
    add((PLANNED, SKOS.prefLabel, zh("感知设施编码要求")))
    add((PLANNED, CDT.plannedUnder, NODE))
    provenance(g, PLANNED, "三、（二）1.", 81)
    add((TARGET, RDF.type, CDT.RoadmapTarget))
    add((TARGET, CDT.targetYear, n(2027)))
    add((TARGET, CDT.minStandardCount, n(30)))
    add((TARGET, CDT.targetTopic, TOPIC))
    add((TARGET, CDT.otherGoal, zh("标准化服务平台")))
    provenance(g, TARGET, "一", 5)
    add((TOPIC, RDF.type, CDT.RoadmapTopic))
    add((TOPIC, SKOS.prefLabel, zh("术语")))
    add((TOPIC, CDT.relatedNode, NODE))
    add((TOPIC, CDT.topicOrder, n(1)))
    provenance(g, TOPIC, "一", 5)
    add((MAPPING, RDF.type, CDT.CoverageMapping))
    add((MAPPING, CDT.mappedStandard, DOC))
    add((MAPPING, CDT.mappedTo, NODE))
    add((MAPPING, CDT.relationship, CDT.Subset))
    add((MAPPING, CDT.mappingMethod, Literal("curated")))
    add((MAPPING, CDT.score, Literal("0.8", datatype=XSD.decimal)))
    add((MAPPING, CDT.rationale, zh("第 8 章规定了感知设施的架构。")))
    add((DOC, CDT.addresses, NODE))
    add((ALIGN, RDF.type, CDT.AlignmentMapping))
    add((ALIGN, CDT.matchSubject, NODE))
    add((ALIGN, CDT.matchObject, LOWER))
    add((ALIGN, CDT.matchProperty, SKOS.closeMatch))
    add((ALIGN, CDT.mappingMethod, Literal("derived")))
    add((ALIGN, CDT.score, Literal(0.6)))
    add((ALIGN, CDT.rationale, zh("名称相同")))
    # reference model
    for node, cls, label, line in ((LAYER, CDT.Layer, "数据层", 300), (LOWER, CDT.Layer, "设施层", 301),
                                   (SUPPORT, CDT.SupportSystem, "安全保障体系", 302),
                                   (COMPONENT, CDT.Component, "数据安全", 303),
                                   (PERSPECTIVE, CDT.Perspective, "全方位支撑", 304),
                                   (AGGREGATE, CDT.Aggregate, "城市智能中枢", 305)):
        concept(g, node, cls, label)
        provenance(g, node, "6 b)", line)
    add((LAYER, CDT.dependsOn, LOWER))
    add((LAYER, SKOS.broader, PERSPECTIVE))
    add((SUPPORT, CDT.constrains, LAYER))
    add((COMPONENT, SKOS.broader, LAYER))
    add((COMPONENT, CDT.specifiedBy, CLAUSE))
    add((COMPONENT, CDT.specifiedByProvision, PROV))
    add((COMPONENT, SKOS.definition, zh("数据全生命周期的安全防护。")))
    add((AGGREGATE, CDT.composedOf, LAYER))
    # maturity model
    concept(g, LEVEL, CDT.MaturityLevel, "基础级")
    add((LEVEL, CDT.levelNumber, n(1)))
    add((LEVEL, CDT.cityCategory, zh("潜力发展类")))
    add((LEVEL, SKOS.altLabel, zh("一级")))
    provenance(g, LEVEL, "6 a)", 150)
    for node, cls, label, number, broader, line in (
        (DOMAIN, CDT.CapabilityDomain, "数字基础设施", "8.2", None, 160),
        (SUBDOMAIN, CDT.CapabilitySubdomain, "数字基础设施", "8.2.1", DOMAIN, 161),
        (ITEM, CDT.CapabilityItem, "感知设施", "8.2.1", SUBDOMAIN, 162),
    ):
        concept(g, node, cls, label)
        add((node, CDT.number, Literal(number)))
        add((node, CDT.order, n(line)))
        if broader is not None:
            add((node, SKOS.broader, broader))
        provenance(g, node, number, line)
    add((FEATURE, RDF.type, CDT.LevelFeature))
    add((FEATURE, CDT.ofItem, ITEM))
    add((FEATURE, CDT.atLevel, LEVEL))
    add((FEATURE, CDT.text, zh("a) 部署感知终端")))
    add((FEATURE, CDT.table, Literal("表5")))
    provenance(g, FEATURE, "表5 感知设施 一级", 205)
    add((FEATURE_PROV, RDF.type, CDT.Provision))
    add((FEATURE_PROV, CDT.inFeature, FEATURE))
    add((FEATURE_PROV, CDT.inClause, CLAUSE))  # a cell statement may also name its clause
    add((FEATURE_PROV, CDT.marker, Literal("a)")))
    add((FEATURE_PROV, CDT.text, zh("部署感知终端")))
    add((FEATURE_PROV, CDT.modality, CDT.Statement))
    provenance(g, FEATURE_PROV, "表5 感知设施 一级 a)", 205)
    # design method
    concept(g, PHASE, CDT.MethodPhase, "需求和战略分析")
    add((PHASE, CDT.order, n(1)))
    provenance(g, PHASE, "5.2", 400)
    concept(g, STEP, CDT.MethodStep, "需求和战略分析")
    add((STEP, CDT.stepNumber, n(1)))
    add((STEP, CDT.inPhase, PHASE))
    provenance(g, STEP, "5.1", 401)
    concept(g, BTE, CDT.BTEDimension, "业务")
    add((BTE, SKOS.prefLabel, en("Business")))
    add((BTE, SKOS.notation, Literal("B")))
    provenance(g, BTE, "3.3", 402)
    concept(g, PRINCIPLE, CDT.Principle, "以人为本")
    add((PRINCIPLE, SKOS.definition, zh("以人为本，增强用户体验。")))
    provenance(g, PRINCIPLE, "4.1 a)", 403)
    concept(g, OPMODEL, CDT.OperationModel, "政府投资建设企业运营")
    provenance(g, OPMODEL, "11.4.1", 404)
    add((ACTIVITY, RDF.type, CDT.Activity))
    add((ACTIVITY, SKOS.prefLabel, zh("信息架构")))
    add((ACTIVITY, CDT.input, zh("业务架构")))
    add((ACTIVITY, CDT.output, zh("信息架构设计")))
    add((ACTIVITY, CDT.table, Literal("表A.3")))
    add((ACTIVITY, CDT.forStep, STEP))
    provenance(g, ACTIVITY, "表A.3 信息架构", 405)
    concept(g, SYSPART, CDT.SystemPart, "总体")
    add((SYSPART, SKOS.notation, Literal("01")))
    provenance(g, SYSPART, "B.8.1", 406)
    return g


def findings(report) -> set[tuple[str, str, str]]:
    """(shape local name, severity, focus IRI) of every result."""
    return {(r.shape.rsplit("#", 1)[-1], r.severity, r.focus) for r in report.results}


def fired(g: Graph) -> set[tuple[str, str, str]]:
    return findings(validate(g))


def replace(g: Graph, s, p, o) -> Graph:
    g.remove((s, p, None))
    g.add((s, p, o))
    return g


# --- the well-formed graph -----------------------------------------------------------
def test_the_well_formed_graph_conforms_without_any_finding():
    report = validate(well_formed())
    assert [(r.shape, r.focus, r.message) for r in report.results] == []
    assert report.conforms


# One value a shape refuses, or one property it requires taken away, fires that shape alone on that resource.
@pytest.mark.parametrize("subject, prop, value, shape, severity", [
    pytest.param(OLD, CDT.standardNumber, zh("GB/T 34678-2017"), "standard-number-format", "violation", id="a language tagged standard number is a violation"),
    pytest.param(DOC, CDT.baseNumber, Literal("T/SZS 4042-2021"), "base-number-format", "violation", id="a base number with its year is a violation"),
    pytest.param(DOC, CDT.status, URIRef(CDT_IRI + "Withdrawn"), "status-value", "violation", id="an unknown status is a violation"),
    pytest.param(OLD, DCTERMS.title, Literal("智慧城市 技术参考模型"), "title-language", "violation", id="an untagged title is a violation"),
    pytest.param(DOC, CDT.committee, ORG, "Document-committee", "violation", id="a committee link to a plain organization is a violation"),
    pytest.param(CONTRIB, CDT.role, Literal("editor"), "Contribution-role", "violation", id="a contribution with an unknown role is a violation"),
    pytest.param(EVENT, CDT.eventDate, Literal("2025年3月20日"), "DraftingEvent-date", "violation", id="an event date written as text is a violation"),
    pytest.param(CHANGE, CDT.changeKind, Literal("moved"), "Change-kind", "violation", id="an unknown change kind is a violation"),
    pytest.param(TABLE, CDT.locator, zh("表5"), "locator", "violation", id="a locator with a language tag is a violation"),
    pytest.param(CLAUSE, CDT.text, Literal("数据安全应满足以下要求："), "text", "violation", id="untagged clause text is a violation"),
    pytest.param(PROV, CDT.modality, URIRef(CDT_IRI + "Must"), "modality-value", "violation", id="an unknown modality is a violation"),
    pytest.param(CITATION, CDT.citationKind, Literal("informative"), "citation-kind-value", "violation", id="a citation of unknown kind is a violation"),
    pytest.param(TERM, CDT.sourceRelation, URIRef(CDT_IRI + "Adapted"), "source-relation-value", "violation", id="an unknown source relation is a violation"),
    pytest.param(NODE, SKOS.prefLabel, zh("城市数字基础设施标准"), "FrameworkNode-label-form", "warning", id="a node label ending in biaozhun is a warning"),
    pytest.param(PLANNED, SKOS.prefLabel, zh("感知设施编码要求等"), "PlannedStandard-label-form", "warning", id="a planned standard label ending in deng is a warning"),
    pytest.param(ALIGN, CDT.matchProperty, SKOS.related, "AlignmentMapping-property", "violation", id="an alignment with a non skos mapping property is a violation"),
    pytest.param(COMPONENT, CDT.specifiedBy, LAYER, "ModelElement-specifiedBy", "violation", id="specified by must point to a clause or provision"),
    pytest.param(LEVEL, CDT.levelNumber, n(6), "level-number-value", "violation", id="a level number outside 1 to 5 is a violation"),
    pytest.param(ITEM, SKOS.broader, DOMAIN, "CapabilityItem-broader", "violation", id="an item under a domain instead of a subdomain is a violation"),
    pytest.param(SYSPART, SKOS.notation, Literal("1"), "SystemPart-notation", "violation", id="a system part notation must have two digits"),
])
def test_a_refused_value_fires_its_shape_alone(subject, prop, value, shape, severity):
    g = replace(well_formed(), subject, prop, value)
    assert fired(g) == {(shape, severity, str(subject))}


@pytest.mark.parametrize("subject, prop, shape, severity", [
    pytest.param(PROV_1, CDT.modality, "Provision-modality", "violation", id="a provision without modality is a violation"),
    pytest.param(PROV, CDT.inClause, "ProvisionShape", "violation", id="a provision in neither clause nor cell is a violation"),
    pytest.param(ROW, CDT.inTable, "TableRow-inTable", "violation", id="a table row without its table is a violation"),
    pytest.param(ABBR, CDT.abbreviation, "Abbreviation-form", "violation", id="an abbreviation without its form is a violation"),
    pytest.param(NODE, SKOS.broader, "FrameworkNodeShape", "violation", id="a node below a part without broader is a violation"),
    pytest.param(TOPIC, CDT.relatedNode, "RoadmapTopic-node-expected", "warning", id="a topic without related node is a warning"),
])
def test_a_missing_required_property_fires_its_shape_alone(subject, prop, shape, severity):
    g = well_formed()
    g.remove((subject, prop, None))
    assert fired(g) == {(shape, severity, str(subject))}

@pytest.mark.parametrize("subject, prop, value, shape, severity", [
    pytest.param(OLD, CDT.standardNumber, Literal("GB/T 34678-2018"), "standard-number-single", "violation", id="two numbers on one standard node is a violation"),
    pytest.param(OLD, CDT.planNumber, Literal("2025-T-469"), "plan-number-format", "violation", id="a malformed plan number is a violation"),
    pytest.param(OLD, DCTERMS.title, zh("智慧城市技术参考模型"), "Document-title-single", "warning", id="two spellings of a cited title are a warning"),
    pytest.param(PART, SKOS.broader, NODE, "Part-no-broader", "violation", id="a part with a broader node is a violation"),
])
def test_a_value_added_where_the_shape_allows_none_fires_its_shape_alone(subject, prop, value, shape, severity):
    g = well_formed()
    g.add((subject, prop, value))
    assert fired(g) == {(shape, severity, str(subject))}


# --- standards ------------------------------------------------------------------------
@pytest.mark.parametrize("number", ["GB/T22239-2019", "GB/T 22239—2019", "GB/T XXXXX", "gb/t 22239-2019",
                                    "GB/T  22239-2019", "GB/T 22239 2019", "DBJ50/T-249-2016"])
def test_a_standard_number_not_in_normal_form_is_a_violation(number):
    g = replace(well_formed(), OLD, CDT.standardNumber, Literal(number))
    assert fired(g) == {("standard-number-format", "violation", str(OLD))}


@pytest.mark.parametrize("number", ["GB 45438-2025", "ISO/IEC 30145-1:2021", "T/SZS 4042-2021", "GB/T 41782",
                                    "YD/T 3473-2019", "GB/T 1.1-2020", "HJ 7-2022", "DB44/765-2019",
                                    "DB11/T 1234-2020", "JJF(通信) 018-2021", "ITU-T X.509", "Q/CUP 054.2-2013",
                                    "NIST SP 800-63", "RFC 8446", "DBJ50/T 249-2016", "DG/TJ 08-2100-2020",
                                    "DGJ32/TJ 112-2010"])
def test_normal_standard_numbers_pass(number):
    g = replace(well_formed(), OLD, CDT.standardNumber, Literal(number))
    assert fired(g) == set()


def test_a_cited_standard_without_a_title_is_left_to_the_corpus_check():
    # another document may print its title: ontology/checks/document_without_title.rq
    g = well_formed()
    g.remove((OLD, DCTERMS.title, None))
    report = validate(g)
    assert findings(report) == set()
    assert report.conforms


def test_an_ingested_document_without_a_chinese_title_is_a_violation():
    g = well_formed()
    g.remove((DOC, DCTERMS.title, None))
    g.add((DOC, DCTERMS.title, en("Guide of top-level design")))
    assert fired(g) == {("Ingested-title", "violation", str(DOC))}


def test_a_standard_without_number_plan_number_or_planned_status_is_a_warning():
    g = well_formed()
    g.remove((OLD, CDT.standardNumber, None))
    assert fired(g) == {("StandardShape", "warning", str(OLD))}
    g = replace(g, OLD, CDT.status, CDT.Planned)  # a placeholder such as GB/T XXXXX
    assert fired(g) == set()


def test_subclass_targets_reach_guidelines_and_policy_documents():
    g = well_formed()
    guide = ids.document_iri("guideline-standards-system-2026")
    policy = ids.cited_document_iri("policy", "关于深化智慧城市发展 推进城市全域数字化转型的指导意见")
    g.add((guide, RDF.type, CDT.Guideline))
    g.add((policy, RDF.type, CDT.PolicyDocument))
    g.add((policy, CDT.number, zh("发改数据〔2024〕660号")))
    g.add((policy, DCTERMS.title, zh("关于深化智慧城市发展 推进城市全域数字化转型的指导意见")))
    assert fired(g) == {("named-document-title", "violation", str(guide)),
                        ("PolicyDocument-number", "violation", str(policy))}


def test_a_policy_document_is_identified_by_its_title_or_its_number_and_needs_one_of_them():
    g = well_formed()
    by_number = ids.cited_document_iri("policy", "证监会令第117号")
    g.add((by_number, RDF.type, CDT.PolicyDocument))
    g.add((by_number, CDT.documentNumber, Literal("证监会令第117号")))
    assert fired(g) == set()
    g.remove((by_number, CDT.documentNumber, None))
    assert fired(g) == {("PolicyDocumentIdentifiedShape", "violation", str(by_number))}


# --- clauses and provisions ----------------------------------------------------------------
def test_two_clauses_collapsed_into_one_iri_show_as_two_titles_and_two_lines():
    """Two clauses printed as 7.2.9 mint the same IRI: the node carries both."""
    g = well_formed()
    g.add((CLAUSE, DCTERMS.title, zh("数据共享")))
    g.add((CLAUSE, CDT.sourceLine, n(140)))
    assert fired(g) == {("title-unique", "violation", str(CLAUSE)),
                        ("source-line", "violation", str(CLAUSE))}


def test_a_page_of_a_pdf_source_is_one_positive_integer():
    g = well_formed()
    g.add((CLAUSE, CDT.sourcePage, n(7)))
    assert fired(g) == set()
    g.add((CLAUSE, CDT.sourcePage, n(8)))
    assert fired(g) == {("source-page", "violation", str(CLAUSE))}
    g = replace(well_formed(), CLAUSE, CDT.sourcePage, Literal("第 7 页"))
    assert fired(g) == {("source-page", "violation", str(CLAUSE))}


def test_a_clause_without_number_or_with_a_tagged_number_is_a_violation():
    g = well_formed()
    g.remove((CLAUSE, CDT.number, None))
    assert fired(g) == {("Clause-number", "violation", str(CLAUSE))}
    g.add((CLAUSE, CDT.number, zh("7.2.9")))
    assert fired(g) == {("Clause-number", "violation", str(CLAUSE))}


def test_a_clause_without_locator_or_line_is_a_violation():
    g = well_formed()
    g.remove((CLAUSE, CDT.locator, None))
    g.remove((CHAPTER, CDT.sourceLine, None))
    assert fired(g) == {("locator", "violation", str(CLAUSE)), ("source-line", "violation", str(CHAPTER))}


def test_a_clause_with_two_parents_is_a_violation():
    g = well_formed()
    g.add((CLAUSE, CDT.parent, ids.clause_iri(DOC, "7.2")))
    g.add((ids.clause_iri(DOC, "7.2"), RDF.type, CDT.Clause))
    found = fired(g)
    assert ("Clause-parent", "violation", str(CLAUSE)) in found


def test_a_clause_without_order_is_a_warning():
    g = well_formed()
    g.remove((CLAUSE, CDT.order, None))
    report = validate(g)
    assert findings(report) == {("order-expected", "warning", str(CLAUSE))}
    assert report.conforms


def test_a_full_width_marker_is_a_warning():
    g = replace(well_formed(), PROV, CDT.marker, Literal("a）"))
    report = validate(g)
    assert findings(report) == {("Provision-marker-form", "warning", str(PROV))}
    assert report.conforms


# --- terms ---------------------------------------------------------------------------------
def test_a_term_entry_without_chinese_label_is_a_violation():
    g = well_formed()
    g.remove((TERM, SKOS.prefLabel, zh("城市全域数字化转型")))
    assert fired(g) == {("pref-label-zh", "violation", str(TERM))}


def test_a_concept_with_two_english_names_is_a_warning_and_without_one_an_info():
    g = well_formed()
    g.add((CONCEPT, SKOS.prefLabel, en("citywide digital transformation")))
    assert fired(g) == {("Concept-label-consistent", "warning", str(CONCEPT))}
    g.remove((CONCEPT, SKOS.prefLabel, None))
    g.add((CONCEPT, SKOS.prefLabel, zh("城市全域数字化转型")))
    report = validate(g)
    assert findings(report) == {("Concept-label-en", "info", str(CONCEPT))}
    assert report.conforms


# --- framework ------------------------------------------------------------------------------
def test_a_framework_node_with_only_an_english_label_is_a_violation():
    g = replace(well_formed(), NODE, SKOS.prefLabel, en("City digital infrastructure"))
    assert fired(g) == {("pref-label-zh", "violation", str(NODE))}


def test_an_untagged_framework_label_is_a_violation():
    g = replace(well_formed(), NODE, SKOS.prefLabel, Literal("城市数字基础设施"))
    assert fired(g) == {("pref-label-zh", "violation", str(NODE)),
                        ("pref-label-language", "violation", str(NODE))}


@pytest.mark.parametrize("notation", ["B-1", "b.1", "B.0", "B.1.", "1.B"])
def test_a_malformed_notation_is_a_violation(notation):
    g = replace(well_formed(), NODE, SKOS.notation, Literal(notation))
    assert fired(g) == {("FrameworkNode-notation", "violation", str(NODE))}


@pytest.mark.parametrize("score", [Literal("1.5", datatype=XSD.decimal), Literal(-0.1), Literal("0.5")])
def test_a_score_outside_0_to_1_or_not_a_number_is_a_violation(score):
    g = replace(well_formed(), MAPPING, CDT.score, score)
    assert fired(g) == {("score-value", "violation", str(MAPPING))}


def test_an_unknown_mapping_method_or_relationship_is_a_violation():
    g = replace(well_formed(), MAPPING, CDT.mappingMethod, Literal("manual"))
    g = replace(g, MAPPING, CDT.relationship, URIRef(CDT_IRI + "Overlaps"))
    assert fired(g) == {("mapping-method-value", "violation", str(MAPPING)),
                        ("relationship-value", "violation", str(MAPPING))}


# --- reference model ----------------------------------------------------------------------
def test_a_component_without_its_layer_is_a_violation():
    g = well_formed()
    g.remove((COMPONENT, SKOS.broader, None))
    assert fired(g) == {("Component-broader", "violation", str(COMPONENT))}


def test_a_layer_depending_on_two_layers_is_a_violation():
    g = well_formed()
    g.add((LAYER, CDT.dependsOn, SUPPORT))
    found = fired(g)
    assert ("Layer-dependsOn", "violation", str(LAYER)) in found


# --- maturity model ------------------------------------------------------------------------
def test_a_level_feature_without_a_level_is_a_violation():
    g = well_formed()
    g.remove((FEATURE, CDT.atLevel, None))
    assert fired(g) == {("LevelFeature-level", "violation", str(FEATURE))}


def test_a_level_feature_without_provisions_is_a_warning():
    g = well_formed()
    g.remove((FEATURE_PROV, None, None))
    assert fired(g) == {("LevelFeature-provisions", "warning", str(FEATURE))}


# --- design method --------------------------------------------------------------------------
def test_a_step_without_a_phase_is_a_violation():
    g = well_formed()
    g.remove((STEP, CDT.inPhase, None))
    assert fired(g) == {("MethodStep-phase", "violation", str(STEP))}


# --- controlled values ------------------------------------------------------------------------
def test_a_new_individual_typed_as_modality_is_a_violation():
    g = well_formed()
    must = URIRef(CDT_IRI + "Must")
    g.add((must, RDF.type, CDT.Modality))
    g.add((must, RDFS.label, zh("必须")))
    g.add((must, RDFS.label, en("must")))
    assert fired(g) == {("ModalityShape", "violation", str(must))}


# --- the shapes file itself -----------------------------------------------------------------
@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _zh(g: Graph, node, prop) -> list[str]:
    return [str(o) for o in g.objects(node, prop) if isinstance(o, Literal) and o.language == "zh"]


def test_every_shape_has_a_chinese_name_and_message(shapes):
    named = []
    for node in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        name = _zh(shapes, node, SH.name) or _zh(shapes, node, RDFS.label)
        if not name or not _zh(shapes, node, SH.message):
            named.append(str(node))
    assert named == []


def test_every_class_of_the_ontology_is_targeted_by_a_shape(shapes):
    onto = Graph().parse(ONTOLOGY, format="turtle")
    classes = {c for c in onto.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
               if str(c).startswith(CDT_IRI)}
    targeted = set(shapes.objects(None, SH.targetClass))
    assert sorted(str(c) for c in classes - targeted) == []


def test_only_core_constraints_are_used(shapes):
    """SPARQL-based constraints make pySHACL run one query per focus node."""
    assert list(shapes.subjects(SH.sparql, None)) == []
    assert list(shapes.subjects(RDF.type, SH.SPARQLTarget)) == []
    assert list(shapes.subjects(SH.target, None)) == []


def test_every_shape_is_named_and_states_its_severity(shapes):
    for node in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        assert isinstance(node, URIRef), node
        assert shapes.value(node, SH.severity) in (SH.Violation, SH.Warning, SH.Info), node


def test_value_lists_match_the_ontology(shapes):
    onto = Graph().parse(ONTOLOGY, format="turtle")
    from rdflib.collection import Collection

    def listed(shape):
        return set(Collection(shapes, shapes.value(URIRef(CDTSH + shape), SH["in"])))

    assert listed("modality-value") == set(onto.subjects(RDF.type, CDT.Modality))
    assert listed("status-value") == set(onto.subjects(RDF.type, CDT.Status))
    assert listed("source-relation-value") == set(onto.subjects(RDF.type, CDT.SourceRelation))
    assert listed("relationship-value") == set(onto.subjects(RDF.type, CDT.MappingRelationship))
    assert {str(v) for v in listed("mapping-method-value")} == {"curated", "derived"}
