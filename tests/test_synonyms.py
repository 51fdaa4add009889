"""Other names of the field's notions (queries/synonyms.py): the curated table
corpus/synonyms_curated.csv and the old names the graph records, as ask and search read them."""
from pathlib import Path

import pytest

from loaders.problems import CdtkgError
from queries.ask import asker_for
from queries.ask.label_index import match_key
from queries.search import Search
from queries.synonyms import expand_query, old_names, read_synonyms

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_every_curated_row_has_a_rationale_and_names_something_of_the_graph(engine):
    rows = read_synonyms(CORPUS)
    assert len(rows) >= 10
    index = asker_for(engine).index
    unresolved = [f"第 {r.line} 行 {r.canonical}" for r in rows if match_key(r.canonical) not in index.names]
    assert unresolved == []
    assert all(len(r.rationale) >= 10 for r in rows)


def test_every_curated_row_says_what_kind_of_name_it_is_and_which_clauses_attest_it():
    rows = read_synonyms(CORPUS)
    assert {r.kind for r in rows} <= {"俗称", "简称", "英文", "近义"}
    assert [r.line for r in rows if not (r.kind and r.source)] == []


def test_a_table_without_the_provenance_columns_is_still_read(tmp_path):
    (tmp_path / "synonyms_curated.csv").write_text("alias,canonical,rationale\n城市大脑,城市智能中枢,俗称：见 001 3.4\n",
                                                 encoding="utf-8")
    [row] = read_synonyms(tmp_path)
    assert (row.alias, row.canonical, row.kind, row.source) == ("城市大脑", "城市智能中枢", "", "")


def test_a_row_without_its_rationale_is_refused_with_its_line(tmp_path):
    (tmp_path / "synonyms_curated.csv").write_text("alias,canonical,rationale\n城市大脑,城市智能中枢,\n", encoding="utf-8")
    with pytest.raises(CdtkgError, match="第 2 行"):
        read_synonyms(tmp_path)
    assert read_synonyms(tmp_path / "missing") == []


def test_the_graph_gives_the_old_names_of_renamed_things(engine):
    renamed = {(old, new) for old, new, _ in old_names(engine)}
    assert ("物联感知层", "感知设施") in renamed and ("数据及服务融合层", "数据层") in renamed


def test_a_query_is_read_with_the_name_its_alias_stands_for():
    assert expand_query("城市大脑 建设", [("城市大脑", "城市智能中枢")]) == "城市大脑 城市智能中枢 建设"
    assert expand_query("城市智能中枢", [("城市大脑", "城市智能中枢")]) == "城市智能中枢"


def test_an_alias_in_latin_letters_is_a_whole_word_plural_included():
    assert expand_query("detail", [("ai", "人工智能")]) == "detail"
    assert expand_query("ai 安全", [("ai", "人工智能")]) == "ai 人工智能 安全"
    assert expand_query("digital twins", [("digital twin", "数字孪生")]) == "digital twins 数字孪生"


@pytest.mark.parametrize("question, piece", [
    ("城市大脑是什么", "综合应用新一代信息技术"),     # curated colloquial name
    ("What is a city intelligent hub?", "综合应用新一代信息技术"),  # curated English rendering
    ("物联感知层现在叫什么", "感知设施"),             # old name from the graph
])
def test_ask_understands_a_thing_by_its_other_names(engine, question, piece):
    a = asker_for(engine).ask(question)
    assert a.answered and piece in a.answer


@pytest.mark.parametrize("query, kind, label", [
    ("城市大脑", "标准体系框架节点", "城市智能中枢"),
    ("city brain", "术语条目", "城市智能中枢"),
    ("物联感知层", "组成要素", "感知设施"),
    ("等保三级", "标准", "GB/T 22239-2019 信息安全技术 网络安全等级保护基本要求"),
])
def test_search_finds_a_thing_by_its_other_names(query, kind, label):
    hits = Search.for_corpus().search(query, limit=5).hits
    assert (kind, label) in [(h.kind, h.label) for h in hits]


def test_an_alias_the_documents_use_is_searched_as_written():
    hits = Search.for_corpus().search("单点登录", limit=3).hits
    assert "单点登录" in hits[0].label
