"""参考模型: the layers, support systems and components of the technical reference model as a
diagram and a tree; an element with its requirements filtered by modality."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from app import resources, widgets
from loaders.vocab import CDT_IRI

MODALITIES = ["全部", "应", "不应", "宜", "不宜", "可", "不必", "能", "不能", "陈述"]


def _dot(elements: pd.DataFrame, relations: pd.DataFrame) -> str:
    """The model as Graphviz DOT: the layers stacked in one frame, each support system beside
    it (one arrow when it constrains every layer), the aggregates with what composes them."""
    def q(s: str) -> str:
        return '"' + str(s).replace('"', "'") + '"'

    depends = relations[relations["relation"] == "依赖"]
    layers = list(dict.fromkeys([*depends["object"], *depends["subject"]]))
    lines = ["digraph trm {", "rankdir=BT; compound=true; nodesep=0.3; ranksep=0.4;",
             'node [shape=box, style="rounded,filled", fontname="Noto Sans CJK SC", fontsize=11, fillcolor="#e3f2fd"];',
             'edge [fontname="Noto Sans CJK SC", fontsize=9, color="#607d8b"];',
             'subgraph cluster_layers { label="技术参考模型"; fontname="Noto Sans CJK SC"; fontsize=10; color="#90a4ae";']
    lines += [f"{q(layer)};" for layer in layers]
    lines += [f'{q(r.subject)} -> {q(r.object)} [label="依赖"];' for r in depends.itertuples()]
    lines.append("}")
    for r in elements.itertuples():
        if r.kind == "支撑体系":
            lines.append(f'{q(r.elementName)} [fillcolor="#fff3e0"];')
        elif r.kind == "组合要素":
            lines.append(f'{q(r.elementName)} [fillcolor="#e8f5e9", shape=ellipse];')
    constrains = relations[relations["relation"] == "约束"]
    for system, group in constrains.groupby("subject", sort=False):
        if layers and set(group["object"]) >= set(layers):
            lines.append(f'{q(system)} -> {q(layers[len(layers) // 2])} [lhead=cluster_layers, style=dashed, label="约束全部层"];')
        else:
            lines += [f'{q(system)} -> {q(o)} [style=dashed, label="约束"];' for o in group["object"]]
    for r in relations[relations["relation"] == "由…构成"].itertuples():
        lines.append(f'{q(r.subject)} -> {q(r.object)} [style=dotted, arrowhead=diamond, label="构成", constraint=false];')
    lines.append("}")
    return "\n".join(lines)


def _tree(elements: pd.DataFrame, current: str) -> None:
    children: dict[str, list[str]] = {}
    for r in elements.itertuples():
        if isinstance(r.parent, str):
            children.setdefault(r.parent, []).append(r.elementName)

    def show(name: str, depth: int) -> None:
        widgets.link("reference_model", "\u3000" * depth + (f"**{name}** ◀" if name == current else name), element=name)
        for child in children.get(name, []):
            show(child, depth + 1)

    def under(name: str) -> set[str]:
        return {name}.union(*(under(c) for c in children.get(name, [])))

    tops = elements[elements["parent"].isna()]
    for i, (kind, group) in enumerate(tops.groupby("kind", sort=False)):
        members = set().union(*(under(t) for t in group["elementName"]))
        # open only the group holding the element shown (the first one before any is picked): a short page
        with widgets.fold(f"**{kind}**（{len(members)}）", f"r-group-{kind}-{current}",
                          expanded=current in members or (not current and i == 0)) as open_:
            for top in group["elementName"] if open_ else ():
                show(top, 0)


def _element(elements: pd.DataFrame, e: pd.Series) -> None:
    name = e["elementName"]
    st.subheader(name)
    facts = [str(e["kind"])]
    if isinstance(e["parent"], str):
        facts.append(f"属于 {e['parent']}")
    if isinstance(e["specifiedBy"], str):
        facts.append(f"要求见第 {e['specifiedBy']} 条")
    if isinstance(e["formerName"], str):
        facts.append(f"旧版名为“{e['formerName']}”")
    facts.append(f"来源：{e['locator']}")
    st.markdown(" · ".join(facts))
    children = elements[elements["parent"] == name]["elementName"].tolist()
    if isinstance(e["parent"], str):
        widgets.link("reference_model", f"↑ 上级：{e['parent']}", element=e["parent"])
    for c in children:
        widgets.link("reference_model", f"↓ 组成：{c}", element=c)
    related = resources.named("model_relations", element=name)
    if not related.empty:
        st.markdown("**关系**：" + "；".join(f"{s} {r} {o}" for s, r, o in
                                            zip(related["subject"], related["relation"], related["object"])))

    st.markdown("#### 要求")
    widgets.from_url("r_mod", "modality", "全部")
    widgets.choose(MODALITIES, "r_mod", "全部")
    modality = st.radio("助动词", MODALITIES, horizontal=True, key="r_mod", on_change=widgets.to_url,
                        args=("r_mod", "modality"))
    reqs = resources.named("element_requirements", element=name, modality="" if modality == "全部" else modality)
    found = resources.named("app_find_resource", label=name, **{"class": CDT_IRI + "ModelElement"})
    clause = widgets.text(e["specifiedBy"])
    if reqs.empty and clause and not found.empty:
        reqs = _clause_requirements(found.iloc[0]["resource"], clause, modality)
    if reqs.empty:
        hint = "；它的要求写在下级要素的条款里，请点上面的组成要素查看" if children else ""
        widgets.empty(f"“{name}”没有{'' if modality == '全部' else '“' + modality + '”类'}要求{hint}。")
    else:
        st.caption(f"{len(reqs)} 条" + (f"，出自第 {clause} 条及其下级条款。" if "clauseNumber" in reqs.columns else "。"))
        widgets.table(reqs, key="r-reqs", pin=["locator"])
    if not found.empty:
        matches = resources.named("app_matches", resource=found.iloc[0]["resource"])
        if not matches.empty:
            st.markdown("#### 其他文件中的对应概念")
            widgets.matches(matches)


def _clause_requirements(element_iri: str, clause: str, modality: str) -> pd.DataFrame:
    """The list items of the clause that specifies an element (and of its subclauses): where its
    requirements are when no item names the element itself."""
    link = resources.named("app_resource_link", resource=element_iri)
    documents = [d for d in link["document"].dropna().unique()] if not link.empty else []
    if not documents:
        return pd.DataFrame()
    items = resources.named("app_document_provisions", document=documents[0],
                            only="" if modality == "全部" else modality)
    numbers = items["clauseNumber"].astype(str)
    mine = items[(numbers == clause) | numbers.str.startswith(clause + ".")]
    return mine[["locator", "modality", "text", "clauseNumber"]].reset_index(drop=True)


def _body(elements: pd.DataFrame) -> None:
    counts = elements["kind"].value_counts()
    st.caption("；".join(f"{k} {v} 个" for k, v in counts.items()))
    name = st.query_params.get("element", "")
    if not name:
        st.graphviz_chart(_dot(elements, resources.named("model_relations")), width="stretch")
    widgets.tree_and_detail(elements, "elementName", "element", lambda: _tree(elements, name),
                            lambda element: _element(elements, element),
                            "从左侧的要素树中点选一个要素，查看它的组成、关系和按助动词筛选的要求。",
                            "参考模型中没有名为“{}”的要素。请从左侧的要素树中选择。")


widgets.page("参考模型", "model_elements",
             "图谱中没有技术参考模型：请确认语料包含《城市全域数字化转型 技术参考模型》并重新构建。", _body)
