"""Where the project keeps things: its corpus, its ontology, and the builds of every corpus."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "cdt.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"


def build_home() -> Path:
    """The folder holding the builds of every corpus (CDTKG_HOME, default `build/`)."""
    return Path(os.environ.get("CDTKG_HOME", PROJECT_ROOT / "build"))
