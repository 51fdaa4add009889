"""`cdtkg queries`, `cdtkg query`, `cdtkg gaps`, `cdtkg push`: output, files and exit codes."""
from __future__ import annotations

import csv
import io
import json
import socket

import openpyxl
import pytest

from app.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- listing ------------------------------------------------------------------------------------------------
def test_queries_lists_names_titles_and_parameters(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0
    assert "citations_of_standard  引用某标准的条款 / Clauses citing a standard" in out
    assert "    --param standard=…  （string，必填）标准号或计划号，任意写法" in out
    assert "    --param year=…  （integer，默认 2027）目标年份：2027 或 2030" in out


def test_queries_as_json(capsys):
    code, out, _ = run(capsys, "queries", "--json")
    listed = {q["name"]: q for q in json.loads(out)}
    assert listed["gap_analysis"]["returns"][-2:] == ["?verdict", "?topics"]
    assert listed["roadmap_progress"]["params"] == [
        {"name": "year", "type": "integer", "required": False, "default": "2027", "doc": "目标年份：2027 或 2030"}]


# --- running -----------------------------------------------------------------------------------------------------
def test_a_named_query_as_a_table_with_chinese_headings(capsys):
    code, out, _ = run(capsys, "query", "maturity_levels")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["等级", "等级名称", "别称", "城市类别", "定义", "位置"]
    assert lines[2].startswith("1     基础级    一级  潜力发展类")
    assert lines[-1].startswith("（共 5 行，用时 ")


def test_a_named_query_with_a_parameter_to_csv_on_stdout(capsys):
    code, out, _ = run(capsys, "query", "citations_of_standard", "--param", "standard=GB/T 28181—2022",
                       "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["document", "locator", "kind", "citedAs", "citedLocator", "text"]
    assert [r[1] for r in rows[1:]] == ["2 GB/T 28181-2022", "7.3.2.4 b)"]


def test_xlsx_to_a_file(capsys, tmp_path):
    out_file = tmp_path / "matrix.xlsx"
    code, out, err = run(capsys, "query", "maturity_matrix", "--format", "xlsx", "-o", str(out_file))
    assert code == 0 and out == ""
    assert err.startswith(f"已写入 {out_file}（共 39 行")
    book = openpyxl.load_workbook(out_file)
    assert [c.value for c in book["结果"][1]][:3] == ["能力域", "能力子域", "能力项"]
    assert book["结果"].max_row == 40


def test_json_results_on_stdout(capsys):
    code, out, _ = run(capsys, "query", "--sparql", "ASK { ?s a cdt:MaturityLevel }", "--format", "json")
    assert code == 0 and json.loads(out) == {"head": {}, "boolean": True}


def test_sparql_from_standard_input(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT (COUNT(*) AS ?n) WHERE { ?l a cdt:MaturityLevel }"))
    code, out, _ = run(capsys, "query", "--sparql", "-", "--format", "tsv")
    assert code == 0 and out.splitlines() == ["n", "5"]


def test_an_rq_file_with_a_header_gets_typed_parameters(capsys, tmp_path):
    rq = tmp_path / "levels.rq"
    rq.write_text("# title:  等级 / Levels\n# param:  ?n (integer, default: 3) 等级\n"
                  "SELECT ?name WHERE { ?l cdt:levelNumber ?n ; skos:prefLabel ?name }\n", encoding="utf-8")
    code, out, _ = run(capsys, "query", str(rq), "--format", "tsv")
    assert code == 0 and out.splitlines() == ["name", "协同级"]
    code, out, _ = run(capsys, "query", str(rq), "--param", "n=5", "--format", "tsv")
    assert out.splitlines() == ["name", "引领级"]


def test_an_rq_file_without_a_header_takes_string_or_iri_parameters(capsys, tmp_path):
    rq = tmp_path / "plain.rq"
    rq.write_text("SELECT ?n WHERE { ?l skos:prefLabel ?name ; cdt:levelNumber ?n }", encoding="utf-8")
    code, out, _ = run(capsys, "query", str(rq), "--param", "name=融合级", "--format", "tsv")
    assert out.splitlines()[1:] == []        # the label is @zh, a plain string does not match
    code, out, _ = run(capsys, "query", "--sparql", "SELECT ?t WHERE { ?s dcterms:title ?t }", "--param",
                       "s=<cdtr:std/T-SZS-4042-2021>", "--format", "tsv")
    assert code == 0 and out.splitlines() == ["t", "城市数字化转型顶层设计指南"]


def test_the_row_limit_is_reported(capsys):
    code, out, err = run(capsys, "query", "--sparql", "SELECT ?s WHERE { ?s a cdt:Clause }", "--limit", "5",
                         "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 6
    assert "结果超过 5 行的上限，只保留了前 5 行" in err


def test_construct_to_turtle(capsys):
    code, out, _ = run(capsys, "query", "--sparql",
                       "CONSTRUCT { ?l skos:prefLabel ?n } WHERE { ?l a cdt:MaturityLevel ; skos:prefLabel ?n }",
                       "--format", "ttl")
    assert code == 0 and out.count('"@zh') == 5 and "skos:prefLabel" in out


def test_ad_hoc_iris_are_shown_by_their_labels_in_a_table(capsys):
    """A document is named as everywhere else: number《title》 (loaders/document_names.py)."""
    code, out, _ = run(capsys, "query", "--sparql",
                       "SELECT ?s WHERE { ?s cdt:standardNumber \"GB/T 22239-2019\" }")
    assert out.splitlines()[2].startswith("GB/T 22239-2019《信息安全技术")


# --- gaps ---------------------------------------------------------------------------------------------------------------
def test_gaps_table_with_a_summary(capsys):
    code, out, _ = run(capsys, "gaps", "--part", "B")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["编号", "名称", "层级", "规划标准数"]
    assert lines[2].startswith("B ")
    assert lines[-1].startswith("框架节点 ") and "见下级" in lines[-1]


def test_gaps_of_one_part_keep_the_part_itself(capsys):
    code, out, _ = run(capsys, "gaps", "--part", "d", "--format", "tsv")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["notation", "D", "D.1", "D.2", "D.3", "D.4"]
    assert out.splitlines()[1].split("\t")[-2] == "见下级"


def test_gaps_to_csv_file(capsys, tmp_path):
    target = tmp_path / "gaps.csv"
    code, out, err = run(capsys, "gaps", "--format", "csv", "-o", str(target))
    assert code == 0 and out == "" and "框架节点 " in err
    rows = list(csv.DictReader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
    assert list(rows[0]) == ["notation", "label", "depth", "plannedCount", "planned", "coveringCount", "covering",
                             "verdict", "topics"]
    assert next(r for r in rows if r["notation"] == "B.1.3")["verdict"] == "遵循外部标准"


# --- errors ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("argv, message", [
    (["query", "no_such_query"], "没有名为 'no_such_query' 的查询"),
    (["query", "citations"], "相近的有：citations_of_standard"),
    (["query", "citations_of_standard"], "需要参数 standard"),
    (["query", "maturity_levels", "--param", "nope=1"], "没有参数 nope"),
    (["query", "maturity_levels", "--param", "oops"], "应为 --param 名称=值"),
    (["query", "roadmap_overall", "--param", "year=二〇二七"], "参数 year 应为整数"),
    (["query"], "请给出要运行的查询"),
    (["query", "maturity_levels", "--sparql", "ASK {}"], "请只给出一种查询"),
    (["query", "--sparql", "DELETE WHERE { ?s ?p ?o }"], "拒绝执行：DELETE"),
    (["query", "--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"], "拒绝执行：查询含 SERVICE"),
    (["query", "--sparql", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"], "拒绝执行：查询含 FROM"),
    (["query", "--sparql", "SELECT * WHERE {\n ?s ?p }"], "第 2 行"),
    (["query", "maturity_levels", "--format", "xlsx"], "请用 -o 文件名.xlsx"),
    (["query", "maturity_levels", "--format", "ttl"], "只用于 CONSTRUCT 和 DESCRIBE"),
    (["query", "maturity_levels", "--limit", "0"], "--limit 应为正整数"),
    (["query", "missing.rq"], "找不到查询文件 missing.rq"),
    (["push"], "请用 --endpoint URL 指定"),
    (["gaps", "--part", "F"], "标准体系框架分为 A、B、C、D、E 五部分"),
    (["--endpoint", "localhost:8890", "query", "maturity_levels"], "端点地址 'localhost:8890' 无效"),
])
def test_bad_input_is_one_chinese_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert err.startswith("cdtkg: ") and message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_timeout_stops_the_query_and_exits_1(capsys):
    code, _, err = run(capsys, "query", "--timeout", "0.5", "--sparql",
                       "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert code == 1 and "查询超过 0.5 秒的时限，已停止" in err


def test_an_unreachable_endpoint_is_a_clear_message_and_exit_1(capsys):
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    for argv in (["--endpoint", url, "query", "maturity_levels"], ["query", "maturity_levels", "--endpoint", url],
                 ["gaps", "--endpoint", url]):
        code, _, err = run(capsys, *argv)
        assert code == 1 and err.startswith(f"cdtkg: 无法连接 SPARQL 端点 {url}") and "Traceback" not in err


def test_push_to_an_unreachable_endpoint_is_a_clear_message(capsys):
    url = f"http://127.0.0.1:{_free_port()}/sparql"
    code, _, err = run(capsys, "push", "--endpoint", url, "--user", "dba", "--password", "x")
    assert code == 1 and "无法连接 SPARQL 端点" in err


def test_options_given_before_the_command_are_kept(capsys, tmp_path):
    code, _, err = run(capsys, "--corpus", str(tmp_path / "nowhere"), "query", "maturity_levels")
    assert code == 2 and "nowhere" in err


def test_the_readme_example_of_query_runs(capsys, tmp_path):
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = re.search(r"^\| `cdtkg query` \|.*\| `cdtkg (query [^`]*)` \|$", readme, re.M).group(1)
    argv = shlex.split(example)
    argv[argv.index("-o") + 1] = str(tmp_path / "out.xlsx")
    code, _, err = run(capsys, *argv)
    assert code == 0, err
    assert (tmp_path / "out.xlsx").stat().st_size > 0
