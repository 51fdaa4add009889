"""loaders/validation.py: the report a drafter reads, its JSON, its exit semantics, its speed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from loaders import ids
from loaders.validation import (
    SHACL_SOURCE,
    ValidationReport,
    ValidationResult,
    check_result,
    ontology_graph,
    runnable_shapes,
    shapes_graph,
    validate,
)
from loaders.vocab import CDT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SH = "http://www.w3.org/ns/shacl#"

DOC = ids.standard_iri("T/SZS 4042-2021")


def zh(text):
    return Literal(text, lang="zh")


def document(g: Graph) -> None:
    g.add((DOC, RDF.type, CDT.Standard))
    g.add((DOC, CDT.standardNumber, Literal("T/SZS 4042-2021")))
    g.add((DOC, DCTERMS.title, zh("城市数字化转型顶层设计指南")))


def clause(g: Graph, number: str, title: str, line: int | None, order: int = 1) -> URIRef:
    node = ids.clause_iri(DOC, number)
    g.add((node, RDF.type, CDT.Clause))
    g.add((node, CDT.inDocument, DOC))
    g.add((node, CDT.number, Literal(number)))
    g.add((node, DCTERMS.title, zh(title)))
    g.add((node, CDT.order, Literal(order)))
    g.add((node, CDT.sourceDocument, DOC))
    g.add((node, CDT.locator, Literal(number)))
    if line is not None:
        g.add((node, CDT.sourceLine, Literal(line)))
    return node


def two_broken_clauses() -> Graph:
    """Two clauses without a source line, one fine clause, one clause without order."""
    g = Graph()
    document(g)
    clause(g, "7.2.9", "数据安全", None, 3)
    clause(g, "7.2.8", "数据运营", None, 2)
    clause(g, "7.2.7", "数据服务", 90, 1)
    node = clause(g, "7.2.6", "数据管理", 80)
    g.remove((node, CDT.order, None))
    return g


@pytest.fixture(scope="module")
def report() -> ValidationReport:
    return validate(two_broken_clauses())


# --- naming the offending resource -------------------------------------------------------
def test_a_result_names_the_resource_by_label_kind_document_and_locator(report):
    by_focus = {r.focus: r for r in report.results if r.severity == "violation"}
    r = by_focus[str(ids.clause_iri(DOC, "7.2.9"))]
    assert (r.label, r.kind, r.document, r.locator) == ("7.2.9 数据安全", "条款", "T/SZS 4042-2021", "7.2.9")
    assert (r.shape_name, r.path, r.severity) == ("源文件行号", "cdt:sourceLine", "violation")
    assert r.message.startswith("必须有且只有一个源文件行号")


def test_the_text_report_names_resources_by_label_and_place_not_only_iri(report):
    text = report.render_text()
    assert text.splitlines()[0] == "校验未通过：违规 2 处，警告 1 处，提示 0 处。"
    assert "  - 条款「7.2.9 数据安全」（T/SZS 4042-2021 7.2.9）" in text
    assert "  - 条款「7.2.6 数据管理」（T/SZS 4042-2021 7.2.6，第 80 行）" in text
    assert "https://" not in text


def test_the_text_report_groups_by_severity_then_rule(report):
    lines = report.render_text().splitlines()
    assert lines.index("【违规】") < lines.index("■ 源文件行号（cdt:sourceLine）：2 处") < lines.index("【警告】")
    assert lines.index("【警告】") < lines.index("■ 缺少顺序号（cdt:order）：1 处")
    # the rule's message once per group, then one line per resource in reading order
    group = lines.index("■ 源文件行号（cdt:sourceLine）：2 处")
    assert lines[group + 1].startswith("  问题：必须有且只有一个源文件行号")
    assert lines[group + 2].startswith("  - 条款「7.2.8 数据运营」")
    assert lines[group + 3].startswith("  - 条款「7.2.9 数据安全」")


def test_groups_hold_every_result_of_one_shape(report):
    groups = report.groups()
    assert [(sev, name, len(rs)) for sev, name, rs in groups] == [
        ("violation", "源文件行号", 2), ("warning", "缺少顺序号", 1)]


def test_a_collapsed_node_shows_its_conflicting_values():
    g = two_broken_clauses()
    node = ids.clause_iri(DOC, "7.2.7")
    g.add((node, DCTERMS.title, zh("数据共享")))
    r = next(r for r in validate(g).results if r.shape_name == "标题唯一")
    assert (r.focus, r.value) == (str(node), "数据共享；数据服务")
    assert "取值“数据共享；数据服务”" in validate(g).render_text()


def test_a_resource_without_any_label_is_named_by_its_iri():
    g = Graph()
    node = ids.clause_iri(DOC, "9")
    g.add((node, RDF.type, CDT.Clause))
    r = validate(g).results[0]
    assert r.label == "9"
    assert "条款「9」" in validate(g).render_text()


def test_a_clean_graph_renders_one_line():
    g = Graph()
    document(g)
    clause(g, "1", "范围", 10)
    report = validate(g)
    assert report.render_text() == "校验通过：违规 0 处，警告 0 处，提示 0 处。"


# --- JSON ----------------------------------------------------------------------------------
def test_json_round_trips(report):
    extra = check_result("orphan-clause", "warning", {
        "resource": ids.clause_iri(DOC, "7.2.7"), "label": "", "locator": "",
        "message": "条款没有上级条款"}, graph=two_broken_clauses(), name="孤立条款")
    report = ValidationReport(results=list(report.results), extra_results=[extra], seconds=0.5)
    again = ValidationReport.from_json(report.to_json())
    assert again.results == report.results
    assert again.extra_results == report.extra_results
    assert again.to_json() == report.to_json()


def test_json_carries_counts_and_results(report):
    data = json.loads(report.to_json())
    assert (data["conforms"], data["violations"], data["warnings"], data["infos"]) == (False, 2, 1, 0)
    first = data["results"][0]
    assert first["label"] == "7.2.8 数据运营"
    assert first["source"] == SHACL_SOURCE
    assert set(first) == {"severity", "shape", "shape_name", "focus", "label", "kind", "document",
                          "locator", "source_line", "path", "value", "message", "source"}


# --- exit semantics ---------------------------------------------------------------------------
def test_only_violations_make_a_report_fail():
    g = two_broken_clauses()
    for node in g.subjects(RDF.type, CDT.Clause):
        if (node, CDT.sourceLine, None) not in g:
            g.add((node, CDT.sourceLine, Literal(1)))
    report = validate(g)
    assert (report.violations, report.warnings) == (0, 1)
    assert report.conforms


def test_check_results_count_towards_conformance():
    g = Graph()
    document(g)
    clause(g, "1", "范围", 10)
    row = {"resource": ids.clause_iri(DOC, "1"), "label": None, "locator": None, "message": "示例问题"}
    warned = validate(g, extra_results=[check_result("sample", "warning", row, graph=g)])
    assert warned.conforms and warned.warnings == 1
    failed = validate(g).extend([check_result("sample", "violation", row, graph=g)])
    assert not failed.conforms and failed.violations == 1
    r = failed.extra_results[0]
    assert (r.label, r.kind, r.document, r.locator, r.source_line, r.shape) == (
        "1 范围", "条款", "T/SZS 4042-2021", "1", 10, "check:sample")
    assert "■ sample：1 处" in failed.render_text()


def test_check_result_rejects_an_unknown_severity():
    with pytest.raises(ValueError):
        check_result("sample", "error", {"resource": DOC, "message": "x"})


def test_merging_reports_of_two_document_graphs():
    a, b = validate(two_broken_clauses()), validate(two_broken_clauses())
    merged = ValidationReport().merge(a).merge(b)
    assert (merged.violations, merged.warnings) == (4, 2)


def test_validate_does_not_modify_the_graph():
    g = two_broken_clauses()
    before = len(g)
    validate(g)
    assert len(g) == before


# --- the shapes as run ----------------------------------------------------------------------------
def _keys(results_graph: Graph) -> set:
    sh = lambda name: URIRef(SH + name)  # noqa: E731
    return {(results_graph.value(r, sh("focusNode")), results_graph.value(r, sh("resultPath")),
             results_graph.value(r, sh("sourceShape")), results_graph.value(r, sh("resultSeverity")))
            for r in results_graph.subjects(RDF.type, sh("ValidationResult"))}


def test_hoisted_shapes_find_exactly_what_shapes_ttl_finds():
    """runnable_shapes() only moves targets onto property shapes (for speed)."""
    g = two_broken_clauses()
    g.add((ids.clause_iri(DOC, "7.2.7"), DCTERMS.title, zh("数据共享")))
    g.add((ids.framework_node_iri("B.1"), RDF.type, CDT.FrameworkNode))
    kwargs = dict(ont_graph=ontology_graph(), inference="none", allow_warnings=True, allow_infos=True)
    _, plain, _ = pyshacl_validate(g, shacl_graph=shapes_graph(), **kwargs)
    _, hoisted, _ = pyshacl_validate(g, shacl_graph=runnable_shapes(), **kwargs)
    assert len(_keys(plain)) == 11  # 4 on the clauses, 7 on the bare framework node
    assert _keys(hoisted) == _keys(plain)


def test_the_axioms_mixed_in_once_find_what_pyshacl_mixing_the_ontology_finds():
    """validate() mixes ontology_axioms() into the graph instead of passing the ontology to pySHACL."""
    g = two_broken_clauses()
    g.add((ids.framework_node_iri("B.1"), RDF.type, CDT.FrameworkNode))
    _, plain, _ = pyshacl_validate(g, shacl_graph=runnable_shapes(), ont_graph=ontology_graph(), inference="none",
                                   allow_warnings=True, allow_infos=True)
    before = set(g)
    found = {(r.focus, r.shape) for r in validate(g).results}
    assert found == {(str(focus), str(shape)) for focus, _, shape, _ in _keys(plain)}
    assert len(found) >= 10
    assert set(g) == before


# --- the real corpus ---------------------------------------------------------------------
def _real_001() -> Graph:
    gbt = pytest.importorskip("loaders.gbt_document")
    from loaders.manifest import read_manifest

    entry = next(e for e in read_manifest(CORPUS) if e.id == "gbt-technical-reference-model-draft")
    return gbt.load_gbt_document(CORPUS / entry.file, entry).graph, ids.entry_iri(entry)


def test_the_real_reference_model_draft_has_no_violation():
    g, _ = _real_001()
    report = validate(g)
    assert [r for r in report.results if r.severity == "violation"] == []


def test_a_real_clause_that_lost_its_line_is_named_by_title_and_place():
    g, doc = _real_001()
    node = ids.clause_iri(doc, "7.2.9")
    g.remove((node, CDT.sourceLine, None))
    report = validate(g)
    violations = [r for r in report.results if r.severity == "violation"]
    assert [(r.label, r.kind, r.document, r.locator, r.path) for r in violations] == [
        ("7.2.9 数据安全", "条款", "20250317-T-469", "7.2.9", "cdt:sourceLine")]
    assert "条款「7.2.9 数据安全」（20250317-T-469 7.2.9）" in report.render_text()
