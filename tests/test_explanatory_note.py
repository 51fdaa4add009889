"""The explanatory note (002) of the technical reference model, read into the graph."""
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
import rdflib.namespace as rns
from rdflib.namespace import DCTERMS, FOAF, SKOS

from loaders import ids
from loaders.explanatory_note import chapter_numbers, element_labels, load_explanatory_note, parse_work
from loaders.manifest import read_manifest
from loaders.organizations import canonical_organization
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ENTRY = next(e for e in read_manifest(CORPUS) if e.kind == "note")
DOC = ids.entry_iri(ENTRY)
PLAN = ids.plan_iri("20250317-T-469")


@pytest.fixture(scope="module")
def note():
    return load_explanatory_note(CORPUS / ENTRY.file, ENTRY)


@pytest.fixture(scope="module")
def g(note):
    return note.graph


def person(name):
    return ids.person_iri(name)


def org(name):
    return ids.organization_iri(canonical_organization(name)[0])


def contributions(g, role):
    """[(position, agent)] of one role, in printed order."""
    rows = [
        (int(g.value(c, CDT.position)), g.value(c, CDT.agent))
        for c in g.subjects(CDT.role, Literal(role))
    ]
    return sorted(rows)


def authored(g, name):
    """The author contributions of one person."""
    return [c for c in g.subjects(CDT.agent, person(name)) if g.value(c, CDT.role) == Literal("author")]


# --- the document --------------------------------------------------------------
def test_the_note_is_an_ingested_explanatory_note_with_its_printed_title_and_closing_date(g):
    assert {CDT.ExplanatoryNote, CDT.Document} <= set(g.objects(DOC, RDF.type))
    assert g.value(DOC, CDT.ingested) == Literal(True)
    assert g.value(DOC, DCTERMS.title) == Literal("国家标准《城市全域数字化转型 技术参考模型》（征求意见稿）编制说明", lang="zh")
    assert g.value(DOC, DCTERMS.date) == Literal("2026-02-03", datatype=rns.XSD.date)
    assert g.value(DOC, CDT.draftStage) == Literal("征求意见稿", lang="zh")


def test_the_creator_is_the_signing_working_group(g):
    creator = g.value(DOC, DCTERMS.creator)
    assert creator == org("国家标准《城市全域数字化转型 技术参考模型》编制工作组")
    assert list(g.objects(creator, FOAF.name)) == [Literal("国家标准《城市全域数字化转型 技术参考模型》编制工作组", lang="zh")]


def test_the_note_explains_the_draft_known_by_its_plan_number_without_naming_it(g):
    assert g.value(DOC, CDT.explains) == PLAN
    assert g.value(PLAN, CDT.planNumber) == Literal("20250317-T-469")
    assert g.value(PLAN, DCTERMS.title) is None and g.value(PLAN, CDT.status) is None


def test_the_renaming_of_the_project_is_recorded(g):
    notes = sorted(str(n) for n in g.objects(DOC, SKOS.historyNote))
    assert len(notes) == 2
    assert all(n.endswith("拟将标准名称调整为《城市全域数字化转型 技术参考模型》。") for n in notes)
    change = ids.change_iri(DOC, "title")
    assert g.value(change, CDT.changeKind) == Literal("renamed")
    assert g.value(change, CDT.oldLabel) == Literal("智慧城市 技术参考模型", lang="zh")
    assert g.value(change, CDT.newLabel) == Literal("城市全域数字化转型 技术参考模型", lang="zh")
    assert (g.value(change, CDT.locator), g.value(change, CDT.sourceLine)) == (Literal("一、1."), Literal(20, datatype=rns.XSD.integer))


