"""成熟度模型: the items × levels matrix by domain, one item across levels, and a city's
self-assessment (queries/maturity_assessment.py holds the rule; this page only asks and shows)."""
from __future__ import annotations

import math
from functools import partial

import altair as alt
import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import iri_targets
from queries.maturity_assessment import Answers, assess, assessment_xlsx

VIEWS = ["矩阵", "能力项", "自评"]
ALL = "全部能力域"


# The widths of the matrix's item and feature columns: both in view beside the sidebar at 1024 px.
ITEM_PX, FEATURE_PX = 120, 420
# The width of what an item misses for its next level, beside the item at 1024 px.
MISSING_PX = 360
# The matrix's height at most: about a screen, its rows scrolled within.
MATRIX_MAX_PX = 720


def _matrix(model) -> None:
    """The items × levels matrix, one level at a time: five levels side by side left each feature a sixth of
    the width at 1024 px, cut to its first line, with levels 三–五 out of view."""
    domains = [ALL] + [label for _, label in model.domains]
    widgets.from_url("m_domain", "domain", ALL)
    widgets.choose(domains, "m_domain", ALL)
    domain = st.selectbox("能力域", domains, key="m_domain", on_change=widgets.to_url, args=("m_domain", "domain"))
    shown = [item for item in model.items if domain == ALL or item.domain_label == domain]
    levels = [model.level_label(n) for n in model.levels]
    st.caption(f"{len(shown)} 个能力项 × {len(model.levels)} 个等级，每页一个等级。点击能力项、能力子域或能力域打开它的"
               "资源页（各等级特征、有助于提升它的标准）；“能力项”视图并列一个能力项的全部等级。")
    for n, tab in zip(model.levels, widgets.url_tabs(levels, "m_level", "level")):
        if not tab.open:
            continue
        label = model.level_label(n)
        rows = []
        for item in shown:
            f = item.features.get(n)
            # no breakable spaces: the table then wraps the Chinese text character by character
            rows.append({"能力项": item.label, label: f.text.replace(" ", "\u00a0") if f else "",
                         "能力子域": item.subdomain_label, "能力域": item.domain_label})
        df = pd.DataFrame(rows)
        # as high as every feature needs, at most twelve lines (the longest, 259 characters, needs ten)
        row_height = widgets.wrapped_row_height({ITEM_PX: df["能力项"], FEATURE_PX: df[label]}, max_lines=12)
        with tab:
            widgets.table(df, key=f"m-matrix-{n}", hide=[] if domain == ALL else ["能力域"], pin=["能力项"],
                          unpinned=["能力子域", "能力域"],
                          targets={"能力项": iri_targets(i.iri for i in shown),
                                   "能力子域": iri_targets(i.subdomain for i in shown),
                                   "能力域": iri_targets(i.domain for i in shown)},
                          widths={"能力项": ITEM_PX, label: FEATURE_PX},
                          row_height=row_height, height=min(MATRIX_MAX_PX, 38 + len(df) * row_height))


def _item(model) -> None:
    labels = [i.label for i in model.items]
    widgets.from_url("m_item", "item", labels[0] if labels else "")
    widgets.choose(labels, "m_item")
    label = st.selectbox("能力项", labels, key="m_item", on_change=widgets.to_url, args=("m_item", "item"),
                         format_func=lambda l: f"{model.items[labels.index(l)].domain_label} · {l}")
    item = model.items[labels.index(label)]
    st.subheader(f"{item.label}")
    st.caption(f"能力域：{item.domain_label} · 能力子域：{item.subdomain_label}")
    for n, feature in sorted(item.features.items()):
        with st.container(border=True):
            st.markdown(f"**{model.level_label(n)}**")
            st.markdown("\n".join(f"- {s.marker} {s.text}".replace("  ", " ") for s in feature.statements))
            st.caption(f"来源：{feature.locator}")
    helpers = model.helpers.get(item.iri, ())
    st.markdown("#### 有助于提升该能力项的标准")
    if not helpers:
        widgets.empty("图谱中还没有与该能力项关联的标准：能力项与标准体系节点或参考模型要素对齐后，这里会列出覆盖它们的标准。")
        return
    df = pd.DataFrame([{"标准": h.label, "状态": h.status, "关联方式": "；".join(h.via)} for h in helpers])
    widgets.table(df, key="m-helpers", targets={"标准": iri_targets(h.iri for h in helpers)})


