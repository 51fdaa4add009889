"""The explorer speaks Chinese: on every page and view, through AppTest on the real corpus, no English word
appears in what the interface itself says — titles, text, captions, messages, widget labels, help and
placeholders, options, tab and expander labels, table headings, chart titles and axes. English that is data
is allowed: a word found in the graph's literals (an English term or title), an address, a file name, an
identifier (a query's name, a standard's number), a command in `code`. An all-capital abbreviation (SPARQL,
CSV, PNG, ICS) is not a word here."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pyoxigraph as ox
import pytest

from loaders.build import DEFAULT_CORPUS, build
from test_app_pages import open_page, served_as_by_cdtkg_app  # noqa: F401

R = "https://w3id.org/cdtkg/resource/"
VIEWS = [
    ("overview", {}), ("framework", {}), ("framework", {"node": "A.2"}), ("gaps", {}), ("terms", {}),
    ("terms", {"term": "城市数字底座"}), ("standards", {}), ("standards", {"view": "标准", "standard": "GB/T 34678"}),
    ("standards", {"view": "文件", "document": "T/SZS 4042-2021"}),
    ("standards", {"view": "文件", "document": "T/SZS 4042-2021", "tab": "引用了什么"}),
    ("standards", {"view": "文件", "document": "T/SZS 4042-2021", "tab": "按助动词看列项"}),
    ("standards", {"view": "起草检查"}), ("gaps", {"tab": "图表"}),
    ("maturity", {}), ("maturity", {"view": "能力项"}), ("maturity", {"view": "自评"}), ("reference_model", {}),
    ("reference_model", {"element": "感知设施"}), ("search", {"q": "数据治理"}),
    ("ask", {"q": "城市数字底座是什么", "details": "1"}), ("sparql", {}),
    ("sparql", {"mode": "具名查询", "query": "citations_of_standard", "p.standard": "GB/T 34678", "run": "1"}),
    ("changes", {}), ("draft_check", {}), ("resource", {}), ("resource", {"iri": R + "std/plan-20250317-T-469"}),
    ("resource", {"iri": R + "concept/" + quote("城市数字底座")}), ("resource", {"iri": R + "framework/A.2"}),
    ("resource", {"iri": R + "org/" + quote("华为技术有限公司")}),
]
UI_FIELDS = {"label", "help", "placeholder", "body", "options", "caption"}
NOT_PROSE = re.compile(r"<[^>]+>|https?://\S+|`[^`]*`|\]\([^)]*\)|\S+\.(?:txt|csv|md|pdf|docx|xlsx|json|tsv)\b"
                       r"|\w*[_\-/]\w[\w_\-/]*|\w+:\w\S*")
WORD = re.compile(r"[A-Za-z][a-z]{2,}")


@pytest.fixture(scope="module")
def data_words() -> set[str]:
    """Every word of the graph's literals, lower-cased: English that is data, not interface."""
    from app.resources import current_dir

    build(DEFAULT_CORPUS)
    store = ox.Store()
    store.bulk_load(path=str(current_dir(DEFAULT_CORPUS) / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return {w.lower() for q in store.quads_for_pattern(None, None, None) if isinstance(q.object, ox.Literal)
            for w in re.findall(r"[A-Za-z]+", q.object.value)}


def _fields(message, out: list[str], depth: int = 0) -> None:
    for field, value in message.ListFields():
        if field.type == field.TYPE_STRING and field.name in UI_FIELDS:
            out.extend([value] if isinstance(value, str) else value)
        elif field.type == field.TYPE_MESSAGE and depth < 2 and hasattr(value, "ListFields"):
            _fields(value, out, depth + 1)


def _chart_titles(spec: dict, out: list[str]) -> None:
    """The titles a chart shows: its own, its axes' and legends' (a field without a title shows its name)."""
    for key, value in spec.items():
        if key == "title" and isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            if "field" in value and "title" not in value and key in ("x", "y", "color", "size", "shape", "theta"):
                out.append(str(value["field"]))
            _chart_titles(value, out)
        elif isinstance(value, list):
            for v in value:
                if isinstance(v, dict):
                    _chart_titles(v, out)


def interface_strings(node, out: list[str]) -> list[str]:
    """Every string the interface shows on the page under `node` (raw HTML and CSS excluded)."""
    kind = getattr(node, "type", None)
    if kind == "html":
        return out
    proto = getattr(node, "proto", None)
    if kind == "vega_lite_chart":
        _chart_titles(json.loads(proto.spec), out)
    elif kind in ("dataframe", "arrow_data_frame"):
        out.extend(str(c) for c in node.value.columns)
    elif proto is not None and hasattr(proto, "ListFields"):
        _fields(proto, out)
    for child in getattr(node, "children", {}).values():
        interface_strings(child, out)
    return out


@pytest.mark.parametrize("page, query", VIEWS, ids=[f"{p}-{'-'.join(q.values())[:30]}" for p, q in VIEWS])
def test_no_english_word_in_the_interface(page, query, data_words):
    at = open_page(page, **query)
    english = {}
    for text in interface_strings(at._tree, []):
        for word in WORD.findall(NOT_PROSE.sub(" ", text)):
            if word.lower() not in data_words:
                english.setdefault(word, text[:80])
    assert not english, english


def test_the_check_finds_english_where_there_is_some(data_words):
    """The test above can fail: an English label and a default chart axis are found."""
    import altair as alt
    import pandas as pd
    from streamlit.testing.v1 import AppTest

    def script():
        import altair as alt
        import pandas as pd
        import streamlit as st

        st.text_input("Show data")
        st.altair_chart(alt.Chart(pd.DataFrame({"zebras": ["a"], "n": [1]})).mark_bar().encode(x="n:Q", y="zebras:N"))

    at = AppTest.from_function(script).run()
    texts = interface_strings(at._tree, [])
    found = {w for t in texts for w in WORD.findall(NOT_PROSE.sub(" ", t)) if w.lower() not in data_words}
    assert {"Show", "zebras"} <= found
    del alt, pd
