"""Standard numbers: every spelling is one normalized number."""
import pytest

from loaders.standard_numbers import base_number, find_numbers, find_plan_numbers, normalize, other_force


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



@pytest.mark.parametrize(
    "raw, expected, kind",
    [
        ("DA/T 92—2022", "DA/T 92-2022", "industry"),
        ("CJ/T407——2012", "CJ/T 407-2012", "industry"),         # OCR: no space, doubled dash
        ("GB/T 18894-—2016", "GB/T 18894-2016", "national"),    # a dash mixed with a hyphen
        ("GB.T 19714-XXXX", "GB/T 19714", "national"),          # OCR read the slash as a dot
        ("HJ 7—2022", "HJ 7-2022", "industry"),                 # a one-digit number with its year
        ("HJ/T 7—94", "HJ/T 7-1994", "industry"),               # a two-digit year
        ("JGJ 16-2008", "JGJ 16-2008", "industry"),
        ("DB11/T 1234—2020", "DB11/T 1234-2020", "local"),
        ("DB 44/765-2019", "DB44/765-2019", "local"),
        ("DBJ43/T 123-2020", "DBJ43/T 123-2020", "local"),      # local engineering-construction standards
        ("DG/TJ 08-2100-2020", "DG/TJ 08-2100-2020", "local"),  # a series and a four-digit serial
        ("DBJ/T 15-101—2014", "DBJ/T 15-101-2014", "local"),
        ("DBJ15-31-2016", "DBJ 15-31-2016", "local"),
        ("DBJ50/T-249—2016", "DBJ50/T 249-2016", "local"),       # a hyphen after the prefix (Chongqing)
        ("DGJ32/TJ 112-2010", "DGJ32/TJ 112-2010", "local"),
        ("T/CAICT 12-2023", "T/CAICT 12-2023", "group"),
        ("Q/CUP 054.2—2013", "Q/CUP 054.2-2013", "enterprise"),
        ("JJF(通信)018—2021", "JJF(通信) 018-2021", "metrology"),
        ("JJF（通信）018—2015", "JJF(通信) 018-2015", "metrology"),
        ("JJG 1033-2007", "JJG 1033-2007", "metrology"),
        ("ISO 13008-2012", "ISO 13008:2012", "international"),
        ("ISO/IEC TR 20547-3:2020", "ISO/IEC TR 20547-3:2020", "international"),
        ("ITU-T X.509", "ITU-T X.509", "international"),
        ("IEEE Std 1588-2008", "IEEE 1588-2008", "international"),
        ("IETF RFC 7540", "RFC 7540", "international"),
        ("EN 50128:2011", "EN 50128:2011", "international"),
    ],
)
def test_every_kind_of_number_in_one_grammar(raw, expected, kind):
    from loaders.standard_numbers import kind_of

    assert normalize(raw) == expected
    assert kind_of(expected) == kind


def test_a_one_digit_number_after_a_slashed_prefix_is_a_standard_without_its_year():
    # HJ 9—2022 cites the archives classification `HJ/T 7` undated; `/T` says it is a standard
    assert [f.number for f in find_numbers("依据 HJ/T 7 有关规定著录。")] == ["HJ/T 7"]
    assert find_numbers("HJ 7 个") == [] and find_numbers("GB/T 7.5 倍") != ["GB/T 7"]


def test_an_industry_prefix_whose_slash_ocr_lost_is_still_read():
    assert [f.number for f in find_numbers("[2] CHT 1007—2001 基础地理信息数字产品元数据")] == ["CH/T 1007-2001"]
    assert find_numbers("CHT") == [] and find_numbers("the DAT file") == []


def test_a_number_broken_over_two_lines_is_one_number():
    assert [f.number for f in find_numbers("应符合 GB/T\n7408—2005 数据元")] == ["GB/T 7408-2005"]


