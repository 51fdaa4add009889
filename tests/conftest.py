"""Fixtures shared by the tests of the cross-document loaders."""
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from loaders import build

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="session", autouse=True)
def bundled_build():
    """The bundled corpus built once before any test reads it (reading never builds: loaders/build.py)."""
    build.build(CORPUS)


@pytest.fixture(scope="session")
def union() -> Graph:
    """The union of the corpus documents, without the corpus-wide loaders' output (read-only)."""
    from oxrdflib import OxigraphStore

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "CORPUS_LOADERS", ())
        store, _ = build.assemble(CORPUS)
    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
