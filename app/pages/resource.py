"""资源: one page for every resource of the graph, addressed by its IRI (`resource?iri=…`), in the manner
of Skosmos. What kind of thing the resource is decides the sections shown first — a term, a framework node,
a standard or document, an organization or a person, a capability item, a clause — and every statement the
graph holds about it follows; each resource named on the page opens its own page in the same tab."""
from __future__ import annotations

import zlib

import pandas as pd
import streamlit as st

from app import resources, widgets
from app.names import document_targets, iri_targets
from loaders.vocab import CDTR_IRI

DOCUMENT_CLASSES = {"Standard", "Document", "TechnicalDocument", "PolicyDocument", "Guideline", "ExplanatoryNote"}
MODEL_ELEMENT_CLASSES = widgets.MODEL_ELEMENT_CLASSES


def _key(name: str) -> str:
    """The key of a table of this resource's page: a table that opened another resource must not keep its
    selected cell on that resource's page (the selection would open a page again)."""
    return f"{name}-{zlib.crc32(st.query_params.get('iri', '').encode('utf-8')):08x}"


def _facts(pairs: list[tuple[str, object]]) -> None:
    """Show the facts that have a value, one line each: heading and value."""
    lines = [f"- **{k}**：{widgets.text(v)}" for k, v in pairs if widgets.text(v)]
    if lines:
        st.markdown("\n".join(lines))


# --- a standard or document ----------------------------------------------------------------------------
def _standard(iri: str, label: str) -> None:
    card = resources.named("app_standard_card", standard=iri)
    c = card.iloc[0] if not card.empty else pd.Series(dtype=object)
    ingested = c.get("ingested") in (True, "true", 1)
    _facts([("标准号", c.get("number")), ("计划号", c.get("planNumber")), ("名称", c.get("title")),
            ("英文名称", c.get("titleEn")), ("类型", c.get("kind")), ("状态", c.get("status")),
            ("发布日期", c.get("issued")), ("实施日期", c.get("effective")), ("ICS", c.get("ics")),
            ("CCS", c.get("ccs")), ("归口", c.get("committee")), ("草案阶段", c.get("stage")),
            ("全文", "已收录" if ingested else "未收录（只被引用）")])
    if widgets.text(c.get("number")) or widgets.text(c.get("planNumber")):
        widgets.link("standards", "在“标准与引用”中查看", view="标准",
                     standard=widgets.text(c.get("number")) or widgets.text(c.get("planNumber")))

    replaced = resources.named("app_standard_replacements", standard=iri)
    if not replaced.empty:
        st.markdown("#### 代替关系")
        widgets.table(replaced[["relation", "number", "title"]], key=_key("r-replaced"),
                      targets={"number": iri_targets(replaced["other"])})

    people = resources.named("app_contributors", document=iri)
    for role in ("起草单位", "起草人", "编写人员"):
        mine = people[people["role"] == role].reset_index(drop=True) if not people.empty else people
        if mine.empty:
            continue
        st.markdown(f"#### {role}（{len(mine)}）")
        cols = [c for c in ("name", "affiliation", "task", "locator") if mine[c].map(widgets.text).any()]
        # a name beside its place alone (a drafting unit's) has the room the 200 px of a key column cut it to
        widgets.table(mine[cols], key=_key(f"r-people-{role}"), targets={"name": iri_targets(mine["agent"])},
                      height=min(400, 40 + 35 * len(mine)), widths={"name": "large"} if len(cols) <= 2 else None)

    st.markdown("#### 被引用的位置")
    cites = resources.named("app_cited_by", standard=iri)
    if cites.empty:
        widgets.empty("收录的文件中没有条款引用它。")
    else:
        st.caption(f"被 {cites['source'].nunique()} 份文件引用，共 {len(cites)} 处"
                   + ("（含同一标准号其他版本的引用）" if (cites["citedAs"] != label).any() else "") + "。")
        widgets.table(cites[["document", "locator", "kind", "citedAs", "citedLocator", "text"]], key=_key("r-cites"),
                      targets={"document": iri_targets(cites["source"]), "locator": iri_targets(cites["from"])})

    if ingested:
        clauses = resources.named("app_document_clauses", document=iri)
        if not clauses.empty:
            st.markdown(f"#### 条款（{len(clauses)}）")
            shown = clauses.rename(columns={"number": "clauseNumber", "title": "clauseTitle"})
            widgets.table(shown[["clauseNumber", "clauseTitle", "provisions", "requirements", "locator"]],
                          key=_key("r-clauses"), targets={"clauseNumber": iri_targets(clauses["clause"])}, height=400)


