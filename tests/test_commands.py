"""The graph commands as a user runs them: build, stats, validate, export and add, with their exit codes."""
import errno
import json
import re
import shutil
import socket
import subprocess
import sys
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
def corpus(tmp_path_factory, copy_corpus):
    """A copy of the real corpus with its own build home, built once by `cdtkg build`."""
    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("commands")
    mp.setenv("CDTKG_HOME", str(root / "home"))
    dest = copy_corpus(root / "corpus")
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
    # five documents: the build's cross-document step is not one (`build` said 6 before)
    assert first.startswith("未变化，沿用上次构建") and "5 份文档" in first
    assert any(line.split()[:1] == ["cdt:Clause"] and line.split()[2] == "条款" for line in out.splitlines())
    assert "三元组 triples" in out


def test_stats_agree_with_the_build(corpus, capsys):
    code, out, _ = run(capsys, "build", "--corpus", str(corpus), "--json")
    assert code == 0
    summary = json.loads(out)
    code, out, _ = run(capsys, "stats", "--corpus", str(corpus), "--json")
    stats = json.loads(out)
    assert code == 0 and stats["classes"] == summary["classes"] and stats["triples"] == summary["triples"]
    # the documents of the manifest, and apart from them what the corpus-wide steps derive, in both
    assert (summary["documents"], summary["derived"]) == (stats["documents"], stats["derived"])
    assert {d["id"] for d in stats["documents"]} == {e.id for e in read_manifest(corpus)}
    assert {d["id"] for d in stats["derived"]} == {"(corpus)", "(plan projects)"}
    assert stats["document_count"] == len(stats["documents"])
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


# --- counts said once ---------------------------------------------------------------------------
def test_build_stats_and_validate_give_the_same_counts(corpus, capsys):
    _, out, _ = run(capsys, "build", "--corpus", str(corpus))
    warnings = re.search(r"^警告 (\d+) 条，其中解析警告 (\d+) 条", out, re.M)
    assert warnings, out
    _, report, _ = run(capsys, "validate", "--corpus", str(corpus), "--json")
    report = json.loads(report)
    assert int(warnings.group(1)) == report["warnings"]
    assert int(warnings.group(2)) == sum(r["severity"] == "warning" and r["source"] == "parser"
                                         for r in report["results"])
    _, stats, _ = run(capsys, "stats", "--corpus", str(corpus))
    assert stats.startswith(f"{len(read_manifest(corpus))} 份文档")


def test_validate_names_a_documents_parse_problem_by_number_and_title_and_its_file_once(corpus, capsys):
    _, out, _ = run(capsys, "validate", "--corpus", str(corpus))
    (line,) = [ln for ln in out.splitlines() if "12.3.2.1" in ln]
    assert line.startswith("  - 「T/SZS 4042-2021《城市数字化转型顶层设计指南》」（tszs-4042-2021-top-level-design-guide.txt，第 1204 行）")
    assert "「」" not in out and "<>" not in out


# --- bad input: a clear Chinese line, exit 2 (or 1), and nothing changed -----------------------------
def state(corpus: Path) -> dict[str, bytes]:
    """The corpus files and the current build, byte for byte."""
    from loaders.build import build_root

    folders = [corpus, build_root(corpus) / "current"]
    return {str(p): p.read_bytes() for f in folders for p in sorted(f.rglob("*")) if p.is_file()}


@pytest.fixture
def unchanged(corpus):
    """Asserts after the test that neither the corpus nor its last good build changed."""
    before = state(corpus)
    yield corpus
    assert state(corpus) == before


def one_chinese_line(err: str) -> str:
    assert "内部错误" not in err and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert re.search(r"[\u4e00-\u9fff]", line)
    return line


def test_adding_a_system_file_is_refused_because_it_has_no_chinese(unchanged, capsys):
    code, _, err = run(capsys, "add", "/etc/passwd", "--kind", "standard", "--corpus", str(unchanged))
    assert code == 2 and "没有中文文字" in one_chinese_line(err)


def test_adding_a_notice_as_a_standard_is_refused_with_the_reason_and_the_kind_to_use(unchanged, capsys, tmp_path):
    from tests.test_corpus_add import NOTICE

    src = tmp_path / "通知.txt"
    src.write_text(NOTICE, encoding="utf-8")
    code, _, err = run(capsys, "add", str(src), "--kind", "standard", "--corpus", str(unchanged))
    line = one_chinese_line(err)
    assert code == 2 and "没有识别出任何编号条款" in line and "--kind guideline" in line


