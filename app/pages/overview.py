"""总览: what the graph holds, progress toward the 2027 target, the A–E coverage heat map and
the drafting findings."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import document_targets
from queries.gaps import summary_of


def _counts() -> None:
    cols = st.columns(3)
    for i, (label, count) in enumerate(resources.graph_counts()):
        cols[i % 3].metric(label, f"{count:,}")
    st.caption("与 `cdtkg stats` 的计数相同（按本次构建）。")


def _roadmap() -> None:
    st.subheader("2027 年目标进展")
    p = resources.plan_progress()
    if not p.topics:
        widgets.empty("图谱中没有 2027 年路线图目标：请确认语料包含《标准体系建设指南》并重新构建。")
        return
    made = p.published + p.in_progress_total
    st.progress(min(1.0, made / p.target) if p.target else 0.0, text=p.headline())
    topics, burn = _roadmap_charts(resources.today())
    widgets.chart(topics, "2027年各方向进展", key="o-topics", width="stretch")
    widgets.chart(burn, "累计完成对照2027年目标", key="o-burn", width="stretch")
    notes = []
    if p.topics_without_project:
        notes.append(f"还没有立项的方向：{'、'.join(p.topics_without_project)}")
    if p.late:
        notes.append(f"超期项目 {len(p.late)} 项")
    notes.append("只计国际标准、国家标准和技术文件（指南原文）")
    st.caption("；".join(notes) + "。")
    widgets.link("gaps", "2030 年的目标和方向：在差距分析中按年份单独筛选 →", year="2030")


@resources.per_build(st.cache_resource(show_spinner=False, max_entries=4))
def _roadmap_charts(corpus_dir: str, build_stamp: str, today: str) -> tuple[alt.Chart, alt.Chart]:
    """Return the roadmap's charts on `today` — each 2027 topic's standards and projects by state, and the
    standards made so far against the target — kept for every visit to the page."""
    p = resources.plan_progress()
    rows = [{"方向": t.topic, "类别": k, "数量": n, "状态": t.state}
            for t in p.topics for k, n in (("已发布", t.published), ("在编", t.in_progress_total),
                                           ("预研", t.proposed), ("到期过晚", t.after_deadline))]
    order = ["已发布", "在编", "预研", "到期过晚"]
    topics = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("数量:Q", title="项目与标准数", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("方向:N", title=None, sort=[t.topic for t in p.topics], axis=alt.Axis(labelOverlap=False, labelLimit=160)),
        color=alt.Color("类别:N", scale=alt.Scale(domain=order, range=["#2e7d32", "#90caf9", "#ffe082", "#bdbdbd"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        order=alt.Order("类别:N"),
        tooltip=["方向", "类别", "数量", "状态"],
    ).properties(height=max(160, 28 * len(p.topics)))
    burn = pd.DataFrame(p.burn_up()).rename(columns={"month": "月份"}).melt(id_vars=["月份"], var_name="系列",
                                                                           value_name="项数")
    # months as numbers: Vega names them in English (Dec 01, 2026) in axis labels, tooltips and aria labels
    series = ["已发布", "按计划完成", "目标"]
    made = alt.Chart(burn).mark_line(point=False).encode(
        x=alt.X("月份:T", title=None, axis=alt.Axis(format="%Y-%m")), y=alt.Y("项数:Q", title="制定完成的标准（累计）"),
        color=alt.Color("系列:N", scale=alt.Scale(domain=series, range=["#2e7d32", "#90caf9", "#c62828"]),
                        legend=alt.Legend(orient="bottom", title=None)),
        strokeDash=alt.StrokeDash("系列:N", scale=alt.Scale(domain=series, range=[[1, 0], [4, 2], [6, 4]]), legend=None),
        tooltip=[alt.Tooltip("月份:T", title="月份", format="%Y年%m月"), "系列", "项数"],
    ).properties(height=200, title="累计制定完成的标准对照 2027 年目标")
    return widgets.kept(topics), widgets.kept(made)


def _heatmap() -> None:
    st.subheader("A–E 标准体系覆盖热图")
    gaps = resources.named("gap_analysis")
    if gaps.empty:
        widgets.empty("图谱中没有标准体系框架：请确认语料包含《标准体系建设指南》并重新构建。")
        return
    event = widgets.chart(_heatmap_chart(), "标准体系覆盖热图", key="o-heat", width="stretch", on_select="rerun")
    picked = (event.selection.get("node") if event is not None else None) or []
    if picked and picked[0].get("notation"):
        widgets.go("framework", node=picked[0]["notation"])
    st.caption(summary_of(gaps["verdict"]) + "点击格子打开节点。")
    widgets.link("gaps", "各节点的明细：差距分析 →")


@resources.per_build(st.cache_resource(show_spinner=False, max_entries=4))
def _heatmap_chart(corpus_dir: str, build_stamp: str) -> alt.Chart:
    """Return the heat map of the framework's nodes under each part A–E, coloured by their gap verdict,
    a click on a cell selecting its node; kept for every visit to the page."""
    gaps = resources.named("gap_analysis")
    df = gaps[gaps["depth"] >= 2].copy()
    df["part"] = df["notation"].str[0]
    parts = resources.named("framework_tree")
    names = {r.notation: f"{r.notation} {r.label}" for r in parts.itertuples() if r.depth == 1}
    df["部分"] = df["part"].map(names)
    df["位置"] = df.groupby("part").cumcount()
    order = sorted(names.values())
    pick = alt.selection_point(name="node", fields=["notation"], on="click")
    return widgets.kept(alt.Chart(df).mark_rect(stroke="white", strokeWidth=1, cursor="pointer").encode(
        x=alt.X("位置:O", axis=None),
        y=alt.Y("部分:N", title=None, sort=order, axis=alt.Axis(labelLimit=200, labelOverlap=False, labelFontSize=12)),
        color=alt.Color("verdict:N", title="结论", scale=alt.Scale(domain=list(widgets.VERDICT_COLORS),
                                                                  range=list(widgets.VERDICT_COLORS.values())),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=120)),
        tooltip=[alt.Tooltip("notation", title="编号"), alt.Tooltip("label", title="名称"),
                 alt.Tooltip("verdict", title="结论"), alt.Tooltip("coveringCount", title="覆盖标准数"),
                 alt.Tooltip("plannedCount", title="规划标准数")],
    ).add_params(pick).properties(height=52 * len(order)))


def _findings() -> None:
    st.subheader("起草检查")
    rows = resources.findings()
    if not rows:
        st.success("起草检查没有发现问题。")
        return
    st.metric("发现的问题", len(rows))
    by_doc, targets = _findings_by_document()
    widgets.table(by_doc, key="o-findings", targets={"文件": targets})
    widgets.link("standards", "打开各文件的起草检查清单 →", view="起草检查")


@resources.per_build(st.cache_resource(show_spinner=False, max_entries=4))
def _findings_by_document(corpus_dir: str, build_stamp: str) -> tuple[pd.DataFrame, list]:
    """Return the drafting findings counted by document and severity, with each document's resource page;
    kept for every visit to the page (only read)."""
    by_doc = pd.DataFrame(resources.findings()).groupby(["document", "severity"]).size().unstack(fill_value=0)
    by_doc = by_doc.reset_index().rename(columns={"document": "文件"})
    return by_doc, document_targets(by_doc["文件"])


def render() -> None:
    st.title("城市全域数字化转型标准体系知识图谱")
    st.caption("把标准体系建设指南、技术参考模型及编制说明、成熟度模型和顶层设计指南解析成一个知识图谱："
               "浏览标准体系与缺口，对照术语，追踪引用，开展成熟度自评。")
    with widgets.plain_errors():
        _counts()
    # one above the other: side by side at 1024 px, each chart had 270 px and cut its legend and title
    with widgets.plain_errors("路线图"):
        _roadmap()
    with widgets.plain_errors("覆盖热图"):
        _heatmap()
    with widgets.plain_errors("起草检查"):
        _findings()


render()
