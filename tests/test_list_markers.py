"""The list markers of GB/T 1.1 and of guideline outlines, as one grammar."""
import re

import pytest

from loaders.list_markers import DASH_ITEM, LIST_ITEM_LEVELS, OUTLINE_MARKERS


@pytest.mark.parametrize("line, level, number", [
    ("a) 数据采集；", 1, "a"), ("b）数据共享；", 1, "b"),
    ("1) 接口要求", 2, "1"), ("12）安全要求", 2, "12"),
    ("① 目录编制", 3, "①"),
])
def test_a_list_item_marker_gives_its_level_and_number_with_either_bracket(line, level, number):
    found = [lv for lv, marker in LIST_ITEM_LEVELS.items() if re.match(marker, line)]
    assert found == [level]
    assert re.match(LIST_ITEM_LEVELS[level], line).group(1) == number


@pytest.mark.parametrize("line, rank, number", [
    ("一、总体要求", 1, "一"), ("（二）数据资源", 2, "二"), ("(三) 平台", 2, "三"),
    ("3.术语定义", 3, "3"), ("（1）目录", 4, "1"), ("2）接口", 5, "2"), ("④城市数据资源目录标准", 6, "④"),
])
def test_an_outline_heading_is_ranked_by_the_style_of_its_marker(line, rank, number):
    ranks = [r for r, marker in enumerate(OUTLINE_MARKERS, start=1) if re.match(marker, line)]
    assert ranks[0] == rank
    assert re.match(OUTLINE_MARKERS[rank - 1], line).group(1) == number


def test_a_decimal_number_is_not_a_dotted_marker_and_a_dash_opens_an_unordered_item():
    assert not re.match(OUTLINE_MARKERS[2], "3.1 总则")
    assert re.match(DASH_ITEM, "——生成签名；")
    assert not re.match(LIST_ITEM_LEVELS[1], "ab) 不是标记")
