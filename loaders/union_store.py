"""The union of the documents' graphs, kept on disk between builds: one named graph per source.

Each source — the ontology, each document as parsed and cached, each derivation that reads the
union — is held as it came in a named graph of its own (`ids.graph_iri`). The default graph is
their union under union.py's single-value rules: a triple is in it while some source holds it,
except titles, preferred labels and statuses, which are resolved per subject from every source
in precedence order. Replacing or removing one source therefore touches only its triples and the
subjects it names; nothing else is read again. Each source's share of the default graph is also
kept as a file (`parts/`), so the build's `graph.nt` is written by copying bytes, not by reading
the store back.

`state.json` beside the store says which version (cache key) of which source each graph holds,
in precedence order, and which version of the union rules made the default graph (other rules:
the store is started afresh). A build marks the state dirty before it changes the store and clean when the
store is consistent again; a store found dirty (a build was interrupted) is started afresh.

Each synchronise that changes the default graph counts one generation and writes the subjects whose
triples it changed to `changes/<generation>.txt`, so that what reads the union after a build (the search
index) reads those subjects again instead of the whole graph (`changed_since`). A store started afresh
starts a new epoch: changes are never read across two epochs.
"""
from __future__ import annotations

import gc
import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from . import ids
from .problems import BuildError
from .union import ALTERNATIVE_OF, DCT_ALTERNATIVE, SKOS_ALT, STATUS, STATUS_RANK, _lang

STATE_FILE = "state.json"
STORE_DIR = "store"
PARTS_DIR = "parts"     # each source's share of the default graph, as N-Triples (write_default)
CHANGES_DIR = "changes"  # the subjects each generation changed in the default graph, one IRI a line
KEPT_CHANGES = 64        # generations whose changes are kept: a reader further behind reads everything
DEFAULT = ox.DefaultGraph()
# Resolved per subject from every source, never copied into the default graph as they come.
RESOLVED = (*ALTERNATIVE_OF, DCT_ALTERNATIVE, SKOS_ALT, STATUS)
_RESOLVED_LIST = ", ".join(str(p) for p in RESOLVED)
_RESOLVED_SET = frozenset(RESOLVED)
# Store maintenance run inside the store (a source holds up to hundreds of thousands of triples);
# the only terms written in are the source's graph name and RESOLVED, both NamedNodes.
_RETRACT = """DELETE {{ ?s ?p ?o }} WHERE {{
  GRAPH {graph} {{ ?s ?p ?o }} FILTER(?p NOT IN ({resolved}))
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }}
}}"""


def _rules_fingerprint() -> str:
    """A hash of the code that makes the default graph from the sources (this module, union.py and its query)."""
    h = hashlib.sha256()
    for name in ("union.py", "union_store.py", "sparql/undated_titles.rq"):
        h.update((Path(__file__).resolve().parent / name).read_bytes())
    return h.hexdigest()[:16]


def _open(path: Path) -> ox.Store:
    """The on-disk store at `path`. A store this process let go of may wait for the cyclic
    garbage collector (an rdflib view of it) before its folder lock is free."""
    try:
        return ox.Store(str(path))
    except OSError:
        gc.collect()
    try:
        return ox.Store(str(path))
    except OSError as e:
        raise BuildError(f"图谱存储 {path} 正被另一个进程占用，请等它结束后再构建（{e}）。") from e


