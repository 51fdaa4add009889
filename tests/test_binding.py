"""Parameters are bound as terms in a VALUES block, typed by the query's header — never spliced."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from loaders.problems import CdtkgError, QueryError
from queries.binding import bind_adhoc, bind_declared, inject_values
from queries.library import named_query, parse_header

XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def test_declared_parameters_are_typed_and_defaults_filled():
    assert bind_declared(named_query("roadmap_overall"), {}) == {"year": ox.Literal("2027", datatype=XSD_INTEGER)}
    assert bind_declared(named_query("roadmap_overall"), {"year": " 2030 "}) == {
        "year": ox.Literal("2030", datatype=XSD_INTEGER)}
    assert bind_declared(named_query("framework_tree"), {}) == {}          # an empty default binds nothing


def test_an_iri_parameter_accepts_a_prefixed_name(tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("# title: 测试 / Test\n# param: ?doc (iri, required) 文件\nSELECT ?t WHERE { ?doc ?p ?t }\n",
                  encoding="utf-8")
    assert bind_declared(parse_header(rq), {"doc": "cdtr:std/T-SZS-4042-2021"}) == {
        "doc": ox.NamedNode("https://w3id.org/cdtkg/resource/std/T-SZS-4042-2021")}
    with pytest.raises(CdtkgError, match="不是合法的 iri"):
        bind_declared(parse_header(rq), {"doc": "http://a/b> } DROP ALL #"})


@pytest.mark.parametrize("params, message", [
    ({}, "需要参数 standard"),
    ({"standard": "  "}, "需要参数 standard"),
    ({"standard": "GB/T 1", "other": "x"}, "没有参数 other"),
])
def test_missing_or_unknown_parameters_are_refused(params, message):
    with pytest.raises(CdtkgError, match=message):
        bind_declared(named_query("citations_of_standard"), params)


def test_ad_hoc_parameters_are_written_as_in_sparql():
    text = "SELECT * WHERE { ?s ?p ?o ; ?q ?label ; ?r ?n ; ?x ?plain }"
    assert bind_adhoc(text, {"s": "<cdtr:std/GB-T-22239-2019>", "label": '"设施层"@zh',
                             "n": '"5"^^<xsd:integer>', "plain": "a \"quoted\" } value"}) == {
        "s": ox.NamedNode("https://w3id.org/cdtkg/resource/std/GB-T-22239-2019"),
        "label": ox.Literal("设施层", language="zh"),
        "n": ox.Literal("5", datatype=XSD_INTEGER),
        "plain": ox.Literal('a "quoted" } value'),
    }


def test_an_ad_hoc_parameter_must_name_a_variable_of_the_query():
    with pytest.raises(CdtkgError, match=r"查询中没有变量 \?x，"):
        bind_adhoc("SELECT * WHERE { ?xs ?p ?o }", {"x": "1"})


def test_values_open_the_outer_where_group_and_each_sub_select_naming_a_parameter():
    text = ("PREFIX ex: <http://e/>\nSELECT ?s ?n WHERE { ?s ex:p ?o . { SELECT ?o WHERE { ?o ?q ?r } } "
            "{ SELECT ?t WHERE { ?t ?q ?u } } }")
    bound = inject_values(text, {"o": ox.Literal("x"), "n": ox.Literal("1", datatype=XSD_INTEGER)})
    assert bound == ("PREFIX ex: <http://e/>\nSELECT ?s ?n WHERE {"
                     'VALUES (?o ?n) { ("x" "1"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n'
                     ' ?s ex:p ?o . { SELECT ?o WHERE {VALUES (?o) { ("x") }\n ?o ?q ?r } } '
                     "{ SELECT ?t WHERE { ?t ?q ?u } } }")


def test_a_parameter_only_a_sub_select_names_is_bound_there_only():
    text = "SELECT ?d WHERE { { SELECT ?d WHERE { ?d ?p ?wanted } } ?d ?q ?r }"
    assert inject_values(text, {"wanted": ox.Literal("x")}) == (
        'SELECT ?d WHERE { { SELECT ?d WHERE {VALUES (?wanted) { ("x") }\n ?d ?p ?wanted } } ?d ?q ?r }')


def test_for_an_endpoint_values_close_the_groups_instead():
    text = "SELECT ?s WHERE { ?s ?p ?o . { SELECT ?o WHERE { ?o ?q ?r } } }"
    bound = inject_values(text, {"o": ox.Literal("x")}, opening=False)
    assert bound == ('SELECT ?s WHERE { ?s ?p ?o . { SELECT ?o WHERE { ?o ?q ?r VALUES (?o) { ("x") }\n} } '
                     'VALUES (?o) { ("x") }\n}')


def test_a_parameter_reaches_a_sub_select_that_picks_rows_by_it():
    store = ox.Store()
    for s, label in (("a", "甲"), ("b", "乙")):
        store.add(ox.Quad(ox.NamedNode(f"http://e/{s}"), ox.NamedNode("http://e/label"), ox.Literal(label)))
    text = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s <http://e/label> ?l FILTER(?l = ?wanted) } } }"
    bound = inject_values(text, {"wanted": ox.Literal("乙")})
    assert [str(r["s"]) for r in store.query(bound)] == ["<http://e/b>"]


def test_values_skip_a_construct_template_and_braces_in_strings_and_comments():
    text = 'CONSTRUCT { ?s ?p "}" } # } not here\nWHERE { ?s ?p ?o FILTER(?o != "}") } LIMIT 5'
    bound = inject_values(text, {"s": ox.NamedNode("http://a/s")})
    assert bound.endswith('WHERE {VALUES (?s) { (<http://a/s>) }\n ?s ?p ?o FILTER(?o != "}") } LIMIT 5')
    assert inject_values("SELECT * { ?s ?p ?o }", {"s": ox.NamedNode("http://a/s")}) == (
        "SELECT * {VALUES (?s) { (<http://a/s>) }\n ?s ?p ?o }")


def test_for_an_endpoint_strings_are_written_as_xsd_string():
    bound = inject_values("SELECT * { ?s ?p ?o ; ?q ?l }", {"o": ox.Literal('数据"层'), "l": ox.Literal("设施层", language="zh")},
                          typed_strings=True)
    assert 'VALUES (?o ?l) { ("数据\\"层"^^<http://www.w3.org/2001/XMLSchema#string> "设施层"@zh) }' in bound


def test_a_value_cannot_change_the_query():
    hostile = '"} } DROP ALL ; SELECT * WHERE { #'
    bound = inject_values("SELECT ?s WHERE { ?s ?p ?k }", {"k": ox.Literal(hostile)})
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal(hostile)))
    assert [str(r["s"]) for r in store.query(bound)] == ["<http://a/s>"]


def test_nothing_to_bind_into_is_an_error():
    with pytest.raises(QueryError, match="没有 WHERE"):
        inject_values("DESCRIBE <http://a/s>", {"x": ox.Literal("1")})
    assert inject_values("DESCRIBE <http://a/s>", {}) == "DESCRIBE <http://a/s>"


def test_a_parameter_opens_each_union_branch_and_exists_group_naming_it_not_optional_or_minus():
    text = ("SELECT * WHERE { { ?s ?p ?x } UNION { ?s ?q ?r . ?r ?p ?x } ?s ?p ?o "
            "FILTER NOT EXISTS { ?x ?p ?s } OPTIONAL { ?x ?q ?l } MINUS { ?x ?q ?s } VALUES ?k { 1 } }")
    bound = inject_values(text, {"x": ox.NamedNode("http://a/x")})
    block = "VALUES (?x) { (<http://a/x>) }\n"
    assert bound == ("SELECT * WHERE {" + block + " {" + block + " ?s ?p ?x } UNION {" + block + " ?s ?q ?r . ?r ?p ?x } "
                     "?s ?p ?o FILTER NOT EXISTS {" + block + " ?x ?p ?s } OPTIONAL { ?x ?q ?l } MINUS { ?x ?q ?s } "
                     "VALUES ?k { 1 } }")
    # an endpoint keeps one block closing the outer group
    assert inject_values(text, {"x": ox.NamedNode("http://a/x")}, opening=False).count("VALUES (?x)") == 1


def test_a_union_bound_in_its_branches_gives_the_rows_of_one_bound_outside():
    store = ox.Store()
    e = lambda s: ox.NamedNode(f"http://e/{s}")  # noqa: E731
    for s, p, o in (("a", "in", "c1"), ("c1", "up", "top"), ("b", "in", "top"), ("z", "in", "other")):
        store.add(ox.Quad(e(s), e(p), e(o)))
    text = ("SELECT ?s WHERE { { ?s <http://e/in> ?t } UNION { ?s <http://e/in> ?c . ?c <http://e/up> ?t } "
            "FILTER NOT EXISTS { ?s <http://e/in> <http://e/none> } } ORDER BY ?s")
    bound = inject_values(text, {"t": e("top")})
    outside = bound.replace("{VALUES (?t) { (<http://e/top>) }\n ?s", "{ ?s")
    assert bound.count("VALUES (?t)") == 3 and outside.count("VALUES (?t)") == 1
    assert [str(r["s"]) for r in store.query(bound)] == [str(r["s"]) for r in store.query(outside)] == [
        "<http://e/a>", "<http://e/b>"]