# --- an organization or a person -------------------------------------------------------------------------
def _agent(iri: str, label: str) -> None:
    work = resources.named("app_agent_work", agent=iri)
    st.markdown("#### 参与起草的文件")
    if work.empty:
        widgets.empty(f"收录的文件没有把“{label}”列为起草单位、起草人或编写人员。")
        return
    widgets.table(work[["document", "title", "role", "task", "locator"]], key=_key("r-work"),
                  targets={"document": iri_targets(work["source"])})


# --- a term ------------------------------------------------------------------------------------------------
def _term(iri: str, label: str) -> None:
    entries = resources.named("app_concept_entries", concept=iri)
    st.markdown(f"#### 定义（{len(entries)}）")
    if entries.empty:
        widgets.empty("收录的文件没有给出这个术语的定义。")
    for r in entries.itertuples():
        with st.container(border=True):
            widgets.link("resource", f"{r.document} {r.locator}", iri=r.source)
            if widgets.text(r.termEn):
                st.caption(f"{r.term} · {r.termEn}")
            st.markdown(widgets.text(r.definition))
            source = "，".join(x for x in (widgets.text(r.sourceStandard), widgets.text(r.sourceClause)) if x)
            if source:
                st.caption(f"来源：{source}" + (f"（{r.relation}）" if widgets.text(r.relation) else ""))
            if widgets.text(r.note):
                st.caption(f"注：{r.note}")
    if len(entries) > 1:
        widgets.link("terms", "在“术语”中对照各定义的差别", term=label)
    matches = resources.named("app_matches", resource=iri)
    if not matches.empty:
        st.markdown("#### 对齐的概念")
        widgets.matches(matches)
    st.markdown("#### 使用它的文件")
    used = resources.named("app_concept_usage", concept=iri)
    if used.empty:
        widgets.empty(f"收录的文件正文中没有出现“{label}”。")
    else:
        widgets.table(used[["document", "count", "locator"]], key=_key("r-used"),
                      targets={"document": iri_targets(used["source"])})


# --- a framework node ---------------------------------------------------------------------------------------
def _node(iri: str, notation: str) -> None:
    widgets.link("framework", "在“标准体系”中查看它在体系树中的位置", node=notation)
    planned = resources.named("app_node_planned", notation=notation)
    st.markdown(f"#### 规划标准（{len(planned)}）")
    if planned.empty:
        widgets.empty("这个节点下没有规划标准。")
    else:
        widgets.table(planned[["plannedStandard", "fulfilledBy", "fulfilledByTitle", "fulfilledByStatus", "locator"]],
                      key=_key("r-planned"), targets={"plannedStandard": iri_targets(planned["planned"]),
                                                      "fulfilledBy": document_targets(planned["fulfilledBy"])})
    covering = resources.named("app_node_covering", notation=notation)
    st.markdown(f"#### 覆盖它的标准（{len(covering)}）")
    if covering.empty:
        widgets.empty("还没有标准覆盖这个节点。")
    else:
        widgets.table(covering, key=_key("r-covering"), targets={"number": document_targets(covering["number"])})
    matches = resources.named("app_matches", resource=iri)
    if not matches.empty:
        st.markdown("#### 对齐的概念")
        widgets.matches(matches)


# --- a standard the guide plans ---------------------------------------------------------------------------------
def _planned(iri: str) -> None:
    notation = widgets.text(next(iter(resources.named("app_resource_link", resource=iri)["node"].dropna()), ""))
    if not notation:
        return
    tree = resources.named("framework_tree")
    node = tree[tree["notation"] == notation]
    name = f"{notation} {node['label'].iloc[0]}" if not node.empty else notation
    st.markdown(f"#### 规划于体系节点 {name}")
    if not node.empty:
        widgets.link("resource", f"打开节点 {name} 的资源页", iri=node["iri"].iloc[0])
    widgets.link("framework", "在“标准体系”中查看这个节点", node=notation)
    planned = resources.named("app_node_planned", notation=notation)
    mine = planned[planned["planned"] == iri] if not planned.empty else planned
    done = [r for r in mine.itertuples() if widgets.text(r.fulfilledBy)]
    st.markdown("#### 实现它的标准")
    if not done:
        widgets.empty("收录的文件中还没有实现这项规划标准的标准或技术文件。")
    for r, target in zip(done, document_targets(r.fulfilledBy for r in done)):
        status = widgets.text(r.fulfilledByStatus)
        name = " ".join(x for x in (r.fulfilledBy, widgets.text(r.fulfilledByTitle)) if x) + (f"（{status}）" if status else "")
        if target:
            widgets.link(target[0], name, **target[1])
        else:
            st.markdown(name)


