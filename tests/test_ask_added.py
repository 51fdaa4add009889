"""Questions about real standards added to the corpus as a user adds them (`cdtkg add --kind standard`,
no number, title or status given): a fact the document does not give is refused, naming the document,
never answered with another fact of it. The texts are third-party and not in the repository: the
tests skip when the text cache lacks them."""
from pathlib import Path

import pytest

from blind_rounds import corpus_with_added
from built import built_graph, built_index

ADDED = ("gbt-40949-2021", "gbt-45668-2025", "gbt-37149-2018", "gbt-39046-2020")
COUNTING = "GB/T 40949-2021《数字版权保护 可信计数技术规范》"
UNDERGROUND = "GB/T 45668-2025《地下空间信息系统建设技术要求》"


def _asker_with(tmp_path_factory, copy_corpus, files: list[Path], name: str):
    """Yield the Asker of a copy of the bundled corpus with `files` added (skips when one is absent)."""
    from queries.ask.pipeline import Asker

    missing = [f for f in files if not f.is_file()]
    if missing:
        pytest.skip(f"没有 {missing[0]}：第三方标准文本不随仓库分发（见 ../shared/realdocs/README.md 与文本缓存）")
    root = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CDTKG_HOME", str(root / "home"))
        corpus = corpus_with_added(root / "corpus", copy_corpus, files)
        built_index(corpus)
        yield Asker(built_graph(corpus))


@pytest.fixture(scope="module")
def asker(tmp_path_factory, copy_corpus):
    from app.gold_score import texts_dir

    yield from _asker_with(tmp_path_factory, copy_corpus, [texts_dir() / f"{name}.txt" for name in ADDED], "added")


@pytest.mark.parametrize("question, intent, says", [
    ("GB/T 40949—2021 的ICS分类号是多少？", "document_class", f"没有{COUNTING}的 ICS 或 CCS 分类号"),
    ("What is the CCS code of GB/T 40949-2021?", "document_class", f"没有{COUNTING}的 ICS 或 CCS 分类号"),
    ("数字版权保护可信计数技术规范是由哪个部门提出的？", "proposed_by", f"没有{COUNTING}的提出单位"),
    ("GB/T 45668—2025 代替了哪项旧标准？", "replaces", f"没有{UNDERGROUND}代替了哪项标准的记载"),
])
def test_a_fact_the_added_standard_does_not_give_is_refused_naming_it(asker, question, intent, says):
    a = asker.ask(question)
    assert (a.answered, a.intent) == (False, intent), a.answer
    assert says in a.reason


def test_who_proposed_it_and_who_is_responsible_are_answered_together(asker):
    a = asker.ask("地下空间信息系统建设技术要求的提出单位和归口单位")
    assert (a.answered, a.intent) == (True, "committee")
    assert "提出：中华人民共和国自然资源部" in a.answer and "SAC/TC 230" in a.answer


def test_a_question_naming_the_document_and_something_no_rule_gives_is_not_answered_with_its_cover(asker):
    a = asker.ask("GBT 40949 有哪几个附录，各讲什么？")
    assert a.intent != "standard_info" or not a.answered, a.answer


@pytest.mark.parametrize("question, intent, pieces", [
    # the second sentence names nothing: it is about what the first names
    ("数字版权保护 可信计数技术规范是哪几家单位起草的？归口在哪个标委会？", "drafting_units+committee",
     ["中国科学院自动化研究所", "咪咕文化科技有限公司", "SAC/TC 527"]),
    ("37149 里“组织机构”的定义引自哪里？怎么定义的？", "term_source+definition",
     ["GB/T 20091—2006", "依法成立的单位的通称"]),
])
def test_a_question_of_several_sentences_answers_each_about_what_the_first_names(asker, question, intent, pieces):
    a = asker.ask(question)
    assert (a.answered, a.intent) == (True, intent), a.reason
    for piece in pieces:
        assert piece in a.answer + "".join(a.items)


@pytest.fixture(scope="module")
def published(tmp_path_factory, copy_corpus):
    """The bundled corpus with two published standards added from their PDFs (../shared/realdocs)."""
    realdocs = Path(__file__).resolve().parents[1].parent / "shared" / "realdocs"
    yield from _asker_with(tmp_path_factory, copy_corpus,
                           [realdocs / f"{name}.pdf" for name in ("ttaf-083-2022", "gbt-18894-2016")], "published")


