"""检查草案: upload a draft (.docx, .pdf or text) and read what `cdtkg check` finds — by severity, each
with its clause's text and links to the graph's pages — and download the comment-handling sheet.

The upload is read in memory, checked against the current build and dropped: it is never written to
disk nor added to the corpus. The same report comes from `cdtkg check FILE`.
"""
from __future__ import annotations

import hashlib

import streamlit as st

from app import resources, widgets
from loaders.draft_source import MAX_UPLOAD_BYTES, read_draft
from queries.draft_check import DraftReport, check_draft, comment_sheet
from queries.draft_finding import SEVERITY_LABELS, SEVERITY_ORDER

UPLOAD_TYPES = ["docx", "pdf", "txt", "md"]
# The corpus drafts a user can try the page with, without a file of their own.
SAMPLES = {"城市全域数字化转型 技术参考模型（征求意见稿）": "gbt-technical-reference-model-draft.txt",
           "城市全域数字化转型 成熟度模型（征求意见稿）": "gbt-maturity-model-ctmm-draft.txt"}
TERM_CHECKS = {"term_defined_differently", "term_used_undefined"}
STANDARD_CHECKS = {"cited_not_listed", "listed_not_cited", "dated_inconsistently", "superseded_citation",
                   "draft_citation", "term_source_not_listed", "restated_requirement"}
SEVERITY_BOXES = {"error": st.error, "warning": st.warning, "info": st.info}


def check_upload(name: str, data: bytes) -> DraftReport:
    """The report on the uploaded draft `name` (its bytes `data`), against the build the explorer shows."""
    return check_draft(read_draft(name, data), resources.corpus(), resources.graph().store)


def _report(name: str, data: bytes) -> DraftReport:
    """The report, kept in this session only (by the file's hash), so a rerun does not check again."""
    key = "draft-report-" + hashlib.sha256(data).hexdigest()[:16]
    if key not in st.session_state:
        for old in [k for k in st.session_state if str(k).startswith("draft-report-")]:
            del st.session_state[old]
        with st.spinner("正在检查草案…"):
            st.session_state[key] = check_upload(name, data)
    return st.session_state[key]


def _link(f) -> None:
    if not f.subject:
        return
    if f.check in TERM_CHECKS:
        widgets.link("terms", f"在图谱中查看术语“{f.subject}”", term=f.subject)
    elif f.check in STANDARD_CHECKS:
        widgets.link("standards", f"在图谱中查看 {f.subject}", view="标准", standard=f.subject)


def _finding(n: int, f, report: DraftReport) -> None:
    where = f.clause + (f"，第 {f.page} 页" if f.page else "") + (f"，第 {f.line} 行" if f.line else "")
    with st.container(border=True):
        st.markdown(f"**{n}. {f.title}** · {where}")
        st.write(f.problem)
        st.markdown(f"**建议**：{f.suggestion}")
        st.caption(f"依据：{f.basis}")
        text = report.clause_texts.get(f.clause.split()[0], "")
        if text:
            with st.expander(f"草案 {f.clause.split()[0]} 原文"):
                st.text(text[:2000])
        _link(f)


def _show(report: DraftReport) -> None:
    counts = report.counts()
    cols = st.columns(4)
    for col, severity in zip(cols, SEVERITY_ORDER):
        col.metric(SEVERITY_LABELS[severity], counts.get(severity, 0))
    cols[3].metric("章条", report.clauses)
    if not report.graph_used:
        st.warning(f"图谱尚未构建：只按{report.rules}检查了编写。", icon=":material/warning:")
    if not report.findings:
        st.success("没有发现问题。", icon=":material/check_circle:")
        return
    st.download_button("下载意见汇总处理表（XLSX）", comment_sheet(report),
                       file_name=f"{report.name.rsplit('.', 1)[0]}-检查意见.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="draft-xlsx")
    for severity, group in report.by_severity():
        st.subheader(f"{SEVERITY_LABELS[severity]}（{len(group)} 条）")
        for n, f in group:
            _finding(n, f, report)
    if report.problems:
        with st.expander(f"读取草案时的提示（{len(report.problems)} 条）"):
            for p in report.problems:
                st.text(p)


def render() -> None:
    st.title("检查草案")
    st.caption("上传一份标准草案，对照 GB/T 1.1—2020 和整个图谱检查：引用、术语、编号、助动词、悬置段……"
               "草案只在内存中读取，不保存，也不会加入语料。命令行：`cdtkg check 草案.docx`。")
    upload = st.file_uploader("草案文件（.docx、.pdf、.txt）", type=UPLOAD_TYPES, key="draft-file",
                              max_upload_size=MAX_UPLOAD_BYTES // (1024 * 1024))
    sample = st.selectbox("或者用语料中的一份草案试一试", ["", *SAMPLES], key="draft-sample",
                          format_func=lambda s: s or "（不选）")
    if upload is not None:
        name, data = upload.name, upload.getvalue()
    elif sample:
        name = SAMPLES[sample]
        data = (resources.corpus() / name).read_bytes()
    else:
        widgets.empty("上传草案文件，或选一份语料中的草案。")
        return
    with widgets.plain_errors("无法检查这份草案"):
        _show(_report(name, data))


render()
