"""搜索: full-text search over the graph (queries/search.py) with filters by kind and document,
highlighted snippets, paging, and a link from each hit to the page that shows it."""
from __future__ import annotations

import streamlit as st

from app import resources, widgets

ALL = "全部"
PAGE_SIZE = 10


def _filters(search) -> tuple[str, str]:
    kinds = [k["zh"] or k["local"] for k in search.kinds if k.get("own")]
    docs = [d["display"] for d in search.documents]
    cols = st.columns(2)
    with cols[0]:
        widgets.from_url("q_kind", "kind", ALL)
        widgets.choose([ALL] + kinds, "q_kind", ALL)
        kind = st.selectbox("类型", [ALL] + kinds, key="q_kind", on_change=widgets.to_url, args=("q_kind", "kind"))
    with cols[1]:
        widgets.from_url("q_doc", "doc", ALL)
        widgets.choose([ALL] + docs, "q_doc", ALL)
        doc = st.selectbox("文件", [ALL] + docs, key="q_doc", on_change=widgets.to_url, args=("q_doc", "doc"))
    return ("" if kind == ALL else kind), ("" if doc == ALL else doc)


def _hit(n: int, hit, words: str) -> None:
    target = widgets.page_of(hit.iri)
    with st.container(border=True):
        title = f"{n}. 【{hit.kind}】{hit.label}"
        if target:
            params = dict(target[1])
            if target[0] == "standards" and params.get("clause"):  # land on the item that matched
                marked = dict.fromkeys(widgets.MARKED.findall(hit.snippet or ""))
                params.update(hit=hit.locator or "", q=" ".join(marked) or words)
            widgets.link(target[0], f"**{title}**", **params)
        else:
            st.markdown(f"**{title}**")
        if hit.snippet:
            st.markdown(widgets.bold_marks(hit.snippet), unsafe_allow_html=True)
        document = _document_of(hit)
        if document and hit.document:  # the document the hit is in opens its own page
            widgets.link("resource", f"文件：{hit.document}", iri=document)
            if hit.locator:
                st.caption(hit.locator)
        elif hit.document or hit.locator:
            st.caption(" · ".join(x for x in (hit.document, hit.locator) if x))


def _document_of(hit) -> str:
    """The IRI of the document holding the hit ('' for a hit that is no part of a document)."""
    rows = resources.named("app_resource_link", resource=hit.iri)
    found = rows["document"].dropna() if not rows.empty else rows
    return "" if found.empty or found.iloc[0] == hit.iri else str(found.iloc[0])


def distinct(hits: list) -> list:
    """Return the hits without those showing what an earlier hit already shows (same kind,
    label, place and text), in rank order."""
    seen, kept = set(), []
    for h in hits:
        key = (h.kind, h.label, h.document, h.locator, h.snippet)
        if key not in seen:
            seen.add(key)
            kept.append(h)
    return kept


def render() -> None:
    st.title("搜索")
    with widgets.plain_errors():
        search = resources.search_engine()
        widgets.from_url("q_text", "q")
        with st.form("search-form", border=False):
            text = st.text_input("检索词", key="q_text", placeholder="术语、条款内容、标准号（如 GB/T28181）或英文词",
                                 label_visibility="collapsed")
            submitted = st.form_submit_button("搜索", type="primary")
        if submitted:
            widgets.to_url("q_text", "q")
            st.query_params.pop("page", None)
        kind, doc = _filters(search)
        text = (text or "").strip()
        if not text:
            widgets.empty("输入要找的词语，例如“可信数据空间”“一表通”“GB/T 28181”或“digital twin”，可按类型和文件筛选。")
            return
        try:
            page = max(1, int(st.query_params.get("page", "1")))
        except ValueError:
            page = 1
        with st.spinner("正在检索…"):
            results = search.search(text, kind=kind or None, doc=doc or None, limit=PAGE_SIZE, page=page)
        for note in results.notes:
            st.caption(f"注意：{note}")
        if not results.hits:
            widgets.empty(f"没有找到与“{text}”匹配的内容。试试更短的词、去掉筛选条件，或换用标准号、英文术语；"
                          "也可以直接提问。", ("ask", f"提问“{text}” →", {"q": text}))
            return
        st.caption(f"共 {results.total} 条结果，第 {results.page} / {results.pages} 页。")
        for n, hit in enumerate(distinct(results.hits), start=results.first_rank):
            _hit(n, hit, text)
        if results.pages > 1:
            cols = st.columns(3)
            if results.page > 1 and cols[0].button("← 上一页", key="q-prev"):
                st.query_params["page"] = str(results.page - 1)
                st.rerun()
            if results.page < results.pages and cols[2].button("下一页 →", key="q-next"):
                st.query_params["page"] = str(results.page + 1)
                st.rerun()


render()
