"""The top-level design method of T/SZS 4042-2021, read from the real corpus.

The clause tree comes from loaders/gbt_document.py (the parsed tree of
loaders/document_tree.py); this loader adds the method model on top of it.
"""
import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from loaders import ids
from loaders.design_method import applies_to, core, load_design_method
from loaders.document_tree import ClauseView, DocumentTree
from loaders.gbt_document import load_gbt_document
from loaders.problems import LoadResult
from loaders.manifest import read_manifest
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GUIDE_ID = "tszs-4042-2021-top-level-design-guide"


def _document(entry_id: str):
    entry = next(e for e in read_manifest(CORPUS) if e.id == entry_id)
    path = CORPUS / entry.file
    return ids.entry_iri(entry), load_gbt_document(path, entry), entry, path


@pytest.fixture(scope="module")
def guide():
    return _document(GUIDE_ID)


@pytest.fixture(scope="module")
def loaded(guide):
    return load_design_method(*guide)


@pytest.fixture(scope="module")
def g(loaded) -> Graph:
    return loaded.graph


@pytest.fixture(scope="module")
def doc(guide) -> URIRef:
    return guide[0]


def label(g: Graph, node, lang="zh") -> str:
    return next(str(o) for o in g.objects(node, SKOS.prefLabel) if o.language == lang)


def of_type(g: Graph, cls) -> list:
    return sorted(g.subjects(RDF.type, cls), key=lambda n: int(g.value(n, CDT.order) or 0))


def strings(g: Graph, node, prop) -> set[str]:
    return {str(o) for o in g.objects(node, prop)}


def activity(g: Graph, table: str, name: str):
    return next(a for a in g.subjects(CDT.table, Literal(table)) if label(g, a) == name)


# --- which documents it applies to -------------------------------------------------
def test_it_applies_to_the_guide_that_states_a_method_and_to_no_other_standard(guide):
    assert applies_to(guide[0], guide[1])
    for other in ("gbt-technical-reference-model-draft", "gbt-maturity-model-ctmm-draft"):
        doc, parsed, _, _ = _document(other)
        assert not applies_to(doc, parsed)


# --- 1. phases and steps ----------------------------------------------------------
def test_three_phases_in_order_each_specified_by_its_clause(g, doc):
    phases = of_type(g, CDT.MethodPhase)
    assert [label(g, p) for p in phases] == ["需求和战略分析", "架构和支撑体系规划", "实施路径规划"]
    assert [g.value(p, CDT.specifiedBy) for p in phases] == [ids.clause_iri(doc, n) for n in ("5.2", "5.3", "5.4")]
    assert [int(g.value(p, CDT.sourceLine)) for p in phases] == [205, 217, 265]
    scheme = ids.scheme_iri(doc, "design-method")
    assert all((p, SKOS.topConceptOf, scheme) in g for p in phases)


def test_eight_steps_as_the_note_lists_them_with_their_phase_and_clause(g, doc):
    steps = sorted(g.subjects(RDF.type, CDT.MethodStep), key=lambda s: int(g.value(s, CDT.stepNumber)))
    phase = {p: label(g, p) for p in g.subjects(RDF.type, CDT.MethodPhase)}
    assert [(int(g.value(s, CDT.stepNumber)), label(g, s), phase[g.value(s, CDT.inPhase)], str(g.value(s, CDT.locator)))
            for s in steps] == [
        (1, "需求和战略分析", "需求和战略分析", "5.2"),
        (2, "总体架构设计", "架构和支撑体系规划", "5.3.1"),
        (3, "核心业务架构设计", "架构和支撑体系规划", "5.3.2"),
        (4, "运营体系设计", "架构和支撑体系规划", "5.3.5"),
        (5, "支撑体系设计", "架构和支撑体系规划", "5.3.6"),
        (6, "实施路径规划", "实施路径规划", "5.4"),
        (7, "数字经济产业发展规划", "架构和支撑体系规划", "5.3.3"),
        (8, "数据治理体系专项规划", "架构和支撑体系规划", "5.3.4"),
    ]
    assert all(g.value(s, CDT.specifiedBy) == ids.clause_iri(doc, str(g.value(s, CDT.locator))) for s in steps)