def _radar(domains) -> alt.Chart:
    """A radar chart of the domain levels (the level all items reach, and the mean item level)."""
    n = len(domains)
    points = []
    for series, attr in (("能力域等级", "level"), ("能力项平均等级", "mean")):
        for i, d in enumerate(list(domains) + [domains[0]]):
            angle = 2 * math.pi * (i % n) / n
            r = float(getattr(d, attr))
            points.append({"系列": series, "能力域": d.label, "等级": r, "order": i,
                           "x": r * math.sin(angle), "y": r * math.cos(angle)})
    grid = []
    for ring in range(1, 6):
        for i in range(n + 1):
            angle = 2 * math.pi * (i % n) / n
            grid.append({"ring": ring, "order": i, "x": ring * math.sin(angle), "y": ring * math.cos(angle)})
    labels = [{"能力域": d.label, "x": 5.9 * math.sin(2 * math.pi * i / n), "y": 5.9 * math.cos(2 * math.pi * i / n)}
              for i, d in enumerate(domains)]
    scale = alt.Scale(domain=[-6.8, 6.8])
    axis = None
    base_x, base_y = alt.X("x:Q", scale=scale, axis=axis), alt.Y("y:Q", scale=scale, axis=axis)
    rings = alt.Chart(pd.DataFrame(grid)).mark_line(color="#ddd").encode(base_x, base_y, detail="ring:N",
                                                                         order="order:Q")
    shape = alt.Chart(pd.DataFrame(points)).mark_line(point=True).encode(
        base_x, base_y, color=alt.Color("系列:N", legend=alt.Legend(orient="bottom", title=None)),
        order="order:Q", tooltip=["能力域", "系列", "等级"])
    text = alt.Chart(pd.DataFrame(labels)).mark_text(fontSize=12).encode(base_x, base_y, text="能力域:N")
    return (rings + shape + text).properties(height=380)


def _answers(model) -> Answers:
    """The city's answers from the widgets (and from `levels` in the address, for shared links)."""
    modes = ["按能力项选择等级", "逐条勾选具备的特征"]
    widgets.from_url("m_mode", "mode", modes[0])
    widgets.choose(modes, "m_mode")
    mode = st.radio("作答方式", modes, horizontal=True, key="m_mode", on_change=widgets.to_url, args=("m_mode", "mode"))
    shared = st.query_params.get("levels", "")
    picked: dict[str, int] = {}
    ticked: set[str] = set()
    options = list(range(0, model.top_level + 1))
    for d_iri, d_label in model.domains:
        items = model.items_of(d_iri)
        with st.expander(f"{d_label}（{len(items)} 个能力项）"):
            for item in items:
                key = f"lvl-{item.iri}"
                index = model.items.index(item)
                if key not in st.session_state and len(shared) == len(model.items) and shared[index].isdigit():
                    st.session_state[key] = min(int(shared[index]), model.top_level)
                if mode == "按能力项选择等级":
                    meaning = "\n\n".join(f"**{model.level_label(n)}**：{f.text}" for n, f in sorted(item.features.items()))
                    picked[item.iri] = st.select_slider(item.label, options=options, key=key,
                                                        format_func=model.level_label, help=meaning or None)
                else:
                    st.markdown(f"**{item.label}**")
                    for n, feature in sorted(item.features.items()):
                        for s in feature.statements:
                            if st.checkbox(f"{model.level_label(n)} {s.marker} {s.text}", key=f"tick-{s.iri}"):
                                ticked.add(s.iri)
    if mode == "按能力项选择等级":
        st.query_params["levels"] = "".join(str(picked.get(i.iri, 0)) for i in model.items)
    return Answers(picked=picked, ticked=frozenset(ticked))


