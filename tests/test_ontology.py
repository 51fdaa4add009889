"""ontology/cdt.ttl: the public vocabulary, declared, labelled and consistent.

The contract list below is copied from the project's public vocabulary
(ONTOLOGY.md): these names must exist with these kinds; renaming one breaks
every analyst's queries.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, SKOS

from loaders.vocab import CDT, CDT_IRI

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "cdt.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/cdtkg/ontology")
C = Namespace(CDT_IRI)

# name -> kind, as the public vocabulary lists them ("class", "object", "datatype", "individual").
CONTRACT = {
    # Documents and standards
    "Document": "class", "Standard": "class", "TechnicalDocument": "class",
    "PolicyDocument": "class", "Guideline": "class", "TechnicalCommittee": "class",
    "standardNumber": "datatype", "baseNumber": "datatype", "planNumber": "datatype",
    "status": "object", "Published": "individual", "Draft": "individual",
    "Superseded": "individual", "Planned": "individual", "ingested": "datatype",
    "draftedBy": "object", "drafter": "object", "committee": "object",
    # Inside a document
    "Clause": "class", "inDocument": "object", "number": "datatype", "text": "datatype",
    "parent": "object", "Provision": "class", "inClause": "object", "marker": "datatype",
    "modality": "object", "Shall": "individual", "ShallNot": "individual", "Should": "individual",
    "ShouldNot": "individual", "May": "individual", "NeedNot": "individual", "Can": "individual",
    "Cannot": "individual", "Statement": "individual", "cites": "object", "Citation": "class",
    "fromText": "object", "toStandard": "object", "citedLocator": "datatype",
    "citationKind": "datatype", "normativeReference": "object", "bibliographyEntry": "object",
    # Terms
    "Concept": "class", "TermEntry": "class", "defines": "object", "sourceNote": "datatype",
    "sourceStandard": "object", "sourceClause": "datatype", "sourceRelation": "object",
    "Identical": "individual", "Modified": "individual", "Abbreviation": "class",
    "abbreviation": "datatype", "expansion": "datatype",
    # Framework
    "FrameworkNode": "class", "Part": "class", "PlannedStandard": "class", "plannedUnder": "object",
    "RoadmapTarget": "class", "targetYear": "datatype", "minStandardCount": "datatype",
    "targetTopic": "object", "RoadmapTopic": "class", "relatedNode": "object", "addresses": "object",
    "CoverageMapping": "class", "mappedStandard": "object", "mappedTo": "object",
    "relationship": "object", "Equivalent": "individual", "Subset": "individual",
    "Superset": "individual", "Intersects": "individual", "mappingMethod": "datatype",
    "score": "datatype", "rationale": "datatype",
    # Reference model
    "ModelElement": "class", "Layer": "class", "SupportSystem": "class", "Component": "class",
    "Perspective": "class", "dependsOn": "object", "constrains": "object", "composedOf": "object",
    "specifiedBy": "object",
    # Maturity model
    "MaturityLevel": "class", "levelNumber": "datatype", "cityCategory": "datatype",
    "CapabilityDomain": "class", "CapabilitySubdomain": "class", "CapabilityItem": "class",
    "LevelFeature": "class", "ofItem": "object", "atLevel": "object", "table": "datatype",
    "inFeature": "object",
    # Alignment and provenance
    "sourceDocument": "object", "locator": "datatype",
}
OWL_TYPE = {"class": OWL.Class, "object": OWL.ObjectProperty, "datatype": OWL.DatatypeProperty}

# The subclass axioms the contract states (⊑).
SUBCLASSES = [
    (C.Standard, C.Document), (C.TechnicalDocument, C.Document), (C.PolicyDocument, C.Document),
    (C.Guideline, C.Document), (C.Concept, SKOS.Concept), (C.FrameworkNode, SKOS.Concept),
    (C.Part, C.FrameworkNode), (C.ModelElement, SKOS.Concept), (C.Layer, C.ModelElement),
    (C.SupportSystem, C.ModelElement), (C.Component, C.ModelElement), (C.Perspective, C.ModelElement),
    (C.TechnicalCommittee, FOAF.Organization),
]

# The controlled values: individual -> (class, Chinese label, English label).
INDIVIDUALS = {
    "Published": ("Status", "现行", "published"), "Draft": ("Status", "征求意见稿", "draft"),
    "Superseded": ("Status", "被代替", "superseded"), "Planned": ("Status", "计划中", "planned"),
    "Shall": ("Modality", "应", "shall"), "ShallNot": ("Modality", "不应", "shall not"),
    "Should": ("Modality", "宜", "should"), "ShouldNot": ("Modality", "不宜", "should not"),
    "May": ("Modality", "可", "may"), "NeedNot": ("Modality", "不必", "need not"),
    "Can": ("Modality", "能", "can"), "Cannot": ("Modality", "不能", "cannot"),
    "Statement": ("Modality", "陈述", "statement"),
    "Identical": ("SourceRelation", "原样采用", "identical"), "Modified": ("SourceRelation", "有修改", "modified"),
    "Equivalent": ("MappingRelationship", "等同", "equivalent"),
    "Subset": ("MappingRelationship", "部分覆盖", "subset"),
    "Superset": ("MappingRelationship", "超出覆盖", "superset"),
    "Intersects": ("MappingRelationship", "交叉", "intersects"),
}

# Properties several unrelated classes carry: a domain would make the reasoner
# classify every clause, term entry, cell … into it.
SHARED = ["number", "text", "marker", "order", "table", "locator", "sourceDocument", "sourceLine", "sourcePage",
          "cites", "specifiedBy", "planningPeriod"]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _cdt_terms(g: Graph) -> set[str]:
    return {str(s)[len(CDT_IRI):] for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(CDT_IRI)}


def _vocab_terms() -> set[str]:
    return set(CDT.__annotations__)


def _kind(g: Graph, name: str) -> str:
    types = set(g.objects(C[name], RDF.type))
    if OWL.NamedIndividual in types:
        return "individual"
    for kind, t in OWL_TYPE.items():
        if t in types:
            return kind
    return "undeclared"


def _langs(g: Graph, node, prop) -> set[str]:
    return {o.language for o in g.objects(node, prop) if isinstance(o, Literal) and o.language}


# --- (a) the vocabulary --------------------------------------------------------------
def test_every_vocab_term_is_declared_in_the_ontology(onto):
    assert sorted(_vocab_terms() - _cdt_terms(onto)) == []


def test_every_declared_cdt_term_is_in_the_vocab(onto):
    assert sorted(_cdt_terms(onto) - _vocab_terms()) == []


def test_every_contract_name_exists_with_its_kind(onto):
    wrong = {name: _kind(onto, name) for name, kind in CONTRACT.items() if _kind(onto, name) != kind}
    assert wrong == {}


def test_every_class_and_property_has_chinese_and_english_label_and_comment(onto):
    missing = []
    for name in sorted(_cdt_terms(onto)):
        node = C[name]
        if not {"zh", "en"} <= _langs(onto, node, RDFS.label):
            missing.append((name, "rdfs:label"))
        if not {"zh", "en"} <= _langs(onto, node, RDFS.comment):
            missing.append((name, "rdfs:comment"))
    assert missing == []


def test_subclass_axioms_of_the_contract(onto):
    assert [(s, o) for s, o in SUBCLASSES if (s, RDFS.subClassOf, o) not in onto] == []


def test_controlled_values_are_typed_and_labelled(onto):
    for name, (cls, zh, en) in INDIVIDUALS.items():
        assert (C[name], RDF.type, C[cls]) in onto, name
        assert (C[name], RDFS.label, Literal(zh, lang="zh")) in onto, name
        assert (C[name], RDFS.label, Literal(en, lang="en")) in onto, name
    modalities = set(onto.subjects(RDF.type, C.Modality))
    assert len(modalities) == 9
    assert len(set(onto.subjects(RDF.type, C.Status))) == 4


def test_properties_have_domain_and_range_where_not_shared(onto):
    props = [n for n in _cdt_terms(onto) if _kind(onto, n) in ("object", "datatype")]
    no_range = sorted(n for n in props if onto.value(C[n], RDFS.range) is None)
    # values that may be anything (a model element or a clause, a property IRI …)
    assert no_range == ["contributedTo", "followsExternal", "fromText", "matchObject",
                        "matchProperty", "matchSubject"]
    no_domain = sorted(n for n in props if onto.value(C[n], RDFS.domain) is None)
    assert no_domain == sorted(SHARED + ["planningPeriodMaxYears", "planningPeriodMinYears"])


def test_shared_domains_are_unions(onto):
    dom = onto.value(C.inDocument, RDFS.domain)
    members = set(Collection(onto, onto.value(dom, OWL.unionOf)))
    assert {C.Clause, C.TermEntry, C.Abbreviation} <= members
    rng = onto.value(C.specifiedBy, RDFS.range)
    assert set(Collection(onto, onto.value(rng, OWL.unionOf))) == {C.Clause, C.Provision}


def test_identifiers_are_plain_strings_and_text_is_language_tagged(onto):
    for name in ("standardNumber", "baseNumber", "planNumber", "number", "marker", "locator", "citedLocator"):
        assert onto.value(C[name], RDFS.range) == XSD.string, name
    for name in ("text", "expansion", "cityCategory", "sourceNote", "task"):
        assert onto.value(C[name], RDFS.range) == RDF.langString, name
    for name in ("order", "sourceLine", "levelNumber", "position", "targetYear"):
        assert onto.value(C[name], RDFS.range) == XSD.integer, name


def test_ontology_header_and_prefixes(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    assert {"zh", "en"} <= _langs(onto, ONTOLOGY_IRI, DCTERMS.title)
    prefixes = {p: str(ns) for p, ns in onto.namespaces()}
    assert prefixes["cdt"] == CDT_IRI
    assert prefixes["cdtr"] == "https://w3id.org/cdtkg/resource/"
    assert prefixes["skos"] == str(SKOS)
    assert prefixes["dcterms"] == str(DCTERMS)
    assert prefixes["foaf"] == str(FOAF)


def test_reused_terms_are_declared_for_reasoners(onto):
    for cls in (SKOS.Concept, SKOS.ConceptScheme, FOAF.Organization, FOAF.Person, FOAF.Agent):
        assert (cls, RDF.type, OWL.Class) in onto, cls
    for prop in (SKOS.broader, SKOS.inScheme, SKOS.exactMatch, SKOS.closeMatch, DCTERMS.replaces):
        assert (prop, RDF.type, OWL.ObjectProperty) in onto, prop
    for prop in (SKOS.prefLabel, SKOS.definition, DCTERMS.title):
        assert (prop, RDF.type, OWL.AnnotationProperty) in onto, prop


# --- (b) a reasoner finds it consistent -----------------------------------------------
def _java() -> str:
    java = shutil.which("java")
    if java:
        return java
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "default-jre-headless"], check=False, capture_output=True)
        java = shutil.which("java")
        if java:
            return java
    pytest.skip("HermiT needs java: install a JRE (apt-get install default-jre-headless) to run this test")


# A small sample of how the loaders use the shared properties (see the RDF
# contract): the reasoner must not classify any of these into a class they
# were not given.
SAMPLE = """
@prefix cdt: <https://w3id.org/cdtkg/ontology#> .
@prefix cdtr: <https://w3id.org/cdtkg/resource/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
cdtr:doc a cdt:Standard ; cdt:standardNumber "T/SZS 4042-2021" ; cdt:status cdt:Published ;
    cdt:draftedBy cdtr:org ; cdt:committee cdtr:tc ; dcterms:replaces cdtr:old ; cdt:ingested true .