@pytest.mark.parametrize("question, piece", [
    ("T/TAF 083—2022 适用于无线充电吗？", "第1章"),          # its scope names wired charging only
    ("电子档案管理系统的网络能直接连互联网吗？", "物理隔离"),   # the provision keeps them apart
])
def test_a_yes_no_question_the_document_answers_no_is_answered_no(published, question, piece):
    a = published.ask(question)
    assert a.answered and a.answer.startswith("否。"), a.answer
    assert piece in a.answer + " ".join(f"{s['locator']}" for s in a.sources)


def test_the_standard_whose_terms_a_document_takes_over_is_named_from_its_terms_chapter(asker):
    a = asker.ask("GB/T 39046 用的术语和定义是哪个标准界定的？")
    assert (a.answered, a.intent) == (True, "terms_defined_by"), a.reason
    assert "GB/T 39047-2020" in a.answer and a.sources[0]["locator"] == "3"


def test_a_number_written_with_the_other_force_finds_the_added_standard(asker):
    a = asker.ask("GB 39046-2020 这个标准叫什么名字，英文名是什么？")
    assert a.answered and "Basic data specification of government service platform" in a.answer


@pytest.mark.parametrize("question, intent, pieces", [
    ("数字版权保护可信计数技术规范和地下空间信息系统建设技术要求，哪个先实施？", "document_dates",
     ["2022-06-01 实施", "2025-09-01 实施"]),   # each cover, as it prints them
    ("GB/T 37149和GB/T 39046 都引用了哪个统一社会信用代码编码标准？", "document_cites",
     ["GB 32100-2015 法人和其他组织统一社会信用代码编码规则"]),
])
def test_a_question_comparing_documents_answers_for_each(asker, question, intent, pieces):
    a = asker.ask(question)
    assert (a.answered, a.intent) == (True, intent), a.reason
    assert len({s["document"] for s in a.sources}) == 2
    for piece in pieces:
        assert piece in a.answer + "".join(a.items)


def test_when_a_standard_came_out_is_its_issue_date_when_it_prints_no_other(asker):
    a = asker.ask("GB/T 39046-2020是什么时候出的")
    assert (a.answered, a.intent) == (True, "document_date"), a.reason
    assert "2020年7月21日（发布日期）" in a.answer


@pytest.fixture(scope="module")
def interfaces(tmp_path_factory, copy_corpus):
    """The bundled corpus with two financial and one rail-transit standard added from the text cache."""
    from app.gold_score import texts_dir

    names = ("jrt-0294.1-2024", "jrt-0294.3-2024", "t-camet-04011.4-2018")
    yield from _asker_with(tmp_path_factory, copy_corpus, [texts_dir() / f"{n}.txt" for n in names], "interfaces")


@pytest.mark.parametrize("question, intent, pieces", [
    # 3.6 协调世界时 universal time coordinated; UTC: the abbreviation and the English term of the entry name it
    ("JR/T 0294.3 里 UTC 指什么？", "definition", ["协调世界时（universal time coordinated）", "JR/T 0294.3-2024"]),
    ("JR/T 0294.1 里 UTI 的定义引自哪个文件哪一条？", "term_source", ["JR/T 0294.2—2024，3.1"]),   # where its definition comes from
])
def test_a_term_is_found_by_the_abbreviation_and_english_term_its_entry_gives(interfaces, question, intent, pieces):
    a = interfaces.ask(question)
    assert (a.answered, a.intent) == (True, intent), a.reason
    for piece in pieces:
        assert piece in a.answer


def test_a_question_naming_a_standard_by_its_undated_number_is_answered_from_that_standard(interfaces):
    # 附录 A is in many standards: the annex of the one named, its title and its sections
    a = interfaces.ask("T/CAMET 04011.4 的附录A讲什么")
    assert (a.answered, a.intent) == (True, "clause_text"), a.reason
    assert all(s["locator"].startswith("A") and s["document"].startswith("T/CAMET 04011.4-2018") for s in a.sources)
    assert "列车控制权切换正常流程示例" in a.items[0]


@pytest.mark.parametrize("question, pieces", [
    ("T/CAMET 04011.4 是按GB/T 1.1—2020起草的吗？", ["否。", "GB/T 1.1—2009"]),   # its foreword: GB/T 1.1—2009
    ("JR/T 0294.1 和 T/CAMET 04011.4 分别是按哪一版 GB/T 1.1 起草的？", ["GB/T 1.1—2020", "GB/T 1.1—2009"]),
])
def test_the_edition_of_gbt_1_1_a_standard_was_drafted_to_is_its_forewords(interfaces, question, pieces):
    a = interfaces.ask(question)
    assert a.answered and a.intent.endswith("drafting_rules"), a.reason
    assert all(s["locator"] == "前言" for s in a.sources)
    for piece in pieces:
        assert piece in a.answer


