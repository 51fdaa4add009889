"""How a blind round's floors are measured (tests/blind/*/README.md); each round's test states its own floors."""
from pathlib import Path

import pytest

from built import built_graph, built_index
from loaders.build import DEFAULT_CORPUS, build
from queries.ask.blind_sets import DocumentNames, read_questions, read_search, score_questions, score_search


def question_report(corpus: Path, questions: Path):
    """The score of the questions file `questions` asked of `corpus` (built, with its search index)."""
    from queries.ask.pipeline import Asker

    graph = built_graph(corpus)
    built_index(corpus)
    return score_questions(Asker(graph), read_questions(questions))


def search_figures(judgments: Path) -> tuple[int, dict]:
    """(number of judged queries, success@5 and MRR figures) of `judgments` on the bundled corpus."""
    from queries.search import Search

    read = read_search(judgments)
    built_index(DEFAULT_CORPUS)
    report = score_search(Search.for_corpus(DEFAULT_CORPUS), read, DocumentNames(built_graph()))
    return len(read), report.figures()


def corpus_with_added(folder: Path, copy_corpus, files: list[Path]) -> Path:
    """A built copy of the bundled corpus at `folder` with `files` added as a user adds them (no number,
    title or status given); the caller points CDTKG_HOME at a folder of its own first."""
    from loaders.corpus_add import add_document

    corpus = copy_corpus(folder)
    for f in files:
        add_document(corpus, f, "standard")
    build(corpus)
    return corpus


def report_on_added(tmp_path: Path, monkeypatch, copy_corpus, files: list[Path], questions: Path, where: str):
    """The score of `questions` on a copy of the bundled corpus with `files` added, built in a home of its
    own under `tmp_path`; skips the test when a file is absent (third-party texts are not in the repository:
    `where` says where they are listed)."""
    missing = [f for f in files if not f.is_file()]
    if missing:
        pytest.skip(f"没有 {missing[0]} 等 {len(missing)} 份标准的文本：第三方文本不随仓库分发（见 {where}）")
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    return question_report(corpus_with_added(tmp_path / "corpus", copy_corpus, files), questions)
