"""One document structure for every reader, the original kept in the corpus, and `cdtkg show DOC --text`."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import docx
import pytest

from app.cli import main
from loaders.corpus_add import add_document
from loaders.corpus_add import find_entry
from loaders.problems import CdtkgError
from loaders.manifest import read_manifest
from loaders.pdf_text import physical_lines, read_text
from loaders.source_document import read_source, sniff_format

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REALDOCS = ROOT.parent / "shared" / "realdocs"
GUIDE = CORPUS / "tszs-4042-2021-top-level-design-guide.txt"


def _empty_corpus(folder: Path) -> Path:
    folder.mkdir()
    with open(CORPUS / "manifest.csv", encoding="utf-8") as f:
        (folder / "manifest.csv").write_text(f.readline(), encoding="utf-8")
    return folder


def test_a_text_file_reads_as_before_its_lines_unchanged():
    source = read_source(GUIDE)
    assert source.format == "text" and source.pages is None
    assert source.text == read_text(GUIDE)
    assert source.lines == physical_lines(source.text)
    assert source.page_of(source.lines[0].no) is None


def test_the_format_is_sniffed_from_the_first_bytes(tmp_path):
    samples = {"a.bin": b"%PDF-1.7\n", "b.bin": b"PK\x03\x04rest", "c.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
               "d.bin": "标准文本".encode()}
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    assert [sniff_format(tmp_path / n) for n in samples] == ["pdf", "docx", "doc", "text"]


def test_marked_text_numbers_every_line_and_marks_each_page():
    if not REALDOCS.is_dir():
        pytest.skip(f"真实标准 PDF 不在 {REALDOCS}（第三方文件，不入库）")
    source = read_source(REALDOCS / "dat-92-2022.pdf")
    marked = source.marked_text().splitlines()
    chapter_one = next(i for i, t in enumerate(marked) if t.endswith("  1 范围"))
    assert "──── 第 5 页 ────" in marked[:chapter_one]
    assert marked[chapter_one - 2] == "──── 第 5 页 ────"   # the body title sits between the mark and 1 范围
    numbered = [t for t in marked if not t.startswith("────")]
    assert len(numbered) == len(source.text.splitlines())


def test_an_old_manifest_without_the_new_columns_still_reads(tmp_path):
    corpus = tmp_path / "old"
    shutil.copytree(CORPUS, corpus)
    entries = read_manifest(corpus)
    assert entries and all(e.format == "" and e.sha256 == "" for e in entries)
    with open(corpus / "manifest.csv", encoding="utf-8", newline="") as f:
        assert "format" not in next(csv.reader(f))


def test_a_word_file_is_added_under_its_own_name_and_read_by_the_build(tmp_path, monkeypatch):
    corpus = _empty_corpus(tmp_path / "corpus")
    shutil.copy(CORPUS / "organization_aliases.csv", corpus)
    from word_files import word_from_text

    original = word_from_text(GUIDE, tmp_path / "顶层设计指南.docx")
    entry = add_document(corpus, original, "standard", number="T/SZS 4042—2021", status="Published")
    assert entry.file == "顶层设计指南.docx" and entry.format == "docx" and entry.pages == ""
    assert (corpus / entry.file).read_bytes() == original.read_bytes()
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    from loaders.build import build

    summary = build(corpus)
    assert summary.classes["https://w3id.org/cdtkg/ontology#Clause"] == 190
    with pytest.raises(Exception, match="同一个文件"):
        add_document(corpus, original, "standard")


def test_show_text_prints_what_the_reader_saw_and_an_unknown_document_is_bad_input(tmp_path, capsys):
    corpus = _empty_corpus(tmp_path / "corpus")
    document = docx.Document()
    document.add_paragraph("1 范围", style="Heading 1")   # a heading without a number is no clause: add refuses it
    document.add_paragraph("本文件规定了城市数字化转型顶层设计的方法。")
    document.save(tmp_path / "draft.docx")
    add_document(corpus, tmp_path / "draft.docx", "standard", title="顶层设计指南（征求意见稿）")
    assert main(["show", "draft", "--text", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "draft.docx（docx）" in out and "    2  本文件规定了城市数字化转型顶层设计的方法。" in out
    assert main(["show", "征求意见稿", "--text", "--corpus", str(corpus)]) == 0
    assert main(["show", "不存在的文档", "--text", "--corpus", str(corpus)]) == 2
    err = capsys.readouterr().err
    assert "没有“不存在的文档”这份文档" in err and "cdtkg list" in err


def test_find_entry_refuses_an_ambiguous_name():
    with pytest.raises(CdtkgError, match="多份文档"):
        find_entry(read_manifest(CORPUS), "技术参考模型")
    assert find_entry(read_manifest(CORPUS), "gbt-maturity-model-ctmm-draft").kind == "standard"