def test_each_step_is_related_to_the_chapters_that_detail_it(g, doc):
    related = {label(g, s): {str(c).rsplit("/", 1)[1] for c in g.objects(s, SKOS.related)}
               for s in g.subjects(RDF.type, CDT.MethodStep)}
    assert related == {
        "需求和战略分析": {"6", "7"},
        "总体架构设计": {"8", "8.1"},
        "核心业务架构设计": {"8", "8.2"},
        "数字经济产业发展规划": {"9"},
        "数据治理体系专项规划": {"10"},
        "运营体系设计": {"11"},
        "支撑体系设计": {"12"},
        "实施路径规划": {"13"},
    }


def test_the_method_scheme_is_named_by_the_note_and_carries_the_planning_period(g, doc):
    scheme = ids.scheme_iri(doc, "design-method")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in g
    assert label(g, scheme) == "三阶八步"
    assert str(g.value(scheme, CDT.locator)) == "5.1 注"
    assert int(g.value(scheme, CDT.sourceLine)) == 198
    assert g.value(scheme, CDT.planningPeriod) == Literal("3年～5年", lang="zh")
    assert (int(g.value(scheme, CDT.planningPeriodMinYears)), int(g.value(scheme, CDT.planningPeriodMaxYears))) == (3, 5)


def test_titles_are_compared_without_generic_activity_words():
    assert core("数据治理体系专项规划") == core("数据治理体系设计") == "数据治理体系"
    assert core("现状评估与需求分析") == core("现状评估及需求分析") == "现状评估和需求"


# --- 2. BTE ---------------------------------------------------------------------------
def test_three_bte_dimensions_from_the_note_of_term_3_3(g):
    dims = sorted(g.subjects(RDF.type, CDT.BTEDimension), key=lambda d: "BTE".index(str(g.value(d, SKOS.notation))))
    assert [(str(g.value(d, SKOS.notation)), label(g, d), label(g, d, "en")) for d in dims] == [
        ("B", "业务", "Business"), ("T", "技术", "Technology"), ("E", "环境", "Environment"),
    ]
    assert str(g.value(dims[0], SKOS.definition)) == \
        "业务（Business）是城市转型发展的核心，涉及产业发展、民生服务、政府治理的各项业务，着眼于业务效率提升和资源的优化配置。"
    assert [str(g.value(d, CDT.locator)) for d in dims] == ["3.3 注 B", "3.3 注 T", "3.3 注 E"]
    assert [int(g.value(d, CDT.sourceLine)) for d in dims] == [120, 124, 128]


# --- 3. principles ----------------------------------------------------------------------
def test_five_principles_with_their_short_title_and_definition(g):
    principles = of_type(g, CDT.Principle)
    assert [label(g, p) for p in principles] == [
        "以人为本，增强用户体验", "技术赋能、提升业务效率", "规则重构、优化资源配置",
        "多元创新、推进全局性转变", "多方共建、提升城市竞争力",
    ]
    assert str(g.value(principles[0], SKOS.definition)) == \
        "以人民需求和体验为中心，打造基于用户画像特征的主动服务、特定人员全生命周期的精准服务、重点聚焦主题的综合聚类服务"
    assert [str(g.value(p, CDT.locator)) for p in principles] == [f"4.1 {m})" for m in "abcde"]
    assert int(g.value(principles[4], CDT.sourceLine)) == 177


# --- 4. operation models -------------------------------------------------------------------
def test_four_operation_models_of_11_4_1(g):
    models = of_type(g, CDT.OperationModel)
    assert [label(g, m) for m in models] == ["政府投资建设政府运营", "政府投资建设企业运营", "企业投资建设企业运营", "联合投资建设企业运营"]
    assert {str(g.value(m, CDT.locator)) for m in models} == {"11.4.1"}


