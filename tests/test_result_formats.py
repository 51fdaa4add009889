"""Every export format says what an analyst or a program reading it expects."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import openpyxl
import pyoxigraph as ox
import pytest

from loaders.problems import CdtkgError
from queries.result_formats import (COLUMN_NAMES, column_label, compact_iri, export_bytes, render_table,
                                    result_bytes, to_delimited, to_sparql_json, to_xlsx, write_result)
from built import built_graph
from queries.runner import QueryResult, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
STD = "https://w3id.org/cdtkg/resource/std/GB-T-22239-2019"


def select_result(**kw) -> QueryResult:
    rows = [
        [Term("literal", "GB/T 22239-2019"), Term("literal", "信息安全技术 网络安全等级保护基本要求", lang="zh"),
         Term("literal", "3", XSD + "integer"), Term("uri", STD)],
        [Term("literal", "=HYPERLINK(\"http://x\")"), Term("literal", "含,逗号 和 \"引号\"\n换行"), None,
         Term("bnode", "b0")],
    ]
    defaults = dict(form="SELECT", variables=["number", "title", "citedBy", "iri"], rows=rows, elapsed_ms=12.5,
                    query="SELECT ?number ?title ?citedBy ?iri WHERE { … }", params={"keyword": "安全"},
                    name="standards_catalogue", title="标准目录 / Standards catalogue", source="内置图谱 build/current",
                    started=datetime(2026, 2, 3, 9, 30, tzinfo=timezone.utc))
    defaults.update(kw)
    return QueryResult(**defaults)


# --- column headings ---------------------------------------------------------------------------------------
def test_chinese_column_names_come_from_one_mapping():
    assert column_label("locator") == "位置"
    assert column_label("?citedLocator") == "被引条款"
    assert column_label("somethingElse") == "somethingElse"
    assert COLUMN_NAMES["verdict"] == "结论"


def test_compact_iris_use_the_known_prefixes_and_read_as_text():
    assert compact_iri(STD) == "cdtr:std/GB-T-22239-2019"
    assert compact_iri("https://w3id.org/cdtkg/resource/trm/%E8%AE%BE%E6%96%BD%E5%B1%82") == "cdtr:trm/设施层"
    assert compact_iri("http://example.org/x") == "http://example.org/x"


# --- terminal table ---------------------------------------------------------------------------------------------
def test_table_has_chinese_headings_labels_for_iris_and_a_summary():
    text = render_table(select_result(variables=["number", "title", "citedBy", "standard"]),
                        labels={STD: "GB/T 22239-2019"})
    lines = text.splitlines()
    assert lines[0].split() == ["标准号", "名称", "被引文件数", "标准"]
    assert lines[2].endswith("GB/T 22239-2019")
    assert lines[-1] == "（共 2 行，用时 12 毫秒）"


def test_table_aligns_chinese_by_display_width_and_cuts_long_cells():
    long = "很长的条文" * 20
    r = select_result(variables=["text"], rows=[[Term("literal", long)], [Term("literal", "短")]])
    lines = render_table(r).splitlines()
    assert lines[2].endswith("…") and len(lines[2]) == 20   # at most 40 display columns: 19 characters and …
    assert lines[1] == "─" * 39


def test_table_hides_the_link_column_and_reports_truncation():
    r = select_result(truncated=True, limit=2)
    text = render_table(r)
    assert "IRI" not in text.splitlines()[0]
    assert text.splitlines()[-1] == "（共 2 行，用时 12 毫秒；结果超过 2 行的上限，只保留了前 2 行（用 --limit 调整））"


def test_ask_shows_yes_or_no():
    assert render_table(QueryResult(form="ASK", variables=[], rows=[], boolean=True)).startswith("是（true）")


# --- CSV / TSV -------------------------------------------------------------------------------------------------------
def test_csv_is_utf8_with_a_byte_order_mark_for_excel():
    data = to_delimited(select_result())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.startswith("number,title,citedBy,iri\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["GB/T 22239-2019", "信息安全技术 网络安全等级保护基本要求", "3", STD]
    assert rows[2] == ['=HYPERLINK("http://x")', '含,逗号 和 "引号"\n换行', "", "b0"]


def test_tsv_has_no_byte_order_mark_and_one_line_per_row():
    text = to_delimited(select_result(), "\t", bom=False).decode("utf-8")
    assert text.splitlines() == [
        "number\ttitle\tcitedBy\tiri",
        f"GB/T 22239-2019\t信息安全技术 网络安全等级保护基本要求\t3\t{STD}",
        '"=HYPERLINK(""http://x"")"\t"含,逗号 和 ""引号"" 换行"\t\tb0',
    ]


# --- SPARQL 1.1 JSON ------------------------------------------------------------------------------------------------
def test_json_is_standard_sparql_results_that_a_sparql_library_reads_back():
    data = to_sparql_json(select_result())
    doc = json.loads(data)
    assert doc["head"] == {"vars": ["number", "title", "citedBy", "iri"]}
    first = doc["results"]["bindings"][0]
    assert first["title"] == {"type": "literal", "value": "信息安全技术 网络安全等级保护基本要求", "xml:lang": "zh"}
    assert first["citedBy"] == {"type": "literal", "value": "3", "datatype": XSD + "integer"}
    assert first["iri"] == {"type": "uri", "value": STD}
    assert "citedBy" not in doc["results"]["bindings"][1]    # unbound stays absent
    parsed = list(ox.parse_query_results(data, ox.QueryResultsFormat.JSON))
    assert parsed[0]["citedBy"] == ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))
    assert parsed[1]["iri"] == ox.BlankNode("b0")


def test_ask_as_json():
    data = to_sparql_json(QueryResult(form="ASK", variables=[], rows=[], boolean=False))
    assert json.loads(data) == {"head": {}, "boolean": False}
    assert bool(ox.parse_query_results(data, ox.QueryResultsFormat.JSON)) is False


# --- xlsx --------------------------------------------------------------------------------------------------------------
def _book(result) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(result)))


def test_xlsx_has_chinese_headings_a_frozen_heading_row_and_a_filter():
    ws = _book(select_result())["结果"]
    assert [c.value for c in ws[1]] == ["标准号", "名称", "被引文件数", "IRI"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"
    assert ws["C2"].value == 3 and ws["B2"].value == "信息安全技术 网络安全等级保护基本要求"


def test_xlsx_never_turns_text_into_a_formula():
    ws = _book(select_result())["结果"]
    assert ws["A3"].value == '=HYPERLINK("http://x")' and ws["A3"].data_type == "s"


def test_xlsx_widths_fit_the_text_within_bounds():
    ws = _book(select_result())["结果"]
    widths = {c: ws.column_dimensions[c].width for c in "ABCD"}
    assert widths["B"] > widths["A"] > 8            # the Chinese title is wider than the number
    assert all(8 <= w <= 70 for w in widths.values())


def test_xlsx_second_sheet_records_query_parameters_time_and_truncation():
    book = _book(select_result(truncated=True, limit=2))
    facts = {k: v for k, v in book["查询信息"].iter_rows(min_row=2, values_only=True)}
    assert facts["查询"] == "standards_catalogue：标准目录 / Standards catalogue"
    assert facts["运行时间"] == "2026-02-03T09:30:00+00:00"
    assert facts["参数"] == "keyword = 安全"
    assert facts["是否截断"] == "是：结果超过 2 行的上限，只保存了前 2 行"
    assert facts["行数"] == 2 and facts["用时（毫秒）"] == 12.5
    assert facts["查询语句"] == "SELECT ?number ?title ?citedBy ?iri WHERE { … }"
    assert facts["数据来源"] == "内置图谱 build/current"
    assert "标准号 = ?number" in facts["列名对照"]
    assert book["查询信息"].freeze_panes == "A2"


def test_xlsx_of_an_uncut_result_says_so():
    facts = dict(_book(select_result())["查询信息"].iter_rows(min_row=2, values_only=True))
    assert facts["是否截断"] == "否（上限 10000 行）"


def test_xlsx_cells_beyond_excels_limit_are_cut_and_say_so():
    r = select_result(variables=["text"], rows=[[Term("literal", "字" * 40_000)]])
    value = _book(r)["结果"]["A2"].value
    assert len(value) <= 32_767 and value.endswith("（超出 Excel 单元格上限，已截断）")


# --- graphs ------------------------------------------------------------------------------------------------------------
def graph_result() -> QueryResult:
    return QueryResult(form="CONSTRUCT", variables=["subject", "predicate", "object"], rows=[
        [Term("uri", STD), Term("uri", "http://purl.org/dc/terms/title"),
         Term("literal", "信息安全技术 网络安全等级保护基本要求", lang="zh")]])


def test_construct_results_as_turtle_n_triples_and_json_ld():
    ttl, mime = result_bytes(graph_result(), "ttl")
    assert mime == "text/turtle" and ttl.startswith(b"@prefix") and b"@prefix cdtr: " in ttl
    nt, _ = result_bytes(graph_result(), "nt")
    assert list(ox.parse(nt, ox.RdfFormat.N_TRIPLES)) == list(ox.parse(ttl, ox.RdfFormat.TURTLE))
    jsonld, mime = result_bytes(graph_result(), "json")
    assert mime == "application/ld+json"
    assert list(ox.parse(jsonld, ox.RdfFormat.JSON_LD)) == list(ox.parse(nt, ox.RdfFormat.N_TRIPLES))


def test_rdf_formats_refuse_a_select_result():
    with pytest.raises(CdtkgError, match="只用于 CONSTRUCT 和 DESCRIBE"):
        result_bytes(select_result(), "ttl")


def test_unknown_format_is_refused():
    with pytest.raises(CdtkgError, match="未知的输出格式"):
        result_bytes(select_result(), "pdf")


# --- writing ---------------------------------------------------------------------------------------------------------------
def test_write_to_a_file_and_to_a_terminal(tmp_path):
    out = tmp_path / "sub" / "r.csv"
    write_result(select_result(), "csv", out, None)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfnumber,title")
    stream = io.StringIO()
    write_result(select_result(), "csv", None, stream)
    assert stream.getvalue().startswith("number,title")      # no byte-order mark on a terminal


def test_xlsx_needs_a_file():
    with pytest.raises(CdtkgError, match="-o"):
        write_result(select_result(), "xlsx", None, io.StringIO())


def test_an_unwritable_file_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CdtkgError, match="无法写入"):
        write_result(select_result(), "csv", blocker / "r.csv", None)


def test_a_page_table_exports_like_a_result():
    import pandas as pd

    frame = pd.DataFrame({"notation": ["A.1", "B"], "plannedCount": [5, 0]})
    data, mime = export_bytes(frame, "xlsx", query_text="SELECT …", params={"part": "A"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert [c.value for c in book["结果"][1]] == ["编号", "规划标准数"]
    assert book["结果"]["B2"].value == 5
    assert dict(book["查询信息"].iter_rows(min_row=2, values_only=True))["参数"] == "part = A"
    csv_bytes, mime = export_bytes(frame, "csv")
    assert csv_bytes.decode("utf-8-sig").splitlines() == ["notation,plannedCount", "A.1,5", "B,0"]


# --- on the real graph -------------------------------------------------------------------------------------------------
def test_a_real_named_query_to_xlsx_records_its_default_parameters():
    result = built_graph().named("roadmap_overall")
    facts = dict(_book(result)["查询信息"].iter_rows(min_row=2, values_only=True))
    assert facts["参数"] == "year = 2027"
    assert facts["查询"] == "roadmap_overall：路线图总体进展 / Overall progress against a roadmap target"
    assert [c.value for c in _book(result)["结果"][1]][:2] == ["目标年份", "目标标准数"]
