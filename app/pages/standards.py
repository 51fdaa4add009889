"""标准与引用: the standards catalogue; a standard (who cites it, where; what it replaces); a
document (its clause tree, its list items by modality, what it cites); the drafting findings as a
checklist per document, downloadable."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders.document_names import document_name
from app import resources, widgets
from app.names import document_targets

VIEWS = ["标准目录", "标准", "文件", "起草检查"]
MODALITIES = ["全部", "应", "不应", "宜", "不宜", "可", "不必", "能", "不能", "陈述"]


def _catalogue() -> None:
    kw = widgets.url_text("按标准号或名称筛选", "s_kw", "q", "如 GB/T 22239、数字孪生")
    cat = resources.named("standards_catalogue", keyword=kw)
    if cat.empty:
        widgets.empty(f"目录中没有标准号或名称包含“{kw}”的标准。试试只输入编号的数字部分，如 22239。")
        return
    st.caption(f"{len(cat)} 项标准和文件（含被引用而未收录的）。点击标准号查看谁引用了它。")
    # the number (or short name) is headed 标准: headed 名称, it stood beside the title's 名称
    cat = cat.assign(standard=[document_name(widgets.text(n), "", widgets.text(t), short=True)
                               for n, t in zip(cat["number"], cat["title"])])
    cat = cat.assign(standard_link=[f"{widgets.url('standards', view='标准', standard=n)}#{n}" for n in cat["standard"]])
    shown = widgets.table(cat[["standard_link", "standard", "title", "status", "citedBy", "kind", "replacedBy", "ingested"]],
                          key="s-cat", links={"standard_link": "standard"},
                          widths={"standard": "medium", "title": "medium", "status": "small"})
    widgets.downloads(shown, "标准目录", key="s-cat-dl", query="standards_catalogue",
                      filters={"按标准号或名称筛选": kw} if kw else {}, formats=("xlsx", "csv"))


def _editions(number: str, cat: pd.DataFrame) -> pd.DataFrame:
    """The catalogue rows a number or title names: that edition, or every edition of an undated number."""
    from queries.binding import normalized_number
    from loaders.standard_numbers import base_number

    given = normalized_number(number) or number
    numbers = cat["number"].fillna("")
    exact = cat[(numbers == given) | (cat["title"] == number)]
    if not exact.empty:
        return exact.head(1)
    same_base = cat[[bool(n) and base_number(n) == given for n in numbers]]
    return same_base


def _standard() -> None:
    number = widgets.url_text("标准号（任意写法）或名称", "s_std", "standard", "如 GB/T 34678-2017 或 GB/T 34678")
    if not number:
        widgets.empty("输入一个标准号，或在“标准目录”中点击一项标准。")
        return
    cat = resources.named("standards_catalogue")
    rows = _editions(number, cat)
    numbered = any(ch.isdigit() for ch in number)
    cites = resources.named("citations_of_standard", standard=number) if numbered else pd.DataFrame()
    if rows.empty and cites.empty:
        widgets.empty(f"图谱中没有找到标准“{number}”：收录的文件既没有收录也没有引用它。"
                      "检查编号（可只输入数字部分在“标准目录”中筛选），或在搜索中全文查找。",
                      ("search", f"全文检索“{number}” →", {"q": number}))
        return
    for r in rows.itertuples():
        st.subheader(document_name(widgets.text(r.number), "", widgets.text(r.title)))
        facts = [f"类型：{widgets.text(r.kind)}" if widgets.text(r.kind) else "",
                 f"状态：{widgets.text(r.status)}" if widgets.text(r.status) else "",
                 f"被 {widgets.text(r.replacedBy)} 代替" if widgets.text(r.replacedBy) else "",
                 "已收录全文" if r.ingested in (True, "true", 1) else "未收录全文（只被引用）"]
        st.markdown(" · ".join(f for f in facts if f))
        older = cat[cat["replacedBy"].fillna("").str.contains(str(r.number or "~"), regex=False)]
        if not older.empty and r.number:
            st.markdown("代替：" + "；".join(f"{n} {t}" for n, t in zip(older["number"], older["title"])))
        if widgets.text(r.iri):
            widgets.link("resource", "资源页：日期、分类号、起草单位和起草人、全部属性", iri=r.iri)
    if len(rows) > 1:
        st.caption(f"“{number}”不带年份，指它的全部 {len(rows)} 个版本。")
    if not numbered:
        widgets.empty("没有标准号的文件无法按编号追踪引用；可在“文件”视图中查看它引用了什么。")
        return
    st.markdown("#### 引用它的条款")
    if cites.empty:
        widgets.empty(f"收录的文件中没有条款引用“{number}”。")
        return
    st.caption(f"被 {cites['document'].nunique()} 份文件引用，共 {len(cites)} 处"
               + ("（不带年份的编号匹配它的所有版本）" if len(rows) != 1 else "") + "。点击位置打开该条款。")
    docs = resources.named("app_documents")
    by_name = {widgets.text(n): d for n, d in zip(docs["designation"], docs["designation"])}
    by_number = {widgets.text(n): d for n, d in zip(docs["number"], docs["designation"]) if widgets.text(n)}
    by_plan = {widgets.text(n): d for n, d in zip(docs["planNumber"], docs["designation"]) if widgets.text(n)}
    targets = []
    for doc, loc in zip(cites["document"], cites["locator"]):
        name = by_number.get(doc) or by_plan.get(doc) or by_name.get(doc)
        clause = str(loc).split(" ")[0]
        targets.append(("standards", {"view": "文件", "document": name, "clause": clause}) if name else None)
    shown = widgets.table(cites, key="s-cites", pin=["document", "locator"],
                          targets={"locator": targets, "document": document_targets(cites["document"])})
    widgets.downloads(shown, f"引用{number.replace('/', '')}的条款", key="s-cites-dl", query="citations_of_standard",
                      filters={"标准": number}, formats=("xlsx", "csv"))


def _clause(doc, clauses: pd.DataFrame, number: str, hit: str, words: str) -> None:
    """The clause `number` first on the page, with its list items; the item at `hit` marked and the
    search `words` highlighted (arriving from a search)."""
    row = clauses[clauses["number"].astype(str) == number]
    if row.empty:
        widgets.empty(f"这份文件中没有第 {number} 条。下面是它的条款树。")
        return
    c = row.iloc[0]
    items = resources.named("app_document_provisions", document=doc["document"])
    items = items[items["clauseNumber"].astype(str) == number]
    with st.container(border=True, key="s-clause-shown"):
        st.markdown(f"#### {number} {widgets.text(c['title'])}")
        if widgets.text(c["text"]):
            st.markdown(widgets.highlighted(widgets.text(c["text"]), words), unsafe_allow_html=True)
        for it in items.itertuples():
            here = bool(hit) and widgets.text(it.locator) == hit
            body = widgets.highlighted(f"{widgets.text(it.marker)} {widgets.text(it.text)}", words)
            modality = f"<small>（{widgets.text(it.modality)}）</small>" if widgets.text(it.modality) else ""
            st.markdown(f'<div class="{"cdtkg-hit" if here else ""}" style="{HIT_STYLE if here else ""}">'
                        f"{body}{modality}</div>", unsafe_allow_html=True)
        st.caption(f"位置：{widgets.text(c['locator']) or number} · 源文件第 {widgets.text(c['sourceLine'])} 行"
                   + (f" · 搜索命中：{hit}" if hit else ""))
    if hit:
        widgets.scroll_to(".cdtkg-hit")


HIT_STYLE = "border-left: 4px solid #f9a825; background: #fff8e1; padding: 2px 8px; margin: 2px 0;"


def _document() -> None:
    docs = resources.named("app_documents")
    names = list(docs["designation"])
    widgets.from_url("s_doc", "document", names[0] if names else "")
    widgets.choose(names, "s_doc")
    name = st.selectbox("文件", names, key="s_doc", on_change=widgets.to_url, args=("s_doc", "document"))
    doc = docs[docs["designation"] == name].iloc[0]
    st.subheader(f"{doc['title']}")
    plan = widgets.text(doc["planNumber"])
    st.caption(" · ".join(x for x in (widgets.text(doc["number"]), plan and f"计划号 {plan}", widgets.text(doc["status"]))
                          if x)
               + f" · {int(doc['clauses'])} 个条款、{int(doc['provisions'])} 个列项、{int(doc['terms'])} 个术语、"
                 f"{int(doc['citations'])} 处引用")
    widgets.link("resource", "资源页：起草单位和起草人、被引用处、全部属性", iri=doc["document"])
    clauses = resources.named("app_document_clauses", document=doc["document"])
    wanted = st.query_params.get("clause", "")
    if wanted:
        _clause(doc, clauses, wanted, st.query_params.get("hit", ""), st.query_params.get("q", ""))
    # a link naming a modality means its list items
    tree, provisions, cited = widgets.url_tabs(["条款树", "按助动词看列项", "引用了什么"], "s_tab", "tab",
                                               "按助动词看列项" if st.query_params.get("modality") else "")
    if tree.open:
        with tree:
            _clause_tree(clauses, wanted)
    if provisions.open:
        with provisions:
            _provisions(doc)
    if cited.open:
        with cited:
            _cited(name)


def _provisions(doc) -> None:
    """The document's list items with the modality chosen (kept in the address)."""
    widgets.from_url("s_mod", "modality", "全部")
    widgets.choose(MODALITIES, "s_mod", "全部")
    modality = st.radio("助动词", MODALITIES, horizontal=True, key="s_mod", on_change=widgets.to_url,
                        args=("s_mod", "modality"))
    provs = resources.named("app_document_provisions", document=doc["document"],
                            only="" if modality == "全部" else modality)
    if provs.empty:
        widgets.empty("这份文件没有这种助动词的列项。选“全部”看所有列项。")
    else:
        counts = resources.named("app_document_provisions", document=doc["document"])["modality"].value_counts()
        st.caption("；".join(f"{k} {v} 条" for k, v in counts.items()))
        widgets.table(provs, key="s-provs")