# --- 5. the 01–07 standards system -----------------------------------------------------------
def test_seven_system_parts_in_their_own_scheme(g, doc):
    scheme = ids.scheme_iri(doc, "standards-system")
    assert label(g, scheme) == "城市数字化标准体系"
    parts = sorted(g.subjects(RDF.type, CDT.SystemPart), key=lambda p: str(g.value(p, SKOS.notation)))
    assert [(str(g.value(p, SKOS.notation)), label(g, p)) for p in parts] == [
        ("01", "总体"), ("02", "技术与平台"), ("03", "基础设施"), ("04", "数据"),
        ("05", "管理与服务"), ("06", "建设与运营"), ("07", "安全与保障"),
    ]
    assert all((p, SKOS.topConceptOf, scheme) in g and (p, SKOS.inScheme, scheme) in g for p in parts)
    assert [int(g.value(p, CDT.sourceLine)) for p in parts] == [2496] * 5 + [2498] * 2


def test_each_system_part_is_described_by_the_list_item_naming_it(g, doc):
    notes = {str(g.value(p, SKOS.notation)): strings(g, p, SKOS.scopeNote) for p in g.subjects(RDF.type, CDT.SystemPart)}
    assert notes["01"] == {"总体类标准位于城市数字化标准体系结构的底层，是城市数字化标准体系的基础，通过规定术语定义、参考架构、评价模型及指标、应用指南等内容，为其他部分提供整体、统一指导"}
    assert notes["02"] == {"城市数字化技术与平台标准涵盖了主要支撑技术、共性支撑平台的标准，为基础设施、数据、管理与服务等提供保障"}
    assert notes["03"] == notes["04"] == {"基础设施标准、数据标准从不同角度为城市数字化管理与服务提供支撑"}
    assert all(len(n) == 1 for n in notes.values())


# --- 6. activities ---------------------------------------------------------------------------------
def test_activities_of_every_annex_table_with_their_step(g):
    step_of = {s: label(g, s) for s in g.subjects(RDF.type, CDT.MethodStep)}
    by_table: dict[str, list] = {}
    for a in of_type(g, CDT.Activity):
        by_table.setdefault(str(g.value(a, CDT.table)), []).append(a)
    assert {t: len(acts) for t, acts in by_table.items()} == {
        "表A.1": 5, "表A.2": 4, "表A.3": 6, "表A.4": 6, "表A.5": 3, "表A.6": 5, "表A.7": 5, "表A.8": 3, "表A.9": 4,
    }
    assert {t: {step_of[g.value(a, CDT.forStep)] for a in acts} for t, acts in by_table.items()} == {
        "表A.1": {"需求和战略分析"}, "表A.2": {"需求和战略分析"}, "表A.3": {"总体架构设计"},
        "表A.4": {"核心业务架构设计"}, "表A.5": {"数字经济产业发展规划"}, "表A.6": {"数据治理体系专项规划"},
        "表A.7": {"运营体系设计"}, "表A.8": {"支撑体系设计"}, "表A.9": {"实施路径规划"},
    }
    assert [label(g, a) for a in by_table["表A.3"]] == ["业务架构", "信息架构", "应用架构", "数字基础设施架构", "安全体系框架", "建设成效"]


def test_input_and_output_counts_per_activity(g):
    counts = {(str(g.value(a, CDT.table)), label(g, a)): (len(strings(g, a, CDT.input)), len(strings(g, a, CDT.output)))
              for a in g.subjects(RDF.type, CDT.Activity)}
    assert counts[("表A.1", "城市数字化转型发展背景分析")] == (4, 4)
    assert counts[("表A.1", "城市数字化转型现状分析")] == (6, 3)
    assert counts[("表A.2", "城市数字化转型战略框架设计")] == (7, 3)
    assert [counts[("表A.3", n)] for n in ("业务架构", "信息架构", "应用架构", "数字基础设施架构", "安全体系框架", "建设成效")] == \
        [(2, 2), (3, 1), (3, 2), (4, 4), (5, 3), (5, 4)]
    assert counts[("表A.6", "数据管控机制设计")] == (3, 5)
    assert counts[("表A.7", "运营迭代")] == (7, 4)
    assert counts[("表A.9", "任务分解和重点工程")] == (10, 2)
    assert counts[("表A.9", "保障措施")] == (1, 4)
    assert sum(i + o for i, o in counts.values()) == 293


