"""load_gbt_document reads any standard drafted to GB/T 1.1-2020: the three real ones here."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from loaders import ids
from loaders.gbt_document import load_gbt_document
from loaders.manifest import read_manifest
from loaders.vocab import CDT

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRM = "gbt-technical-reference-model-draft.txt"
CTMM = "gbt-maturity-model-ctmm-draft.txt"
TLD = "tszs-4042-2021-top-level-design-guide.txt"


@pytest.fixture(scope="module")
def entries():
    return {e.file: e for e in read_manifest(CORPUS)}


@pytest.fixture(scope="module")
def loaded(entries):
    return {f: load_gbt_document(CORPUS / f, entries[f]) for f in (TRM, CTMM, TLD)}


def doc_of(entries, f):
    return ids.entry_iri(entries[f])


def clause(entries, f, number):
    return ids.clause_iri(doc_of(entries, f), number)


def one(g, s, p):
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def provisions_of(g, clause_node):
    """(locator, marker, modality name) of a clause's provisions in document order."""
    rows = []
    for p in g.subjects(CDT.inClause, clause_node):
        rows.append((int(one(g, p, CDT.order)), str(one(g, p, CDT.locator)), str(one(g, p, CDT.marker)),
                     str(one(g, p, CDT.modality)).split("#")[1]))
    return [r[1:] for r in sorted(rows)]


# --- the clause tree ---------------------------------------------------------------
@pytest.mark.parametrize("f, count", [(TRM, 56), (CTMM, 41), (TLD, 190)])
def test_clause_counts(loaded, f, count):
    assert len(set(loaded[f].graph.subjects(RDF.type, CDT.Clause))) == count


@pytest.mark.parametrize(
    "f, number, title, parent",
    [
        (TRM, "前言", "前言", None),
        (TRM, "1", "范围", None),
        (TRM, "3.3", None, "3"),
        (TRM, "7.1.1.1", "终端设备", "7.1.1"),
        (TRM, "7.2.9", "数据安全", "7.2"),
        (TRM, "7.7", "建设管理体系", "7"),
        (CTMM, "8.2.3", "数字化共性支撑", "8.2"),
        (CTMM, "参考文献", "参考文献", None),
        (TLD, "引言", "引言", None),
        (TLD, "10.5", "IT 架构", "10"),
        (TLD, "8.1.2.1", None, "8.1.2"),
        (TLD, "12.3.2.1", None, "12.4.1"),
        (TLD, "A", "城市数字化转型顶层设计各步骤涉及的输入输出", None),
        (TLD, "A.9", "实施路径规划设计", "A"),
        (TLD, "B.4.1.3", "L1 流程绩效指标卡片参考示例", "B.4.1"),
    ],
)
def test_chosen_clauses_have_number_title_and_parent(loaded, entries, f, number, title, parent):
    g = loaded[f].graph
    c = clause(entries, f, number)
    assert (c, RDF.type, CDT.Clause) in g
    assert one(g, c, CDT.inDocument) == doc_of(entries, f)
    assert str(one(g, c, CDT.number)) == number
    titles = list(g.objects(c, DCTERMS.title))
    assert titles == ([Literal(title, lang="zh")] if title else [])
    parents = list(g.objects(c, CDT.parent))
    assert parents == ([clause(entries, f, parent)] if parent else [])


def test_every_clause_has_its_contract(loaded):
    for f, r in loaded.items():
        g = r.graph
        orders = []
        for c in g.subjects(RDF.type, CDT.Clause):
            for p in (CDT.inDocument, CDT.number, CDT.order, CDT.locator, CDT.sourceDocument, CDT.sourceLine):
                one(g, c, p)
            orders.append(int(one(g, c, CDT.order)))
        assert sorted(orders) == list(range(1, len(orders) + 1)), f


def test_untitled_numbered_paragraph_is_a_clause_whose_text_is_the_paragraph(loaded, entries):
    g = loaded[TLD].graph
    c = clause(entries, TLD, "8.1.2.1")
    assert str(one(g, c, CDT.text)) == "根据城市数字化转型战略框架中的战略举措，以及城市各业务部门的转型需求，识别并规划城市数字化转型的核心业务场景。"
    assert int(one(g, c, CDT.sourceLine)) == 512


def test_out_of_sequence_number_is_kept_with_a_warning(loaded):
    messages = [p for p in loaded[TLD].problems if p.line == 1204]
    assert len(messages) == 1 and "12.3.2.1" in messages[0].message


def test_lines_starting_with_digits_are_not_clauses(loaded, entries):
    g = loaded[TRM].graph
    numbers = {str(n) for c in g.subjects(RDF.type, CDT.Clause) for n in g.objects(c, CDT.number)}
    assert not {"2017", "41819"} & numbers
    assert str(one(g, clause(entries, TRM, "5"), DCTERMS.title)) == "概念模型"


def test_clause_text_rejoins_broken_lines_and_keeps_notes(loaded, entries):
    g = loaded[TRM].graph
    assert str(one(g, clause(entries, TRM, "1"), CDT.text)) == (
        "本文件给出了城市全域数字化转型的概念模型和技术参考模型，规定了城市全域数字化转型建设技术原则和要求。\n"
        "本文件适用于城市全域数字化转型整体规划及具体项目的规划、设计、建设与运维。")
    text = str(one(loaded[TLD].graph, clause(entries, TLD, "5.1"), CDT.text))
    assert text.endswith("数据治理体系专项规划等八步内容。") and "\n注： 三阶八步" in text


def test_toc_cover_and_figure_captions_are_not_clauses_or_text(loaded, entries):
    g = loaded[CTMM].graph
    texts = " ".join(str(t) for c in g.subjects(RDF.type, CDT.Clause) for t in g.objects(c, CDT.text))
    assert "| 8.1 适数化改革 | 4 |" not in texts and "图1 成熟度模型组成" not in texts
    assert "中华人民共和国国家标准" not in texts
    assert str(one(g, clause(entries, CTMM, "5"), CDT.text)).startswith("城市全域数字化转型成熟度模型（简称“CTMM”）")


