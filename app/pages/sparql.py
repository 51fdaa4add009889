"""SPARQL: pick a named query and fill in its parameters, or write your own in a code editor; results as
a table with labels (or IRIs) and links to the pages that show them, row count and time, a history of
this session's queries, downloads as CSV, xlsx and JSON. User SPARQL goes through queries/runner.py:
screened (read-only, no SERVICE, no fetching), with a timeout and a row limit.

What runs is always what is on screen: the text typed (or the parameters typed) at the moment 运行 is
pressed, written to the address at once, so a copied address, Back and Forward give the same query."""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from app import resources, widgets
from loaders.problems import CdtkgError, QueryError
from queries.sparql_guard import DEFAULT_PREFIXES

MODES = ["具名查询", "自己写 SPARQL"]
EXAMPLE = """PREFIX cdt: <https://w3id.org/cdtkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?notation ?label WHERE {
  ?node a cdt:FrameworkNode ; skos:notation ?notation ; skos:prefLabel ?label .
}
ORDER BY ?notation
LIMIT 20"""
HISTORY = 20
# Chinese names of the parameters the result headings do not already name (queries/result_formats.py).
PARAM_NAMES = {"keyword": "关键词", "only": "只看助动词", "part": "部分", "class": "类", "label": "名称",
               "resource": "资源", "standard": "标准号或计划号", "year": "目标年份"}
# Characters a Chinese keyboard slips into SPARQL, which the parser reports without naming them.
FULL_WIDTH = {"\u3000": "全角空格", "（": "全角括号（", "）": "全角括号）", "｛": "全角花括号｛", "｝": "全角花括号｝",
              "，": "全角逗号", "；": "全角分号", "：": "全角冒号", "？": "全角问号", "“": "中文引号", "”": "中文引号"}


def param_name(name: str) -> str:
    """Return the Chinese name of a query parameter."""
    from queries.result_formats import column_label

    return PARAM_NAMES.get(name) or column_label(name)


def full_width_hint(text: str) -> str:
    """Return where the first full-width character outside a string literal stands in `text`
    (line and column), or '' when there is none."""
    from queries.sparql_guard import blank_out

    plain = blank_out(text)
    for line_no, line in enumerate(plain.splitlines(), start=1):
        for col, ch in enumerate(line, start=1):
            if ch in FULL_WIDTH:
                return f"第 {line_no} 行第 {col} 列是{FULL_WIDTH[ch]}，SPARQL 只认半角字符：请改成半角后再运行。"
    return ""


def _named_form():
    """The named query picked and its parameter values as typed now."""
    library = resources.library()
    names = sorted(library, key=lambda n: (n.startswith("app_"), n))
    widgets.from_url("sp_name", "query", names[0])
    widgets.choose(names, "sp_name", names[0])
    name = st.selectbox("具名查询", names, key="sp_name", on_change=_named_changed,
                        format_func=lambda n: f"{library[n].title_zh}（{n}）")
    q = library[name]
    if q.returns:
        from queries.result_formats import column_label

        st.caption("返回：" + "、".join(column_label(r) for r in q.returns))
    params = {}
    for p in q.params:
        key = f"sp_p_{name}_{p.name}"
        widgets.from_url(key, f"p.{p.name}", p.default or "")
        label = f"{param_name(p.name)}{'（必填）' if p.required else ''}"
        params[p.name] = st.text_input(label, key=key, help=p.doc or None, placeholder=p.default or "").strip()
    with st.expander("查看查询文本"):
        st.code(q.text, language="sparql")
    return name, q, params


def _named_changed() -> None:
    widgets.to_url("sp_name", "query")
    st.query_params.pop("run", None)


def _mode_changed() -> None:
    widgets.to_url("sp_mode", "mode")
    st.query_params.pop("run", None)


def _editor(seed: str) -> str | None:
    """Show the code editor holding `seed`; return the text when the user asked to run it (its 运行
    button or Ctrl+Enter) in this run, else None."""
    from code_editor import code_editor

    prefixes = [{"caption": f"{p}:", "value": f"PREFIX {p}: <{ns}>", "meta": "前缀", "name": p, "score": 400}
                for p, ns in DEFAULT_PREFIXES.items()]
    buttons = [{"name": "运行", "feather": "Play", "primary": True, "hasText": True, "showWithIcon": True, "alwaysOn": True,
                "commands": ["submit"], "style": {"bottom": "0.44rem", "right": "0.4rem"}}]
    # A new seed (an address, a history entry) is a new editor; typing keeps the same one.
    generation = st.session_state.setdefault("sp_editor_gen", 0)
    response = code_editor(seed, lang="sparql", height=[12, 30], buttons=buttons, completions=prefixes,
                           options={"wrap": True, "showLineNumbers": True}, props={"theme": "chrome"},
                           keybindings={}, key=f"sp-editor-{generation}")
    if not response or response.get("type") != "submit" or not response.get("id"):
        return None
    if response["id"] == st.session_state.get("sp_editor_seen"):
        return None  # the component repeats its last event on every rerun
    st.session_state["sp_editor_seen"] = response["id"]
    return response.get("text", "")


def _remember(kind: str, text: str, params: dict, result) -> None:
    history = st.session_state.setdefault("sp_history", [])
    entry = {"时间": datetime.now().strftime("%H:%M:%S"), "kind": kind, "text": text, "params": dict(params),
             "行数": len(result) if result.form != "ASK" else 1, "用时": f"{result.elapsed_ms:.0f} 毫秒"}
    if not history or (history[0]["text"], history[0]["params"]) != (text, entry["params"]):
        history.insert(0, entry)
        del history[HISTORY:]


