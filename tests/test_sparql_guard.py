"""The guard screens every user query before any engine sees it: read-only, no SERVICE, no FROM."""
from __future__ import annotations

import http.server
import re
import threading

import pytest

from loaders.problems import QueryError
from loaders.sparql_header import LOADER_QUERIES, read_header
from queries.library import named_queries
from queries.graph import OWN_QUERY_DIRS
from queries.sparql_guard import DEFAULT_PREFIXES, RefusedQuery, own, screen


# --- what passes -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, form", [
    ("SELECT ?s WHERE { ?s ?p ?o }", "SELECT"),
    ("ASK { ?s a cdt:Layer }", "ASK"),
    ("CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }", "CONSTRUCT"),
    ("DESCRIBE <https://w3id.org/cdtkg/resource/std/GB-T-22239-2019>", "DESCRIBE"),
    ('SELECT ?s WHERE { ?s ?p "SERVICE FROM INSERT" } # SERVICE in a comment', "SELECT"),
    ("SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }", "SELECT"),
])
def test_read_only_queries_pass_with_their_form(text, form):
    assert screen(text).form == form


def test_the_well_known_prefixes_need_no_declaration():
    q = screen("SELECT ?l WHERE { ?x a cdt:FrameworkNode ; skos:prefLabel ?l ; dcterms:title ?t ; foaf:name ?n }")
    assert q.declared_prefixes == frozenset()
    sent = q.text_with_prefixes()
    assert sent.splitlines()[:4] == [
        "PREFIX cdt: <https://w3id.org/cdtkg/ontology#>",
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
        "PREFIX dcterms: <http://purl.org/dc/terms/>",
        "PREFIX foaf: <http://xmlns.com/foaf/0.1/>",
    ]
    assert set(DEFAULT_PREFIXES) == {"cdt", "cdtr", "skos", "dcterms", "foaf", "rdf", "rdfs", "owl", "xsd"}


def test_a_declared_prefix_is_not_declared_twice():
    q = screen("PREFIX cdt: <https://w3id.org/cdtkg/ontology#>\nSELECT * WHERE { ?s a cdt:Clause }")
    assert q.declared_prefixes == frozenset({"cdt"})
    assert q.text_with_prefixes() == q.text


def test_every_query_of_the_project_passes_the_guard_and_is_read_alike_without_the_parser():
    # the app and `cdtkg` run their own queries through `own`, which trusts this test to have screened them
    files = [f for d in (*OWN_QUERY_DIRS, LOADER_QUERIES) for f in sorted(d.rglob("*.rq"))]
    assert len(files) > len(named_queries())
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert own(text) == screen(text), f


def test_every_query_a_loader_runs_has_a_header_and_is_read_by_the_module_it_names():
    root = LOADER_QUERIES.parent.parent
    files = sorted(LOADER_QUERIES.glob("*.rq"))
    assert files
    for path in files:
        meta = read_header(path.read_text(encoding="utf-8"))
        assert all(meta.get(k) for k in ("title", "purpose", "returns", "used-by")), path.name
        user = root / meta["used-by"][0].split()[0]
        assert f'loader_query("{path.stem}")' in user.read_text(encoding="utf-8"), path.name


def test_no_loader_writes_a_query_with_prefixes_of_its_own():
    """A query a loader runs is a .rq file with a header (loaders/sparql/), not a string of Python."""
    loaders = LOADER_QUERIES.parent
    assert [p.name for p in sorted(loaders.glob("*.py")) if re.search(r"(?m)^\s*PREFIX\s+\w*:", p.read_text())] == []


def test_a_query_of_the_project_that_is_not_a_query_form_is_refused():
    with pytest.raises(QueryError, match="INSERT"):
        own("PREFIX cdt: <https://w3id.org/cdtkg/ontology#>\nINSERT DATA { cdt:a cdt:b cdt:c }")


# --- updates are refused --------------------------------------------------------------------------
@pytest.mark.parametrize("text, keyword, line, column", [
    ("INSERT DATA { <http://a/s> <http://a/p> <http://a/o> }", "INSERT", 1, 1),
    ("PREFIX ex: <http://a/>\nDELETE WHERE { ?s ?p ?o }", "DELETE", 2, 1),
    ("DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "DELETE", 1, 1),
    ("LOAD <file:///etc/passwd>", "LOAD", 1, 1),
    ("LOAD <http://example.org/data.ttl> INTO GRAPH <http://g/>", "LOAD", 1, 1),
    ("DELETE DATA { <http://a/s> <http://a/p> <http://a/o> }", "DELETE", 1, 1),
    ("CLEAR ALL", "CLEAR", 1, 1),
    ("CLEAR SILENT GRAPH <http://g/>", "CLEAR", 1, 1),
    ("DROP GRAPH <http://g/>", "DROP", 1, 1),
    ("CREATE GRAPH <http://g/>", "CREATE", 1, 1),
    ("ADD DEFAULT TO <http://g/>", "ADD", 1, 1),
    ("MOVE DEFAULT TO <http://g/>", "MOVE", 1, 1),
    ("COPY DEFAULT TO <http://g/>", "COPY", 1, 1),
    ("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", 1, 1),
    ("  insert data { <http://a/s> <http://a/p> 1 }", "INSERT", 1, 3),
])
def test_update_forms_are_refused_with_their_keyword_and_place(text, keyword, line, column):
    with pytest.raises(RefusedQuery) as e:
        screen(text)
    assert keyword in str(e.value) and "只读" in str(e.value)
    assert (e.value.line, e.value.column) == (line, column)


def test_a_query_followed_by_an_update_is_refused():
    with pytest.raises(QueryError):
        screen("SELECT * WHERE { ?s ?p ?o } ; DROP ALL")


# --- SERVICE is refused wherever it is ---------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { ?s ?p ?o . { { SERVICE <http://example.org/sparql> { ?s ?q ?r } } } }",
    "SELECT * WHERE { ?ep ?p ?o . SERVICE ?ep { ?s ?q ?r } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { SERVICE <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <http://example.org/sparql> { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <http://example.org/sparql> { ?s ?q ?r } } }",
    "ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }",
])
def test_service_is_refused_anywhere(text):
    with pytest.raises(RefusedQuery) as e:
        screen(text)
    assert "SERVICE" in str(e.value)
    assert e.value.line == 1 and e.value.column == text.upper().index("SERVICE") + 1