def test_urls_page_numbers_and_running_footers_are_not_text(loaded, entries):
    # 001 has four baike.baidu.com URLs inside chapter 6; 004 a footer `SCIE 007—2021,T/SZS 4042-2021` and a page number on every page
    g = loaded[TRM].graph
    assert str(one(g, clause(entries, TRM, "6"), CDT.text)) == (
        "城市全域数字化转型技术参考模型从概念模型考虑，以数字技术为视角，提出了所需要具备的四个层次要素和三个支撑体系，"
        "横向层次要素的上层对其下层具有依赖关系；纵向支撑体系对于四个横向层次要素具有约束关系。城市全域数字化转型技术参考模型见图2。\n"
        "城市全域数字化转型技术参考模型包括设施层、数据层、共性能力层、应用层、建设管理体系、安全保障体系以及运营运维体系七个部分。"
        "其中，设施层、数据层和共性能力层构成城市数字底座；数据层和共性能力层构成城市智能中枢。各部分描述如下：")
    assert str(one(loaded[TLD].graph, clause(entries, TLD, "B.3.6"), CDT.text)) == "数字基础设施架构参考示例见图B.9。"
    for f in (TRM, CTMM, TLD):
        g = loaded[f].graph
        texts = [str(t) for p in (CDT.text, DCTERMS.title) for t in g.objects(None, p)]
        assert not [t for t in texts if "http" in t or "SCIE 007" in t or re.search(r"(^|\n)\d{1,3}($|\n)", t)], f


# --- provisions --------------------------------------------------------------------
def test_terminal_device_provisions_and_modality(loaded, entries):
    g = loaded[TRM].graph
    assert provisions_of(g, clause(entries, TRM, "7.1.1.1")) == [
        ("7.1.1.1 a)", "a)", "Shall"), ("7.1.1.1 b)", "b)", "Shall"), ("7.1.1.1 c)", "c)", "Shall"),
        ("7.1.1.1 d)", "d)", "Should"), ("7.1.1.1 e)", "e)", "Should"), ("7.1.1.1 f)", "f)", "Should"),
    ]


def test_items_without_a_verb_take_the_lead_in(loaded, entries):
    # 数据采集应满足以下要求： a)–i) are requirements; h) 宜支持… is a recommendation
    rows = provisions_of(loaded[TRM].graph, clause(entries, TRM, "7.2.2"))
    assert [r[1] for r in rows] == [m + ")" for m in "abcdefghi"]
    assert [r[2] for r in rows] == ["Shall"] * 7 + ["Should", "Shall"]


def test_nested_provision(loaded, entries):
    g = loaded[TRM].graph
    c = clause(entries, TRM, "7.3.1")
    d = ids.provision_iri(c, ["d"])
    d1 = ids.provision_iri(c, ["d", "1"])
    assert one(g, d1, CDT.inClause) == c
    assert one(g, d1, CDT.parentProvision) == d
    assert str(one(g, d1, CDT.marker)) == "1)"
    assert str(one(g, d1, CDT.locator)) == "7.3.1 d) 1)"
    assert str(one(g, d1, CDT.text)) == "涵盖事件上报、登记、分拨、处置、跟踪与归档全流程，实现事件闭环管理与高效处置；"
    assert int(one(g, d1, CDT.sourceLine)) == 753
    assert str(one(g, d, CDT.text)) == "事件管理："
    assert len(list(g.subjects(CDT.parentProvision, d))) == 5
    # its siblings state their own 应
    assert one(g, ids.provision_iri(c, ["d", "2"]), CDT.modality) == CDT.Shall


def test_marker_without_space_and_list_in_foreword(loaded, entries):
    g = loaded[TLD].graph
    a = ids.provision_iri(clause(entries, TLD, "4.1"), ["a"])
    assert str(one(g, a, CDT.text)).startswith("以人为本，增强用户体验。")
    assert one(g, a, CDT.modality) == CDT.Statement
    f = ids.provision_iri(clause(entries, TRM, "前言"), ["f"])
    assert str(one(loaded[TRM].graph, f, CDT.locator)) == "前言 f)"


def test_markdown_list_prefix_is_dropped(loaded, entries):
    g = loaded[CTMM].graph
    rows = provisions_of(g, clause(entries, CTMM, "6"))
    assert [r[1] for r in rows] == ["a)", "b)", "c)", "d)", "e)"]
    a = ids.provision_iri(clause(entries, CTMM, "6"), ["a"])
    assert str(one(g, a, CDT.text)).startswith("一级（基础级）：愿景清晰")


def test_every_provision_has_its_contract(loaded):
    for r in loaded.values():
        g = r.graph
        for p in g.subjects(RDF.type, CDT.Provision):
            for prop in (CDT.inClause, CDT.marker, CDT.modality, CDT.order, CDT.locator,
                         CDT.sourceDocument, CDT.sourceLine):
                one(g, p, prop)


@pytest.mark.parametrize("f, count", [(TRM, 243), (CTMM, 8), (TLD, 113)])
def test_provision_counts(loaded, f, count):
    assert len(set(loaded[f].graph.subjects(RDF.type, CDT.Provision))) == count


# --- the document node -------------------------------------------------------------------
def test_document_node_of_the_reference_model(loaded, entries):
    g, doc = loaded[TRM].graph, doc_of(entries, TRM)
    assert doc == URIRef("https://w3id.org/cdtkg/resource/std/plan-20250317-T-469")
    assert {CDT.Standard, CDT.Document} <= set(g.objects(doc, RDF.type))
    assert one(g, doc, CDT.ingested) == Literal(True)
    assert one(g, doc, DCTERMS.title) == Literal("城市全域数字化转型 技术参考模型", lang="zh")
    assert str(one(g, doc, CDT.planNumber)) == "20250317-T-469"
    assert one(g, doc, CDT.status) == CDT.Draft
    assert str(one(g, doc, CDT.kind)) == "standard"
    assert str(one(g, doc, CDT.sourceFile)) == TRM
    assert list(g.objects(doc, CDT.standardNumber)) == []


def test_placeholder_number_is_a_note_not_a_number(loaded, entries):
    g, doc = loaded[CTMM].graph, doc_of(entries, CTMM)
    assert set(g.objects(doc, DCTERMS.title)) == {
        Literal("城市全域数字化转型 成熟度模型", lang="zh"),
        Literal("City-wide digital transformation—Maturity model", lang="en"),
    }
    assert list(g.objects(doc, CDT.standardNumber)) == []
    assert "GB/T XXXXX—XXXX" in str(one(g, doc, SKOS.note))
    assert one(g, doc, CDT.status) == CDT.Draft
    assert one(g, doc, CDT.draftStage) == Literal("征求意见稿", lang="zh")


