"""Search quality on the judged set (tests/search_judgments.tsv), beside a default analyzer."""
import collections

import pytest

from loaders.build import DEFAULT_CORPUS
from queries import search_quality as sq
from queries.search import open_search

MRR_BAR = 0.9
RECALL_BAR = 0.9


@pytest.fixture(scope="module")
def search():
    return open_search(DEFAULT_CORPUS)


@pytest.fixture(scope="module")
def judgments():
    return sq.load_judgments()


@pytest.fixture(scope="module")
def evaluation(search, judgments):
    return sq.evaluate(sq.ranked(search), judgments, sq.present_kinds(search), sq.universe(search))


def test_the_judged_set_covers_every_kind_of_query(judgments):
    assert len(judgments) >= 40
    categories = collections.Counter(j.category for j in judgments)
    assert set(categories) == {"中文", "英文", "编号", "空格", "繁体", "缩略语", "人名机构", "位置"}
    assert all(j.relevant for j in judgments)


def test_every_judgment_names_resources_that_are_indexed(evaluation):
    assert [(j.line, spec) for j, spec in evaluation.unknown] == []


def test_judgments_waiting_for_their_kind_are_skipped_and_listed(evaluation, judgments, capsys):
    waiting = [f"{j.query} ({', '.join(j.requires)})" for j in evaluation.skipped]
    with capsys.disabled():
        print(f"\nsearch judgments skipped until their kind is in the graph: {waiting or 'none'}")
    assert evaluation.judged + len(evaluation.skipped) == len(judgments)


def test_mrr_and_recall_at_5_reach_the_bar(evaluation, capsys):
    with capsys.disabled():
        print(f"\nsearch: MRR {evaluation.mrr}  recall@5 {evaluation.recall_at_5}  ({evaluation.judged} judged)")
        for miss in evaluation.failures():
            print(f"  rank {miss['rank']}: {miss['query']} — first was {miss['first']}")
    assert evaluation.mrr >= MRR_BAR
    assert evaluation.recall_at_5 >= RECALL_BAR


def test_segmentation_and_normalization_beat_the_default_analyzer(search, judgments, evaluation, capsys):
    baseline = sq.Baseline(search)
    try:
        theirs = sq.evaluate(baseline, judgments, sq.present_kinds(search), sq.universe(search))
    finally:
        baseline.close()
    with capsys.disabled():
        print(f"\nbaseline (tantivy default analyzer): MRR {theirs.mrr}  recall@5 {theirs.recall_at_5}")
    assert theirs.mrr < evaluation.mrr - 0.2
    # the default analyzer keeps a run of Chinese characters as one token: a phrase never matches its parts
    assert baseline_hits(search, "数字孪生平台") == []
    assert search.search("数字孪生平台", limit=1).hits[0].label == "数字孪生"


def baseline_hits(search, query):
    baseline = sq.Baseline(search)
    try:
        return baseline(query)
    finally:
        baseline.close()


def test_every_category_is_answered(evaluation):
    by_category = collections.defaultdict(list)
    for q in evaluation.per_query:
        by_category[q["category"]].append(1 / q["rank"] if q["rank"] else 0)
    assert {c: round(sum(v) / len(v), 2) for c, v in by_category.items() if sum(v) / len(v) < 0.75} == {}


def test_a_judgment_is_matched_by_iri_or_by_kind_and_label():
    found = sq.Found("https://w3id.org/cdtkg/resource/trm/%E5%9F%8E%E5%B8%82%E6%99%BA%E8%83%BD%E4%B8%AD%E6%9E%A2",
                     "组合要素", "城市智能中枢")
    assert sq.matches("cdtr:trm/城市智能中枢", found)
    assert sq.matches("组合要素：城市智能中枢", found)
    assert not sq.matches("模型要素：城市智能中枢", found)
    assert not sq.matches("cdtr:trm/城市数字底座", found)