def _cited(name: str) -> None:
    """The standards and documents the document `name` cites, each a link to its page."""
    cited = resources.named("document_citations", document=name)
    if cited.empty:
        widgets.empty("这份文件没有引用其他标准或文件。")
    else:
        widgets.table(widgets.with_link(cited, "citedAs", "standards", "standard"), key="s-doc-cites",
                      links={"citedAs_link": "citedAs"})


def _clause_tree(clauses: pd.DataFrame, wanted: str) -> None:
    """The clauses, one folded section per top-level clause holding its subclauses (one section per
    clause made a document page 4,500 px of headings); the section holding `wanted` open."""
    parents = {str(n): widgets.text(p) for n, p in zip(clauses["number"], clauses["parentNumber"])}

    def top(number: str) -> str:
        seen = {number}
        while parents.get(number) and parents[number] not in seen:
            number = parents[number]
            seen.add(number)
        return number

    tops = [top(str(n)) for n in clauses["number"]]
    for head in dict.fromkeys(tops):
        mine = clauses[[t == head for t in tops]]
        first = mine.iloc[0]
        below = f"（{len(mine) - 1} 个下级条款）" if len(mine) > 1 else ""
        with widgets.fold(f"{head} {widgets.text(first['title'])}{below}", f"s-clause-{head}-{wanted}",
                          expanded=head == top(wanted) if wanted else False) as open_:
            for c in mine.itertuples() if open_ else ():
                depth = str(c.number).count(".")
                counts = f"（{int(c.provisions)} 个列项，其中“应”{int(c.requirements)} 条）" if c.provisions else ""
                if str(c.number) != head:
                    st.markdown(f"{'　' * depth}**{c.number} {widgets.text(c.title)}**{counts}")
                elif counts:
                    st.caption(counts.strip("（）"))
                if widgets.text(c.text):
                    st.markdown(c.text)
                st.caption(f"位置：{c.locator or c.number} · 第 {c.sourceLine} 行")