def test_chosen_items_verbatim_with_provenance(g, doc):
    a = activity(g, "表A.1", "城市数字化转型发展背景分析")
    assert strings(g, a, CDT.input) == {"政策环境情况", "技术发展情况", "城市战略部署情况", "实践案例情况"}
    assert (str(g.value(a, CDT.locator)), int(g.value(a, CDT.sourceLine)), g.value(a, CDT.sourceDocument)) == \
        ("表A.1 城市数字化转型发展背景分析", 1313, doc)
    a = activity(g, "表A.3", "信息架构")
    assert strings(g, a, CDT.output) == {"总体信息架构（包括数据模型、数据分布和数据服务等）"}
    assert str(g.value(a, CDT.locator)) == "表A.3 信息架构"
    a = activity(g, "表A.5", "数据要素市场化规划")
    assert "本地区数据采集、协同、共享、交换等数据资源体系建设现状" in strings(g, a, CDT.input)
    assert all(lit.language == "zh" for p in (CDT.input, CDT.output) for lit in g.objects(None, p))


def test_caption_numbers_that_disagree_with_their_clause_are_warned(loaded):
    warned = [(p.line, p.message) for p in loaded.problems if "表题" in p.message]
    assert warned == [
        (1309, "表题“表A.5”与其所在条款 A.1 编号不符；按所在条款记为 表A.1，请核对表题编号。"),
        (1443, "表题“表A.6”与其所在条款 A.2 编号不符；按所在条款记为 表A.2，请核对表题编号。"),
        (2238, "续表表题“表A.10”与其所在条款 A.9 编号不符；按所在条款记为 表A.9，请核对表题编号。"),
    ]
    assert [p for p in loaded.problems if p.severity.value == "error"] == []


# --- provenance and robustness -------------------------------------------------------------------
def test_every_extracted_resource_has_its_provenance(g, doc):
    classes = (CDT.MethodPhase, CDT.MethodStep, CDT.BTEDimension, CDT.Principle, CDT.OperationModel,
               CDT.SystemPart, CDT.Activity)
    nodes = [n for c in classes for n in g.subjects(RDF.type, c)]
    assert len(nodes) == 3 + 8 + 3 + 5 + 4 + 7 + 41
    for n in nodes:
        assert g.value(n, CDT.sourceDocument) == doc
        assert g.value(n, CDT.locator) is not None
        assert isinstance(g.value(n, CDT.sourceLine).toPython(), int)


def test_a_document_without_the_source_file_or_clauses_gives_problems_not_a_crash(guide, tmp_path):
    doc, parsed, entry, _ = guide
    result = load_design_method(doc, parsed, entry, tmp_path / "missing.txt")
    assert len(list(result.graph.subjects(RDF.type, CDT.MethodStep))) == 8
    assert list(result.graph.subjects(RDF.type, CDT.Activity)) == []
    assert any("无法读取原文" in p.message for p in result.problems)
    empty = load_design_method(doc, LoadResult(Graph(), tree=DocumentTree(doc)), entry, tmp_path / "missing.txt")
    assert len(empty.graph) == 0
    assert any("没有找到列出阶段与步骤的顶层设计方法" in p.message for p in empty.problems)


def test_a_truncated_guide_gives_a_partial_graph(guide, tmp_path):
    doc, _, entry, path = guide
    lines = path.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / entry.file
    cut.write_text("\n".join(lines[:1600]), encoding="utf-8")  # stops inside table A.3
    result = load_design_method(doc, load_gbt_document(cut, entry), entry, cut)
    tables = {str(o) for o in result.graph.objects(None, CDT.table)}
    assert tables == {"表A.1", "表A.2", "表A.3"}
    assert len(list(result.graph.subjects(RDF.type, CDT.SystemPart))) == 0
    assert any("没有以两个“……”行结束" in p.message for p in result.problems)


# --- property: mangled input never crashes the loader ----------------------------------------------


@st.composite
def mangled(draw, lines: list[str]) -> list[str]:
    """The guide's lines with some dropped, duplicated, swapped or cut short."""
    out = list(lines)
    for _ in range(draw(st.integers(0, 12))):
        i = draw(st.integers(0, max(len(out) - 1, 0)))
        op = draw(st.sampled_from(["drop", "dup", "swap", "cut", "split"]))
        if not out:
            break
        if op == "drop":
            del out[i]
        elif op == "dup":
            out.insert(i, out[i])
        elif op == "swap" and i + 1 < len(out):
            out[i], out[i + 1] = out[i + 1], out[i]
        elif op == "cut":
            out = out[:i]
        elif op == "split" and len(out[i]) > 2:
            k = len(out[i]) // 2
            out[i: i + 1] = [out[i][:k], out[i][k:]]
    return out


