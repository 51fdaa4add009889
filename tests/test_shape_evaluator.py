"""loaders/shape_evaluator.py: the shapes evaluated without pySHACL give pySHACL's findings — the same
focus nodes, paths, values and messages — on the projects and coverage of good and bad plan lists and on
a bundled document, and every constraint kind the shapes use is one it evaluates."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from loaders import ids
from loaders.coverage import load_coverage
from loaders.plan_import import import_plan
from loaders.plan_projects import load_plan_projects
from loaders.shape_evaluator import unknown_constraints, validate_core
from loaders.validation import shapes_graph, validate
from loaders.vocab import CDT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BAD_ROWS = [
    ["计划号", "项目名称", "标准性质", "标准号", "下达日期", "计划完成日期", "阶段", "主管部门"],
    ["20269801-T-469", "测试项目 城市感知体系 参考架构", "推荐", "", "2026-01-01", "2027-06-30", "起草", "国家标准化管理委员会"],
    ["20269802-T-469", "测试项目 城市数据资源目录", "推荐", "", "2025-01-01", "2026-06-30", "发布", ""],
    ["20269803-T-469", "测试项目 城市智能中枢 运行要求", "推荐", "", "2026-05-01", "2026-01-01", "立项", ""],
    ["20269804-T-469", "测试项目 城市数字孪生 数据要求", "推荐", "GB/T 99804-2026", "2026-01-01", "2027-01-01", "发布", ""],
    ["20269805-T-469", "测试项目 城市数字孪生 数据要求", "推荐", "GB/T 99804-2026", "2026-01-01", "2027-01-01", "报批", ""],
]


def _findings(report) -> Counter:
    """Each result as a reader gets it, counted (pySHACL may give the same result twice)."""
    return Counter((r.severity, r.shape, r.shape_name, r.focus, r.path, r.value, r.message, r.label, r.kind,
                    r.document, r.locator, r.source_line) for r in report.results)


def _same(graph: Graph) -> Counter:
    expected = _findings(validate(graph))
    assert _findings(validate_core(graph)) == expected
    return expected


@pytest.fixture(scope="module")
def plan_graphs(union, tmp_path_factory, copy_corpus) -> dict[str, tuple[Graph, Graph]]:
    """(projects, coverage) graphs of the two test sheets, and of a sheet of bad rows."""
    root = tmp_path_factory.mktemp("evaluator")
    bad = root / "进度.csv"
    with bad.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(BAD_ROWS)
    out = {}
    for name, sheet in (("national", FIXTURES / "plan_national.csv"), ("committee", FIXTURES / "plan_committee.csv"),
                        ("bad", bad)):
        corpus = copy_corpus(root / name)
        import_plan(corpus, sheet)
        out[name] = (load_plan_projects(union, corpus).graph, load_coverage(union, corpus).graph)
    return out


@pytest.mark.parametrize("sheet", ["national", "committee"])
def test_the_projects_and_coverage_of_a_good_sheet_give_the_same_findings(plan_graphs, sheet):
    projects, coverage = plan_graphs[sheet]
    assert not [f for f in _same(projects) if f[0] == "violation"]
    _same(coverage)


def test_bad_rows_of_a_sheet_give_the_same_findings_with_their_rows(plan_graphs):
    projects, _ = plan_graphs["bad"]
    found = _same(projects)
    by_focus = {(f[3], f[2]): f for f in found}
    published = by_focus[(str(ids.plan_iri("20269802-T-469")), "已发布的项目有标准号")]
    assert (published[10], published[11]) == ("进度:3", 3)
    assert (str(ids.plan_iri("20269803-T-469")), "完成日期晚于下达日期") in by_focus
    two_stages = by_focus[(str(ids.standard_iri("GB/T 99804-2026")), "项目阶段")]
    assert two_stages[0] == "violation"


def test_a_project_graph_broken_in_every_kind_of_constraint_gives_the_same_findings(plan_graphs):
    """Values the loaders never write, one for each constraint kind the project shapes use."""
    projects, _ = plan_graphs["national"]
    g = Graph()
    for t in projects:
        g.add(t)
    twin, terms = ids.plan_iri("20269901-T-469"), ids.plan_iri("20255407-T-907")
    g.remove((twin, CDT.projectName, None))                                          # sh:minCount
    g.add((terms, CDT.projectName, Literal("Terminology", lang="en")))               # sh:languageIn
    g.add((twin, CDT.stageDate, Literal("2026年1月15日")))                            # sh:datatype
    g.add((twin, CDT.startDate, Literal("2026-13-45", datatype=XSD.date)))           # ill-typed, sh:lessThan
    g.add((twin, CDT.cycleMonths, Literal(0, datatype=XSD.integer)))                 # sh:minInclusive, sh:maxCount
    g.add((twin, CDT.deliverableKind, Literal("其他")))                               # sh:in
    g.add((twin, CDT.projectStage, CDT.Published))                                   # sh:class
    g.add((twin, CDT.competentDepartment, Literal("国家标准化管理委员会")))               # sh:class on a literal
    g.add((twin, CDT.planNumber, Literal("2026-T-1")))                               # sh:pattern
    g.add((twin, DCTERMS.title, Literal("另一个题名", lang="zh")))                      # sh:uniqueLang
    g.add((twin, CDT.status, URIRef(CDT._NS + "Unknown")))                            # sh:in on IRIs
    bare = URIRef(str(twin) + "-bare")                                                # nothing but its classes
    g.add((bare, RDF.type, CDT.StandardsProject))
    g.add((bare, RDF.type, CDT.Standard))
    g.add((terms, CDT.projectStage, CDT.StagePublished))                              # sh:or, sh:not, sh:hasValue
    found = _same(g)
    assert len({f[1] for f in found}) >= 12


def test_a_bundled_document_gives_the_same_findings(parsed_documents):
    """The guideline's graph uses the kinds the project shapes do not: inverse paths, qualified counts."""
    _same(Graph().parse(next(parsed_documents.glob("guideline-*.nt")), format="nt"))


