"""`cdtkg plan import`: read a plan list and keep it in the corpus with its provenance.

The list is read in full first (loaders/plan_sheet.py); only a list that can
be read is written: corpus/plan_projects.csv (UTF-8, the sheet's own columns
after 来源工作表 and 来源行) replaces the previous one atomically, and one row
is added to corpus/plan_imports.csv (when, from which file, its SHA-256, how
many projects). A refused file leaves the corpus as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .manifest import read_manifest
from .plan_projects import PLAN_FILE, read_stored
from .plan_sheet import ROW_COLUMN, SHEET_COLUMN, PlanSheet, read_plan_sheet
from .problems import CdtkgError

IMPORTS_FILE = "plan_imports.csv"
IMPORTS_COLUMNS = ("imported_at", "source_file", "sha256", "sheets", "projects", "warnings")


@dataclass
class PlanDiff:
    """What a newer import changes: projects added, removed, and moved to another stage."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[tuple[str, str, str]] = field(default_factory=list)   # (project, old stage, new stage)

    @property
    def count(self) -> int:
        return len(self.added) + len(self.removed) + len(self.moved)


@dataclass
class ImportResult:
    sheet: PlanSheet
    stored: Path
    diff: PlanDiff | None


def _label(row) -> str:
    return f"{row.key} {row.name}" if row.key != row.name else row.name


def diff(old: PlanSheet | None, new: PlanSheet) -> PlanDiff | None:
    """The projects `new` adds, removes and moves to another stage compared with `old` (None without one)."""
    if old is None:
        return None
    before = {r.key: r for r in old.rows}
    after = {r.key: r for r in new.rows}
    out = PlanDiff()
    out.added = [_label(after[k]) for k in after if k not in before]
    out.removed = [_label(before[k]) for k in before if k not in after]
    out.moved = [(_label(after[k]), before[k].stage or "阶段未知", after[k].stage or "阶段未知")
                 for k in after if k in before and before[k].stage != after[k].stage]
    return out


def _write_atomic(path: Path, rows: list[list[str]]) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return tmp


def import_plan(corpus: Path, file: Path, sheet: str | None = None) -> ImportResult:
    """Read `file` and keep it in `corpus` as the committee's plan list; returns what was read and changed.

    Raises CdtkgError (corpus untouched) when the file cannot be read as a plan list.
    """
    corpus, file = Path(corpus), Path(file)
    read_manifest(corpus)   # refuses a folder that is not a corpus
    new = read_plan_sheet(file, sheet)
    if not new.rows:
        raise CdtkgError(f"{file.name} 中没有读到任何项目（每行都缺项目名称？）；语料未改动。")
    try:
        old = read_stored(corpus)
    except CdtkgError:
        old = None
    rows = [[SHEET_COLUMN, ROW_COLUMN, *new.headers]]
    rows += [[r.sheet, str(r.line), *(r.cells.get(h, "") for h in new.headers)] for r in new.rows]
    stored = corpus / PLAN_FILE
    log = corpus / IMPORTS_FILE
    history = []
    if log.is_file():
        with log.open(encoding="utf-8", newline="") as f:
            history = list(csv.reader(f))[1:]
    warnings = sum(1 for p in new.problems if p.severity.value == "warning")
    history.append([dt.datetime.now().astimezone().isoformat(timespec="seconds"), file.name,
                    hashlib.sha256(file.read_bytes()).hexdigest(), "、".join(new.sheets), str(len(new.rows)),
                    str(warnings)])
    tmp_plan = _write_atomic(stored, rows)
    tmp_log = _write_atomic(log, [list(IMPORTS_COLUMNS), *history])
    tmp_plan.replace(stored)
    tmp_log.replace(log)
    return ImportResult(new, stored, diff(old, new))
