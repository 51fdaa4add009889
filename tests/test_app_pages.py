"""The explorer, page by page, through Streamlit's AppTest on the real corpus: every page renders
without an exception, and what a committee member, a drafter or an analyst does on it gives the
expected content."""
from __future__ import annotations

import csv
import io
import json
import re
import zlib
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from built import built_graph
from openpyxl import load_workbook
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from loaders.build import DEFAULT_CORPUS, build

APP = Path(__file__).resolve().parent.parent / "app" / "explorer.py"
TIMEOUT = 180
PAGE_TITLES = {
    "overview": "城市全域数字化转型标准体系知识图谱", "framework": "标准体系", "gaps": "差距分析", "terms": "术语",
    "standards": "标准与引用", "maturity": "成熟度模型", "reference_model": "参考模型", "search": "搜索",
    "ask": "问答", "sparql": "SPARQL 查询", "changes": "变更", "draft_check": "检查草案", "resource": "资源",
}
# The definitions of 城市数字底座, verbatim from the two documents that define it.
FOUNDATION_001 = "用于支撑城市全域数字化转型目标实现的数字基础设施、数据资源、数字化共性基础、安全保障体系等内容的有机整体。"
FOUNDATION_CTMM = "为城市全域数字化转型发展、支撑城市数据融合创新场景的相关硬件设施、软件平台、模型算法、数据资源等内容的有机整体。"


@pytest.fixture(scope="module", autouse=True)
def built():
    build(DEFAULT_CORPUS)


