"""Coverage mappings (loaders/coverage.py) on the union of the real corpus."""
import csv
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from loaders import ids
from loaders.coverage import (
    CURATED_COLUMNS, CURATED_FILE, THRESHOLD, Doc, Scorer, Target, candidate_scores, derive_fulfilments,
    fulfilling_key, load_coverage, precision_recall, read_curated, read_documents, read_targets, select,
)
from loaders.coverage import OTHER_FIELD, SCOPE_WEIGHT, _in_field
from loaders.label_similarity import content_words, core_phrases
from loaders.problems import LoadResult
from loaders.validation import validate
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRM_DRAFT = ids.plan_iri("20250317-T-469")
CTMM = URIRef("https://w3id.org/cdtkg/resource/doc/gbt-maturity-model-ctmm-draft")
T004 = ids.standard_iri("T/SZS 4042-2021")
FW = ids.framework_node_iri
GRID = [round(0.40 + 0.05 * i, 2) for i in range(11)]          # 0.40 … 0.90


def topic(year: int, label: str) -> URIRef:
    return ids.roadmap_topic_iri(year, label)


@pytest.fixture(scope="module")
def result(union):
    return load_coverage(union, CORPUS)


@pytest.fixture(scope="module")
def g(result) -> Graph:
    return result.graph


def mapping(g: Graph, standard: URIRef, target: URIRef) -> URIRef:
    node = ids.coverage_mapping_iri(standard, target)
    assert (node, RDF.type, CDT.CoverageMapping) in g, (standard, target)
    return node


def addressed(g: Graph, standard: URIRef) -> set[URIRef]:
    return set(g.objects(standard, CDT.addresses))


# --- curated mappings ----------------------------------------------------------------------
def test_every_curated_row_resolves(union):
    problems = LoadResult()
    docs, targets = read_documents(union), read_targets(union)
    mappings, fulfilments = read_curated(CORPUS / CURATED_FILE, union, docs, targets, problems)
    assert problems.problems == []
    assert (len(mappings), len(fulfilments)) == (85, 3)
    assert sum(m.relationship is None for m in mappings) == 2  # curated rejections


def test_the_reference_model_draft_addresses_the_reference_architecture_node_and_topic(g):
    assert addressed(g, TRM_DRAFT) == {FW("A.2"), topic(2027, "参考架构")}
    m = mapping(g, TRM_DRAFT, FW("A.2"))
    assert g.value(m, CDT.relationship) == CDT.Subset
    assert str(g.value(m, CDT.mappingMethod)) == "curated"
    assert g.value(m, CDT.score) == Literal("1.00", datatype=XSD.decimal)
    assert str(g.value(m, CDT.locator)) == "coverage_curated.csv:2"
    assert "总体参考架构" in str(g.value(m, CDT.rationale))


def test_the_maturity_model_addresses_d4_and_is_the_maturity_model_topic(g):
    assert addressed(g, CTMM) == {FW("D.4"), topic(2027, "成熟度模型"), topic(2030, "城市全域数字化转型成熟度模型")}
    assert g.value(mapping(g, CTMM, FW("D.4")), CDT.relationship) == CDT.Subset
    assert g.value(mapping(g, CTMM, topic(2027, "成熟度模型")), CDT.relationship) == CDT.Equivalent


def test_the_city_hub_reference_architecture_addresses_b2(g):
    gbt45402 = ids.standard_iri("GB/T 45402-2025")
    assert addressed(g, gbt45402) == {FW("B.2"), FW("A.2"), topic(2027, "智能中枢"),
                                      topic(2030, "城市智能中枢"), topic(2027, "参考架构")}


def test_a_technical_document_is_named_by_its_title(union, g):
    doc = next(d for d in read_documents(union) if d.title == "城市全域数字化转型 城市感知体系建设导则")
    assert addressed(g, doc.iri) == {FW("B.1.1"), topic(2030, "城市感知体系")}
    assert g.value(mapping(g, doc.iri, topic(2030, "城市感知体系")), CDT.relationship) == CDT.Equivalent