def test_a_bare_industry_code_needs_a_year_three_digits_or_a_title():
    assert [f.number for f in find_numbers("HJ 57 固定污染源废气")] == ["HJ 57"]
    assert [f.number for f in find_numbers("HJ 700")] == ["HJ 700"]
    assert find_numbers("共有 SC 20 个") == [] and find_numbers("ERP 2020") == [] and find_numbers("USB 3.0") == []


def test_document_numbers_that_are_not_standards_are_kept_with_their_kind():
    from loaders.standard_numbers import find_document_numbers

    found = find_document_numbers("运基信号[2010]267号、国办发〔2020〕12号和《环境监测管理办法》（原国家环境保护总局令 第 39 号）")
    assert [(f.number, f.kind) for f in found] == [
        ("运基信号〔2010〕267号", "policy-document"), ("国办发〔2020〕12号", "policy-document"),
        ("原国家环境保护总局令第39号", "policy-document")]


def test_engineering_construction_codes_and_highway_letter_series_are_standard_numbers():
    text = "应符合《水运工程质量检验标准》（JTS 257）、(JTG D60)、(JTGD60)、CJJ/T 315-2022 和 JTJ/T272-99 的规定"
    assert [f.number for f in find_numbers(text)] == ["JTS 257", "JTG D60", "JTG D60", "CJJ/T 315-2022", "JTJ/T 272-1999"]
    assert [f.number for f in find_numbers("JTG/T F50-2011 与 JTG 3362-2018")] == ["JTG/T F50-2011", "JTG 3362-2018"]
    assert find_numbers("按 JTG 的规定") == [] and find_numbers("D60 型") == []


def test_a_document_number_whose_brackets_ocr_printed_as_math_markup():
    from loaders.standard_numbers import find_document_numbers

    found = find_document_numbers("信息惠民试点实施方案(国办发 $$ 2016 $$ 23号)")
    assert [(f.number, f.kind) for f in found] == [("国办发〔2016〕23号", "policy-document")]


def test_a_bare_industry_number_counts_in_the_body_when_the_references_list_it():
    # `JGJ 64` alone is too short to be told from `共有 SC 20 个`; a document that lists it cites it
    assert find_numbers("厨房净高应符合 JGJ 64 的有关要求。") == []
    assert [f.number for f in find_numbers("厨房净高应符合 JGJ 64 的有关要求。", {"JGJ 64"})] == ["JGJ 64"]
    assert find_numbers("共有 SC 20 个", {"JGJ 64"}) == []


def test_a_four_digit_serial_after_a_series_needs_the_year_after_it():
    # `DG/TJ 08-2100-2020` is series 08, serial 2100, year 2020; `GB/T 22239-2019` stays a dated number
    assert [f.number for f in find_numbers("按 DG/TJ 08-2100-2020 及 GB/T 22239-2019 执行")] == \
        ["DG/TJ 08-2100-2020", "GB/T 22239-2019"]


def test_a_series_number_without_its_year_keeps_its_serial():
    from loaders.standard_numbers import year_of

    assert base_number("DG/TJ 08-2100-2020") == "DG/TJ 08-2100" and year_of("DG/TJ 08-2100-2020") == 2020
    assert base_number("DG/TJ 08-2100") == "DG/TJ 08-2100" and year_of("DG/TJ 08-2100") is None


@pytest.mark.parametrize("number, other", [
    ("GB 39046-2020", "GB/T 39046-2020"),
    ("GB/T 39046-2020", "GB 39046-2020"),
    ("DA/T 92-2022", "DA 92-2022"),
    ("DB11/T 1982-2022", "DB11 1982-2022"),
    ("T/CAICT 12-2023", None),        # a group standard's T/ is no recommended mark
    ("GB/Z 42131-2022", None),
    ("DG/TJ 08-2100-2020", None),
])
def test_the_other_force_of_a_number_reads_its_recommended_mark_the_other_way(number, other):
    assert other_force(number) == other


