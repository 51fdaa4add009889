"""Answers no rule of intents.tsv gives: passages of the graph (queries/ask/passages.py),
yes/no questions (queries/ask/yes_no.py), facts outside the documents, numbers in other
spellings and questions in traditional characters."""
import pytest

from queries.ask.passages import PASSAGE_THRESHOLD, coverage, modality_of
from queries.ask.yes_no import asks_leave, claims_of, forbids, verdict, yes_no_question
from queries.normalize import spell_numbers


def test_a_provision_question_is_answered_with_the_provision_its_clause_and_verbal_form(asker):
    a = asker.ask("身份认证应支持哪些认证方式")
    assert (a.answered, a.intent) == (True, "passage")
    assert a.items[0].startswith("【应】应支持多因素认证方式") and "7.3.1 a) 4)" in a.items[0]
    assert a.sources[0]["locator"] == "7.3.1 a) 4)" and a.confidence >= PASSAGE_THRESHOLD
    assert any(s["template"] == "passage" for s in a.sparql)   # the details say how it was found


def test_a_level_the_question_names_picks_the_cell_of_that_level(asker):
    # 城市大脑 is 城市智能中枢's colloquial name; 表7 gives the score for each level: 60, 75, 85, 95 (003 8.2.3)
    a = asker.ask("城市大脑评估得分要到多少分才够五级？")
    assert (a.answered, a.intent) == (True, "passage"), a.reason
    assert "五级" in a.sources[0]["locator"] and "高于 95 分" in a.items[0]


def test_a_recommendation_shows_its_verbal_form(asker):
    a = asker.ask("数字孪生要做哪些空间分析")
    assert "【宜】宜支持基于数字孪生模型的空间分析" in a.answer


def test_coverage_counts_the_question_words_a_passage_holds():
    assert coverage(["公共网络", "持续"], "公共网络应保障网络持续可用") == 1.0
    assert coverage(["深圳", "成熟度模型"], "成熟度模型") < 0.6  # a word it lacks weighs
    assert modality_of("宜具备故障检测能力") == "宜" and modality_of("数据层包括数据采集") == ""


@pytest.mark.parametrize("question", [
    "深圳的城市数字化转型成熟度是几级", "城市智能中枢的预算是多少", "张红卫在哪家单位工作",
    "北京的数据层建设进度如何", "Who is the mayor of Shenzhen?",
    "2027年目标里的30项标准现在已经发布了几项？",   # the world since the documents
    "技术参考模型的下一个版本什么时候发布",
])
def test_a_fact_outside_the_documents_is_refused_with_what_the_graph_holds(asker, question):
    a = asker.ask(question)
    assert (a.answered, a.intent) == (False, "outside")
    assert a.reason.startswith("问题问的是文件之外的事实")


def test_an_organisation_named_after_a_place_is_no_fact_outside_the_documents(asker):
    assert asker.ask("杭州市余杭区数据资源管理局参与起草了什么").answered


@pytest.mark.parametrize("question, word, piece", [
    ("成熟度等级是不是分为5级", "是。", "5"),
    ("成熟度等级是不是分为6级", "否。", "5"),
    ("技术参考模型是否代替GB/T 34678-2017", "是。", "GB/T 34678-2017"),
])
def test_a_yes_no_question_is_answered_yes_or_no_with_the_deciding_fact(asker, question, word, piece):
    a = asker.ask(question)
    assert a.answered and a.answer.startswith(word) and piece in a.answer


def test_a_question_a_rule_answers_itself_or_a_request_is_no_yes_no_question(asker):
    assert yes_no_question("能介绍下城市共性支撑平台吗") is None
    assert yes_no_question("成熟度模型有哪些能力域吗") is None          # asks which
    assert yes_no_question("成熟度等级是不是分为5级") == "成熟度等级分为5级"
    assert yes_no_question("设施层算不算城市智能中枢的一部分") == "设施层算城市智能中枢的一部分"   # A不A
    assert yes_no_question("城市智能中枢属不属于数字底座") == "城市智能中枢属于数字底座"
    assert asker.ask("GB/T 34678-2017现在还有效吗？").intent == "standard_status"
    assert verdict(claims_of("成熟度等级分为五级", []), "共 5 个") is True


def test_numbers_are_read_in_any_spelling(asker):
    assert spell_numbers("到二〇二七年") == "到2027年"
    assert spell_numbers("2025.4.24 发布") == spell_numbers("2025年4月24日发布").replace("发布", " 发布") == "2025-04-24 发布"
    a = asker.ask("到二〇二七年要制修订多少项标准")
    assert a.answered and "30" in a.answer


