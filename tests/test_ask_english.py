"""English questions read in Chinese through the graph's own English names and english.tsv (queries/ask/english.py)."""
import pytest

from queries.ask.english import EnglishReader, read_glossary
from queries.ask.label_index import match_key


def _reading(asker, question):
    return asker._english().read(match_key(question), question)


def test_a_question_is_read_through_the_names_the_graph_gives_in_english(asker):
    r = _reading(asker, "Which technical committee proposed the city-wide digital transformation maturity model standard?")
    assert "城市全域数字化转型成熟度模型" in r.text      # the expansion of CTMM, as the standard prints it
    assert "技术委员会" in r.text and "提出" in r.text and r.share > 0.9


def test_pieces_stay_apart_unless_together_they_are_one_name(asker):
    r = _reading(asker, "Which mainstream AI frameworks must the city AI platform support in the technical reference model?")
    # 应 and 城市 are two pieces, not the place 应城市
    assert "，应，" in r.text
    r = _reading(asker, "Which operating models for city digital transformation does the top-level design guide list?")
    assert "城市数字化转型顶层设计指南" in r.text                 # a title read as one name


def test_unknown_words_are_left_out_and_names_numbers_and_capitals_kept(asker):
    r = _reading(asker, "Which international standard series did Chinese experts get started in ISO/IEC JTC 1 in 2015?")
    assert "jtc" in r.text and "2015" in r.text and "series" not in r.text


def test_a_question_of_words_nobody_knows_has_no_reading():
    reader = EnglishReader([("digital twin", "数字孪生")], [], set())
    assert reader.read("what is the weather tomorrow") is None
    assert reader.read("什么是数字孪生") is None                   # Chinese is not read again


@pytest.mark.parametrize("question, expect, locator", [
    ("Which technical committee proposed the city-wide digital transformation maturity model standard?",
     "SAC/TC 609", "前言"),
    ("What planning period does T/SZS 4042-2021 suggest for a city's digital transformation top-level design?",
     "3年～5年", "4.2"),
    ("Which mainstream AI frameworks must the city AI platform support in the technical reference model?",
     "MindSpore", "7.3.2.1 d)"),
    ("When was the explanatory note of the technical reference model signed off by the drafting group?",
     "2026年2月3日", "落款"),
])
def test_english_questions_are_answered_from_the_chinese_documents(asker, question, expect, locator):
    a = asker.ask(question)
    assert a.answered and expect in a.answer
    assert locator in [s["locator"] for s in a.sources]


def test_an_english_answer_also_says_it_as_the_documents_do(asker):
    a = asker.ask("How many capability items does the CTMM maturity model define?")
    english, chinese = a.answer.split("\n")
    assert "39 capability items" in english
    assert "39 个能力项" in chinese


def test_a_malformed_line_of_the_word_list_is_named(tmp_path):
    bad = tmp_path / "english.tsv"
    bad.write_text("english\tchinese\nhow many\t多少\nwhich\n", encoding="utf-8")
    with pytest.raises(ValueError, match="第 3 行"):
        read_glossary(bad)


def test_an_english_question_with_a_chinese_word_in_it_is_read_too(asker):
    a = asker.ask("For the network-facilities item at Level 3 (协同级), what broadband access does the "
                  "maturity model expect for households and parks?")
    assert a.intent == "level_feature" and "千兆到户" in a.answer and "万兆到园区" in a.answer
