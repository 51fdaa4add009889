"""SPARQL: pick a named query and fill in its parameters, or write your own; results as a table
with labels, row count and time, downloads as CSV, xlsx and JSON. User SPARQL goes through
queries/runner.py: screened (read-only, no SERVICE, no fetching), with a timeout and a row limit."""
from __future__ import annotations

import streamlit as st

from app import resources, widgets

MODES = ["具名查询", "自己写 SPARQL"]
EXAMPLE = """PREFIX cdt: <https://w3id.org/cdtkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?label WHERE {
  ?node a cdt:FrameworkNode ; skos:notation ?notation ; skos:prefLabel ?label .
}
ORDER BY ?notation
LIMIT 20"""


def _named_form():
    """The named query picked and its parameter values (from the address, then the form)."""
    library = resources.library()
    names = sorted(library, key=lambda n: (n.startswith("app_"), n))
    widgets.from_url("sp_name", "query", names[0])
    widgets.choose(names, "sp_name", names[0])
    name = st.selectbox("具名查询", names, key="sp_name", on_change=widgets.to_url, args=("sp_name", "query"),
                        format_func=lambda n: f"{library[n].title_zh}（{n}）")
    q = library[name]
    if q.purpose:
        st.caption(q.purpose)
    params = {}
    for p in q.params:
        key = f"sp_p_{name}_{p.name}"
        widgets.from_url(key, f"p.{p.name}", p.default or "")
        label = f"{p.name}{'（必填）' if p.required else ''}"
        params[p.name] = st.text_input(label, key=key, help=p.doc or None, placeholder=p.default or "")
    with st.expander("查看查询文本"):
        st.code(q.text, language="sparql")
    return name, q, params


def _show(result) -> None:
    st.caption(f"{result.form} · {len(result)} 行 · {result.elapsed_ms:.0f} 毫秒"
               + (f" · 已按上限截断为 {result.limit} 行" if result.truncated else ""))
    if result.truncated:
        st.warning(f"结果超过 {result.limit} 行，只显示前 {result.limit} 行：请加 LIMIT 或更具体的条件。")
    if result.form == "ASK":
        st.metric("结果", "是" if result.boolean else "否")
        return
    df = resources.labelled_frame(result)
    if df.empty:
        widgets.empty("查询没有返回任何行。检查参数的写法（标准号可用任意写法），或放宽条件。")
        return
    st.dataframe(df, hide_index=True, width="stretch", key="sp-result")
    widgets.result_downloads(result, result.name or "查询结果", key="sp-dl")


def render() -> None:
    st.title("SPARQL 查询")
    st.caption("只读：不能修改图谱，不能访问外部服务或文件；每个查询最长运行 10 秒、最多返回 10,000 行。")
    with widgets.plain_errors():
        default = MODES[1] if st.query_params.get("sparql") else MODES[0]
        widgets.from_url("sp_mode", "mode", default)
        widgets.choose(MODES, "sp_mode", default)
        mode = st.radio("方式", MODES, horizontal=True, key="sp_mode", on_change=widgets.to_url,
                        args=("sp_mode", "mode"), label_visibility="collapsed")
        if mode == MODES[0]:
            name, q, params = _named_form()
            run = st.button("运行", type="primary", key="sp-run-named")
            if run or st.query_params.get("run") == "1":
                st.query_params["query"] = name
                for p in q.params:
                    if params.get(p.name):
                        st.query_params[f"p.{p.name}"] = params[p.name]
                    else:
                        st.query_params.pop(f"p.{p.name}", None)
                st.query_params["run"] = "1"
                with st.spinner("正在查询…"), widgets.plain_errors("查询出错"):
                    _show(resources.runner().run_named(name, {k: v for k, v in params.items() if v}))
        else:
            widgets.from_url("sp_text", "sparql", EXAMPLE)
            text = st.text_area("SPARQL（SELECT、ASK、CONSTRUCT、DESCRIBE）", key="sp_text", height=260)
            if st.button("运行", type="primary", key="sp-run-text") or st.query_params.get("run") == "1":
                st.query_params["sparql"] = text
                st.query_params["run"] = "1"
                with st.spinner("正在查询…"), widgets.plain_errors("查询出错"):
                    _show(resources.runner().run(text))


render()