def _self_assessment(model) -> None:
    st.markdown("按 CTMM 第 6 章的规则判定：**较高的成熟度等级应具备低于该等级的全部特征**。"
                "能力域取其全部能力项都达到的等级，城市总体取全部能力域都达到的等级。")
    widgets.from_url("m_city", "city")
    city = st.text_input("城市名称（可选，用于导出）", key="m_city", on_change=widgets.to_url, args=("m_city", "city"))
    answers = _answers(model)
    a = assess(model, answers)
    st.divider()
    cols = st.columns(3)
    cols[0].metric("城市总体等级", a.level_label)
    cols[1].metric("已评能力项", f"{sum(1 for r in a.items if r.level > 0)} / {len(a.items)}")
    cols[2].metric("能力项平均等级", f"{sum(r.level for r in a.items) / max(1, len(a.items)):.2f}")
    left, right = st.columns([1, 1])
    with left:
        # beside the radar, half of 560 px at 1024 px: a short heading, or the means were out of view
        widgets.table(pd.DataFrame([{"能力域": d.label, "等级": a.model.level_label(d.level), "平均等级": d.mean}
                                    for d in a.domains]), key="m-domains",
                      targets={"能力域": iri_targets(d.iri for d in a.domains)})
    with right:
        widgets.chart(_radar(a.domains), "成熟度自评雷达图", key="m-radar", width="stretch")
    blocked = [r for r in a.items if r.held_above]
    if blocked:
        st.warning("以下能力项已具备更高等级的特征，但缺少较低等级的特征，按规则不计入：" + "；".join(
            f"{r.item.label}（具备{'、'.join(model.level_label(n) for n in r.held_above)}，计为{model.level_label(r.level)}）"
            for r in blocked))
    st.markdown("#### 升到下一等级还缺什么")
    focus = a.holding_back or ()
    if not focus:
        st.success("各能力域均已达到最高等级。")
    # one tab per domain: six tables one under another made the page 4,000 px long
    tabs = st.tabs([f"{d.label}（{sum(len(r.missing) for r in d.holding_back)} 条）" for d in focus]) if focus else []
    for d, tab in zip(focus, tabs):
        missing = [(r, s) for r in d.holding_back for s in r.missing]
        # what is missing, wrapped beside its item: at 1024 px it was the last column, cut after seven characters
        rows = [{"能力项": r.item.label, "要点": s.marker, "内容": s.text, "目标等级": model.level_label(r.next_level),
                 "有助于提升的标准": "；".join(h.label for h in r.helpers[:5])} for r, s in missing]
        df = pd.DataFrame(rows)
        gap_row = widgets.wrapped_row_height({ITEM_PX: df["能力项"], MISSING_PX: df["内容"]})
        with tab:
            st.markdown(f"**{d.label}**：当前 {model.level_label(d.level)}，以下能力项达到 "
                        f"{model.level_label(d.level + 1)} 后该能力域即可升级。")
            widgets.table(df, key=f"m-gap-{d.iri}",
                          targets={"能力项": iri_targets(r.item.iri for r, _ in missing),
                                   "有助于提升的标准": [[(h.label, ("resource", {"iri": h.iri})) for h in r.helpers[:5]]
                                                or None for r, _ in missing]},
                          widths={"能力项": ITEM_PX, "要点": 56, "内容": MISSING_PX}, unpinned=["有助于提升的标准"],
                          row_height=gap_row, height=min(MATRIX_MAX_PX, 38 + len(df) * gap_row))
    st.download_button("下载自评结果（XLSX）", data=partial(assessment_xlsx, a, city),
                       file_name=f"{city or '城市'}成熟度自评.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="m-xlsx",
                       on_click="ignore")


def _chosen_model() -> str | None:
    """The document whose maturity model the page shows: the only one, or the one picked when the graph
    holds several editions (None when it holds none)."""
    models = resources.maturity_models()
    if len(models) <= 1:
        return models[0]["model"] if models else None
    names = [m["designation"] for m in models]
    widgets.from_url("m_model", "model", names[0])
    widgets.choose(names, "m_model")
    name = st.selectbox("成熟度模型", names, key="m_model", on_change=widgets.to_url, args=("m_model", "model"),
                        help="图谱中有多份定义能力项的文件（成熟度模型的不同版本），自评针对其中一份。")
    return models[names.index(name)]["model"]


def render() -> None:
    st.title("成熟度模型")
    with widgets.plain_errors():
        model = resources.maturity_model(_chosen_model())
        if not model.items:
            widgets.empty("图谱中没有成熟度模型（CTMM）的能力项：请确认语料中包含成熟度模型标准并重新构建。")
            return
        st.caption(f"{len(model.domains)} 个能力域 · {len(model.items)} 个能力项 · {len(model.levels)} 个等级")
        widgets.from_url("m_view", "view", VIEWS[0])
        widgets.choose(VIEWS, "m_view")
        view = st.radio("视图", VIEWS, horizontal=True, key="m_view", on_change=widgets.to_url,
                        args=("m_view", "view"), label_visibility="collapsed")
        if view == "矩阵":
            _matrix(model)
        elif view == "能力项":
            _item(model)
        else:
            _self_assessment(model)


render()
