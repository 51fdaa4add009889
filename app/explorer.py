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
from app.icon_font import ICON_FALLBACK_CSS, ICON_FALLBACK_SCRIPT  # noqa: E402
from loaders.build_counts import build_counts  # noqa: E402
from loaders.problems import CdtkgError  # noqa: E402

APP_TITLE = "城市全域数字化转型标准知识图谱"


def _icon():
    """The tab icon, drawn here: a Material or emoji icon would be fetched from a font host outside
    the network on every page load."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((1, 1, 30, 30), radius=6, fill="#1565c0")
    for x, h in ((7, 12), (14, 20), (21, 15)):
        draw.rectangle((x, 27 - h, x + 4, 26), fill="white")
    return img


st.set_page_config(page_title=APP_TITLE, page_icon=_icon(), layout="wide", initial_sidebar_state="auto")


def _page(name: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(widgets.page_file(name), title=widgets.PAGES[name], icon=icon, url_path=name, default=default)


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
        _page("resource", ":material/link:"),
    ],
    "跟踪": [
        _page("changes", ":material/history:"),
    ],
    "起草": [
        _page("draft_check", ":material/fact_check:"),
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
            counts = build_counts(info)
            st.caption(f"语料：{Path(info.get('corpus', '')).name} · {counts.documents} 份文档 · "
                       f"{info.get('triples', 0):,} 个三元组 · 警告 {counts.warnings} 条 · 构建于 {when}"
                       + (" · 只读" if resources.read_only() else ""))
        if warning:
            st.warning(warning, icon=":material/warning:")
        _problems(info.get("problems") or [])
        if not resources.read_only():
            _rebuild_button()
        if st.runtime.exists():  # the icons' blank font in the document's head (app/icon_font.py)
            from streamlit.components.v1 import html as script

            script(ICON_FALLBACK_SCRIPT, height=0)


def _problems(problems: list[dict]) -> None:
    """The build's problems (parsing and curated tables), each with its file and line, linked to the document."""
    if not problems:
        return
    by = {}
    for p in problems:
        by.setdefault(p.get("severity", "info"), []).append(p)
    counts = "，".join(f"{SEVERITY.get(k, k)} {len(v)}" for k, v in by.items())
    by_file: dict[str, list[dict]] = {}
    for p in problems:
        by_file.setdefault(p.get("file", ""), []).append(p)
    # one caption and one link per file: the sidebar is drawn on every run of every page
    with widgets.fold(f"构建问题（{counts}）", "build-problems") as open_:
        if not open_:
            return
        documents = resources.documents_by_file()
        for file, mine in by_file.items():
            st.caption("  \n".join(
                f"【{SEVERITY.get(p.get('severity'), p.get('severity'))}】{file}"
                + (f" 第 {p['line']} 行" if p.get("line") else "") + f"：{p.get('message', '')}" for p in mine))
            name = documents.get(file)
            if name:
                widgets.link("standards", f"打开 {name}", view="文件", document=name)


SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _rebuild_button() -> None:
    if st.button("重新构建图谱", help="语料有变化时重新解析（只重建变化的文档）", width="stretch"):
        with st.status("正在构建图谱：读取语料、解析变化的文件、校验…", expanded=True) as status, \
                widgets.plain_errors("构建失败"):
            summary = resources.rebuild()
            if summary.reused:
                status.update(label="语料没有变化：沿用现有构建，“变更”页没有新的比较。", state="complete")
            else:
                status.update(label=f"构建完成：{summary.triples:,} 个三元组，用时 {summary.seconds:.1f} 秒。"
                                    "“变更”页列出与上一次构建的差别。", state="complete")


# Links to other views of a page are link-styled buttons: set them as tight as a list of links.
COMPACT_LINKS = """<style>
div[data-testid="stElementContainer"]:has(> div > button[kind="tertiary"]),
div[data-testid="stElementContainer"]:has(button[data-testid="stBaseButton-tertiary"]) { margin-bottom: -0.9rem; }
button[data-testid="stBaseButton-tertiary"] { min-height: 1.6rem; padding: 0; text-align: left; justify-content: flex-start; }
</style>"""


def main() -> None:
    # every page listed: folded, the list ends in Streamlit's English "View 3 more"
    nav = st.navigation(SECTIONS, position="sidebar", expanded=True)
    # first: an icon drawn before its font arrives is a blank, not its English name (app/icon_font.py)
    st.html(ICON_FALLBACK_CSS)
    try:
        warning = resources.ensure_built()
    except CdtkgError as e:
        st.error(f"图谱尚不可用：{e}", icon=":material/warning:")
        st.info("请检查语料后在终端运行 `cdtkg build` 查看详情，然后刷新本页。")
        return
    widgets.here(nav.url_path or "overview")
    st.set_page_config(page_title=f"{nav.title} · {APP_TITLE}")
    st.html(COMPACT_LINKS)
    _sidebar(warning)
    try:
        nav.run()
        widgets.arrived()
    except CdtkgError as e:
        st.error(str(e), icon=":material/warning:")
    except Exception as e:  # a bug: say so in plain words, never a traceback
        st.error(f"页面出错：{type(e).__name__}: {e}。请把这条信息和页面地址告诉维护者。", icon=":material/bug_report:")


main()
