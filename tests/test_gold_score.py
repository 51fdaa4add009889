"""The gold scorer reads facts from the graph only, folds printed variants, and counts every miss."""
import json

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from app.gold_score import DocScore, Fact, figures, norm, score_document, table
from loaders import ids
from loaders.standard_nodes import add_standard
from loaders.vocab import CDT


def _graph():
    g = Graph()
    doc = ids.standard_iri("DA/T 92-2022")
    g.add((doc, CDT.standardNumber, Literal("DA/T 92-2022")))
    g.add((doc, DCTERMS.title, Literal("电子档案单套管理一般要求", lang="zh")))
    g.add((doc, CDT.ics, Literal("01.140.20")))
    person = ids.person_iri("张三")
    g.add((doc, CDT.drafter, person))
    g.add((person, FOAF.name, Literal("张三", lang="zh")))
    g.add((doc, CDT.normativeReference, add_standard(g, "GB/T 18894—2016")))
    clause = ids.clause_iri(doc, "5.1")
    g.add((clause, RDF.type, CDT.Clause))
    g.add((clause, CDT.inDocument, doc))
    g.add((clause, CDT.number, Literal("5.1")))
    para = ids.paragraph_iri(clause, 1)
    g.add((para, CDT.paragraphOf, clause))
    g.add((para, CDT.text, Literal("电子档案应单套管理。", lang="zh")))
    g.add((para, CDT.modality, CDT.Shall))
    return g, doc


def test_printed_variants_compare_equal():
    assert norm("GB/T 18894—2016") == norm("GB／T18894-2016")
    assert norm("全国标准化技术委员会（SAC/TC 527）") == norm("全国标准化技术委员会(SAC/TC 527)")


def test_facts_present_are_read_and_facts_absent_are_missed():
    g, doc = _graph()
    gold = {"facts": {
        "number": "DA/T 92—2022", "title": "电子档案单套管理一般要求", "ics": "01.140.20", "ccs": "A14",
        "drafters": ["张三", "李四"], "normative_references": ["GB/T 18894—2016"],
        "provisions": [{"clause": "5.1", "marker": "", "starts_with": "电子档案应单套", "modality": "Shall"},
                       {"clause": "5.1", "marker": "", "starts_with": "电子档案应单套", "modality": "May"}],
    }}
    scored = score_document(gold, g, doc)
    facts = {(f.category, f.expected): f.ok for f in scored}
    assert facts[("number", "DA/T 92—2022")] and facts[("title", "电子档案单套管理一般要求")]
    assert facts[("drafters", "张三")] and not facts[("drafters", "李四")]
    assert not facts[("ccs", "A14")]
    assert facts[("normative_references", "GB/T 18894—2016")]
    assert [f.ok for f in scored if f.category == "provisions"] == [True, False]  # the modality must agree


def test_report_and_bench_figures_per_document_and_kind():
    scores = [DocScore("a", "industry", [Fact("number", "x", True), Fact("title", "y", False)]),
              DocScore("b", "national", skipped="原文不在文本缓存中")]
    out = figures(scores)
    assert out["gold_a_rate"] == 0.5 and out["gold_b_rate"] == "skipped"
    assert out["gold_kind_industry_rate"] == 0.5 and out["gold_min_rate"] == 0.5
    text = table(scores)
    assert "50.0%" in text and "skipped: 原文不在文本缓存中" in text


def test_one_gold_string_naming_two_bodies_matches_both_and_only_both():
    g, doc = _graph()
    for name, code in (("全国物品编码标准化技术委员会", "SAC/TC 287"), ("全国信息技术标准化技术委员会", "SAC/TC 28")):
        body = ids.committee_iri(code)
        g.add((body, FOAF.name, Literal(name, lang="zh")))
        g.add((doc, CDT.proposedBy, body))
    joint = "全国物品编码标准化技术委员会和全国信息技术标准化技术委员会"
    facts = lambda wanted: [f.ok for f in score_document({"facts": {"proposed_by": wanted}}, g, doc)]
    assert facts(joint) == [True] and facts("全国信息技术标准化技术委员会") == [True]
    assert facts("全国物品编码标准化技术委员会和全国标准化技术委员会") == [False]


def test_a_placeholder_reference_is_the_planned_node_that_keeps_it_as_printed():
    # `GB/T XXXX 车载定位系统…` names no number: the reader keeps a Planned node, titled, noting the print
    g, doc = _graph()
    g.add((doc, CDT.normativeReference, add_standard(g, "GB/T XXXX", "车载定位系统技术要求及试验方法")))
    facts = lambda wanted: [f.ok for f in score_document({"facts": {"normative_references": [wanted]}}, g, doc)]
    assert facts("GB/T XXXX") == [True]
    assert facts("GB/T XXXXX") == [False] and facts("GB/T 4321") == [False]


def test_the_command_reads_misses_as_a_flag_and_the_folder_from_the_environment(tmp_path, monkeypatch, capsys):
    from app.gold_score import main

    gold = {"id": "absent", "kind": "national", "text": {"file": "absent.txt", "format": "plain-text"},
            "facts": {"number": "GB/T 1-2000"}}
    (tmp_path / "absent.json").write_text(json.dumps(gold), encoding="utf-8")
    monkeypatch.setenv("CDTKG_GOLD_DIR", str(tmp_path))
    monkeypatch.setenv("CDTKG_REALTEXTS", str(tmp_path / "texts"))
    main(["--misses"])
    assert "absent" in capsys.readouterr().out


