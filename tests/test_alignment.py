"""Alignment across documents (loaders/alignment.py) on the union of the real corpus."""
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from loaders import ids
from loaders.alignment import (
    CURATED_COLUMNS, CURATED_FILE, LabelPairs, Notion, compare, derive, load_alignment, read_notions,
)
from loaders.label_similarity import head_key, label_key
from loaders.validation import validate
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CTMM = URIRef("https://w3id.org/cdtkg/resource/doc/gbt-maturity-model-ctmm-draft")
T004 = ids.standard_iri("T/SZS 4042-2021")


def ctmm(kind: str, key: str) -> URIRef:
    return ids.capability_iri(CTMM, kind, key)


def part(notation: str) -> URIRef:
    return ids.method_iri(T004, "system-part", notation)


FW = ids.framework_node_iri
TRM = ids.model_element_iri


@pytest.fixture(scope="module")
def result(union):
    return load_alignment(union, CORPUS)


@pytest.fixture(scope="module")
def g(result) -> Graph:
    return result.graph


def matches_of(g: Graph, node: URIRef) -> dict[URIRef, URIRef]:
    """Every match asserted from `node`: other notion → SKOS property."""
    return {o: p for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
            for o in g.objects(node, p)}


def mapping(g: Graph, a: URIRef, b: URIRef) -> URIRef:
    found = [m for m in g.subjects(RDF.type, CDT.AlignmentMapping)
             if {g.value(m, CDT.matchSubject), g.value(m, CDT.matchObject)} == {a, b}]
    assert len(found) == 1, (a, b, found)
    return found[0]


# --- the label rules ---------------------------------------------------------------
@pytest.mark.parametrize("label, key", [
    ("感知基础设施标准", "感知设施"),           # trailing 标准 goes, 基础设施 is written 设施
    ("感知设施", "感知设施"),
    ("城市数字底座", "数字底座"),              # a leading 城市 goes …
    ("城市", "城市"),                          # … unless nothing would remain
    ("安全与保障", "安全保障"),                # a conjunction between two words goes
    ("数据治理与管理", "数据治理管理"),
    ("整体性指南（指引）", "整体性指南"),      # a trailing parenthetical goes
    ("数据易用性服务（适老化/适幼化和无障碍数据服务）", "数据易用性服务"),
    ("ＡＩ能力　标准", "AI能力"),              # full-width forms and spaces
    ("", ""),
])
def test_label_key_removes_what_never_changes_meaning(label, key):
    assert label_key(label) == key


def test_head_key_drops_a_generic_head_noun_but_never_the_whole_label():
    assert head_key("安全保障体系") == "安全保障"
    assert head_key("设施层") == "设施"
    assert head_key("体系") == "体系"
    assert head_key("感知设施") == "感知设施"


@pytest.mark.parametrize("a, b, prop, score", [
    ("感知设施", "感知基础设施", SKOS.exactMatch, 1.0),
    ("安全保障", "安全与保障", SKOS.exactMatch, 1.0),
    ("城市数字底座", "数字底座", SKOS.exactMatch, 1.0),
    ("安全保障体系", "安全保障", SKOS.closeMatch, 0.9),
    ("人工智能", "人工智能能力", SKOS.closeMatch, 0.8),
    ("数据安全", "数据安全与隐私保护", SKOS.closeMatch, 0.67),
])
def test_compare_grades_equal_keys_as_exact_and_contained_words_as_close(a, b, prop, score):
    found = compare(a, b)
    assert found is not None and found[:2] == (prop, score)


@pytest.mark.parametrize("a, b", [
    ("建设管理", "常态管理"),       # one shared generic word
    ("数据治理", "数据安全"),
    ("数据", "数据治理"),           # too short to be contained meaningfully
    ("设施", "感知设施"),
    ("运营运维", "运营管理"),
    ("公共服务", "公共网络"),
])
def test_compare_rejects_labels_that_only_share_a_generic_word(a, b):
    assert compare(a, b) is None


