"""标准体系: the A–E framework as a tree (search by label or notation), and a node page with its
scope note, planned standards, covering standards, aligned notions and source."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import document_targets, iri_targets


def _matches_tree(tree: pd.DataFrame, q: str) -> pd.DataFrame:
    """The nodes whose notation or label contains `q`, with their ancestors (to keep the tree readable)."""
    q = q.strip()
    if not q:
        return tree
    hit = tree["notation"].str.upper().str.startswith(q.upper()) | tree["label"].str.contains(q, regex=False)
    keep = set(tree.loc[hit, "notation"])
    parents = dict(zip(tree["notation"], tree["parentNotation"]))
    for n in list(keep):
        while isinstance(parents.get(n), str) and parents[n]:
            n = parents[n]
            keep.add(n)
    return tree[tree["notation"].isin(keep)]


def _tree(tree: pd.DataFrame) -> None:
    widgets.from_url("f_q", "q")
    q = st.text_input("按名称或编号查找", key="f_q", placeholder="如 数据治理、B.2.1.1",
                      on_change=widgets.to_url, args=("f_q", "q"))
    deepest = int(tree["depth"].max())
    # a search shows every match with its path, however deep; the slider is for browsing
    if q.strip():
        depth = deepest
    else:
        widgets.from_url("f_depth", "depth", "3", cast=int)
        st.session_state["f_depth"] = min(max(st.session_state["f_depth"], 1), deepest)
        depth = st.slider("展开到第几层", 1, deepest, key="f_depth", on_change=widgets.to_url, args=("f_depth", "depth"))
    shown = _matches_tree(tree, q)
    if shown.empty:
        widgets.empty(f"没有名称或编号包含“{q}”的节点。试试更短的词，或用编号开头（如 B.2）。")
        return
    node = st.query_params.get("node", "")
    for part in shown[shown["depth"] == 1].itertuples():
        inside = shown[shown["notation"].str.startswith(part.notation + ".") & (shown["depth"] <= depth)]
        below = int(tree["notation"].str.startswith(part.notation + ".").sum())
        open_ = bool(q) or len(shown) < 20 or node.split(".")[0] == part.notation
        with widgets.fold(f"**{part.notation}** {part.label}（{below} 个下级节点）", f"f-part-{part.notation}-{node}-{q}",
                          expanded=open_) as drawn:
            for n in [part, *inside.itertuples()] if drawn else ():
                indent = "　" * (int(n.depth) - 1)
                planned = f" · 规划 {int(n.plannedCount)} 项" if n.plannedCount else ""
                text = f"{n.notation} {n.label}{planned}"
                widgets.link("framework", indent + (f"**{text}** ◀" if n.notation == node else text), node=n.notation)


def _node(tree: pd.DataFrame, node: pd.Series) -> None:
    notation = node["notation"]
    parents = dict(zip(tree["notation"], tree["parentNotation"]))
    labels = dict(zip(tree["notation"], tree["label"]))
    trail, n = [], parents.get(notation)
    while isinstance(n, str) and n:
        trail.insert(0, f"{n} {labels.get(n, '')}")
        n = parents.get(n)
    if trail:
        st.caption(" › ".join(trail))
    st.subheader(f"{node['notation']} {node['label']}")
    if isinstance(node.get("scopeNote"), str) and node["scopeNote"]:
        st.markdown(node["scopeNote"])
    st.caption(f"来源：《城市全域数字化转型标准体系建设指南》{node.get('locator') or ''}")
    children = tree[tree["parentNotation"] == notation]
    parent = parents.get(notation)
    if isinstance(parent, str) and parent:
        widgets.link("framework", f"↑ 上级：{parent} {labels.get(parent, '')}", node=parent)
    for c in children.itertuples():
        widgets.link("framework", f"↓ 下级：{c.notation} {c.label}", node=c.notation)

    st.markdown("#### 规划的标准")
    planned = resources.named("app_node_planned", notation=notation)
    if planned.empty:
        widgets.empty("指南没有在这个节点下列出具体标准" + ("；请查看下级节点。" if not children.empty else "。"))
    else:
        planned = planned.assign(已有标准=[f"{a} {b or ''}".strip() if a or b else "" for a, b in
                                       zip(planned["fulfilledBy"].fillna(""), planned["fulfilledByTitle"].fillna(""))])
        widgets.table(planned[["plannedStandard", "已有标准", "fulfilledByStatus"]], key="f-planned",
                      targets={"plannedStandard": iri_targets(planned["planned"]),
                               "已有标准": document_targets(planned["fulfilledBy"])})

    st.markdown("#### 覆盖该节点的标准")
    covering = resources.named("app_node_covering", notation=notation)
    if covering.empty:
        widgets.empty("还没有标准或技术文件映射到这个节点：这是一个缺口。", ("gaps", "在差距分析中查看缺口 →", {}))
    else:
        covering = covering.assign(standard=[n if isinstance(n, str) and n else t
                                             for n, t in zip(covering["number"], covering["title"])])
        covering = widgets.with_link(covering, "standard", "standards", "standard")
        widgets.table(covering.drop(columns=["number"]), key="f-covering", links={"standard_link": "standard"})

    st.markdown("#### 其他文件中的对应概念")
    if isinstance(node.get("iri"), str):
        matches = resources.named("app_matches", resource=node["iri"])
        if matches.empty:
            widgets.empty("成熟度模型和参考模型中没有与该节点对齐的能力项或模型要素。")
        else:
            widgets.matches(matches)


def _body(tree: pd.DataFrame) -> None:
    st.caption(f"A–E 五个部分，共 {len(tree)} 个节点、{int(tree['plannedCount'].sum())} 项规划标准。")
    widgets.tree_and_detail(tree, "notation", "node", lambda: _tree(tree), lambda node: _node(tree, node),
                            "从左侧的体系树中点选一个节点，查看它的范围、规划标准、已有标准和对应概念。",
                            "没有编号为 {} 的节点。请从左侧的体系树中选择一个节点。")


widgets.page("标准体系", "framework_tree", "图谱中没有标准体系框架：请确认语料包含《标准体系建设指南》并重新构建。", _body)
