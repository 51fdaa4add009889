"""Answering questions from the graph without a language model: `cdtkg ask` (queries/ask/pipeline.py, render.py, app)."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from queries.ask import ask


# --- what an answer holds ------------------------------------------------------------------
def test_a_definition_is_answered_with_its_text_document_clause_and_source(engine):
    # a document is named by its number (a draft: its plan number) and 《title》
    a = ask(engine, "什么是城市智能中枢？")
    assert (a.answered, a.intent, a.confidence) == (True, "definition", 1.0)
    # the English term of the entry (城市智能中枢 city intelligent center) stands beside the term
    assert a.answer.startswith("城市智能中枢（city intelligent center）：综合应用新一代信息技术，融合城市多源数据资源")
    # the term's [来源：…] note (001 l.182) is part of the answer
    assert a.answer.endswith("支撑城市数字化转型的一种复杂系统。（20250317-T-469《城市全域数字化转型 技术参考模型》 3.4 [来源：GB/T 45402-2025，3.1]）")
    assert a.sources == [{"document": "20250317-T-469《城市全域数字化转型 技术参考模型》", "locator": "3.4",
                          "iri": "https://w3id.org/cdtkg/resource/std/plan-20250317-T-469/term/3.4"}]


def test_a_term_defined_twice_gives_both_definitions_each_with_its_source(asker):
    a = asker.ask("城市数字底座的定义在两份标准中有什么不同？")
    assert a.intent == "definition_diff"
    assert len(a.items) == 2
    # each with the English term its document gives: a difference of the two entries too
    assert a.items[0].endswith("（《城市全域数字化转型 成熟度模型》 3.3，英文 city digital foundation）")
    assert a.items[1].startswith("用于支撑城市全域数字化转型目标实现的数字基础设施、数据资源、数字化共性基础、安全保障体系")
    assert [s["locator"] for s in a.sources] == ["3.3", "3.5"]


def test_each_item_is_one_answer(asker):
    a = asker.ask("哪些条款引用了GB/T 37971-2019？")
    assert a.items == ["20250317-T-469《城市全域数字化转型 技术参考模型》 7.5 a)（引用其第7章）",
                       "20250317-T-469《城市全域数字化转型 技术参考模型》 7.5 b)（引用其第9章）",
                       "20250317-T-469《城市全域数字化转型 技术参考模型》 2 GB/T 37971-2019"]
    assert a.answer.startswith("引用 GB/T 37971-2019《信息安全技术 智慧城市安全体系框架》 的有 3 处：")


def test_every_source_iri_is_a_resource_of_the_graph(engine, asker):
    for q in ("感知设施在三级的特征是什么？", "终端设备有哪些“宜”的要求？", "CTMM有多少个能力项？",
              "谁牵头编写数据层？", "到2027年底要制修订多少项标准？"):
        a = asker.ask(q)
        assert a.answered and a.sources, q
        for s in a.sources:
            assert s["document"], (q, s)
            assert engine.run("SELECT ?p WHERE { ?s ?p ?o } LIMIT 1", {"s": f"<{s['iri']}>"}).rows, (q, s)


def test_a_count_says_the_number_and_lists_what_was_counted(asker):
    a = asker.ask("终端设备有几条宜的要求？")
    assert a.answer.startswith("“终端设备”中用“宜”表述的要求共 3 条：")
    assert [i.split(" ", 2)[:2] for i in a.items] == [["7.1.1.1", "d)"], ["7.1.1.1", "e)"], ["7.1.1.1", "f)"]]


def test_a_filter_that_finds_nothing_says_so_instead_of_widening_the_question(asker):
    a = asker.ask("物联感知有哪些宜的要求")
    assert (a.answered, a.intent, a.items) == (True, "requirements_form", [])
    assert a.answer == "“物联感知”中没有用“宜”表述的要求"


def test_a_name_shared_by_several_things_is_answered_for_each(asker):
    a = asker.ask("感知设施属于哪一层？")
    assert a.items == ["设施层", "城市数字底座 › 数字基础设施"]


def test_a_document_named_in_the_question_narrows_a_shared_clause_number(asker):
    a = asker.ask("技术参考模型7.5条引用了哪些标准")
    assert a.intent == "clause_cites"
    assert {s["document"] for s in a.sources} == {"20250317-T-469《城市全域数字化转型 技术参考模型》"}


def test_english_questions_get_english_phrasing(asker):
    a = asker.ask("What does CTMM stand for?")
    assert a.answer.startswith("CTMM stands for City-wide Digital Transformation Maturity Model (城市全域数字化转型成熟度模型)")
    a = asker.ask("Which standard replaces GB/T 34678-2017?")
    assert a.intent == "replaced_by" and "20250317-T-469" in a.answer


def test_details_show_the_entities_and_the_sparql_with_bound_parameters(asker):
    a = asker.ask("GB/T 34678-2017被什么标准代替了？")
    (run,) = a.sparql
    assert run["template"] == "replacement"
    assert run["bindings"] == {"entity": "https://w3id.org/cdtkg/resource/std/GB-T-34678-2017"}
    assert "34678" not in run["query"]  # the question's text is never spliced into SPARQL
    assert a.entities[0]["text"] == "gb/t 34678-2017"


def test_the_json_answer_has_the_documented_fields(asker):
    d = asker.ask("CIM是什么的缩写？").to_dict(details=False)
    assert list(d) == ["question", "answered", "intent", "answer", "items", "sources", "confidence"]
    d = asker.ask("今天天气怎么样").to_dict(details=False)
    assert list(d) == ["question", "answered", "intent", "answer", "items", "sources", "confidence",
                       "reason", "suggestions"]


# --- what it will not answer ---------------------------------------------------------------
@pytest.mark.parametrize("question, reason", [
    ("", "问题是空的"),
    ("   \n\t", "问题是空的"),
    ("城" * 10_000, "问题太长（10000 字，上限 500 字）"),
    ("\x00\x01\x02\x7f", "问题里没有可识别的文字"),
    ("\x1b[31m城市\x1b[0m", "没有识别出图谱中的术语"),
    ("？？？！！！", "问题里没有可识别的文字"),
    ("asdfghjkl", "没有识别出图谱中的术语、标准、条款或模型要素"),
    ("GB/T 99999-2030是什么标准", "图谱中没有标准 GB/T 99999-2030"),
    ("城市智能中枢的建设预算是多少", "问题问的是文件之外的事实（“预算”）"),
])
def test_a_question_it_cannot_answer_gets_a_one_line_reason(asker, question, reason):
    a = asker.ask(question)
    assert a.answered is False
    assert reason in a.reason and "\n" not in a.reason
    assert (a.answer, a.items, a.sources) == ("", [], [])


def test_an_unanswered_question_suggests_what_the_graph_has_nearby(asker):
    a = asker.ask("城市智能中枢的价格是多少")
    assert not a.answered
    assert a.suggestions and all(s["iri"] for s in a.suggestions)
    assert any("城市智能中枢" in s["label"] for s in a.suggestions)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80))
def test_no_input_raises(asker, text):
    a = asker.ask(text)
    assert isinstance(a.answered, bool)
    assert 0.0 <= a.confidence <= 1.0
    assert a.answered or a.reason


# --- the command ---------------------------------------------------------------------------
def test_the_command_prints_the_answer_and_exits_0(capsys):
    assert main(["ask", "三级对应哪类城市？"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "三级（协同级）对应“提档升级类”城市（《城市全域数字化转型 成熟度模型》 6 c)）"
    assert "置信度：0.95（level_category）" in out


def test_the_command_answers_in_json(capsys):
    assert main(["ask", "GB/T 22239-2019是什么标准？", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["answered"], d["intent"]) == (True, "standard_info")
    assert d["answer"].startswith("GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》")


def test_the_command_on_a_corpus_never_searched_reads_passages_all_the_same(tmp_path, monkeypatch, capsys, copy_corpus):
    # a newcomer's first `cdtkg ask`: no search index yet, and the answer comes from the passage stating it
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    assert main(["ask", "技术参考模型这个标准涉及专利吗", "--corpus", str(corpus), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["answer"].startswith("否。") and d["sources"][0]["locator"] == "九"


@pytest.mark.parametrize("question", ["", "城" * 10_000, "\x07\x08"])
def test_the_command_exits_1_with_a_reason_and_no_traceback(capsys, question):
    assert main(["ask", question]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("无法回答：") and "Traceback" not in out + err


def test_the_command_without_a_question_is_a_usage_error(capsys):
    assert main(["ask"]) == 2
    assert "请给出问题" in capsys.readouterr().err


def test_a_batch_gives_one_json_line_per_question(tmp_path, capsys):
    batch = tmp_path / "questions.txt"
    batch.write_text("什么是城市智能中枢？\n\nCIM是什么的缩写？\n上海市的GDP是多少？\n", encoding="utf-8")
    assert main(["ask", "--batch", str(batch), "--json"]) == 1  # one of them has no answer
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["question"], d["answered"], d["intent"]) for d in lines] == [
        ("什么是城市智能中枢？", True, "definition"), ("CIM是什么的缩写？", True, "abbreviation"),
        ("上海市的GDP是多少？", False, "outside")]


def test_an_unreadable_batch_file_is_bad_input(tmp_path, capsys):
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("城市智能中枢".encode("gbk"))
    assert main(["ask", "--batch", str(bad)]) == 2
    assert "读不了批量提问文件" in capsys.readouterr().err
    assert main(["ask", "--batch", str(tmp_path / "missing.txt")]) == 2


# --- dates, dated documents and the authors of a guideline -----------------------------------
def test_drafting_dates_are_written_as_the_explanatory_note_writes_them(asker):
    a = asker.ask("城市全域数字化转型技术参考模型哪天正式立项")
    assert a.intent == "project_approval" and "2025年2月28日" in a.answer


@pytest.mark.parametrize("question, date, locator", [
    ("建设指南征求意见稿的落款时间", "2026年1月", "封面"),
    ("技术参考模型编制说明的落款日期是哪天", "2026年2月3日", "落款"),
    ("城市全域数字化转型标准体系建设指南征求意见稿是什么时候出的？", "2026年1月", "封面"),
])
def test_the_date_a_document_is_signed_or_dated(asker, question, date, locator):
    a = asker.ask(question)
    assert a.intent == "document_date" and date in a.answer
    assert [s["locator"] for s in a.sources] == [locator]


@pytest.mark.parametrize("question", [
    "《城市全域数字化转型标准体系建设指南》是哪些单位组织编制的",
    "建设指南是哪个机构编的",
])
def test_a_guideline_without_drafting_units_names_the_bodies_of_its_cover(asker, question):
    a = asker.ask(question)
    assert a.intent == "drafting_units"
    assert a.items == ["全国数据标准化技术委员会", "全域数字化转型标准工作组"]
    assert {s["document"] for s in a.sources} == {"《城市全域数字化转型标准体系建设指南》"}


# --- where a subject sits in the standards system ---------------------------------------------
@pytest.mark.parametrize("question, expect", [
    ("碳足迹、碳普惠这类标准归在标准体系哪一部分", ["碳足迹管理规范", "C.5 绿色智慧宜居", "C.5.2 低碳生活与生产"]),
    ("低空、无人驾驶这类新型基础设施的标准放在哪个分类下", ["C.1 城市数字更新", "C.1.1 基础设施数字化更新"]),
    ("数据资源目录 相关标准", ["B.2.1.1.1 城市数据资源目录标准", "数据目录编制指南"]),
])
def test_a_topic_question_gets_the_framework_places_and_planned_standards_of_its_subject(asker, question, expect):
    a = asker.ask(question)
    assert a.intent == "topic"
    for piece in expect:
        assert piece in a.answer
    assert {s["document"] for s in a.sources} == {"《城市全域数字化转型标准体系建设指南》"}


def test_a_question_about_a_documents_references_is_no_topic_question(asker):
    a = asker.ask("技术参考模型规范性引用了哪些个人信息安全相关的国标")
    assert a.intent == "normative_references"


def test_a_topic_named_as_a_coverage_question_keeps_the_published_standards(asker):
    a = asker.ask("哪些标准和数字孪生有关")
    assert a.intent == "coverage" and "GB/T 43441.1-2023" in a.answer


# --- counts: several in one question, and in the document's own words ---------------------------
@pytest.mark.parametrize("question, expect", [
    ("技术参考模型包含几个层次要素和几个支撑体系", ["4 个层次要素", "“四个层次要素”", "3 个支撑体系", "“三个支撑体系”"]),
    ("CTMM 一共多少个能力子域、多少个能力项", ["20 个能力子域", "“20个核心能力子域”", "39 个能力项"]),
    ("成熟度模型一共有多少个能力项和能力子域？", ["39 个能力项", "20 个能力子域"]),
])
def test_a_question_asking_several_counts_gets_each_with_the_documents_own_statement(asker, question, expect):
    a = asker.ask(question)
    assert a.answered
    for piece in expect:
        assert piece in a.answer


def test_a_single_count_is_not_split(asker):
    a = asker.ask("成熟度模型有几个能力域")
    assert a.intent == "count_class" and a.answer.startswith("共有 6 个能力域") and "“6个能力域”" in a.answer


# --- honest limits: a fact the documents do not give is refused, not answered nearby -------------
@pytest.mark.parametrize("question, intent", [
    ("成熟度模型主要起草人张群来自哪个单位？", "person_affiliation"),    # drafters and units listed apart
    ("GB/T 34678-2017 旧版的起草人有哪些？", "drafters"),                 # only cited, never ingested
    ("ISO/IEC 30145 会不会转化为国家标准，计划号多少？", "plan_number"),
    ("GB/T 34678-2017 哪天正式废止？", "document_dates"),
    ("T/SZS 4042-2021 的英文标题是什么", "english_name"),
    ("成熟度模型的CCS中国标准文献分类号是什么？", "document_class"),   # not its dates, which it lacks too
    ("What is the ICS code of the draft technical reference model?", "document_class"),   # not its cover
    ("成熟度模型的正式国家标准编号是多少？", "standard_number"),       # a draft: no number yet
    ("城市智能中枢能力评价标准第12章规定的评价要点具体有哪些？", "unheld_clause"),   # cited, its text not held
])
def test_a_fact_the_graph_does_not_hold_is_refused(asker, question, intent):
    a = asker.ask(question)
    assert not a.answered and a.intent == intent and a.reason.startswith("图谱中没有")


def test_a_target_the_guide_gives_no_count_for_is_refused_not_answered_with_a_blank(asker):
    # 000 一: 到2027年底…制修订30项以上; the 2030 target names topics but no number
    a = asker.ask("到2030年要制修订多少项标准？")
    assert (a.answered, a.intent, a.absent) == (False, "target_count", True), a.answer
    assert "没有给出" in a.reason and a.suggestions
    assert "30 项以上" in asker.ask("到2027年要制修订多少项标准？").answer


def test_a_persons_unit_is_answered_where_a_document_gives_it(asker):
    a = asker.ask("于浩来自哪个单位")
    assert a.intent == "person_affiliation" and a.items == ["中国电子技术标准化研究院"]


def test_a_lead_in_passage_is_answered_with_what_is_listed_under_it(asker):
    a = asker.ask("城市数字化转型的战略目标应满足哪些要求")
    assert a.intent == "passage" and "可衡量性" in a.answer and "建立指标体系" in a.answer


# --- numbers in the question's words ------------------------------------------------------------
@pytest.mark.parametrize("question, intent, expect", [
    ("城市全域數字化轉型成熟度模型有哪六個能力域？", "members", "適數化改革"),   # 哪六个 asks as 哪几个
    ("概念模型从哪三个视角出发", "members", "全过程优化"),
])
def test_which_with_a_number_asks_for_the_list(asker, question, intent, expect):
    a = asker.ask(question)
    assert a.intent == intent and expect in a.answer


def test_edition_changes_are_found_from_the_replaced_edition_too(asker):
    a = asker.ask("和GB/T34678—2017比，新版删掉了哪两章内容")
    assert a.intent == "edition_removed"
    assert "智慧城市 ICT 支撑的业务框架" in a.answer and "前言 b)" in a.answer


# --- an abbreviation names what it stands for; a thing's parts in its document's own words ----------
def test_an_abbreviation_names_the_model_and_standard_it_stands_for(asker):
    a = asker.ask("CTMM是谁提出的")
    assert a.intent == "proposed_by" and "SAC/TC 609" in a.answer
    assert asker.ask("CTMM是什么").intent == "abbreviation"   # what it stands for stays its first meaning


def test_a_parts_answer_quotes_how_the_document_says_what_the_thing_is_made_of(asker):
    a = asker.ask("CTMM由哪几部分构成")
    assert a.intent == "contents"
    assert "由成熟度等级、能力域、成熟度等级特征3部分构成" in a.answer


# --- yes/no questions decided by the passage that states the fact --------------------------------
@pytest.mark.parametrize("question, word, locator", [
    ("技术参考模型有没有采用国际或国外标准？", "否", "六"),       # 该标准未采用国际国外标准
    ("技术参考模型这个标准涉及专利吗", "否", "九"),               # 该标准不涉及专利
    ("评上四级（融合级）的城市是不是也得具备三级的特征？", "是", "6"),
])
def test_a_yes_no_question_is_decided_by_the_passage_stating_it(asker, question, word, locator):
    a = asker.ask(question)
    assert a.answer.startswith(word + "。") and a.sources[0]["locator"] == locator


def test_a_passage_does_not_confirm_a_number_it_does_not_hold(asker):
    assert asker.ask("成熟度等级是不是分为6级").answer.startswith("否。")


# --- several things asked about each -----------------------------------------------------------
def test_a_question_about_each_of_several_things_answers_each(asker):
    a = asker.ask("2017版里的“物联感知层”“网络通信层”在新版里分别改成了什么")
    assert "“感知设施”" in a.answer and "“网络设施”" in a.answer
    a = asker.ask("CIM和BIM分别指什么")
    assert "城市信息模型" in a.answer and "建筑信息模型" in a.answer


@pytest.mark.parametrize("question", ["哪些起草人同时出现在T/SZS 4042-2021和技术参考模型征求意见稿的起草人名单里？",
                                      "哪些起草人既参与了T/SZS 4042-2021，又是技术参考模型的主要起草人？",
                                      "T/SZS 4042-2021和技术参考模型共同的起草人有哪些"])
def test_what_several_documents_share_is_said_first_however_the_sharing_is_phrased(asker, question):
    # 张红卫 and 崔昊 are in both forewords' lists of drafters (004 前言, 001 前言)
    a = asker.ask(question)
    assert a.answer.startswith("共同的有 2 项：张红卫；崔昊。"), a.answer[:80] or a.reason
    documents = {s["document"] for s in a.sources}
    assert {"T/SZS 4042-2021《城市数字化转型顶层设计指南》", "20250317-T-469《城市全域数字化转型 技术参考模型》"} <= documents


@pytest.mark.parametrize("question", ["成熟度模型第8章分成哪几节？", "成熟度模型第8章“成熟度等级典型特征”下设哪几节",
                                      "成熟度模型第8章叫什么，下面分哪几节？"])
def test_the_sections_of_a_chapter_named_by_number_are_its_subclauses_under_its_title(asker, question):
    # 003: 8 成熟度等级典型特征, 8.1 适数化改革 … 8.6 城市数字更新 — not the five levels, nor the model's domains
    a = asker.ask(question)
    assert a.intent == "clause_text", a.reason
    assert a.answer.startswith("8 成熟度等级典型特征（《城市全域数字化转型 成熟度模型》）：8.1 适数化改革；")
    assert a.answer.endswith("8.6 城市数字更新")


def test_two_chapters_named_by_number_are_each_answered(asker):
    a = asker.ask("顶层设计指南第9章和第10章分别讲什么")
    assert "9 数字经济产业发展规划" in a.answer and "10 数据治理体系设计" in a.answer


@pytest.mark.parametrize("question", ["与旧版相比，新版技术参考模型新增了哪些层或设施", "相对于2017版，这次修订增加了哪些设施"])
def test_a_word_naming_the_kind_of_thing_the_answers_are_does_not_make_the_answer_unsure(asker, question):
    # 001 前言 e), i): 增加了“设施层”…, 增加了“数据流通利用设施”…: 层, 设施 say what kind of change is asked for
    a = asker.ask(question)
    assert (a.answered, a.intent) == (True, "edition_added"), a.reason
    assert "数据流通利用设施" in a.answer


def test_a_question_of_several_sentences_answers_each(asker):
    a = asker.ask("视频管理平台应支持哪些主流开放协议？联网要符合哪个标准？")
    assert a.answered
    for piece in ("ONVIF", "RTSP", "GB/T 28181-2022"):
        assert piece in a.answer + "".join(a.items)
    assert a.answer.count("没有直接对应的问法") == 1   # two passage answers, their lead said once


@pytest.mark.parametrize("question", ["城市全域数字化转型技术参考模型发布后替代哪个标准？",
                                      "技术参考模型国标正式实施后将代替哪项标准"])
def test_what_a_standard_replaces_once_published_is_answered_from_its_foreword_and_its_explanatory_note(asker, question):
    # 001 前言: 本文件代替GB/T 34678-2017; 002 十二: 建议该标准发布后替代 GB/T 34678-2017
    a = asker.ask(question)
    assert (a.answered, a.intent) == (True, "replaces"), a.reason
    assert "GB/T 34678-2017" in a.answer
    assert any(s["document"].endswith("编制说明") for s in a.sources), a.sources


def test_a_cue_next_to_a_title_in_book_marks_is_next_to_the_document(asker):
    a = asker.ask("新版《城市全域数字化转型 技术参考模型》代替哪个标准？")
    assert (a.answered, a.intent) == (True, "replaces"), a.reason
    assert "GB/T 34678-2017" in a.answer


@pytest.mark.parametrize("question", ["2017版的“物联感知层”在新版里改成了什么？", "与GB/T 34678-2017相比，新版技术参考模型删除了哪些内容？"])
def test_a_change_between_editions_is_cited_from_the_foreword_and_the_explanatory_note_that_lists_it(asker, question):
    a = asker.ask(question)
    assert a.answered and a.intent in ("renamed", "edition_removed"), a.reason
    where = {(s["document"], s["locator"]) for s in a.sources}
    assert any(d.startswith("20250317-T-469") and loc.startswith("前言") for d, loc in where)
    # 编制说明 二、3. 主要内容: "与 GB/T 34678-2017相比，除编辑性改动外，主要技术变化如下" (002 l.448)
    assert any(d.endswith("编制说明") and loc == "二、3." for d, loc in where), where


def test_the_standard_a_cue_stands_next_to_is_the_one_asked_about_and_the_other_narrows_the_answer(asker):
    # 引用了◆ is about GB/T 34678-2017; T/SZS 4042-2021 says whose clauses: 8.1.5.2, 8.1.6 b), 8.2.5.2 (004)
    a = asker.ask("T/SZS 4042-2021 正文哪些条款引用了 GB/T 34678-2017？")
    assert (a.answered, a.intent) == (True, "citing_clauses"), a.reason
    assert {s["document"] for s in a.sources} == {"T/SZS 4042-2021《城市数字化转型顶层设计指南》"}
    assert {"8.1.5.2", "8.1.6 b)", "8.2.5.2"} <= {s["locator"] for s in a.sources}


def test_a_reading_by_the_thing_next_to_a_cue_yields_to_one_by_the_best_named_thing(asker):
    a = asker.ask("T/SZS 4042-2021是否规范性引用了GB/T 34678—2017？")
    assert a.intent == "yes_no/normative_references" and a.answer.startswith("是。"), a.answer


@pytest.mark.parametrize("question", ["SCIE 007—2021 是哪份标准？", "SCIE 007—2021对应的是哪个标准？"])
def test_a_document_is_found_by_the_other_number_its_running_header_prints(asker, question):
    # T/SZS 4042-2021's page header prints a society's own number beside it (004 l.2387)
    a = asker.ask(question)
    assert (a.answered, a.intent) == (True, "standard_info")
    assert a.answer.startswith("T/SZS 4042-2021《城市数字化转型顶层设计指南》")


@pytest.mark.parametrize("question, intent, expected", [
    ("2027年底前除了标准数量，还要建成什么平台、培育什么机构？", "target_goals", "第三方标准化服务机构"),
    ("到2027年在标准化服务机构方面有什么目标？", "target_goals", "评估认证"),
    ("到2030年那几个重点标准主要要在哪些方面见到实效？", "target", "城乡数字鸿沟弥合"),
    ("到2027年底要制修订多少项城市全域数字化转型相关标准？", "target_count", "30 项以上"),
    ("数据层章节由哪几位牵头编写？", "element_leads", "冀永进"),
])
def test_a_dated_target_and_a_part_s_leads_are_answered_however_the_question_adds_to_them(asker, question, intent,
                                                                                         expected):
    a = asker.ask(question)
    assert (a.answered, a.intent) == (True, intent)
    assert expected in a.answer


def test_a_plan_number_is_answered_with_the_explanatory_note_s_sentence_that_gives_it(asker):
    # 立项时叫什么、什么时候下达: the note's 任务来源 holds the date and the project's name at approval
    a = asker.ask("技术参考模型国标项目的计划号是多少？立项时叫什么名字？")
    assert a.answered and "计划号是 20250317-T-469" in a.answer
    assert "《智慧城市 技术参考模型》制定项目正式立项" in a.answer and "2025年2月28日" in a.answer
    assert any(s["document"].endswith("编制说明") and s["locator"] == "一、1." for s in a.sources)


@pytest.mark.parametrize("question, expected", [
    # each side asked what it includes: the guide's C branch and the reference model's application layer
    ("建设指南的C转型应用与技术参考模型应用层聚焦的领域有什么不一样", ["C.4 精准普惠服务", "数字美好生活"]),
    ("概念模型“全领域推进”的领域和成熟度模型的6个能力域相比有什么不同？", ["城市安全韧性", "适数化改革"]),
])
def test_two_things_compared_are_each_answered_side_by_side(asker, question, expected):
    a = asker.ask(question)
    assert a.answered
    assert all(e in a.answer for e in expected), a.answer


def test_a_term_in_two_documents_compared_is_still_their_two_definitions(asker):
    assert asker.ask("技术参考模型和成熟度模型对城市数字底座的定义有什么不同").intent == "definition_diff"


def test_how_each_document_introduces_its_technical_changes_is_answered_with_both_lead_ins(asker):
    a = asker.ask("前言和编制说明对主要技术变化的引导语有啥差别")
    assert a.intent == "changes_lead"
    assert "除结构调整和编辑性改动外，主要技术变化如下" in a.answer and "除编辑性改动外，主要技术变化如下" in a.answer
    assert {s["locator"] for s in a.sources} == {"前言", "二、3."}


@pytest.mark.parametrize("question", ["城市智能中枢和某个没有收录的东西有什么不同", "和城市智能中枢相比有什么不一样",
                                      "城市智能中枢与各部门分别有什么区别"])
def test_a_comparison_naming_one_side_only_is_still_answered_or_refused(asker, question):
    a = asker.ask(question)   # never raises: the comparison splits only where both sides name something
    assert a.answered or a.reason


def test_the_number_of_a_new_edition_is_the_replacing_one_and_refused_when_none_is_recorded(asker):
    a = asker.ask("GB/T 34678-2017有没有被新版本替代？新版编号是多少？")
    assert "20250317-T-469" in a.answer
    # T/SZS 4042-2021 is replaced by nothing the corpus records: its own number is no answer
    a = asker.ask("T/SZS 4042-2021有没有被新版本替代，新版编号是多少？")
    assert (a.answered, a.intent, a.absent) == (False, "replaced_by", True) and "代替" in a.reason