# --- the notions ----------------------------------------------------------------------
def test_notions_of_all_four_models_are_read(union):
    notions = read_notions(union)
    by_kind = {}
    for n in notions:
        by_kind[n.kind] = by_kind.get(n.kind, 0) + 1
    assert by_kind[CDT.FrameworkNode] == 67
    assert by_kind[CDT.CapabilityDomain] == 6
    assert by_kind[CDT.CapabilitySubdomain] == 20
    assert by_kind[CDT.CapabilityItem] == 39
    assert by_kind[CDT.SystemPart] == 7
    assert sum(v for k, v in by_kind.items() if k in (
        CDT.Aggregate, CDT.Layer, CDT.SupportSystem, CDT.Component, CDT.Perspective, CDT.ModelElement)) == 64


# --- derived matches ---------------------------------------------------------------------
def test_the_sensing_facility_is_one_notion_in_three_documents(g):
    assert matches_of(g, ctmm("item", "感知设施")) == {
        TRM("感知设施"): SKOS.exactMatch,
        FW("B.1.1"): SKOS.exactMatch,
    }
    assert matches_of(g, TRM("感知设施")) == {
        ctmm("item", "感知设施"): SKOS.exactMatch,
        FW("B.1.1"): SKOS.exactMatch,
    }


def test_the_digital_base_domain_matches_the_model_aggregate_and_part_b(g):
    assert matches_of(g, ctmm("domain", "8.2")) == {
        TRM("城市数字底座"): SKOS.exactMatch,
        FW("B"): SKOS.exactMatch,
    }


def test_004_security_part_matches_part_e_and_the_ctmm_item_exactly_and_the_support_system_closely(g):
    assert matches_of(g, part("07")) == {
        FW("E"): SKOS.exactMatch,
        ctmm("item", "安全保障"): SKOS.exactMatch,
        TRM("安全保障体系"): SKOS.closeMatch,
    }


def test_city_digital_renewal_domain_matches_c1_only_not_its_children(g):
    assert matches_of(g, ctmm("domain", "8.6")) == {FW("C.1"): SKOS.exactMatch}


def test_every_derived_close_match(g):
    close = set()
    for m in g.subjects(CDT.mappingMethod, Literal("derived")):
        if g.value(m, CDT.matchProperty) == SKOS.closeMatch:
            close.add((g.value(m, CDT.matchSubject), g.value(m, CDT.matchObject), float(g.value(m, CDT.score))))
    assert close == {
        (ctmm("item", "基础设施更新"), FW("C.1.1"), 0.73),
        (ctmm("item", "流通利用"), FW("B.2.1.4"), 0.8),
        (ctmm("subdomain", "8.1.4"), TRM("运营运维体系"), 0.9),
        (ctmm("subdomain", "8.2.2"), FW("B.2.1"), 0.9),
        (ctmm("subdomain", "8.4.2"), TRM("数字公共服务"), 0.8),
        (ctmm("subdomain", "8.6.2"), FW("C.1.1"), 0.73),
        (TRM("人工智能"), FW("B.2.2.4"), 0.8),
        (TRM("安全保障体系"), FW("E"), 0.9),
        (TRM("安全保障体系"), part("07"), 0.9),
        (TRM("建设管理体系"), FW("D"), 0.9),
        (TRM("数字公共服务"), FW("C.4.2"), 0.8),
        (TRM("数字资源统一调度与管理"), FW("B.2.2.1"), 0.89),
        (TRM("数据安全"), FW("E.1"), 0.67),
        (TRM("数据层"), part("04"), 0.9),
        (TRM("数据汇聚"), FW("B.2.1.1.2"), 0.8),
        (TRM("数据采集"), FW("B.2.1.1.2"), 0.8),
        (TRM("设施层"), part("03"), 0.9),
        (TRM("运营运维体系"), FW("D.3"), 0.9),
    }


def test_derived_exact_matches_join_equal_label_keys_only(union, g):
    labels = {n.iri: n.label for n in read_notions(union)}
    exact = [(g.value(m, CDT.matchSubject), g.value(m, CDT.matchObject))
             for m in g.subjects(CDT.mappingMethod, Literal("derived"))
             if g.value(m, CDT.matchProperty) == SKOS.exactMatch]
    assert len(exact) == 42
    for s, o in exact:
        assert label_key(labels[s]) == label_key(labels[o]), (labels[s], labels[o])