@pytest.fixture(autouse=True)
def served_as_by_cdtkg_app(monkeypatch):
    """Run the pages as `cdtkg app` serves them: through explorer.py's st.navigation, with
    Streamlit's legacy `pages/` folder behaviour off (see app/explorer_server.py)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def downloads(monkeypatch):
    """Every file the pages offer for download in this test, by media-file id."""
    files: dict[str, tuple[bytes, str, str | None]] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (path_or_data, mimetype, filename)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    # A file the page writes only when its button is pressed (data given as a function) has no
    # address without a server: write it as the press would, here, so the test can read it.
    from streamlit.elements.widgets import button

    deferred = button.marshall_file

    def written(coordinates, data, *args, **kwargs):
        return deferred(coordinates, data() if callable(data) else data, *args, **kwargs)

    monkeypatch.setattr(button, "marshall_file", written)
    return files


def open_page(name: str, **query) -> AppTest:
    """The explorer opened at `name` with `query` in the address, as a shared link opens it."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if name != "overview":
        at.switch_page(f"pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def downloaded(at: AppTest, files: dict, label: str) -> tuple[bytes, str | None]:
    """The bytes and file name behind the download button labelled `label`."""
    [button] = [b for b in at.get("download_button") if b.label == label]
    file_id = Path(urlparse(button.proto.url).path).stem
    data, _, filename = files[file_id]
    return data, filename


def frames(at: AppTest):
    return [d.value for d in at.dataframe]


def col(frame, heading: str):
    """The column headed `heading` (a column whose cells open a page is headed `heading ›`)."""
    return frame[heading] if heading in frame.columns else frame[heading + " ›"]


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def links(at: AppTest) -> list[tuple[str, str, dict]]:
    """Every in-app link on the page: (label, target page, query parameters); a link to another view
    of the same page is a link-styled button, listed as (label, "", {})."""
    return [(l.proto.label, l.proto.page, {k: v[0] for k, v in parse_qs(l.proto.query_string).items()})
            for l in at.main.get("page_link")] + [(b.label, "", {}) for b in at.main.button if b.proto.type == "tertiary"]


def follow(at: AppTest, label: str) -> AppTest:
    """Click the link to another view of the same page labelled `label`."""
    [button] = [b for b in at.button if b.proto.type == "tertiary" and b.label == label]
    return button.click().run()


def click_cell(at: AppTest, key: str, row: int, heading: str) -> AppTest:
    """Click the cell of the table `key` at `row` (its position in the rows given) under `heading`, as
    the browser reports a selected cell."""
    at.session_state[key] = {"selection": {"rows": [], "columns": [], "cells": [[row, heading]]}}
    return at.run()


def went_to(at: AppTest) -> tuple[str, dict] | None:
    """The view a click sent the browser to (the address in widgets.go's script), or None."""
    for frame in at.get("iframe"):           # (not the script that checks the address once a view is drawn)
        found = "pushState" in frame.proto.srcdoc and re.search(r'new URL\(("[^"]*")', frame.proto.srcdoc)
        if found:
            page, _, query = json.loads(found.group(1)).partition("?")
            return page, {k: v[0] for k, v in parse_qs(query).items()}
    return None


def unmarked(html: str) -> str:
    return re.sub(r"</?mark>", "", html)


# --- every page ------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(PAGE_TITLES))
def test_every_page_renders_without_an_error(name):
    at = open_page(name)
    assert texts(at.title) == [PAGE_TITLES[name]]
    assert not at.error, texts(at.error)
    # rendered inside explorer.py: its sidebar (global search, build information) is there
    assert [t.proto.placeholder for t in at.sidebar.text_input] == ["术语、条款、标准号…"]
    assert any(c.startswith("语料：corpus") for c in texts(at.sidebar.caption))
    # the documents of the manifest, as `cdtkg build` counts them (not the cross-document step)
    assert any("· 5 份文档 ·" in c for c in texts(at.sidebar.caption))


def test_the_build_problems_are_counted_in_the_sidebar_and_opened_list_each_with_its_file_line_and_document():
    from app.resources import build_info

    problems = build_info(DEFAULT_CORPUS)["problems"]
    at = open_page("overview")
    [panel] = [e for e in at.sidebar.expander if e.proto.label.startswith("构建问题")]
    assert f"警告 {sum(p['severity'] == 'warning' for p in problems)}" in panel.proto.label
    assert not panel.caption                                    # folded: its list is drawn when opened
    at.session_state["build-problems"] = True
    at.run()
    [panel] = [e for e in at.sidebar.expander if e.proto.label.startswith("构建问题")]
    listed = "\n".join(texts(panel.caption))
    assert all(p["message"] in listed for p in problems)
    line = next(p for p in problems if p.get("line"))
    assert f"{line['file']} 第 {line['line']} 行" in listed
    opened = [(l.proto.label, parse_qs(l.proto.query_string)) for l in panel.get("page_link")]
    assert opened and all(label.startswith("打开 ") and q["view"] == ["文件"] for label, q in opened)


VIEWS_WITH_TABLES = [("overview", {}), ("framework", {"node": "A.2"}), ("gaps", {}), ("terms", {}),
                     ("standards", {}), ("standards", {"standard": "GB/T 34678"}),
                     ("standards", {"view": "文件", "document": "T/SZS 4042-2021", "tab": "按助动词看列项"}),
                     ("standards", {"view": "文件", "document": "T/SZS 4042-2021", "tab": "引用了什么"}),
                     ("maturity", {}), ("maturity", {"view": "自评"}), ("reference_model", {"element": "数据安全"}),
                     ("changes", {})]


@pytest.mark.parametrize("name, query", VIEWS_WITH_TABLES)
def test_no_table_heads_two_columns_alike(name, query):
    at = open_page(name, **query)
    for frame in frames(at):
        headings = [str(c).removesuffix(" ›") for c in frame.columns]
        assert len(headings) == len(set(headings)), (name, query, headings)


# --- 总览 ---------------------------------------------------------------------------------------------------
def test_the_overview_counts_what_the_graph_holds_and_the_2027_progress():
    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["收录文件"] == "5"
    assert metrics["体系节点"] == "67"
    assert metrics["规划标准"] == "290"
    assert metrics["成熟度能力项"] == "39"
    [progress] = at.get("progress")
    # group standards do not count toward the target (指南: 国际标准、国家标准、技术文件): 001 and 003 are in progress
    assert progress.proto.text.startswith("已发布 0 项，在编 2 项（征求意见 2）")
    assert "目标至少 30 项，还差 28 项" in progress.proto.text
    assert len(at.get("vega_lite_chart")) == 3          # topics, the cumulative chart and the A–E heat map
    assert int(metrics["发现的问题"]) > 0
    findings = next(f for f in frames(at) if "文件 ›" in f.columns)      # each document opens its resource page
    assert {"20250317-T-469", "T/SZS 4042-2021"} <= set(findings["文件 ›"])
    # the heat map's caption counts the verdicts as `cdtkg gaps` does, every node included
    from queries.gaps import gap_table, summary

    assert any(c.startswith(summary(gap_table(built_graph(DEFAULT_CORPUS)))) for c in texts(at.caption))
    assert ("打开各文件的起草检查清单 →", "standards", {"view": "起草检查"}) in links(at)


# --- 标准体系 ---------------------------------------------------------------------------------------------
def test_a_node_page_lists_its_planned_and_covering_standards_and_aligned_notions():
    at = open_page("framework", node="B.1.1")
    assert "B.1.1 感知基础设施" in texts(at.subheader)
    planned, covering = frames(at)
    assert list(col(planned, "规划标准")) == ["感知终端部署及管理", "感知终端互操作", "感知终端系统", "城市感知数据模型", "感知平台及接口"]
    assert any("GB/T 28181-2022" in str(link) for link in col(covering, "标准"))
    aligned = [(label, params) for label, _, params in links(at) if label.startswith("【")]
    assert aligned == [("【组成要素】感知设施（相同）", {"element": "感知设施"}),
                       ("【能力项】感知设施（相同）", {"view": "能力项", "item": "感知设施"})]
    assert any("三、（二）1.（1）" in c for c in texts(at.caption))
    follow(at, "↑ 上级：B.1 城市数字基础设施")
    assert at.query_params["node"] == "B.1" and "B.1 城市数字基础设施" in texts(at.subheader)


def test_a_planned_standard_already_fulfilled_shows_the_document_that_fulfils_it():
    at = open_page("framework", node="A.2")
    planned = frames(at)[0]
    row = planned[col(planned, "规划标准") == "总体参考架构"].iloc[0]
    assert row["已有标准 ›"] == "20250317-T-469 城市全域数字化转型 技术参考模型"     # a link to its resource page


def test_each_planned_standard_opens_its_own_page_fulfilled_or_not():
    at = open_page("framework", node="A.2")
    planned = frames(at)[0]
    row = list(col(planned, "规划标准")).index("总体参考架构")
    page, params = went_to(click_cell(at, "f-planned", row, "规划标准 ›"))
    assert page == "resource" and "/framework/A.2/planned/" in params["iri"]
    at = open_page("resource", **params)
    assert texts(at.title) == ["总体参考架构"]
    assert "#### 规划于体系节点 A.2 参考架构" in texts(at.markdown)
    shown = [label for label, _, _ in links(at)]         # links to other resources: buttons on the same page
    assert "20250317-T-469 城市全域数字化转型 技术参考模型（征求意见稿）" in shown and "打开节点 A.2 参考架构 的资源页" in shown
    assert ("在“标准体系”中查看这个节点", {"node": "A.2"}) in [(label, params) for label, _, params in links(at)]
    page, params = went_to(click_cell(open_page("framework", node="B.1.1"), "f-planned", 0, "规划标准 ›"))
    at = open_page("resource", **params)
    assert texts(at.title) == ["感知终端部署及管理"]
    assert any("还没有实现这项规划标准" in i for i in texts(at.info))


def test_the_tree_finds_nodes_by_notation_and_keeps_their_ancestors():
    at = open_page("framework", q="B.2.1.1")
    tree = [label.strip("\u3000") for label, page, _ in links(at)]
    assert tree == ["B 数字底座", "B.2 城市智能中枢", "B.2.1 城市数据资源", "B.2.1.1 基础数据资源",
                    "B.2.1.1.1 城市数据资源目录 · 规划 11 项", "B.2.1.1.2 城市数据采集汇聚 · 规划 8 项",
                    "B.2.1.1.3 城市数据资源库 · 规划 12 项"]
    assert [e.proto.label.split("（")[0] for e in at.main.expander] == ["**B** 数字底座"]


# --- 差距分析 ---------------------------------------------------------------------------------------------
def test_the_gap_table_filters_by_verdict_and_exports_the_rows_shown(downloads):
    at = open_page("gaps", verdict="缺口", part="C 转型应用")
    table = frames(at)[0]      # the gap table; the programme's 2027 progress follows it
    assert len(table) > 0 and set(table["结论"]) == {"缺口"}
    assert all(str(n).startswith("C.") for n in col(table, "编号"))
    assert list(table.columns[:3]) == ["编号 ›", "名称 ›", "结论"]          # the key columns first; names are links
    data, name = downloaded(at, downloads, "下载 CSV")
    assert name == "标准体系缺口分析.csv" and data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(table) + 1 and set(r[rows[0].index("结论")] for r in rows[1:]) == {"缺口"}
    assert rows[0] == [c.removesuffix(" ›") for c in table.columns]      # the headings on screen
    xlsx, _ = downloaded(at, downloads, "下载 XLSX")
    book = load_workbook(io.BytesIO(xlsx))
    assert book.active.max_row == len(table) + 1
    assert [c.value for c in book.active[1]] == rows[0]
    info = {r[0].value: r[1].value for r in book["查询信息"].iter_rows(min_row=2)}
    assert info["查询"] == "gap_analysis：标准体系缺口分析"
    assert set(info["参数"].splitlines()) == {"部分 = C 转型应用", "结论 = 缺口"}
    assert info["用时（毫秒）"] > 0 and "PREFIX" in info["查询语句"] and "构建于" in info["数据来源"]


def test_a_cell_naming_several_things_lists_each_under_the_table_as_a_link_to_its_page():
    at = open_page("gaps", part="A 基础通用")
    table = frames(at)[0]
    row = list(col(table, "编号")).index("A.1")
    for heading, count in (("覆盖标准", "覆盖标准数"), ("规划标准", "规划标准数")):
        click_cell(at, "g-table", row, heading + " ›")
        assert not at.exception, [e.value for e in at.exception]
        assert f"第 {row + 1} 行“{heading}”中的 {table[count][row]} 项，点击打开它的页面：" in texts(at.caption)
        named = [(label, params["iri"]) for label, page, params in links(at) if page.endswith("resource")]
        assert len(named) == table[count][row] and len({i for _, i in named}) == len(named)
        cell = col(table, heading)[row]
        assert all(label in cell for label, _ in named), (named, cell)
        if heading == "覆盖标准":
            assert dict(named)["GB/T 37043-2018 智慧城市 术语"].endswith("/std/GB-T-37043-2018")


def test_every_name_of_a_gap_cell_has_its_own_page():
    """The names listed for a cell are the names the gap table counts and prints there, for every node."""
    from app.names import node_name_targets
    from queries.graph import Graph

    rows = Graph.open(DEFAULT_CORPUS).named("gap_analysis").records()
    notations = [r["notation"] for r in rows]
    listed = {c: node_name_targets(notations, c) for c in ("planned", "covering", "topics")}
    for n, r in enumerate(rows):
        parts = {c: [p for p in (r.get(c) or "").split("；") if p] for c in listed}
        names = {c: [name for name, _ in (listed[c][n] or [])] for c in listed}
        assert len(names["planned"]) == r["plannedCount"] and len(names["covering"]) == r["coveringCount"], r
        assert sorted(names["planned"]) == sorted(parts["planned"]) and sorted(names["topics"]) == sorted(parts["topics"])
        assert all(any(p.startswith(name) for p in parts["covering"]) for name in names["covering"]), r
        assert all(t and t[0] == "resource" for c in listed for _, t in listed[c][n] or [])


def test_the_choices_inside_a_page_are_kept_in_its_address():
    at = open_page("framework", depth="1")
    assert at.slider(key="f_depth").value == 1
    at.slider(key="f_depth").set_value(2).run()
    assert at.query_params["depth"] == "2"
    at = open_page("maturity", view="自评", mode="逐条勾选具备的特征", city="深圳")
    assert at.radio(key="m_mode").value == "逐条勾选具备的特征" and at.text_input(key="m_city").value == "深圳"
    at.radio(key="m_mode").set_value("按能力项选择等级").run()
    assert at.query_params["mode"] == "按能力项选择等级"
    at = open_page("terms", term="数据")
    [pick] = at.radio
    other = pick.options[1]
    pick.set_value(other).run()
    assert at.query_params["pick"] == other
    assert open_page("terms", term="数据", pick=other).radio[0].value == other


def test_the_gap_filters_are_kept_in_the_address():
    at = open_page("gaps")
    at.selectbox(key="g_verdict").set_value("缺口").run()
    assert at.query_params["verdict"] == "缺口"
    assert set(frames(at)[0]["结论"]) == {"缺口"}


def test_the_gap_charts_are_a_tab_of_their_own_kept_in_the_address_and_drawn_only_when_chosen():
    at = open_page("gaps", verdict="缺口")
    assert not at.get("vega_lite_chart") and frames(at)
    at = open_page("gaps", verdict="缺口", tab="图表")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2 and all("部分覆盖" not in c.proto.spec for c in charts)   # they follow the filters
    assert frames(at)[0].columns[0] != "编号 ›"                   # the gap table is not drawn behind the tab


# --- 术语 -------------------------------------------------------------------------------------------------------
def test_a_term_shows_both_definitions_side_by_side_with_the_differences_marked():
    at = open_page("terms", term="城市数字底座")
    assert texts(at.subheader) == ["城市数字底座  ·  city digital foundation"]
    md = texts(at.markdown)
    assert "**20250317-T-469** 3.5" in md and "**城市全域数字化转型 成熟度模型** 3.3" in md
    definitions = [m for m in md if "<mark>" in m]
    assert [unmarked(m) for m in definitions] == [FOUNDATION_001, FOUNDATION_CTMM]
    assert "来源：GB/T 37043，4.3（原样采用）" in texts(at.caption)


def test_a_term_is_found_by_its_english_name_and_by_typing_it():
    at = open_page("terms")
    at.text_input(key="t_term").input("digital twin").run()
    assert texts(at.subheader) == ["数字孪生  ·  digital twin"]
    assert at.query_params["term"] == "digital twin"


def test_an_abbreviation_shows_its_expansion_and_documents():
    at = open_page("terms", term="CIM")
    assert any("CIM — 城市信息模型（City Information Modeling）" in m for m in texts(at.markdown))


def test_the_terms_defined_differently_are_listed():
    at = open_page("terms")
    listed = [label for label, _, _ in links(at) if "：" in label]
    assert [label.split("：")[0] for label in listed] == ["城市全域数字化转型", "城市数字底座", "数据治理"]
    follow(at, listed[2])
    assert at.query_params["term"] == "数据治理" and texts(at.subheader)[0].startswith("数据治理")


# --- 标准与引用 ----------------------------------------------------------------------------------------------
def test_a_standard_page_shows_who_cites_it_where_and_what_replaced_it():
    at = open_page("standards", standard="GB/T 34678-2017")
    assert texts(at.subheader) == ["GB/T 34678-2017《智慧城市 技术参考模型》"]
    assert any("被 20250317-T-469 代替" in m for m in texts(at.markdown))
    [cites] = frames(at)
    tszs = cites[col(cites, "文件") == "T/SZS 4042-2021"]
    assert {"8.1.5.2", "8.1.6 b)", "8.2.5.2"} <= set(col(tszs, "位置"))


def test_a_document_page_lists_its_requirements_by_modality():
    at = open_page("standards", view="文件", document="城市全域数字化转型 技术参考模型", modality="宜")
    provisions = frames(at)[0]
    assert set(provisions["助动词"]) == {"宜"}
    assert list(provisions["位置"]) == ["7.1.1.1 d)", "7.1.1.1 e)", "7.1.1.1 f)", "7.1.2.1 f)", "7.1.3.1 g)",
                                        "7.2.2 h)", "7.3.2.2 j)"]
    assert not at.main.expander                 # a link naming a modality opens the list items’ tab alone
    # the clause tree folds one section per top-level clause, its subclauses inside
    at = open_page("standards", view="文件", document="城市全域数字化转型 技术参考模型")
    assert [e.proto.label.split(" ")[0] for e in at.expander][:4] == ["前言", "1", "2", "3"]
    assert not any(m.strip().startswith("**7.2.9 数据安全") for m in texts(at.markdown))   # folded: not drawn
    at = open_page("standards", view="文件", document="城市全域数字化转型 技术参考模型", clause="7.2.9")
    assert any(m.strip().startswith("**7.2.9 数据安全") for m in texts(at.markdown))       # its section open


def test_the_drafting_checklist_of_a_document_is_downloadable(downloads):
    at = open_page("standards", view="起草检查", document="20250317-T-469")
    labels = [c.label for c in at.checkbox]
    assert any(label.startswith("7.2.9 a)") and "GB/T 43697-2024" in label for label in labels)
    data, name = downloaded(at, downloads, "下载 CSV")
    assert name == "20250317-T-469起草检查清单.csv"   # a place names a document short: number, else plan number
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(labels)
    assert {r["label"] for r in rows} >= {"GB/T 43697-2024"}


# --- 成熟度模型 ------------------------------------------------------------------------------------------------
LEVELS = ["一级（基础级）", "二级（发展级）", "三级（协同级）", "四级（融合级）", "五级（引领级）"]


def test_the_matrix_shows_39_items_one_level_at_a_time_and_filters_by_domain():
    at = open_page("maturity")
    assert [t.label for t in at.tabs] == LEVELS
    [matrix] = frames(at)
    assert matrix.shape[0] == 39
    # the item and its feature first, then the names of its subdomain and domain; every name opens its page
    assert list(matrix.columns) == ["能力项 ›", "一级（基础级）", "能力子域 ›", "能力域 ›"]
    at.selectbox(key="m_domain").set_value("城市数字更新").run()
    assert list(col(frames(at)[0], "能力项")) == ["总体部署", "基础设施更新", "社区服务更新"]
    assert at.query_params["domain"] == "城市数字更新"
    at = open_page("maturity", level="四级（融合级）", domain="城市数字更新")      # a shared link opens its level
    [matrix] = frames(at)
    assert list(matrix.columns) == ["能力项 ›", "四级（融合级）", "能力子域 ›"] and len(matrix) == 3
    assert all(matrix["四级（融合级）"])


def _grid(frame) -> tuple[dict, int]:
    """The column settings of a table as the page gives them to the grid (by heading), and its rows' height."""
    return json.loads(frame.proto.columns), frame.proto.row_height


@pytest.mark.parametrize("page, query, key, wide", [("maturity", {"level": level}, "能力项 ›", level) for level in LEVELS]
                         + [("terms", {}, "术语 ›", "定义")])
def test_long_text_is_wrapped_whole_beside_its_name_in_view_at_1024_px(page, query, key, wide):
    """The feature of each item, the definition of each term: the column second, after the pinned name, both
    within the 560 px of a 1024 px window beside the sidebar, and the rows high enough for the longest text."""
    from app.widgets import LINE_PX, ROW_PADDING_PX

    frame = open_page(page, **query).dataframe[0]
    columns, row_height = _grid(frame)
    assert list(frame.value.columns[:2]) == [key, wide]
    assert columns[key]["pinned"] and not any(c.get("pinned") for h, c in columns.items() if h != key)
    assert columns[key]["width"] + columns[wide]["width"] <= 560
    # the grid's 14 px font: Han characters 14 px, a line of the column holds (width - padding) / 14 of them
    per_line = (columns[wide]["width"] - 28) // 14
    longest = max(len(str(v)) for v in frame.value[wide])
    assert (row_height - ROW_PADDING_PX) // LINE_PX >= -(-longest // per_line), (longest, per_line, row_height)


def test_an_item_page_shows_its_five_levels_and_the_standards_that_help():
    at = open_page("maturity", view="能力项", item="共性支撑平台")
    assert texts(at.subheader) == ["共性支撑平台"]
    assert [c for c in texts(at.caption) if c.startswith("来源：")] == [
        f"来源：表7 共性支撑平台 {n}级" for n in "一二三四五"]
    helpers = frames(at)[0]
    assert any("城市全域数字化转型 城市智能中枢 能力评价" in str(x) for x in col(helpers, "标准"))


def test_the_self_assessment_computes_levels_under_the_lower_levels_rule(downloads):
    at = open_page("maturity", view="自评", levels="3" * 39)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["城市总体等级"] == "三级（协同级）"
    sliders = {s.label: s for s in at.select_slider}
    sliders["感知设施"].set_value(1).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["城市总体等级"] == "一级（基础级）"
    domains = frames(at)[0]
    assert dict(zip(col(domains, "能力域"), domains["等级"]))["城市数字底座"] == "一级（基础级）"
    assert "能力域 ›" in domains.columns
    assert at.query_params["levels"] == "".join("1" if s.label == "感知设施" else "3" for s in at.select_slider)
    gaps = [f for f in frames(at) if "要点" in f.columns]
    assert len(gaps) == 1 and set(col(gaps[0], "能力项")) == {"感知设施"} and set(gaps[0]["目标等级"]) == {"二级（发展级）"}
    assert "能力项 ›" in gaps[0].columns
    xlsx, name = downloaded(at, downloads, "下载自评结果（XLSX）")
    wb = load_workbook(io.BytesIO(xlsx))
    assert wb["总体"]["C2"].value == "一级（基础级）"


def test_with_two_editions_of_the_model_the_page_assesses_against_the_one_picked(tmp_path, monkeypatch, copy_corpus):
    from loaders.synthetic_corpus import add_variant
    from built import built_graph
    from queries.maturity_assessment import load_model, model_documents

    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    add_variant(corpus, "gbt-maturity-model-ctmm-draft", 1)
    monkeypatch.setenv("CDTKG_CORPUS", str(corpus))
    build(corpus)
    at = open_page("maturity")
    picker = at.selectbox(key="m_model")
    assert picker.options == ["城市全域数字化转型 成熟度模型（征求意见稿，gbt-maturity-model-ctmm-draft-v1.txt）",
                              "城市全域数字化转型 成熟度模型（征求意见稿，gbt-maturity-model-ctmm-draft.txt）"]
    assert "39 个能力项" in " ".join(texts(at.caption))
    assert frames(at)[0].shape[0] == 39                       # one edition's matrix, not both
    picker.set_value(picker.options[1]).run()
    assert at.query_params["model"] == picker.options[1]
    assert frames(at)[0].shape[0] == 39
    engine = built_graph(corpus)
    first, second = (load_model(engine, d["model"]) for d in model_documents(engine))
    assert len(first.items) == len(second.items) == 39 and not {i.iri for i in first.items} & {i.iri for i in second.items}
    assert len(load_model(engine).items) == 78


# --- 参考模型 --------------------------------------------------------------------------------------------------
def test_the_reference_model_is_drawn_and_an_element_lists_its_requirements_by_modality():
    at = open_page("reference_model")
    [diagram] = at.get("graphviz_chart")
    spec = diagram.proto.spec
    assert '"数据层" -> "设施层" [label="依赖"]' in spec and '"应用层" -> "共性能力层" [label="依赖"]' in spec
    assert sum('lhead=cluster_layers' in line for line in spec.splitlines()) == 3     # each support system
    assert '"城市智能中枢" -> "数据层"' in spec and '"城市数字底座" -> "设施层"' in spec
    at = open_page("reference_model", element="数据安全", modality="应")
    assert texts(at.subheader) == ["数据安全"]
    requirements = frames(at)[0]
    assert list(requirements["位置"]) == [f"7.2.9 {m})" for m in "abcdef"]
    assert requirements["原文"].iloc[0] == "依据 GB/T 43697-2024 的规则开展数据分类分级管理，明确安全等级与保护措施；"
    aligned = [(label, params) for label, _, params in links(at) if label.startswith("【")]
    assert ("【标准体系框架节点】E.1 数据安全与隐私保护（相近）", {"node": "E.1"}) in aligned
    follow(at, "↑ 上级：数据层")
    assert at.query_params["element"] == "数据层" and texts(at.subheader) == ["数据层"]


# --- 搜索 and 问答 -------------------------------------------------------------------------------------------
def test_a_search_highlights_the_words_and_links_each_hit_to_its_page():
    at = open_page("search", q="GB/T28181")
    label, page, params = links(at)[0]
    assert label == "**1. 【标准】GB/T 28181-2022 公共安全视频监控联网系统信息传输、交换、控制技术要求**"
    assert page.endswith("standards") and params == {"view": "标准", "standard": "GB/T 28181-2022"}
    assert any("<mark>GB/T 28181-2022</mark>" in m for m in texts(at.markdown))
    assert all(target is not None for target in [p for _, p, _ in links(at)])
    # the document a hit is in opens its own page
    at = open_page("search", q="数据共享交换")
    documents = [(label, params) for label, page, params in links(at) if label.startswith("文件：")]
    assert ("文件：T/SZS 4042-2021《城市数字化转型顶层设计指南》",
            {"iri": "https://w3id.org/cdtkg/resource/std/T-SZS-4042-2021"}) in documents


def test_a_search_filters_by_kind_and_says_what_to_do_when_nothing_matches():
    at = open_page("search", q="一表通", kind="等级特征")
    hits = [label for label, _, _ in links(at) if label.startswith("**")]     # not the hits' documents
    assert hits and all("【等级特征】" in h for h in hits)
    at = open_page("search", q="xyzzy")
    assert any("没有找到" in i for i in texts(at.info))


def test_an_answer_shows_its_sources_and_on_request_how_it_was_found():
    at = open_page("ask", q="什么是城市智能中枢？", details="1")
    [answer] = texts(at.success)
    assert "综合应用新一代信息技术" in answer
    assert ("20250317-T-469《城市全域数字化转型 技术参考模型》 3.4", {"term": "城市智能中枢"}) in [(l, p) for l, _, p in links(at)]
    assert "**意图（问答规则）**：`definition`" in texts(at.markdown)
    assert any("SELECT" in c.value for c in at.code)


def test_an_answers_details_are_part_of_its_address_and_name_each_thing_as_a_link():
    question = "哪些条款引用了GB/T 37971-2019？"
    at = open_page("ask", q=question)
    assert not [m for m in texts(at.markdown) if m.startswith("**意图")]          # hidden until asked for
    at.toggle(key="a_details").set_value(True).run()
    assert at.query_params["details"] == "1" and [m for m in texts(at.markdown) if m.startswith("**意图")]
    entities = next(f for f in frames(at) if "识别为 ›" in f.columns)
    row = list(entities["问题中的文字"]).index("gb/t 37971-2019")
    values = [v for f in frames(at) if "参数" in f.columns for v in col(f, "值")]
    assert "GB/T 37971-2019《信息安全技术 智慧城市安全体系框架》" in values and not [v for v in values if "://" in v]
    assert "问题中的事物" in {p for f in frames(at) if "参数" in f.columns for p in f["参数"]}
    suffix = f"{zlib.crc32(question.encode('utf-8')):08x}"
    assert went_to(click_cell(at, f"a-entities-{suffix}", row, "识别为 ›")) == (
        "resource", {"iri": "https://w3id.org/cdtkg/resource/std/GB-T-37971-2019"})
    at = open_page("ask", q=question, details="1")                     # a shared address shows them at once
    assert at.toggle(key="a_details").value and [m for m in texts(at.markdown) if m.startswith("**意图")]


def test_a_question_outside_the_corpus_is_not_answered():
    at = open_page("ask", q="火星基地的供氧标准是什么？")
    assert not at.success
    assert texts(at.warning)[0].startswith("无法回答：")


# --- SPARQL ----------------------------------------------------------------------------------------------------
def test_a_named_query_runs_with_its_parameters_and_downloads_the_rows(downloads):
    at = open_page("sparql")
    at.selectbox(key="sp_name").set_value("citations_of_standard").run()
    at.text_input(key="sp_p_citations_of_standard_standard").input("GB/T 34678-2017").run()
    at.button(key="sp-run-named").click().run()
    [table] = frames(at)
    assert len(table) == 8 and list(table.columns[:3]) == ["文件", "位置", "类型"]
    assert any(c.startswith("SELECT · 8 行") for c in texts(at.caption))
    assert at.query_params["query"] == "citations_of_standard"
    assert at.query_params["p.standard"] == "GB/T 34678-2017"
    data, name = downloaded(at, downloads, "下载 CSV")
    assert name == "citations_of_standard.csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 9 and rows[0][:2] == ["文件", "位置"]          # the headings on screen
    js, _ = downloaded(at, downloads, "下载 JSON")
    assert len(json.loads(js)["results"]["bindings"]) == 8
    xlsx, _ = downloaded(at, downloads, "下载 XLSX")
    assert load_workbook(io.BytesIO(xlsx)).worksheets[0].max_row == 9


def test_each_press_of_run_runs_the_parameters_typed_then():
    at = open_page("sparql", query="citations_of_standard", **{"p.standard": "GB/T 34678-2017"}, run="1")
    assert len(frames(at)[0]) == 8
    for number in ("GB/T 28181-2022", "GB/T 34678-2017", "GB/T 43697-2024"):
        at.text_input(key="sp_p_citations_of_standard_standard").input(number).run()
        at.button(key="sp-run-named").click().run()
        assert at.query_params["p.standard"] == number
        [table] = frames(at)
        assert set(table["被引标准"]) == {number}, number
    # the session's history lists each run, newest first, with its parameters in Chinese
    [history] = [e for e in at.main.expander if e.proto.label.startswith("本次浏览的查询记录")]
    runs = [b.label for b in history.button]
    assert [re.search(r"GB/T \d+-\d+", r).group() for r in runs] == [
        "GB/T 43697-2024", "GB/T 34678-2017", "GB/T 28181-2022", "GB/T 34678-2017"]
    assert all("citations_of_standard（" in r and "standard" not in r.split("（", 1)[1] for r in runs), runs


def test_switching_modes_keeps_the_query_typed_and_runs_nothing_unasked():
    query = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
    at = open_page("sparql", sparql=query, run="1", mode="自己写 SPARQL")
    assert len(frames(at)[0]) == 2
    at.radio(key="sp_mode").set_value("具名查询").run()
    assert "run" not in at.query_params
    at.radio(key="sp_mode").set_value("自己写 SPARQL").run()
    assert at.session_state["sp_text"] == query
    assert not at.error and not frames(at)


def test_a_full_width_space_in_sparql_is_pointed_at():
    at = open_page("sparql", sparql="SELECT ?s WHERE {\n  ?s ?p\u3000?o }", run="1")
    [error] = texts(at.error)
    assert "第 2 行第 8 列是全角空格" in error


def test_a_result_mixing_numbers_and_text_is_shown_and_its_iris_can_be_shown_in_full():
    at = open_page("sparql", sparql="SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 200", run="1")
    assert not at.exception and len(frames(at)[0]) == 200
    named = (~frames(at)[0].iloc[:, 1].str.startswith("http")).sum()
    assert named > 150                                                    # predicates by their names
    at.radio(key="sp_show").set_value("IRI").run()
    assert frames(at)[0].iloc[:, 1].str.startswith("http").all()
    assert at.query_params["show"] == "IRI"


def test_own_sparql_shows_labels_not_iris():
    query = ("PREFIX cdt: <https://w3id.org/cdtkg/ontology#>\n"
             "SELECT ?node WHERE { ?node a cdt:FrameworkNode } ORDER BY ?node LIMIT 3")
    at = open_page("sparql", sparql=query, run="1")
    [table] = frames(at)
    assert list(table.iloc[:, 0]) == ["A 基础术语及通用架构", "A.1 术语定义", "A.2 参考架构"]


@pytest.mark.parametrize("query, words", [
    ("DELETE WHERE { ?s ?p ?o }", "只允许只读查询"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT ?s WHERE { ?s ?p }", "第 1 行"),
])
def test_refused_or_broken_sparql_is_explained_in_plain_words(query, words):
    at = open_page("sparql", sparql=query, run="1")
    [error] = texts(at.error)
    assert words in error and "Traceback" not in error
    assert not at.dataframe


# --- 变更 -------------------------------------------------------------------------------------------------------
def test_the_changes_page_shows_what_moved_between_two_builds(tmp_path, monkeypatch, copy_corpus):
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    monkeypatch.setenv("CDTKG_CORPUS", str(corpus))
    build(corpus)
    at = open_page("changes")
    assert any("还没有可比较的上一次构建" in i for i in texts(at.info))
    guide = corpus / "guideline-standards-system-2026.txt"
    guide.write_text(guide.read_text(encoding="utf-8").replace("数据分类分级指南、", "", 1), encoding="utf-8")
    # the sidebar's button rebuilds, says how it went, and the page drawn after it compares the two builds
    at.sidebar.button[[b.label for b in at.sidebar.button].index("重新构建图谱")].click().run()
    [status] = at.sidebar.status
    assert status.label.startswith("构建完成：") and "“变更”页列出与上一次构建的差别" in status.label
    assert not any("还没有可比较的上一次构建" in i for i in texts(at.info))
    at = open_page("changes")
    summary = frames(at)[0]
    row = summary[col(summary, "方面") == "规划标准"].iloc[0]
    assert (row["删除"], row["之前行数"], row["现在行数"]) == (1, 290, 289)
    # one aspect at a time, kept in the address; the summary's aspects open theirs
    assert went_to(click_cell(at, "c-summary-", list(col(summary, "方面")).index("规划标准"), "方面 ›")) is None
    assert at.query_params["aspect"] == "规划标准"
    [removed] = [f for f in frames(at) if "规划标准 ›" in f.columns or "规划标准" in f.columns]
    assert "数据分类分级指南" in removed.to_string()
    notation = col(removed, "编号").iloc[0]
    assert went_to(click_cell(at, "c-del-planned_standards", 0, "编号 ›")) == ("framework", {"node": notation})
    at = open_page("changes", aspect="规划标准")                      # a shared address shows the same aspect
    assert at.radio(key="c_aspect").value == "规划标准"


# --- 检查草案 ----------------------------------------------------------------------------------------------------
def test_the_draft_page_checks_a_draft_and_links_its_findings_to_the_graph(downloads):
    from openpyxl import load_workbook

    at = open_page("draft_check")
    assert any("上传草案文件" in t for t in texts(at.info))
    at.selectbox(key="draft-sample").select("城市全域数字化转型 技术参考模型（征求意见稿）").run()
    assert not at.exception and not at.error, texts(at.error)
    assert [m.label for m in at.metric][:1] == ["错误"] and at.metric[0].value == "2"
    assert any("GB/T 43697-2024" in t for t in texts(at.markdown))
    assert ("在图谱中查看 GB/T 43697-2024", "standards", {"view": "标准", "standard": "GB/T 43697-2024"}) in links(at)
    assert any(label.startswith("在图谱中查看术语“") for label, page, _ in links(at) if page.endswith("terms"))
    assert any(e.proto.label.startswith("草案 7.2.9 原文") for e in at.expander)
    data, name = downloaded(at, downloads, "下载意见汇总处理表（XLSX）")
    assert name == "gbt-technical-reference-model-draft-检查意见.xlsx"
    header = next(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert header == ("序号", "章条编号", "问题", "建议", "依据")



# --- the problems, one by one ---------------------------------------------------------------------
def test_finding_a_deep_node_shows_it_whatever_the_depth_browsed():
    at = open_page("framework")
    at.text_input(key="f_q").input("B.2.1.3.1").run()
    tree = [label.strip("\u3000") for label, _, _ in links(at)]
    assert any(label.startswith("B.2.1.3.1 ") for label in tree), tree
    assert at.query_params["q"] == "B.2.1.3.1"


@pytest.mark.parametrize("number", ["GB/T 34678", "GB/T 43697"])
def test_an_undated_number_finds_the_clauses_citing_any_edition_and_counts_them_once(number):
    at = open_page("standards", standard=number)
    [cites] = frames(at)
    assert len(cites) > 0
    caption = next(c for c in texts(at.caption) if c.startswith("被 "))
    assert caption.startswith(f"被 {col(cites, '文件').nunique()} 份文件引用，共 {len(cites)} 处")
    assert not [i for i in texts(at.info) if "没有条款引用" in i]
    sp = open_page("sparql", query="citations_of_standard", **{"p.standard": number}, run="1")
    assert len(frames(sp)[0]) == len(cites)


def test_an_unknown_number_is_not_found_rather_than_uncited():
    at = open_page("standards", standard="GB/T 99999")
    [info] = texts(at.info)
    assert "没有找到标准“GB/T 99999”" in info and not frames(at)


def test_a_search_hit_on_a_list_item_opens_its_clause_first_with_the_item_marked():
    at = open_page("search", q="数据共享交换")
    hits = [(label, params) for label, page, params in links(at) if params.get("hit")]
    assert hits, "a hit on a list item links to its clause with the item"
    label, params = hits[0]
    assert params["hit"].startswith(params["clause"] + " ")          # `6.3.1.3 b) 3)` in clause 6.3.1.3
    doc = open_page("standards", **params)
    shown = [m for m in texts(doc.markdown) if "cdtkg-hit" in m]
    assert len(shown) == 1 and "<mark>数据共享" in shown[0]
    assert texts(doc.markdown).index(shown[0]) < 12                 # at the top, before the clause tree


def test_search_shows_no_raw_score_and_no_hit_twice():
    at = open_page("search", q="数据")
    shown = [label for label, _, _ in links(at) if label.startswith("**")]    # the hits, not their documents
    assert not [c for c in texts(at.caption) if "相关度" in c]
    bodies = [(label.split("】", 1)[-1]) for label in shown if label.startswith("**")]
    assert len(bodies) == len(set(bodies)) or len(shown) == len(set(shown))


def test_no_cell_or_caption_says_none_or_nan():
    for name, query in [("standards", {"view": "文件", "document": d, "tab": t}) for d in
                        ("城市全域数字化转型 技术参考模型", "城市全域数字化转型 成熟度模型", "T/SZS 4042-2021")
                        for t in ("条款树", "按助动词看列项", "引用了什么")] + [
                        ("gaps", {}), ("standards", {}), ("terms", {}), ("framework", {"node": "A.2"})]:
        at = open_page(name, **query)
        for frame in frames(at):
            cells = frame.astype(str).to_numpy().ravel()
            assert not {"None", "nan", "NaN", "<NA>"} & set(cells), (name, query)
        words = " ".join(texts(at.caption) + texts(at.markdown))
        assert not re.search(r"(?<![A-Za-z])(None|nan)(?![A-Za-z])", words), (name, query)


def test_the_overview_counts_are_the_build_summary_counts():
    from app.resources import build_info

    at = open_page("overview")
    metrics = {m.label: m.value for m in at.metric}
    info = build_info(DEFAULT_CORPUS)
    cdt = "https://w3id.org/cdtkg/ontology#"
    assert metrics["体系节点"] == str(info["classes"][cdt + "FrameworkNode"])
    assert metrics["收录文件"] == str(len([d for d in info["documents"] if d["kind"] != "corpus"]))
    assert any(f"{metrics['收录文件']} 份文档" in c for c in texts(at.sidebar.caption))


def test_a_read_only_explorer_offers_no_rebuild(monkeypatch):
    import sys

    monkeypatch.setattr(sys, "argv", [*sys.argv, "--read-only"])
    at = open_page("overview")
    assert "重新构建图谱" not in [b.label for b in at.sidebar.button]
    assert any("只读" in c for c in texts(at.sidebar.caption))
    at.switch_page("pages/changes.py").run()                 # nor sends a user to the button it has not
    assert not [t for t in texts(at.info) + texts(at.markdown) if "重新构建" in t]


def test_the_overview_says_in_words_which_2027_topics_have_nothing_under_way_and_what_counts():
    at = open_page("overview")
    captions = texts(at.caption)
    [notes] = [c for c in captions if "还没有立项的方向" in c]
    assert "典型场景应用" in notes and "只计国际标准、国家标准和技术文件" in notes
    # links inside the app open in the same tab: in-app links, never Markdown links in captions
    assert ("2030 年的目标和方向：在差距分析中按年份单独筛选 →", "gaps", {"year": "2030"}) in links(at)
    assert not [c for c in captions if "](" in c]


@pytest.mark.parametrize("name, query, page", [("terms", {"term": "qqxzv"}, "search"),
                                               ("search", {"q": "qqxzv"}, "ask"),
                                               ("standards", {"standard": "GB/T 99999"}, "search"),
                                               ("resource", {"q": "qqxzv"}, "search")])
def test_where_nothing_is_found_the_view_to_try_instead_is_a_link_in_the_same_tab(name, query, page):
    at = open_page(name, **query)
    assert not [m for m in texts(at.info) + texts(at.caption) + texts(at.markdown) if "](" in m]
    assert [label for label, target, _ in links(at) if target.endswith(page)], links(at)


def test_an_answers_details_name_things_in_chinese_and_keep_iris_whole():
    at = open_page("ask", q="什么是城市智能中枢？", details="1")
    frames_ = frames(at)
    entities = [f for f in frames_ if "问题中的文字" in f.columns][0]
    kinds = re.findall(r"（([^）]+)）", " ".join(col(entities, "识别为")))
    assert kinds and all(re.fullmatch(r"[\u4e00-\u9fff]+", k) for k in kinds), kinds
    bindings = [f for f in frames_ if "参数" in f.columns]
    assert bindings and all(not str(v).endswith(("，class", "，doc")) for f in bindings for v in col(f, "值"))
    assert not [m for m in texts(at.markdown) if "http" in m and "，" in m]


def test_an_element_whose_requirements_sit_in_its_clause_shows_them():
    at = open_page("reference_model", element="算力设施")
    assert not [i for i in texts(at.info) if "没有" in i]
    [reqs] = frames(at)
    assert len(reqs) > 0 and all(str(n).startswith("7.1.3") for n in reqs["条款号"])


@pytest.mark.parametrize("name, query", [("overview", {}), ("gaps", {"tab": "图表"})])
def test_every_chart_offers_its_picture_as_png_and_svg(name, query):
    at = open_page(name, **query)
    charts = at.get("vega_lite_chart")
    labels = [b.label for b in at.get("download_button")]
    assert charts and labels.count("下载图 PNG") == labels.count("下载图 SVG") == len(charts)
