"""`cdtkg add`: a new document enters the corpus as UTF-8, or is refused with a reason."""
import shutil
from pathlib import Path

import pytest

from loaders.corpus_add import add_document
from loaders.manifest import read_manifest
from loaders.problems import CdtkgError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT = "前 言\n\n本文件按照GB/T 1.1—2020的规定起草。\n\n1 范围\n\n本文件规定了测试用的要求。\n"


@pytest.fixture
def corpus(tmp_path):
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8"])
def test_a_document_in_a_chinese_or_unicode_encoding_is_stored_as_utf8(corpus, tmp_path, encoding):
    src = tmp_path / f"new-{encoding}.txt"
    src.write_bytes(TEXT.encode(encoding))
    entry = add_document(corpus, src, "standard", title="测试标准")
    assert (corpus / entry.file).read_text(encoding="utf-8") == TEXT
    assert read_manifest(corpus)[-1] == entry
    assert entry.kind == "standard" and entry.title == "测试标准"


def test_a_binary_file_is_refused_and_nothing_changes(corpus, tmp_path):
    before = sorted(p.name for p in corpus.iterdir())
    src = tmp_path / "scan.bin"
    src.write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    with pytest.raises(CdtkgError, match="不是文本文件"):
        add_document(corpus, src, "standard")
    # a PDF is read now (issue 15); one that only starts like a PDF is refused as unreadable
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"%PDF-1.7\x00\x01\x02\xff\xfe" * 50)
    with pytest.raises(CdtkgError, match="不是可读的 PDF"):
        add_document(corpus, fake, "standard")
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_a_duplicate_of_a_corpus_document_is_refused(corpus, tmp_path):
    src = tmp_path / "copy.txt"
    original = (corpus / "gbt-maturity-model-ctmm-draft.txt").read_text(encoding="utf-8")
    src.write_bytes(original.replace("\n", "\r\n").encode("gb18030"))
    with pytest.raises(CdtkgError, match="内容相同"):
        add_document(corpus, src, "standard")
    assert len(read_manifest(corpus)) == 5


def test_an_empty_file_is_refused(corpus, tmp_path):
    src = tmp_path / "empty.txt"
    src.write_bytes(b"  \n")
    with pytest.raises(CdtkgError, match="空文件"):
        add_document(corpus, src, "note")


