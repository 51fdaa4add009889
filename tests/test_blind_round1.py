"""The blind sets of round 1 (tests/blind/round1/README.md) do not fall below what they scored when blind.

These floors guard against regressions; the issues' targets (90 % and more) are far above them.
"""
from pathlib import Path

from blind_rounds import question_report, report_on_added, search_figures
from built import gold_read
from loaders.build import DEFAULT_CORPUS

HERE = Path(__file__).resolve().parent
ROUND = HERE / "blind" / "round1"
REALDOCS = HERE.parent.parent / "shared" / "realdocs"
ADDED = ("ttaf-083-2022", "gbt-18894-2016", "dat-104-2024", "dat-95-2022", "dat-92-2022")


def test_questions_on_the_bundled_documents_stay_at_or_above_their_blind_score():
    report = question_report(DEFAULT_CORPUS, ROUND / "ask_bundled.tsv")
    assert report.total == 110
    assert report.right >= 78, report.table()   # 51 when blind; 75 on session 23's ask branch, 74 once merged; 77 after session 24; 78 after session 25


def test_searches_on_the_bundled_documents_stay_at_or_above_their_blind_score():
    count, figures = search_figures(ROUND / "search_bundled.tsv")
    assert count == 50
    assert figures["success_at_5"] >= 0.64 and figures["mrr"] >= 0.52, figures


def test_questions_on_added_published_standards_stay_at_or_above_their_blind_score(tmp_path, monkeypatch,
                                                                                     copy_corpus):
    report = report_on_added(tmp_path, monkeypatch, copy_corpus, [REALDOCS / f"{name}.pdf" for name in ADDED],
                             ROUND / "ask_added.tsv", "../shared/realdocs/README.md")
    assert report.total == 70
    assert report.right >= 53, report.table()   # 36 when blind; 45 after session 23; 52 after session 24; 53 after session 25


def test_real_standards_of_the_blind_gold_stay_at_or_above_their_blind_score():
    read, total = gold_read(HERE / "gold" / "real-standards-blind-round1")
    # 75.0 % when blind (484/645); 98.6 % once the layout rules of session 22 read what Word numbering lost
    assert read / total >= 0.995, f"{read}/{total}"   # 643/645 after session 24
