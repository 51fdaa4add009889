"""A city's self-assessment against the maturity model (CTMM), under the model's own rule.

CTMM chapter 6: 较高的成熟度等级应基本具备低于该成熟度等级的全部特征 — a level
counts only when the features of every lower level are held too. A city answers
per capability item, either by picking the level it claims (which asserts every
statement of that level and below) or by ticking the lettered statements it
holds; both feed one rule, so they can be mixed.

The document does not say how items add up to a domain; here a domain stands at
the level all of its items reach (its weakest item), and the city at the level
all domains reach — the reading that never claims a level some part of the city
lacks. The mean is reported beside it for the radar chart.

Everything is read from the graph through queries/app_maturity_*.rq, so a
revised maturity model with other items, levels or statements needs no new code.
"""
from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping

NO_LEVEL_LABEL = "未达一级"


@dataclass(frozen=True)
class Statement:
    """One lettered statement of a level feature (or the whole cell when it has no letters)."""

    iri: str
    marker: str
    text: str


@dataclass(frozen=True)
class Feature:
    """One cell of the matrix: an item at a level."""

    iri: str
    level: int
    text: str
    locator: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Helper:
    """A standard that helps an item, and how it is connected to the item."""

    iri: str
    designation: str    # standard number, plan number or 编号待定
    title: str
    status: str
    via: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.designation} {self.title}".strip()


@dataclass(frozen=True)
class Item:
    iri: str
    label: str
    domain: str
    domain_label: str
    subdomain_label: str
    features: Mapping[int, Feature]
    subdomain: str = ""

    def statements_up_to(self, level: int) -> list[Statement]:
        """Return every statement of the features at `level` and below, lowest level first."""
        return [s for n in sorted(self.features) if n <= level for s in self.features[n].statements]


@dataclass(frozen=True)
class MaturityModel:
    """The levels, domains and items of the model, with the standards that help each item."""

    levels: Mapping[int, str]                    # 1 → 基础级
    domains: tuple[tuple[str, str], ...]         # (iri, label) in document order
    items: tuple[Item, ...]
    helpers: Mapping[str, tuple[Helper, ...]]    # item iri → helpers

    @property
    def top_level(self) -> int:
        return max(self.levels, default=0)

    def level_label(self, level: int) -> str:
        """Return the name of a level (`三级（协同级）`), or 未达一级 for 0."""
        if level <= 0:
            return NO_LEVEL_LABEL
        return f"{_LEVEL_DIGITS.get(level, str(level))}级（{self.levels.get(level, '')}）"

    def item(self, iri: str) -> Item:
        return next(i for i in self.items if i.iri == iri)

    def items_of(self, domain: str) -> list[Item]:
        return [i for i in self.items if i.domain == domain]


_LEVEL_DIGITS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七"}


def _designation(row: dict) -> str:
    if row.get("number"):
        return str(row["number"])
    if row.get("planNumber"):
        return f"计划号 {row['planNumber']}"
    return "编号待定" if row.get("isStandard") else ""


