"""The corpus as a committee secretary keeps it: start one, add a document (admitted only when it
reads as a standard-like text), take one out, list what is in it with the status of its last parse."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from .document_names import entry_name
from .manifest import MANIFEST, Entry, read_manifest, write_manifest
from .problems import CdtkgError, os_error_reason, os_failure
from .engineering_standard import read_structure
from .gbt_front_matter import Cover, colophon_number, read_cover
from .han import HAN, HAN_CHAR
from .list_markers import CN_ITEM
from .pdf_text import physical_lines
from .text_encoding import decode_unicode
from .source_document import SourceDocument, read_source, sniff_format
from .standard_numbers import find_numbers, number_in_file_name

_ACCEPTED = ("utf_8", "utf_8_sig", "gbk", "gb2312", "gb18030", "utf_16", "utf_16_le", "utf_16_be", "big5", "ascii")
# A heading of a standard-like text: `4.1 接入`, `一、总体要求`, `第一章 总则`, `附录 A`, also as OCR Markdown
# prints it (`# 1范围`, `**5.1 总则**`).
_HEADING = re.compile(rf"^\s*(?:#{{1,6}}\s*)?(?:\*\*)?(?:\d{{1,2}}(?:\.\d{{1,2}})*\s*[{HAN}]|{CN_ITEM}|"
                      r"第[一二三四五六七八九十\d]+[章节条]|附\s*录\s*[A-Z])", re.M)


def decode_document(data: bytes, name: str) -> str:
    """Return the text of `data` as str; refuses empty and binary files and unknown encodings."""
    if not data.strip():
        raise CdtkgError(f"{name} 是空文件。")
    text = decode_unicode(data, name, what_to_give="请提供 PDF、Word（.docx）或 UTF-8 / GB18030 文本。")
    if text is not None:
        return text
    best = from_bytes(data).best()
    if best is None or best.encoding not in _ACCEPTED:
        raise CdtkgError(f"{name} 不是可识别的文本（无法判断编码）；请转换为 UTF-8 或 GB18030 后再添加。")
    return str(best)


def _read(path: Path):
    """(text, source) of `path`: a text file decoded (source None); a PDF or Word file read by its
    reader, which refuses a damaged, encrypted, scanned, garbled or hostile file."""
    if sniff_format(path) == "text":
        return decode_document(path.read_bytes(), path.name), None
    source = read_source(path)
    return source.text, source


def admit(path: Path) -> str:
    """Return the text of the file at `path` when it reads as a standard-like document; raises
    CdtkgError with the reason otherwise (a folder, a missing, empty or binary file, no Chinese
    text, no clause structure)."""
    return _admit(Path(path))[0]


def _admit(path: Path):
    """(text, source) of an admitted file (see admit; source is None for a text file)."""
    if path.is_dir():
        raise CdtkgError(f"{path} 是一个文件夹，不是文档：请逐份加入其中的文件，如 `cdtkg add {path}/某标准.txt --kind standard`。")
    if not path.is_file():
        raise CdtkgError(f"找不到文件：{path}")
    try:
        text, source = _read(path)
    except PermissionError as e:
        raise CdtkgError(f"没有权限读取 {path}。") from e
    if not HAN_CHAR.search(text):
        raise CdtkgError(f"{path.name} 中没有中文文字，不像是一份标准文本；请检查文件。")
    if not _HEADING.search(text):
        raise CdtkgError(f"{path.name} 中找不到条款结构（如“1 范围”“4.1 …”或“一、…”这样的编号标题），"
                         "不像是一份标准或指南；请检查文件。")
    return text, source


def _refuse_without_clauses(path: Path, structure) -> None:
    """Refuse, with the reason, a standard in whose clause tree the reader the build uses finds no numbered
    clause: a notice or a letter (`一、总体要求`) would load as an empty standard. A damaged standard with a
    few chapters left is admitted; its build reports what is missing."""
    if not any(c.kind in ("chapter", "clause") for c in structure.clauses):
        raise CdtkgError(f"{path.name} 中没有识别出任何编号条款（如“1 范围”“4.1 …”）：不像是一份标准。"
                         "若它是政策文件或指南，请用 `--kind guideline` 加入；若是扫描件，请先取得可复制文字的版本。")


def _fingerprint(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()


def safe_stem(name: str) -> str:
    """The file's own name without folder or suffix, kept readable (Chinese included) with only
    letters, digits and `-_.（）()《》` left; "document" when nothing is left."""
    stem = Path(unicodedata.normalize("NFC", Path(name).name)).stem
    stem = re.sub(r"[^\w\-.（）()《》]+", "-", stem).strip("-.")
    return stem or "document"


def _unwritable(corpus: Path, e: OSError) -> CdtkgError:
    return os_failure(f"无法写入语料目录 {corpus}（{os_error_reason(e)}），语料没有改动。", e)


def init_corpus(directory: Path) -> Path:
    """Make `directory` an empty corpus (a manifest listing no documents); returns the manifest path.
    Refuses a folder that already holds a manifest or other files."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise CdtkgError(f"{directory} 已存在且不是文件夹。")
    if (directory / MANIFEST).exists():
        raise CdtkgError(f"{directory} 已经是一个语料目录（有 {MANIFEST}）。")
    if directory.is_dir() and any(p for p in directory.iterdir() if not p.name.startswith(".")):
        raise CdtkgError(f"{directory} 不是空文件夹：请换一个新文件夹，再用 `cdtkg add` 加入文档。")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_manifest(directory, [])
    except OSError as e:
        raise _unwritable(directory, e) from e
    return directory / MANIFEST


