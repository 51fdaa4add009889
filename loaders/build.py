"""Build the graph: corpus → per-document graphs → union → checks → persisted build.

Each document is parsed and validated on its own (a small rdflib graph, so
pyshacl stays fast and memory stays flat as the corpus grows) and cached under
a key of what its parse reads: its bytes, its own manifest row, the curated
tables its loader reads, the loader code and the ontology. The union is kept on
disk between builds (loaders/union_store.py: one named graph per document), so a
change to one document re-parses and re-places that one alone. A document that
does not parse, or whose own graph violates the shapes, is left out and named in
the summary. A build is written to a
fresh folder and swapped in only when it succeeded, so a failed build never
touches the last good one.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import Graph

from . import (alignment, coverage, ctmm, design_method, explanatory_note, gbt_document, guideline, ids,
               plan_projects, reference_model)
from . import union as union_rules
from .answer_tables import write_tables
from .corpus_validation import report_from_records
from .locations import (DEFAULT_CORPUS, GRAPH_FILE, ONTOLOGY, ONTOLOGY_DIR, PROJECT_ROOT, SUMMARY_FILE,  # noqa: F401
                        UNION_MARK_FILE, build_home, build_root, corpus_lock, current_graph_file, directory_lock,
                        load_store, union_folder)
from .manifest import MANIFEST, Entry, read_manifest
from .union_store import UnionStore
from .problems import BuildError, CorpusError, LoadResult, Problem, Severity, SourceParseError
from .source_document import read_source
from .shape_evaluator import validate_core
from .validation_changes import changed_subjects, revalidate


# Which loader reads which kind of manifest entry.
DOCUMENT_LOADERS: dict[str, Callable] = {
    "standard": gbt_document.load_gbt_document,
    "guideline": guideline.load_guideline,
    "note": explanatory_note.load_explanatory_note,
}
# Model loaders run on every ingested standard whose content they recognise (`applies_to`); each is
# given what the GB/T loader made of the document (its LoadResult: the graph and the parsed clause tree).
MODEL_LOADERS = (
    (ctmm.applies_to, ctmm.load_ctmm),
    (reference_model.applies_to, reference_model.load_reference_model),
    (design_method.applies_to, design_method.load_design_method),
)
# The curated tables of the corpus folder each kind of document's loaders read (organization
# aliases in drafting front matter; the roadmap's topic nodes): a change to one re-parses only those.
DOCUMENT_TABLES = {
    "standard": ("organization_aliases.csv",),
    "guideline": ("organization_aliases.csv", "roadmap_topic_nodes.csv"),
    "note": ("organization_aliases.csv",),
}
# Modules that run on the union after every document is parsed: not part of a document's cache key.
UNION_MODULES = frozenset({"build", "union", "union_store", "answer_tables", "alignment", "coverage", "checks", "corpus_validation",
                           "export", "corpus_add", "synthetic_corpus", "label_similarity", "validation_changes",
                           "plan_projects", "plan_import", "plan_sheet", "shape_evaluator"})
# Derived sources of the union, in precedence order after the documents.
UNDATED, CORPUS_WIDE, PROJECTS = "(undated titles)", "(corpus)", "(plan projects)"
# Loaders that read the union of all documents (alignment, coverage).
CORPUS_LOADERS: tuple[Callable, ...] = (
    alignment.load_alignment,
    coverage.load_coverage,
)
# The tables the projects of the plan list (loaders/plan_projects.py) read: they are a derivation of their own,
# made again when these or the documents' nodes they name change, so that adding a document does not make
# 10,000 projects again. Alignment and coverage read every table but the manifest.
PROJECT_TABLES = (plan_projects.PLAN_FILE, "organization_aliases.csv")


@dataclass
class BuildSummary:
    """What a build made: counts, problems, validation findings, timings."""

    corpus: str
    fingerprint: str
    triples: int
    classes: dict[str, int]
    documents: list[dict]
    problems: list[dict] = field(default_factory=list)
    validation: dict = field(default_factory=dict)
    seconds: float = 0.0
    reused: bool = False
    built_at: float = 0.0
    left_out: list[dict] = field(default_factory=list)   # documents that did not parse: id, file, problems

    @property
    def violations(self) -> int:
        return int(self.validation.get("violations", 0))




def _hash_files(paths: Iterable[Path], h=None):
    h = h or hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h


def code_fingerprint() -> str:
    """A hash of everything that turns a corpus into a graph: loaders (with the queries they run), ontology, checks."""
    files = [
        *(PROJECT_ROOT / "loaders").rglob("*.py"),
        *(PROJECT_ROOT / "loaders").rglob("*.rq"),
        *ONTOLOGY_DIR.glob("*.ttl"),
        *(ONTOLOGY_DIR / "checks").glob("*.rq"),
        *(ONTOLOGY_DIR / "checks").glob("*.tsv"),
    ]
    return _hash_files(files).hexdigest()


def document_code_fingerprint() -> str:
    """A hash of the code that parses and validates one document: the readers and loaders and the
    ontology with its shapes — not the steps that run on the union after it."""
    files = [p for p in (PROJECT_ROOT / "loaders").rglob("*.py") if p.stem not in UNION_MODULES]
    return _hash_files([*files, *ONTOLOGY_DIR.glob("*.ttl")]).hexdigest()


def corpus_fingerprint(corpus: Path, code: str | None = None) -> str:
    """A hash of the corpus folder (every file) and the code: equal means nothing changed."""
    h = hashlib.sha256((code or code_fingerprint()).encode())
    for p in sorted(Path(corpus).iterdir()):
        if p.is_file() and not p.name.endswith(".tmp"):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def document_key(entry: Entry, corpus: Path, code: str) -> str:
    """The cache key of one document's graph: its bytes, its own manifest row, the curated tables
    its loader reads (DOCUMENT_TABLES) and `code` — never another document or the whole manifest."""
    h = hashlib.sha256(code.encode())
    h.update(json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True).encode())
    h.update((Path(corpus) / entry.file).read_bytes())
    for name in DOCUMENT_TABLES.get(entry.kind, ()):
        table = Path(corpus) / name
        h.update(name.encode())
        h.update(table.read_bytes() if table.is_file() else b"")
    return h.hexdigest()[:16]


def load_document(entry: Entry, corpus: Path) -> LoadResult:
    """Parse one manifest entry with its document loader and every model loader that applies."""
    path = Path(corpus) / entry.file
    result = LoadResult()
    loader = DOCUMENT_LOADERS.get(entry.kind)
    if loader is None:
        result.error(entry.file, None, f"没有读取 {entry.kind} 类文档的加载器（可用的类型：{'、'.join(DOCUMENT_LOADERS)}）")
        return result
    try:
        source = read_source(path)
    except SourceParseError:
        source = None   # each loader reports an unreadable file its own way (a guide keeps its title)
    try:
        result.merge(loader(path, entry, source))
    except SourceParseError as e:
        result.error(entry.file, e.line, e.reason)
        return result
    except Exception as e:  # a loader bug on odd input must not take the build down silently
        result.error(entry.file, None, f"解析时出错（{type(e).__name__}: {e}）")
        return result
    if entry.kind != "standard":
        return result
    doc = ids.entry_iri(entry)
    loaded = LoadResult(result.graph, tree=result.tree)
    for applies_to, load in MODEL_LOADERS:
        try:
            if applies_to(doc, loaded):
                result.merge(load(doc, loaded, entry, source or path))
        except Exception as e:
            result.error(entry.file, None, f"{load.__module__} 解析时出错（{type(e).__name__}: {e}）")
    return result


def _validate(graph: Graph) -> dict:
    """Validate one document graph; returns the JSON-able report. pySHACL's findings, worked out by
    loaders/shape_evaluator.py in half its time (0.1–0.35 s a document: a tenth of adding one at 1×, a
    third of each document's cost in a cold build); pySHACL itself when a shape uses a kind it does not know."""
    return json.loads(validate_core(graph).to_json())


def _validate_version(cache: Path, name: str, graph: Graph, written: Path) -> dict:
    """The validation report of a new version of source `name`, written to `written`: a derivation whose
    last version is cached is validated by the resources that changed (loaders/validation_changes.py),
    anything else whole (loaders/shape_evaluator.py)."""
    if name.startswith("("):
        for previous in cache.glob(f"{name}.*.json"):
            try:
                record = json.loads(previous.read_text(encoding="utf-8"))
            except ValueError:
                continue
            if previous.with_suffix(".nt").is_file():
                changed, subjects = changed_subjects(previous.with_suffix(".nt"), written)
                return revalidate(graph, changed, subjects, record["validation"])
        return json.loads(validate_core(graph).to_json())
    return _validate(graph)


def _cached(cache: Path, name: str, key: str, produce: Callable[[], LoadResult], record: dict) -> tuple[Path, dict]:
    """Return the N-Triples file and record cached as `name`.`key`, producing them only when missing."""
    nt, meta = cache / f"{name}.{key}.nt", cache / f"{name}.{key}.json"
    if nt.is_file() and meta.is_file():
        try:
            return nt, json.loads(meta.read_text(encoding="utf-8"))
        except ValueError:   # a cache file cut short (interrupted, disk full): parse again
            pass
    started = time.perf_counter()
    result = produce()
    tmp = nt.with_suffix(f".{os.getpid()}.tmp")
    result.graph.serialize(tmp, format="nt", encoding="utf-8")
    validation = _validate_version(cache, name, result.graph, tmp)
    for old in cache.glob(f"{name}.*"):
        if old != tmp:
            old.unlink()
    tmp.replace(nt)
    record = {
        **record,
        "triples": len(result.graph),
        "seconds": round(time.perf_counter() - started, 3),
        "problems": [_problem_json(p) for p in result.problems],
        "validation": validation,
    }
    meta.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return nt, record


def _blocking(record: dict) -> list[dict]:
    """The problems that keep a document out of the union: its parse errors, and the shape violations
    of its own graph (a reader's odd output on one document must not fail everyone's build)."""
    errors = [p for p in record["problems"] if p["severity"] == Severity.ERROR.value]
    violations = [{"severity": Severity.ERROR.value, "file": record["file"], "line": r.get("source_line"),
                   "message": f"读出的内容不符合图谱约束：{r.get('label') or r.get('focus')}"
                              f"{('（' + r['locator'] + '）') if r.get('locator') else ''}：{r['message']}"}
                  for r in (record.get("validation") or {}).get("results", []) if r.get("severity") == "violation"]
    return errors + violations


def _problem_json(p: Problem) -> dict:
    return {"severity": p.severity.value, "file": p.file, "line": p.line, "message": p.message}


def assemble(corpus: Path, progress: Callable[[Iterable, int], Iterable] | None = None) -> tuple[ox.Store, list[dict]]:
    """The union of `corpus` as a build makes it (reusing cached documents), in an in-memory store
    of its own, and the per-document records; the persisted union is let go of."""
    store = ox.Store()
    with corpus_lock(Path(corpus)):     # the on-disk union is one build's at a time
        union, records = assemble_union(corpus, progress)
        store.load(union.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()),
                   format=ox.RdfFormat.N_TRIPLES)
        del union
        release_union()
    return store, records