def test_the_new_id_never_collides_with_an_existing_document(corpus, tmp_path):
    src = tmp_path / "gbt-maturity-model-ctmm-draft.txt"
    src.write_text(TEXT, encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert entry.id == "gbt-maturity-model-ctmm-draft-2"


# --- what is admitted, under which name --------------------------------------------------------
import errno  # noqa: E402
import json  # noqa: E402

from loaders.corpus_add import admit, find_entry, init_corpus, list_corpus, remove_document  # noqa: E402

SMALL = Path(__file__).resolve().parent / "fixtures" / "gbt_small_standard.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of `folder` with its bytes: equal snapshots mean nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_file_keeps_its_own_chinese_name_in_the_corpus(corpus, tmp_path):
    src = tmp_path / "新标准草案.txt"
    src.write_text(TEXT, encoding="gb18030")
    entry = add_document(corpus, src, "standard")
    assert entry.file == "新标准草案.txt" and entry.id == "新标准草案" and entry.title == "新标准草案"
    assert (corpus / "新标准草案.txt").read_text(encoding="utf-8") == TEXT


def test_a_name_is_kept_to_safe_characters_and_never_leaves_the_corpus(corpus, tmp_path):
    src = tmp_path / "草案 v1;rm -rf $HOME.txt"
    src.write_text(TEXT, encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert "/" not in entry.file and "$" not in entry.file and ";" not in entry.file
    assert (corpus / entry.file).parent == corpus


NOTICE = ("关于开展城市全域数字化转型试点工作的通知\n\n各有关单位：\n\n现就开展试点工作通知如下。\n\n"
          "一、总体要求\n\n坚持统筹规划，分类推进。\n\n二、工作安排\n\n3月底前完成申报。\n12月31日前完成评估。\n")


@pytest.mark.parametrize("content, reason", [
    ("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", "没有中文文字"),
    ("这是一段没有任何编号标题的中文随笔，讲城市和天气。\n第二段仍然只是随笔。\n", "找不到条款结构"),
    # a notice (text written for this test): its `一、` headings and dates look like headings, but the standard
    # reader finds no numbered clause in it, so it would load as an empty standard
    (NOTICE, "没有识别出任何编号条款"),
])
def test_what_is_not_a_standard_like_document_is_refused_with_its_reason(corpus, tmp_path, content, reason):
    before = snapshot(corpus)
    src = tmp_path / "passwd"
    src.write_text(content, encoding="utf-8")
    with pytest.raises(CdtkgError, match=reason):
        add_document(corpus, src, "standard")
    assert snapshot(corpus) == before


def test_a_folder_is_refused_as_a_folder_not_as_a_missing_file(corpus, tmp_path):
    with pytest.raises(CdtkgError, match="是一个文件夹"):
        admit(tmp_path)


def test_a_standard_in_the_corpus_is_admitted_as_standard_like():
    assert "范围" in admit(CORPUS / "tszs-4042-2021-top-level-design-guide.txt")
    assert admit(CORPUS / "guideline-standards-system-2026.txt")


def test_an_empty_folder_becomes_a_corpus_that_takes_documents(tmp_path):
    new = tmp_path / "新语料"
    init_corpus(new)
    assert read_manifest(new) == []
    src = tmp_path / "示例标准.txt"
    src.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    entry = add_document(new, src, "standard", number="GB/T 99999-2030", status="Published")
    assert read_manifest(new) == [entry]
    with pytest.raises(CdtkgError, match="已经是一个语料目录"):
        init_corpus(new)


def test_a_folder_holding_files_is_not_made_a_corpus(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CdtkgError, match="不是空文件夹"):
        init_corpus(tmp_path)


@pytest.mark.parametrize("name", ["T/SZS 4042-2021", "t/szs 4042—2021", "城市数字化转型顶层设计指南",
                                  "tszs-4042-2021-top-level-design-guide.txt", "顶层设计"])
def test_a_document_is_found_by_number_title_file_or_a_unique_part_of_its_title(corpus, name):
    assert find_entry(read_manifest(corpus), name).number == "T/SZS 4042-2021"


def test_an_ambiguous_or_unknown_name_is_refused_naming_the_candidates(corpus):
    with pytest.raises(CdtkgError, match="对应多份文档"):
        find_entry(read_manifest(corpus), "城市全域数字化转型")
    with pytest.raises(CdtkgError, match="cdtkg list"):
        find_entry(read_manifest(corpus), "GB/T 1-2000")


def test_removing_a_document_takes_out_its_row_and_its_file(corpus):
    entry = remove_document(corpus, "T/SZS 4042-2021")
    assert entry.file == "tszs-4042-2021-top-level-design-guide.txt"
    assert all(e.id != entry.id for e in read_manifest(corpus))
    assert not (corpus / entry.file).exists()


def test_the_list_names_each_document_and_the_outcome_of_its_last_parse(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    listed = list_corpus(corpus)
    assert [d.status for d in listed] == ["尚未构建"] * 5
    assert "T/SZS 4042-2021《城市数字化转型顶层设计指南》" in [d.name for d in listed]
    from loaders.build import SUMMARY_FILE, build_root

    current = build_root(corpus) / "current"
    current.mkdir(parents=True)
    entry = read_manifest(corpus)[-1]
    (current / SUMMARY_FILE).write_text(json.dumps({
        "built_at": 1.0, "documents": [{"file": entry.file, "triples": 42}],
        "problems": []}), encoding="utf-8")
    failed = build_root(corpus) / "failed"
    failed.mkdir()
    (failed / SUMMARY_FILE).write_text(json.dumps({
        "built_at": 2.0, "documents": [{"file": entry.file, "triples": 0}],
        "problems": [{"severity": "error", "file": entry.file, "line": 3, "message": "没有识别出任何条款"}]}),
        encoding="utf-8")
    status = {d.entry.file: d.status for d in list_corpus(corpus)}
    assert status[entry.file] == "解析失败：没有识别出任何条款"
    (failed / SUMMARY_FILE).unlink()
    assert {d.entry.file: d.status for d in list_corpus(corpus)}[entry.file] == "已解析（42 个三元组）"


def test_a_read_only_corpus_is_refused_in_chinese_and_left_as_it_was(corpus, tmp_path, monkeypatch):
    before = snapshot(corpus)
    src = tmp_path / "示例标准.txt"
    src.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    read_only(monkeypatch, corpus)
    with pytest.raises(CdtkgError, match="无法写入语料目录.*只读文件系统"):
        add_document(corpus, src, "standard")
    with pytest.raises(CdtkgError, match="无法写入语料目录.*只读文件系统"):
        remove_document(corpus, "T/SZS 4042-2021")
    monkeypatch.undo()
    assert snapshot(corpus) == before


def read_only(monkeypatch, folder: Path, code: int = errno.EROFS) -> None:
    """Make the operating system refuse every write under `folder` with `code`, as a read-only
    mount does (tests run as root, for whom file permissions refuse nothing)."""
    import builtins
    import io
    import os

    folder = Path(folder).resolve()

    def inside(path) -> bool:
        try:
            p = Path(os.fsdecode(path)).resolve()
        except TypeError:
            return False
        return p == folder or folder in p.parents

    def refuse(path):
        raise OSError(code, os.strerror(code), os.fsdecode(path))

    real_open, real_mkdir, real_replace, real_unlink = builtins.open, os.mkdir, os.replace, os.unlink

    def guarded_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and any(c in mode for c in "wax+") and inside(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def guarded(real):
        def call(path, *args, **kwargs):
            if inside(path):
                refuse(path)
            return real(path, *args, **kwargs)
        return call

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded(real_mkdir))
    monkeypatch.setattr(os, "replace", guarded(real_replace))
    if code != errno.ENOSPC:   # a full disk still lets a file be deleted
        monkeypatch.setattr(os, "unlink", guarded(real_unlink))


# --- title, number and status read from the document itself (options override) -----------------
from loaders.document_names import entry_name  # noqa: E402

REALDOCS = Path(__file__).resolve().parent.parent.parent / "shared" / "realdocs"
# A draft's cover as the national drafts print it (text written for this test).
DRAFT_COVER = ("ICS 35.240\nCCS L 70\n中华人民共和国国家标准\nGB/T XXXXX—XXXX\n示例标准 小型文件\n"
               "Example standard—Small document\n（{stage}）\n"
               "XXXX - XX - XX 发布 XXXX - XX - XX 实施\n")


def _realdoc(name: str) -> Path:
    path = REALDOCS / name
    if not path.is_file():
        pytest.skip(f"真实标准 PDF 不在 {REALDOCS}（见 /work/shared/realdocs/README.md）")
    return path


@pytest.mark.parametrize("pdf, title, number", [
    ("dat-92-2022.pdf", "电子档案单套管理一般要求", "DA/T 92-2022"),
    ("gbt-18894-2016.pdf", "电子文件归档与电子档案管理规范", "GB/T 18894-2016"),
])
def test_a_published_pdf_is_listed_under_its_printed_title_and_number(corpus, pdf, title, number):
    entry = add_document(corpus, _realdoc(pdf), "standard")
    assert (entry.title, entry.number, entry.status) == (title, number, "Published")
    assert entry_name(entry) == f"{number}《{title}》"
    assert read_manifest(corpus)[-1] == entry


def test_options_given_win_over_what_the_cover_prints(corpus):
    entry = add_document(corpus, _realdoc("dat-92-2022.pdf"), "standard", title="单套管理", status="Superseded")
    assert (entry.title, entry.number, entry.status) == ("单套管理", "DA/T 92-2022", "Superseded")


@pytest.mark.parametrize("stage", ["征求意见稿", "送审稿", "报批稿"])
def test_a_draft_cover_makes_a_draft_named_by_its_stage_without_a_placeholder_number(corpus, tmp_path, stage):
    src = tmp_path / "draft.txt"
    src.write_text(DRAFT_COVER.format(stage=stage) + SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    entry = add_document(corpus, src, "standard", plan_number="20259999-T-469")
    assert (entry.title, entry.number, entry.status) == ("示例标准 小型文件", "", "Draft")
    assert entry_name(entry) == f"20259999-T-469《示例标准 小型文件》（{stage}）"


def test_a_text_without_a_cover_keeps_its_file_name_as_title_and_is_a_draft(corpus, tmp_path):
    src = tmp_path / "无封面.txt"
    src.write_text(TEXT, encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert (entry.title, entry.number, entry.status) == ("无封面", "", "Draft")


@pytest.mark.parametrize("name, number", [("JTT 1078-2016.txt", "JT/T 1078-2016"),
                                          ("db32t-1580-2019.txt", "DB32/T 1580-2019")])
def test_a_text_without_a_number_takes_the_one_its_file_name_opens_with_and_says_so(corpus, tmp_path, name, number):
    from loaders.build import load_document

    src = tmp_path / name
    src.write_text(TEXT, encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert (entry.number, entry.status) == (number, "Published")
    problems = [str(p) for p in load_document(entry, corpus).problems]
    assert any(f"编号 {number} 取自文件名“{name}”" in p for p in problems)


def test_a_file_name_number_never_overrides_a_printed_number_or_a_draft_placeholder(corpus, tmp_path):
    src = tmp_path / "GBT 1-2000.txt"
    src.write_text("GB/T 30001—2020\n" + TEXT, encoding="utf-8")
    assert add_document(corpus, src, "standard").number == "GB/T 30001-2020"
    draft = tmp_path / "GBT 2-2000.txt"
    draft.write_text(DRAFT_COVER.format(stage="征求意见稿") + SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    assert add_document(corpus, draft, "standard").number == ""


def test_the_own_number_is_the_dated_one_before_the_replaced_standard_on_its_cover_line(corpus, tmp_path):
    # a converter's stray heading names the replaced standard, undated; the cover line prints the document's
    # own number and then, after 代替, the one it replaces
    src = tmp_path / "变电站.txt"
    src.write_text("# GB/T 30002.2\n\n* 中华人民共和国国家标准 **GB/T 30001.3—2025** 代替 GB/T 30002.2—2006\n"
                   + TEXT, encoding="utf-8")
    assert add_document(corpus, src, "standard").number == "GB/T 30001.3-2025"


def test_a_booklet_without_a_cover_number_takes_the_one_its_colophon_prints(corpus, tmp_path):
    from loaders.build import load_document

    src = tmp_path / "booklet.txt"
    src.write_text(TEXT + "\n本部分是T/ABC 30001的第2部分。\n\nT/ABC 30001.2-2018\n\n※\n\n某某出版社出版发行\n\n"
                   "书号：15113·5656\n\n定价：20.00元\n", encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert (entry.number, entry.status) == ("T/ABC 30001.2-2018", "Published")
    problems = [str(p) for p in load_document(entry, corpus).problems]
    assert any("取自书末版权页" in p for p in problems)
    # a number alone near the end without a publisher's lines below it is no colophon
    plain = tmp_path / "plain.txt"
    plain.write_text(TEXT + "\nT/ABC 30001.2-2018\n", encoding="utf-8")
    assert add_document(corpus, plain, "standard").number == ""


def test_a_standard_whose_chapter_numbers_stand_on_their_own_lines_is_admitted(corpus, tmp_path):
    # a PDF extraction that set each chapter number and its title in two text boxes, with page marks
    src = tmp_path / "企业标准.txt"
    src.write_text("**[p1]**\n\n某某公司企业标准\nQ/ABC 30001.0—2014\n某某技术规范 第0部分：术语\n\n---\n**[p5]**\n\n"
                   "4\n某某技术规范\n1\n范围\n本部分规定了术语。\n2\n规范性引用文件\n下列文件适用于本部分。\n"
                   "3\n术语与定义\n下列术语适用于本部分。\n", encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert entry.number == "Q/ABC 30001.0-2014"


def test_a_scanned_cover_with_a_stray_mark_a_split_year_and_a_part_line_gives_the_whole_number_and_title(
        corpus, tmp_path):
    from loaders.build import load_document
    from loaders.vocab import CDT

    # an OCR text layer: a one-character mark above the issuer, the year split (`20 11`), full-width dots,
    # the part's name on the line below the series title
    src = tmp_path / "scan.txt"
    src.write_text("ICS 13．220．20\nC 81\na亘\n中华人民共和国国家标准\nGB／T 30001．3—20 11\n示例监控系统\n"
                   "第3部分：示例通信协议\n201 1-07—29发布 2011—11—01实施\n" + TEXT, encoding="utf-8")
    entry = add_document(corpus, src, "standard")
    assert (entry.number, entry.title, entry.status) == (
        "GB/T 30001.3-2011", "示例监控系统 第3部分：示例通信协议", "Published")
    loaded = load_document(entry, corpus)
    assert {str(c) for c in loaded.graph.objects(None, CDT.ics)} == {"13.220.20"}
    # a year already whole keeps the number after it apart (`—2013 12`)
    from loaders.gbt_front_matter import _closed_up
    assert _closed_up("GB 50157—2013 12") == "GB 50157—2013 12"
