"""Fixtures shared by the tests of the cross-document loaders, and copies of the bundled corpus."""
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from loaders import build

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true", default=False,
                     help="rewrite tests/snapshots/ from what the build gives now (tests/test_snapshots.py), "
                          "so that an intended change of behaviour is a diff to review")


def pytest_xdist_auto_num_workers(config) -> int:
    """The number of workers `-n auto` (pyproject's addopts) starts: one more than the cores this process may use. The browser tests
    spend most of their time waiting for Chromium and the Streamlit server; a third worker on two cores runs the
    rest of the suite in that time."""
    return len(os.sched_getaffinity(0)) + 1


@pytest.fixture(scope="session", autouse=True)
def bundled_build():
    """The bundled corpus and its search index built once before any test reads them (reading
    never builds: loaders/build.py; answers read passages from the index)."""
    from queries.search_index import ensure_index

    build.build(CORPUS)
    ensure_index(CORPUS)


@pytest.fixture(scope="session")
def union() -> Graph:
    """The union of the corpus documents, without the corpus-wide loaders' output (read-only)."""
    from oxrdflib import OxigraphStore

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "CORPUS_LOADERS", ())
        store, _ = build.assemble(CORPUS)
    return Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)


@pytest.fixture(scope="session")
def parsed_documents() -> Path:
    """The document cache of the bundled corpus's own build, made once for the session."""
    build.build(CORPUS)
    return build.build_root(CORPUS) / "documents"


@pytest.fixture(scope="session")
def copy_corpus(parsed_documents):
    """`copy_corpus(dest)`: a copy of the bundled corpus at `dest`, returned, whose builds in the
    build home CDTKG_HOME names at the call reuse what the bundled corpus's build parsed. A cache
    entry is keyed by what its parse reads, never by the folder, so a copy's first build re-parses
    exactly what a test changed and pays for the union, not for five parses and validations."""

    def copy(dest: Path) -> Path:
        shutil.copytree(CORPUS, dest)
        with build.directory_lock(parsed_documents.parent):  # the build lock of the bundled corpus
            shutil.copytree(parsed_documents, build.build_root(dest) / "documents",
                            ignore=shutil.ignore_patterns("*.tmp", ".lock"))
        return dest

    return copy


@pytest.fixture
def corpus_with_table(tmp_path):
    """`corpus_with_table(file, columns, rows)`: `tmp_path` holding the one CSV table `file`, headed by the
    table's `columns` (loaders/curated_table.py reads no other header) and with its rows as given (a damaged
    curated table for the loader that reads it), returned."""

    def write(file: str, columns: tuple[str, ...], rows: list[str]) -> Path:
        (tmp_path / file).write_text("\n".join([",".join(columns), *rows]) + "\n", encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture(scope="session")
def engine():
    """The bundled corpus's current build, opened read-only (a module reading another corpus defines its own)."""
    from built import built_graph

    return built_graph()


@pytest.fixture(scope="session")
def asker(engine):
    """The question answerer over the bundled corpus's build."""
    from queries.ask import asker_for

    return asker_for(engine)
