"""Against a real Virtuoso: `cdtkg push` loads the built graph, and every named query gives the
same rows there as on the embedded store.

Debian's virtuoso-opensource is installed with apt-get when it is missing and the tests run as
root; the server is started on loopback with a temporary database folder and its own ports,
and stopped at the end. List cells (…；…) are compared as sets and an empty list as no value:
SPARQL fixes neither GROUP_CONCAT's order nor what it returns for no values.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from app.cli import main
from app.explorer_server import stop
from loaders.build import current_graph_file
from queries.endpoint import EndpointBackend
from queries.library import named_queries
from built import built_graph
from queries.graph import Graph

GRAPH = "https://w3id.org/cdtkg/resource/graph"
OURS = sorted(n for n in named_queries() if not n.startswith("app_"))
VAD = Path("/usr/share/virtuoso-opensource-7/vad")
VSP = Path("/var/lib/virtuoso-opensource-7/vsp")


def _virtuoso_binary() -> str | None:
    found = shutil.which("virtuoso-t")
    if found or os.geteuid() != 0:
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], env=env, check=False, capture_output=True, timeout=900)
    done = subprocess.run(["apt-get", "install", "-y", "-q", "virtuoso-opensource"], env=env, check=False,
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        pytest.fail(f"apt-get install virtuoso-opensource failed: {done.stderr[-800:]}")
    return shutil.which("virtuoso-t")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ini(folder: Path, sql_port: int, http_port: int) -> str:
    db = folder / "db"
    db.mkdir()
    return f"""[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {VAD}
VADInstallDir = {VAD}/
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {VSP}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 20
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    binary = _virtuoso_binary()
    if binary is None:
        pytest.skip("Virtuoso is not installed and the tests are not running as root, so it cannot be "
                    "installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder, _free_port(), http_port), encoding="utf-8")
    log = open(folder / "server.log", "w")
    server = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Virtuoso did not start: {(folder / 'server.log').read_text()[-1500:]}")
                time.sleep(1)
        yield url
    finally:
        stop(server, signal.SIGTERM, seconds=60, group=True)
        log.close()


@pytest.fixture(scope="module")
def pushed(virtuoso):
    assert main(["push", "--endpoint", virtuoso, "--graph", GRAPH, "--user", "dba", "--password", "dba"]) == 0
    return virtuoso


@pytest.fixture(scope="module")
def embedded() -> Graph:
    return built_graph()


@pytest.fixture(scope="module")
def remote(pushed) -> Graph:
    return Graph(EndpointBackend(pushed, GRAPH), timeout=60)


def _comparable(result) -> list[str]:
    rows = []
    for record in result.records():
        cells = []
        for key, value in record.items():
            if value == "":
                value = None
            elif isinstance(value, str) and "；" in value:
                value = tuple(sorted(value.split("；")))
            cells.append((key, value))
        rows.append(repr(cells))
    return sorted(rows)


def _example(name) -> dict:
    return dict(pair.split("=", 1) for pair in named_queries()[name].meta.get("example", []))


def test_push_loads_every_triple_of_the_build(virtuoso, capsys):
    code = main(["push", "--endpoint", virtuoso, "--graph", GRAPH, "--user", "dba", "--password", "dba"])
    out = capsys.readouterr().out
    # graph.nt is written from each source's share, so a triple two sources hold is on two lines
    triples = len({line for line in current_graph_file().read_text(encoding="utf-8").splitlines() if line.strip()})
    assert code == 0
    assert f"{virtuoso}-graph-crud-auth" in out and f"端点报告图中现有 {triples} 个三元组" in out


def test_push_with_a_wrong_password_is_refused_clearly(virtuoso, capsys):
    code = main(["push", "--endpoint", virtuoso, "--graph", GRAPH, "--user", "dba", "--password", "wrong"])
    err = capsys.readouterr().err
    assert code == 1 and "拒绝了接收图谱（HTTP 401）" in err and "Traceback" not in err


@pytest.mark.parametrize("name", OURS)
def test_a_named_query_gives_the_same_rows_on_virtuoso(embedded, remote, name):
    params = _example(name)
    here, there = embedded.named(name, params), remote.named(name, params)
    assert there.variables == here.variables
    assert len(there) == len(here) > 0
    assert _comparable(there) == _comparable(here)


@pytest.mark.parametrize("name", [n for n in OURS if _example(n) and not any(p.required for p in named_queries()[n].params)])
def test_a_named_query_without_its_optional_parameter_gives_the_same_rows(embedded, remote, name):
    assert _comparable(remote.named(name)) == _comparable(embedded.named(name))


def test_the_gap_command_on_the_endpoint(pushed, capsys):
    assert main(["gaps", "--part", "D", "--format", "tsv"]) == 0
    here = capsys.readouterr().out
    assert main(["--endpoint", pushed, "gaps", "--part", "D", "--format", "tsv", "--graph", GRAPH]) == 0
    there = capsys.readouterr().out
    assert [line.split("\t")[0] for line in there.splitlines()] == ["notation", "D", "D.1", "D.2", "D.3", "D.4"]
    assert [line.split("\t")[-2] for line in there.splitlines()] == [line.split("\t")[-2] for line in here.splitlines()]


def test_ad_hoc_sparql_on_the_endpoint_as_json(pushed, capsys):
    code = main(["--endpoint", pushed, "query", "--graph", GRAPH, "--format", "json", "--sparql",
                 "SELECT ?l WHERE { ?x a cdt:MaturityLevel ; cdt:levelNumber 3 ; skos:prefLabel ?l }"])
    import json

    assert code == 0
    assert json.loads(capsys.readouterr().out)["results"]["bindings"] == [
        {"l": {"type": "literal", "value": "协同级", "xml:lang": "zh"}}]


def test_a_query_the_endpoint_rejects_is_reported(pushed, capsys):
    code = main(["--endpoint", pushed, "query", "--graph", GRAPH, "--sparql",
                 "SELECT (<http://example.org/no-such-function>(1) AS ?x) WHERE { }"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cdtkg: 端点拒绝了这条查询（HTTP ") and "Traceback" not in err


def test_an_endpoint_timeout_exits_1(pushed, capsys):
    code = main(["--endpoint", pushed, "query", "--graph", GRAPH, "--timeout", "1", "--sparql",
                 "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
    err = capsys.readouterr().err
    assert code == 1 and "1 秒内没有返回结果完毕" in err