def test_a_hand_checked_sample_of_exact_matches(g):
    exact = {(g.value(m, CDT.matchSubject), g.value(m, CDT.matchObject))
             for m in g.subjects(CDT.matchProperty, SKOS.exactMatch)}
    for pair in [
        (ctmm("subdomain", "8.2.1"), FW("B.1")),            # 数字基础设施 = 城市数字基础设施
        (ctmm("item", "数据治理"), FW("B.2.1.3.1")),          # 数据治理 = 城市数据治理
        (ctmm("item", "数据流通利用设施"), FW("B.1.4")),      # = 数据流通利用基础设施
        (ctmm("subdomain", "8.3.3"), FW("C.3.2")),          # 民意速办
        (TRM("城市智能中枢"), FW("B.2")),
        (TRM("共性能力组件"), FW("B.2.2.3")),
        (TRM("产城融合发展"), FW("C.2")),
        (part("07"), FW("E")),
    ]:
        assert pair in exact, pair


def test_no_notion_is_matched_within_its_own_document(union, g):
    doc = {n.iri: n.document for n in read_notions(union)}
    for m in g.subjects(RDF.type, CDT.AlignmentMapping):
        assert doc[g.value(m, CDT.matchSubject)] != doc[g.value(m, CDT.matchObject)]


# --- curated matches ---------------------------------------------------------------------
def test_every_curated_row_is_read(result, g):
    assert result.problems == []
    curated = list(g.subjects(CDT.mappingMethod, Literal("curated")))
    rows = (CORPUS / CURATED_FILE).read_text(encoding="utf-8").splitlines()[1:]
    assert len(curated) == len([r for r in rows if r.strip()]) == 18


def test_curated_match_of_004_general_part_and_part_a(g):
    m = mapping(g, part("01"), FW("A"))
    assert g.value(m, CDT.matchProperty) == SKOS.closeMatch
    assert str(g.value(m, CDT.mappingMethod)) == "curated"
    assert str(g.value(m, CDT.locator)) == "alignment_curated.csv:2"
    assert g.value(m, CDT.sourceLine) == Literal(2, datatype=XSD.integer)
    assert "B.8.1 a)" in str(g.value(m, CDT.rationale))
    assert (FW("A"), SKOS.closeMatch, part("01")) in g


def test_curated_matches_of_the_model_layers(g):
    assert matches_of(g, TRM("应用层")) == {FW("C"): SKOS.closeMatch}
    assert matches_of(g, TRM("共性能力层")) == {FW("B.2.2"): SKOS.closeMatch}
    assert matches_of(g, TRM("设施层")) == {FW("B.1"): SKOS.closeMatch, part("03"): SKOS.closeMatch}
    assert matches_of(g, TRM("数据层")) == {FW("B.2.1"): SKOS.closeMatch, part("04"): SKOS.closeMatch}


def test_a_curated_row_wins_over_the_derived_match_of_the_same_pair(g):
    # 数字化共性支撑 ~ 城市共性支撑 is also found by the words; the curated reason is kept.
    m = mapping(g, ctmm("subdomain", "8.2.3"), FW("B.2.2"))
    assert str(g.value(m, CDT.mappingMethod)) == "curated"
    assert float(g.value(m, CDT.score)) == 1.0


def test_every_match_is_backed_by_one_mapping_and_asserted_both_ways(g):
    mappings = list(g.subjects(RDF.type, CDT.AlignmentMapping))
    assert len(mappings) == 78
    for m in mappings:
        s, p, o = g.value(m, CDT.matchSubject), g.value(m, CDT.matchProperty), g.value(m, CDT.matchObject)
        assert (s, p, o) in g and (o, p, s) in g
        assert 0 < float(g.value(m, CDT.score)) <= 1
        assert g.value(m, CDT.rationale).language == "zh"
    assert len(set(g.triples((None, SKOS.exactMatch, None)))) + len(set(g.triples((None, SKOS.closeMatch, None)))) \
        == 2 * len(mappings)