# --- sections --------------------------------------------------------------------
def test_the_fourteen_sections_and_their_sub_sections_are_clauses_in_order(g):
    clauses = sorted(g.subjects(RDF.type, CDT.Clause), key=lambda c: int(g.value(c, CDT.order)))
    assert [str(g.value(c, CDT.locator)) for c in clauses] == [
        "一", "一、1.", "一、2.", "一、3.", "二", "二、1.", "二、2.", "二、3.",
        "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    ]
    c = ids.clause_iri(DOC, "一、3.")
    assert g.value(c, DCTERMS.title) == Literal("起草过程", lang="zh")
    assert g.value(c, CDT.parent) == ids.clause_iri(DOC, "一")
    assert g.value(c, CDT.sourceLine) == Literal(352, datatype=rns.XSD.integer)
    assert g.value(ids.clause_iri(DOC, "五"), DCTERMS.title) == Literal(
        "产业化情况、推广应用论证和预期达到的经济效果、社会效益和生态效益", lang="zh")
    assert g.value(ids.clause_iri(DOC, "八"), CDT.text) == Literal("标准研制过程中未涉及重大分歧意见", lang="zh")


def test_the_signature_is_not_part_of_the_last_section(g):
    text = str(g.value(ids.clause_iri(DOC, "十四"), CDT.text))
    assert text.endswith("拟将标准名称调整为《城市全域数字化转型 技术参考模型》。")
    assert "编制工作组" not in text


def test_the_technical_changes_link_to_the_forewords_changes_instead_of_repeating_them(g):
    c = ids.clause_iri(DOC, "二、3.")
    assert sorted(g.objects(c, DCTERMS.references)) == sorted(ids.change_iri(PLAN, m) for m in "abcdefghijklm")
    assert str(g.value(c, CDT.text)).endswith("主要技术变化如下：")
    assert not list(g.subjects(RDF.type, CDT.Provision))


# --- drafting history --------------------------------------------------------------
def test_the_seven_dated_events_of_the_drafting_history(g):
    events = sorted(g.subjects(RDF.type, CDT.DraftingEvent), key=lambda e: str(g.value(e, CDT.eventDate)))
    assert [(str(g.value(e, CDT.eventDate)), str(g.value(e, CDT.locator)), int(g.value(e, CDT.sourceLine))) for e in events] == [
        ("2025-02-28", "一、1.", 10),
        ("2025-03-20", "一、3.", 356),
        ("2025-04-24", "一、3.", 362),
        ("2025-05-22", "一、3.", 366),
        ("2025-09-22", "一、3.", 372),
        ("2025-11-18", "一、3.", 378),
        ("2025-11-21", "一、3.", 384),
    ]
    assert all(g.value(e, CDT.eventDate).datatype == rns.XSD.date for e in events)
    first, last = events[0], events[-1]
    assert first == ids.event_iri(DOC, "2025-02-28", 1)
    assert str(g.value(first, CDT.text)).startswith("根据国家标准化管理委员会关于下达2025年第二批推荐性国家标准计划")
    assert g.value(first, SKOS.note) == Literal("一、3.：该标准研制计划正式下达。", lang="zh")
    assert g.value(last, CDT.text) == Literal(
        "组织召开编制组全体会议，进一步讨论确定总体架构，并进行任务分工，进一步完善标准内容，修改完善标准草案，形成征求意见稿。", lang="zh")
    assert g.value(ids.event_iri(DOC, "2025-11-18", 6), CDT.text).startswith("定向邀请 6 家核心参编单位")


# --- drafting units and drafters ---------------------------------------------------
def test_the_46_drafting_units_in_printed_order(g):
    units = contributions(g, "drafting-unit")
    assert [p for p, _ in units] == list(range(1, 47))
    assert units[0][1] == org("中国电子技术标准化研究院")
    assert units[4][1] == org("国家发展改革委创新驱动发展中心")
    assert units[13][1] == org("中国联通智能城市研究院")
    assert units[-1][1] == org("上海零数众合信息科技有限公司")
    assert len({a for _, a in units}) == 46
    assert set(g.objects(PLAN, CDT.draftedBy)) == {a for _, a in units}


def test_a_unit_with_a_second_name_carries_every_printed_form(g):
    names = {str(n) for n in g.objects(org("国家发展和改革委员会创新驱动发展中心"), FOAF.name)}
    assert names == {
        "国家发展和改革委员会创新驱动发展中心（国家发展和改革委员会数字经济研究发展中心）",
        "国家发展和改革委员会创新驱动发展中心",
        "国家发展和改革委员会数字经济研究发展中心",
    }


def test_the_62_drafters_in_printed_order(g):
    drafters = contributions(g, "drafter")
    assert len(drafters) == 62
    assert [a for _, a in drafters[:3]] == [person("王瑶瑶"), person("李腾"), person("张红卫")]
    assert drafters[29][1] == person("刘凯旋")  # printed across a line break: 刘 / 凯旋
    assert drafters[-1][1] == person("张盈盈")
    c = ids.contribution_iri(DOC, "drafter", 62)
    assert (g.value(c, CDT.contributionTo), g.value(c, CDT.locator), g.value(c, CDT.sourceLine)) == (
        DOC, Literal("一、1."), Literal(82, datatype=rns.XSD.integer))


# --- who did what ------------------------------------------------------------------
def test_every_person_of_the_work_paragraphs_has_one_author_contribution(g, note):
    authors = contributions(g, "author")
    assert len(authors) == 61
    assert authors[0][1] == person("王瑶瑶") and authors[-1][1] == person("杨珍")
    assert ("info", 104, "起草人 宋勃东 在分工说明中没有写明完成的工作。") in [
        (p.severity.value, p.line, p.message) for p in note.problems
    ]


def test_cui_hao_of_huawei_led_the_facility_and_common_capability_layers(g):
    assert list(g.objects(person("崔昊"), CDT.affiliation)) == [org("华为技术有限公司")]
    [c] = authored(g, "崔昊")
    assert g.value(c, CDT.task) == Literal("牵头编写设施层、共性能力层等章节内容。", lang="zh")
    assert set(g.objects(c, CDT.contributedTo)) == {ids.model_element_iri("设施层"), ids.model_element_iri("共性能力层")}
    assert g.value(c, CDT.sourceLine) == Literal(124, datatype=rns.XSD.integer)


def test_guo_jianmin_led_chapter_6_and_works_at_the_merged_ndrc_centre(g):
    [c] = authored(g, "郭建民")
    assert set(g.objects(c, CDT.contributedTo)) == {ids.clause_iri(PLAN, "6")}
    assert list(g.objects(person("郭建民"), CDT.affiliation)) == [org("国家发展改革委创新驱动发展中心（国家发展改革委数字经济研究发展中心）")]
    [c] = authored(g, "张天")
    assert set(g.objects(c, CDT.contributedTo)) == {ids.clause_iri(PLAN, "5"), ids.clause_iri(PLAN, "6")}


def test_several_units_in_one_paragraph_and_units_with_parentheses(g):
    assert list(g.objects(person("冀永进"), CDT.affiliation)) == [org("软通智慧科技有限公司")]
    assert list(g.objects(person("张润"), CDT.affiliation)) == [org("国泰新点软件股份有限公司")]
    assert list(g.objects(person("柴颖"), CDT.affiliation)) == [org("赛西（深圳）电子信息产品标准化工程中心有限公司")]
    assert list(g.objects(person("相福民"), CDT.affiliation)) == [org("中国电子技术标准化研究院")]
    assert list(g.objects(person("汪翔"), CDT.affiliation)) == [org("丰图科技（深圳）有限公司")]
    assert list(g.objects(person("郭真"), CDT.affiliation)) == [org("中国联合网络通信有限公司智能城市研究院")]


def test_a_printed_variant_of_an_element_is_read_as_the_standards_own_label(g, note):
    [c] = authored(g, "饶彦祎")
    assert set(g.objects(c, CDT.contributedTo)) == {
        ids.model_element_iri(x) for x in ("设施层", "数据层", "共性能力层", "应用层", "运营运维体系")
    }
    [c] = authored(g, "郑庆国")
    assert set(g.objects(c, CDT.contributedTo)) == {ids.model_element_iri("安全保障体系")}
    assert ("info", 172, "“运维运营体系”按“运营运维体系”读（同一要素的另一种写法）。") in [
        (p.severity.value, p.line, p.message) for p in note.problems
    ]
    assert not list(g.subjects(CDT.contributedTo, ids.model_element_iri("运维运营体系")))


def test_work_sentences_are_split_from_their_people():
    groups, task = parse_work("彭革非、于浩（中国电子技术标准化研究院），柴颖（赛西（深圳）电子信息产品标准化工程中心有限公司）协同推进各阶段的整体进度把控。")
    assert groups == [(["彭革非", "于浩"], "中国电子技术标准化研究院"), (["柴颖"], "赛西（深圳）电子信息产品标准化工程中心有限公司")]
    assert task == "协同推进各阶段的整体进度把控。"
    assert element_labels("参与标准框架的研讨，参与编写数据层章节内容。") == ["数据层"]
    assert element_labels("参与城市全域数字化转型技术参考模型框架制定和研讨。") == []
    assert chapter_numbers("提供5、6章节相关技术内容") == ["5", "6"]


# --- cited standards ---------------------------------------------------------------
def test_the_iso_iec_30145_parts_are_standards_cited_in_text_from_section_4(g):
    std = ids.standard_iri("ISO/IEC 30145-1:2021")
    assert CDT.Standard in set(g.objects(std, RDF.type))
    assert g.value(std, CDT.standardNumber) == Literal("ISO/IEC 30145-1:2021")
    assert g.value(std, DCTERMS.title) == Literal("信息技术 智慧城市ICT参考框架 第1部分：智慧城市业务流程框架", lang="zh")
    section = ids.clause_iri(DOC, "四")
    assert set(g.objects(section, CDT.cites)) == {
        ids.standard_iri(n) for n in ("ISO/IEC 30145", "ISO/IEC 30145-1:2021", "ISO/IEC 30145-2:2020", "ISO/IEC 30145-3:2020")
    }
    cit = ids.citation_iri(section, std, "in-text")
    assert (g.value(cit, CDT.fromText), g.value(cit, CDT.citationKind), g.value(cit, CDT.sourceLine)) == (
        section, Literal("in-text"), Literal(520, datatype=rns.XSD.integer))


def test_the_replaced_standard_is_cited_where_the_note_names_it(g):
    std = ids.standard_iri("GB/T 34678-2017")
    assert set(g.subjects(CDT.cites, std)) == {ids.clause_iri(DOC, x) for x in ("一、2.", "二、3.", "十二")}
    assert g.value(std, DCTERMS.title) == Literal("智慧城市 技术参考模型", lang="zh")


# --- provenance and damaged input -------------------------------------------------------
@pytest.mark.parametrize("kind", [CDT.Clause, CDT.DraftingEvent, CDT.Contribution, CDT.Citation, CDT.Change])
def test_every_extracted_resource_says_where_it_came_from(g, kind):
    nodes = list(g.subjects(RDF.type, kind))
    assert nodes
    for n in nodes:
        assert g.value(n, CDT.sourceDocument) == DOC
        assert g.value(n, CDT.locator) is not None
        assert g.value(n, CDT.sourceLine).datatype == rns.XSD.integer


def test_the_real_note_reads_without_warnings(note):
    assert [p for p in note.problems if p.severity.value != "info"] == []


def test_a_truncated_note_gives_warnings_and_a_partial_graph(tmp_path):
    lines = (CORPUS / ENTRY.file).read_text(encoding="utf-8").splitlines()
    (tmp_path / ENTRY.file).write_text("\n".join(lines[:370]), encoding="utf-8")
    result = load_explanatory_note(tmp_path / ENTRY.file, ENTRY)
    g = result.graph
    assert g.value(DOC, DCTERMS.date) is None
    assert any("落款日期" in p.message and p.severity.value == "warning" for p in result.problems)
    assert len(list(g.subjects(RDF.type, CDT.DraftingEvent))) == 4
    assert len(contributions(g, "author")) == 61


def test_an_empty_note_is_an_error_not_a_crash(tmp_path):
    (tmp_path / ENTRY.file).write_text("\n\n", encoding="utf-8")
    result = load_explanatory_note(tmp_path / ENTRY.file, ENTRY)
    assert [p.severity.value for p in result.problems] == ["error"]
    assert result.graph.value(DOC, DCTERMS.title) == Literal(ENTRY.title, lang="zh")


def test_the_plan_number_printed_in_the_note_wins_over_the_manifest(tmp_path):
    text = (CORPUS / ENTRY.file).read_text(encoding="utf-8").replace("20250317-T-469", "20260001-T-469")
    (tmp_path / ENTRY.file).write_text(text, encoding="utf-8")
    result = load_explanatory_note(tmp_path / ENTRY.file, replace(ENTRY, id="other-note"))
    doc = ids.document_iri("other-note")
    assert result.graph.value(doc, CDT.explains) == ids.plan_iri("20260001-T-469")
    assert any("计划号" in p.message and p.severity.value == "warning" for p in result.problems)
