"""The Word reader: a drafter's .docx gives the same document as its text, and hostile files are refused.

The Word files are made here, at test time, from the bundled T/SZS 4042—2021
text (tests/word_files.py): clause numbers and list markers come from Word's
numbering, not from typed text, so the reader must compute them.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS
from rdflib.compare import isomorphic

from loaders.docx_reader import read_docx
from loaders.gbt_document import load_gbt_document
from loaders.gbt_structure import parse_structure
from loaders.manifest import read_manifest
from loaders.pdf_text import footer_identifiers
from loaders.problems import SourceParseError
from loaders.source_document import read_source
from loaders.text_reader import read_text_source
from loaders.vocab import CDT
from word_files import add_tracked_change_and_comment, table_paragraphs, word_from_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GUIDE = CORPUS / "tszs-4042-2021-top-level-design-guide.txt"


@pytest.fixture(scope="module")
def guide_docx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("word")
    shutil.copy(CORPUS / "organization_aliases.csv", folder)   # the same organization names as the corpus
    return word_from_text(GUIDE, folder / "guide.docx")


# The text file's running footer prints the society's own number beside the standard's (`SCIE 007—2021,T/SZS
# 4042-2021`), a name the document is known by; the Word file is built from the text's lines, page furniture gone.
FOOTER_NAMES = {Literal(n) for n in footer_identifiers(GUIDE.read_text(encoding="utf-8"), "T/SZS 4042-2021")}


def _without_lines(g: Graph) -> Graph:
    """`g` without source lines and without the names only the text file's running footer gives."""
    out = Graph()
    for t in g:
        if t[1] != CDT.sourceLine and not (t[1] == SKOS.hiddenLabel and t[2] in FOOTER_NAMES):
            out.add(t)
    return out


def test_clause_numbers_and_list_markers_come_from_word_numbering(guide_docx):
    body = docx.Document(str(guide_docx))
    numbered = [p.text for p in body.paragraphs if p.style.name.startswith("Heading") and p._p.pPr.numPr is not None]
    assert len(numbered) > 100 and not any(t[:1].isdigit() for t in numbered), "the builder leaves numbers to Word"
    text, word = parse_structure(read_text_source(GUIDE).lines), parse_structure(read_docx(guide_docx).lines)
    assert [(c.number, c.title) for c in word.clauses] == [(c.number, c.title) for c in text.clauses]
    items = lambda st: [(c.number, b.marker, b.text) for c in st.clauses for b in c.blocks if b.kind == "item"]
    assert len(items(word)) == 113 and items(word) == items(text)


def test_the_word_file_gives_the_graph_of_the_text_file_but_for_line_numbers(guide_docx):
    entry = next(e for e in read_manifest(CORPUS) if e.file == GUIDE.name)
    from_text = _without_lines(load_gbt_document(GUIDE, entry).graph)
    from_word = _without_lines(load_gbt_document(guide_docx, entry).graph)
    assert len(from_word) > 3000
    assert isomorphic(from_text, from_word)


def test_heading_styles_mark_headings(guide_docx):
    source = read_docx(guide_docx)
    chapter = next(ln for ln in source.lines if ln.text == "5 城市数字化转型顶层设计方法")
    assert chapter.heading is True
    # a body style says nothing either way: a number typed in it may still open a clause
    assert next(ln for ln in source.lines if ln.text.startswith("本文件由智慧城市产业生态圈提出")).heading is None
    assert source.format == "docx" and source.pages is None


def test_tracked_changes_read_as_accepted_and_comments_not_at_all(tmp_path):
    path = tmp_path / "review.docx"
    document = docx.Document()
    document.add_paragraph("范围", style="Heading 1")
    document.save(path)
    add_tracked_change_and_comment(path, "本文件规定了城市数字化转型顶层设计的", "旧的措辞", "统一框架")
    source = read_docx(path)
    assert "本文件规定了城市数字化转型顶层设计的统一框架。" in source.text
    assert "旧的措辞" not in source.text
    assert "批注" not in source.text
    assert any("修订" in message for _, message in source.problems)


def test_a_word_table_stays_a_table_and_reads_as_rows(tmp_path):
    path = tmp_path / "table.docx"
    document = docx.Document()
    rows = [["阶段", "步骤", "成果"], ["现状评估", "调研", "评估报告"], ["目标设计", "规划", "蓝图"]]
    table_paragraphs(document, rows, "表1 顶层设计阶段")
    document.save(path)
    source = read_docx(path)
    assert [t.rows for t in source.tables] == [rows]
    assert "| 现状评估 | 调研 | 评估报告 |" in source.text.splitlines()
    assert source.tables[0].line == source.text.splitlines().index("表1 顶层设计阶段") + 1


def test_the_reader_is_chosen_by_content_not_by_extension(guide_docx, tmp_path):
    disguised = tmp_path / "guide.pdf"
    shutil.copy(guide_docx, disguised)
    assert read_source(disguised).format == "docx"
    assert read_source(GUIDE).format == "text"


# --- hostile and broken files --------------------------------------------------------
def _refused(path: Path, *words: str) -> str:
    started = time.perf_counter()
    with pytest.raises(SourceParseError) as e:
        read_source(path)
    assert time.perf_counter() - started < 5, "a hostile file must be refused quickly"
    message = str(e.value)
    assert all(w in message for w in words), message
    assert "内部错误" not in message
    return message


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/padding.bin", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    _refused(bomb, "压缩炸弹")


