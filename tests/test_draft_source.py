"""Reading a drafter's file: text, Word and PDF with the corpus's readers, and hostile files refused early and clearly."""
from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from loaders.draft_source import (MAX_UPLOAD_BYTES, DraftRefused, DraftText, plain_draft_text,
                                  read_draft, read_draft_file)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body_xml: bytes, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", body_xml)
    return buf.getvalue()


def paragraphs(*texts: str) -> bytes:
    ps = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{ps}</w:body></w:document>'.encode()


def test_a_word_draft_gives_one_line_per_paragraph_and_table_rows_with_bars():
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("1 范围", style="Heading 1")
    document.add_paragraph("本文件规定了要求。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "等级", "特征"
    buf = io.BytesIO()
    document.save(buf)
    got = read_draft("草案.docx", buf.getvalue())
    assert got.text.splitlines() == ["1 范围", "本文件规定了要求。", "| 等级 | 特征 |"]


def test_text_drafts_in_utf8_or_gb18030_and_markdown_exports_are_read():
    assert read_draft("a.txt", "1 范围\n".encode("gb18030")).text == "1 范围\n"
    md = "## 目次\n1 范围 ...... 1\n## 1 范围\n<!-- comment -->\n本文件规定了要求。\n"
    assert read_draft("a.md", md.encode()).text.splitlines() == ["目次", "", "1 范围", "", "本文件规定了要求。"]
    assert plain_draft_text("5.1 目的性原则 …… 2\n") == "\n"
    assert plain_draft_text("# 參 考 文 献\n[1] GB/T 19001—2016\n") == "参考文献\n[1] GB/T 19001—2016\n"


def test_a_zip_bomb_is_refused_quickly_whatever_its_header_says():
    bomb = docx(b"<a>" + b" " * 5_000_000 + b"</a>")     # 5 MB of XML in a few kilobytes
    assert len(bomb) < 200_000
    started = time.perf_counter()
    with pytest.raises(DraftRefused, match="压缩炸弹"):
        read_draft("bomb.docx", bomb)
    assert time.perf_counter() - started < 5


def test_a_zip_bomb_that_lies_about_its_size_stops_at_the_bound():
    bomb = bytearray(docx(b"<a>" + b" " * 5_000_000 + b"</a>"))
    # rewrite the declared uncompressed size of document.xml (central directory) to something small
    at = bomb.rfind(b"PK\x01\x02")
    while at != -1:
        name_len = int.from_bytes(bomb[at + 28:at + 30], "little")
        if bytes(bomb[at + 46:at + 46 + name_len]) == b"word/document.xml":
            bomb[at + 24:at + 28] = (1000).to_bytes(4, "little")
        at = bomb.rfind(b"PK\x01\x02", 0, at)
    with pytest.raises(DraftRefused):
        read_draft("liar.docx", bytes(bomb))


def test_a_word_file_with_an_external_entity_is_refused():
    xxe = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with pytest.raises(DraftRefused, match="XML 实体"):
        read_draft("xxe.docx", docx(xxe))


def test_files_that_are_not_what_their_name_says_are_refused():
    with pytest.raises(DraftRefused, match="不是 PDF"):
        read_draft("草案.pdf", b"<html>not a pdf</html>")
    with pytest.raises(DraftRefused, match="不是可读的 Word"):
        read_draft("草案.docx", b"plain text, not a zip")
    with pytest.raises(DraftRefused, match="Word"):
        read_draft("草案.doc", b"\xd0\xcf\x11\xe0 old word")
    with pytest.raises(DraftRefused, match="二进制"):
        read_draft("草案.txt", b"\x00\x01\x02" * 10)
    with pytest.raises(DraftRefused, match="空的"):
        read_draft("草案.txt", b"  \n")


def test_a_200_mb_file_is_refused_before_it_is_read(tmp_path: Path):
    big = tmp_path / "huge.docx"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)     # sparse: nothing is written, nothing should be read
    started = time.perf_counter()
    with pytest.raises(DraftRefused, match="超过"):
        read_draft_file(big)
    assert time.perf_counter() - started < 1
    with pytest.raises(DraftRefused, match="超过"):
        read_draft("huge.txt", b"x" * (MAX_UPLOAD_BYTES + 1))


def test_a_missing_file_is_a_clear_refusal(tmp_path: Path):
    with pytest.raises(DraftRefused, match="找不到文件"):
        read_draft_file(tmp_path / "none.docx")


def test_pages_are_told_from_the_line_a_finding_is_on():
    d = DraftText("x.pdf", "a\nb\nc\nd", page_starts=[1, 3])
    assert [d.page_of(n) for n in (1, 2, 3, 4)] == [1, 1, 2, 2]
    assert DraftText("x.txt", "a").page_of(1) is None
