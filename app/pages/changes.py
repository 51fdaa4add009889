"""变更: what changed since the previous build (queries/changes.py), so a committee sees
what moved between meetings: one aspect at a time (kept in the address), every name that still
names something in the current build a link to its page."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import document_targets, label_targets, node_name_targets


# Headings this page gives columns whose usual heading means something else here, and values shown in words.
HEADINGS = {"target": "覆盖对象", "method": "映射方式", "standard": "标准"}
VALUES = {"curated": "人工整理", "automatic": "自动对齐", "auto": "自动对齐"}


def _frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as a table with this page's headings and the mapping methods in words."""
    df = pd.DataFrame(rows).replace(VALUES)
    return df.rename(columns=lambda c: _heading(str(c)))


def _targets(df: pd.DataFrame) -> dict[str, list]:
    """The page each name of the rows `df` (the query's own columns) opens in the current build, by
    heading: nodes by notation, documents and standards by number or title, terms by their concept,
    planned standards by node and name; a name the current build no longer holds opens nothing."""
    out: dict[str, list] = {}
    for c in df.columns:
        base = str(c).partition("（")[0]
        values = list(df[c])
        if base == "notation":
            found = [("framework", {"node": v}) if widgets.text(v) else None for v in values]
        elif base in ("document", "standard", "cited"):
            found = document_targets(values)
        elif base == "term":
            found = label_targets(values, "Concept")
        elif base == "target":  # a framework node, named by its notation and label
            found = [("framework", {"node": widgets.text(v).split(" ")[0]}) if widgets.text(v) else None
                     for v in values]
        elif base == "plannedStandard" and "notation" in df.columns:
            named = node_name_targets(df["notation"], "planned")
            found = [dict(n or []).get(v) for n, v in zip(named, values)]
        else:
            continue
        if any(found):
            out[_heading(str(c))] = found
    return out


def _changes_table(rows: list[dict], key: str) -> None:
    df = pd.DataFrame(rows)
    widgets.table(_frame(rows), key=key, targets=_targets(df))


def _heading(column: str) -> str:
    base, _, when = column.partition("（")
    name = HEADINGS.get(base) or widgets.column_labels([base])[base]
    return f"{name}（{when}" if when else name


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "（未知）"


def _changed_frame(pairs: list[tuple[dict, dict]], key: tuple[str, ...]) -> pd.DataFrame:
    rows = []
    for before, after in pairs:
        row = {k: after.get(k) for k in key}
        for col in after:
            if col in key or before.get(col) == after.get(col):
                continue
            row[f"{col}（之前）"] = before.get(col)
            row[f"{col}（现在）"] = after.get(col)
        rows.append(row)
    return pd.DataFrame(rows)


def _show_text_changes(pairs: list[tuple[dict, dict]], key: tuple[str, ...]) -> None:
    """Long texts that changed are shown side by side with the differing characters marked."""
    for before, after in pairs:
        for col in after:
            old, new = before.get(col), after.get(col)
            if col in key or old == new or not isinstance(old, str) or not isinstance(new, str) or len(old) < 20:
                continue
            a, b = widgets.marked_diff(old, new)
            st.markdown(f"**{' · '.join(str(after.get(k)) for k in key)}** — {widgets.column_labels([col])[col]}")
            left, right = st.columns(2)
            left.markdown(f"之前：{a}", unsafe_allow_html=True)
            right.markdown(f"现在：{b}", unsafe_allow_html=True)


def render() -> None:
    st.title("变更")
    st.caption("本次构建与上一次构建相比：体系节点、规划标准、覆盖关系、术语和引用的增删改。")
    with widgets.plain_errors():
        changes = resources.changes()
        if changes is None:
            button = "" if resources.read_only() else "（或点侧栏的“重新构建图谱”）"   # a shared server has none
            widgets.empty(f"还没有可比较的上一次构建。语料变化后运行 `cdtkg build`{button}，"
                          "这里就会列出两次构建之间的变化。")
            return
        st.markdown(f"上一次构建：**{_when(changes.previous_built_at)}** → 本次构建：**{_when(changes.current_built_at)}**")
        summary = pd.DataFrame([{"方面": a.aspect.title, "新增": len(a.added), "删除": len(a.removed),
                                 "修改": len(a.changed), "之前行数": a.before, "现在行数": a.after}
                                for a in changes.aspects])
        changed = [a for a in changes.aspects if a.count]
        titles = [a.aspect.title for a in changed]
        widgets.table(summary, key=f"c-summary-{st.query_params.get('aspect', '')}",
                      targets={"方面": [("changes", {"aspect": t}) if t in titles else None for t in summary["方面"]]})
        if changes.count == 0:
            st.success("两次构建之间没有变化。")
            return
        widgets.from_url("c_aspect", "aspect", titles[0])
        widgets.choose(titles, "c_aspect")
        title = st.radio("方面", titles, key="c_aspect", horizontal=True, on_change=widgets.to_url,
                         args=("c_aspect", "aspect"), format_func=lambda t: f"{t}（{changed[titles.index(t)].count}）")
        a = changed[titles.index(title)]
        st.markdown(f"**{a.aspect.title}**：新增 {len(a.added)}，删除 {len(a.removed)}，修改 {len(a.changed)}。"
                    "点击编号、文件、标准或术语打开它现在的页面。")
        if a.added:
            st.markdown("**新增**")
            _changes_table(a.added, f"c-add-{a.aspect.name}")
        if a.removed:
            st.markdown("**删除**")
            _changes_table(a.removed, f"c-del-{a.aspect.name}")
        if a.changed:
            st.markdown("**修改**")
            _changes_table(_changed_frame(a.changed, a.aspect.key).to_dict("records"), f"c-mod-{a.aspect.name}")
            _show_text_changes(a.changed, a.aspect.key)

render()
