"""总览: what the graph holds, progress toward the 2027 target, the A–E coverage heat map and
the drafting findings."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import resources, widgets
from queries.gaps import summary_of


def _counts() -> None:
    cols = st.columns(3)
    for i, (label, count) in enumerate(resources.graph_counts()):
        cols[i % 3].metric(label, f"{count:,}")
    st.caption("与 `cdtkg stats` 的计数相同（按本次构建）。")


def _roadmap() -> None:
    st.subheader("2027 年目标进展")
    overall = resources.named("roadmap_overall", year=2027)
    if overall.empty:
        widgets.empty("图谱中没有 2027 年路线图目标：请确认语料包含《标准体系建设指南》并重新构建。")
        return
    o = overall.iloc[0]
    counted = int(o["fulfilledPublished"]) + int(o["fulfilledInProgress"])
    target = int(o["target"])
    st.progress(min(1.0, counted / target) if target else 0.0,
                text=f"已有 {counted} 项（现行 {int(o['fulfilledPublished'])}，在编 {int(o['fulfilledInProgress'])}）"
                     f"落实规划标准，目标至少 {target} 项，还差 {int(o['remaining'])} 项")
    topics = resources.named("roadmap_progress", year=2027)
    if topics.empty:
        return
    empty_topics = [t for t, p, i in zip(topics["topic"], topics["published"], topics["inProgress"]) if not p and not i]
    st.markdown(roadmap_in_words(o, topics, empty_topics))
    # Chinese field names: the chart's “show data” table shows them as its headings
    long = topics.rename(columns={"topic": "方向", "state": "进展"}).melt(
        id_vars=["方向", "进展"], value_vars=["published", "inProgress"], var_name="类别", value_name="标准数"
    ).replace({"类别": {"published": "现行", "inProgress": "在编"}})
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("标准数:Q", title="映射到该方向的标准数（现行 / 在编）", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("方向:N", title=None, sort=list(topics["topic"]),
                axis=alt.Axis(labelOverlap=False, labelLimit=220, labelFontSize=12)),
        color=alt.Color("类别:N", scale=alt.Scale(domain=["现行", "在编"], range=["#2e7d32", "#90caf9"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["方向", "类别", "标准数", "进展"],
    ).properties(height=34 * len(topics) + 40)
    st.altair_chart(chart, width="stretch")
    st.caption("2030 年的目标和方向在 [差距分析](gaps?year=2030) 中单独筛选。")


def roadmap_in_words(overall, topics: pd.DataFrame, empty_topics: list[str]) -> str:
    """Return the 2027 roadmap in sentences: what each figure counts and which topics have no standard yet."""
    counted = int(overall["fulfilledPublished"]) + int(overall["fulfilledInProgress"])
    lines = [f"- **进度条**数的是指南规划的 {int(overall['plannedStandards'])} 项标准中，已有现行或在编文件落实的 "
             f"{counted} 项，对照“到 2027 年制修订至少 {int(overall['target'])} 项标准”的目标。",
             f"- **柱状图**数的是映射到各方向框架节点的已有标准（一项标准可计入多个方向，且不必是规划中的那一项），"
             f"所以柱长与进度条不相加：{int(overall['topicsWithPublished'])} / {int(overall['topicCount'])} 个方向已有现行标准。"]
    if empty_topics:
        lines.append(f"- **还没有任何标准的方向**（{len(empty_topics)} 个）：{'、'.join(empty_topics)}。")
    else:
        lines.append("- 每个 2027 年方向都已有现行或在编标准。")
    return "\n".join(lines)


def _heatmap() -> None:
    st.subheader("A–E 标准体系覆盖热图")
    gaps = resources.named("gap_analysis")
    if gaps.empty:
        widgets.empty("图谱中没有标准体系框架：请确认语料包含《标准体系建设指南》并重新构建。")
        return
    df = gaps[gaps["depth"] >= 2].copy()
    df["part"] = df["notation"].str[0]
    parts = resources.named("framework_tree")
    names = {r.notation: f"{r.notation} {r.label}" for r in parts.itertuples() if r.depth == 1}
    df["部分"] = df["part"].map(names)
    df["位置"] = df.groupby("part").cumcount()
    order = sorted(names.values())
    pick = alt.selection_point(name="node", fields=["notation"], on="click")
    chart = alt.Chart(df).mark_rect(stroke="white", strokeWidth=1, cursor="pointer").encode(
        x=alt.X("位置:O", axis=None),
        y=alt.Y("部分:N", title=None, sort=order, axis=alt.Axis(labelLimit=200, labelOverlap=False, labelFontSize=12)),
        color=alt.Color("verdict:N", title="结论", scale=alt.Scale(domain=list(widgets.VERDICT_COLORS),
                                                                  range=list(widgets.VERDICT_COLORS.values())),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=120)),
        tooltip=[alt.Tooltip("notation", title="编号"), alt.Tooltip("label", title="名称"),
                 alt.Tooltip("verdict", title="结论"), alt.Tooltip("coveringCount", title="覆盖标准数"),
                 alt.Tooltip("plannedCount", title="规划标准数")],
    ).add_params(pick).properties(height=52 * len(order))
    event = st.altair_chart(chart, width="stretch", on_select="rerun", key="o-heat")
    picked = (event.selection.get("node") if event is not None else None) or []
    if picked and picked[0].get("notation"):
        widgets.go("framework", node=picked[0]["notation"])
    st.caption(summary_of(gaps["verdict"]) + "点击格子打开节点；[差距分析](gaps) 中有明细。")


def _findings() -> None:
    st.subheader("起草检查")
    rows = resources.findings()
    if not rows:
        st.success("起草检查没有发现问题。")
        return
    by_doc = pd.DataFrame(rows).groupby(["document", "severity"]).size().unstack(fill_value=0)
    st.metric("发现的问题", len(rows))
    st.dataframe(by_doc.reset_index().rename(columns={"document": "文件"}), hide_index=True, width="stretch",
                 key="o-findings")
    widgets.link("standards", "打开各文件的起草检查清单 →", view="起草检查")


def render() -> None:
    st.title("城市全域数字化转型标准体系知识图谱")
    st.caption("把标准体系建设指南、技术参考模型及编制说明、成熟度模型和顶层设计指南解析成一个知识图谱："
               "浏览标准体系与缺口，对照术语，追踪引用，开展成熟度自评。")
    with widgets.plain_errors():
        _counts()
    left, right = st.columns([1, 1])
    with left, widgets.plain_errors("路线图"):
        _roadmap()
    with right, widgets.plain_errors("覆盖热图"):
        _heatmap()
    with widgets.plain_errors("起草检查"):
        _findings()


render()