class UnionStore:
    """The persisted union in `folder`: `store` (pyoxigraph, on disk) and what it holds; empty
    when `fresh`, or when the last build left it dirty."""

    def __init__(self, folder: Path, fresh: bool = False):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        state = self._read_state()
        if fresh or state is None or state.get("dirty") or state.get("rules") != _rules_fingerprint():
            for part in (STORE_DIR, PARTS_DIR, CHANGES_DIR):
                shutil.rmtree(self.folder / part, ignore_errors=True)
            state = {"sources": {}}
        if not state.get("epoch"):
            shutil.rmtree(self.folder / CHANGES_DIR, ignore_errors=True)
            state.update(epoch=uuid.uuid4().hex, generation=0)
        (self.folder / PARTS_DIR).mkdir(exist_ok=True)
        (self.folder / CHANGES_DIR).mkdir(exist_ok=True)
        self.sources: dict[str, str] = state["sources"]     # source name → key, in precedence order
        self._changed: set = set()                          # subjects changed by the synchronise under way
        self.epoch: str = state["epoch"]
        self.generation: int = state["generation"]
        self.store = _open(self.folder / STORE_DIR)

    def _read_state(self) -> dict | None:
        try:
            return json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _write_state(self, dirty: bool) -> None:
        tmp = self.folder / f"{STATE_FILE}.tmp"
        state = {"dirty": dirty, "rules": _rules_fingerprint(), "sources": self.sources,
                 "epoch": self.epoch, "generation": self.generation}
        tmp.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.folder / STATE_FILE)

    def holds(self, name: str, key: str) -> bool:
        """True when source `name` is held in version `key`."""
        return self.sources.get(name) == key

    def synchronise(self, wanted: list[tuple[str, str, Path | Iterable[ox.Triple]]]) -> list[str]:
        """Make the store hold exactly the sources `wanted` — (name, key, RDF file or triples), in
        precedence order — replacing only those whose key changed and dropping those no longer
        wanted; returns the names of the sources added, replaced or dropped."""
        names = [name for name, _, _ in wanted]
        changed = [name for name, key, _ in wanted if self.sources.get(name) != key]
        dropped = [name for name in self.sources if name not in names]
        if not changed and not dropped and list(self.sources) == names:
            return []
        self._write_state(dirty=True)
        touched: set = set()
        self._changed = set()
        for name in dropped:
            touched |= self._retract(name)
        for name, key, source in wanted:
            if name in changed:
                touched |= self._add(name, source)
        kept = [name for name in self.sources if name in names]
        if kept != [name for name in names if name in kept]:     # the precedence itself changed
            touched |= {q.subject for p in RESOLVED for q in self.store.quads_for_pattern(None, p, None, None)}
        self.sources = {name: key for name, key, _ in wanted}
        self._resolve(touched)
        self.store.flush()
        self._write_changes(self._changed | touched)
        self._write_state(dirty=False)
        return [*dropped, *changed]

    def _write_changes(self, subjects: set) -> None:
        """Count one generation and write the IRIs of `subjects` as its changes; drop the changes of
        generations older than KEPT_CHANGES."""
        self.generation += 1
        folder = self.folder / CHANGES_DIR
        tmp = folder / f"{self.generation}.tmp"
        tmp.write_text("".join(f"{s.value}\n" for s in subjects if isinstance(s, ox.NamedNode)), encoding="utf-8")
        tmp.replace(folder / f"{self.generation}.txt")
        (folder / f"{self.generation - KEPT_CHANGES}.txt").unlink(missing_ok=True)

    def mark(self) -> dict:
        """Which state of the store this is: {"epoch", "generation"} (see changed_since)."""
        return {"epoch": self.epoch, "generation": self.generation}

    def _retract(self, name: str) -> set:
        """Drop source `name`: its graph, and the default-graph triples no other source holds;
        returns the subjects whose resolved properties it named."""
        graph = ids.graph_iri(name)
        touched = self._resolved_subjects(graph)
        self._changed |= {q.subject for q in self.store.quads_for_pattern(None, None, None, graph)}
        self.store.update(_RETRACT.format(graph=graph, resolved=_RESOLVED_LIST))
        self.store.remove_graph(graph)
        self._part(name).unlink(missing_ok=True)
        return touched

    def _add(self, name: str, source: Path | Iterable[ox.Triple]) -> set:
        """Hold source `name` — new, or a new version of one held — in its graph and its triples in the default
        graph (resolved properties aside), and write its share of the default graph; returns the subjects whose
        resolved properties it names (in the old version or the new)."""
        if isinstance(source, Path) and self._mostly_new(name, source):
            return self._load(name, source)
        graph = ids.graph_iri(name)
        if isinstance(source, Path):
            source = ox.parse(path=str(source), format=ox.RdfFormat.from_extension(source.suffix.lstrip(".")))
        new = {ox.Quad(t.subject, t.predicate, t.object, graph) for t in source}
        old = set(self.store.quads_for_pattern(None, None, None, graph)) if name in self.sources else set()
        # A new version of a document or a derivation differs from the last in a few triples: only those move.
        removed, added = old - new, new - old
        self._changed |= {q.subject for q in removed} | {q.subject for q in added}
        for q in removed:
            self.store.remove(q)
            if q.predicate not in RESOLVED and not any(
                    o.graph_name != DEFAULT for o in self.store.quads_for_pattern(q.subject, q.predicate, q.object, None)):
                self.store.remove(ox.Quad(q.subject, q.predicate, q.object, DEFAULT))
        # bulk: three times faster on 10,000 projects, and not atomic, which the dirty mark covers
        self.store.bulk_extend(added)
        shared = [ox.Triple(q.subject, q.predicate, q.object) for q in new if q.predicate not in RESOLVED]
        self.store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object, DEFAULT) for q in added
                                if q.predicate not in RESOLVED])
        tmp = self._part(name).with_suffix(".tmp")
        ox.serialize(shared, str(tmp), format=ox.RdfFormat.N_TRIPLES)
        tmp.replace(self._part(name))
        return {q.subject for q in removed | added if q.predicate in RESOLVED}

    def _mostly_new(self, name: str, source: Path) -> bool:
        """Whether the N-Triples file `source` holds more than twice the triples of the version of `name`
        held (or none is): then the old version is dropped and the new one loaded by the store itself, which
        costs less than comparing the two triple by triple in Python (a plan list imported the first time)."""
        if source.suffix != ".nt":
            return False
        if name not in self.sources:
            return True
        held = self.store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ids.graph_iri(name)} {{ ?s ?p ?o }} }}")
        with open(source, "rb") as f:
            return 2 * int(next(iter(held))["n"].value) < sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))

    def _load(self, name: str, source: Path) -> set:
        """`_add` by the store's bulk loader: the version held (if any) retracted, the N-Triples file `source`
        loaded into the source's graph and its share into the default graph; returns what `_add` returns."""
        graph = ids.graph_iri(name)
        touched = self._retract(name) if name in self.sources else set()
        self.store.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        tmp = self._part(name).with_suffix(".tmp")
        ox.serialize((t for t in ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES)
                      if t.predicate not in _RESOLVED_SET), str(tmp), format=ox.RdfFormat.N_TRIPLES)
        self.store.bulk_load(path=str(tmp), format=ox.RdfFormat.N_TRIPLES, to_graph=DEFAULT)
        tmp.replace(self._part(name))
        self._changed |= {row["s"] for row in self.store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")}
        return touched | self._resolved_subjects(graph)

    def _part(self, name: str) -> Path:
        """The file of source `name`'s share of the default graph (its triples, resolved properties aside)."""
        return self.folder / PARTS_DIR / (hashlib.sha256(name.encode()).hexdigest()[:16] + ".nt")

    def write_default(self, path: Path) -> None:
        """Write the default graph (the union) to `path` as N-Triples: each source's share as written when it
        came in, then the resolved properties — bytes copied, not the store read, so the cost is the file's
        size. A triple several sources hold appears once per source, which N-Triples readers merge."""
        with open(path, "wb") as out:
            for name in self.sources:
                with open(self._part(name), "rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
            out.write(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for p in RESOLVED
                                    for q in self.store.quads_for_pattern(None, p, None, DEFAULT)),
                                   format=ox.RdfFormat.N_TRIPLES))

    def _resolved_subjects(self, graph: ox.NamedNode) -> set:
        """The subjects graph `graph` gives a resolved property (title, label, status)."""
        return {q.subject for p in RESOLVED for q in self.store.quads_for_pattern(None, p, None, graph)}

    def _resolve(self, subjects: set) -> None:
        """Recompute the resolved properties of `subjects` in the default graph: one title and one
        preferred label per language — the first source's, in precedence order — the others kept
        as dcterms:alternative / skos:altLabel; and the status of highest rank."""
        rank = {ids.graph_iri(name): i for i, name in enumerate(self.sources)}
        resolved = []   # added in one call: a store call per subject is most of the time for 10,000 projects
        for s in subjects:
            held = []
            for p in RESOLVED:   # a lookup per property: a project's other triples are not read
                for q in list(self.store.quads_for_pattern(s, p, None, None)):
                    if q.graph_name == DEFAULT:
                        self.store.remove(q)
                    elif q.graph_name in rank:
                        held.append(q)
            out = {ox.Quad(s, q.predicate, q.object, DEFAULT) for q in held
                   if q.predicate in (DCT_ALTERNATIVE, SKOS_ALT)}
            for p, alternative in ALTERNATIVE_OF.items():
                values = sorted((rank[q.graph_name], str(q.object), q.object) for q in held if q.predicate == p)
                first: dict = {}
                for _, _, o in values:
                    chosen = first.setdefault(_lang(o), o)
                    out.add(ox.Quad(s, p if chosen == o else alternative, o, DEFAULT))
            statuses = [(-STATUS_RANK.get(q.object.value, -1), rank[q.graph_name], q.object)
                        for q in held if q.predicate == STATUS]
            if statuses:
                out.add(ox.Quad(s, STATUS, min(statuses, key=lambda x: x[:2])[2], DEFAULT))
            resolved.extend(out)
        self.store.bulk_extend(resolved)

    def default_graph_size(self) -> int:
        """The number of triples in the default graph (the union)."""
        return int(next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def changed_since(folder: Path, since: dict | None, until: dict) -> set[str] | None:
    """The IRIs of the subjects whose default-graph triples changed from state `since` of the union in
    `folder` to state `until` (marks as UnionStore.mark gives them); None when they cannot be told — other
    epochs, `since` later than `until`, or the changes of a generation between them no longer kept."""
    if not since or since.get("epoch") != until.get("epoch") or since.get("generation", 0) > until["generation"]:
        return None
    changed: set[str] = set()
    for generation in range(since["generation"] + 1, until["generation"] + 1):
        try:
            text = (Path(folder) / CHANGES_DIR / f"{generation}.txt").read_text(encoding="utf-8")
        except OSError:
            return None
        changed.update(text.split())
    return changed


def read_mark(folder: Path) -> dict | None:
    """The mark of the union in `folder` as its state file says, when the store is consistent (not dirty)."""
    try:
        state = json.loads((Path(folder) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("dirty") or state.get("rules") != _rules_fingerprint() or not state.get("epoch"):
        return None
    return {"epoch": state["epoch"], "generation": state["generation"]}