def test_a_part_of_four_digits_and_an_etsi_serial_in_two_groups_are_one_number():
    # DL/T 860.7420 adopts IEC 61850-7-420; ETSI prints `EN 303 645` (its version `V2.1.1` is no part of it)
    assert [f.number for f in find_numbers("DL/T 860.7420—2008 电力企业自动化通信网络和系统")] == ["DL/T 860.7420-2008"]
    assert [f.number for f in find_numbers("符合ETSI EN 303 645 V2.1.1的要求")] == ["ETSI EN 303 645"]
    assert [f.number for f in find_numbers("见 EN 303 645。")] == ["EN 303 645"]
    assert [f.number for f in find_numbers("ETSI TS 103 645:2020")] == ["ETSI TS 103 645:2020"]
    assert find_numbers("open 303 645 ports") == []



def test_an_order_keeps_the_和_of_its_issuer_name_and_safety_codes_are_industry_numbers():
    from loaders.standard_numbers import find_document_numbers

    found = find_document_numbers("《医疗废物管理条例》（中华人民共和国国务院令第 588 号）和住房和城乡建设部令第 5 号")
    assert [f.number for f in found] == ["中华人民共和国国务院令第588号", "住房和城乡建设部令第5号"]
    assert [f.number for f in find_document_numbers("应符合相关法律和国务院令第3号")] == ["国务院令第3号"]
    assert [f.number for f in find_numbers("检测方法AQ/T 4274—2016 局部排风")] == ["AQ/T 4274-2016"]


def test_a_two_digit_year_of_this_century_is_a_year_not_a_part_number():
    # DB44/613—2009 lists `GB3838-02`, `HJ/T81-01` beside `GB3097-97`
    found = find_numbers("GB3097-97 海水水质标准 GB3838-02 地表水环境质量标准 HJ/T81-01 畜禽养殖业污染防治技术规范")
    assert [f.number for f in found] == ["GB 3097-1997", "GB 3838-2002", "HJ/T 81-2001"]
    assert normalize("IEC 61850-7-420") == "IEC 61850-7-420"


@pytest.mark.parametrize("name, number", [
    ("JTT 1078-2016.pdf", "JT/T 1078-2016"), ("jtt-1078-2016.pdf", "JT/T 1078-2016"),
    ("GBT29871-2013.pdf", "GB/T 29871-2013"), ("GB∕T 1.1-2020 标准化工作导则.pdf", "GB/T 1.1-2020"),
    ("db32t-1580-2019.pdf", "DB32/T 1580-2019"), ("db11-t-1982-2022.pdf", "DB11/T 1982-2022"),
    ("db44-26-2001.pdf", "DB44/26-2001"), ("TGDRTA 002-2020.pdf", "T/GDRTA 002-2020"),
    ("t-caict-1-2020.docx", "T/CAICT 1-2020"), ("tbt-3100-2017.pdf", "TB/T 3100-2017"),
    ("hj-7-2022.pdf", "HJ 7-2022"), ("gb-5085.7-2019.pdf", "GB 5085.7-2019"), ("jts-239-2015.txt", "JTS 239-2015"),
    ("ISO 9001-2015.pdf", "ISO 9001:2015"),
    # no number: a title, a date, a code the grammar does not know, an undated number, a placeholder
    ("城市数字化转型指南.pdf", None), ("2020-05-01.pdf", None), ("ab-12-2020.pdf", None), ("GB 50009.pdf", None),
    ("gb-xxxxx-xxxx-aecs.pdf", None),
])
def test_a_file_name_gives_the_dated_number_it_opens_with_its_slash_put_back(name, number):
    from loaders.standard_numbers import number_in_file_name

    assert number_in_file_name(name) == number


@pytest.mark.parametrize("text, number", [
    ("本标准代替 GB19266-zO03《原产地域产品五常大米》", "GB 19266-2003"),   # a scan's year: z for 2, O for 0
    ("GB 5O84 农田灌溉水质标准", "GB 5084"), ("JT/T 1O78-2Ol6", "JT/T 1078-2016"),
    # nothing to mend: a letter suffix, a year that would not read 19xx or 20xx, a short serial
    ("GB/T 22239-2019", "GB/T 22239-2019"), ("GB 19266-zO9O", "GB 19266"), ("GB/T 1O8O-2009", "GB/T 1"),
])
def test_digits_ocr_read_as_look_alike_letters_are_mended_inside_a_number(text, number):
    found = find_numbers(text)
    assert found[0].number == number and normalize(text[found[0].start:found[0].end]) == number


