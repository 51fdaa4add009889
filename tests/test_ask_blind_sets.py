"""The scorer of blind sets written by readers (queries/ask/blind_sets.py), and the tuning set
of questions as people phrase them (tests/ask_people_questions.tsv) scored with it."""
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from queries.ask import asker_for
from queries.ask.blind_sets import DocumentNames, judge, main, norm, read_questions, relevant_hit, score_questions
from queries.search import Search

PEOPLE = Path(__file__).resolve().parent / "ask_people_questions.tsv"
HEADER = "id\tdocument\tkind\tquestion\tanswerable\texpect\tsource\n"


@dataclass
class Said:
    answered: bool
    answer: str = ""
    items: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    intent: str = "x"
    reason: str = ""


@pytest.fixture(scope="module")
def names(engine):
    return DocumentNames(engine)


def test_texts_are_compared_folded_widths_dashes_spaces_and_script():
    assert norm("GB/T 34678—2017") == norm("ＧＢ／Ｔ34678-2017") == "gb/t34678-2017"
    assert norm("數據層 總體要求") == "数据层总体要求"


def test_a_set_reads_its_columns_and_names_a_malformed_line(tmp_path):
    good = tmp_path / "questions.tsv"
    good.write_text(HEADER + "q001\t成熟度模型；T/SZS 4042-2021\tcomparison\t区别？\tyes\t甲‖乙\t3.4\n"
                    "q002\t-\tunanswerable\t预算？\tno\t\t文件不谈预算\n", encoding="utf-8")
    q1, q2 = read_questions(good)
    assert q1.documents == ("成熟度模型", "T/SZS 4042-2021") and q1.expect == ("甲", "乙") and q1.answerable
    assert q2.documents == () and not q2.answerable
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + "q001\t-\tdefinition\t什么？\tmaybe\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.tsv 第 2 行：answerable 应为 yes 或 no"):
        read_questions(bad)


def test_documents_are_resolved_by_number_or_by_the_title_that_ends_with_the_short_name(names):
    model = "https://w3id.org/cdtkg/resource/std/plan-20250317-T-469"
    assert names.resolve("技术参考模型（征求意见稿）") == {model}   # not its 编制说明
    assert names.resolve("T/SZS 4042—2021") == {"https://w3id.org/cdtkg/resource/std/T-SZS-4042-2021"}
    assert len(names.resolve("编制说明")) == 1 and len(names.resolve("建设指南")) == 1


def test_an_answer_is_right_with_every_piece_and_its_source_and_a_refusal_is_right_when_asked_for(names):
    q = read_questions_from(HEADER + "q1\tT/SZS 4042-2021\tdefinition\t数据要素？\tyes\t新型社会生产要素\t3.5\n")[0]
    source = [{"document": "T/SZS 4042-2021", "locator": "3.5", "iri": ""}]
    assert judge(Said(True, "一种新型社会生产要素", sources=source), q, names) == (True, None)
    assert judge(Said(True, "一种新型社会生产要素"), q, names) == (True, "内容对，但没有注明出处 T/SZS 4042-2021")
    assert judge(Said(True, "别的"), q, names)[0] is False
    assert judge(Said(False, reason="不知道"), q, names)[1].startswith("没有回答")
    no = read_questions_from(HEADER + "q2\t-\tunanswerable\t预算？\tno\t\t\n")[0]
    assert judge(Said(False), no, names) == (True, None)
    assert judge(Said(True, "有"), no, names)[0] is False


def read_questions_from(text, tmp=[]):
    import tempfile
    path = Path(tempfile.mkdtemp()) / "q.tsv"
    path.write_text(text, encoding="utf-8")
    return read_questions(path)


def test_search_judgments_resolve_every_form_of_relevant_against_hits(names):
    search = Search.for_corpus()
    def first(query, spec):
        return any(relevant_hit(spec, h, names) for h in search.search(query, limit=5).hits)
    assert first("城市智能中枢", "术语 城市智能中枢")
    assert first("城市智能中枢", "框架节点 B.2")
    assert first("GB/T 34678", "标准 GB/T 34678-2017")
    assert first("数据层总体要求", "条款 技术参考模型（征求意见稿） 7.2.1")
    assert first("顶层设计指南", "文档 T/SZS 4042-2021")
    assert not first("城市智能中枢", "条款 成熟度模型 7.2.1")
    # a reader writes a clause number without the punctuation that ends its numerals
    assert first("术语定义", "条款 建设指南 三（一）1") and first("起草过程", "条款 编制说明 一、3")
    assert not first("术语定义", "条款 建设指南 三（一）2")


def test_the_script_scores_a_question_set_and_a_search_set(tmp_path, capsys):
    questions = tmp_path / "questions.tsv"
    questions.write_text(HEADER + "q1\t成熟度模型\tabbreviation\tCIM是什么的缩写\tyes\t城市信息模型\t第4章\n"
                         "q2\t-\tunanswerable\t深圳的成熟度是几级\tno\t\t不评定城市\n", encoding="utf-8")
    judged = tmp_path / "search.tsv"
    judged.write_text("id\tquery\trelevant\twhy\ns1\t城市大脑\t术语 城市智能中枢\t俗称\n", encoding="utf-8")
    assert main(["--questions", str(questions), "--search", str(judged), "--json"]) == 0
    import json
    out = json.loads(capsys.readouterr().out)
    assert out["ask"]["accuracy"] == 1.0 and out["ask"]["questions"] == 2
    assert out["search"]["success_at_5"] == 1.0


def test_a_malformed_set_is_bad_input_with_a_chinese_message(tmp_path, capsys):
    bad = tmp_path / "q.tsv"
    bad.write_text("id\tquestion\n", encoding="utf-8")
    assert main(["--questions", str(bad)]) == 2
    assert "表头缺少列" in capsys.readouterr().err


def test_the_tuning_set_of_questions_as_people_phrase_them_is_at_least_88_percent_right(engine, capsys):
    questions = read_questions(PEOPLE)
    assert len(questions) >= 80 and len({q.kind for q in questions}) >= 20
    report = score_questions(asker_for(engine), questions)
    with capsys.disabled():
        print("\n" + report.table())
        for f in report.failures:
            print(f"  ✗ {f['id']} {f['question']} → {f['why']}")
    assert report.accuracy >= 0.88
    unanswerable = report.per_kind["unanswerable"]
    assert unanswerable[0] == unanswerable[2]