def test_a_list_field_written_as_one_string_is_one_fact():
    # `"replaces": "GB 19266—2003"` is one replaced edition, not one fact per character
    g, doc = _graph()
    g.add((doc, DCTERMS.replaces, add_standard(g, "DA/T 92—2010")))
    scored = score_document({"facts": {"replaces": "DA/T 92—2010", "drafters": "张三"}}, g, doc)
    assert [(f.category, f.expected, f.ok) for f in scored] == [
        ("replaces", "DA/T 92—2010", True), ("drafters", "张三", True)]
    scored = score_document({"facts": {"replaces": "DA/T 92—2005"}}, g, doc)
    assert [f.ok for f in scored] == [False]


def test_several_cover_codes_are_each_a_value_and_an_itu_t_recommendation_matches_as_printed():
    g, doc = _graph()
    g.add((doc, CDT.ics, Literal("35.240.60")))
    g.add((doc, CDT.normativeReference, add_standard(g, "Rec.ITU-T G.723.1(2006)")))
    gold = {"facts": {"ics": "01.140.20;35.240.60", "ccs": "01.140.20;35.240.61",
                      "normative_references": ["Rec.ITU-T G.723.1(2006)", "ITU-T Rec.G.723.1—2006",
                                               "Rec.ITU-T G.711"]}}
    facts = {(f.category, f.expected): f.ok for f in score_document(gold, g, doc)}
    assert facts[("ics", "01.140.20;35.240.60")] and not facts[("ccs", "01.140.20;35.240.61")]
    assert facts[("normative_references", "Rec.ITU-T G.723.1(2006)")]
    assert facts[("normative_references", "ITU-T Rec.G.723.1—2006")]
    assert not facts[("normative_references", "Rec.ITU-T G.711")]


def test_a_date_given_as_printed_with_its_month_and_day_unpadded_is_the_iso_date():
    g, doc = _graph()
    g.add((doc, DCTERMS.issued, Literal("2017-04-24")))
    scored = score_document({"facts": {"issued": "2017-4-24", "implemented": "2017-5-1"}}, g, doc)
    assert [(f.category, f.ok) for f in scored] == [("issued", True), ("implemented", False)]


def test_an_all_parts_reference_is_its_undated_standard_and_nist_short_forms_are_its_revisions():
    g, doc = _graph()
    for number in ("DL/T 860", "NIST SP 800-90A Rev. 1", "NIST SP 800-57 Part 1 Rev. 5"):
        g.add((doc, CDT.normativeReference, add_standard(g, number)))
    gold = {"facts": {"normative_references": ["DL/T 860（所有部分）", "DL/T 861（所有部分）", "NIST SP 800-90Ar1",
                                               "NIST SP 800-57 Part1 Rev. 5", "NIST SP 800-90A"]}}
    assert [f.ok for f in score_document(gold, g, doc)] == [True, False, True, True, False]


def test_an_english_term_given_with_its_abbreviation_in_brackets_is_the_english_term_and_the_abbreviation():
    g, doc = _graph()
    entry = URIRef("urn:x:term")
    g.add((entry, RDF.type, CDT.TermEntry))
    g.add((entry, CDT.inDocument, doc))
    g.add((entry, CDT.number, Literal("3.1")))
    g.add((entry, SKOS.prefLabel, Literal("挥发性有机物", lang="zh")))
    g.add((entry, SKOS.prefLabel, Literal("volatile organic compounds", lang="en")))
    g.add((entry, SKOS.altLabel, Literal("VOCs")))
    terms = [{"number": "3.1", "term": "挥发性有机物", "english": english}
             for english in ("volatile organic compounds（VOCs）", "volatile organic compounds", "volatile organic compounds（VOC）")]
    scored = [f.ok for f in score_document({"facts": {"terms": terms}}, g, doc) if f.category == "terms.english"]
    assert scored == [True, True, False]


def test_a_term_entrys_definition_and_notes_are_statements_of_its_number():
    g, doc = _graph()
    entry = URIRef("urn:x:entry")
    for p, o in ((RDF.type, CDT.TermEntry), (CDT.inDocument, doc), (CDT.number, Literal("2.1.5")),
                 (SKOS.prefLabel, Literal("单元", lang="zh")), (SKOS.definition, Literal("具有几何属性的最小求解域。", lang="zh")),
                 (SKOS.note, Literal("注：每个单元仅在节点处和相邻单元发生联系。", lang="zh"))):
        g.add((entry, p, o))
    provisions = [{"clause": "2.1.5", "marker": "注", "starts_with": "每个单元仅在节点处", "modality": "Statement"},
                  {"clause": "2.1.5", "starts_with": "具有几何属性的最小求解域", "modality": "Statement"},
                  {"clause": "2.1.5", "starts_with": "每个单元仅在节点处", "modality": "Shall"},
                  {"clause": "2.1.6", "starts_with": "每个单元仅在节点处", "modality": "Statement"}]
    assert [f.ok for f in score_document({"facts": {"provisions": provisions}}, g, doc)] == [True, True, False, False]