cdtr:org a foaf:Organization ; foaf:name "中国电子技术标准化研究院"@zh .
cdtr:tc a cdt:TechnicalCommittee ; foaf:name "全国数据标准化技术委员会"@zh .
cdtr:old a cdt:Standard .
cdtr:cl a cdt:Clause ; cdt:inDocument cdtr:doc ; cdt:number "7.2.9" ; cdt:text "数据安全"@zh ;
    cdt:order 5 ; cdt:locator "7.2.9" ; cdt:sourceDocument cdtr:doc ; cdt:sourceLine 120 .
cdtr:pr a cdt:Provision ; cdt:inClause cdtr:cl ; cdt:marker "a)" ; cdt:text "应……"@zh ;
    cdt:modality cdt:Shall ; cdt:locator "7.2.9 a)" ; cdt:sourceDocument cdtr:doc ; cdt:sourceLine 121 ;
    cdt:cites cdtr:old .
cdtr:te a cdt:TermEntry ; cdt:inDocument cdtr:doc ; cdt:number "3.1" ; cdt:defines cdtr:c ;
    cdt:sourceRelation cdt:Modified ; cdt:locator "3.1" ; cdt:sourceDocument cdtr:doc ; cdt:sourceLine 40 .
cdtr:c a cdt:Concept ; skos:prefLabel "城市"@zh .
cdtr:fn a cdt:Part ; skos:notation "A" ; cdt:depth 1 ; cdt:locator "二、（一）" .
cdtr:ps a cdt:PlannedStandard ; cdt:plannedUnder cdtr:fn .
cdtr:item a cdt:CapabilityItem ; cdt:number "8.2.1" ; cdt:specifiedBy cdtr:cl .
cdtr:lv a cdt:MaturityLevel ; cdt:levelNumber 1 .
cdtr:lf a cdt:LevelFeature ; cdt:ofItem cdtr:item ; cdt:atLevel cdtr:lv ; cdt:text "a) …"@zh ; cdt:table "表7" .
cdtr:lp a cdt:Provision ; cdt:inFeature cdtr:lf ; cdt:inClause cdtr:cl ; cdt:marker "a)" ; cdt:modality cdt:Statement .
cdtr:cell a cdt:TableCell ; cdt:inRow cdtr:row ; cdt:columnIndex 1 ; cdt:text "感知设施"@zh .
cdtr:row a cdt:TableRow ; cdt:inTable cdtr:tab ; cdt:rowIndex 1 .
cdtr:tab a cdt:Table ; cdt:number "表5" ; cdt:inClause cdtr:cl .
cdtr:l1 a cdt:Layer ; cdt:dependsOn cdtr:l2 ; cdt:specifiedBy cdtr:cl .
cdtr:l2 a cdt:Layer .
cdtr:ss a cdt:SupportSystem ; cdt:constrains cdtr:l1 .
cdtr:cm a cdt:CoverageMapping ; cdt:mappedStandard cdtr:doc ; cdt:mappedTo cdtr:fn ;
    cdt:relationship cdt:Subset ; cdt:mappingMethod "curated" ; cdt:score 0.8 .
