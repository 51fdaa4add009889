"""Query normalization and Chinese segmentation for search (queries/normalize.py, queries/segmenter.py)."""
import subprocess
import sys

import pytest

from queries.normalize import (MAX_QUERY_CHARS, code_key, compact, fold, normalize_query, number_keys, same_text_key,
                               to_simplified)
from queries.segmenter import dictionary_words, segmenter, stem


# --- normalization -------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["GB/T28181", "gbt 28181", "GB/T 28181", "ＧＢ／Ｔ　２８１８１", "GB /T 28181"])
def test_an_undated_standard_number_is_recognised_in_any_spelling(typed):
    q = normalize_query(typed)
    assert q.numbers == ["GB/T 28181"]
    assert q.text == ""


@pytest.mark.parametrize("typed", ["GB/T 28181—2022", "GB/T 28181-2022", "gb/t28181－2022", "GB /T 28181 — 2022"])
def test_a_dated_standard_number_is_recognised_in_any_spelling(typed):
    assert normalize_query(typed).numbers == ["GB/T 28181-2022"]


def test_numbers_are_taken_out_of_the_text_and_the_rest_is_kept():
    q = normalize_query("T/SZS 4042-2021 顶层设计")
    assert (q.numbers, q.text) == (["T/SZS 4042-2021"], "顶层设计")


def test_a_plan_number_is_recognised():
    q = normalize_query("20250317-T-469")
    assert (q.plan_numbers, q.text, q.numbers) == (["20250317-T-469"], "", [])


def test_bare_digits_stay_in_the_text_and_are_also_a_number_body():
    q = normalize_query("35273")
    assert (q.bare_numbers, q.text) == (["35273"], "35273")


def test_a_placeholder_number_names_no_standard():
    assert normalize_query("GB/T XXXXX—XXXX").numbers == []


def test_traditional_characters_become_simplified():
    assert normalize_query("數字孿生").text == "数字孪生"
    assert to_simplified("城市智能中樞") == "城市智能中枢"
    assert to_simplified("GB/T 28181") == "GB/T 28181"


