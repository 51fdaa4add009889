"""变更: what changed since the previous build (queries/changes.py), so a committee sees
what moved between meetings."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from app import resources, widgets


# Headings this page gives columns whose usual heading means something else here, and values shown in words.
HEADINGS = {"target": "覆盖对象", "method": "映射方式", "standard": "标准"}
VALUES = {"curated": "人工整理", "automatic": "自动对齐", "auto": "自动对齐"}


def _frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as a table with this page's headings and the mapping methods in words."""
    df = pd.DataFrame(rows).replace(VALUES)
    return df.rename(columns=lambda c: _heading(str(c)))


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
            widgets.empty("还没有可比较的上一次构建。语料变化后运行 `cdtkg build`（或点侧栏的“重新构建图谱”），"
                          "这里就会列出两次构建之间的变化。")
            return
        st.markdown(f"上一次构建：**{_when(changes.previous_built_at)}** → 本次构建：**{_when(changes.current_built_at)}**")
        summary = pd.DataFrame([{"方面": a.aspect.title, "新增": len(a.added), "删除": len(a.removed),
                                 "修改": len(a.changed), "之前行数": a.before, "现在行数": a.after}
                                for a in changes.aspects])
        st.dataframe(summary, hide_index=True, width="stretch", key="c-summary")
        if changes.count == 0:
            st.success("两次构建之间没有变化。")
            return
        for a in changes.aspects:
            if not a.count:
                continue
            with st.expander(f"{a.aspect.title}：新增 {len(a.added)}，删除 {len(a.removed)}，修改 {len(a.changed)}",
                             expanded=a.aspect.name != "counts"):
                if a.added:
                    st.markdown("**新增**")
                    widgets.table(_frame(a.added), key=f"c-add-{a.aspect.name}")
                if a.removed:
                    st.markdown("**删除**")
                    widgets.table(_frame(a.removed), key=f"c-del-{a.aspect.name}")
                if a.changed:
                    st.markdown("**修改**")
                    widgets.table(_frame(_changed_frame(a.changed, a.aspect.key).to_dict("records")),
                                  key=f"c-mod-{a.aspect.name}")
                    _show_text_changes(a.changed, a.aspect.key)


render()
