"""The graph tests read: the corpus built first (building is a separate act), then opened read-only."""
from pathlib import Path

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
