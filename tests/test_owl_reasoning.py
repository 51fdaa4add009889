"""`cdtkg validate --owl`: HermiT on a projection of the build it can read (loaders/owl_reasoning.py)."""
from __future__ import annotations

from rdflib import OWL, RDF, XSD, Graph, Literal, URIRef

from built import built_graph
from loaders.build import ONTOLOGY, current_graph_file
from loaders.owl_reasoning import OUTSIDE_OWL2, reason, reasoner_projection, report_for
from test_ontology import _java

CDT = "https://w3id.org/cdtkg/ontology#"
R = "https://w3id.org/cdtkg/resource/"


def test_the_projection_turns_dates_outside_owl2_into_text_and_declares_individuals():
    g = Graph()
    doc = URIRef(R + "std/GB-T-1-2020")
    g.add((doc, RDF.type, URIRef(CDT + "Standard")))
    g.add((doc, URIRef(CDT + "effectiveDate"), Literal("2020-10-01", datatype=XSD.date)))
    g.add((doc, URIRef(CDT + "position"), Literal(3)))
    projection, retyped = reasoner_projection(g)
    assert retyped == 1
    assert (doc, URIRef(CDT + "effectiveDate"), Literal("2020-10-01")) in projection
    assert (doc, URIRef(CDT + "position"), Literal(3)) in projection
    assert (doc, RDF.type, OWL.NamedIndividual) in projection


def test_hermit_finds_the_bundled_build_consistent_with_no_unsatisfiable_class():
    _java()
    built_graph()
    graph_file = current_graph_file()
    report, retyped = report_for(graph_file)
    assert report.results + report.extra_results == []
    dates = sum(1 for _, _, o in Graph().parse(graph_file, format="nt")
                if isinstance(o, Literal) and o.datatype in OUTSIDE_OWL2)
    assert retyped == dates > 0


def test_a_value_outside_a_property_range_makes_the_graph_inconsistent():
    _java()
    g = Graph().parse(ONTOLOGY, format="turtle")
    c = URIRef(R + "contribution/1")
    g.add((c, RDF.type, URIRef(CDT + "Contribution")))
    g.add((c, URIRef(CDT + "position"), Literal("第一")))    # cdt:position has the range xsd:integer
    report, _ = reason(g)
    [finding] = report.extra_results
    assert finding.severity == "violation" and "矛盾" in finding.message
