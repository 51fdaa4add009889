"""术语: look a term up (Chinese, English or abbreviation), see every definition side by side with
its document, clause, source and relationship, differences marked; and the terms that different
documents define differently."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import document_targets

# The widths of the term and its definition in the table of all terms: both in view beside the sidebar at 1024 px
TERM_PX, DEFINITION_PX = 130, 400
# The table's height at most: about a screen, its rows scrolled within (Streamlit's own showed two and a half).
TABLE_MAX_PX = 720


def _lookup(text: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Definitions matching `text`, and abbreviations matching it (whose expansions are looked up too)."""
    defs = resources.named("term_definitions", keyword=text)
    abbrs = resources.named("abbreviations", keyword=text)
    if defs.empty and not abbrs.empty:
        found = [resources.named("term_definitions", keyword=e) for e in abbrs["expansion"].dropna().unique()]
        found = [f for f in found if not f.empty]
        if found:
            defs = pd.concat(found, ignore_index=True).drop_duplicates(subset=["term", "document", "locator"])
    return defs, abbrs


def _definitions(defs: pd.DataFrame, term: str) -> None:
    rows = defs[defs["term"] == term].reset_index(drop=True)
    en = next((e for e in rows["termEn"].dropna() if e), "")
    st.subheader(f"{term}" + (f"  ·  {en}" if en else ""))
    st.caption(f"{len(rows)} 个文件给出了定义。" + ("下方标出了各定义与第一个定义不同的文字。" if len(rows) > 1 else ""))
    first = str(rows.iloc[0]["definition"] or "")
    cols = st.columns(min(len(rows), 3))
    for i, r in rows.iterrows():
        text = str(r["definition"] or "")
        if i == 0 and len(rows) > 1:
            marked = widgets.marked_diff(first, str(rows.iloc[1]["definition"] or ""))[0]
        elif i > 0:
            marked = widgets.marked_diff(first, text)[1]
        else:
            marked = widgets.marked_diff(text, text)[0]
        with cols[i % len(cols)].container(border=True):
            st.markdown(f"**{r['document']}** {r['locator']}")
            st.markdown(marked, unsafe_allow_html=True)
            source = "，".join(str(x) for x in (r.get("sourceStandard"), r.get("sourceClause")) if isinstance(x, str) and x)
            if source:
                st.caption(f"来源：{source}" + (f"（{r['relation']}）" if isinstance(r.get("relation"), str) else ""))
            if isinstance(r.get("note"), str) and r["note"]:
                st.caption(f"注：{r['note']}")


def _different() -> None:
    st.markdown("#### 不同文件定义不一致的术语")
    diff = resources.named("terms_defined_differently")
    if diff.empty:
        st.success("各文件对同一术语的定义一致。")
        return
    for term, group in diff.groupby("term", sort=False):
        widgets.link("terms", f"{term}：" + "；".join(f"{d} {l}" for d, l in zip(group["document"], group["locator"])),
                     term=term)


def render() -> None:
    st.title("术语")
    with widgets.plain_errors():
        text = widgets.url_text("查术语（中文、英文或缩略语）", "t_term", "term", "如 城市数字底座、digital twin、CIM")
        if not text:
            all_terms = resources.named("term_definitions")
            st.caption(f"共 {all_terms['term'].nunique()} 个术语、{len(all_terms)} 条定义。输入术语查看各文件的定义对照。")
            row_height = widgets.wrapped_row_height({TERM_PX: all_terms["term"], DEFINITION_PX: all_terms["definition"]})
            # the definition beside its term, wide and wrapped: at 1024 px it had the 90 px the term, document
            # and clause columns left, one line cut after six characters
            widgets.table(widgets.with_link(all_terms[["term", "definition", "document", "locator", "termEn"]],
                                            "term", "terms", "term"), key="t-all", links={"term_link": "term"},
                          targets={"document": document_targets(all_terms["document"])},
                          widths={"term": TERM_PX, "definition": DEFINITION_PX, "locator": "small"},
                          unpinned=["document"],
                          row_height=row_height, height=min(TABLE_MAX_PX, 38 + len(all_terms) * row_height))
            _different()
            return
        defs, abbrs = _lookup(text)
        if not abbrs.empty:
            st.markdown("**缩略语**：" + "；".join(
                f"{a} — {e}" + (f"（{en}）" if isinstance(en, str) and en else "") + f"，{d} {l}"
                for a, e, en, d, l in zip(abbrs["abbreviation"], abbrs["expansion"], abbrs["expansionEn"],
                                          abbrs["document"], abbrs["locator"])))
        if defs.empty and not abbrs.empty:
            widgets.empty(f"缩略语“{text}”的全称在收录的文件中没有术语定义。可在搜索中全文查找。",
                          ("search", f"全文检索“{text}” →", {"q": text}))
            return
        if defs.empty:
            widgets.empty(f"没有找到“{text}”的定义。试试更短的词、英文名称或缩略语，或在搜索中全文查找。",
                          ("search", f"全文检索“{text}” →", {"q": text}))
            return
        terms = list(dict.fromkeys(defs["term"]))
        exact = [t for t in terms if t == text or text.lower() in {str(e).lower() for e in defs.loc[defs["term"] == t, "termEn"]}]
        choice = exact[0] if exact else terms[0]
        if len(terms) > 1:
            key = f"t-pick-{text}"
            widgets.from_url(key, "pick", choice)
            widgets.choose(terms, key, choice)
            choice = st.radio("匹配的术语", terms, horizontal=True, key=key, on_change=widgets.to_url, args=(key, "pick"))
        _definitions(defs, choice)
        st.divider()
        _different()


render()