# --- FROM / FROM NAMED never fetch: they are refused ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "ASK FROM <file:///tmp/x.ttl> { ?s ?p ?o }",
    "CONSTRUCT { ?s ?p ?o } FROM <file:///tmp/x.ttl> WHERE { ?s ?p ?o }",
    "DESCRIBE ?s FROM <http://example.org/d> WHERE { ?s ?p ?o }",
])
def test_from_and_from_named_are_refused(text):
    with pytest.raises(RefusedQuery) as e:
        screen(text)
    assert "FROM" in str(e.value) and "删去" in str(e.value)
    assert e.value.column == text.upper().index("FROM") + 1


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def _record(self):
        _Recorder.requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<http://a/s> <http://a/p> <http://a/o> .")

    do_GET = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture()
def recorder():
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_rdflib_would_fetch_a_from_graph_so_the_guard_must_refuse_it_first(recorder, tmp_path):
    """The threat is real: rdflib's Dataset loads FROM graphs; behind the guard nothing is fetched."""
    from rdflib import Dataset

    query = f"SELECT * FROM <{recorder}/data.ttl> WHERE {{ ?s ?p ?o }}"
    rows = list(Dataset().query(query))
    assert _Recorder.requests == ["GET /data.ttl"] and len(rows) == 1
    _Recorder.requests.clear()
    with pytest.raises(RefusedQuery):
        screen(query)
    assert _Recorder.requests == []


def test_a_refused_service_query_never_reaches_the_network(recorder):
    from queries.graph import Graph
    from queries.runner import EmbeddedBackend
    import pyoxigraph as ox

    runner = Graph(EmbeddedBackend(ox.Store()))
    for text in (f"SELECT * WHERE {{ SERVICE <{recorder}/sparql> {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ BIND(<{recorder}/sparql> AS ?ep) SERVICE ?ep {{ ?s ?p ?o }} }}",
                 f"SELECT * FROM <{recorder}/data.ttl> WHERE {{ ?s ?p ?o }}",
                 f"LOAD <{recorder}/data.ttl>"):
        with pytest.raises(RefusedQuery):
            runner.run(text)
    assert _Recorder.requests == []


# --- syntax errors: line, column and a hint --------------------------------------------------------------
def test_a_syntax_error_names_line_column_and_what_is_there():
    with pytest.raises(QueryError) as e:
        screen("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}")
    err = e.value
    assert (err.line, err.column) == (4, 3)
    assert str(err).startswith("第 4 行第 3 列：SPARQL 语法错误：无法理解“FILTER(?s = )”附近的内容。")
    assert "提示" in str(err)


@pytest.mark.parametrize("query, place, says", [
    ("SELECT ?s WHERE {\n  ?s ?p ?o\n", (1, 17), ["这个“{”没有配对的“}”"]),
    ("SELECT ?s WHERE { ?s ?p ?o FILTER(?o > 1)) }", (1, 42), ["多出一个“)”"]),
    ("SELECT * WHERE {\n  ?s ex:p ?o }", (2, 6), ["未声明的前缀 ex:", "cdt:"]),
    ("SELEC * WHERE { ?s ?p ?o }", (1, 1), ["关键字拼写"]),
], ids=["unclosed brace", "extra closing parenthesis", "unknown prefix with the known ones", "misspelt keyword"])
def test_a_mistake_is_pointed_at_by_line_and_column_and_named(query, place, says):
    with pytest.raises(QueryError) as e:
        screen(query)
    assert (e.value.line, e.value.column) == place
    for words in says:
        assert words in str(e.value)


def test_an_empty_query_is_refused_with_what_to_give():
    with pytest.raises(QueryError) as e:
        screen("   \n ")
    assert "查询为空" in str(e.value)


def test_query_errors_are_bad_input_and_exit_2():
    with pytest.raises(QueryError) as e:
        screen("DROP ALL")
    assert e.value.exit_code == 2