def model_from_rows(statement_rows: Iterable[dict], helper_rows: Iterable[dict]) -> MaturityModel:
    """Return the MaturityModel assembled from the rows of app_maturity_statements.rq and
    app_maturity_item_standards.rq."""
    levels: dict[int, str] = {}
    domains: dict[str, str] = {}
    item_info: dict[str, tuple] = {}
    cells: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in statement_rows:
        level = int(r["levelNumber"])
        levels[level] = r["levelLabel"]
        domains.setdefault(r["domain"], r["domainLabel"])
        item_info.setdefault(r["item"], (r["itemLabel"], r["domain"], r["domainLabel"], r["subdomainLabel"],
                                         r.get("subdomain") or ""))
        cell = cells[r["item"]].setdefault(level, {
            "iri": r["feature"], "text": r.get("featureText") or "", "locator": r.get("locator") or "",
            "statements": {},
        })
        if r.get("statement"):
            cell["statements"].setdefault(r["statement"], Statement(r["statement"], r.get("marker") or "",
                                                                   r.get("statementText") or ""))
    items = []
    for iri, (label, domain, domain_label, subdomain_label, subdomain) in item_info.items():
        features = {}
        for level, cell in cells[iri].items():
            # A cell without lettered statements is one statement: the cell itself.
            statements = tuple(cell["statements"].values()) or (Statement(cell["iri"], "", cell["text"]),)
            features[level] = Feature(cell["iri"], level, cell["text"], cell["locator"], statements)
        items.append(Item(iri, label, domain, domain_label, subdomain_label, features, subdomain))

    grouped: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in helper_rows:
        h = grouped[r["item"]].setdefault(r["standard"], {"row": r, "via": []})
        via = f"{r['via']}：{r['viaLabel']}" if r.get("viaLabel") else r["via"]
        if via not in h["via"]:
            h["via"].append(via)
    def rank(h: dict) -> tuple:
        # standards in force or drafted first, then other documents, then what is only planned
        row = h["row"]
        return (0 if row.get("isStandard") else 1 if row.get("status") != "规划" else 2,
                _designation(row), row.get("title") or "")

    helpers = {
        item: tuple(Helper(iri, _designation(h["row"]), h["row"].get("title") or "", h["row"].get("status") or "",
                           tuple(sorted(h["via"]))) for iri, h in sorted(by_standard.items(), key=lambda kv: rank(kv[1])))
        for item, by_standard in grouped.items()
    }
    return MaturityModel(dict(sorted(levels.items())), tuple(domains.items()), tuple(items), helpers)


def model_documents(graph) -> list[dict]:
    """Return the documents defining capability items (rows of app_maturity_models.rq), in order of
    designation, each as model IRI, name and item count; the name is the document's number or title,
    followed by its draft stage and source file where another edition has the same number or title."""
    rows = graph.named("app_maturity_models").records()
    shared = Counter(r["designation"] for r in rows)
    return [{"model": r["model"], "items": int(r["items"]),
             "designation": r["designation"] if shared[r["designation"]] == 1 else
             f"{r['designation']}（{'，'.join(x for x in (r.get('stage'), r.get('file')) if x)}）"}
            for r in rows]


def load_model(graph, model: str | None = None) -> MaturityModel:
    """Return the maturity model defined by the document `model` (an IRI; every capability item of
    the graph when None) in `graph` (a queries.graph.Graph)."""
    params = {"model": model} if model else None
    return model_from_rows(graph.named("app_maturity_statements", params).records(),
                           graph.named("app_maturity_item_standards", params).records())


# --- the assessment ----------------------------------------------------------------------
@dataclass(frozen=True)
class Answers:
    """What a city says about itself: levels picked per item and statements ticked."""

    picked: Mapping[str, int] = field(default_factory=dict)    # item iri → level claimed
    ticked: frozenset[str] = frozenset()                       # statement iris held


@dataclass(frozen=True)
class ItemResult:
    item: Item
    level: int
    held_above: tuple[int, ...]        # higher levels fully held but not counted (a lower one is missing)
    next_level: int | None             # None at the top level
    missing: tuple[Statement, ...]     # what the next level still needs
    helpers: tuple[Helper, ...]


@dataclass(frozen=True)
class DomainResult:
    iri: str
    label: str
    level: int                         # the level all its items reach
    mean: float                        # mean item level, for the radar chart
    holding_back: tuple[ItemResult, ...]   # the items at the domain's level: raise these to raise it


@dataclass(frozen=True)
class Assessment:
    model: MaturityModel
    items: tuple[ItemResult, ...]
    domains: tuple[DomainResult, ...]
    level: int                         # the city: the level all domains reach
    holding_back: tuple[DomainResult, ...]

    @property
    def level_label(self) -> str:
        return self.model.level_label(self.level)

    def item(self, iri: str) -> ItemResult:
        return next(r for r in self.items if r.item.iri == iri)

    def domain(self, label_or_iri: str) -> DomainResult:
        return next(d for d in self.domains if label_or_iri in (d.iri, d.label))


def held_statements(model: MaturityModel, answers: Answers) -> set[str]:
    """Return the statements a city holds: those ticked, plus every statement at or below a picked level."""
    held = set(answers.ticked)
    for item in model.items:
        claimed = int(answers.picked.get(item.iri, 0) or 0)
        held.update(s.iri for s in item.statements_up_to(claimed))
    return held