# --- a capability item ------------------------------------------------------------------------------------------
def _item(iri: str, label: str) -> None:
    widgets.link("maturity", "在“成熟度模型”中查看", view="能力项", item=label)
    levels = resources.named("maturity_item", item=label)
    levels = levels[levels["itemName"] == label] if not levels.empty else levels
    st.markdown("#### 各等级的特征")
    if levels.empty:
        widgets.empty("这个能力项没有分等级的特征。")
    else:
        widgets.table(levels[["level", "levelName", "category", "text", "locator"]], key=_key("r-levels"))
    helping = resources.named("app_maturity_item_standards")
    helping = helping[helping["item"] == iri] if not helping.empty else helping
    st.markdown("#### 有助于提升它的标准")
    if helping.empty:
        widgets.empty("图谱中还没有标准与这个能力项关联。")
    else:
        widgets.table(helping[["number", "planNumber", "title", "status", "viaLabel"]], key=_key("r-helping"),
                      targets={"number": iri_targets(helping["standard"]), "title": iri_targets(helping["standard"])})


# --- a clause or a list item -----------------------------------------------------------------------------------------
def _clause(iri: str) -> None:
    rows = resources.named("app_resource_link", resource=iri)
    target = widgets.page_for(rows.to_dict("records")) if not rows.empty else None
    if target:
        widgets.link(target[0], "在文件中查看这一条", **target[1])


# --- every statement ------------------------------------------------------------------------------------------------
def _statements(iri: str) -> None:
    from queries.result_formats import compact_iri

    facts = resources.named("app_resource_statements", resource=iri)
    if facts.empty:
        return
    facts = facts.assign(predicateLabel=[compact_iri(p) if p == l else l
                                         for p, l in zip(facts["predicate"], facts["predicateLabel"])])
    for direction, heading in (("out", "它的全部属性"), ("in", "指向它的资源")):
        mine = facts[facts["direction"] == direction].reset_index(drop=True)
        if mine.empty:
            continue
        with st.expander(f"{heading}（{len(mine)}）", expanded=direction == "out" and len(mine) <= 40):
            shown = mine[["predicateLabel", "otherLabel"]].set_axis(["predicate", "resource"], axis=1)
            links = [("resource", {"iri": o}) if isinstance(o, str) and o.startswith(CDTR_IRI) else None
                     for o in mine["other"]]
            widgets.table(shown[["predicate", "resource"]], key=_key(f"r-facts-{direction}"),
                          targets={"resource": links},
                          height=min(420, 40 + 35 * len(mine)))


def _lookup() -> None:
    text = widgets.url_text("按名称、标准号或编号查找资源", "r_q", "q", "如 华为、GB/T 34678、城市数字底座、B.2.1")
    if not text:
        widgets.empty("输入名称或编号，或在其他页面的表格中点击一个名称，打开它的资源页。")
        return
    found = resources.named("app_resource_lookup", text=text)
    if found.empty:
        widgets.empty(f"没有名称、标准号或编号包含“{text}”的资源。试试更短的词，或在搜索中全文查找。",
                      ("search", f"全文检索“{text}” →", {"q": text}))
        return
    st.caption(f"找到 {len(found)} 个资源" + ("（只列出前 50 个）" if len(found) >= 50 else "") + "。点击名称打开它的页面。")
    widgets.table(found[["label", "kind"]], key=_key("r-found"), targets={"label": iri_targets(found["resource"])})


def render() -> None:
    iri = st.query_params.get("iri", "")
    with widgets.plain_errors():
        if not iri:
            st.title("资源")
            _lookup()
            return
        kinds = resources.named("app_resource_kinds", resource=iri)
        if kinds.empty:
            st.title("资源")
            widgets.empty("图谱中没有这个资源：地址中的 IRI 可能来自旧的构建，或抄写不完整。可以按名称重新查找。")
            _lookup()
            return
        label = next((x for x in kinds["label"] if widgets.text(x)), "") or iri
        english = next((x for x in kinds["labelEn"] if widgets.text(x)), "")
        classes = {str(c).rsplit("#", 1)[-1].rsplit("/", 1)[-1] for c in kinds["class"]}
        st.title(label)
        st.caption(" · ".join(dict.fromkeys(kinds["kind"])) + (f" · {english}" if english else "") + f" · {iri}")
        if classes & DOCUMENT_CLASSES:
            _standard(iri, label)
        if classes & {"Person", "Organization"}:
            _agent(iri, label)
        if "Concept" in classes:
            _term(iri, label)
        if classes & {"FrameworkNode", "Part"}:
            notation = resources.named("app_resource_link", resource=iri)["notation"].dropna()
            if not notation.empty:
                _node(iri, str(notation.iloc[0]))
        if "PlannedStandard" in classes:
            _planned(iri)
        if "CapabilityItem" in classes:
            _item(iri, label)
        if classes & MODEL_ELEMENT_CLASSES:
            widgets.link("reference_model", "在“参考模型”中查看它的要求", element=label)
        if classes & {"Clause", "Provision", "TermEntry", "Paragraph"}:
            _clause(iri)
        _statements(iri)


render()
