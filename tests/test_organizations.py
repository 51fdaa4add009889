"""One organization, however its name is printed: general rules first, then the curated alias table."""
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders import ids
from loaders.organizations import (
    ALIASES_FILE,
    aliases_for,
    canonical_organization,
    printed_form,
    read_aliases,
    split_alternative,
    split_organization_list,
)
from loaders.pdf_text import physical_lines, read_text, rejoin

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NDRC_KEY = "国家发展改革委创新驱动发展中心"


def drafting_units(file: str) -> list[str]:
    """The 本文件起草单位 list of a standard's foreword, or the 该标准由…单位负责起草 list of a note."""
    lines = rejoin(physical_lines(read_text(CORPUS / file)), lambda t: t.startswith(("本文件", "该标准")))
    for ln in lines:
        for lead, tail in (("本文件起草单位：", "。"), ("该标准由", "等单位负责起草。")):
            if ln.text.startswith(lead) and ln.text.endswith(tail) and "单位" in ln.text:
                return split_organization_list(ln.text[len(lead):-len(tail)])
    raise AssertionError(f"no drafting units in {file}")


# --- general rules ------------------------------------------------------------
def test_printed_form_folds_width_and_line_break_spaces():
    assert printed_form(" 赛西(深圳)电子信息产品 标准化工程中心有限公司 ") == "赛西（深圳）电子信息产品标准化工程中心有限公司"
    assert printed_form("Huawei  Technologies Co., Ltd.") == "Huawei Technologies Co., Ltd."


def test_a_standard_title_inside_a_name_keeps_its_space():
    key, forms = canonical_organization("国家标准《城市全域数字化转型 技术参考模型》编制工作组", {})
    assert forms == ["国家标准《城市全域数字化转型 技术参考模型》编制工作组"]
    assert key == "国家标准《城市全域数字化转型技术参考模型》编制工作组"


def test_a_trailing_second_name_is_split_off_but_a_place_in_parentheses_is_not():
    assert split_alternative("国家发展和改革委员会创新驱动发展中心（国家发展和改革委员会数字经济研究发展中心）") == (
        "国家发展和改革委员会创新驱动发展中心",
        "国家发展和改革委员会数字经济研究发展中心",
    )
    assert split_alternative("丰图科技（深圳）有限公司") == ("丰图科技（深圳）有限公司", None)
    assert split_alternative("腾讯云计算有限责任公司（北京）") == ("腾讯云计算有限责任公司（北京）", None)
    assert split_alternative("某某大学（筹）") == ("某某大学（筹）", None)


@pytest.mark.parametrize(
    "printed",
    [
        "国家发展和改革委员会创新驱动发展中心（国家发展和改革委员会数字经济研究发展中心）",
        "国家发展改革委创新驱动发展中心（国家发展改革委数字经济研究发展中心）",
        "国家发展和改革委员会创新驱动发展中心",
        "国家发改委创新驱动发展中心",
        "国家发展改革委员会创新驱动发展中心",
    ],
)
def test_spellings_of_the_ndrc_centre_are_one_organization_by_rule_alone(printed):
    assert canonical_organization(printed, {})[0] == NDRC_KEY


def test_forms_are_the_printed_name_then_its_two_names():
    key, forms = canonical_organization("国家发展改革委创新驱动发展中心（国家发展改革委数字经济研究发展中心）")
    assert key == NDRC_KEY
    assert forms == [
        "国家发展改革委创新驱动发展中心（国家发展改革委数字经济研究发展中心）",
        "国家发展改革委创新驱动发展中心",
        "国家发展改革委数字经济研究发展中心",
    ]


def test_a_list_splits_on_the_separator_outside_parentheses_only():
    assert split_organization_list("华为技术有限公司、赛西（深圳）电子信息产品标准化工程中心有限公司、甲中心（乙、丙中心）") == [
        "华为技术有限公司",
        "赛西（深圳）电子信息产品标准化工程中心有限公司",
        "甲中心（乙、丙中心）",
    ]


UNIT_NAMES_001 = drafting_units("gbt-technical-reference-model-draft.txt")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(UNIT_NAMES_001), st.integers(min_value=1, max_value=30), st.booleans())
def test_keys_ignore_a_line_break_space_and_the_width_of_parentheses(name, cut, half_width):
    cut = cut % len(name)
    variant = name[:cut] + " " + name[cut:]
    if half_width:
        variant = variant.replace("（", "(").replace("）", ")")
    assert canonical_organization(variant)[0] == canonical_organization(name)[0]