@dataclass(frozen=True)
class Described:
    """What the manifest says of a document: given as options, else read from the document's cover."""

    title: str
    number: str
    status: str    # Published / Draft / Superseded / Planned
    stage: str     # the draft stage printed on the cover (征求意见稿 …), "" for none


def describe(source: SourceDocument, kind: str, title: str = "", number: str = "", status: str = "") -> Described:
    """The title, number and status of the document a reader read: each option given wins; a standard
    otherwise gives the title and number printed before chapter 1 and is a draft when its cover prints
    a draft stage (征求意见稿, 送审稿, 报批稿), published when it prints a real number and no stage,
    else a draft. Other kinds keep the options (their covers follow no GB/T 1.1 rule). A standard in which
    the reader finds no numbered clause is refused (CdtkgError with the reason)."""
    cover = Cover(None, None, None)
    if kind == "standard":
        structure = read_structure(source.lines)
        _refuse_without_clauses(source.path, structure)
        cover = read_cover(source, structure)
        if not cover.number and not cover.stage and not _prints_placeholder(source.text):
            # a text without a cover names itself on its colophon (T/CAMET 04010.2's booklet), or only in its
            # file name (JT/T 1078's: `JTT 1078-2016.pdf`)
            cover = Cover(cover.title, colophon_number(source.text) or number_in_file_name(source.path.name),
                          cover.stage)
    if not status:
        status = "Published" if cover.number and not cover.stage else "Draft"
    return Described(title or cover.title or "", number or cover.number or "", status, cover.stage or "")


def _prints_placeholder(text: str) -> bool:
    """Whether the text's opening prints a number not yet assigned (`GB/T XXXXX—XXXX`): a draft's own."""
    return any(f.is_placeholder for f in find_numbers(text[:3000]))


def add_document(corpus: Path, file: Path, kind: str, title: str = "", number: str = "",
                 plan_number: str = "", status: str = "") -> Entry:
    """Copy `file` into `corpus` as UTF-8 under its own name and list it in the manifest; returns
    the new entry. Title, number and status not given are read from the document (see describe).
    Nothing changes when the file is refused or the corpus cannot be written."""
    corpus, file = Path(corpus), Path(file)
    text, source = _admit(file)
    entries = read_manifest(corpus)
    if source is not None:
        return _add_original(corpus, entries, file, source, kind,
                             describe(source, kind, title, number, status), plan_number)
    described = describe(SourceDocument(path=file, format="text", text=text, lines=physical_lines(text)),
                         kind, title, number, status)
    digest = _fingerprint(text)
    for e in entries:
        if e.format not in ("", "text"):
            continue
        existing = (corpus / e.file).read_text(encoding="utf-8-sig", errors="replace")
        if _fingerprint(existing) == digest:
            raise CdtkgError(f"{file.name} 与语料中已有的 {entry_name(e)}（{e.file}）内容相同，未添加。")
    ident = _free_id(corpus, entries, file.name)
    entry = Entry(id=ident, file=f"{ident}.txt", kind=kind, title=described.title or ident, number=described.number,
                  plan_number=plan_number, status=described.status, source_file=file.name,
                  source=f"cdtkg add（原编码已转换为 UTF-8{_stage_note(described)}）")
    return _store(corpus, entries, entry, text.encode("utf-8"))