def assemble_union(corpus: Path, progress: Callable[[Iterable, int], Iterable] | None = None,
                   force: bool = False) -> tuple[UnionStore, list[dict]]:
    """Parse (or reuse) every document, bring the persisted union up to date and return it with
    the per-document records. A document whose parse reported an error is left out of the union
    (its record says so, `left_out`); the others are built without it. `force` parses every
    document again and starts the union afresh."""
    corpus = Path(corpus)
    entries = read_manifest(corpus)
    if not entries:
        raise CorpusError(f"{corpus}/manifest.csv 没有列出任何文档。")
    code = document_code_fingerprint()
    cache = build_root(corpus) / "documents"
    if force:
        shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    sources = [("(ontology)", _hash_files([ONTOLOGY]).hexdigest()[:16], ONTOLOGY)] if ONTOLOGY.is_file() else []
    records = []
    items = progress(entries, len(entries)) if progress else entries
    for entry in items:
        key = document_key(entry, corpus, code)
        nt, record = _cached(cache, entry.id, key, lambda e=entry: load_document(e, corpus),
                             {"id": entry.id, "file": entry.file, "kind": entry.kind, "iri": str(ids.entry_iri(entry))})
        record["left_out"] = bool(_blocking(record))
        records.append(record)
        if not record["left_out"]:
            sources.append((entry.id, key, nt))
    held = hashlib.sha256("|".join(f"{n}={k}" for n, k, _ in sources).encode()).hexdigest()[:16]
    union = UnionStore(union_folder(corpus), fresh=force)

    def kept(*names: str) -> list:
        """The derived sources `names` as the union holds them, for a synchronise that keeps them."""
        return [(n, union.sources[n], None) for n in names if n in union.sources]

    # The documents in, the derivations kept until their own inputs are known to have changed: a
    # derivation never reads another's output but the projects' (below), so none is dropped to be read.
    union.synchronise([*sources, *kept(UNDATED, CORPUS_WIDE, PROJECTS)])
    documents = [ids.graph_iri(n) for n, _, _ in sources]
    # The plan list's projects read the documents alone: the nodes and organizations the list names.
    plan_key = _key(code_fingerprint(), *(_table(corpus, t) for t in PROJECT_TABLES),
                    plan_projects.inputs(union.store, documents, corpus))

    def projects() -> LoadResult:
        union.synchronise([*sources, *kept(UNDATED, CORPUS_WIDE)])
        return _load_corpus_wide(union.store, corpus, (plan_projects.load_plan_projects,))

    plan_nt, plan_record = _cached(cache, PROJECTS, plan_key, projects,
                                   {"id": PROJECTS, "file": "", "kind": "corpus", "iri": "", "left_out": False})
    union.synchronise([*sources, *kept(UNDATED, CORPUS_WIDE), (PROJECTS, plan_key, plan_nt)])
    # Titles of undated references, from the documents and the projects (a project may give the latest edition).
    undated_key = _key(held, plan_key)
    if not union.holds(UNDATED, undated_key):
        union.synchronise([*sources, *kept(CORPUS_WIDE, PROJECTS)])
        union.synchronise([*sources, (UNDATED, undated_key, union_rules.undated_titles(union.store)),
                           *kept(CORPUS_WIDE, PROJECTS)])
    done = [*sources, *kept(UNDATED)]

    if not CORPUS_LOADERS:
        union.synchronise([*done, *kept(PROJECTS)])
        return union, [*records, plan_record]

    # Alignment and coverage read the documents, the undated titles and the projects, never their own output:
    # the last version stays in the union while the next is made, and only the triples that differ move.
    tables = _hash_files(p for p in corpus.glob("*.csv") if p.name != MANIFEST).hexdigest()
    corpus_key = _key(code_fingerprint(), tables, undated_key)
    nt, record = _cached(cache, CORPUS_WIDE, corpus_key, lambda: _load_corpus_wide(union.store, corpus, CORPUS_LOADERS),
                         {"id": CORPUS_WIDE, "file": "", "kind": "corpus", "iri": "", "left_out": False})
    union.synchronise([*done, (CORPUS_WIDE, corpus_key, nt), *kept(PROJECTS)])
    return union, [*records, record, plan_record]