def test_keys_are_deterministic_and_distinct_across_the_units_of_001():
    keys = [canonical_organization(n)[0] for n in UNIT_NAMES_001]
    assert keys == [canonical_organization(n)[0] for n in UNIT_NAMES_001]
    assert len(UNIT_NAMES_001) == 46 and len(set(keys)) == 46


# --- the curated table ------------------------------------------------------------
def test_the_corpus_alias_table_reads_without_problems():
    table = aliases_for(CORPUS)
    assert table.problems == []
    assert table.mapping == {
        "中国联通智能城市研究院": "中国联合网络通信有限公司智能城市研究院",
        "国家发展改革委数字经济研究发展中心": NDRC_KEY,
    }


def test_the_table_joins_what_no_rule_sees():
    full = canonical_organization("中国联合网络通信有限公司智能城市研究院")
    short = canonical_organization("中国联通智能城市研究院")
    assert full[0] == short[0] == "中国联合网络通信有限公司智能城市研究院"
    assert short[1] == ["中国联通智能城市研究院"]
    assert canonical_organization("中国联通智能城市研究院", {})[0] == "中国联通智能城市研究院"
    assert canonical_organization("国家发展改革委数字经济研究发展中心")[0] == NDRC_KEY


def test_a_damaged_table_gives_problems_not_a_crash(tmp_path):
    (tmp_path / ALIASES_FILE).write_text(
        "alias,canonical,rationale\n"
        "甲公司,乙公司,\n"
        ",乙公司,空别名\n"
        "乙公司,甲公司,循环\n"
        "国家发改委某中心,国家发展改革委某中心,规则已能处理\n",
        encoding="utf-8",
    )
    table = read_aliases(tmp_path / ALIASES_FILE)
    messages = [(p.severity.value, p.line) for p in table.problems]
    assert messages == [("warning", 2), ("warning", 3), ("info", 5), ("error", None)]
    assert len(table.mapping) == 1  # one link of the loop is dropped, so lookups end
    assert canonical_organization("甲公司", table)[0] in {"甲公司", "乙公司"}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,target\n甲,乙\n", encoding="utf-8")
    assert [p.severity.value for p in read_aliases(bad).problems] == ["error"]


# --- across the corpus ----------------------------------------------------------
def test_the_ndrc_centre_is_one_organization_in_001_002_and_003():
    printed = {
        "001": next(n for n in drafting_units("gbt-technical-reference-model-draft.txt") if "创新驱动" in n),
        "002": "国家发展和改革委员会创新驱动发展中心",  # as 002 prints it in its work paragraphs
        "002-list": next(n for n in drafting_units("gbt-technical-reference-model-explanatory-note.txt") if "创新驱动" in n),
        "003": next(n for n in drafting_units("gbt-maturity-model-ctmm-draft.txt") if "创新驱动" in n),
    }
    assert printed["003"] == "国家发展改革委创新驱动发展中心（国家发展改革委数字经济研究发展中心）"
    assert printed["001"] == "国家发展和改革委员会创新驱动发展中心（国家发展和改革委员会数字经济研究发展中心）"
    assert "国家发展和改革委员会创新驱动发展中心" in read_text(CORPUS / "gbt-technical-reference-model-explanatory-note.txt")
    keys = {doc: canonical_organization(name)[0] for doc, name in printed.items()}
    assert set(keys.values()) == {NDRC_KEY}
    assert ids.organization_iri(keys["001"]) == ids.organization_iri(keys["003"])


def test_china_unicom_smart_city_institute_is_one_organization_in_001_003_and_004():
    names = [
        next(n for n in drafting_units(f) if "智能城市研究院" in n)
        for f in ("gbt-technical-reference-model-draft.txt", "gbt-maturity-model-ctmm-draft.txt",
                  "tszs-4042-2021-top-level-design-guide.txt")
    ]
    assert names[2] == "中国联通智能城市研究院"
    assert {canonical_organization(n)[0] for n in names} == {"中国联合网络通信有限公司智能城市研究院"}
