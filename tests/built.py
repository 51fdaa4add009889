"""The graph tests read: the corpus built first (building is a separate act), then opened read-only."""
from pathlib import Path

import rdflib

from loaders import build as B
from loaders.build import DEFAULT_CORPUS, build
from queries.graph import Graph


def built_graph(corpus: Path = DEFAULT_CORPUS, **options) -> Graph:
    """Build `corpus` (reusing the current build when nothing changed) and return its Graph."""
    build(Path(corpus))
    return Graph.open(Path(corpus), **options)


def built_index(corpus: Path = DEFAULT_CORPUS):
    """Build `corpus` and bring its search index up to date; returns ensure_index's (folder, update)."""
    from queries.search_index import ensure_index

    build(Path(corpus))
    return ensure_index(Path(corpus))


def gold_read(folder: Path) -> tuple[int, int]:
    """(facts read, facts in all) of the gold files of `folder` whose texts are in the text cache; skips the
    test when none is (third-party texts are not in the repository)."""
    import pytest

    from app.gold_score import score_folder, texts_dir

    scores = [s for s in score_folder(folder, texts_dir()) if not s.skipped]
    if not scores:
        pytest.skip(f"没有一份金标准文件的文本在 {texts_dir()}：第三方文本不随仓库分发（见 {folder}/INDEX.md）")
    return sum(sum(f.ok for f in s.facts) for s in scores), sum(len(s.facts) for s in scores)


def parsed_during(monkeypatch, action) -> list[str]:
    """The manifest ids `load_document` parsed while `action()` ran."""
    parsed = []
    real = B.load_document

    def spy(entry, corpus):
        parsed.append(entry.id)
        return real(entry, corpus)

    monkeypatch.setattr(B, "load_document", spy)
    action()
    monkeypatch.setattr(B, "load_document", real)
    return parsed


def current_graph(corpus) -> rdflib.Graph:
    """The current build's graph of `corpus`, as an rdflib Graph."""
    return rdflib.Graph().parse(B.build_root(corpus) / "current" / B.GRAPH_FILE, format="nt")