def _findings() -> None:
    rows = resources.findings()
    if not rows:
        st.success("起草检查没有发现问题。")
        return
    df = pd.DataFrame(rows)
    docs = list(dict.fromkeys(df["document"]))
    widgets.from_url("s_fdoc", "document", docs[0])
    widgets.choose(docs, "s_fdoc")
    name = st.selectbox("文件", docs, key="s_fdoc", on_change=widgets.to_url, args=("s_fdoc", "document"),
                        format_func=lambda d: f"{d}（{int((df['document'] == d).sum())} 条）")
    mine = df[df["document"] == name].reset_index(drop=True)
    st.caption("逐条核对并勾选已处理的问题（勾选只保存在本次浏览中）；可下载清单分发给起草组。")
    done = 0
    for check, group in mine.groupby("check", sort=False):
        st.markdown(f"**{check}**（{group.iloc[0]['severity']}）")
        st.caption(f"处理：{group.iloc[0]['solution']}")
        for i, f in group.iterrows():
            if st.checkbox(f"{f['locator']}：{f['message']}", key=f"s-f-{name}-{i}"):
                done += 1
    st.progress(done / len(mine), text=f"已处理 {done} / {len(mine)}")
    widgets.downloads(mine, f"{name}起草检查清单", key="s-f-dl", filters={"文件": name}, formats=("xlsx", "csv"))


def render() -> None:
    st.title("标准与引用")
    with widgets.plain_errors():
        default = "标准" if st.query_params.get("standard") else "文件" if st.query_params.get("document") else VIEWS[0]
        widgets.from_url("s_view", "view", default)
        widgets.choose(VIEWS, "s_view")
        view = st.radio("视图", VIEWS, horizontal=True, key="s_view", on_change=widgets.to_url,
                        args=("s_view", "view"), label_visibility="collapsed")
        {"标准目录": _catalogue, "标准": _standard, "文件": _document, "起草检查": _findings}[view]()


render()