DOCUMENTS = ["gbt-maturity-model-ctmm-draft", "gbt-technical-reference-model-draft",
             "gbt-technical-reference-model-explanatory-note", "guideline-standards-system-2026",
             "tszs-4042-2021-top-level-design-guide"]


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_bundled_document_damaged_gives_the_same_findings(parsed_documents, document):
    """Builds validate each document's graph with the evaluator: on every bundled document, with one triple
    of each predicate taken out and every seventh value stripped of its language or datatype, it finds what
    pySHACL finds."""
    [nt] = parsed_documents.glob(f"{document}.*.nt")
    g = Graph().parse(nt, format="nt")
    for p in sorted(set(g.predicates())):
        g.remove(min(g.triples((None, p, None))))
    for s, p, o in sorted(g)[::7]:
        if isinstance(o, Literal):
            g.remove((s, p, o))
            g.add((s, p, Literal(str(o)) if o.language or o.datatype else Literal(str(o), lang="en")))
    assert sum(_same(g).values()) > 0


def test_every_constraint_kind_of_the_shapes_is_one_the_evaluator_knows():
    assert unknown_constraints(shapes_graph()) == []


def test_a_shape_with_a_constraint_kind_the_evaluator_does_not_know_is_named():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P ; sh:message "x"@zh .
        ex:P a sh:PropertyShape ; sh:path ex:p ; sh:maxLength 8 ; sh:message "太长"@zh .
        ex:Q a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message "y"@zh .
        ex:R a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:r ; sh:minCount 1 .
    """, format="turtle")
    assert unknown_constraints(shapes) == [
        ("https://example.org/P", "http://www.w3.org/ns/shacl#maxLength"),
        ("https://example.org/Q", "sh:path（只支持属性及其逆）"),
        ("https://example.org/R", "sh:message（缺少）"),
    ]


def test_a_graph_is_handed_to_pyshacl_when_a_shape_uses_a_kind_the_evaluator_does_not_know(plan_graphs, monkeypatch):
    from loaders import shape_evaluator

    projects, _ = plan_graphs["bad"]
    handed = []
    monkeypatch.setattr(shape_evaluator, "_unknown", lambda: (("cdtsh:Project-name", str(shape_evaluator.SH.maxLength)),))
    monkeypatch.setattr(shape_evaluator, "validate", lambda g: handed.append(g) or validate(g))
    assert _findings(validate_core(projects)) == _findings(validate(projects))
    assert handed == [projects]
