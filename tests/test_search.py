"""Searching the graph: ranking, filters, paging, snippets, safety, and `cdtkg search` (queries/search.py)."""
import json
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from loaders.build import DEFAULT_CORPUS
from loaders.problems import CdtkgError
from loaders.vocab import CDTR_IRI
from queries.search import MARK, open_search, snippet


def short(iri: str) -> str:
    return "cdtr:" + unquote(iri)[len(CDTR_IRI):]


@pytest.fixture(scope="module")
def search():
    return open_search(DEFAULT_CORPUS)


def top(search, query, n=5, **options):
    return [short(h.iri) for h in search.search(query, limit=n, **options).hits]


# --- ranking ---------------------------------------------------------------------------
def test_a_standard_number_finds_the_standard_then_the_provision_citing_it(search):
    results = search.search("GB/T28181")
    assert results.total == 2
    first, second = results.hits
    assert (short(first.iri), first.kind, first.document) == ("cdtr:std/GB-T-28181-2022", "标准", "GB/T 28181-2022《公共安全视频监控联网系统信息传输、交换、控制技术要求》")
    assert (short(second.iri), second.kind, second.locator) == (
        "cdtr:std/plan-20250317-T-469/clause/7.3.2.4/p/b", "列项", "7.3.2.4 b)")
    assert second.document == "20250317-T-469《城市全域数字化转型 技术参考模型》"
    assert f"{MARK}GB/T 28181-2022{MARK} 中 4.1.4" in second.snippet


def test_a_dated_number_ranks_its_edition_above_the_undated_node(search):
    assert top(search, "GB/T 37043-2018", 2) == ["cdtr:std/GB-T-37043-2018", "cdtr:std/GB-T-37043"]


def test_an_undated_number_ranks_its_dated_edition_above_the_undated_node(search):
    # GB/T 1.1: an undated reference applies to the latest edition
    assert top(search, "GB/T 37043", 2) == ["cdtr:std/GB-T-37043-2018", "cdtr:std/GB-T-37043"]


def test_a_label_word_ranks_the_named_resources_above_mere_mentions(search):
    hits = search.search("可信数据空间", limit=3).hits
    assert [(h.kind, h.label) for h in hits] == [
        ("组成要素", "可信数据空间"), ("技术文件", "可信数据空间 技术架构"),
        ("技术文件", "城市全域数字化转型 城市可信数据空间建设指引")]
    assert hits[0].snippet == f"{MARK}可信数据空间{MARK}"


def test_an_english_query_finds_the_english_term(search):
    hit = search.search("Digital Twins").hits[0]
    assert (short(hit.iri), hit.label) == ("cdtr:doc/gbt-maturity-model-ctmm-draft/term/3.5", "数字孪生")
    # the English query is also read as the Chinese name the graph gives it: both are marked
    assert hit.snippet == f"{MARK}数字孪生{MARK} / {MARK}digital{MARK} {MARK}twin{MARK}"


def test_an_english_query_finds_the_chinese_text_through_the_graphs_english_labels(search):
    hits = search.search("digital twin", limit=3).hits
    # the clause and the model element are written in Chinese alone
    assert ("条款", "数字孪生", "7.3.2.2") in [(h.kind, h.label, h.locator) for h in hits]


def test_an_english_query_naming_a_kind_finds_the_chinese_notion(search):
    # the ontology names cdt:MaturityLevel "maturity level" and 成熟度等级
    assert all("成熟度等级" in h.label for h in search.search("maturity level", limit=2).hits)


def test_an_abbreviation_finds_the_text_that_spells_it_out(search):
    hits = search.search("CIM", limit=10).hits
    assert hits[0].label == "CIM（城市信息模型）"
    assert any("CIM" not in h.label and f"{MARK}城市信息模型{MARK}" in h.snippet for h in hits)


def test_a_clause_number_finds_the_clause(search):
    assert top(search, "7.2.9") == ["cdtr:std/plan-20250317-T-469/clause/7.2.9"]


def test_hits_matching_every_query_word_come_first(search):
    hit = search.search("态势感知 一级").hits[0]
    assert (hit.kind, hit.locator) in {("等级特征", "8.5.3 表17 态势感知 一级"), ("列项", "8.5.3 表17 态势感知 一级 a)")}


def test_a_label_word_is_found_by_its_first_characters_and_another_word(search):
    hits = search.search("产城融合", limit=3).hits
    assert {h.label for h in hits} == {"产城融合发展"} and len({h.document for h in hits}) == 3


def test_a_clause_and_the_notion_it_sets_out_show_as_the_notion(search):
    # the guideline's clause 三、（三）2. and framework node C.2 hold the same text
    hit = search.search("产城融合发展", limit=1).hits[0]
    assert (hit.kind, short(hit.iri)) == ("标准体系框架节点", "cdtr:framework/C.2")


