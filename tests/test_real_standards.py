"""Real standards from outside the corpus, read as a new user would (`cdtkg add`, then the build step).

Each gold file in tests/gold/real-standards/ holds the facts a person read in one
third-party text; the text itself stays out of the repository (the text cache,
`~/.cache/cdtkg/realtexts/` or `CDTKG_REALTEXTS`; `text.origin` says where to get it).
A document whose text is absent is skipped with the reason. `CDTKG_GOLD_DIR` points
the same scorer at another gold folder (the blind set).
"""
from pathlib import Path

import pytest

from app.gold_score import TARGET, gold_dir, score_gold_file, table, texts_dir

GOLD = sorted(gold_dir().glob("*.json"))


@pytest.fixture(scope="module")
def scores():
    return {}


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_each_real_standard_reads_at_least_95_percent_of_its_gold_facts(path: Path, scores):
    score = score_gold_file(path, texts_dir())
    scores[path.stem] = score
    if score.skipped:
        pytest.skip(score.skipped)
    missed = "\n".join(f"  {f.category}: {f.expected}" for f in score.missed())
    assert score.rate >= TARGET, f"{score.id}: {score.rate:.1%} of {len(score.facts)} facts read; missed:\n{missed}"


def test_report_per_document_and_per_kind(scores, capsys):
    if not scores:
        pytest.skip("no gold document was scored in this run")
    with capsys.disabled():
        print("\n" + table(list(scores.values())))


def test_gold_files_follow_the_schema():
    assert GOLD, f"no gold files in {gold_dir()}"
    import json

    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["id"] == path.stem
        assert gold["kind"] in ("national", "industry", "local", "group", "enterprise", "draft", "other")
        assert gold["text"]["file"] and gold["text"]["origin"], path.name
        assert "number" in gold["facts"], path.name
