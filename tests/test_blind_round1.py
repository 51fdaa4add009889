"""The blind sets of round 1 (tests/blind/round1/README.md) do not fall below what they scored when blind.

These floors guard against regressions; the issues' targets (90 % and more) are far above them.
"""
from pathlib import Path

import pytest

from built import gold_read
from loaders.build import DEFAULT_CORPUS
from queries.ask.blind_sets import DocumentNames, read_questions, read_search, score_questions, score_search

HERE = Path(__file__).resolve().parent
ROUND = HERE / "blind" / "round1"
REALDOCS = HERE.parent.parent / "shared" / "realdocs"
ADDED = ("ttaf-083-2022", "gbt-18894-2016", "dat-104-2024", "dat-95-2022", "dat-92-2022")


def _score(corpus: Path, questions: Path):
    from queries.ask.pipeline import Asker
    from built import built_graph, built_index

    engine = built_graph(corpus)
    built_index(corpus)
    return engine, score_questions(Asker(engine), read_questions(questions))


def test_questions_on_the_bundled_documents_stay_at_or_above_their_blind_score():
    _, report = _score(DEFAULT_CORPUS, ROUND / "ask_bundled.tsv")
    assert report.total == 110
    assert report.right >= 77, report.table()   # 51 when blind; 75 on session 23's ask branch, 74 once merged; 77 after session 24


def test_searches_on_the_bundled_documents_stay_at_or_above_their_blind_score():
    from built import built_graph
    from queries.search import Search

    judgments = read_search(ROUND / "search_bundled.tsv")
    report = score_search(Search.for_corpus(DEFAULT_CORPUS), judgments, DocumentNames(built_graph()))
    figures = report.figures()
    assert len(judgments) == 50
    assert figures["success_at_5"] >= 0.64 and figures["mrr"] >= 0.52, figures


def test_questions_on_added_published_standards_stay_at_or_above_their_blind_score(tmp_path, monkeypatch,
                                                                                     copy_corpus):
    if not REALDOCS.is_dir():
        pytest.skip(f"{REALDOCS} 不存在：真实标准 PDF 不随仓库分发（见 ../shared/realdocs/README.md）")
    from loaders.build import build
    from loaders.corpus_add import add_document

    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    for name in ADDED:   # as a user adds them: no number, title or status given
        add_document(corpus, REALDOCS / f"{name}.pdf", "standard")
    build(corpus)
    _, report = _score(corpus, ROUND / "ask_added.tsv")
    assert report.total == 70
    assert report.right >= 52, report.table()   # 36 when blind; 45 after session 23; 52 after session 24


def test_real_standards_of_the_blind_gold_stay_at_or_above_their_blind_score():
    read, total = gold_read(HERE / "gold" / "real-standards-blind-round1")
    # 75.0 % when blind (484/645); 98.6 % once the layout rules of session 22 read what Word numbering lost
    assert read / total >= 0.995, f"{read}/{total}"   # 643/645 after session 24
