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


WELL_FORMED = ROOT / "tests" / "fixtures" / "shapes_well_formed.ttl"
NAMED = [value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, URIRef)]


def well_formed() -> Graph:
    """One resource of each kind, as the loaders make them (tests/fixtures/shapes_well_formed.ttl)."""
    return Graph().parse(WELL_FORMED, format="turtle")


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
def test_the_well_formed_graph_holds_every_resource_these_tests_name():
    subjects = set(well_formed().subjects())
    assert [iri for iri in NAMED if iri not in subjects] == []


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
    pytest.param(COMPONENT, SKOS.broader, "Component-broader", "violation", id="a component without its layer is a violation"),
    pytest.param(FEATURE, CDT.atLevel, "LevelFeature-level", "violation", id="a level feature without a level is a violation"),
    pytest.param(STEP, CDT.inPhase, "MethodStep-phase", "violation", id="a step without a phase is a violation"),
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
def test_a_layer_depending_on_two_layers_is_a_violation():
    g = well_formed()
    g.add((LAYER, CDT.dependsOn, SUPPORT))
    found = fired(g)
    assert ("Layer-dependsOn", "violation", str(LAYER)) in found


# --- maturity model ------------------------------------------------------------------------
def test_a_level_feature_without_provisions_is_a_warning():
    g = well_formed()
    g.remove((FEATURE_PROV, None, None))
    assert fired(g) == {("LevelFeature-provisions", "warning", str(FEATURE))}


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