@pytest.mark.parametrize("question, pieces", [
    # 表25: the allowed values sit in the 允许值 row of a two-column table
    ("支付频率周期的允许值有几种？", ["允许值 ｜ 支付频率周期允许值分为", "ADHO", "6种"]),
    # 表51 lists eight values: the row of the one asked about is shown, under the table's head
    ("抵押類別FLCL是什麼意思？", ["FLCL ｜ 完全抵押", "值 ｜ 名稱 ｜ 定義"]),
])
def test_a_cell_of_a_table_is_answered_with_its_row_not_with_the_tables_markup(interfaces, question, pieces):
    a = interfaces.ask(question)
    assert (a.answered, a.intent) == (True, "passage"), a.reason
    assert "<t" not in a.answer and "style=" not in a.answer
    for piece in pieces:
        assert piece in a.answer


def test_what_two_standards_share_is_said_first_then_each_standards_own(interfaces):
    a = interfaces.ask("JR/T 0294.1和JR/T 0294.3共同的起草单位有哪些")
    assert a.answered and a.answer.startswith("共同的有"), a.reason
    assert "中国人民银行科技司" in a.answer.split("各自：")[0]
    assert {s["document"][:16] for s in a.sources} == {"JR/T 0294.1-2024", "JR/T 0294.3-2024"}
    # the undated number names the edition in the corpus, not the 2023 edition another standard cites
    assert "JR/T 0294.1-2023" not in a.answer


def test_the_members_of_a_drafting_group_are_asked_as_its_drafters(interfaces):
    # 主要起草人：编写组：耿鹏、…。审查组：… (t-camet-04011.4-2018 l.45): the drafters, whatever the reader makes of them
    a = interfaces.ask("T/CAMET 04011.4—2018（ZC间接口）编写组成员")
    assert a.intent == "drafters", a.answer or a.reason


def test_a_question_over_the_documents_it_lists_is_answered_for_each(interfaces):
    a = interfaces.ask("JR/T 0294.1、JR/T 0294.3和T/CAMET 04011.4这几份里，哪些是按GB/T 1.1—2020起草的？")
    assert a.answered and a.intent == "drafting_rules", a.reason
    assert len({s["document"] for s in a.sources}) == 3
    assert "GB/T 1.1—2020" in a.answer and "GB/T 1.1—2009" in a.answer


@pytest.fixture(scope="module")
def data_model_part(tmp_path_factory, copy_corpus):
    """The bundled corpus with part 5 of the series JR/T 0176 added from the text cache (its other parts are only cited)."""
    from app.gold_score import texts_dir

    yield from _asker_with(tmp_path_factory, copy_corpus, [texts_dir() / "jrt-0176.5-2024.txt"], "data-model-part")


@pytest.mark.parametrize("question, intent", [("证券期货业数据模型第5部分是由哪个机构提出、哪个机构归口的？", "committee"),
                                              ("JR/T 0176 的第五部分有哪些起草单位", "drafting_units")])
def test_a_part_named_after_its_series_is_that_part(data_model_part, question, intent):
    # the series JR/T 0176 is a node of its own (cited by part 5); 第5部分 of it is JR/T 0176.5-2024
    a = data_model_part.ask(question)
    assert (a.answered, a.intent) == (True, intent), a.reason
    assert a.answer.startswith("JR/T 0176.5-2024《证券期货业数据模型 第 5 部分：期货公司逻辑模型》")


@pytest.fixture(scope="module")
def metadata(tmp_path_factory, copy_corpus):
    """The bundled corpus with GB/T 22373—2021 added, a standard whose own text cites its number undated."""
    from app.gold_score import texts_dir

    yield from _asker_with(tmp_path_factory, copy_corpus, [texts_dir() / "gbt-22373-2021.txt"], "metadata")


def test_an_undated_number_names_the_edition_the_corpus_holds_before_the_bare_number(metadata):
    a = metadata.ask("GB/T 22373 的参考文献有哪些？")
    assert a.answered and a.intent == "bibliography", a.answer
    assert "GB/T 22373-2021《标准文献元数据》" in a.answer and "GB/T 30522-2014" in a.answer