def _assess_item(model: MaturityModel, item: Item, held: set[str]) -> ItemResult:
    complete = [n for n, f in sorted(item.features.items()) if all(s.iri in held for s in f.statements)]
    level = 0
    for n in sorted(model.levels):
        if n not in complete:
            break
        level = n
    held_above = tuple(n for n in complete if n > level)
    next_level = level + 1 if level + 1 in item.features else None
    missing = tuple(s for s in item.features[next_level].statements if s.iri not in held) if next_level else ()
    return ItemResult(item, level, held_above, next_level, missing, model.helpers.get(item.iri, ()))


def assess(model: MaturityModel, answers: Answers) -> Assessment:
    """Return the levels per item, per domain and overall, and what each lacks for its next level."""
    held = held_statements(model, answers)
    results = tuple(_assess_item(model, item, held) for item in model.items)
    domains = []
    for iri, label in model.domains:
        mine = [r for r in results if r.item.domain == iri]
        if not mine:
            continue
        level = min(r.level for r in mine)
        domains.append(DomainResult(iri, label, level, round(sum(r.level for r in mine) / len(mine), 2),
                                    tuple(r for r in mine if r.level == level and r.next_level)))
    overall = min((d.level for d in domains), default=0)
    return Assessment(model, results, tuple(domains), overall,
                      tuple(d for d in domains if d.level == overall and d.holding_back))


# --- export ---------------------------------------------------------------------------------
def assessment_rows(a: Assessment) -> dict[str, list[dict]]:
    """Return the assessment as named tables of Chinese-headed rows: 总体, 能力项, 提升要点."""
    summary = [{"范围": "城市总体", "等级": a.level, "等级名称": a.level_label, "能力项平均等级": ""}]
    summary += [{"范围": d.label, "等级": d.level, "等级名称": a.model.level_label(d.level),
                 "能力项平均等级": d.mean} for d in a.domains]
    items = [{
        "能力域": r.item.domain_label, "能力子域": r.item.subdomain_label, "能力项": r.item.label,
        "等级": r.level, "等级名称": a.model.level_label(r.level),
        "已具备但未计入的更高等级": "、".join(a.model.level_label(n) for n in r.held_above),
        "下一等级": a.model.level_label(r.next_level) if r.next_level else "已达最高等级",
        "尚缺要点数": len(r.missing),
        "有助于提升的标准": "；".join(h.label for h in r.helpers),
    } for r in a.items]
    gaps = [{
        "能力域": r.item.domain_label, "能力项": r.item.label,
        "目标等级": a.model.level_label(r.next_level) if r.next_level else "",
        "位置": r.item.features[r.next_level].locator if r.next_level else "",
        "要点": s.marker, "内容": s.text,
        "有助于提升的标准": "；".join(h.label for h in r.helpers),
    } for r in a.items for s in r.missing]
    return {"总体": summary, "能力项": items, "提升要点": gaps}


def assessment_xlsx(a: Assessment, city: str = "") -> bytes:
    """Return the assessment as an xlsx workbook (one sheet per table of assessment_rows,
    frozen Chinese header row, widths fitted to the content)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in assessment_rows(a).items():
        ws = wb.create_sheet(name)
        columns = list(rows[0]) if rows else ["（无）"]
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([row.get(c) for c in columns])
        ws.freeze_panes = "A2"
        for i, c in enumerate(columns, start=1):
            longest = max([len(str(c))] + [len(str(r.get(c) or "")) for r in rows])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, max(8, longest * 2 + 2))
            for cell in ws[ws.cell(1, i).column_letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    about = wb.create_sheet("说明")
    about.append(["城市", city or "（未填写）"])
    about.append(["评估时间", datetime.now().strftime("%Y-%m-%d %H:%M")])
    about.append(["规则", "较高的成熟度等级应具备低于该等级的全部特征（CTMM 第6章）；能力域取其全部能力项都达到的等级，"
                         "城市总体取全部能力域都达到的等级。"])
    about.column_dimensions["B"].width = 80
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
