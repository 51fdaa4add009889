"""The build: reused when nothing changed, rebuilt per document, never corrupted by bad input."""
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import RDF, Graph

from loaders import build as B
from loaders.vocab import CDT
from loaders.manifest import read_manifest, write_manifest
from loaders.problems import BuildError, CorpusError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def home(tmp_path_factory, copy_corpus):
    """A private build home with one good build of a copy of the real corpus."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("home")
    mp.setenv("CDTKG_HOME", str(root))
    corpus = copy_corpus(root / "corpus")
    B.build(corpus)
    yield root, corpus
    mp.undo()


@contextmanager
def changed(path: Path, edit):
    """Inside the block `path` holds `edit(its bytes)`; after it, its own bytes again."""
    original = path.read_bytes()
    path.write_bytes(edit(original))
    try:
        yield path
    finally:
        path.write_bytes(original)


def graph_bytes(corpus):
    return (B.build_root(corpus) / "current" / B.GRAPH_FILE).read_bytes()


def test_an_unchanged_corpus_reuses_the_last_build(home):
    _, corpus = home
    summary = B.build(corpus)
    assert summary.reused  # its time is a `cdtkg bench` figure (build_warm_s)


def test_the_build_counts_what_the_documents_hold(home):
    _, corpus = home
    summary = B.build(corpus)
    cdt = "https://w3id.org/cdtkg/ontology#"
    assert summary.classes[cdt + "CapabilityItem"] == 39
    assert summary.classes[cdt + "LevelFeature"] == 195
    assert summary.classes[cdt + "Part"] == 5
    assert summary.classes[cdt + "Layer"] == 4
    assert {d["id"] for d in summary.documents} >= {e.id for e in read_manifest(corpus)}
    assert summary.violations == 0


def test_changing_one_document_reparses_only_that_document(home):
    _, corpus = home
    cache = B.build_root(corpus) / "documents"
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.nt")}
    note = corpus / "gbt-technical-reference-model-explanatory-note.txt"
    note.write_text(note.read_text(encoding="utf-8") + "\n附注：测试追加的一行。\n", encoding="utf-8")
    summary = B.build(corpus)
    assert not summary.reused
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.nt")}
    changed = {n.split(".")[0] for n in after if before.get(n) != after[n]}
    # the changed document, and the cross-document step (alignment, coverage) that reads all of them
    assert changed == {"gbt-technical-reference-model-explanatory-note", "(corpus)"}


def test_a_document_that_does_not_parse_is_left_out_and_the_others_are_built(home):
    _, corpus = home
    B.build(corpus)
    bad = corpus / "gbt-maturity-model-ctmm-draft.txt"
    with changed(bad, lambda _: b"\x00\x01PK\x03\x04" * 100):
        summary = B.build(corpus)
        assert [d["file"] for d in summary.left_out] == ["gbt-maturity-model-ctmm-draft.txt"]
        assert summary.left_out[0]["problems"][0]["message"]          # the reason, in the summary
        assert "gbt-maturity-model-ctmm-draft" not in {d["id"] for d in summary.documents}
        cdt = "https://w3id.org/cdtkg/ontology#"
        assert cdt + "CapabilityItem" not in summary.classes          # the CTMM's content is out …
        assert summary.classes[cdt + "Layer"] == 4                    # … the reference model's is in
    assert B.build(corpus).classes["https://w3id.org/cdtkg/ontology#CapabilityItem"] == 39


def _violating(marker, when=lambda graph: True, real=B._validate):
    """A validator that finds one violation in any graph holding a literal with `marker` (and `when` it says)."""
    def validate(graph):
        if not (when(graph) and any(marker in str(o) for o in graph.objects())):
            return real(graph)
        return {"conforms": False, "violations": 1, "warnings": 0, "results": [
            {"severity": "violation", "focus": "urn:x", "label": "测试节点", "locator": "1", "message": "测试用的违反。",
             "shape": "s", "shape_name": "s", "document": "", "source": "shacl", "source_line": 3}]}
    return validate


def test_a_document_whose_graph_violates_the_shapes_is_left_out_and_named(home, monkeypatch):
    _, corpus = home
    note = corpus / "gbt-technical-reference-model-explanatory-note.txt"
    monkeypatch.setattr(B, "_validate", _violating("另一行"))
    with changed(note, lambda original: original + "\n附注：另一行。\n".encode()):
        summary = B.build(corpus)
        [left] = summary.left_out
        assert left["file"] == note.name
        assert left["problems"][0]["line"] == 3
        assert "不符合图谱约束：测试节点（1）：测试用的违反。" in left["problems"][0]["message"]
        built_files = {d["file"] for d in summary.documents} - {""}   # "" is what the corpus derives
        assert note.name not in built_files and len(built_files) == 4
    assert B.build(corpus).left_out == []


def test_a_violation_in_what_the_corpus_derives_fails_the_build_and_keeps_the_last_good_one(home, monkeypatch):
    _, corpus = home
    B.build(corpus)
    good = graph_bytes(corpus)
    curated = corpus / "coverage_curated.csv"
    coverage = _violating("", when=lambda graph: (None, RDF.type, CDT.CoverageMapping) in graph)
    real = B._validate_version   # a derivation's new version is validated by what changed in it
    monkeypatch.setattr(B, "_validate_version", lambda cache, name, graph, written: (
        coverage(graph) if (None, RDF.type, CDT.CoverageMapping) in graph else real(cache, name, graph, written)))
    with changed(curated, lambda original: original + b"\n"):
        with pytest.raises(BuildError, match="上一次成功的构建保持不变"):
            B.build(corpus)
        assert graph_bytes(corpus) == good


def test_a_manifest_naming_a_missing_file_is_a_corpus_error(home):
    root, corpus = home
    other = root / "broken"
    shutil.copytree(corpus, other)
    entries = read_manifest(other)
    (other / entries[0].file).unlink()
    with pytest.raises(CorpusError, match="找不到文件"):
        B.build(other)


def test_each_corpus_has_its_own_build(home, copy_corpus):
    root, corpus = home
    other = copy_corpus(root / "second")
    entries = read_manifest(other)
    write_manifest(other, [e for e in entries if e.kind != "guideline"])
    assert B.build_root(other) != B.build_root(corpus)
    s = B.build(other)
    assert "https://w3id.org/cdtkg/ontology#FrameworkNode" not in s.classes
    assert B.build(corpus).classes["https://w3id.org/cdtkg/ontology#FrameworkNode"] == 67


@pytest.mark.parametrize("suffix, fmt", [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml")])
def test_export_writes_graph_and_ontology_in_the_format_of_the_suffix(home, tmp_path, suffix, fmt):
    from loaders.export import export_graph

    _, corpus = home
    out = tmp_path / f"cdtkg{suffix}"
    n = export_graph(out, corpus)
    g = Graph().parse(out, format=fmt)
    assert len(g) == n
    assert (None, None, None) in g
    from rdflib import OWL, RDF, URIRef

    assert (URIRef("https://w3id.org/cdtkg/ontology"), RDF.type, OWL.Ontology) in g


def test_export_refuses_an_unknown_suffix(home, tmp_path):
    from loaders.export import export_graph
    from loaders.problems import CdtkgError

    with pytest.raises(CdtkgError, match="不支持的导出格式"):
        export_graph(tmp_path / "x.docx", home[1])


# --- one more document costs one document ---------------------------------------------------
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


def current_graph(corpus) -> Graph:
    return Graph().parse(B.build_root(corpus) / "current" / B.GRAPH_FILE, format="nt")


@pytest.fixture(scope="module")
def steps(tmp_path_factory, copy_corpus):
    """A copy of the real corpus built once, then changed one document at a time — added, edited,
    removed — and built incrementally after each step, then with --force (everything again):
    {step: (ids parsed by the incremental build, its graph, the --force graph, the added id)},
    and the graph before the first step."""
    from loaders.synthetic_corpus import add_variant

    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("steps")
    mp.setenv("CDTKG_HOME", str(root))
    corpus = copy_corpus(root / "corpus")
    B.build(corpus)
    before = current_graph(corpus)
    added = []

    def add():
        added.append(add_variant(corpus, "gbt-maturity-model-ctmm-draft", 1))

    def edit():
        path = corpus / added[0].file
        path.write_text(path.read_text(encoding="utf-8").replace("成熟度", "成熟程度", 3), encoding="utf-8")

    def remove():
        write_manifest(corpus, [e for e in read_manifest(corpus) if e.id != added[0].id])

    out = {}
    for name, change in (("add", add), ("edit", edit), ("remove", remove)):
        change()
        summaries = []
        parsed = parsed_during(mp, lambda: summaries.append(B.build(corpus)))
        incremental = current_graph(corpus)
        summaries.append(B.build(corpus, force=True))
        out[name] = (parsed, incremental, current_graph(corpus), added[0].id)
        out[f"{name} findings"] = [findings(s) for s in summaries]
    out["before"] = before
    yield out
    mp.undo()


def findings(summary) -> list[str]:
    """The validation results a build recorded (shapes, parse problems, checks), each as sorted JSON."""
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in summary.validation.get("results", []))


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_the_incremental_findings_are_those_of_a_full_rebuild(steps, step):
    incremental, forced = steps[f"{step} findings"]
    assert incremental == forced and any('"check:' in r for r in forced)


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_a_change_to_one_document_parses_that_document_alone(steps, step):
    parsed, _, _, added = steps[step]
    assert parsed == ([] if step == "remove" else [added])


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_the_incremental_graph_is_the_graph_of_a_full_rebuild(steps, step):
    from rdflib.compare import isomorphic

    _, incremental, forced, _ = steps[step]
    assert len(incremental) == len(forced)
    assert isomorphic(incremental, forced)


def test_removing_the_added_document_gives_back_the_graph_before_it(steps):
    from rdflib.compare import isomorphic

    _, after_remove, _, _ = steps["remove"]
    _, added, _, _ = steps["add"]
    assert len(added) > len(after_remove)
    assert isomorphic(after_remove, steps["before"])


def test_force_parses_every_document_again(home, monkeypatch):
    _, corpus = home
    parsed = parsed_during(monkeypatch, lambda: B.build(corpus, force=True))
    assert sorted(parsed) == sorted(e.id for e in read_manifest(corpus))


def test_a_curated_table_re_parses_only_the_documents_that_read_it(home, monkeypatch):
    _, corpus = home
    B.build(corpus)
    table = corpus / "alignment_curated.csv"
    with changed(table, lambda original: original + b"\n"):   # read by the alignment step, by no document
        assert parsed_during(monkeypatch, lambda: B.build(corpus)) == []


def test_an_interrupted_union_update_keeps_the_last_good_build_and_the_next_build_recovers(home, monkeypatch):
    from rdflib.compare import isomorphic

    from loaders import union_store

    _, corpus = home
    B.build(corpus)
    good = graph_bytes(corpus)
    note = corpus / "gbt-technical-reference-model-explanatory-note.txt"

    def interrupted(self, name, source):
        raise KeyboardInterrupt

    with changed(note, lambda original: original + "\n附注：被打断的一次构建。\n".encode()):
        with monkeypatch.context() as m:
            m.setattr(union_store.UnionStore, "_add", interrupted)
            with pytest.raises(KeyboardInterrupt):
                B.build(corpus)
        assert graph_bytes(corpus) == good
    B.build(corpus)
    assert isomorphic(current_graph(corpus), Graph().parse(data=good.decode("utf-8"), format="nt"))


def test_reordering_the_manifest_gives_the_title_to_the_first_document_that_prints_it(tmp_path):
    """The union keeps one title per language, the first source's in manifest order; reordering
    the sources re-resolves the titles they share (loaders/union_store.py)."""
    import pyoxigraph as ox

    from loaders.union_store import UnionStore

    s, title, alt = (ox.NamedNode("urn:x:s"), ox.NamedNode("http://purl.org/dc/terms/title"),
                     ox.NamedNode("http://purl.org/dc/terms/alternative"))
    a, b = [ox.Triple(s, title, ox.Literal("甲", language="zh"))], [ox.Triple(s, title, ox.Literal("乙", language="zh"))]

    def default_titles(union):
        return {(q.predicate.value, q.object.value) for q in union.store.quads_for_pattern(s, None, None, ox.DefaultGraph())}

    union = UnionStore(tmp_path / "union")
    union.synchronise([("a", "1", a), ("b", "1", b)])
    assert default_titles(union) == {(title.value, "甲"), (alt.value, "乙")}
    union.synchronise([("b", "1", b), ("a", "1", a)])
    assert default_titles(union) == {(title.value, "乙"), (alt.value, "甲")}
    union.synchronise([("b", "1", b)])
    assert default_titles(union) == {(title.value, "乙")}


def test_a_plan_list_is_made_into_projects_again_only_when_it_or_the_nodes_it_names_change(
        tmp_path, copy_corpus, monkeypatch):
    """The projects of an imported plan list are a derivation of their own: adding a document they do not
    name keeps them; importing another list makes them again; both give the graph of a full rebuild."""
    from rdflib.compare import isomorphic

    from loaders import plan_projects
    from loaders.plan_import import import_plan
    from loaders.synthetic_corpus import add_variant

    fixtures = Path(__file__).resolve().parent / "fixtures"
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    import_plan(corpus, fixtures / "plan_national.csv")
    B.build(corpus)
    made = []
    real = plan_projects.load_plan_projects
    monkeypatch.setattr(plan_projects, "load_plan_projects", lambda graph, c: made.append(c) or real(graph, c))
    for change, makes in ((lambda: add_variant(corpus, "gbt-technical-reference-model-explanatory-note", 2), []),
                          (lambda: import_plan(corpus, fixtures / "plan_committee.csv"), [corpus])):
        change()
        made.clear()
        B.build(corpus)
        assert made == makes
        incremental = current_graph(corpus)
        B.build(corpus, force=True)
        assert isomorphic(incremental, current_graph(corpus))


def test_a_damaged_real_standard_builds_in_part_with_located_problems_and_the_rest_of_the_corpus_builds(
        tmp_path, copy_corpus, monkeypatch):
    """A real standard cut off two thirds in, with unreadable lines and a lost chapter heading: its clauses
    up to the cut are read, each problem names its line, and the five bundled documents build as before."""
    from rdflib import Literal

    from app.gold_score import texts_dir
    from loaders.corpus_add import add_document

    source = texts_dir() / "jrt-0325-2024.txt"
    if not source.is_file():
        pytest.skip(f"{source} 不在文本缓存中：第三方标准文本不随仓库分发（见 tests/gold/real-standards/INDEX.md）")
    lines = source.read_text(encoding="utf-8").splitlines()
    lines = lines[: len(lines) * 2 // 3]
    lines.insert(len(lines) // 2, "\ufffd\ufffd\x07\ufffd")
    lines = [ln for ln in lines if ln.strip().lstrip("#").strip() != "2 规范性引用文件"]
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    entry = add_document(corpus, damaged, "standard")
    summary = B.build(corpus)
    assert summary.violations == 0 and not summary.left_out
    assert {d["id"] for d in summary.documents} >= {e.id for e in read_manifest(corpus)}
    mine = [p for p in summary.problems if p["file"] == entry.file]
    assert mine and all(p["line"] for p in mine if "无法识别的字符" in p["message"])
    assert any("无法识别的字符" in p["message"] for p in mine)
    g = Graph().parse(B.build_root(corpus) / "current" / B.GRAPH_FILE)
    [doc] = [d for d in g.subjects(CDT.sourceFile, Literal(entry.file)) if (d, CDT.ingested, Literal(True)) in g]
    numbers = {str(n) for c in g.subjects(CDT.inDocument, doc) if (c, RDF.type, CDT.Clause) in g
               for n in g.objects(c, CDT.number)}
    assert {"1", "3"} <= numbers