def test_the_query_written_whole_in_a_long_text_ranks_it_above_texts_holding_its_pieces(search):
    # 一网通办 is cut 一网通 + 办: only the explanatory note writes it whole
    hit = search.search("一网通办", limit=1).hits[0]
    assert (hit.document, hit.locator) == ("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", "一、2.")
    assert f"{MARK}一网通办{MARK}" in hit.snippet


def test_the_same_name_in_two_documents_is_shown_twice(search):
    hits = [(h.kind, h.document, h.locator) for h in search.search("感知设施", limit=3).hits]
    assert ("条款", "20250317-T-469《城市全域数字化转型 技术参考模型》", "7.1.1") in hits
    assert ("能力项", "《城市全域数字化转型 成熟度模型》", "8.2.1 表5 感知设施") in hits


def test_a_table_cell_is_located_by_the_clause_that_holds_its_table(search):
    hit = search.search("一表通", limit=1).hits[0]
    assert hit.locator.startswith("8.3.3 表11 民意触达 ")


def test_a_document_is_found_by_the_committee_responsible_for_it(search):
    assert {h.label for h in search.search("SAC/TC 609", limit=2).hits} == {
        "城市全域数字化转型 技术参考模型", "城市全域数字化转型 成熟度模型"}


# --- filters and paging ---------------------------------------------------------------
def test_the_kind_filter_takes_chinese_english_or_partial_names_and_includes_subclasses(search):
    assert {h.kind for h in search.search("数据", kind="术语条目", limit=50).hits} == {"术语条目"}
    assert {h.kind for h in search.search("数据", kind="TermEntry", limit=50).hits} == {"术语条目"}
    assert {h.kind for h in search.search("数据", kind="术语", limit=50).hits} == {"术语条目"}
    assert {h.kind for h in search.search("数据", kind="模型要素", limit=100).hits} == {"组成要素", "层次要素", "模型要素"}


def test_an_unknown_kind_is_refused_with_the_list_of_kinds(search):
    with pytest.raises(CdtkgError, match="没有名为「规则」的类型。可用的类型：列项、条款"):
        search.search("数据", kind="规则")


def test_the_document_filter_takes_a_number_in_any_spelling_a_plan_number_or_a_title(search):
    assert {h.document for h in search.search("数据", doc="t/szs 4042", limit=50).hits} == {"T/SZS 4042-2021《城市数字化转型顶层设计指南》"}
    trm = "20250317-T-469《城市全域数字化转型 技术参考模型》"
    assert {h.document for h in search.search("数据", doc="20250317-T-469", limit=50).hits} == {trm}
    assert {h.document for h in search.search("数据", doc="全域数字化转型 成熟度模型", limit=50).hits} == {
        "《城市全域数字化转型 成熟度模型》"}
    # part of a title may name several documents: every one of them is searched
    assert {CDTR_IRI + "doc/gbt-maturity-model-ctmm-draft", CDTR_IRI + "std/GB-T-44136-2024"} <= set(
        search.document_iris("成熟度模型"))
    with pytest.raises(CdtkgError, match="没有找到文档「GB/T 99999」"):
        search.search("数据", doc="GB/T 99999")