def test_text_already_simplified_is_returned_as_opencc_would_return_it():
    """to_simplified skips opencc for a text holding no character its dictionaries change: every
    line of the bundled documents, and those lines in traditional characters, convert as opencc does."""
    from pathlib import Path

    from queries.normalize import _t2s, to_traditional

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    lines = [ln for p in sorted(corpus.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()[:300]]
    lines += [to_traditional(ln) for ln in lines[::7]]
    assert any(to_simplified(ln) != ln for ln in lines)
    assert [to_simplified(ln) for ln in lines] == [_t2s().convert(ln) for ln in lines]


def test_a_phrase_entry_marks_only_the_characters_it_changes():
    """一目瞭然 → 一目了然 changes 瞭 alone: a simplified text holding 一 or 目 is its own simplified form and skips
    opencc; the phrase itself, and one whose first form has another length (龍鍾), still convert as opencc does."""
    from queries.normalize import _convertible, _t2s

    assert "瞭" in _convertible() and not {"一", "目", "不", "中", "有"} & _convertible()
    for text in ("一目瞭然", "不瞭解情況", "老態龍鍾", "情有獨鍾", "一目了然，不了解", "乾淨的數據"):
        assert to_simplified(text) == _t2s().convert(text)


def test_full_width_case_and_spaces_between_chinese_characters_are_folded():
    assert normalize_query("Ｄｉｇｉｔａｌ　Ｔｗｉｎ").text == "digital twin"
    assert normalize_query("可 信 数据 空间").text == "可信数据空间"
    assert fold("城市 智能中枢 5G 网络") == "城市智能中枢 5G 网络"


def test_control_characters_and_bare_punctuation_leave_nothing_to_search():
    assert normalize_query("\x00\x07\x1b[31m").empty is False   # `31m` is still a word
    assert normalize_query('"((  ）') .empty
    assert normalize_query("").empty
    assert normalize_query("\u200b\ufeff").empty


def test_a_long_query_is_cut_and_says_so():
    q = normalize_query("数" * 10_000)
    assert q.truncated and len(q.text) == MAX_QUERY_CHARS


def test_compact_and_code_keys():
    assert compact("Digital Twin") == "digitaltwin"
    assert compact("城市全域数字化转型 技术参考模型") == "城市全域数字化转型技术参考模型"
    assert code_key("7.3.1 d)") == "7.3.1d)"
    assert code_key("表 5") == "表5"


def test_number_keys_cover_the_edition_the_base_number_and_the_series():
    assert number_keys("GB/T 28181-2022") == ["gb/t28181-2022", "gb/t28181", "#28181"]
    assert number_keys("GB/T 34680.1") == ["gb/t34680.1", "#34680.1", "#34680"]
    assert number_keys("ISO/IEC 30145-1:2021") == ["iso/iec30145-1:2021", "iso/iec30145-1", "#30145-1", "#30145"]
    assert number_keys("GB/T XXXXX") == []


# --- segmentation --------------------------------------------------------------------
WORDS = dictionary_words(["城市智能中枢", "数据流通利用设施", "城市全域数字化转型 技术参考模型", "BTE三维模型",
                          "技术赋能、提升业务效率"])


def test_the_user_dictionary_is_made_of_the_chinese_pieces_of_labels():
    assert WORDS == ["bte三维模型", "城市全域数字化转型", "城市智能中枢", "技术参考模型", "技术赋能",
                     "提升业务效率", "数据流通利用设施"]


def test_label_words_stay_whole_and_their_parts_follow_in_search_mode():
    seg = segmenter(WORDS)
    assert seg.tokens("应建设城市智能中枢") == ["应", "建设", "城市智能中枢", "城市", "智能", "中枢"]
    assert seg.tokens("大数据流通利用设施")[:2] == ["大", "数据流通利用设施"]


def test_an_unknown_word_is_indexed_as_characters_and_character_pairs():
    seg = segmenter(WORDS)
    assert seg.tokens("“一表通”系统") == ["一", "表", "通", "一表", "表通", "系统"]


def test_the_characters_of_a_label_word_no_dictionary_word_covers_are_indexed_as_pairs():
    seg = segmenter(["产城融合发展"])
    assert seg.tokens("产城融合发展") == ["产城融合发展", "融合", "合发", "发展", "产城"]
    # so a query of its first characters and another word finds it
    assert seg.query_words("产城融合", known=lambda t: True) == [["产城"], ["融合"]]


def test_english_words_are_lower_case_and_stemmed():
    assert segmenter(WORDS).tokens("Digital Twins") == ["digit", "twin"]
    assert stem("twins") == "twin" and stem("数据") == "数据"


def test_a_query_looks_up_a_known_word_whole_and_an_unknown_one_by_its_parts():
    seg = segmenter(WORDS)
    assert seg.query_words("城市智能中枢", known=lambda t: True) == [["城市智能中枢"]]
    assert seg.query_words("城市智能中枢", known=lambda t: False) == [["城市", "智能", "中枢"]]
    assert seg.query_words("一表通", known=lambda t: True) == [["一表", "表通"]]
    assert seg.query_words("7.2.9 的", known=lambda t: True) == []


def test_importing_search_loads_neither_jieba_nor_its_idf_table():
    code = ("import sys, queries.search, queries.search_index, queries.segmenter, app.cli; "
            "print('jieba' in sys.modules, 'jieba.analyse' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_user_words_change_the_segmentation_only_of_text_that_holds_them():
    text = "推动公共数据有序开放、融合利用、资产运营，建立数据质量评估机制"
    assert segmenter(WORDS).tokens(text) == segmenter([]).tokens(text)


def test_two_hits_show_the_same_text_when_their_bodies_agree_but_a_short_body_needs_the_label_too():
    long_body = "a) 城市智能中枢应汇聚城市运行数据并提供统一的数据服务能力"
    assert same_text_key("甲", long_body) == same_text_key("乙", "城市智能中枢应汇聚城市運行数据并提供统一的数据服务能力")
    assert same_text_key("全国数据标准化技术委员会", "技术文件") != same_text_key("另一委员会", "技术文件")