def _key(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _table(corpus: Path, name: str) -> str:
    """A hash of the corpus table `name` ("" when the corpus has none)."""
    path = Path(corpus) / name
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _load_corpus_wide(store: ox.Store, corpus: Path, loaders: Iterable[Callable]) -> LoadResult:
    """Run the corpus-wide `loaders` on the union; returns what they add."""
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    # The default graph: a Graph with its own (blank) identifier would see an empty named graph.
    view = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    result = LoadResult()
    for load in loaders:
        try:
            part = load(view, corpus)
            if len(part.graph) > len(result.graph):   # the smaller graph is copied into the larger
                result.graph, part.graph = part.graph, result.graph
            result.merge(part)
        except Exception as e:  # one failing cross-document step must not hide the others
            result.error("(corpus)", None, f"{load.__module__}.{load.__name__} 运行出错（{type(e).__name__}: {e}）")
    return result


CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY ?class
"""


def _class_counts(store: ox.Store) -> dict[str, int]:
    return {row["class"].value: int(row["n"].value) for row in store.query(CLASS_COUNTS)}


def build(corpus: Path = DEFAULT_CORPUS, force: bool = False, progress=None) -> BuildSummary:
    """Build `corpus` and persist it; reuse the current build when nothing it depends on changed.

    A document that cannot be read, or whose own graph violates the shapes, is left out and named
    in `left_out`; the others are built. Raises BuildError (and keeps the last good build) when
    what the corpus-wide steps derive violates the shapes or one of them fails.
    """
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise CorpusError(f"语料目录不存在：{corpus}")
    with corpus_lock(corpus):
        try:
            return _build_locked(corpus, force, progress)
        finally:
            release_union()


def _build_locked(corpus: Path, force: bool, progress) -> BuildSummary:
    started = time.perf_counter()
    root = build_root(corpus)
    fingerprint = corpus_fingerprint(corpus)
    current = root / "current"
    if not force and (current / SUMMARY_FILE).is_file():
        try:
            summary = BuildSummary(**json.loads((current / SUMMARY_FILE).read_text(encoding="utf-8")))
        except (ValueError, TypeError):   # a damaged build folder is rebuilt, not trusted
            summary = None
        if summary and summary.fingerprint == fingerprint and (current / GRAPH_FILE).is_file():
            summary.reused = True
            summary.seconds = round(time.perf_counter() - started, 3)
            return summary
    union, records = assemble_union(corpus, progress, force)
    store = union.store
    problems = [p for rec in records for p in rec["problems"]]
    built = [rec for rec in records if not rec["left_out"]]
    validation = json.loads(report_from_records(built, store).to_json())
    summary = BuildSummary(
        corpus=str(corpus.resolve()),
        fingerprint=fingerprint,
        triples=union.default_graph_size(),
        classes=_class_counts(store),
        documents=[{k: rec[k] for k in ("id", "file", "kind", "iri", "triples", "seconds")} for rec in built],
        problems=problems,
        validation=validation,
        built_at=time.time(),
        left_out=[{"id": rec["id"], "file": rec["file"], "problems": _blocking(rec)}
                  for rec in records if rec["left_out"]],
    )
    errors = [p for rec in built for p in rec["problems"] if p["severity"] == Severity.ERROR.value]
    if errors or summary.violations:
        failed = root / "failed"
        shutil.rmtree(failed, ignore_errors=True)
        failed.mkdir(parents=True)
        (failed / SUMMARY_FILE).write_text(json.dumps(asdict(summary), ensure_ascii=False), encoding="utf-8")
        if errors:
            first = errors[0]
            where = f"{first['file']} 第 {first['line']} 行" if first["line"] else first["file"]
            what = f"{where}：{first['message'].rstrip('。')}"
        else:
            first = next(r for r in validation["results"] if r["severity"] == "violation")
            what = f"{first.get('label') or first['focus']}（{first.get('locator', '')}）：{first['message']}".rstrip("。")
        raise BuildError(
            f"构建失败（{len(errors)} 个错误，{summary.violations} 处违反约束），上一次成功的构建保持不变。"
            f"首个问题：{what}。运行 `cdtkg validate` 查看全部。"
        )
    _persist(root, union, summary)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary


def release_union() -> None:
    """Let go of the on-disk union store before the corpus lock is released, so that another
    process can open it: the rdflib view the corpus-wide loaders read holds it in a reference
    cycle that only the cyclic collector frees."""
    gc.collect()


def _persist(root: Path, union: UnionStore, summary: BuildSummary) -> None:
    """Write the build to a fresh folder, then swap it in: current → previous, new → current."""
    staging = root / f"staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    union.write_default(staging / GRAPH_FILE)
    write_tables(union.store, staging)
    (staging / UNION_MARK_FILE).write_text(json.dumps(union.mark()), encoding="utf-8")
    (staging / SUMMARY_FILE).write_text(json.dumps(asdict(summary), ensure_ascii=False), encoding="utf-8")
    current, previous = root / "current", root / "previous"
    if current.exists():
        shutil.rmtree(previous, ignore_errors=True)
        current.replace(previous)
    staging.replace(current)
    shutil.rmtree(root / "failed", ignore_errors=True)


def load_graph(corpus: Path = DEFAULT_CORPUS) -> Graph:
    """The current build of `corpus` as an rdflib graph (for exports and pyshacl)."""
    g = Graph()
    g.parse(current_graph_file(corpus), format="nt")
    return g
