"""What changed between two builds: framework nodes, planned standards, coverage, terms, citations.

Each aspect is a query in queries/changes/*.rq whose header names the columns
that identify a row (`# key: ?notation`); the other columns are compared. The
same query runs on the previous and the current build, and rows are reported
as added, removed, or changed (same key, other values). Adding an aspect is
adding a query file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from loaders.locations import GRAPH_FILE, SUMMARY_FILE, build_root
from loaders.problems import CdtkgError

from .graph import Graph
from .runner import EmbeddedBackend
from .library import NamedQuery, parse_header

CHANGES_DIR = Path(__file__).resolve().parent / "changes"
# The order a committee reads them in; other files in the folder follow by name.
ASPECT_ORDER = ("nodes", "planned_standards", "plan_projects", "coverage", "terms", "citations", "counts")


@dataclass(frozen=True)
class Aspect:
    """One compared aspect: its query and the columns that identify a row."""

    query: NamedQuery
    key: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.query.name

    @property
    def title(self) -> str:
        return self.query.title_zh

    @property
    def columns(self) -> list[str]:
        return [c.lstrip("?") for c in self.query.returns]


@dataclass
class AspectChanges:
    """The rows of one aspect added, removed and changed between two builds."""

    aspect: Aspect
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)   # (before, after)
    before: int = 0
    after: int = 0

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass
class Changes:
    """Every aspect's changes between a previous and a current build."""

    aspects: list[AspectChanges]
    previous_built_at: float | None = None
    current_built_at: float | None = None

    @property
    def count(self) -> int:
        return sum(a.count for a in self.aspects)

    def aspect(self, name: str) -> AspectChanges:
        return next(a for a in self.aspects if a.aspect.name == name)


def aspects(directory: Path = CHANGES_DIR) -> list[Aspect]:
    """Return the compared aspects of `directory`, in reading order; a query without a
    `# key:` header raises CdtkgError naming the file."""
    found = []
    for path in sorted(directory.glob("*.rq")):
        q = parse_header(path)
        key = tuple(v.lstrip("?") for raw in q.meta.get("key", []) for v in raw.split())
        if not key or not set(key) <= {c.lstrip("?") for c in q.returns}:
            raise CdtkgError(f"{path.name}: `# key:` 须列出 `# returns:` 中标识一行的列")
        found.append(Aspect(q, key))
    rank = {name: i for i, name in enumerate(ASPECT_ORDER)}
    return sorted(found, key=lambda a: (rank.get(a.name, len(rank)), a.name))


def _keyed(graph: Graph, aspect: Aspect) -> tuple[dict[tuple, set[tuple]], int]:
    found = graph.run(aspect.query).records()
    values = [c for c in aspect.columns if c not in aspect.key]
    rows: dict[tuple, set[tuple]] = {}
    for r in found:
        rows.setdefault(tuple(r.get(c) for c in aspect.key), set()).add(tuple(r.get(c) for c in values))
    return rows, len(found)


def _row(aspect: Aspect, key: tuple, values: tuple) -> dict:
    values_cols = [c for c in aspect.columns if c not in aspect.key]
    return {**dict(zip(aspect.key, key)), **dict(zip(values_cols, values))}


def _sort_key(row: dict) -> tuple:
    return tuple("" if v is None else str(v) for v in row.values())


def compare(previous: Graph, current: Graph, directory: Path = CHANGES_DIR) -> list[AspectChanges]:
    """Return, per aspect, the rows added, removed and changed from `previous` to `current`."""
    out = []
    for aspect in aspects(directory):
        before, n_before = _keyed(previous, aspect)
        after, n_after = _keyed(current, aspect)
        result = AspectChanges(aspect, before=n_before, after=n_after)
        for key in after.keys() - before.keys():
            result.added += [_row(aspect, key, v) for v in after[key]]
        for key in before.keys() - after.keys():
            result.removed += [_row(aspect, key, v) for v in before[key]]
        for key in before.keys() & after.keys():
            if before[key] != after[key]:
                old = min(before[key] - after[key] or before[key], key=lambda v: tuple(map(str, v)))
                new = min(after[key] - before[key] or after[key], key=lambda v: tuple(map(str, v)))
                result.changed.append((_row(aspect, key, old), _row(aspect, key, new)))
        result.added.sort(key=_sort_key)
        result.removed.sort(key=_sort_key)
        result.changed.sort(key=lambda pair: _sort_key(pair[1]))
        out.append(result)
    return out


def _graph_of(folder: Path) -> Graph:
    store = ox.Store()
    store.bulk_load(path=str(folder / GRAPH_FILE), format=ox.RdfFormat.N_TRIPLES)
    return Graph(EmbeddedBackend(store, str(folder)))


def _built_at(folder: Path) -> float | None:
    try:
        return json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8")).get("built_at")
    except (OSError, ValueError):
        return None


def changes_between(previous: Path, current: Path) -> Changes:
    """Return the changes from the build folder `previous` to the build folder `current`
    (each holding graph.nt and summary.json)."""
    for folder in (previous, current):
        if not (Path(folder) / GRAPH_FILE).is_file():
            raise CdtkgError(f"构建目录 {folder} 中没有图谱文件 {GRAPH_FILE}")
    return Changes(compare(_graph_of(Path(previous)), _graph_of(Path(current))),
                   _built_at(Path(previous)), _built_at(Path(current)))


def changes_since_previous(corpus: Path) -> Changes | None:
    """Return the changes of the current build of `corpus` since the build before it,
    or None when there is no earlier build to compare with."""
    root = build_root(corpus)
    previous, current = root / "previous", root / "current"
    if not (previous / GRAPH_FILE).is_file() or not (current / GRAPH_FILE).is_file():
        return None
    return changes_between(previous, current)
