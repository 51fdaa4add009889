"""The gap analysis: one table, per framework node, of what the guide plans and what covers it.

The table is the named query gap_analysis.rq, so the same answer comes from the
embedded store and from a shared endpoint; this module runs it, narrows it to
one part when asked, and sums it up.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from loaders.problems import CdtkgError

from .graph import Graph
from .runner import QueryResult

QUERY = "gap_analysis"
PARTS = ("A", "B", "C", "D", "E")
# The verdicts of gap_analysis.rq, from done to missing.
VERDICTS = ("已覆盖", "部分覆盖", "遵循外部标准", "见下级", "缺口")


def gap_table(graph: Graph, part: str | None = None) -> QueryResult:
    """The gap analysis table in notation order: every node, or the nodes of one part (A–E)."""
    table = graph.named(QUERY)
    if not part:
        return table
    part = part.strip().upper()
    if part not in PARTS:
        raise CdtkgError(f"没有 {part!r} 部分：标准体系框架分为 A、B、C、D、E 五部分。")
    i = table.variables.index("notation")
    # filtered here rather than in SPARQL: Virtuoso drops the part's own row when the query filters it
    rows = [r for r in table.rows if r[i] is not None and (r[i].value == part or r[i].value.startswith(part + "."))]
    return replace(table, rows=rows, params={"part": part})


def verdict_counts(table: QueryResult) -> dict[str, int]:
    """How many nodes got each verdict, in the order of VERDICTS (verdicts with no node included)."""
    return count_verdicts(table.column("verdict"))


def count_verdicts(verdicts) -> dict[str, int]:
    """How many of `verdicts` (one per framework node) are each verdict, in the order of VERDICTS."""
    counts = Counter(verdicts)
    return {v: counts.get(v, 0) for v in VERDICTS} | {v: n for v, n in counts.items() if v not in VERDICTS}


def summary(table: QueryResult) -> str:
    """One line for a terminal: the number of nodes and of each verdict."""
    return summary_of(table.column("verdict"))


def summary_of(verdicts) -> str:
    """The line `框架节点 N 个：部分覆盖 n，…。` of the verdicts of every framework node: the one count of
    the gap analysis, said alike by `cdtkg gaps` and the explorer."""
    verdicts = list(verdicts)
    parts = "，".join(f"{v} {n}" for v, n in count_verdicts(verdicts).items() if n)
    return f"框架节点 {len(verdicts)} 个：{parts}。"