def test_an_external_entity_is_refused(tmp_path, guide_docx):
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(guide_docx) as src, zipfile.ZipFile(evil, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            dst.writestr(item, data)
    _refused(evil, "实体")


def test_a_zip_that_is_not_word_and_a_truncated_word_file_are_refused(tmp_path, guide_docx):
    other = tmp_path / "photos.docx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("a.txt", "不是 Word")
    _refused(other, "不是 Word 文档")
    cut = tmp_path / "cut.docx"
    cut.write_bytes(guide_docx.read_bytes()[:5000])
    _refused(cut, "损坏或不完整")


def test_a_huge_file_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "huge.docx"
    with open(huge, "wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(200 * 1024 * 1024)          # sparse: no 200 MB written
    _refused(huge, "文件过大", "200 MB")


def test_a_legacy_doc_without_libreoffice_says_what_to_do(tmp_path, monkeypatch):
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    _refused(legacy, "LibreOffice", ".docx")


def test_numbers_typed_in_body_styles_still_open_clauses(tmp_path):
    path = tmp_path / "typed.docx"
    document = docx.Document()
    for text in ("前言", "本文件由全国信息技术标准化技术委员会提出。", "1 范围", "本文件规定了数据目录的编制方法。",
                 "2 规范性引用文件", "本文件没有规范性引用文件。", "3 术语和定义", "本文件没有需要界定的术语和定义。",
                 "4 编制要求", "4.1 数据目录应覆盖全部数据资源。"):
        document.add_paragraph(text)
    document.save(path)
    structure = parse_structure(read_docx(path).lines)
    assert [c.number for c in structure.clauses] == ["前言", "1", "2", "3", "4", "4.1"]


def test_a_captioned_word_table_becomes_a_table_of_the_clause_in_the_graph(tmp_path):
    from rdflib import RDF

    from loaders.manifest import Entry

    document = docx.Document()
    for text in ("1 范围", "本文件规定了顶层设计的阶段。", "2 规范性引用文件", "本文件没有规范性引用文件。",
                 "3 术语和定义", "本文件没有需要界定的术语和定义。", "4 设计阶段", "各阶段见表1。"):
        document.add_paragraph(text)
    table_paragraphs(document, [["阶段", "步骤", "成果"], ["现状评估", "调研", "评估报告"], ["目标设计", "规划", "蓝图"]],
                     "表1 顶层设计阶段")
    document.save(tmp_path / "stages.docx")
    entry = Entry(id="stages", file="stages.docx", kind="standard", title="顶层设计阶段", number="", plan_number="",
                  status="Draft", source_file="stages.docx", source="")
    g = load_gbt_document(tmp_path / "stages.docx", entry).graph
    (table,) = g.subjects(RDF.type, CDT.Table)
    assert str(table).endswith("/table/%E8%A1%A81")                       # 表1
    assert len(list(g.subjects(RDF.type, CDT.TableRow))) == 2             # the two rows under the header
    assert {str(o) for o in g.objects(None, CDT.text)} >= {"评估报告", "蓝图"}


# --- a legacy Word 97 .doc, converted by LibreOffice ---------------------------------------------
LIBREOFFICE = "libreoffice-writer-nogui"   # Debian: Writer without the GUI, ~85 MB, about a minute to install


def _ensure_libreoffice() -> str:
    """LibreOffice's soffice, installed from Debian when missing (as root, as the browser test installs
    Chromium); skip with what to do otherwise."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        return office
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"需要 LibreOffice 才能测试 .doc：以 root 运行测试（会自动 apt-get 安装 {LIBREOFFICE}），"
                    f"或先 `apt-get install {LIBREOFFICE}`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", LIBREOFFICE], check=True, env=env,
                   capture_output=True)
    return shutil.which("soffice")


@pytest.fixture(scope="module")
def guide_doc(guide_docx, tmp_path_factory) -> Path:
    """The guide saved as Word 97 (.doc) by LibreOffice itself, from the Word file made of the real text."""
    office = _ensure_libreoffice()
    out = tmp_path_factory.mktemp("doc")
    subprocess.run([office, "--headless", f"-env:UserInstallation={(out / 'profile').as_uri()}",
                    "--convert-to", "doc", "--outdir", str(out), str(guide_docx)],
                   check=True, capture_output=True, timeout=180)
    doc = out / "guide.doc"
    shutil.copy(CORPUS / "organization_aliases.csv", out)
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE (Word 97) file, not a .docx renamed"
    return doc


def test_a_legacy_doc_is_converted_by_libreoffice_and_read_as_its_text(guide_doc):
    source = read_source(guide_doc)
    assert source.format == "doc"
    text, word = parse_structure(read_text_source(GUIDE).lines), parse_structure(source.lines)
    assert [(c.number, c.title) for c in word.clauses] == [(c.number, c.title) for c in text.clauses]
    items = lambda st: [(c.number, b.marker, b.text) for c in st.clauses for b in c.blocks if b.kind == "item"]
    assert len(items(word)) == 113 and items(word) == items(text)
    entry = next(e for e in read_manifest(CORPUS) if e.file == GUIDE.name)
    assert isomorphic(_without_lines(load_gbt_document(GUIDE, entry).graph),
                      _without_lines(load_gbt_document(guide_doc, entry).graph))
