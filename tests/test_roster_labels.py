"""The roster labels: one grammar of `本文件起草单位：…`, read by three readers under their own colon policy."""
import pytest

from loaders.roster_labels import DRAFTERS, DRAFTING_UNITS, SELF_NAME, roster_label


def names(pattern, line):
    m = pattern.match(line)
    return None if m is None else m.group("names")


@pytest.mark.parametrize("line, expected", [
    ("本文件起草单位：甲研究院、乙大学。", "甲研究院、乙大学。"),
    ("本标准主要起草单位为甲研究院", "甲研究院"),         # the document named: copula, no colon
    ("本文件起草单位甲研究院", "甲研究院"),
    ("参与起草单位：丙公司", "丙公司"),                  # a bare label with its colon
    ("起草单位甲研究院", None),                          # a bare label without one is no list
    ("起草单位的确定经过了讨论。", None),
])
def test_a_foreword_needs_the_colon_only_where_the_label_does_not_name_the_document(line, expected):
    assert names(roster_label(DRAFTING_UNITS, colon="unless named"), line) == expected


def test_the_qualifier_tells_parts_of_one_list_apart():
    people = roster_label(DRAFTERS, colon="unless named")
    assert people.match("本文件主要起草人：甲、乙").group("qualifier") == "主要"
    assert people.match("参加起草人员：丙").group("qualifier") == "参加"
    assert people.match("本文件起草人：甲").group("qualifier") is None


@pytest.mark.parametrize("line, expected", [
    ("本标准起草单位：甲研究院。", "甲研究院。"),
    ("起草单位：甲研究院", "甲研究院"),
    ("本标准起草单位在编制过程中多次调研", None),        # prose that begins with the words
])
def test_an_explanatory_note_always_needs_the_colon(line, expected):
    assert names(roster_label(DRAFTING_UNITS, colon="required"), line) == expected


def test_a_heading_over_a_list_needs_the_colon_or_the_line_end():
    people = roster_label("主编|主要编写人员", colon="or end", self_name=r"本?规程?", qualifier="", numbered=True)
    assert names(people, "（二）主编") == ""
    assert names(people, "本规程主要编写人员：甲、乙") == "甲、乙"
    assert people.match("主编部门：住房和城乡建设部") is None   # a department, no 主编


def test_a_list_label_may_be_numbered_only_where_the_reader_says():
    assert roster_label(DRAFTING_UNITS, colon="optional", numbered=True).match("（一）起草单位甲")
    assert not roster_label(DRAFTING_UNITS, colon="optional").match("（一）起草单位甲")


def test_self_name_covers_the_names_a_document_gives_itself():
    import re
    for word in ("本文件", "本标准", "本部分", "本规范", "本技术规范"):
        assert re.fullmatch(SELF_NAME, word), word
    assert not re.fullmatch(SELF_NAME, "该标准")


def test_the_lead_unit_has_its_own_label_beside_the_participating_units():
    # GB/T 19056—2012: `本标准负责起草单位：甲。` then `本标准参加起草单位：乙、丙。`
    units = roster_label(DRAFTING_UNITS, colon="unless named")
    assert units.match("本标准负责起草单位：公安部交通管理科学研究所。").group("qualifier") == "负责"
    assert units.match("本标准参加起草单位：乙、丙。").group("qualifier") == "参加"