def test_a_traditional_question_is_answered_in_traditional_characters(asker):
    a = asker.ask("三級對應哪類城市")
    assert a.answered and "提檔升級類" in a.answer


# --- which level a described feature belongs to ------------------------------------------------
@pytest.mark.parametrize("question, text, level", [
    ("城市生命线啥时候算完成智能化改造，对应哪一级", "完成城市生命线智能化改造", "四级（融合级）"),
    ("“免申即享”在政务服务里是第几级的样子", "免申即享", "五级（引领级）"),
])
def test_a_question_asking_at_which_level_gets_the_level_cell_with_the_level_named(asker, question, text, level):
    a = asker.ask(question)
    assert a.intent == "passage" and text in a.items[0]
    assert level in a.sources[0]["locator"]


def test_a_question_counting_levels_is_still_a_count(asker):
    a = asker.ask("成熟度模型有几个等级")
    assert a.intent == "count_class" and "5" in a.answer


def test_a_quoted_phrase_is_one_word_of_the_question(asker):
    from queries.ask.label_index import match_key
    assert "未诉先办" in asker.content_words(match_key("接诉即办做到“未诉先办”要到成熟度几级"))


def test_a_level_named_by_its_name_finds_the_cell_its_number_locates(asker):
    a = asker.ask("安全保障 三级（协同级）要求多少比例的业务数据实现分类分级管理")
    assert a.intent == "passage" and "50%及以上业务数据" in a.items[0]   # 比例 is read as a percentage
    assert "表8 安全保障 三级（协同级）" in a.sources[0]["locator"]


def test_a_rule_answer_missing_what_the_question_adds_to_the_thing_yields_to_the_passage_naming_both(asker):
    a = asker.ask("城市数据治理IT架构包含哪几个平台？")    # the IT architecture, not the node's sub-items
    assert a.intent == "passage" and "大数据采集平台" in a.answer
    assert asker.ask("三级是什么水平").intent == "level_overview"   # no passage names 三级 with 水平


def test_a_question_whether_something_may_be_done_is_told_from_one_about_a_capability():
    assert asks_leave("电子档案管理系统的网络能直接连互联网")
    assert asks_leave("在高山、荒漠地区做外业调查,可以一个人去")
    assert not asks_leave("城市智能中枢具备数据汇聚能力")      # 智能, 能力: no leave asked
    assert not asks_leave("平台应能支持视频接入")               # a requirement, not a leave
    assert forbids("支撑电子档案管理系统运行的网络应与互联网物理隔离")
    assert forbids("外业调查不得单人作业")
    assert not forbids("电子文件归档应通过归档接口在线完成")


def test_a_question_asked_as_a_not_a_is_answered_yes_or_no(asker):
    a = asker.ask("按技术参考模型，设施层算不算城市智能中枢的一部分？")
    assert a.answered and a.answer.startswith("否。"), a.answer


@pytest.mark.parametrize("question, word", [
    ("技术参考模型和成熟度模型是同一个标委会归口的吗？", "是。"),     # both SAC/TC 609
    ("技术参考模型和顶层设计指南是同一个标委会归口的吗？", "否。"),
])
def test_whether_several_documents_share_a_fact_is_decided_by_what_each_is_answered_with(asker, question, word):
    a = asker.ask(question)
    assert a.answered and a.answer.startswith(word), a.answer
    assert len({s["document"] for s in a.sources}) == 2


def test_a_date_question_is_answered_by_a_passage_only_with_the_date_of_that_event(asker):
    # the explanatory note's passage gives 2025年2月28日 (立项) and 2024年5月 (a policy 印发) but no date
    # the guide was issued on: refused, not answered with the nearby passage
    a = asker.ask("标准体系建设指南是哪天印发的？")
    assert not (a.answered and a.intent == "passage"), a.answer
    a = asker.ask("技术参考模型是哪天正式立项的？")
    assert a.answered and "2025年2月28日" in a.answer


def test_a_place_in_a_list_is_answered_with_the_list(asker):
    # 前三位, 第一条: the list the answer gives whole, first first; not words the graph must hold
    a = asker.ask("技术参考模型的起草人排前三位的是谁？")
    assert (a.answered, a.intent) == (True, "drafters") and a.items[0] == "王瑶瑶"