def test_the_output_conforms_to_the_shapes(g):
    report = validate(g)
    assert report.violations == 0 and report.warnings == 0


# --- damaged curated tables --------------------------------------------------------------
def test_rows_that_do_not_resolve_are_warnings_with_their_line(union, corpus_with_table):
    corpus = corpus_with_table(CURATED_FILE, CURATED_COLUMNS, [
        "SystemPart,01,总体,closeMatch,FrameworkNode,A,基础术语及通用架构,ok",
        "SystemPart,08,不存在,closeMatch,FrameworkNode,A,基础术语及通用架构,no such part",
        "SystemPart,02,技术与平台,sameAs,FrameworkNode,B.2.2,城市共性支撑,not SKOS",
    ])   # a table's shape (header, cells per row) is tests/test_curated_table.py's
    result = load_alignment(union, corpus)
    assert [(p.severity.value, p.line) for p in result.problems] == [("warning", 3), ("warning", 4)]
    assert "不存在" in result.problems[0].message
    assert len(list(result.graph.subjects(CDT.mappingMethod, Literal("curated")))) == 1


def test_a_none_row_rejects_a_derived_match(union, corpus_with_table):
    corpus = corpus_with_table(CURATED_FILE, CURATED_COLUMNS, [
        "CapabilityDomain,8.6,城市数字更新,none,FrameworkNode,C.1,城市数字更新,reject for the test",
    ])
    result = load_alignment(union, corpus)
    assert result.problems == []
    assert (ctmm("domain", "8.6"), SKOS.exactMatch, FW("C.1")) not in result.graph


def test_a_missing_table_still_gives_the_derived_matches(union, tmp_path):
    result = load_alignment(union, tmp_path)
    assert len(result.problems) == 1
    # 42 exact + 18 close, plus 数字化共性支撑 ~ 城市共性支撑 that the curated table otherwise takes over
    assert len(list(result.graph.subjects(CDT.mappingMethod, Literal("derived")))) == 61


def test_derive_never_matches_inside_one_document():
    doc = URIRef("urn:doc")
    a = Notion(URIRef("urn:a"), CDT.FrameworkNode, "感知设施", doc, "B.1.1", "")
    b = Notion(URIRef("urn:b"), CDT.FrameworkNode, "感知基础设施", doc, "B.1.2", "")
    c = Notion(URIRef("urn:c"), CDT.CapabilityItem, "感知设施", URIRef("urn:other"), "8.2.1", "")
    pairs = {(m.subject.iri, m.object.iri) for m in derive([a, b, c])}
    assert pairs == {(c.iri, a.iri), (c.iri, b.iri)}


def test_label_pairs_kept_between_builds_give_the_matches_compared_afresh(union, tmp_path):
    notions = read_notions(union)
    fresh = derive(notions)
    first = LabelPairs(tmp_path / "pairs.json")
    assert derive(notions, first.compare) == fresh and first.known == {}
    first.save()
    kept = LabelPairs(tmp_path / "pairs.json")
    assert kept.known == first.asked
    calls = []
    kept_compare = kept.compare

    def counted(a, b):
        calls.append((a, b))
        return kept_compare(a, b)
    assert derive(notions, counted) == fresh
    assert set(kept.asked) <= set(kept.known)      # every pair answered from the file, none compared again


def test_label_pairs_of_other_matching_code_or_a_damaged_file_are_compared_afresh(union, tmp_path):
    path = tmp_path / "pairs.json"
    path.write_text('{"code": "other", "pairs": [["感知设施", "感知基础设施标准", null]]}', encoding="utf-8")
    assert LabelPairs(path).known == {}
    path.write_text('{"code": ', encoding="utf-8")
    pairs = LabelPairs(path)
    assert pairs.known == {} and pairs.compare("感知设施", "感知基础设施标准") == compare("感知设施", "感知基础设施标准")