def test_published_group_standard(loaded, entries):
    g, doc = loaded[TLD].graph, doc_of(entries, TLD)
    assert str(one(g, doc, CDT.standardNumber)) == "T/SZS 4042-2021"
    assert str(one(g, doc, CDT.baseNumber)) == "T/SZS 4042"
    assert one(g, doc, CDT.status) == CDT.Published
    assert one(g, doc, DCTERMS.title) == Literal("城市数字化转型顶层设计指南", lang="zh")


def test_replaced_standard_and_its_changes(loaded, entries):
    g, doc = loaded[TRM].graph, doc_of(entries, TRM)
    old = ids.standard_iri("GB/T 34678-2017")
    assert one(g, doc, DCTERMS.replaces) == old
    assert one(g, old, DCTERMS.isReplacedBy) == doc
    assert one(g, old, CDT.status) == CDT.Superseded
    assert one(g, old, DCTERMS.title) == Literal("智慧城市 技术参考模型", lang="zh")
    changes = {str(one(g, c, CDT.marker)): c for c in g.subjects(RDF.type, CDT.Change)}
    assert sorted(changes) == [m + ")" for m in "abcdefghijklm"]
    kinds = [str(one(g, changes[m + ")"], CDT.changeKind)) for m in "abcdefghijklm"]
    assert kinds == ["renamed", "removed", "removed", "renamed", "added", "renamed", "renamed",
                     "renamed", "added", "renamed", "added", "renamed", "renamed"]
    f = changes["f)"]
    assert (str(one(g, f, CDT.oldLabel)), str(one(g, f, CDT.newLabel))) == ("物联感知层", "感知设施")
    assert (str(one(g, f, CDT.oldLocator)), str(one(g, f, CDT.newLocator))) == ("8.1", "7.1.1")
    assert str(one(g, f, CDT.locator)) == "前言 f)" and one(g, f, CDT.changeAgainst) == old
    b = changes["b)"]
    assert str(one(g, b, CDT.oldLabel)) == "智慧城市 ICT 支撑的业务框架"
    assert str(one(g, b, CDT.oldLocator)) == "第5章" and list(g.objects(b, CDT.newLocator)) == []
    a = changes["a)"]
    assert (str(one(g, a, CDT.oldLocator)), str(one(g, a, CDT.newLocator))) == ("第4章", "第5章")
    i = changes["i)"]
    assert str(one(g, i, CDT.newLabel)) == "数据流通利用设施" and str(one(g, i, CDT.newLocator)) == "7.1.4"


def test_one_node_for_the_replaced_standard_however_spelled(loaded, entries):
    union = loaded[TRM].graph + loaded[TLD].graph
    nodes = set(union.subjects(CDT.standardNumber, Literal("GB/T 34678-2017")))
    assert nodes == {ids.standard_iri("GB/T 34678—2017")}
    # 004 lists it as GB/T 34678—2017 and cites it as GB/T 34678-2017第 7章
    cited = [c for c in loaded[TLD].graph.subjects(CDT.toStandard, ids.standard_iri("GB/T 34678-2017"))
             if str(one(loaded[TLD].graph, c, CDT.citationKind)) == "in-text"]
    assert len(cited) == 3


def test_committee_proposes_and_is_responsible(loaded, entries):
    for f in (TRM, CTMM):
        g, doc = loaded[f].graph, doc_of(entries, f)
        tc = ids.committee_iri("SAC/TC 609")
        assert one(g, doc, CDT.committee) == tc
        assert one(g, doc, CDT.proposedBy) == tc and one(g, doc, CDT.responsibleBody) == tc
        assert (tc, RDF.type, CDT.TechnicalCommittee) in g
        assert one(g, tc, FOAF.name) == Literal("全国数据标准化技术委员会", lang="zh")


def test_organizations_that_are_not_committees(loaded, entries):
    g, doc = loaded[TLD].graph, doc_of(entries, TLD)
    assert list(g.objects(doc, CDT.committee)) == []
    names = lambda p: sorted(str(n) for a in g.objects(doc, p) for n in g.objects(a, FOAF.name))  # noqa: E731
    assert names(CDT.proposedBy) == ["智慧城市产业生态圈"]
    assert names(CDT.responsibleBody) == sorted(["智慧城市产业生态圈", "深圳市深圳标准促进会"])
    for a in g.objects(doc, CDT.responsibleBody):
        assert (a, RDF.type, FOAF.Organization) in g


def contributions(g, doc, role):
    rows = []
    for c in g.subjects(CDT.contributionTo, doc):
        if str(one(g, c, CDT.role)) == role:
            agent = one(g, c, CDT.agent)
            rows.append((int(one(g, c, CDT.position)), agent))
    rows.sort()
    assert [p for p, _ in rows] == list(range(1, len(rows) + 1))
    return [a for _, a in rows]


def printed_name(g, agent):
    return str(next(iter(sorted(g.objects(agent, FOAF.name), key=len, reverse=True))))


@pytest.mark.parametrize(
    "f, units, first, last, with_parentheses",
    [
        (TRM, 46, "中国电子技术标准化研究院", "上海零数众合信息科技有限公司", "赛西（深圳）电子信息产品标准化工程中心有限公司"),
        (CTMM, 44, "中国电子技术标准化研究院", "特斯联科技集团有限公司", "腾讯云计算（北京）有限责任公司"),
        (TLD, 11, "华为技术有限公司", "中国联通智能城市研究院", "安永（中国）企业咨询有限公司"),
    ],
)
def test_drafting_units_in_printed_order(loaded, entries, f, units, first, last, with_parentheses):
    g, doc = loaded[f].graph, doc_of(entries, f)
    agents = contributions(g, doc, "drafting-unit")
    assert len(agents) == units == len(set(g.objects(doc, CDT.draftedBy)))
    names = [printed_name(g, a) for a in agents]
    assert (names[0], names[-1]) == (first, last)
    assert with_parentheses in names
    assert all((a, RDF.type, FOAF.Organization) in g for a in agents)


