"""The front matter of an engineering-construction standard (工程建设标准): dates, what it replaces, rosters.

Such a standard prints no 提出/归口 paragraph and no `本标准起草单位：`: its cover gives 施行日期 (or
实施日期), the ministry's 公告 or the 前言 says when it was issued, which standard it replaces (`《…》
（JTJ/T 272-99）同时废止`, `对《…》（JTG D62-2004）的修订`), and lists of 主编单位 / 参编单位 /
主要起草人员 stand after the 前言 or in the back matter (engineering_standard.roster). Titles, the
number and the English title are read from the cover as for any standard (gbt_front_matter).
"""
from __future__ import annotations

import re

from rdflib import XSD, Literal
from rdflib.namespace import DCTERMS

from .engineering_standard import roster
from .gbt_front_matter import add_agents, add_contributions, standard_node
from .gbt_structure import compact
from .standard_numbers import find_numbers
from .vocab import CDT

_DATE = r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"
_EFFECTIVE = (re.compile(r"(?:施行|实施)日期[:：]?" + _DATE), re.compile(r"自" + _DATE + r"起(?:施行|实施)"))
_ISSUED = re.compile(_DATE + r"(?:批准)?发布")
_DATE_LINE = re.compile(r"^" + _DATE + r"$")
_REPLACED = re.compile(r"《([^》]+)》\s*[(（]([^（）()]+)[)）]\s*(?:同时废止|的修订|废止)")


def _date(m: re.Match) -> Literal | None:
    year, month, day = m.groups()[-3:]
    try:
        return Literal(f"{year}-{int(month):02d}-{int(day):02d}", datatype=XSD.date)
    except ValueError:
        return None


def add_engineering_front_matter(ctx) -> None:
    """Add the dates, the replaced standard and the drafting units and drafters of an engineering standard."""
    st = ctx.structure
    if st.rules != "engineering":
        return
    preface = next((c for c in st.clauses if c.kind == "preface"), None)
    printed = [ln.text for ln in st.cover + (preface.lines if preface else [])]
    _add_dates(ctx, [compact(t) for t in printed])
    _add_replaced(ctx, " ".join(printed))
    if preface is not None:
        add_agents(ctx, preface)   # `由…归口并负责组织实施`, as a GB/T 1.1 foreword says it
    found = roster(st, ctx.raw)
    where = "前言" if preface is not None else "封面"
    if found.units:
        add_contributions(ctx, "drafting-unit", found.units, where)
    else:
        ctx.warn(None, "没有找到主编单位、参编单位名单。")
    if found.drafters:
        add_contributions(ctx, "drafter", found.drafters, where)
    else:
        ctx.warn(None, "没有找到主要起草人员名单。")


def _add_dates(ctx, front: list[str]) -> None:
    """施行日期 from the cover (`施行日期：` then the date, on one line or two) or `自…起施行`; the issue date
    from `…发布`, else the date that closes the ministry's 公告."""
    g, doc = ctx.g, ctx.doc
    joined = "".join(front)
    if (doc, CDT.effectiveDate, None) not in g:
        for rx in _EFFECTIVE:
            m = rx.search(joined)
            if m and _date(m) is not None:
                g.add((doc, CDT.effectiveDate, _date(m)))
                break
    if (doc, DCTERMS.issued, None) not in g:
        m = _ISSUED.search(joined)
        if m is None:
            after_notice = next((i for i, t in enumerate(front) if t.endswith("公告")), None)
            if after_notice is not None:
                m = next((_DATE_LINE.match(t) for t in front[after_notice:] if _DATE_LINE.match(t)), None)
        if m is not None and _date(m) is not None:
            g.add((doc, DCTERMS.issued, _date(m)))


def _add_replaced(ctx, front: str) -> None:
    """The standard this one replaces: `《…》（JTJ/T 272-99）同时废止` in the 公告, or the edition the 前言
    says it revises (`对《…》（JTG D62-2004）的修订`)."""
    for m in _REPLACED.finditer(front):
        found = find_numbers(m.group(2))
        if not found or (ctx.doc, DCTERMS.replaces, None) in ctx.g:
            continue
        old = standard_node(ctx, found[0].number, m.group(1))
        if old == ctx.doc:
            continue
        ctx.g.add((ctx.doc, DCTERMS.replaces, old))
        ctx.g.add((old, DCTERMS.isReplacedBy, ctx.doc))
        ctx.g.set((old, CDT.status, CDT.Superseded))
