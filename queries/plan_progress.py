"""Progress of the work programme toward the 2027 target: figures per topic and overall, late projects,
projects due too late to count, and a burn-up series.

The guide's 2027 target is a count of standards *made*: "制修订30项以上国际标准、国家标准、技术文件" by the
end of 2027 on nine named topics. The programme is every project of the imported plan list and every
ingested standard or technical document (plan_items.rq); where it falls in the framework is the coverage
mapping of each (plan_item_targets.rq). Rules:

- an item's stage is the furthest of what the list says and what its text says (a draft added as 征求意见稿
  moves a project listed at 起草 to 征求意见; a published text is 发布); 终止 stops it unless it is published;
- only international standards, national standards and technical documents count toward the target (the
  guide's words); a group standard is listed, not counted;
- 发布 is made; 立项 … 报批 and 延期 are in progress; 预研 is proposed; an item in progress due after
  2027-12-31 cannot count and is listed apart; an item not published past its due date is late;
- an item serves the topics it is mapped to (curated or derived, loaders/coverage.py); a topic's framework
  nodes are too broad (术语 relates to the whole of part A) to stand for it.

`programme(rows, today)` takes a function giving the rows of a named query, so the same figures come from
the embedded store and from a shared endpoint (queries/graph.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

YEAR = 2027
DEADLINE = dt.date(YEAR, 12, 31)
DEFAULT_TARGET = 30
ORDER = ("预研", "立项", "起草", "征求意见", "送审", "报批", "发布")
IN_PROGRESS = ("立项", "起草", "征求意见", "送审", "报批", "延期")
COUNTED_KINDS = ("国家标准", "国家标准化指导性技术文件", "国际标准")
# What a document's own text says about its stage.
_DRAFT_STAGES = (("报批", "报批"), ("送审", "送审"), ("征求意见", "征求意见"), ("讨论", "起草"), ("草案", "起草"))

Rows = Callable[..., list[dict]]


@dataclass
class Item:
    """One project or standard of the programme, with the stage and kind the rules give it."""

    iri: str
    key: str
    name: str
    kind: str
    stage: str             # effective stage: 预研 … 发布, 终止, 延期, or "" (unknown)
    listed_stage: str      # the stage the plan list gives
    stage_date: dt.date | None
    start: dt.date | None
    due: dt.date | None
    ingested: bool
    locator: str
    nodes: list[str] = field(default_factory=list)        # "A.2 参考架构"
    topics: list[str] = field(default_factory=list)       # 2027 topics, in the target's order
    topics_2030: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)        # why: curated / derived with score

    @property
    def counts(self) -> bool:
        """Whether the item is of a kind the 2027 target counts."""
        return self.kind in COUNTED_KINDS

    @property
    def state(self) -> str:
        """已发布 / 在编 / 预研 / 已终止 / 阶段未知."""
        if self.stage == "发布":
            return "已发布"
        if self.stage in IN_PROGRESS:
            return "在编"
        if self.stage == "预研":
            return "预研"
        if self.stage == "终止":
            return "已终止"
        return "阶段未知"

    def late(self, today: dt.date) -> bool:
        return self.state in ("在编", "预研") and self.due is not None and self.due < today

    @property
    def after_deadline(self) -> bool:
        return self.state in ("在编", "预研") and self.due is not None and self.due > DEADLINE

    def label(self) -> str:
        return f"{self.key} {self.name}" if self.key else self.name


@dataclass
class TopicProgress:
    topic: str
    published: int = 0
    in_progress: dict[str, int] = field(default_factory=dict)   # stage -> count
    proposed: int = 0
    after_deadline: int = 0
    items: list[str] = field(default_factory=list)

    @property
    def in_progress_total(self) -> int:
        return sum(self.in_progress.values())

    @property
    def state(self) -> str:
        if self.published:
            return "已有发布"
        if self.in_progress_total:
            return "在编"
        if self.after_deadline:
            return "在编但到期晚于2027年底"
        if self.proposed:
            return "只有预研"
        return "尚无项目"


@dataclass
class Progress:
    """The programme's figures against the 2027 target on `today`."""

    today: dt.date
    target: int
    items: list[Item]
    topics: list[TopicProgress]

    # Every figure below is computed once: a page reads them many times a run, over up to 10,000 items.
    @cached_property
    def _counted_by_state(self) -> dict[str, list[Item]]:
        out: dict[str, list[Item]] = {}
        for i in self.items:
            if i.counts:
                out.setdefault(i.state, []).append(i)
        return out

    def _counted(self, state: str) -> list[Item]:
        return self._counted_by_state.get(state, [])

    @cached_property
    def published(self) -> int:
        return len(self._counted("已发布"))

    @cached_property
    def in_progress(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for i in self._counted("在编"):
            if not i.after_deadline:
                out[i.stage] = out.get(i.stage, 0) + 1
        return {s: out[s] for s in (*ORDER, "延期") if s in out}

    @cached_property
    def in_progress_total(self) -> int:
        return sum(self.in_progress.values())

    @cached_property
    def proposed(self) -> int:
        return sum(1 for i in self._counted("预研") if not i.after_deadline)

    @cached_property
    def after_deadline(self) -> list[Item]:
        return [i for i in self.items if i.counts and i.after_deadline]

    @cached_property
    def late(self) -> list[Item]:
        return sorted((i for i in self.items if i.late(self.today)), key=lambda i: (i.due, i.key))

    @cached_property
    def not_counted(self) -> list[Item]:
        """Items of a kind the target does not count (group standards …), not terminated."""
        return [i for i in self.items if not i.counts and i.state != "已终止"]

    @cached_property
    def terminated(self) -> list[Item]:
        return [i for i in self.items if i.state == "已终止"]

    @cached_property
    def remaining(self) -> int:
        return max(0, self.target - self.published - self.in_progress_total)

    @cached_property
    def empty_topics(self) -> list[str]:
        return [t.topic for t in self.topics if t.state == "尚无项目"]

    @cached_property
    def topics_without_project(self) -> list[str]:
        """Topics with nothing approved (立项 or later): nothing yet, or only proposals."""
        return [t.topic for t in self.topics if t.state in ("尚无项目", "只有预研")]

    def headline(self) -> str:
        """The one line the overview shows."""
        stages = "、".join(f"{s} {n}" for s, n in self.in_progress.items())
        later = len(self.after_deadline)
        return (f"已发布 {self.published} 项，在编 {self.in_progress_total} 项"
                + (f"（{stages}）" if stages else "")
                + f"，预研 {self.proposed} 项"
                + (f"；另有 {later} 项到期晚于 {YEAR} 年底，不能计入" if later else "")
                + f"。目标至少 {self.target} 项，还差 {self.remaining} 项")

    def burn_up(self) -> list[dict]:
        """The burn-up series: per month from the first dated item to the end of 2027, the standards made
        (已发布), made or due by then (按计划), and the target line."""
        return self._burn_up

    @cached_property
    def _burn_up(self) -> list[dict]:
        counted = [i for i in self.items if i.counts and i.state in ("已发布", "在编")]
        made = [i.stage_date or (i.due if i.due and i.due <= self.today else None) for i in counted
                if i.state == "已发布"]
        due = [i.due for i in counted if i.state == "在编" and i.due is not None]
        dates = [d for d in (*made, *due, *(i.start for i in counted)) if d is not None]
        start = min(dates + [self.today]).replace(day=1)
        out, month = [], start
        undated = sum(1 for d in made if d is None)
        while month <= DEADLINE:
            end = _month_end(month)
            done = undated + sum(1 for d in made if d is not None and d <= end)
            planned = done + sum(1 for d in due if d <= end)
            out.append({"month": month.isoformat(), "已发布": done, "按计划完成": planned, "目标": self.target})
            month = _month_end(month) + dt.timedelta(days=1)
        return out


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text_stage(status: str, draft_stage: str) -> str:
    """The stage a document's own text shows: published, or the draft stage printed on its cover."""
    if status in ("Published", "Superseded"):
        return "发布"
    if status == "Draft":
        return next((stage for word, stage in _DRAFT_STAGES if word in draft_stage), "起草")
    return ""


def _stage(listed: str, status: str, draft_stage: str, ingested: bool) -> str:
    text = _text_stage(status, draft_stage) if ingested else ""
    if text == "发布" or not listed:
        return text or listed
    if listed in ("终止", "延期") or not text:
        return listed
    return max(listed, text, key=ORDER.index)


def _kind(listed: str, number: str, plan: str) -> str:
    from loaders.plan_sheet import parse_kind

    if listed:
        return listed
    return parse_kind(number, "技术文件" if "-Z-" in plan else ("国家标准" if plan else "")) or "国家标准"


def items(item_rows: list[dict], target_rows: list[dict]) -> list[Item]:
    """The programme's items from the rows of plan_items.rq and plan_item_targets.rq."""
    out: dict[str, Item] = {}
    for r in item_rows:
        iri = str(r["iri"])
        listed = str(r.get("stage") or "")
        ingested = str(r.get("ingested")).lower() == "true"
        number, plan = str(r.get("number") or ""), str(r.get("planNumber") or "")
        out[iri] = Item(
            iri=iri, key=plan or number or str(r.get("code") or ""), name=str(r.get("name") or ""),
            kind=_kind(str(r.get("kind") or ""), number, plan),
            stage=_stage(listed, str(r.get("status") or ""), str(r.get("draftStage") or ""), ingested),
            listed_stage=listed, stage_date=_date(r.get("stageDate")), start=_date(r.get("start")),
            due=_date(r.get("due")), ingested=ingested, locator=str(r.get("locator") or ""))
    for r in target_rows:
        item = out.get(str(r["iri"]))
        if item is None:
            continue
        label, method = str(r.get("label") or ""), str(r.get("method") or "")
        if r.get("targetKind") == "node":
            entry = f"{r.get('notation')} {label}"
            if entry not in item.nodes:
                item.nodes.append(entry)
            item.basis.append(f"{entry}：{_how(method, r)}")
        else:
            year = int(r.get("year") or 0)
            (item.topics if year == YEAR else item.topics_2030).append(label)
            item.basis.append(f"{year} 年方向“{label}”：{_how(method, r)}")
    return sorted(out.values(), key=lambda i: (i.key == "", i.key, i.name))


def _how(method: str, r: dict) -> str:
    if method == "curated":
        return "人工映射"
    if method == "derived":
        return f"自动推导（得分 {r.get('score')}）"
    return str(r.get("rationale") or method)


def programme(rows: Rows, today: dt.date | None = None) -> Progress:
    """The programme's progress toward the 2027 target; `rows(name, **params)` runs a named query."""
    today = today or dt.date.today()
    topic_rows = rows("plan_topics", year=YEAR)
    all_items = items(rows("plan_items"), rows("plan_item_targets"))
    order: list[str] = []
    target = DEFAULT_TARGET
    for r in topic_rows:
        if str(r["label"]) not in order:
            order.append(str(r["label"]))
        if r.get("minimum") not in (None, ""):
            target = int(r["minimum"])
    topics = {label: TopicProgress(label) for label in order}
    for item in all_items:
        for t in order:
            if t not in item.topics or not item.counts:
                continue
            tp = topics[t]
            if item.state == "已发布":
                tp.published += 1
            elif item.after_deadline:
                tp.after_deadline += 1
            elif item.state == "在编":
                tp.in_progress[item.stage] = tp.in_progress.get(item.stage, 0) + 1
            elif item.state == "预研":
                tp.proposed += 1
            else:
                continue
            tp.items.append(item.label())
        item.topics.sort(key=order.index)
    return Progress(today, target, all_items, list(topics.values()))


def graph_rows(graph) -> Rows:
    """`rows` over a queries.graph.Graph (the embedded store or a shared endpoint)."""
    def run(name: str, **params) -> list[dict]:
        return graph.named(name, {k: str(v) for k, v in params.items()}).records()
    return run


# --- tables for the command line, the explorer and the secretary's workbook ----------------------------------
TOPIC_COLUMNS = ("方向", "状态", "已发布", "在编", "在编各阶段", "预研", "到期晚于2027年底", "项目")


def topic_rows(progress: Progress) -> list[dict]:
    """One row per 2027 topic, then one for the whole target (方向 = 合计)."""
    out = [{"方向": t.topic, "状态": t.state, "已发布": t.published, "在编": t.in_progress_total,
            "在编各阶段": "、".join(f"{s} {n}" for s, n in t.in_progress.items()), "预研": t.proposed,
            "到期晚于2027年底": t.after_deadline, "项目": "；".join(t.items)} for t in progress.topics]
    out.append({"方向": f"合计（目标至少 {progress.target} 项）", "状态": f"还差 {progress.remaining} 项",
                "已发布": progress.published, "在编": progress.in_progress_total,
                "在编各阶段": "、".join(f"{s} {n}" for s, n in progress.in_progress.items()),
                "预研": progress.proposed, "到期晚于2027年底": len(progress.after_deadline),
                "项目": f"{len(progress.items)} 项（含不计入的 {len(progress.not_counted)} 项、已终止 {len(progress.terminated)} 项）"})
    return out


ADDED_COLUMNS = ("体系节点", "路线图方向", "覆盖依据", "进展")


def _state_text(item: Item, today: dt.date) -> str:
    parts = [item.state if item.stage == item.listed_stage or not item.listed_stage
             else f"{item.state}（表中为{item.listed_stage}，文本已到{item.stage}）"]
    if not item.counts and item.state != "已终止":
        parts.append(f"{item.kind or '类型未知'}不计入 {YEAR} 年目标")
    if item.after_deadline:
        parts.append(f"到期 {item.due} 晚于 {YEAR} 年底，不能计入")
    if item.late(today):
        parts.append(f"已超期（应于 {item.due} 完成）")
    return "；".join(parts)


def sheet_rows(progress: Progress, sheet) -> tuple[list[str], list[dict]]:
    """The imported sheet's own columns and rows, with 体系节点, 路线图方向, 覆盖依据 and 进展 filled in."""
    by_locator = {i.locator: i for i in progress.items if i.locator}
    own = [h for h in sheet.headers if h not in ADDED_COLUMNS]   # a sheet handed back and imported again
    columns = [*own, *ADDED_COLUMNS]
    out = []
    for row in sheet.rows:
        item = by_locator.get(f"{row.sheet}:{row.line}")
        values = {h: row.cells.get(h, "") for h in own}
        if item is not None:
            values.update({"体系节点": "；".join(item.nodes),
                           "路线图方向": "；".join([*item.topics, *(f"{t}（2030）" for t in item.topics_2030)]),
                           "覆盖依据": "；".join(item.basis), "进展": _state_text(item, progress.today)})
        out.append(values)
    return columns, out