def test_a_unit_with_a_second_name_keeps_both(loaded, entries):
    g = loaded[TRM].graph
    agent = contributions(g, doc_of(entries, TRM), "drafting-unit")[4]
    assert {str(n) for n in g.objects(agent, FOAF.name)} == {
        "国家发展和改革委员会创新驱动发展中心（国家发展和改革委员会数字经济研究发展中心）",
        "国家发展和改革委员会创新驱动发展中心", "国家发展和改革委员会数字经济研究发展中心"}


@pytest.mark.parametrize(
    "f, count, first, last",
    [(TRM, 62, "王瑶瑶", "张盈盈"), (CTMM, 74, "张群", "杨钰"), (TLD, 25, "袁万海", "赵明君")],
)
def test_drafters_in_printed_order(loaded, entries, f, count, first, last):
    g, doc = loaded[f].graph, doc_of(entries, f)
    people = contributions(g, doc, "drafter")
    names = [printed_name(g, p) for p in people]
    assert len(names) == count == len(set(g.objects(doc, CDT.drafter)))
    assert (names[0], names[-1]) == (first, last)
    if f == TRM:  # names broken across lines and pages are rejoined
        assert names[9:11] == ["张润", "姚新新"] and "侯全武" in names and "张晓春" in names
    assert all((p, RDF.type, FOAF.Person) in g for p in people)


PRINTED_CONTRIBUTORS = {
    (TRM, "drafting-unit"): "中国电子技术标准化研究院、华为技术有限公司、联通数字科技有限公司、赛西（深圳）电子信息产品标准化工程中心有限公司、"
    "国家发展和改革委员会创新驱动发展中心（国家发展和改革委员会数字经济研究发展中心）、北京五一视界数字孪生科技股份有限公司、"
    "软通智慧科技有限公司、国泰新点软件股份有限公司、中移雄安信息通信科技有限公司、中通服咨询设计研究院有限公司、中国信息通信研究院、"
    "国家数据发展研究院、杭州市余杭区数据资源管理局、中国联合网络通信有限公司智能城市研究院、公诚管理咨询有限公司、中兴通讯股份有限公司、"
    "浪潮云信息技术股份公司、枣庄市网络社会组织联合会、北京千砚咨询有限公司、陕西省信息化工程研究院、浙江省质量科学研究院、"
    "重庆市质量和标准化研究院、江苏移动信息系统集成有限公司、山西远大纵横科技有限公司、北京建筑大学、中海油信息科技有限公司北京分公司、"
    "中电科大数据研究院有限公司、浙江物芯数科信息产业有限公司、上海赛西科技发展有限责任公司、浙江鸿程计算机系统有限公司、"
    "丰图科技（深圳）有限公司、中移（杭州）信息技术有限公司、中电科数智科技有限公司、深圳市智慧城市科技发展集团有限公司、"
    "中电信数智科技有限公司、成都秦川物联网科技股份有限公司、浪潮智慧城市科技有限公司、中电信数政科技有限公司、湖北省标准化与质量研究院、"
    "成都市标准化研究院、山东未来集团有限公司、深圳市有方科技股份有限公司、成都久信信息技术股份有限公司、罗克佳华科技集团股份有限公司、"
    "北京车晓科技有限公司、上海零数众合信息科技有限公司",
    (TRM, "drafter"): "王瑶瑶、李腾、张红卫、郭建民、彭革非、崔昊、高长伟、冀永进、张天、张润、姚新新、崔颖、郑庆国、王灏晨、唐怀坤、龙为超、"
    "冯晓蒙、兰洪浩、刘小林、张育雄、刘海军、宋勃东、梅正、郭真、于浩、饶彦祎、肖雪、刘鹏、高金淼、刘凯旋、潘正泰、章古月、张志远、肖明、"
    "侯全武、胡璐锦、刘文、曾新科、王辰康、尹杨、陈建梁、田一健、王敬昌、汪翔、李梦霞、迟浩、张晓春、胡进宝、谭浩文、辛超、阎丰、李闻宇、"
    "刘莎、相福民、徐小传、柴颖、谢源、李宏寨、蔡琳、李玮、杨珍、张盈盈",
    (CTMM, "drafting-unit"): "中国电子技术标准化研究院、中国信息通信研究院、国家信息中心、天津智慧城市研究院有限公司、中国人民大学、"
    "北京国脉互联信息科技有限公司、华为技术有限公司、浪潮智慧城市科技有限公司、中移雄安信息通信科技有限公司、"
    "中国联合网络通信有限公司智能城市研究院、国家数据发展研究院、国家发展改革委创新驱动发展中心（国家发展改革委数字经济研究发展中心）、"
    "中电信数政科技有限公司、中国移动通信集团有限公司、北京中电标协信息技术服务有限责任公司、腾讯云计算（北京）有限责任公司、"
    "成都秦川物联网科技股份有限公司、北京清华同衡规划设计研究院有限公司、北京电信规划设计院有限公司、软通智慧科技有限公司、北京航空航天大学、"
    "上海数字产业发展有限公司、中海油信息科技有限公司北京分公司、深圳市华傲数据技术有限公司、中电长城网际系统应用有限公司、"
    "广州市城市规划勘测设计研究院、杭州海康威视数字技术股份有限公司、西安电子科技大学、山东新一代标准化研究院有限公司、"
    "建设综合勘察研究设计院有限公司、青岛海信网络科技股份有限公司、上海商汤智能科技有限公司、中智数通信息技术（天津）有限公司、"
    "讯飞智元信息科技有限公司、湖北省数字产业发展集团有限公司、中央财经大学、中睿信数字技术有限公司、北京市科学技术研究院、"
    "杭州智缤科技有限公司、华信咨询设计研究院有限公司、重庆信科设计有限公司、西安航天弘发实业有限公司、山东省标准化研究院、"
    "特斯联科技集团有限公司",
    (CTMM, "drafter"): "张群、张红卫、崔颖、单志广、宋跃武、孔宪君、刘小林、马潮江、彭革非、孙泽红、于浩、刘文、安小米、崔昊、周波、郭建民、"
    "郑庆国、郭真、张育雄、吴洁倩、申晓佳、梅正、李腾、宋勃东、张帆、王飞飞、王瑶瑶、李贇、孟楠、冯晓蒙、张竞涛、涂菲菲、张天、王灏晨、鲁静、"
    "梁永增、曾新科、董南、熊自伟、庞晓静、荣文戈、闵京华、苏莹、白喆、何旭珩、王树东、王明省、李瑞、李晓青、李美翠、姜约瀚、陈栩、王妍、"
    "华昱森、张国强、张明状、范婉锋、陈武、杨鸿宾、黄超、连一航、周静萍、吕军、张伟、黄婕、王伟、刘平平、马晓龙、郑爱军、蒋荣金、王辉、"
    "蒋志平、高兴友、杨钰",
    (TLD, "drafting-unit"): "华为技术有限公司、深圳市标准技术研究院、中国电子技术标准化研究院、首都信息发展股份有限公司、"
    "上海电科智能系统股份有限公司、天津智慧城市研究院、华信咨询设计研究院有限公司、安永（中国）企业咨询有限公司、上海智慧城市发展研究院、"
    "深圳市腾讯计算机系统有限公司、中国联通智能城市研究院",
    (TLD, "drafter"): "袁万海、刘毅、周倩、胡露、张群、张红卫、王益群、姜东基、王超、何亦岑、朱敏、周俊鹏、顾先问、李哲、梁芳、夏尊、孙德强、"
    "崔昊、王刚、盛林叶、武鑫、蔡莹、郭慧鹏、李慧敏、赵明君",
}


