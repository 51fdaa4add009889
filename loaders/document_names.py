"""How a document is named to a reader, everywhere: by its number, else (a draft) by its plan
number, then its title — `T/SZS 4042-2021《城市数字化转型顶层设计指南》`,
`20250317-T-469《城市全域数字化转型 技术参考模型》（征求意见稿）`. A file name is never a name."""
from __future__ import annotations

from .standard_numbers import is_placeholder
from .vocab import CDT_IRI, DCT_IRI, FOAF_IRI, RDFS_IRI, SKOS_IRI

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
    title = " ".join((title or "").split())
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


# What names a resource: a code (number, notation, list marker…) and a name, each the first found.
CODE_PROPERTIES = tuple(CDT_IRI + p for p in ("standardNumber", "number")) + (SKOS_IRI + "notation",) + tuple(
    CDT_IRI + p for p in ("marker", "abbreviation", "planNumber"))
NAME_PROPERTIES = (SKOS_IRI + "prefLabel", DCT_IRI + "title", FOAF_IRI + "name", RDFS_IRI + "label")
NAMING_PROPERTIES = CODE_PROPERTIES + NAME_PROPERTIES + (CDT_IRI + "locator",)
_LANGUAGE_RANK = {"zh": 0, "": 1, "en": 2}


def _best(values: list[tuple[str, str]] | None) -> str:
    """The value to show of (value, language) pairs: Chinese, then untagged, then English, then any."""
    if not values:
        return ""
    return min(values, key=lambda v: (_LANGUAGE_RANK.get(v[1] or "", 3), v[0]))[0].strip()


def _first(facts: dict, properties: tuple[str, ...]) -> str:
    return next((v for p in properties if (v := _best(facts.get(p)))), "")


def document_name_of(facts: dict[str, list[tuple[str, str]]], short: bool = False) -> str:
    """Return document_name of a document given by the facts that name it (as resource_name reads them)."""
    return document_name(_best(facts.get(CDT_IRI + "standardNumber")), _best(facts.get(CDT_IRI + "planNumber")),
                         _first(facts, NAME_PROPERTIES), _best(facts.get(CDT_IRI + "status")), short=short)


def resource_name(facts: dict[str, list[tuple[str, str]]], short: bool = False) -> str | None:
    """Return the one name of a resource from the facts that name it (property IRI → (value, language)
    pairs; the key "document" present for a document, CDT status → its local name): a document as
    document_name says; anything else by its code and name (`7.2.9 数据安全`, `B.1.1 感知基础设施`), its
    name or code alone, or its locator. None when nothing names it. With `short`, a document is named
    as a place names it (document_name's short form)."""
    name = _first(facts, NAME_PROPERTIES)
    if "document" in facts and (named := document_name_of(facts, short)):
        return named
    code = _first(facts, CODE_PROPERTIES)
    if code and name and not name.startswith(code):
        return f"{code} {name}"
    return name or code or _best(facts.get(CDT_IRI + "locator")) or None
