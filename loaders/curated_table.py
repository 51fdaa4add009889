"""The corpus's curated CSV tables (alignment, coverage): their rows, with what is wrong in a table's shape reported."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from .problems import CdtkgError, LoadResult
from .text_encoding import decode_unicode


def curated_rows(path: Path, columns: tuple[str, ...], result: LoadResult, *,
                 when_missing: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (file line, row) for each row of the table at `path` whose cells fill `columns`, the cells stripped.

    A missing file is a warning saying `when_missing`; a file that is not Unicode text or whose header is not `columns`
    is a warning and nothing is read; a row with another number of cells is a warning on its line and
    skipped. Blank rows and rows whose first cell starts with `#` (comments) are skipped silently.
    """
    if not path.is_file():
        result.warn(path.name, None, when_missing)
        return
    try:
        text = decode_unicode(path.read_bytes(), path.name, what_to_give="请另存为 UTF-8 编码的 CSV 表。")
    except CdtkgError as e:
        result.warn(path.name, None, f"{e}整张表未读取。")
        return
    if text is None:
        result.warn(path.name, None, "不是 UTF-8 或 UTF-16 编码：请另存为 UTF-8 编码的 CSV 表。整张表未读取。")
        return
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(h.strip() for h in rows[0]) != columns:
        result.warn(path.name, 1, f"表头应为 {','.join(columns)}；整张表未读取。")
        return
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) != len(columns):
            result.warn(path.name, line, f"应有 {len(columns)} 列，实有 {len(cells)} 列；该行未读取。")
            continue
        yield line, dict(zip(columns, (c.strip() for c in cells)))
