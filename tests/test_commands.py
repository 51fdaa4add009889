"""The graph commands as a user runs them: build, stats, validate, export and add, with their exit codes."""
import json
import shutil
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from app.cli import main
from loaders import ids
from loaders.manifest import read_manifest
from loaders.vocab import CDT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SMALL = ROOT / "tests" / "fixtures" / "gbt_small_standard.txt"
CLAUSE = "https://w3id.org/cdtkg/ontology#Clause"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A copy of the real corpus with its own build home, built once by `cdtkg build`."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("commands")
    mp.setenv("CDTKG_HOME", str(root / "home"))
    dest = root / "corpus"
    shutil.copytree(CORPUS, dest)
    assert main(["build", "--corpus", str(dest)]) == 0
    yield dest
    mp.undo()


def run(capsys, *argv):
    """(exit code, stdout, stderr) of one `cdtkg` command."""
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unchanged_corpus_is_not_rebuilt_and_the_summary_counts_each_class(corpus, capsys):
    code, out, _ = run(capsys, "build", "--corpus", str(corpus))
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("未变化，沿用上次构建") and "6 份文档" in first
    assert any(line.split()[:1] == ["cdt:Clause"] and line.split()[2] == "条款" for line in out.splitlines())
    assert "三元组 triples" in out


def test_stats_agree_with_the_build(corpus, capsys):
    code, out, _ = run(capsys, "build", "--corpus", str(corpus), "--json")
    assert code == 0
    summary = json.loads(out)
    code, out, _ = run(capsys, "stats", "--corpus", str(corpus), "--json")
    stats = json.loads(out)
    assert code == 0 and stats["classes"] == summary["classes"] and stats["triples"] == summary["triples"]
    assert {d["id"] for d in stats["documents"]} == {e.id for e in read_manifest(corpus)} | {"(corpus)"}
    # 56 + 41 + 190 clauses of the three standards, the rest from the guide and the explanatory note
    assert stats["classes"][CLAUSE] >= 287


def test_validate_reports_in_chinese_by_severity_and_exits_0_with_warnings_only(corpus, capsys):
    code, out, _ = run(capsys, "validate", "--corpus", str(corpus))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("校验通过：违规 0 处，警告 ")
    assert out.index("【警告】") < out.index("【提示】")
    # a parse warning names the file and the line, not an IRI
    (line,) = [ln for ln in lines if "12.3.2.1" in ln]
    assert "tszs-4042-2021-top-level-design-guide.txt" in line and "第 1204 行" in line and "https://" not in line


def test_validate_json_carries_counts_and_every_result(corpus, capsys):
    code, out, _ = run(capsys, "validate", "--corpus", str(corpus), "--json")
    report = json.loads(out)
    assert code == 0 and report["conforms"] is True and report["violations"] == 0
    assert report["warnings"] == sum(r["severity"] == "warning" for r in report["results"])
    assert any(r["source_line"] == 1204 and "12.3.2.1" in r["message"] for r in report["results"])


def test_export_writes_the_graph_and_the_ontology(corpus, capsys, tmp_path):
    out_file = tmp_path / "cdtkg.jsonld"
    code, out, _ = run(capsys, "export", "--corpus", str(corpus), "-o", str(out_file))
    assert code == 0 and str(out_file) in out
    g = Graph().parse(out_file, format="json-ld")
    assert (URIRef("https://w3id.org/cdtkg/ontology"), RDF.type, OWL.Ontology) in g
    doc = ids.entry_iri(next(e for e in read_manifest(corpus) if e.number == "T/SZS 4042-2021"))
    assert (ids.clause_iri(doc, "10.5"), DCTERMS.title, Literal("IT 架构", lang="zh")) in g


def test_export_to_an_unknown_format_is_bad_input(corpus, capsys, tmp_path):
    code, _, err = run(capsys, "export", "--corpus", str(corpus), "-o", str(tmp_path / "graph.docx"))
    assert code == 2 and "不支持的导出格式" in err and len(err.strip().splitlines()) == 1


def test_a_new_standard_in_gbk_is_added_and_read_by_the_next_build(corpus, capsys, tmp_path):
    src = tmp_path / "示例标准.txt"
    src.write_bytes(SMALL.read_text(encoding="utf-8").encode("gbk"))
    code, out, _ = run(capsys, "add", str(src), "--corpus", str(corpus), "--kind", "standard",
                       "--number", "GB/T 99999-2030", "--status", "Published")
    assert code == 0 and "已加入语料" in out
    entry = read_manifest(corpus)[-1]
    assert (corpus / entry.file).read_text(encoding="utf-8") == SMALL.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "build", "--corpus", str(corpus), "--json")
    assert code == 0
    code, out, _ = run(capsys, "export", "--corpus", str(corpus), "-o", str(tmp_path / "g.nt"))
    g = Graph().parse(tmp_path / "g.nt", format="nt")
    doc = ids.entry_iri(entry)
    assert (doc, CDT.standardNumber, Literal("GB/T 99999-2030")) in g
    assert (ids.clause_iri(doc, "4.1"), DCTERMS.title, Literal("接入", lang="zh")) in g
    # adding it twice is refused with a reason, and nothing changes
    code, _, err = run(capsys, "add", str(src), "--corpus", str(corpus), "--kind", "standard")
    assert code == 2 and "内容相同" in err
    assert read_manifest(corpus)[-1] == entry


def test_a_document_that_does_not_parse_is_named_the_rest_built_and_validate_shows_it(corpus, capsys, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(corpus, broken)
    (broken / "gbt-maturity-model-ctmm-draft.txt").write_bytes(b"\x00\x01PK\x03\x04" * 100)
    code, out, _ = run(capsys, "build", "--corpus", str(broken))
    left_out = [line for line in out.splitlines() if line.startswith("未纳入：")]
    assert code == 0 and len(left_out) == 1 and "gbt-maturity-model-ctmm-draft.txt" in left_out[0]
    assert "构建完成" in out
    code, out, _ = run(capsys, "validate", "--corpus", str(broken))
    assert code == 1 and out.startswith("校验未通过：违规 1 处")
