"""Every blind round's sets (tests/blind/round*/) stay at or above the floors in the round's floors.toml.

A round is a folder: its question and search files, a README saying how it was written and scored, and its
floors — what it scored when blind, raised as later work beat it. Adding a round adds a folder, not a test.
"""
import tomllib
from pathlib import Path

import pytest

from blind_rounds import question_report, report_on_added, search_figures
from built import gold_read
from loaders.build import DEFAULT_CORPUS

HERE = Path(__file__).resolve().parent
FLOORS = {folder.name: tomllib.loads((folder / "floors.toml").read_text(encoding="utf-8"))
          for folder in sorted((HERE / "blind").glob("round*"))}


def rounds_with(part: str) -> list[pytest.param]:
    """The rounds that have `part` (bundled, search, added, gold), each with its floors of that part."""
    return [pytest.param(name, table[part], id=name) for name, table in FLOORS.items() if part in table]


def texts_folder(where: str) -> Path:
    """The folder holding a round's added texts: the published PDFs beside the project, or the text cache."""
    from app.gold_score import texts_dir

    return HERE.parent.parent / "shared" / "realdocs" if where == "realdocs" else texts_dir()


@pytest.mark.parametrize("round_name, floor", rounds_with("bundled"))
def test_questions_on_the_bundled_documents_stay_at_or_above_the_floor(round_name, floor):
    report = question_report(DEFAULT_CORPUS, HERE / "blind" / round_name / "ask_bundled.tsv")
    assert report.total == floor["questions"]
    assert report.right >= floor["right"], report.table()


@pytest.mark.parametrize("round_name, floor", rounds_with("search"))
def test_searches_on_the_bundled_documents_stay_at_or_above_the_floor(round_name, floor):
    count, figures = search_figures(HERE / "blind" / round_name / "search_bundled.tsv")
    assert count == floor["queries"]
    assert figures["success_at_5"] >= floor["success_at_5"] and figures["mrr"] >= floor["mrr"], figures


@pytest.mark.parametrize("round_name, floor", rounds_with("added"))
def test_questions_on_added_real_standards_stay_at_or_above_the_floor(round_name, floor, tmp_path, monkeypatch,
                                                                      copy_corpus):
    files = [texts_folder(floor["texts"]) / name for name in floor["documents"]]
    report = report_on_added(tmp_path, monkeypatch, copy_corpus, files, HERE / "blind" / round_name / "ask_added.tsv",
                             floor["listed_in"])
    assert report.total == floor["questions"]
    assert report.right >= floor["right"], report.table()


@pytest.mark.parametrize("round_name, floor", rounds_with("gold"))
def test_real_standards_of_the_blind_gold_stay_at_or_above_the_floor(round_name, floor):
    read, total = gold_read(HERE / "gold" / floor["folder"])
    assert read / total >= floor["rate"], f"{read}/{total}"
