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
