"""How a document is named to a reader, everywhere: by its number, else (a draft) by its plan
number, then its title — `T/SZS 4042-2021《城市数字化转型顶层设计指南》`,
`20250317-T-469《城市全域数字化转型 技术参考模型》（征求意见稿）`. A file name is never a name."""
from __future__ import annotations

from .standard_numbers import is_placeholder

DRAFT_MARK = "（征求意见稿）"
DRAFT_STAGES = ("征求意见稿", "送审稿", "报批稿", "工作组讨论稿")
_DRAFT_STATUSES = ("Draft", "draft", "征求意见稿")


def document_name(number: str = "", plan_number: str = "", title: str = "", status: str = "",
                  short: bool = False, stage: str = "") -> str:
    """Return the name of a document: in full `编号《标题》（征求意见稿）`, or with `short` only the
    number (or plan number) where there is one, else the title. A placeholder number
    (`GB/T XXXXX—XXXX`) is no number; a draft's title loses a trailing （征求意见稿）, which the
    full form puts after the closing 》 (a title already saying 征求意见稿 elsewhere is left as it is).
    A draft whose `stage` is known (送审稿, 报批稿 …) is marked with that stage instead."""
    number = "" if is_placeholder(number or "") else (number or "").strip()
    designation = number or (plan_number or "").strip()
    title = (title or "").strip()
    draft = status in _DRAFT_STATUSES or title.endswith(DRAFT_MARK)
    if title.endswith(DRAFT_MARK):
        title = title[: -len(DRAFT_MARK)].strip()
    if short and designation:
        return designation
    if not title:
        return designation
    quoted = title if "《" in title else f"《{title}》"
    mark = f"（{stage}）" if stage and draft else DRAFT_MARK
    marked = draft and not short and mark.strip("（）") not in title
    return f"{designation}{quoted}{mark if marked else ''}"


def entry_name(entry, short: bool = False) -> str:
    """The name of a manifest entry (see document_name). An explanatory note carries the plan number
    of the standard it explains, not its own: it is named by its title."""
    plan = "" if entry.kind == "note" else entry.plan_number
    stage = next((s for s in DRAFT_STAGES if s in entry.source), "")
    return document_name(entry.number, plan, entry.title, entry.status, short=short, stage=stage)