@pytest.mark.parametrize("f, role", sorted(PRINTED_CONTRIBUTORS))
def test_every_drafting_unit_and_drafter_as_printed_in_the_foreword(loaded, entries, f, role):
    # the foreword's lists, joined across line and page breaks, split at 、
    g = loaded[f].graph
    agents = contributions(g, doc_of(entries, f), role)
    printed = PRINTED_CONTRIBUTORS[(f, role)].split("、")
    assert len(agents) == len(printed)
    for position, (agent, name) in enumerate(zip(agents, printed), start=1):
        assert Literal(name, lang="zh") in set(g.objects(agent, FOAF.name)), (position, name)


# --- normative references and citations --------------------------------------------------
def normative(g, doc):
    return {str(one(g, s, CDT.standardNumber)) if list(g.objects(s, CDT.standardNumber)) else None:
            str(one(g, s, DCTERMS.title)) for s in g.objects(doc, CDT.normativeReference)}


PRINTED_NORMATIVE_REFERENCES = {
    TRM: {
        "GB/T 22239-2019": "信息安全技术 网络安全等级保护基本要求",
        "GB/T 28181-2022": "公共安全视频监控联网系统信息传输、交换、控制技术要求",
        "GB/T 35273-2020": "信息安全技术 个人信息安全规范",
        "GB/T 36637-2018": "信息安全技术 ICT供应链安全风险管理指南",
        "GB/T 37971-2019": "信息安全技术 智慧城市安全体系框架",
        "GB/T 39786-2021": "信息安全技术 信息系统密码应用基本要求",
        "GB/T 41782": "物联网 系统互操作性",
        "GB/T 41819-2022": "信息安全技术 人脸识别数据安全要求",
        "GB/T 43698-2024": "网络安全技术 软件供应链安全要求",
        "GB/T 45392-2025": "数据安全技术 基于个人信息的自动化决策安全要求",
        "GB 45438-2025": "网络安全技术 人工智能生成合成内容标识方法",
        "GB/T 45654-2025": "网络安全技术 生成式人工智能服务安全基本要求",
        "GB/T 45674-2025": "网络安全技术 生成式人工智能数据标注安全规范",
        "GB/T 46068-2025": "数据安全技术 个人信息跨境处理活动安全认证要求",
    },
    TLD: {
        "GB/T 33356": "新型智慧城市评价指标",
        "GB/T 34678-2017": "智慧城市技术参考模型",
        "GB/T 34680.1": "智慧城市评价模型及基础评价指标体系 第1部分：总体框架及分项评价指标制定的要求",
        "GB/T 35295-2017": "信息技术 大数据 术语",
        "GB/T 36333": "智慧城市 顶层设计指南",
        "GB/T 38667-2020": "信息技术 大数据 数据分类指南",
        "T/AIITRE 10001-2020": "数字化转型 参考架构",
        "T/AIITRE 20001-2020": "数字化转型 新型能力体系建设指南",
    },
}


@pytest.mark.parametrize("f", sorted(PRINTED_NORMATIVE_REFERENCES))
def test_every_normative_reference_with_its_number_and_title_as_printed(loaded, entries, f):
    assert normative(loaded[f].graph, doc_of(entries, f)) == PRINTED_NORMATIVE_REFERENCES[f]


def test_each_normative_reference_of_the_reference_model_is_a_citation_from_chapter_2(loaded, entries):
    g = loaded[TRM].graph
    citations = [c for c in g.subjects(CDT.citationKind, Literal("normative"))]
    assert len(citations) == 14
    assert {one(g, c, CDT.fromText) for c in citations} == {clause(entries, TRM, "2")}


def test_an_undated_normative_reference_has_its_base_number(loaded):
    undated = ids.standard_iri("GB/T 33356")
    assert str(one(loaded[TLD].graph, undated, CDT.baseNumber)) == "GB/T 33356"


def test_undated_reference_shares_its_base_number_with_dated_editions(loaded, entries):
    union = loaded[TLD].graph + loaded[CTMM].graph
    editions = set(union.subjects(CDT.baseNumber, Literal("GB/T 33356")))
    assert editions == {ids.standard_iri("GB/T 33356"), ids.standard_iri("GB/T 33356-2022")}


def test_placeholder_reference_is_a_planned_standard_with_a_title(loaded, entries):
    g, doc = loaded[CTMM].graph, doc_of(entries, CTMM)
    (ref,) = g.objects(doc, CDT.normativeReference)
    assert ref == ids.standard_iri("GB/T XXXXX", "城市全域数字化转型 城市智能中枢 能力评价")
    assert one(g, ref, CDT.status) == CDT.Planned
    assert list(g.objects(ref, CDT.standardNumber)) == []
    # the body cites it by the same placeholder: 根据 GB/T XXXXX 第 12 章规定
    cited = {(str(one(g, c, CDT.locator)), str(next(iter(g.objects(c, CDT.citedLocator)), "")))
             for c in g.subjects(CDT.toStandard, ref) if str(one(g, c, CDT.citationKind)) == "in-text"}
    assert cited == {("8.2.3 表7", "第12章"), ("8.2.3 表7", "")}