# --- derived mappings and their threshold ---------------------------------------------------
@pytest.fixture(scope="module")
def evaluation(union):
    """Precision and recall of the derived mappings at each threshold of GRID against the curated pairs."""
    docs, targets = read_documents(union), read_targets(union)
    mappings, _ = read_curated(CORPUS / CURATED_FILE, union, docs, targets, LoadResult())
    curated = {(m.doc.iri, m.target.iri) for m in mappings if m.relationship is not None}
    scores = candidate_scores(docs, Scorer(targets))
    return {t: precision_recall(select(scores, t), curated, {d for d, _ in curated}) for t in GRID}


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def test_the_threshold_is_the_best_f1_on_the_curated_pairs(evaluation):
    for t, (p, r) in evaluation.items():
        print(f"threshold {t:.2f}: precision {p:.2f} recall {r:.2f} F1 {f1(p, r):.2f}")
    best = max(GRID, key=lambda t: (round(f1(*evaluation[t]), 3), t))
    assert best == THRESHOLD
    p, r = evaluation[THRESHOLD]
    assert (round(p, 2), round(r, 2)) == (0.87, 0.58)
    # Lower thresholds buy recall with many more wrong mappings; higher ones lose half the recall.
    assert evaluation[0.4][0] < 0.6 and evaluation[0.7][1] < 0.3


def test_every_derived_mapping(union, g):
    titles = {d.iri: d.title for d in read_documents(union)}
    keys = {t.iri: t.key for t in read_targets(union)}
    derived = {(titles[g.value(m, CDT.mappedStandard)], keys[g.value(m, CDT.mappedTo)],
                g.value(m, CDT.relationship), float(g.value(m, CDT.score)))
               for m in g.subjects(CDT.mappingMethod, Literal("derived"))}
    assert derived == {
        ("城市全域数字化转型 城市数字更新指引", "C.1.1", CDT.Intersects, 0.65),
        ("城市全域数字化转型 城市数字更新指引", "C.1.2", CDT.Intersects, 0.79),
        ("城市全域数字化转型 城市智能中枢 共性组件技术要求", "B.2", CDT.Subset, 0.64),
        # 信息技术 数字孪生 → E.5.2 and 数字化转型 参考架构 → B.2.1.2.2 are rejected by curated `none` rows.
        ("数据管理能力成熟度评估方法", "D.4", CDT.Intersects, 0.64),
        ("数据管理能力成熟度评估模型", "2027", CDT.Subset, 0.64),
        ("智能制造能力成熟度模型", "2027", CDT.Subset, 0.69),
        ("智能制造能力成熟度评估方法", "D.4", CDT.Intersects, 0.63),
    }


def test_a_target_naming_the_field_is_not_addressed_by_another_field(union):
    targets = read_targets(union)
    scorer = Scorer(targets)
    t2030 = next(t for t in targets if t.kind == "topic" and t.label == "城市全域数字化转型成熟度模型")
    assert scorer.score("城市全域数字化转型 成熟度模型", t2030)[0] == 1.0
    assert scorer.score("智能制造能力成熟度模型", t2030)[0] < THRESHOLD


def test_scope_notes_count_a_phrase_only_as_much_as_it_is_specific(union):
    targets = read_targets(union)
    scorer = Scorer(targets)
    d4 = next(t for t in targets if t.key == "D.4")
    c21 = next(t for t in targets if t.key == "C.2.1")
    score, why, _ = scorer.score("新型智慧城市评价指标", d4)
    assert score >= THRESHOLD and "评价指标" in why
    assert scorer.score("城市数字化转型顶层设计指南", c21)[0] < THRESHOLD   # 顶层指引…空间设计: no phrase
    assert scorer.specificity("运营") < scorer.specificity("评价指标")