def test_itu_t_recommendations_in_every_printed_form_and_iso_amendments_are_read():
    # `Rec.ITU-T G.711` (2022) and `ITU-T Rec.G.711—1988` (2016) are one Recommendation; an edition in brackets
    # is its year; an amendment is its own document after its base; an RFC misprinted as IEEE's is the IETF's
    found = find_numbers("Rec.ITU-T G.711 语音 ITU-T Rec.G.711—1988 Rec.ITU-T H.264.1(2016) 一致性")
    assert [f.number for f in found] == ["ITU-T G.711", "ITU-T G.711-1988", "ITU-T H.264.1-2016"]
    assert normalize("ISO/IEC 14496-2:2004/Amd.2:2005") == "ISO/IEC 14496-2:2004/Amd.2:2005"
    assert normalize("ISO/IEC 14496-2:2004") == "ISO/IEC 14496-2:2004"
    assert [f.number for f in find_numbers("IEEE RFC 3640 用于传输 IEEE 802.11")] == ["RFC 3640", "IEEE 802.11"]
    assert normalize("GB 50016(2018年版)") == "GB 50016"


def test_a_short_bare_industry_number_after_its_title_in_book_title_marks_is_a_citation():
    # an engineering standard cites `《…规程》CJJ 68` (its 引用标准名录 glues it: `《…》CJJ68`); alone, a
    # two-digit bare code is too short to count (`共有 SC 20 个`)
    assert [f.number for f in find_numbers("应按照《城镇排水管渠与泵站运行、维护及安全技术规程》CJJ 68、《…》")] == ["CJJ 68"]
    assert [f.number for f in find_numbers("《城镇排水管渠与泵站运行、维护及安全技术规程》CJJ68")] == ["CJJ 68"]
    assert find_numbers("共有 SC 20 个") == [] and find_numbers("采用CJJ 68，") == []


def test_an_issuers_own_series_is_a_number_only_where_a_line_prints_nothing_else():
    from loaders.standard_numbers import kind_of, series_number
    assert series_number("PPCA 7 —2023") == "PPCA 7-2023" == normalize("PPCA 7 —2023")
    assert kind_of("PPCA 7-2023") == "group" and base_number("PPCA 7-2023") == "PPCA 7"
    # in running text, beside another number, or a code the grammar reads: not a series of this kind
    assert series_number("采用 SHA 256-2020 算法") is None and not find_numbers("采用 SHA 256-2020 算法")
    assert series_number("GB/T 1.1-2020") is None and series_number("ISO 9001-2015") is None
    with pytest.raises(ValueError):
        normalize("PPCA 7 —2023 联盟规范")


@pytest.mark.parametrize("text, numbers", [
    ("NIST SP 800-57 Part1 Rev. 5 Recommendation for Key Management", ["NIST SP 800-57 Part 1 Rev. 5"]),
    ("[2] NIST SP 800-90Ar1: Recommendation for Random Number Generation", ["NIST SP 800-90A Rev. 1"]),
    ("按照美国 NIST SP800-90A 标准", ["NIST SP 800-90A"]),        # 90 is the number, not a year of 1990
    ("NIST SP 800-63-3 和 NIST SP 800-38D", ["NIST SP 800-63-3", "NIST SP 800-38D"]),
    ("采用 PDU 编码方式，见 GSM 03.40", ["GSM 03.40"]),
    ("支持 GSM 900 频段", []),                                   # the band, not a specification
])
def test_nist_special_publications_and_gsm_specifications_are_read_whole(text, numbers):
    assert [f.number for f in find_numbers(text)] == numbers
