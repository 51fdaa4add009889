"""Page furniture is found by evidence (repetition at page edges, shape of the line), never by a list of strings."""
from pathlib import Path

from loaders.pdf_text import is_footer_numbers, physical_lines

ROOT = Path(__file__).resolve().parent.parent


def _pages(*pages: list[str]) -> str:
    """Text as the extractions give it: a form feed opens each page."""
    return "\n".join("\f" + "\n".join(lines) for lines in pages)


def test_a_running_header_repeated_at_the_top_of_pages_is_dropped():
    header = "DA/T 92—2022 电子档案单套管理一般要求"
    text = _pages(
        ["封面标题", "正文第一页第一句。"],
        [header, "5.1 总则", "电子档案应单套管理。"],
        [header, "5.2 归档", "归档应符合要求。"],
        [header, "5.3 保存", "保存应可靠。"],
    )
    texts = [ln.text for ln in physical_lines(text)]
    assert header not in texts
    assert "电子档案应单套管理。" in texts and "5.3 保存" in texts


def test_the_page_mark_moves_to_the_first_line_kept():
    header = "行政事业单位电子会计凭证档案管理"
    text = _pages(["首页内容。"], [header, "第二页。"], [header, "第三页。"], [header, "第四页。"])
    marked = [ln.text for ln in physical_lines(text) if ln.page_start]
    assert marked == ["首页内容。", "第二页。", "第三页。", "第四页。"]


def test_a_line_repeated_in_the_body_is_kept():
    # the same table header on every page, but in the middle of each page: not furniture
    text = _pages(*[["第一行。", "第二行。", "第三行。", "序号 项目 要求", "第五行。", "第六行。", "第七行。"]] * 4)
    assert sum(ln.text == "序号 项目 要求" for ln in physical_lines(text)) == 4


def test_clause_numbers_at_page_edges_are_not_furniture():
    text = _pages(*[["3.1", f"术语{i}", "定义。"] for i in range(5)])
    assert sum(ln.text == "3.1" for ln in physical_lines(text)) == 5


def test_without_page_marks_nothing_is_dropped_by_repetition():
    text = "\n".join(["标题行", "一段。"] * 5)
    assert len(physical_lines(text)) == 10


def test_letter_spaced_cover_lines_are_closed_up():
    lines = physical_lines("中 华 人 民 共 和 国 档 案 行 业 标 准\n城市 数字化 转型\n")
    assert [ln.text for ln in lines] == ["中华人民共和国档案行业标准", "城市 数字化 转型"]


def test_a_footer_of_identifiers_is_debris_whatever_the_series_code():
    assert is_footer_numbers("SCIE 007—2021,T/SZS 4042-2021")
    assert is_footer_numbers("ABCD 12—2020，DB11/T 1234—2020")
    assert not is_footer_numbers("见 GB/T 22239—2019 第 8 章")
    assert not is_footer_numbers("ABCD 12—2020")  # no standard number: no evidence


def test_shared_code_names_no_single_document():
    source = (ROOT / "loaders" / "pdf_text.py").read_text(encoding="utf-8")
    assert "SCIE" not in source.split('"""', 2)[2].replace("`SCIE 007—2021`", "")


def test_headings_that_differ_only_in_their_clause_number_are_not_one_running_line():
    # `3.1 一般规定`, `4.1 一般规定` … open pages of an engineering standard; `设计标准 第 3 页`,
    # `设计标准 第 4 页` are one running footer
    text = _pages(*[[f"{n}.1 一般规定", f"{n}.1.1 正文{n}。", "中间。", "中间。", "中间。", f"设计标准 第 {n} 页"]
                    for n in range(3, 9)])
    texts = [ln.text for ln in physical_lines(text)]
    assert [t for t in texts if t.endswith("一般规定")] == [f"{n}.1 一般规定" for n in range(3, 9)]
    assert not any(t.startswith("设计标准") for t in texts)


def test_a_number_printed_once_alone_is_a_table_cell_and_one_printed_on_every_page_is_a_running_header():
    text = _pages(
        ["GB/T 99999—2030", "表 1 测定方法", "水质 总铬的测定 分光光度", "法", "GB/T 7466", "见表 1。"],
        ["GB/T 99999—2030", "5.2 采样", "采样应符合要求。"],
        ["GB/T 99999—2030", "5.3 保存", "保存应可靠。", "SCIE 007—2021,GB/T 99990-2030"],
    )
    texts = [ln.text for ln in physical_lines(text)]
    assert "GB/T 7466" in texts
    assert "GB/T 99999—2030" not in texts
    assert not any("SCIE" in t for t in texts)   # identifiers side by side are a footer, printed once or not


def test_a_running_header_names_the_other_numbers_of_the_document_beside_its_own():
    from loaders.pdf_text import footer_identifiers

    text = _pages(["ABCD 12—2020,T/ABC 34—2020", "5.2 采样", "采样应符合要求。"],
                  ["ABCD 12—2020，T/ABC 34—2020", "5.3 保存", "见 GB/T 7466—1987 第 3 章。", "GB/T 7466—1987"])
    assert footer_identifiers(text, "T/ABC 34-2020") == ["ABCD 12—2020"]
    assert footer_identifiers(text, "T/ABC 35-2020") == []   # another document's header names nothing of this one


def test_a_chapter_number_alone_on_its_line_is_joined_to_its_title_but_a_page_number_is_not():
    # a layout that sets the chapter number and its title in two boxes (`1` / `范围`); the page number that
    # opens a page (after its running header) stays debris even before a title-like line
    text = "\n".join(["**[p5]**", "4", "某某技术规范", "1", "范围", "本部分规定了术语。",
                      "2", "规范性引用文件", "下列文件适用于本文件。", "3", "术语与定义 Terms", "4", "下列术语适用。"])
    texts = [ln.text for ln in physical_lines(text)]
    assert "1 范围" in texts and "2 规范性引用文件" in texts
    assert "4 某某技术规范" not in texts and "某某技术规范" in texts
    assert "3 术语与定义 Terms" in texts and "4 下列术语适用。" not in texts   # a sentence is no title
    assert "1" not in texts and "范围" not in texts


def test_a_pdf_reader_keeps_its_own_lines():
    text = "首页。\n正文一句。\n1\n范围\n"
    assert "1 范围" not in [ln.text for ln in physical_lines(text, split_headings=False)]
