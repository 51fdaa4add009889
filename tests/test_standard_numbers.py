"""Standard numbers: every spelling is one normalized number."""
import pytest

from loaders.standard_numbers import base_number, find_numbers, find_plan_numbers, normalize


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("GB/T 34678—2017", "GB/T 34678-2017"),
        ("GB/T 34678–2017", "GB/T 34678-2017"),
        ("GB／T 34678 - 2017", "GB/T 34678-2017"),
        ("GB/T34678-2017", "GB/T 34678-2017"),
        ("gb/t 28181－2022", "GB/T 28181-2022"),
        ("gbt 28181", "GB/T 28181"),
        ("GB 45438-2025", "GB 45438-2025"),
        ("ISO/IEC 30145-1:2021", "ISO/IEC 30145-1:2021"),
        ("T/SZS 4042-2021", "T/SZS 4042-2021"),
        ("T/AIITRE 10001—2020", "T/AIITRE 10001-2020"),
        ("GB/T 34680.6-2025", "GB/T 34680.6-2025"),
        ("GB/T 37043—xxxx", "GB/T 37043"),
        ("GB/T XXXXX", "GB/T XXXXX"),
    ],
)
def test_every_spelling_normalizes_to_one_form(raw, expected):
    assert normalize(raw) == expected


def test_base_number_drops_the_year():
    assert base_number("GB/T 22239-2019") == "GB/T 22239"
    assert base_number("ISO/IEC 30145-1:2021") == "ISO/IEC 30145-1"
    assert base_number("GB/T 41782") == "GB/T 41782"


def test_numbers_are_found_in_running_text_with_their_spans():
    text = "应符合 GB/T 28181-2022 中 4.1.4 相关要求，符合 GB/T 41782 系列互操作性标准"
    found = find_numbers(text)
    assert [f.number for f in found] == ["GB/T 28181-2022", "GB/T 41782"]
    assert text[found[0].start:found[0].end] == "GB/T 28181-2022"


def test_plan_numbers_are_found():
    assert find_plan_numbers("[来源：20255407-T-907，3.6.6]") == ["20255407-T-907"]


def test_a_one_digit_number_is_a_standard_only_with_a_part_number():
    assert [f.number for f in find_numbers("按照GB/T 1.1—2020的规定起草")] == ["GB/T 1.1-2020"]
    assert find_numbers("见 GB 5 号文") == []


def test_every_spelling_is_one_node():
    from loaders.ids import standard_iri

    spellings = ["GB/T 34678-2017", "GB/T 34678—2017", "GB/T 34678–2017", "GB/T 34678－2017", "gb/t34678-2017"]
    assert len({standard_iri(s) for s in spellings}) == 1
