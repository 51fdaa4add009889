"""差距分析: the gap table per framework node (filter by part, verdict, topic, status), a chart per
part and per roadmap topic, and exports to xlsx and CSV."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import iri_targets, label_targets, node_name_targets

ALL = "全部"
STATUSES = ["现行", "征求意见稿", "被代替", "计划中", "状态未知"]


def _select(label: str, options: list[str], key: str, param: str, counts: dict[str, int] | None = None):
    widgets.from_url(key, param, ALL)
    widgets.choose([ALL] + options, key, ALL)
    counts = counts or {}
    return st.selectbox(label, [ALL] + options, key=key, on_change=widgets.to_url, args=(key, param),
                        format_func=lambda o: f"{o}（{counts[o]}）" if o in counts else o)


def _topics(cell) -> list[str]:
    return [t for t in widgets.text(cell).split("；") if t]


def _year(topic: str) -> str:
    return topic.rsplit("（", 1)[-1].rstrip("）") if topic.endswith("）") else ""


def _filters(gaps: pd.DataFrame, tree: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The rows the filters keep, and the filters set (heading → value), for the exports."""
    parts = [f"{r.notation} {r.label}" for r in tree.itertuples() if r.depth == 1]
    part_of = gaps["notation"].str.split(".").str[0]
    all_topics = sorted({t for cell in gaps["topics"] for t in _topics(cell)})
    years = sorted({_year(t) for t in all_topics if _year(t)})
    verdicts = [v for v in widgets.VERDICT_COLORS if v in set(gaps["verdict"])]
    cols = st.columns(5)
    with cols[0]:
        part = _select("部分", parts, "g_part", "part",
                       {p: int((part_of == p.split(" ")[0]).sum()) for p in parts})
    with cols[1]:
        verdict = _select("结论", verdicts, "g_verdict", "verdict", gaps["verdict"].value_counts().to_dict())
    with cols[2]:
        year = _select("路线图年份", years, "g_year", "year")
    topics = [t for t in all_topics if year == ALL or _year(t) == year]
    with cols[3]:
        topic = _select("路线图方向", topics, "g_topic", "topic",
                        {t: int(gaps["topics"].apply(lambda c: t in _topics(c)).sum()) for t in topics})
    with cols[4]:
        status = _select("覆盖标准的状态", STATUSES, "g_status", "status")
    shown = gaps
    if part != ALL:
        shown = shown[shown["notation"].str.split(".").str[0] == part.split(" ")[0]]
    if verdict != ALL:
        shown = shown[shown["verdict"] == verdict]
    if year != ALL:
        shown = shown[shown["topics"].apply(lambda c: any(_year(t) == year for t in _topics(c)))]
    if topic != ALL:
        shown = shown[shown["topics"].apply(lambda c: topic in _topics(c))]
    if status != ALL:
        shown = shown[shown["covering"].fillna("").str.contains(f"（{status}", regex=False)]
    chosen = {"部分": part, "结论": verdict, "路线图年份": year, "路线图方向": topic, "覆盖标准的状态": status}
    return shown, {k: v for k, v in chosen.items() if v != ALL}


