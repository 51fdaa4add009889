"""Projects of an imported plan list in the graph: one node per project, one node with its standard when
the plan number or the number is the same, the stage scheme and its shapes, and coverage mappings for
projects nobody annotated (derived with a score; curated rows win and can reject)."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from loaders import ids
from loaders.build import ONTOLOGY, build, load_graph
from loaders.coverage import load_coverage
from loaders.plan_import import import_plan
from loaders.plan_projects import Project, _Agents, add_project
from loaders.plan_sheet import ProjectRow
from loaders.validation import validate
from loaders.vocab import CDT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"


def workbook_of(path: Path, *csvs: Path) -> Path:
    """An xlsx with one sheet per CSV fixture (the committee keeps both lists in one workbook)."""
    wb = Workbook()
    wb.remove(wb.active)
    for source in csvs:
        ws = wb.create_sheet(source.stem)
        with source.open(encoding="utf-8") as f:
            for row in csv.reader(f):
                ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def graph(tmp_path_factory, copy_corpus) -> Graph:
    root = tmp_path_factory.mktemp("plan")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CDTKG_HOME", str(root / "home"))
        corpus = copy_corpus(root / "corpus")
        import_plan(corpus, workbook_of(root / "计划.xlsx", FIXTURES / "plan_national.csv", FIXTURES / "plan_committee.csv"))
        summary = build(corpus)
        assert summary.violations == 0
        yield load_graph(corpus)


def test_a_project_and_the_draft_with_its_plan_number_are_one_node(graph):
    node = ids.plan_iri("20250317-T-469")
    assert (node, RDF.type, CDT.StandardsProject) in graph
    assert (node, CDT.ingested, Literal(True)) in graph                   # the 001 draft
    assert (node, CDT.projectStage, CDT.StageConsultation) in graph
    assert (node, CDT.startDate, Literal("2025-02-28", datatype=XSD.date)) in graph
    assert (node, CDT.dueDate, Literal("2027-02-28", datatype=XSD.date)) in graph   # 24 months on
    assert graph.value(node, DCTERMS.title) == Literal("城市全域数字化转型 技术参考模型", lang="zh")
    assert len(set(graph.objects(node, CDT.status))) == 1


def test_a_published_standard_whose_number_the_sheet_gives_is_the_same_node(graph):
    node = ids.standard_iri("T/SZS 4042-2021")
    assert (node, RDF.type, CDT.StandardsProject) in graph and (node, CDT.ingested, Literal(True)) in graph
    assert (node, CDT.projectStage, CDT.StagePublished) in graph
    assert (node, CDT.deliverableKind, Literal("团体标准", lang="zh")) in graph


def test_a_project_only_the_sheet_knows_has_its_plan_facts(graph):
    node = ids.plan_iri("20269903-Z-469")
    assert (node, RDF.type, CDT.TechnicalDocument) in graph
    assert graph.value(node, CDT.projectStage) == CDT.StageDrafting
    assert graph.value(node, CDT.deliverableKind) == Literal("国家标准化指导性技术文件", lang="zh")
    assert graph.value(node, CDT.cycleMonths) == Literal(18, datatype=XSD.integer)
    assert graph.value(node, CDT.status) == CDT.Draft
    # the 归口单位 of the sheet is the committee the 001 draft names (SAC/TC 609), not a second node
    assert graph.value(node, CDT.responsibleBody) == ids.committee_iri("SAC/TC 609")
    drafters = {str(n) for o in graph.objects(node, CDT.draftedBy) for n in graph.objects(o, None) if isinstance(n, Literal)}
    assert "测试起草单位甲" in drafters
    assert str(graph.value(node, CDT.locator)) == "plan_national:7"


def test_a_committee_project_without_a_plan_number_is_named_by_its_code(graph):
    node = ids.project_iri("TC609-P-01")
    assert graph.value(node, CDT.projectCode) == Literal("TC609-P-01")
    assert graph.value(node, CDT.projectStage) == CDT.StagePreliminary     # 立项申请
    assert graph.value(node, CDT.status) == CDT.Planned


def test_stages_are_a_skos_scheme_in_procedure_order(graph):
    stages = {str(label): graph.value(s, CDT.stageOrder)
              for s in graph.subjects(SKOS.inScheme, CDT.ProjectStages) if (s, RDF.type, CDT.ProjectStage) in graph
              for label in graph.objects(s, SKOS.prefLabel) if label.language == "zh"}
    ordered = sorted((k for k, v in stages.items() if v is not None), key=lambda k: int(stages[k]))
    assert ordered == ["预研", "立项", "起草", "征求意见", "送审", "报批", "发布"]
    assert {"终止", "延期"} <= set(stages)


def test_a_project_nobody_annotated_lands_in_the_framework(graph):
    twin = ids.plan_iri("20269901-T-469")
    topic = ids.roadmap_topic_iri(2027, "数字孪生")
    [mapping] = [m for m in graph.subjects(CDT.mappedStandard, twin) if (m, CDT.mappedTo, topic) in graph]
    assert str(graph.value(mapping, CDT.mappingMethod)) == "derived"
    assert float(graph.value(mapping, CDT.score)) >= 0.6


# --- shapes ------------------------------------------------------------------------------------------------
def _project_graph(**fields) -> Graph:
    g = Graph()
    row = ProjectRow("表", 2, {}, plan_number="20269901-T-469", name="测试项目", kind="国家标准", **fields)
    add_project(g, Project(row, ids.plan_iri(row.plan_number), False, None), _Agents(Graph(), CORPUS, g), "表:2")
    return g


def _findings(g: Graph) -> list[str]:
    return sorted(r.shape_name for r in validate(g).results)


def test_a_published_project_needs_a_standard_number():
    assert _findings(_project_graph(stage="发布")) == ["已发布的项目有标准号"]
    assert _findings(_project_graph(stage="发布", number="GB/T 99901-2026")) == []


def test_a_due_date_follows_the_start():
    assert _findings(_project_graph(stage="立项", start=dt.date(2026, 5, 1), due=dt.date(2026, 1, 1))) == ["完成日期晚于下达日期"]
    assert _findings(_project_graph(stage="立项", start=dt.date(2026, 1, 1), due=dt.date(2027, 7, 1))) == []


# --- coverage: curated rows win and can reject ------------------------------------------------------------------
def test_curated_rows_win_over_derived_mappings_of_projects(union, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    import_plan(corpus, FIXTURES / "plan_national.csv")
    twin, topic = ids.plan_iri("20269901-T-469"), ids.roadmap_topic_iri(2027, "数字孪生")

    def mapped(result) -> dict[URIRef, str]:
        g = result.graph
        return {g.value(m, CDT.mappedTo): str(g.value(m, CDT.mappingMethod)) for m in g.subjects(CDT.mappedStandard, twin)}

    assert mapped(load_coverage(union, corpus))[topic] == "derived"
    with (corpus / "coverage_curated.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            ["20269901-T-469", "城市全域数字化转型 数字孪生 通用要求", "topic", "2027", "数字孪生", "none", "测试：否决自动映射"],
            ["20269901-T-469", "城市全域数字化转型 数字孪生 通用要求", "node", "B.2", "城市智能中枢", "Intersects",
             "测试：人工映射"],
        ])
    result = load_coverage(union, corpus)
    assert topic not in mapped(result)
    assert mapped(result)[ids.framework_node_iri("B.2")] == "curated"
    assert not [p for p in result.problems if "20269901-T-469" in p.message]


# --- a first import is validated whole: a bad row is still reported with its sheet row -----------------------
def test_a_first_import_reports_each_bad_row_of_the_sheet_with_its_row(tmp_path, copy_corpus, monkeypatch):
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    sheet = tmp_path / "进度.csv"
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            ["计划号", "项目名称", "标准性质", "下达日期", "计划完成日期", "阶段"],
            ["20269801-T-469", "测试项目 城市感知体系 参考架构", "推荐", "2026-01-01", "2027-06-30", "起草"],
            ["20269802-T-469", "测试项目 城市数据资源目录", "推荐", "2025-01-01", "2026-06-30", "发布"],
            ["20269803-T-469", "测试项目 城市智能中枢 运行要求", "推荐", "2026-05-01", "2026-01-01", "立项"],
        ])
    import_plan(corpus, sheet)
    summary = build(corpus)
    found = {(r["focus"], r["shape_name"]): r for r in summary.validation["results"]}
    published = found[(str(ids.plan_iri("20269802-T-469")), "已发布的项目有标准号")]
    assert (published["source_line"], published["locator"]) == (3, "进度:3")
    early = found[(str(ids.plan_iri("20269803-T-469")), "完成日期晚于下达日期")]
    assert (early["source_line"], early["locator"]) == (4, "进度:4")
    assert not [r for r in summary.validation["results"] if r["focus"] == str(ids.plan_iri("20269801-T-469"))]
