"""Add a document to a corpus: detect its encoding, refuse non-text and duplicates, update the manifest."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from charset_normalizer import from_bytes

from .manifest import Entry, read_manifest, write_manifest
from .problems import CdtkgError
from .source_document import read_source, sniff_format

_ACCEPTED = ("utf_8", "utf_8_sig", "gbk", "gb2312", "gb18030", "utf_16", "utf_16_le", "utf_16_be", "big5", "ascii")


def decode_document(data: bytes, name: str) -> str:
    """Return the text of `data` as str; refuses binary files and unknown encodings."""
    if not data.strip():
        raise CdtkgError(f"{name} 是空文件。")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise CdtkgError(f"{name} 不是文本文件（含有二进制内容）；请提供从 PDF 提取的纯文本。")
    best = from_bytes(data).best()
    if best is None or best.encoding not in _ACCEPTED:
        raise CdtkgError(f"{name} 不是可识别的文本（无法判断编码）；请转换为 UTF-8 或 GB18030 后再添加。")
    text = str(best)
    if not re.search(r"[\u4e00-\u9fff]", text):
        raise CdtkgError(f"{name} 中没有中文文字，不像是一份标准文本；请检查文件。")
    return text


def _fingerprint(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def _slug(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9\-]+", "-", Path(name).stem).strip("-").lower()
    return s or "document"


def add_document(corpus: Path, file: Path, kind: str, title: str = "", number: str = "",
                 plan_number: str = "", status: str = "Draft") -> Entry:
    """Copy `file` into `corpus` as UTF-8 and list it in the manifest; returns the new entry.

    A PDF or Word file is read first (a file no reader accepts is refused and
    nothing is written), then kept as it is, with its format, pages and sha256.
    """
    corpus, file = Path(corpus), Path(file)
    if not file.is_file():
        raise CdtkgError(f"找不到文件：{file}")
    if sniff_format(file) != "text":
        return _add_original(corpus, file, kind, title, number, plan_number, status)
    text = decode_document(file.read_bytes(), file.name)
    entries = read_manifest(corpus)
    digest = _fingerprint(text)
    for e in entries:
        if e.format not in ("", "text"):
            continue
        existing = (corpus / e.file).read_text(encoding="utf-8-sig", errors="replace")
        if _fingerprint(existing) == digest:
            raise CdtkgError(f"{file.name} 与语料中已有的 {e.file}（{e.title}）内容相同，未添加。")
    ident, n = _slug(file.name), 2
    taken = {e.id for e in entries} | {p.stem for p in corpus.iterdir()}
    base = ident
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    if not title:
        title = next((ln.strip() for ln in text.splitlines() if ln.strip()), ident)[:80]
    target = corpus / f"{ident}.txt"
    tmp = target.with_suffix(".txt.tmp")
    tmp.write_text(text, encoding="utf-8")
    entry = Entry(id=ident, file=target.name, kind=kind, title=title, number=number,
                  plan_number=plan_number, status=status, source_file=file.name,
                  source=f"cdtkg add（原编码已转换为 UTF-8）")
    tmp.replace(target)
    try:
        write_manifest(corpus, [*entries, entry])
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return entry


def _add_original(corpus: Path, file: Path, kind: str, title: str, number: str, plan_number: str,
                  status: str) -> Entry:
    """Keep a PDF or Word original in the corpus under its own name; returns the new entry."""
    source = read_source(file)      # refuses a damaged, encrypted, scanned or hostile file
    data = file.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    entries = read_manifest(corpus)
    for e in entries:
        if e.sha256 == sha:
            raise CdtkgError(f"{file.name} 与语料中已有的 {e.file}（{e.title}）是同一个文件，未添加。")
    taken = {e.id for e in entries} | {p.stem for p in corpus.iterdir()}
    names = {p.name for p in corpus.iterdir()}
    ident, n, base = _slug(file.name), 2, _slug(file.name)
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    target = corpus / (file.name if file.name not in names else f"{ident}{file.suffix}")
    if not title:
        title = file.stem[:80]
    tmp = corpus / f".{target.name}.tmp"
    tmp.write_bytes(data)
    entry = Entry(id=ident, file=target.name, kind=kind, title=title, number=number,
                  plan_number=plan_number, status=status, source_file=file.name,
                  source=f"cdtkg add（原件，{source.format.upper()}）", format=source.format,
                  pages=str(source.pages or ""), sha256=sha)
    tmp.replace(target)
    try:
        write_manifest(corpus, [*entries, entry])
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return entry