def in_text(g, node):
    return sorted((str(one(g, c, CDT.toStandard)).rsplit("/", 1)[1], str(next(iter(g.objects(c, CDT.citedLocator)), "")))
                  for c in g.subjects(CDT.fromText, node) if str(one(g, c, CDT.citationKind)) == "in-text")


def test_in_text_citations_with_cited_places(loaded, entries):
    g = loaded[TRM].graph
    c = ids.provision_iri(clause(entries, TRM, "7.2.9"), ["c"])
    assert in_text(g, c) == [("GB-T-35273-2020", ""), ("GB-T-41819-2022", ""),
                             ("GB-T-45392-2025", ""), ("GB-T-46068-2025", "")]
    b = ids.provision_iri(clause(entries, TRM, "7.3.2.4"), ["b"])
    assert in_text(g, b) == [("GB-T-28181-2022", "4.1.4")]
    assert set(g.objects(b, CDT.cites)) == {ids.standard_iri("GB/T 28181-2022")}
    a = ids.provision_iri(clause(entries, TRM, "7.5"), ["a"])
    assert in_text(g, a) == [("GB-T-37971-2019", "第7章")]
    cite = next(g.subjects(CDT.fromText, b))
    assert str(one(g, cite, CDT.locator)) == "7.3.2.4 b)" and int(one(g, cite, CDT.sourceLine)) == 877


def test_a_standard_cited_twice_in_one_clause_is_one_citation_where_first_cited(loaded, entries):
    # 前言 cites GB/T 34678-2017 on line 7 (本文件替代…，与…相比) and again on line 86 (——2017 年首次发布为…)
    g = loaded[TRM].graph
    (c,) = [c for c in g.subjects(CDT.fromText, clause(entries, TRM, "前言"))
            if one(g, c, CDT.toStandard) == ids.standard_iri("GB/T 34678-2017")]
    assert int(one(g, c, CDT.sourceLine)) == 7 and str(one(g, c, CDT.locator)) == "前言"


def test_a_standard_cited_only_in_the_text_is_still_a_node(loaded, entries):
    g = loaded[TRM].graph
    a = ids.provision_iri(clause(entries, TRM, "7.2.9"), ["a"])
    std = ids.standard_iri("GB/T 43697-2024")
    assert set(g.objects(a, CDT.cites)) == {std}
    assert str(one(g, std, CDT.standardNumber)) == "GB/T 43697-2024"
    assert std not in set(g.objects(doc_of(entries, TRM), CDT.normativeReference))


def test_reference_list_and_bibliography_are_not_in_text(loaded, entries):
    for f in (TRM, CTMM, TLD):
        g = loaded[f].graph
        for c in g.subjects(CDT.citationKind, Literal("in-text")):
            number = str(one(g, one(g, c, CDT.fromText), CDT.number)) if (one(g, c, CDT.fromText), RDF.type, CDT.Clause) in g else ""
            assert number not in ("2", "参考文献")
    assert len(list(loaded[TRM].graph.subjects(CDT.citationKind, Literal("in-text")))) == 18  # 17 in the body + GB/T 1.1-2020 in the foreword
    assert len(list(loaded[TLD].graph.subjects(CDT.citationKind, Literal("in-text")))) == 9  # 8 in the body + GB/T 1.1-2020 in the foreword


def test_term_source_lead_in_is_a_citation(loaded, entries):
    g = loaded[TRM].graph
    (c,) = g.subjects(CDT.citationKind, Literal("term-source"))
    assert one(g, c, CDT.fromText) == clause(entries, TRM, "3")
    assert one(g, c, CDT.toStandard) == ids.standard_iri("GB/T 37043")


# --- terms and abbreviations -------------------------------------------------------------
def terms(g) -> list[tuple[str, str, str, str]]:
    """(number, Chinese term, English term, source note or "") of every term entry of `g`, by number."""
    out = []
    for t in g.subjects(RDF.type, CDT.TermEntry):
        labels = {l.language: str(l) for l in g.objects(t, SKOS.prefLabel)}
        source = next(iter(g.objects(t, CDT.sourceNote)), "")
        out.append((str(one(g, t, CDT.number)), labels.get("zh"), labels.get("en"), str(source)))
    return sorted(out)


# (document, number, Chinese term, English term, source as printed or "" when none)
PRINTED_TERMS = [
    (TRM, "3.1", "城市全域数字化转型", "citywide digital transformation", "[来源：20255407-T-907，3.6.6]"),
    (TRM, "3.2", "城市全域数字化转型概念模型", "conceptual model of citywide digital transformation", "[来源：GB/T 37043—xxxx，4.1]"),
    (TRM, "3.3", "城市全域数字化转型技术参考模型", "technology reference architecture of citywide digital transformation", "[来源：GB/T 37043—xxxx，4.2]"),
    (TRM, "3.4", "城市智能中枢", "city intelligent center", "[来源：GB/T 45402-2025，3.1]"),
    (TRM, "3.5", "城市数字底座", "city digital foundation", "[来源：GB/T 37043—xxxx，4.3]"),
    (TRM, "3.6", "城市共性支撑平台", "city common support platform", "[来源：GB/T 37043—xxxx，7.2]"),
    (TRM, "3.7", "共性组件", "common component", "[来源：GB/T 37043—xxxx，7.5]"),
    (CTMM, "3.1", "城市全域数字化转型", "city-wide digital transformation", ""),
    (CTMM, "3.2", "适数化改革", "digital adaptation reform", ""),
    (CTMM, "3.3", "城市数字底座", "city digital foundation", ""),
    (CTMM, "3.4", "数据治理", "data governance", "[来源：GB/T 36073-2025, 3.2, 有修改]"),
    (CTMM, "3.5", "数字孪生", "digital twin", "[来源：GB/T 43441.1-2023, 3.4]"),
    (TLD, "3.1", "城市数字化转型", "urban digital transformation", ""),
    (TLD, "3.2", "城市核心业务数字化转型", "urban core business digital transformation", ""),
    (TLD, "3.3", "BTE三维模型", "BTE three-dimensional model", ""),
    (TLD, "3.4", "数据", "data", ""),
    (TLD, "3.5", "数据要素", "data elements", ""),
    (TLD, "3.6", "数据治理", "data governance", ""),
    (TLD, "3.7", "运营", "operation", ""),
]