def test_adding_a_folder_says_it_is_a_folder(unchanged, capsys, tmp_path):
    code, _, err = run(capsys, "add", str(tmp_path), "--kind", "standard", "--corpus", str(unchanged))
    assert code == 2 and "是一个文件夹" in one_chinese_line(err)


def test_exporting_into_a_missing_folder_says_so_and_exits_2(unchanged, capsys):
    code, _, err = run(capsys, "export", "--corpus", str(unchanged), "-o", "/nonexistent/dir/g.ttl")
    assert code == 2 and "/nonexistent/dir 不存在" in one_chinese_line(err)


def test_a_full_disk_during_export_exits_1_and_leaves_no_partial_file(unchanged, capsys, tmp_path, monkeypatch):
    from tests.test_corpus_add import read_only

    read_only(monkeypatch, tmp_path, errno.ENOSPC)
    code, _, err = run(capsys, "export", "--corpus", str(unchanged), "-o", str(tmp_path / "g.ttl"))
    monkeypatch.undo()
    assert code == 1
    assert "磁盘已满" in one_chinese_line(err) and not list(tmp_path.glob("g.ttl*"))


def test_a_read_only_build_home_is_named_with_what_to_do(corpus, capsys, tmp_path, monkeypatch):
    from tests.test_corpus_add import read_only

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("CDTKG_HOME", str(home))
    read_only(monkeypatch, home)
    code, _, err = run(capsys, "stats", "--corpus", str(corpus))
    assert code == 2
    line = one_chinese_line(err)
    assert "无法写入构建目录" in line and "只读文件系统" in line and "CDTKG_HOME" in line


def test_adding_into_a_read_only_corpus_is_refused_and_changes_nothing(unchanged, capsys, monkeypatch, tmp_path):
    from tests.test_corpus_add import TEXT, read_only

    src = tmp_path / "只读测试.txt"
    src.write_text(TEXT, encoding="utf-8")
    read_only(monkeypatch, unchanged)
    code, _, err = run(capsys, "add", str(src), "--kind", "standard", "--corpus", str(unchanged))
    assert code == 2 and "无法写入语料目录" in one_chinese_line(err)


def test_an_interrupted_build_keeps_the_last_good_build(unchanged, capsys, monkeypatch):
    from loaders import build

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "load_document", interrupted)   # --force parses every document again
    code, _, err = run(capsys, "build", "--corpus", str(unchanged), "--force")
    assert code == 130 and "上一次成功的构建" in one_chinese_line(err)


def test_a_damaged_build_summary_is_rebuilt_not_trusted(corpus, capsys, tmp_path, monkeypatch):
    from loaders.build import SUMMARY_FILE, build_root

    copy, source = tmp_path / "corpus", build_root(corpus)
    shutil.copytree(corpus, copy)
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    shutil.copytree(source, build_root(copy), ignore=shutil.ignore_patterns(".lock"))
    (build_root(copy) / "current" / SUMMARY_FILE).write_text('{"corpus": "', encoding="utf-8")
    code, out, err = run(capsys, "stats", "--corpus", str(copy), "--json")
    assert code == 0 and json.loads(out)["document_count"] == len(read_manifest(copy)) and "内部错误" not in err


