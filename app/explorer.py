"""The cdtkg explorer: `cdtkg app` (or `streamlit run app/explorer.py -- --corpus DIR`).

One entry file with st.navigation; one module per page under app/pages/. Pages show
what queries/ returns and hold no domain logic.
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import streamlit as st

# `streamlit run app/explorer.py` puts app/ on the path, not the project root.
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from app import resources, widgets  # noqa: E402
from loaders.problems import CdtkgError  # noqa: E402

st.set_page_config(page_title="城市全域数字化转型标准体系知识图谱", page_icon=":material/location_city:", layout="wide",
                   initial_sidebar_state="auto")


def _page(name: str, icon: str, default: bool = False) -> st.Page:
    path, title = widgets.PAGES[name]
    return st.Page(path, title=title, icon=icon, url_path=name, default=default)


SECTIONS = {
    "浏览": [
        _page("overview", ":material/dashboard:", default=True),
        _page("framework", ":material/account_tree:"),
        _page("gaps", ":material/troubleshoot:"),
        _page("terms", ":material/menu_book:"),
        _page("standards", ":material/description:"),
        _page("maturity", ":material/stacked_line_chart:"),
        _page("reference_model", ":material/architecture:"),
    ],
    "查找": [
        _page("search", ":material/search:"),
        _page("ask", ":material/forum:"),
        _page("sparql", ":material/code:"),
    ],
    "跟踪": [
        _page("changes", ":material/history:"),
    ],
}


def _sidebar(warning: str) -> None:
    with st.sidebar:
        with st.form("global-search", clear_on_submit=True, border=False):
            q = st.text_input("全文检索", placeholder="术语、条款、标准号…", label_visibility="collapsed")
            if st.form_submit_button("检索", width="stretch") and q.strip():
                widgets.go("search", q=q.strip())
        info = resources.build_info()
        if info:
            when = datetime.fromtimestamp(info.get("built_at") or 0).strftime("%Y-%m-%d %H:%M")
            st.caption(f"语料：{Path(info.get('corpus', '')).name} · {len(info.get('documents', []))} 份文档 · "
                       f"{info.get('triples', 0):,} 个三元组 · 构建于 {when}")
        if warning:
            st.warning(warning, icon=":material/warning:")
        if st.button("重新构建图谱", help="语料有变化时重新解析（只重建变化的文档）", width="stretch"):
            with st.spinner("正在构建…"), widgets.plain_errors("构建失败"):
                resources.rebuild()
                st.rerun()


def main() -> None:
    nav = st.navigation(SECTIONS, position="sidebar")
    try:
        warning = resources.ensure_built()
    except CdtkgError as e:
        st.error(f"图谱尚不可用：{e}", icon=":material/warning:")
        st.info("请检查语料后在终端运行 `cdtkg build` 查看详情，然后刷新本页。")
        return
    _sidebar(warning)
    widgets.show_address()
    try:
        nav.run()
    except CdtkgError as e:
        st.error(str(e), icon=":material/warning:")
    except Exception as e:  # a bug: say so in plain words, never a traceback
        st.error(f"页面出错：{type(e).__name__}: {e}。请把这条信息和页面地址告诉维护者。", icon=":material/bug_report:")


main()