@pytest.mark.parametrize("document", [TRM, CTMM, TLD], ids=["reference model", "maturity model", "design guide"])
def test_every_term_entry_has_its_number_chinese_and_english_term_and_source(loaded, document):
    assert terms(loaded[document].graph) == sorted(row[1:] for row in PRINTED_TERMS if row[0] == document)


def test_term_entry_details(loaded, entries):
    g = loaded[TRM].graph
    t = ids.term_entry_iri(doc_of(entries, TRM), "3.1")
    assert one(g, t, CDT.sourceStandard) == ids.plan_iri("20255407-T-907")
    assert str(one(g, t, CDT.sourceClause)) == "3.6.6" and one(g, t, CDT.sourceRelation) == CDT.Identical
    concept = one(g, t, CDT.defines)
    assert concept == ids.concept_iri("城市全域数字化转型")
    assert one(g, concept, SKOS.inScheme) == ids.CONCEPT_SCHEME
    assert str(one(g, ids.term_entry_iri(doc_of(entries, TRM), "3.2"), CDT.sourceStandard)).endswith("/GB-T-37043")
    assert str(one(g, ids.term_entry_iri(doc_of(entries, TRM), "3.6"), SKOS.note)) == "如物联网平台、人工智能平台、大数据平台、GIS平台等。"
    g3 = loaded[CTMM].graph
    t = ids.term_entry_iri(doc_of(entries, CTMM), "3.4")
    assert one(g3, t, CDT.sourceRelation) == CDT.Modified
    assert one(g3, t, CDT.sourceStandard) == ids.standard_iri("GB/T 36073-2025")
    assert str(one(g3, t, SKOS.definition)) == "提升数据的质量、安全、合规性，推动数据有效利用的过程。"


@pytest.mark.parametrize("f, number, standard, clause, relation", [
    (TRM, "3.1", ids.plan_iri("20255407-T-907"), "3.6.6", CDT.Identical),
    (TRM, "3.2", ids.standard_iri("GB/T 37043"), "4.1", CDT.Identical),   # GB/T 37043—xxxx: the edition in preparation
    (TRM, "3.3", ids.standard_iri("GB/T 37043"), "4.2", CDT.Identical),
    (TRM, "3.4", ids.standard_iri("GB/T 45402-2025"), "3.1", CDT.Identical),
    (TRM, "3.5", ids.standard_iri("GB/T 37043"), "4.3", CDT.Identical),
    (TRM, "3.6", ids.standard_iri("GB/T 37043"), "7.2", CDT.Identical),
    (TRM, "3.7", ids.standard_iri("GB/T 37043"), "7.5", CDT.Identical),
    (CTMM, "3.4", ids.standard_iri("GB/T 36073-2025"), "3.2", CDT.Modified),
    (CTMM, "3.5", ids.standard_iri("GB/T 43441.1-2023"), "3.4", CDT.Identical),
])
def test_every_term_source_is_parsed_into_standard_clause_and_relation(loaded, entries, f, number, standard, clause, relation):
    g = loaded[f].graph
    t = ids.term_entry_iri(doc_of(entries, f), number)
    assert one(g, t, CDT.sourceStandard) == standard
    assert str(one(g, t, CDT.sourceClause)) == clause
    assert one(g, t, CDT.sourceRelation) == relation


def test_entries_without_a_source_have_no_source_facts(loaded):
    for f, with_source in ((TRM, 7), (CTMM, 2), (TLD, 0)):
        g = loaded[f].graph
        entries_ = set(g.subjects(RDF.type, CDT.TermEntry))
        for p in (CDT.sourceNote, CDT.sourceStandard, CDT.sourceClause, CDT.sourceRelation):
            assert len([t for t in entries_ if (t, p, None) in g]) == with_source, (f, p)


def test_one_concept_for_a_term_defined_by_two_documents(loaded):
    union = loaded[TRM].graph + loaded[CTMM].graph
    concept = ids.concept_iri("城市数字底座")
    assert len(set(union.subjects(CDT.defines, concept))) == 2


def test_a_note_of_several_paragraphs(loaded, entries):
    g = loaded[TLD].graph
    note = str(one(g, ids.term_entry_iri(doc_of(entries, TLD), "3.3"), SKOS.note))
    assert note.startswith("B：业务（Business）是城市转型发展的核心")
    assert "\nT：技术（Technology）" in note and note.endswith("商业与运营模式等。")


@pytest.mark.parametrize("f, count", [(TRM, 18), (CTMM, 8), (TLD, 0)])
def test_abbreviation_counts(loaded, f, count):
    assert len(set(loaded[f].graph.subjects(RDF.type, CDT.Abbreviation))) == count


def test_abbreviations_with_both_expansions(loaded, entries):
    g = loaded[TRM].graph
    for abbr, zh_, en in [("AI", "人工智能", "Artificial Intelligent"), ("CPU", "中央处理器", "Central Processing Unit"),
                          ("IPv6+", "互联网协议第6版", "Internet Protocol Version 6"),
                          ("F5G", "第五代固定网络", "Fifth Generation Fixed Network")]:
        node = ids.abbreviation_iri(doc_of(entries, TRM), abbr)
        assert str(one(g, node, CDT.abbreviation)) == abbr
        assert set(g.objects(node, CDT.expansion)) == {Literal(zh_, lang="zh"), Literal(en, lang="en")}
        assert one(g, node, CDT.inDocument) == doc_of(entries, TRM)


# --- bibliography and tables ------------------------------------------------------------
def test_the_cited_documents_of_the_maturity_model_bibliography(loaded, entries):
    g = loaded[CTMM].graph
    policy = ids.cited_document_iri("policy", "关于深化智慧城市发展 推进城市全域数字化转型的指导意见")
    assert str(one(g, policy, CDT.number)) == "发改数据〔2024〕660号"
    assert str(one(g, ids.standard_iri("GB/T 33356-2022"), CDT.standardNumber)) == "GB/T 33356-2022"
    c8 = next(c for c in g.subjects(CDT.marker, Literal("[8]")) if (c, RDF.type, CDT.Citation) in g)
    assert one(g, c8, CDT.fromText) == clause(entries, CTMM, "参考文献") and int(one(g, c8, CDT.sourceLine)) == 463