def test_a_damaged_graph_file_says_how_to_rebuild_and_exits_1(corpus, capsys, tmp_path, monkeypatch):
    from loaders.build import GRAPH_FILE, build_root

    copy, source = tmp_path / "corpus", build_root(corpus)
    shutil.copytree(corpus, copy)
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    root = build_root(copy)
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".lock"))
    summary = json.loads((root / "current" / "summary.json").read_text(encoding="utf-8"))
    from loaders.build import corpus_fingerprint

    summary["fingerprint"] = corpus_fingerprint(copy)
    (root / "current" / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    (root / "current" / GRAPH_FILE).write_text("<not n-triples\n", encoding="utf-8")
    code, _, err = run(capsys, "export", "--corpus", str(copy), "-o", str(tmp_path / "g.nt"))
    assert code == 1 and "已损坏" in one_chinese_line(err) and "cdtkg build --force" in err


def test_a_port_in_use_is_named_with_another_to_try(unchanged, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, err = run(capsys, "app", "--corpus", str(unchanged), "--port", str(port), "--no-browser")
    assert code == 2 and f"端口 {port} 已被占用" in one_chinese_line(err) and f"--port {port + 1}" in err


def test_a_mistyped_command_or_query_gets_a_did_you_mean(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["buld"])
    assert exit_.value.code == 2 and "你是不是要找：build" in capsys.readouterr().err
    code, _, err = run(capsys, "query", "citation_of_standard")
    assert code == 2 and "相近的有：citations_of_standard" in one_chinese_line(err)


def test_the_query_list_shows_what_a_user_can_run_and_keeps_the_explorers_apart(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0 and "citations_of_standard" in out and "app_documents" not in out and "--all" in out
    code, out, _ = run(capsys, "queries", "--all")
    assert "app_documents" in out


# --- the corpus commands --------------------------------------------------------------------------
def test_a_secretary_starts_a_corpus_adds_lists_and_removes_a_document(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    new = tmp_path / "新语料"
    assert run(capsys, "init", str(new))[0] == 0
    src = tmp_path / "示例标准.txt"
    src.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "add", str(src), "--corpus", str(new), "--kind", "standard",
                       "--number", "GB/T 99999-2030", "--title", "示例标准 小型文件", "--status", "Published")
    assert code == 0 and "GB/T 99999-2030《示例标准 小型文件》" in out and "示例标准.txt" in out
    code, out, _ = run(capsys, "list", "--corpus", str(new))
    assert code == 0 and "1. GB/T 99999-2030《示例标准 小型文件》" in out and "尚未构建" in out
    assert run(capsys, "build", "--corpus", str(new))[0] == 0
    code, out, _ = run(capsys, "list", "--corpus", str(new), "--json")
    (listed,) = json.loads(out)
    assert listed["file"] == "示例标准.txt" and listed["last_parse"].startswith("已解析")
    code, out, _ = run(capsys, "remove", "GB/T 99999-2030", "--corpus", str(new))
    assert code == 0 and "已从语料中移除" in out and read_manifest(new) == []
    code, out, _ = run(capsys, "list", "--corpus", str(new))
    assert code == 0 and "还没有文档" in out


def test_a_folder_without_a_manifest_says_how_to_start_a_corpus(capsys, tmp_path):
    code, _, err = run(capsys, "list", "--corpus", str(tmp_path))
    assert code == 2 and f"cdtkg init {tmp_path}" in one_chinese_line(err)


def test_bench_help_names_what_it_measures_its_targets_and_default_scale(capsys):
    with pytest.raises(SystemExit):
        main(["bench", "--help"])
    out = capsys.readouterr().out
    assert all(word in out for word in ("构建", "检索", "问答", "具名查询", "50 毫秒", "500 毫秒", "默认", "工作计划", "30 秒"))


def test_search_into_a_pipe_shows_the_words_without_markdown_marks(corpus, capsys):
    code, out, _ = run(capsys, "search", "城市智能中枢", "--kind", "条款", "--limit", "3", "--corpus", str(corpus))
    assert code == 0 and "城市智能中枢" in out and "**" not in out


def test_a_damaged_search_index_is_built_again(corpus, capsys):
    from queries.search_index import index_dir

    assert run(capsys, "search", "数据治理", "--corpus", str(corpus))[0] == 0
    for f in (index_dir(corpus) / "index").iterdir():   # new files: this process has the old ones mapped
        damaged = f.with_name(f.name + ".damaged")
        damaged.write_bytes(b"cut short")
        damaged.replace(f)
    # a later command, in its own process as a user runs it
    done = subprocess.run([sys.executable, "-m", "app.cli", "search", "数据治理", "--corpus", str(corpus)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and "数据治理" in done.stdout and "内部错误" not in done.stderr
    assert run(capsys, "search", "数据治理", "--corpus", str(corpus))[0] == 0


def test_usage_errors_are_said_in_chinese_with_the_closest_choice(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["add", "x.txt", "--kind", "standar"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "--kind 不能取 'standar'。你是不是要找：standard？" in err
    with pytest.raises(SystemExit):
        main(["add", "x.txt"])
    assert "缺少参数：--kind" in capsys.readouterr().err
