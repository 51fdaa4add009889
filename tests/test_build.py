"""The build: reused when nothing changed, rebuilt per document, never corrupted by bad input."""
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from loaders import build as B
from loaders.manifest import read_manifest, write_manifest
from loaders.problems import BuildError, CorpusError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A private build home with one good build of a copy of the real corpus."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("home")
    mp.setenv("CDTKG_HOME", str(root))
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    B.build(corpus)
    yield root, corpus
    mp.undo()


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


def test_a_binary_document_fails_the_build_and_keeps_the_last_good_one(home):
    _, corpus = home
    B.build(corpus)
    good = graph_bytes(corpus)
    bad = corpus / "gbt-maturity-model-ctmm-draft.txt"
    original = bad.read_bytes()
    try:
        bad.write_bytes(b"\x00\x01PK\x03\x04" * 100)
        with pytest.raises(BuildError, match="上一次成功的构建保持不变"):
            B.build(corpus)
        assert graph_bytes(corpus) == good
        failed = json.loads((B.build_root(corpus) / "failed" / B.SUMMARY_FILE).read_text(encoding="utf-8"))
        assert any("gbt-maturity-model-ctmm-draft.txt" == p["file"] for p in failed["problems"])
    finally:
        bad.write_bytes(original)
    assert not B.build(corpus).reused or graph_bytes(corpus) == good


def test_a_manifest_naming_a_missing_file_is_a_corpus_error(home):
    root, corpus = home
    other = root / "broken"
    shutil.copytree(corpus, other)
    entries = read_manifest(other)
    (other / entries[0].file).unlink()
    with pytest.raises(CorpusError, match="找不到文件"):
        B.build(other)


def test_each_corpus_has_its_own_build(home):
    root, corpus = home
    other = root / "second"
    shutil.copytree(CORPUS, other)
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