BIBLIOGRAPHY_003 = [
    ("PolicyDocument", "发改数据〔2024〕660号", "关于深化智慧城市发展 推进城市全域数字化转型的指导意见"),
    ("PolicyDocument", "发改数据〔2025〕1306号", "深化智慧城市发展推进全域数字化转型行动计划"),
    ("PolicyDocument", "", "中共中央 国务院关于推动城市高质量发展的意见"),
    ("PolicyDocument", "", "数字中国建设整体布局规划"),
    ("PolicyDocument", "", "国务院关于深入实施“人工智能+”行动的意见"),
    ("PolicyDocument", "", "关于加快场景培育和开放推动新场景大规模应用的实施意见"),
    ("PolicyDocument", "发改数据〔2024〕1853号", "国家数据基础设施建设指引"),
    ("Standard", "GB/T 33356-2022", "新型智慧城市评价指标"),
    ("Standard", "GB/T 34680.6-2025", "智慧城市评价模型及基础评价指标体系 第6部分：公共服务"),
    ("Standard", "GB/T 36073-2025", "数据管理能力成熟度评估模型"),
    ("Standard", "GB/T 36621-2025", "智慧城市 信息技术运营指南"),
    ("Standard", "GB/T 37043-2018", "智慧城市 术语"),
    ("Standard", "GB/T 39116-2020", "智能制造能力成熟度模型"),
    ("Standard", "GB/T 39117-2020", "智能制造能力成熟度评估方法"),
    ("Standard", "GB/T 42129-2022", "数据管理能力成熟度评估方法"),
    ("Standard", "GB/T 43439-2023", "信息技术服务 数字化转型 成熟度模型与评估"),
    ("Standard", "GB/T 43441.1-2023", "信息技术 数字孪生 第1部分：通用要求"),
    ("Standard", "GB/T 44136-2024", "城市数据治理能力成熟度模型"),
    ("Standard", "GB/T 45109.1-2024", "智慧城市 城市数字孪生 第1部分：技术参考架构"),
    ("Standard", "GB/T 45402-2025", "智慧城市 城市智能中枢 参考架构"),
    ("Document", "", "数据领域常用名词解释（第一批）"),
    ("TechnicalDocument", "", "城市全域数字化转型 城市数字底座建设指引"),
    ("TechnicalDocument", "", "城市全域数字化转型 城市感知体系建设导则"),
    ("TechnicalDocument", "", "城市全域数字化转型 数字化运营指引"),
    ("TechnicalDocument", "", "城市全域数字化转型 城市智能中枢 共性组件技术要求"),
    ("TechnicalDocument", "", "城市全域数字化转型 城市可信数据空间建设指引"),
    ("TechnicalDocument", "", "城市全域数字化转型 城市数字更新指引"),
    ("TechnicalDocument", "", "城市全域数字化转型 城市数字资源统一调度与管理要求"),
    ("TechnicalDocument", "", "可信数据空间 技术架构"),
]


def test_every_bibliography_entry_of_the_maturity_model(loaded, entries):
    g, doc = loaded[CTMM].graph, doc_of(entries, CTMM)
    assert len(set(g.objects(doc, CDT.bibliographyEntry))) == 29
    found = {}
    for c in g.subjects(CDT.citationKind, Literal("bibliography")):
        node = one(g, c, CDT.toStandard)
        kinds = set(g.objects(node, RDF.type)) - {CDT.Document}
        number = next(iter(g.objects(node, CDT.standardNumber)), None) or next(iter(g.objects(node, CDT.number)), None)
        found[int(str(one(g, c, CDT.marker)).strip("[]"))] = (
            next(iter(kinds)).split("#")[1] if kinds else "Document",
            str(number or ""),
            str(one(g, node, DCTERMS.title)))
        assert int(one(g, c, CDT.sourceLine)) == 455 + int(str(one(g, c, CDT.marker)).strip("[]"))
    assert [found[i] for i in sorted(found)] == BIBLIOGRAPHY_003


def test_tables_of_the_maturity_model(loaded, entries):
    g, doc = loaded[CTMM].graph, doc_of(entries, CTMM)
    assert len(set(g.subjects(RDF.type, CDT.Table))) == 20
    t5 = ids.table_iri(doc, "表5")
    assert str(one(g, t5, CDT.number)) == "表5" and one(g, t5, CDT.continued) == Literal(True)
    assert one(g, t5, DCTERMS.title) == Literal("“数字基础设施”各成熟度等级的典型特征描述", lang="zh")
    assert one(g, t5, CDT.inClause) == clause(entries, CTMM, "8.2.1")
    rows = sorted(g.subjects(CDT.inTable, t5), key=lambda r: int(one(g, r, CDT.rowIndex)))
    assert len(rows) == 4
    first = ids.cell_iri(rows[0], 1)
    assert str(one(g, first, CDT.text)) == "感知设施"
    second = ids.cell_iri(rows[0], 2)
    assert str(one(g, second, CDT.columnHeader)) == "成熟度等级 / 一级（基础级）"
    assert str(one(g, second, CDT.text)).startswith("a) 以行业部门自发建设和管理为主")
    assert one(g, ids.table_iri(doc, "表8"), CDT.continued) == Literal(False)


def test_gbt_documents_are_recognised_by_their_opening_chapters():
    from loaders.gbt_document import looks_like_gbt_document
    for f in (TRM, CTMM, TLD):
        assert looks_like_gbt_document((CORPUS / f).read_text(encoding="utf-8"))
    assert not looks_like_gbt_document((CORPUS / "guideline-standards-system-2026.txt").read_text(encoding="utf-8"))


def test_the_annexes_of_the_top_level_design_guide_are_informative(loaded, entries):
    g = loaded[TLD].graph
    assert [one(g, clause(entries, TLD, letter), CDT.annexNature) for letter in "AB"] == [CDT.Informative] * 2
    assert not list(g.objects(clause(entries, TLD, "4"), CDT.annexNature))
