"""loaders/answer_tables.py: a question asked of every document is read from the build's table, which holds
exactly the rows its query returns; bound to one document, or made by another text of the query, it runs."""
import dataclasses

import pytest

from loaders.answer_tables import tabled_templates
from queries.ask.intents import template


def _rows(graph, query, params=None, tables=None):
    """The variables and rows of `query` on `graph`, reading `tables` in place of the build's when given."""
    held = graph.tables
    graph.tables = held if tables is None else tables
    try:
        result = graph.run(query, params or {})
        return result.variables, result.rows
    finally:
        graph.tables = held


def test_missing_references_is_a_tabled_template():
    assert "missing_references" in [p.stem for p in tabled_templates()]


@pytest.mark.parametrize("name", [p.stem for p in tabled_templates()])
def test_a_table_holds_the_rows_its_query_returns(engine, name):
    query = template(name)
    assert name in engine.tables
    assert _rows(engine, query) == _rows(engine, query, tables={})


def test_a_table_is_read_when_the_query_text_made_it(engine):
    query = template("missing_references")
    made_by, variables, rows = engine.tables["missing_references"]
    fake = {"missing_references": (made_by, variables, [])}
    assert _rows(engine, query, tables=fake) == (variables, [])   # read: nothing ran
    assert rows, "the bundled corpus has a document whose chapter 2 misses a cited standard"
    changed = dataclasses.replace(query, text=query.text + "\n# another text\n")
    assert _rows(engine, changed, tables=fake)[1] == rows            # another text: the query ran


@pytest.mark.parametrize("name", [p.stem for p in tabled_templates()])
def test_asked_of_one_document_a_table_gives_the_rows_the_query_gives(engine, name):
    query = template(name)
    param = next(p.name for p in query.params if not p.required)
    values = engine.run("SELECT DISTINCT ?d WHERE { ?d a ?class . ?c cdt:sourceDocument ?d }").column("d")
    assert len(values) >= 4
    for value in values:
        assert _rows(engine, query, {param: value}) == _rows(engine, query, {param: value}, tables={}), value
    made_by, variables, _ = engine.tables[name]
    fake = {name: (made_by, variables, [])}
    assert _rows(engine, query, {param: values[:2]}, tables=fake) == _rows(engine, query, {param: values[:2]}, tables={})
