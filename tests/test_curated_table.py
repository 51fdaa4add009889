"""loaders/curated_table.py: a curated CSV table's rows, and what is wrong with its shape reported with the line."""
from loaders.curated_table import curated_rows
from loaders.problems import LoadResult

COLUMNS = ("standard", "target", "rationale")


def _read(path):
    result = LoadResult()
    rows = list(curated_rows(path, COLUMNS, result, when_missing="没有人工表。"))
    return rows, [(p.severity.value, p.line, p.message) for p in result.problems]


def test_rows_come_with_their_file_line_and_stripped_cells(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("standard,target,rationale\n GB/T 1-2020 , B.2 ,ok\n\n# a comment,,\nGB/T 2-2020,B.3,\n",
                     encoding="utf-8")
    rows, problems = _read(table)
    assert rows == [(2, {"standard": "GB/T 1-2020", "target": "B.2", "rationale": "ok"}),
                    (5, {"standard": "GB/T 2-2020", "target": "B.3", "rationale": ""})]
    assert problems == []


def test_a_table_saved_with_a_byte_order_mark_or_as_utf16_is_read(tmp_path):
    for encoding in ("utf-8-sig", "utf-16"):
        table = tmp_path / f"{encoding}.csv"
        table.write_text("standard,target,rationale\nGB/T 1-2020,B.2,ok\n", encoding=encoding)
        assert _read(table) == ([(2, {"standard": "GB/T 1-2020", "target": "B.2", "rationale": "ok"})], [])


def test_a_row_with_another_number_of_cells_is_a_warning_on_its_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("standard,target,rationale\nGB/T 1-2020,B.2\nGB/T 2-2020,B.3,ok\n", encoding="utf-8")
    rows, problems = _read(table)
    assert [line for line, _ in rows] == [3]
    assert problems == [("warning", 2, "应有 3 列，实有 2 列；该行未读取。")]


def test_a_wrong_header_skips_the_whole_table_and_says_which_header_is_expected(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("a,b,c\nGB/T 1-2020,B.2,ok\n", encoding="utf-8")
    assert _read(table) == ([], [("warning", 1, "表头应为 standard,target,rationale；整张表未读取。")])


def test_a_missing_table_says_what_is_used_instead(tmp_path):
    assert _read(tmp_path / "absent.csv") == ([], [("warning", None, "没有人工表。")])


def test_a_binary_or_unknown_encoding_file_is_a_warning_not_a_crash(tmp_path):
    binary, gbk = tmp_path / "b.csv", tmp_path / "g.csv"
    binary.write_bytes(b"\x00\x01\xff\xfe\x00garbage\xff")
    gbk.write_bytes("standard,target,rationale\n国标,B.2,好\n".encode("gbk"))
    for path in (binary, gbk):
        rows, problems = _read(path)
        assert rows == [] and [(s, line) for s, line, _ in problems] == [("warning", None)]
        assert "UTF-8" in problems[0][2] and "未读取" in problems[0][2]