def _history() -> None:
    history = st.session_state.get("sp_history") or []
    if not history:
        return
    with st.expander(f"本次浏览的查询记录（{len(history)}）"):
        for i, h in enumerate(history):
            first = h["text"] if h["kind"] == "named" else h["text"].strip().splitlines()[-1][:60]
            args = "，".join(f"{param_name(k)} = {v}" for k, v in h["params"].items())
            label = f"{h['时间']} · {first}{'（' + args + '）' if args else ''} · {h['行数']} 行 · {h['用时']}"
            if st.button(label, key=f"sp-h-{i}", type="tertiary"):
                if h["kind"] == "named":
                    widgets.go("sparql", mode=MODES[0], query=h["text"], run="1",
                               **{f"p.{k}": v for k, v in h["params"].items()})
                else:
                    st.session_state["sp_editor_gen"] = st.session_state.get("sp_editor_gen", 0) + 1
                    widgets.go("sparql", mode=MODES[1], sparql=h["text"], run="1")


def _show(result) -> None:
    st.caption(f"{result.form} · {len(result)} 行 · {result.elapsed_ms:.0f} 毫秒"
               + (f" · 已按上限截断为 {result.limit} 行" if result.truncated else ""))
    if result.truncated:
        st.warning(f"结果超过 {result.limit} 行，只显示前 {result.limit} 行：请加 LIMIT 或更具体的条件。")
    if result.form == "ASK":
        st.metric("结果", "是" if result.boolean else "否")
        return
    if not result.rows:
        widgets.empty("查询没有返回任何行。检查参数的写法（标准号可用任意写法），或放宽条件。")
        return
    widgets.from_url("sp_show", "show", "名称")
    widgets.choose(["名称", "IRI"], "sp_show", "名称")
    shown = st.radio("显示", ["名称", "IRI"], horizontal=True, key="sp_show", on_change=widgets.to_url,
                     args=("sp_show", "show"), help="名称：资源显示为它的编号和名称；IRI：显示资源的完整标识。")
    df, targets = widgets.result_frame(result, labels=shown == "名称")
    screen = widgets.table(df, key="sp-result", targets=targets)
    widgets.result_downloads(result, result.name or "查询结果", key="sp-dl", shown=screen)


def _run(run) -> None:
    """Run a query (a callable returning a QueryResult) and show it, or say in plain words why not."""
    from queries.runner import QueryTimeout

    try:
        with st.spinner("正在查询…"):
            result = run()
    except QueryTimeout as e:
        st.error(f"查询出错：{str(e).split('或用 --timeout')[0].rstrip('，,')}。", icon=":material/timer_off:")
        return None
    return result


def _own(text: str) -> None:
    try:
        result = _run(lambda: resources.bounded_graph().run(text))
    except QueryError as e:
        hint = full_width_hint(text)
        st.error(f"查询出错：{e}" + (f"\n\n{hint}" if hint else ""), icon=":material/warning:")
        return
    except CdtkgError as e:
        st.error(f"查询出错：{e}", icon=":material/warning:")
        return
    if result is not None:
        _remember("own", text, {}, result)
        _show(result)


def render() -> None:
    st.title("SPARQL 查询")
    st.caption("只读：不能修改图谱，不能访问外部服务或文件；每个查询最长运行 10 秒、最多返回 10,000 行。")
    with widgets.plain_errors():
        default = MODES[1] if st.query_params.get("sparql") else MODES[0]
        widgets.from_url("sp_mode", "mode", default)
        widgets.choose(MODES, "sp_mode", default)
        mode = st.radio("方式", MODES, horizontal=True, key="sp_mode", on_change=_mode_changed,
                        label_visibility="collapsed")
        if mode == MODES[0]:
            name, q, params = _named_form()
            if st.button("运行", type="primary", key="sp-run-named"):
                widgets.put("query", name, key="sp_name")
                for p in q.params:
                    widgets.put(f"p.{p.name}", params.get(p.name), key=f"sp_p_{name}_{p.name}")
                widgets.put("run", "1")
            missing = [param_name(p.name) for p in q.params if p.required and not params.get(p.name)]
            if st.query_params.get("run") == "1" and missing:
                st.warning(f"请先填写{'、'.join(missing)}，再点“运行”。", icon=":material/edit:")
            elif st.query_params.get("run") == "1":
                typed = {k: v for k, v in params.items() if v}
                try:
                    result = _run(lambda: resources.bounded_graph().named(name, typed))
                except CdtkgError as e:
                    st.error(f"查询出错：{e}", icon=":material/warning:")
                    result = None
                if result is not None:
                    _remember("named", name, typed, result)
                    _show(result)
        else:
            if widgets.from_url("sp_text", "sparql", EXAMPLE):
                st.session_state["sp_editor_gen"] = st.session_state.get("sp_editor_gen", 0) + 1
            typed = _editor(st.session_state["sp_text"])
            st.caption("在编辑器中按 Ctrl+Enter 或点“运行”执行；输入前缀名（如 cdt:）可补全 PREFIX 声明。")
            if typed is not None:
                st.session_state["sp_text"] = typed
                widgets.put("sparql", typed, key="sp_text")
                widgets.put("run", "1")
            if st.query_params.get("run") == "1":
                _own(st.session_state["sp_text"])
        _history()


render()