def _free_id(corpus: Path, entries: list[Entry], name: str) -> str:
    """The file's own safe stem, numbered (`-2`, `-3` …) when an entry or a file already has it.
    A file is commonly named for its title, so the id is also the default title."""
    taken = {e.id for e in entries} | {p.stem for p in corpus.iterdir()}
    ident, n, base = safe_stem(name), 2, safe_stem(name)
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _store(corpus: Path, entries: list[Entry], entry: Entry, data: bytes) -> Entry:
    """Write `data` as the entry's file and list the entry; on failure nothing is left behind."""
    target = corpus / entry.file
    tmp = corpus / f".{target.name}.tmp"
    try:
        tmp.write_bytes(data)
        tmp.replace(target)
        write_manifest(corpus, [*entries, entry])
    except OSError as e:
        _discard(tmp)
        if not any(x.file == target.name for x in read_manifest(corpus)):
            _discard(target)
        raise _unwritable(corpus, e) from e
    return entry


def _discard(path: Path) -> None:
    """Delete `path` if the file system lets us; a leftover .tmp file never enters the graph."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def find_entry(entries: list[Entry], what: str) -> Entry:
    """The entry `what` names: its number, plan number, title, file or id (a unique part of the
    title will do); raises CdtkgError naming the candidates otherwise."""
    key = _key(what)
    exact = [e for e in entries
             if key in {_key(e.number), _key(e.plan_number), _key(e.title), _key(e.file), _key(e.id),
                        _key(entry_name(e)), _key(entry_name(e, short=True))}]
    if len({e.id for e in exact}) == 1:
        return exact[0]
    partial = exact or [e for e in entries if key and key in _key(e.title)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = "；".join(f"{entry_name(e)}（{e.file}）" for e in partial)
        raise CdtkgError(f"“{what}”对应多份文档：{names}。请给出标准号或文件名。")
    raise CdtkgError(f"语料中没有“{what}”这份文档；用 `cdtkg list` 查看语料中的文档。")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", "", text).lower()


def remove_document(corpus: Path, what: str) -> Entry:
    """Take the document `what` names (see find_entry) out of `corpus`: its manifest row and its
    file; returns the removed entry. The last good build is kept until the next build."""
    corpus = Path(corpus)
    entries = read_manifest(corpus)
    entry = find_entry(entries, what)
    try:
        write_manifest(corpus, [e for e in entries if e.id != entry.id])
    except OSError as e:
        raise _unwritable(corpus, e) from e
    _discard(corpus / entry.file)   # listed nowhere now: a file left behind no longer enters the graph
    return entry


@dataclass(frozen=True)
class Listed:
    """One document of a corpus, as `cdtkg list` shows it."""

    entry: Entry
    name: str
    status: str   # the last parse: 已解析 / 解析失败 / 尚未构建


def list_corpus(corpus: Path) -> list[Listed]:
    """Every document of the manifest, named, with the outcome of its last parse."""
    entries = read_manifest(corpus)
    parsed = last_parse(corpus)
    return [Listed(e, entry_name(e), parsed.get(e.file, "尚未构建")) for e in entries]


def last_parse(corpus: Path) -> dict[str, str]:
    """The outcome of the latest build's parse of each file, from the builds' summaries."""
    from .build import SUMMARY_FILE, build_root

    summaries = []
    for folder in ("current", "failed"):
        try:
            summaries.append(json.loads((build_root(corpus) / folder / SUMMARY_FILE).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    status: dict[str, str] = {}
    for summary in sorted(summaries, key=lambda s: s.get("built_at", 0)):
        errors: dict[str, str] = {}
        for p in summary.get("problems", []):
            if p.get("severity") == "error":
                errors.setdefault(p.get("file", ""), p.get("message", ""))
        for doc in summary.get("documents", []):
            if not doc.get("file"):
                continue
            failed = errors.get(doc["file"])
            status[doc["file"]] = (f"解析失败：{failed}" if failed is not None
                                   else f"已解析（{doc.get('triples', 0)} 个三元组）")
    return status


def _stage_note(described: Described) -> str:
    """The cover's draft stage for the manifest's source column, where the loaders and names read it."""
    return f"；封面为{described.stage}" if described.stage else ""


def _add_original(corpus: Path, entries: list[Entry], file: Path, source, kind: str, described: Described,
                  plan_number: str) -> Entry:
    """Keep a PDF or Word original in the corpus under its own name; returns the new entry."""
    data = file.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    for e in entries:
        if e.sha256 == sha:
            raise CdtkgError(f"{file.name} 与语料中已有的 {entry_name(e)}（{e.file}）是同一个文件，未添加。")
    ident = _free_id(corpus, entries, file.name)
    entry = Entry(id=ident, file=f"{ident}.{source.format}", kind=kind, title=described.title or ident,
                  number=described.number, plan_number=plan_number, status=described.status, source_file=file.name,
                  source=f"cdtkg add（原件，{source.format.upper()}{_stage_note(described)}）", format=source.format,
                  pages=str(source.pages or ""), sha256=sha)
    return _store(corpus, entries, entry, data)