def test_title_words_and_phrases():
    assert content_words("城市全域数字化转型 成熟度模型") >= {"成熟度", "模型"}
    assert not content_words("城市全域数字化转型 成熟度模型") & {"城市", "数字化", "转型", "全域"}
    assert core_phrases("城市全域数字化转型 城市感知体系建设导则") == ("感知体系",)
    assert core_phrases("新型智慧城市评价指标") == ("评价指标",)


def test_every_titled_document_is_mapped_except_those_outside_the_framework(union, g):
    unmapped = {d.describe() for d in read_documents(union) if not addressed(g, d.iri)}
    assert unmapped == {
        "20255407-T-907",                                           # known only by its plan number
        "GB/T 1.1-2020 《标准化工作导则 第1部分：标准化文件的结构和起草规则》",   # drafting rules, not a field
    }
    gbt20001 = ids.standard_iri("T/AIITRE 20001-2020")              # mapped by hand: no title word matches
    assert addressed(g, gbt20001) == {FW("A.4")}
    assert g.value(mapping(g, gbt20001, FW("A.4")), CDT.relationship) == CDT.Intersects


# --- fulfilled planned standards ----------------------------------------------------------
def test_planned_standards_fulfilled_by_existing_documents(g):
    assert set(g.subject_objects(CDT.fulfilledBy)) == {
        (ids.planned_standard_iri("A.2", "总体参考架构"), TRM_DRAFT),
        (ids.planned_standard_iri("D.1", "顶层设计指南"), T004),
        (ids.planned_standard_iri("D.4", "成熟度评估"), CTMM),
    }


def test_a_title_fulfils_a_planned_standard_of_the_same_name_in_the_same_field_only(union):
    assert fulfilling_key("城市数字化转型顶层设计指南") == "顶层设计指南"
    assert fulfilling_key("智慧城市 顶层设计指南") == "智慧城市顶层设计指南"
    derived = derive_fulfilments(read_documents(union), union)
    assert [(f.planned_label, f.doc.iri) for f in derived] == [("顶层设计指南", T004)]


# --- the output ---------------------------------------------------------------------------
def test_every_addresses_link_is_backed_by_one_mapping(g):
    links = set(g.subject_objects(CDT.addresses))
    mappings = list(g.subjects(RDF.type, CDT.CoverageMapping))
    assert len(links) == len(mappings) == 83 + 7  # curated + derived (2 derived rejected by curated rows)
    for m in mappings:
        assert (g.value(m, CDT.mappedStandard), g.value(m, CDT.mappedTo)) in links
        assert g.value(m, CDT.relationship) in (CDT.Equivalent, CDT.Subset, CDT.Superset, CDT.Intersects)
        assert 0 <= float(g.value(m, CDT.score)) <= 1
        assert g.value(m, CDT.rationale).language == "zh"


def test_the_output_conforms_to_the_shapes(g):
    report = validate(g)
    assert report.violations == 0 and report.warnings == 0


def test_standards_without_a_title_are_reported_not_dropped(result):
    assert [(p.severity.value, p.file) for p in result.problems] == [("info", CURATED_FILE)]
    assert "GB/T 43697-2024" in result.problems[0].message


# --- damaged curated tables and graphs -----------------------------------------------------
def test_rows_that_do_not_resolve_are_warnings_with_their_line(union, corpus_with_table):
    corpus = corpus_with_table(CURATED_FILE, CURATED_COLUMNS, [
        "GB/T 45402-2025,智慧城市 城市智能中枢 参考架构,node,B.2,城市智能中枢,Subset,ok",
        "GB/T 99999-2099,不存在的标准,node,B.2,城市智能中枢,Subset,unknown standard",
        "GB/T 45402-2025,智慧城市 城市智能中枢 参考架构,node,B.3,城市智能中枢,Subset,renumbered node",
        "GB/T 45402-2025,智慧城市 城市智能中枢 参考架构,node,B.2,城市智能中枢,Covers,bad relationship",
        "GB/T 45402-2025,智慧城市 城市智能中枢 参考架构,topic,2099,智能中枢,Subset,no such topic",
    ])   # a table's shape (header, cells per row) is tests/test_curated_table.py's
    result = load_coverage(union, corpus)
    assert [p.line for p in result.problems if p.severity.value == "warning"] == [3, 4, 5, 6]
    curated = list(result.graph.subjects(CDT.mappingMethod, Literal("curated")))
    assert len(curated) == 1


