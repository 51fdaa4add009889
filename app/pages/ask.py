"""问答: a question in plain Chinese (or English, for terms and standards) answered from the graph by
queries/ask/, with its sources; on request the intent, the entities recognised and the SPARQL run."""
from __future__ import annotations

import re
import zlib

import pandas as pd
import streamlit as st

from app import resources, widgets
from loaders.han import HAN
from loaders.vocab import CDTR_IRI


# The parameters the rules of queries/ask/intents.tsv name (`名称=种类`), and the first one (entity), in words.
PARAMETERS = {"entity": "问题中的事物", "doc": "所在文件", "edition": "版本", "category": "类别"}
EXAMPLES = ["什么是城市智能中枢？", "哪些条款引用了GB/T 37971-2019？", "感知设施在三级的特征是什么？",
            "到2027年底要制修订多少项标准？", "数据安全有哪些“应”的要求？", "What is a digital twin?"]


def _sources(sources: list[dict]) -> None:
    """Each source as a link to the page that shows it (plain text when no page does)."""
    for s in sources[:30]:
        label = f"{s.get('document', '')} {s.get('locator', '')}".strip() or s.get("iri", "")
        target = widgets.page_of(s["iri"]) if s.get("iri") else None
        if target:
            widgets.link(target[0], label, **target[1])
        else:
            st.markdown(f"- {label}")
    if len(sources) > 30:
        st.caption(f"另有 {len(sources) - 30} 处出处未列出。")


def render() -> None:
    st.title("问答")
    st.caption("用中文提问（术语、标准、条款、成熟度等级、参考模型要求、路线图目标、起草单位……），答案来自图谱并注明出处；"
               "图谱中没有的内容不会编造。")
    with widgets.plain_errors():
        widgets.from_url("a_q", "q")
        with st.form("ask-form", border=False):
            question = st.text_input("问题", key="a_q", placeholder=EXAMPLES[0], label_visibility="collapsed")
            submitted = st.form_submit_button("提问", type="primary")
        if submitted:
            widgets.to_url("a_q", "q")
        question = (question or "").strip()
        if not question:
            st.markdown("可以这样问：")
            for q in EXAMPLES:
                widgets.link("ask", q, q=q)
            return
        with st.spinner("正在查找答案…"):
            answer = resources.asker().ask(question)
        if answer.answered:
            st.success(answer.answer)
            if len(answer.items) > 1:
                st.markdown("\n".join(f"{i}. {item}" for i, item in enumerate(answer.items, start=1)))
            if answer.sources:
                st.markdown("**出处**")
                _sources(answer.sources)
            st.caption(f"置信度 {answer.confidence:.2f}")
        else:
            st.warning(f"无法回答：{answer.reason}")
            if answer.suggestions:
                st.markdown("**也许有用的内容**")
                _sources([{"document": f"【{s.get('kind', '')}】{s.get('label', '')}",
                           "locator": f"（{s.get('document', '')} {s.get('locator', '')}）".replace("（ ）", ""),
                           "iri": s.get("iri")} for s in answer.suggestions])
            widgets.link("search", f"也可以试试全文检索“{question}” →", q=question)
        if widgets.url_toggle("显示细节：意图、识别的实体和执行的 SPARQL", "a_details", "details"):
            _details(answer)


def kind_names() -> dict[str, str]:
    """Return the Chinese name of each kind of entity the question answerer recognises, as its rule
    table (queries/ask/intents.tsv) names them in its header."""
    from queries.ask.intents import INTENTS_FILE

    names: dict[str, str] = {}
    for line in INTENTS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            continue
        for kinds, name in re.findall(rf"\b([a-z_]+(?:/[a-z_]+)*) ([{HAN}][^\s·（(，；]*)", line):
            for k in kinds.split("/"):
                names.setdefault(k, name)
    return names


def _details(answer) -> None:
    kinds = kind_names()
    st.markdown(f"**意图（问答规则）**：`{answer.intent}`" if answer.intent else "**意图**：（未识别）")
    if answer.entities:
        named = [[(f"{c.get('label')}（{kinds.get(str(c.get('kind')), c.get('kind'))}）", c.get("iri"))
                  for c in (e.get("candidates") or [])[:3]] for e in answer.entities]
        widgets.table(pd.DataFrame([{"问题中的文字": e.get("text"), "识别为": "；".join(n for n, _ in names)}
                                    for e, names in zip(answer.entities, named)]), key=_key("a-entities"),
                      targets={"识别为": [[(n, ("resource", {"iri": i}) if i else None) for n, i in names] or None
                                       for names in named]})
    for i, q in enumerate(answer.sparql):
        st.markdown(f"查询模板 `{q.get('template', '')}`，返回 {q.get('rows', 0)} 行。")
        bindings = q.get("bindings") or {}
        if bindings:  # a table: an IRI in running text would swallow the punctuation after it into its link
            values = [str(v) for v in bindings.values()]
            names = resources.graph().labels([v for v in values if v.startswith("http")])
            widgets.table(pd.DataFrame([{"参数": PARAMETERS.get(k) or kinds.get(k, k), "值": names.get(v, v)}
                                        for k, v in zip(bindings, values)]), key=_key(f"a-bind-{i}"),
                          targets={"值": [("resource", {"iri": v}) if v.startswith(CDTR_IRI) else None for v in values]})
        st.code(q.get("query", ""), language="sparql")


def _key(name: str) -> str:
    """The key of a table of this answer's details: a cell selected under one question must not open a
    page under the next."""
    return f"{name}-{zlib.crc32(st.query_params.get('q', '').encode('utf-8')):08x}"


render()