def test_pages_continue_each_other(search):
    ten = top(search, "数据安全", 10)
    assert top(search, "数据安全", 5) + [short(h.iri) for h in search.search("数据安全", limit=5, page=2).hits] == ten
    results = search.search("数据安全", limit=5, page=2)
    assert (results.page, results.first_rank, results.pages) == (2, 6, -(-results.total // 5))
    assert search.search("数据安全", limit=5, page=10_000).hits == []


@pytest.mark.parametrize("limit,page", [(0, 1), (101, 1), (10, 0)])
def test_limits_and_pages_out_of_range_are_refused(search, limit, page):
    with pytest.raises(CdtkgError):
        search.search("数据", limit=limit, page=page)


# --- any input is safe ----------------------------------------------------------------
@pytest.mark.parametrize("query", [
    'title:数据', "数据 AND OR NOT", '"数据安全', "数据*", "数?据", "数据~2", "[数据 TO 安全]", "{数据}", "((数据",
    "数据^10", "-数据", "+数据", "\x00数据\x1b[31m", "🙂 城市", "ＧＢ／Ｔ２８１８１", "表5",
    "数据%s%n", "<script>数据", "\udcff数据",
])
def test_query_syntax_and_control_characters_are_just_text(search, query):
    results = search.search(query)
    assert results.total > 0 and all(h.iri for h in results.hits)


@pytest.mark.parametrize("query", ["", "   ", "\x00\x07", '"()"', "！？。，", "(((", "\\", "/", "*"])
def test_empty_input_gives_a_chinese_message(search, query):
    with pytest.raises(CdtkgError, match="请输入要搜索的词语"):
        search.search(query)


def test_a_query_of_function_words_only_says_so(search):
    results = search.search("的 和 与")
    assert (results.hits, results.notes) == ([], ["查询里只有常用虚词或单个字母数字，没有可搜索的词。"])


def test_a_very_long_query_says_it_was_cut(search):
    assert search.search("数据" * 5000).notes == ["查询超过 256 字，只用了前 256 字。"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_gives_results_or_a_cdtkg_error(search, query):
    try:
        search.search(query)
    except CdtkgError:
        pass


# --- snippets ---------------------------------------------------------------------------
def test_a_snippet_is_cut_around_the_first_match_and_marks_every_match():
    stored = {"body": "甲" * 100 + "城市智能中枢" + "乙" * 100 + "城市智能中枢", "labels": []}
    text = snippet(stored, ["城市智能中枢"], [], width=30)
    assert text == "…" + "甲" * 7 + f"{MARK}城市智能中枢{MARK}" + "乙" * 17 + "…"


def test_a_snippet_marks_words_across_stray_spaces_and_prefers_the_text_with_the_longest_match():
    stored = {"body": "全国数据标准化技术委员会技术文件", "labels": ["可信数据 空间 技术架构"]}
    assert snippet(stored, ["可信数据空间", "数据"], []) == f"{MARK}可信数据 空间{MARK} 技术架构"


# --- the command ----------------------------------------------------------------------
def test_cdtkg_search_json_has_the_documented_shape(capsys):
    assert main(["search", "城市智能中枢", "--limit", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "城市智能中枢" and len(out["results"]) == 3
    assert list(out["results"][0]) == ["iri", "kind", "label", "document", "locator", "score", "snippet"]


def test_cdtkg_search_prints_a_readable_table(capsys):
    assert main(["search", "GB/T", "28181", "--kind", "标准"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "「GB/T 28181」共 1 条结果",
        "1. [标准] GB/T 28181-2022 公共安全视频监控联网系统信息传输、交换、控制技术要求",
        "   GB/T 28181-2022《公共安全视频监控联网系统信息传输、交换、控制技术要求》 · 得分 31",  # 30 for the number, 1 for an edition of an undated one
        # not a terminal: the matched words without Markdown marks (a terminal shows them in colour)
        "   公共安全视频监控联网系统信息传输、交换、控制技术要求 / GB/T 28181-2022 / GB/T 28181",
    ]


def test_cdtkg_search_exit_codes(capsys):
    assert main(["search", "zzqqxx"]) == 1                    # no answer
    assert main(["search", "数据", "--kind", "规则"]) == 2     # bad input
    assert main(["search"]) == 2
    err = capsys.readouterr().err
    assert "cdtkg: 没有名为「规则」的类型" in err and "cdtkg: 请给出搜索词" in err and "Traceback" not in err


def test_cdtkg_search_batch_writes_one_json_line_per_query_line(tmp_path, capsys):
    queries = tmp_path / "queries.txt"
    queries.write_text("GB/T28181\n\n数字孪生\n", encoding="utf-8")
    assert main(["search", "--batch", str(queries), "--json", "--limit", "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["query"] for row in lines] == ["GB/T28181", "", "数字孪生"]
    assert short(lines[0]["results"][0]["iri"]) == "cdtr:std/GB-T-28181-2022"
    assert lines[1]["results"] == [] and lines[1]["error"].startswith("请输入要搜索的词语")
    assert len(lines[2]["results"]) == 1


def test_cdtkg_search_batch_refuses_an_unreadable_file(tmp_path, capsys):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("数据".encode("gbk"))
    assert main(["search", "--batch", str(bad), "--json"]) == 2
    assert main(["search", "--batch", str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err.count("读不了批量查询文件") == 2


@pytest.mark.parametrize("query, first_kind, first_locator", [
    ("数据治理", "术语条目", "3.4"),   # the term entries before the capability item named so (8.2.2 表6)
    ("运营模式", "条款", "11.4"),      # the clause setting it out before the activity of table A.7
])
def test_among_hits_named_as_the_query_the_definition_then_the_clause_come_first(search, query, first_kind,
                                                                                  first_locator):
    hits = search.search(query, limit=5).hits
    assert (hits[0].kind, hits[0].locator) == (first_kind, first_locator)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)   # still reads best first


def test_a_document_is_found_by_the_other_number_its_running_header_prints(search):
    assert search.search("SCIE 007", limit=3).hits[0].label.startswith("T/SZS 4042-2021")