def test_a_graph_without_a_framework_gives_one_warning_and_no_mappings(tmp_path):
    g = Graph()
    doc = ids.standard_iri("GB/T 45402-2025")
    g.add((doc, RDF.type, CDT.Standard))
    result = load_coverage(g, CORPUS)
    assert [p.severity.value for p in result.problems] == ["warning"]
    assert len(result.graph) == 0


def test_derived_scores_on_a_hand_made_framework():
    node = Target(URIRef("urn:n"), "node", "X.1", "感知基础设施", planned=["感知终端互操作"],
                  notes=["主要规范城市范围内的物联、视频等各类感知终端设备的统一规划部署"])
    other = Target(URIRef("urn:o"), "node", "X.2", "网络基础设施", planned=["光纤网络"])
    scorer = Scorer([node, other])
    docs = [Doc(URIRef("urn:d"), "物联网 感知终端互操作", "", ""), Doc(URIRef("urn:e"), "", "", "")]
    scores = candidate_scores(docs, scorer)
    assert set(scores) == {(URIRef("urn:d"), URIRef("urn:n"))}
    assert scores[(URIRef("urn:d"), URIRef("urn:n"))][0] >= THRESHOLD


def test_a_curated_none_row_rejects_a_derived_mapping(g):
    twin = ids.standard_iri("GB/T 43441.1-2023")
    assert FW("E.5.2") not in addressed(g, twin)
    assert FW("B.2.1.2.2") not in addressed(g, ids.standard_iri("T/AIITRE 10001-2020"))


def _score_before_weights_were_kept(scorer: Scorer, title: str, t: Target) -> tuple[float, str, bool]:
    """Scorer.score as it was before each target's word weights were worked out once (session 24): the
    reference the faster scoring must agree with."""
    words = content_words(title)
    if not words:
        return 0.0, "", False
    label = content_words(t.label)
    best = (scorer.similarity(words, label), f"与{t.describe()}的名称相近", bool(label) and label <= words)
    for p in t.planned:
        pw = content_words(p) | label
        s = scorer.similarity(words, pw)
        if s > best[0]:
            best = (s, f"与{t.describe()}计划制定的“{p}”相近", bool(pw) and pw <= words)
    phrases = core_phrases(title)
    if t.notes and phrases:
        notes = scorer.notes(t)
        found = [ph for ph in phrases if ph in notes]
        s = SCOPE_WEIGHT * sum(len(ph) * scorer.specificity(ph) for ph in found) / sum(map(len, phrases))
        if s > best[0]:
            best = (s, f"标题中的“{'”“'.join(found)}”见于{t.describe()}的范围说明", False)
    if _in_field(t.label) and not _in_field(title):
        best = (best[0] * OTHER_FIELD, best[1] + "，但节点或主题限定了城市全域数字化转型而标准不是", best[2])
    return round(best[0], 2), best[1], best[2]


def test_scores_are_those_of_the_scoring_before_target_weights_were_kept(union):
    targets = read_targets(union)
    scorer = Scorer(targets)
    titles = [d.title for d in read_documents(union) if d.title]
    for sheet in ("plan_national.csv", "plan_committee.csv"):
        with (Path(__file__).parent / "fixtures" / sheet).open(encoding="utf-8") as f:
            rows = list(csv.reader(f))[2:]
        titles += [row[2] if sheet == "plan_national.csv" else row[1] for row in rows if len(row) > 2]
    assert len(titles) > 40
    for title in titles:
        for t in targets:
            assert scorer.score(title, t) == _score_before_weights_were_kept(scorer, title, t), (title, t.key)
