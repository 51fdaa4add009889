"""Where the project keeps things — its corpus, its ontology, the builds of every corpus — and how a
build is opened and locked (reading a build needs none of the loaders that make one)."""
from __future__ import annotations

import fcntl
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from .problems import BuildError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "cdt.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
GRAPH_FILE = "graph.nt"
SUMMARY_FILE = "summary.json"
UNION_MARK_FILE = "union.json"   # which state of the persisted union a build's graph is (loaders/union_store.py)


def build_home() -> Path:
    """The folder holding the builds of every corpus (CDTKG_HOME, default `build/`)."""
    return Path(os.environ.get("CDTKG_HOME", PROJECT_ROOT / "build"))


def build_root(corpus: Path) -> Path:
    """The folder holding every build of `corpus`, kept apart from other corpora's."""
    corpus = Path(corpus).resolve()
    tag = hashlib.sha1(str(corpus).encode()).hexdigest()[:8]
    return build_home() / f"{corpus.name}-{tag}"


def union_folder(corpus: Path) -> Path:
    """The folder of the persisted union of `corpus`'s documents (loaders/union_store.py)."""
    return build_root(corpus) / "union"


@contextmanager
def directory_lock(directory: Path):
    """Hold an exclusive lock on `directory` (its .lock file) until the block ends."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def corpus_lock(corpus: Path):
    """Hold the build lock of one corpus: concurrent builds (app and command line) take turns."""
    return directory_lock(build_root(corpus))


def current_graph_file(corpus: Path = DEFAULT_CORPUS) -> Path:
    """The N-Triples file of the current build of `corpus` (never builds: raises BuildError when there is none)."""
    path = build_root(corpus) / "current" / GRAPH_FILE
    if not path.is_file():
        raise BuildError(f"语料 {corpus} 还没有构建：请先运行 `cdtkg build`（--corpus {corpus}）。")
    return path


def load_store(corpus: Path = DEFAULT_CORPUS) -> ox.Store:
    """An in-memory pyoxigraph store holding the current build of `corpus`."""
    store = ox.Store()
    graph = current_graph_file(corpus)
    try:
        store.load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as e:
        raise BuildError(f"构建目录中的图谱文件 {graph} 已损坏（{e}）：运行 `cdtkg build --force` 重建。") from e
    return store