_GUIDE_LINES = (CORPUS / f"{GUIDE_ID}.txt").read_text(encoding="utf-8").splitlines()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mangled_text_and_clause_trees_never_crash_the_loader(guide, tmp_path, data):
    doc, parsed, entry, _ = guide
    lines = data.draw(mangled(_GUIDE_LINES[1200:]))          # the annexes, where the tables are
    path = tmp_path / "mangled.txt"
    path.write_text("\n".join(_GUIDE_LINES[:1200] + lines), encoding="utf-8")
    tree = copy.deepcopy(parsed.tree)     # a damaged parse: clauses, items and texts lost
    clauses = data.draw(st.lists(st.integers(0, len(tree.clauses) - 1), max_size=40))
    tree = tree.without(lambda c: tree.clauses.index(c) in clauses)
    for c in tree.clauses:
        if data.draw(st.booleans()):
            c.provisions = c.provisions[: data.draw(st.integers(0, len(c.provisions)))]
        if data.draw(st.integers(0, 9)) == 0:
            c.text = c.text[: len(c.text) // 2]
    result = load_design_method(doc, LoadResult(parsed.graph, tree=tree), entry, path)
    assert [p for p in result.problems if p.severity.value == "error"] == []
    for a in result.graph.subjects(RDF.type, CDT.Activity):
        assert result.graph.value(a, CDT.sourceLine) is not None
        assert not any(str(o).endswith(("；", "。")) or "……" in str(o) for o in result.graph.objects(a, CDT.input))


# --- the same rules on a guide drafted the same way --------------------------------------------------
def _clause_tree(doc: URIRef, clauses: list[tuple[str, str, str]]) -> LoadResult:
    """A parsed clause tree as the GB/T loader gives it: (number, title, text) in document order."""
    tree = DocumentTree(doc)
    for order, (number, title, text) in enumerate(clauses, start=1):
        parent = number.rsplit(".", 1)[0] if "." in number else None
        tree.add_clause(ClauseView(ids.clause_iri(doc, number), number, title, text, parent, order * 10, order))
    return LoadResult(Graph(), tree=tree)


def test_another_guide_with_its_own_method_is_read_by_the_same_rules(guide, tmp_path):
    _, _, entry, _ = guide
    doc = URIRef("https://w3id.org/cdtkg/resource/doc/other-guide")
    parsed = _clause_tree(doc, [
        ("4", "设计方法", ""),
        ("4.1", "概述", "注：两阶五步，即现状诊断、方案设计两个阶段，包括现状诊断、平台架构设计，以及数据资源专项规划等五个步骤。"),
        ("4.2", "现状诊断", "……"),
        ("4.3", "方案设计", "……"),
        ("4.3.1", "平台架构设计", "……"),
        ("4.3.2", "数据资源设计", "……"),
        ("5", "现状诊断与评估", "输入输出见A.1。"),
        ("6", "架构设计", ""),
        ("6.1", "平台架构设计", "输入输出见表A.2。"),
        ("7", "数据资源规划", ""),
    ])
    assert applies_to(doc, parsed)
    result = load_design_method(doc, parsed, entry, tmp_path / "none.txt")
    g = result.graph
    assert label(g, ids.scheme_iri(doc, "design-method")) == "两阶五步"
    steps = sorted(g.subjects(RDF.type, CDT.MethodStep), key=lambda s: int(g.value(s, CDT.stepNumber)))
    assert [(label(g, s), label(g, g.value(s, CDT.inPhase)), sorted(str(r).rsplit("/", 1)[1] for r in g.objects(s, SKOS.related)))
            for s in steps] == [
        ("现状诊断", "现状诊断", ["5"]),
        ("平台架构设计", "方案设计", ["6", "6.1"]),
        ("数据资源专项规划", "方案设计", ["7"]),
    ]
    assert "4.1 称有 五 个步骤，但列出了 3 个：现状诊断、平台架构设计、数据资源专项规划。" in [p.message for p in result.problems]