def _charts(gaps: pd.DataFrame) -> None:
    leaves = gaps[gaps["verdict"] != "见下级"].assign(部分=lambda d: d["notation"].str.split(".").str[0])
    if leaves.empty:
        return
    shown = [v for v in widgets.VERDICT_COLORS if v in set(leaves["verdict"])]  # a legend of what is drawn
    colors = alt.Scale(domain=shown, range=[widgets.VERDICT_COLORS[v] for v in shown])
    st.markdown("**各部分的节点结论**（按上面的筛选）")
    widgets.chart(alt.Chart(leaves).mark_bar().encode(
        x=alt.X("部分:N", title=None, axis=alt.Axis(labelAngle=0)), y=alt.Y("count():Q", title="节点数"),
        color=alt.Color("verdict:N", title="结论", scale=colors, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("部分", title="部分"), alt.Tooltip("verdict", title="结论"),
                 alt.Tooltip("count()", title="节点数")]).properties(height=220), "各部分的节点结论",
        key="g-parts-chart", width="stretch")
    # below, full width: a topic's name is long, and a half-width column cut it or packed the rows together
    st.markdown("**各路线图方向的节点结论**（按上面的筛选，2027 年的方向在前）")
    by_topic = leaves.assign(方向=leaves["topics"].apply(_topics)).explode("方向")
    by_topic = by_topic[by_topic["方向"].fillna("") != ""]
    if by_topic.empty:
        widgets.empty("筛选出的节点没有关联路线图方向。")
        return
    order = sorted(by_topic["方向"].unique(), key=lambda t: (_year(t), t))
    widgets.chart(alt.Chart(by_topic).mark_bar().encode(
        y=alt.Y("方向:N", title=None, sort=order, axis=alt.Axis(labelLimit=0, labelOverlap=False)),
        x=alt.X("count():Q", title="节点数", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("verdict:N", title="结论", scale=colors, legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("方向", title="路线图方向"), alt.Tooltip("verdict", title="结论"),
                 alt.Tooltip("count()", title="节点数")],
    ).properties(height=alt.Step(24)), "各路线图方向的节点结论", key="g-topics-chart", width="stretch")


def _project_targets(items: list, frame: pd.DataFrame) -> dict[str, list]:
    """The columns of the plan list that name its projects (the plan number, the project's name), each
    cell opening the resource page of its row's project (`items`, one per row)."""
    first = next((n for n, i in enumerate(items) if i is not None), None)
    if first is None:
        return {}
    item, row = items[first], frame.iloc[first]
    naming = [c for c in frame.columns if widgets.text(row[c]) and widgets.text(row[c]) in (item.key, item.name)]
    pages = iri_targets(i.iri if i else None for i in items)
    return {c: pages for c in naming}


def _programme() -> None:
    from queries.plan_progress import topic_rows

    st.subheader("工作计划对 2027 年目标的进展")
    p = resources.plan_progress()
    st.markdown(f"**{p.headline()}。**")
    st.caption("按项目清单（`cdtkg plan import`）和语料中的标准统计；只计国际标准、国家标准和技术文件；"
               "到期晚于 2027 年底的项目不能计入。同一数据：`cdtkg gaps --plan`。")
    topics = pd.DataFrame(topic_rows(p))
    widgets.table(topics, key="g-plan-topics", targets={"方向": label_targets(topics["方向"], "RoadmapTopic")})
    if p.topics_without_project:
        st.warning(f"还没有立项的方向：{'、'.join(p.topics_without_project)}。")
    for heading, listed, key in (("超期项目", p.late, "g-plan-late"),
                                 ("到期晚于 2027 年底、不能计入的项目", p.after_deadline, "g-plan-after")):
        if listed:
            st.markdown(f"**{heading}**（{len(listed)} 项）")
            widgets.table(pd.DataFrame([{"项目": i.label(), "阶段": i.stage, "应完成日期": str(i.due)} for i in listed]),
                          key=key, targets={"项目": iri_targets(i.iri for i in listed)}, height=min(420, 40 + 35 * len(listed)))
    sheet = resources.plan_sheet()
    if sheet is None:
        widgets.empty("语料中还没有项目清单：用 `cdtkg plan import 清单.xlsx` 导入后重新构建，即可在此查看各项目落入的体系节点。")
        return
    from queries.result_formats import MIME, export_bytes

    def sheet_frame() -> tuple[pd.DataFrame, list]:
        columns, rows, items = resources.plan_sheet_table()
        return pd.DataFrame(rows, columns=columns), items

    # folded: a list of 10,000 projects is worked out and drawn only for the secretary who opens it
    with widgets.fold(f"项目清单（{sheet.source}，{len(sheet.rows)} 项），已填上体系节点、路线图方向和覆盖依据",
                      "g-plan-sheet-open") as shown:
        if shown:
            frame, items = sheet_frame()
            widgets.table(frame, key="g-plan-sheet", targets=_project_targets(items, frame), height=420)

    def sheet_file() -> bytes:  # written when the button is pressed
        return export_bytes(sheet_frame()[0], "xlsx", title="项目清单（含体系节点、路线图方向、覆盖依据）")[0]

    st.download_button("下载项目清单（XLSX，交回委员会）", data=sheet_file, file_name="项目清单（含体系节点）.xlsx",
                       mime=MIME["xlsx"], key="g-plan-dl", on_click="ignore")


def _body(gaps: pd.DataFrame) -> None:
    tree = resources.named("framework_tree")
    shown, chosen = _filters(gaps, tree)
    st.caption(f"显示 {len(shown)} / {len(gaps)} 个节点。")
    if shown.empty:
        widgets.empty("没有符合这些筛选条件的节点：放宽一个条件（设为“全部”）再看。")
        return
    # the charts in a tab of their own, drawn only when chosen: they were half the time of every visit
    table_tab, charts_tab = widgets.url_tabs(["节点表", "图表"], "g_tab", "tab")
    if table_tab.open:
        with table_tab:
            _table(gaps, shown, tree, chosen)
    if charts_tab.open:
        with charts_tab:
            _charts(shown)


def _table(gaps: pd.DataFrame, shown: pd.DataFrame, tree: pd.DataFrame, chosen: dict) -> None:
    key_first = ["notation", "label", "verdict", "coveringCount", "covering", "plannedCount", "planned", "topics"]
    table = shown[[c for c in key_first if c in shown.columns]]
    node_iri = dict(zip(tree["notation"], tree["iri"]))
    targets = {"notation": [("framework", {"node": n}) for n in table["notation"]],
               "label": iri_targets(node_iri.get(n) for n in table["notation"]),
               **{c: node_name_targets(table["notation"], c) for c in ("covering", "planned", "topics")}}
    screen = widgets.table(table, key="g-table", targets=targets, pin=["notation", "label", "verdict"],
                           widths={"label": "medium"})          # the verdict as wide as 遵循外部标准
    screen.attrs["elapsed_ms"] = gaps.attrs.get("elapsed_ms", 0.0)
    widgets.downloads(screen, "标准体系缺口分析", key="g-dl", query="gap_analysis", filters=chosen,
                      formats=("xlsx", "csv"))


widgets.page("差距分析", "gap_analysis",
             "图谱中没有标准体系框架，无法分析缺口：请确认语料包含《标准体系建设指南》并重新构建。", _body,
             caption="按标准体系节点对照：指南规划的标准、已有的覆盖标准及其状态、结论（已覆盖 / 部分覆盖 / 缺口）和路线图方向。"
                     "点击编号在体系树中打开节点，点击名称打开节点的资源页；点击覆盖标准、规划标准或路线图方向，"
                     "在表格下方列出其中每一项的链接。")
with widgets.plain_errors("工作计划进展"):
    _programme()
