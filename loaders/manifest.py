"""The corpus manifest (corpus/manifest.csv): which documents the graph is built from."""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from .problems import CorpusError

MANIFEST = "manifest.csv"
KINDS = ("standard", "guideline", "note")
STATUSES = ("Published", "Draft", "Superseded", "Planned")


@dataclass(frozen=True)
class Entry:
    id: str
    file: str
    kind: str
    title: str
    number: str
    plan_number: str
    status: str
    source_file: str
    source: str
    # columns added with PDF and Word sources; a manifest without them still reads
    format: str = ""     # text | pdf | docx | doc (empty: text, as before)
    pages: str = ""      # page count of a paginated original
    sha256: str = ""     # of the original file's bytes


OPTIONAL = ("format", "pages", "sha256")


def read_manifest(corpus: Path) -> list[Entry]:
    """Return the manifest entries of `corpus`, checked: files exist, kinds and statuses known."""
    path = Path(corpus) / MANIFEST
    if not path.is_file():
        raise CorpusError(f"{corpus} 中没有 {MANIFEST}：这不是一个 cdtkg 语料目录（用 --corpus 指定正确的目录，"
                          f"或用 `cdtkg init {corpus}` 新建一个空语料）。")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    names = [f.name for f in fields(Entry)]
    entries, seen = [], set()
    for i, row in enumerate(rows, start=2):
        missing = [n for n in names if n not in row and n not in OPTIONAL]
        if missing:
            raise CorpusError(f"{path}:{i}: 缺少列 {', '.join(missing)}")
        e = Entry(**{n: (row.get(n) or "").strip() for n in names})
        if e.kind not in KINDS:
            raise CorpusError(f"{path}:{i}: 未知的文档类型 {e.kind!r}（应为 {'/'.join(KINDS)}）")
        if e.status not in STATUSES:
            raise CorpusError(f"{path}:{i}: 未知的状态 {e.status!r}（应为 {'/'.join(STATUSES)}）")
        if e.id in seen:
            raise CorpusError(f"{path}:{i}: 文档编号 {e.id} 重复")
        if not (Path(corpus) / e.file).is_file():
            raise CorpusError(f"{path}:{i}: 找不到文件 {e.file}")
        seen.add(e.id)
        entries.append(e)
    return entries


def write_manifest(corpus: Path, entries: list[Entry]) -> None:
    """Rewrite the manifest atomically (write a temporary file, then rename)."""
    path = Path(corpus) / MANIFEST
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=[f.name for f in fields(Entry)])
        w.writeheader()
        for e in entries:
            w.writerow(asdict(e))
    tmp.replace(path)
