"""差距分析: the gap table per framework node (filter by part, verdict, topic, status), a chart per
part and per roadmap topic, and exports to xlsx and CSV."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import resources, widgets

ALL = "全部"
STATUSES = ["现行", "征求意见稿", "被代替", "计划中", "状态未知"]


def _select(label: str, options: list[str], key: str, param: str):
    widgets.from_url(key, param, ALL)
    widgets.choose([ALL] + options, key, ALL)
    return st.selectbox(label, [ALL] + options, key=key, on_change=widgets.to_url, args=(key, param))


def _filters(gaps: pd.DataFrame, tree: pd.DataFrame) -> pd.DataFrame:
    parts = [f"{r.notation} {r.label}" for r in tree.itertuples() if r.depth == 1]
    topics = sorted({t for cell in gaps["topics"].dropna() for t in str(cell).split("；") if t})
    verdicts = [v for v in widgets.VERDICT_COLORS if v in set(gaps["verdict"])]
    cols = st.columns(4)
    with cols[0]:
        part = _select("部分", parts, "g_part", "part")
    with cols[1]:
        verdict = _select("结论", verdicts, "g_verdict", "verdict")
    with cols[2]:
        topic = _select("路线图方向", topics, "g_topic", "topic")
    with cols[3]:
        status = _select("覆盖标准的状态", STATUSES, "g_status", "status")
    shown = gaps
    if part != ALL:
        shown = shown[shown["notation"].str.split(".").str[0] == part.split(" ")[0]]
    if verdict != ALL:
        shown = shown[shown["verdict"] == verdict]
    if topic != ALL:
        shown = shown[shown["topics"].fillna("").str.split("；").apply(lambda ts: topic in ts)]
    if status != ALL:
        shown = shown[shown["covering"].fillna("").str.contains(f"（{status}", regex=False)]
    return shown


def _charts(gaps: pd.DataFrame) -> None:
    leaves = gaps[gaps["verdict"] != "见下级"].assign(部分=lambda d: d["notation"].str.split(".").str[0])
    colors = alt.Scale(domain=list(widgets.VERDICT_COLORS), range=list(widgets.VERDICT_COLORS.values()))
    left, right = st.columns(2)
    with left:
        st.markdown("**各部分的节点结论**")
        st.altair_chart(alt.Chart(leaves).mark_bar().encode(
            x=alt.X("部分:N", title=None), y=alt.Y("count():Q", title="节点数"),
            color=alt.Color("verdict:N", title="结论", scale=colors, legend=alt.Legend(orient="bottom")),
            tooltip=["部分", "verdict", "count()"]).properties(height=260), width="stretch")
    with right:
        st.markdown("**各路线图方向的节点结论**")
        by_topic = leaves.assign(方向=leaves["topics"].fillna("").str.split("；")).explode("方向")
        by_topic = by_topic[by_topic["方向"] != ""]
        if by_topic.empty:
            widgets.empty("还没有节点关联到路线图方向。")
        else:
            st.altair_chart(alt.Chart(by_topic).mark_bar().encode(
                y=alt.Y("方向:N", title=None), x=alt.X("count():Q", title="节点数", axis=alt.Axis(tickMinStep=1)),
                color=alt.Color("verdict:N", title="结论", scale=colors, legend=alt.Legend(orient="bottom")),
                tooltip=["方向", "verdict", "count()"]).properties(height=260), width="stretch")


def render() -> None:
    st.title("差距分析")
    st.caption("按标准体系节点对照：指南规划的标准、已有的覆盖标准及其状态、结论（已覆盖 / 部分覆盖 / 缺口）和路线图方向。")
    with widgets.plain_errors():
        gaps = resources.named("gap_analysis")
        if gaps.empty:
            widgets.empty("图谱中没有标准体系框架，无法分析缺口：请确认语料包含《标准体系建设指南》并重新构建。")
            return
        tree = resources.named("framework_tree")
        shown = _filters(gaps, tree)
        st.caption(f"显示 {len(shown)} / {len(gaps)} 个节点。")
        if shown.empty:
            widgets.empty("没有符合这些筛选条件的节点：放宽一个条件（设为“全部”）再看。")
        else:
            linked = widgets.with_link(shown, "notation", "framework", "node")
            widgets.table(linked, key="g-table", links={"notation_link": "notation"})
            widgets.downloads(shown, "标准体系缺口分析", key="g-dl", query_text=resources.query_text("gap_analysis"),
                              formats=("xlsx", "csv"))
        _charts(gaps)


render()