cdtr:ch a cdt:Change ; cdt:inDocument cdtr:doc ; cdt:marker "f)" ; cdt:contributedTo cdtr:l1 .
cdtr:act a cdt:Activity ; cdt:table "表A.3" ; cdt:input "现状"@zh .
"""


def _reasoned(tmp_path: Path, data: str = ""):
    owlready2 = pytest.importorskip("owlready2")
    _java()
    g = Graph().parse(ONTOLOGY, format="turtle")
    if data:
        sample = Graph().parse(data=data, format="turtle")
        for s in set(sample.subjects()) | {o for o in sample.objects() if isinstance(o, URIRef)}:
            if str(s).startswith("https://w3id.org/cdtkg/resource/"):
                sample.add((s, RDF.type, OWL.NamedIndividual))  # owlready2 only reasons over declared individuals
        g += sample
    path = tmp_path / "cdt.owl"
    g.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    return owlready2, world, onto


def test_hermit_finds_the_ontology_consistent(tmp_path):
    owlready2, world, onto = _reasoned(tmp_path)
    assert list(world.inconsistent_classes()) == []
    assert list(owlready2.Nothing.instances(world=world)) == []
    names = {c.name for c in onto.classes()}
    assert {"Document", "Standard", "Clause", "Provision", "FrameworkNode", "LevelFeature"} <= names


def test_hermit_infers_nothing_unexpected_from_real_usage(tmp_path):
    """Shared properties on unrelated classes must not reclassify anything."""
    owlready2, world, onto = _reasoned(tmp_path, SAMPLE)
    assert list(world.inconsistent_classes()) == []
    data = Graph().parse(data=SAMPLE, format="turtle")
    schema = Graph().parse(ONTOLOGY, format="turtle")
    surprises = {}
    for ind in onto.individuals():
        iri = URIRef(ind.iri)
        if (iri, None, None) not in data:
            continue
        asserted = set(data.objects(iri, RDF.type))
        allowed = set(asserted)
        for t in asserted:
            allowed |= set(schema.transitive_objects(t, RDFS.subClassOf))
        inferred = {URIRef(c.iri) for c in ind.INDIRECT_is_a if hasattr(c, "iri")} - {OWL.Thing}
        extra = {str(c) for c in inferred - allowed}
        if extra:
            surprises[str(iri)] = sorted(extra)
    assert surprises == {}
