"""One finding of `cdtkg check` on a draft: where, what is wrong, what to do, and on what basis."""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}

# Every kind of check, with its Chinese title (the group a drafter reads findings under).
CHECK_TITLES = {
    # GB/T 1.1—2020
    "required_element": "缺少必备要素",
    "fixed_wording": "必备要素的固定表述不符",
    "clause_numbering": "条款编号不连续",
    "table_numbering": "表编号不连续",
    "figure_numbering": "图编号不连续",
    "list_numbering": "列项编号不连续",
    "hanging_paragraph": "悬置段",
    "requirement_in_note": "注或示例中含有要求",
    "modal_verb": "助动词不符合 GB/T 1.1 的表述形式",
    "number_form": "引用文件编号或年代号的写法不对",
    # against the graph
    "cited_not_listed": "正文引用的文件未列入规范性引用文件或参考文献",
    "listed_not_cited": "规范性引用文件在正文中没有被引用",
    "dated_inconsistently": "同一文件在不同位置注日期不一致",
    "superseded_citation": "引用了已被代替的标准",
    "draft_citation": "引用了尚未发布的标准",
    "term_source_not_listed": "术语引导语中的文件未列入规范性引用文件",
    "term_defined_differently": "术语与其他文件的定义不同",
    "term_used_undefined": "使用了被引文件界定但本文件未界定的术语",
    "restated_requirement": "重复了其他标准已有的要求",
}


@dataclass(frozen=True)
class DraftFinding:
    check: str            # a key of CHECK_TITLES
    severity: str         # error | warning | info
    clause: str           # 章条编号: "5.2", "前言", "附录A", "2"
    line: int | None      # line of the draft's text where it is
    problem: str          # what is wrong, in the drafter's terms
    suggestion: str       # what to do
    basis: str            # the GB/T 1.1—2020 clause, or the graph fact and its source
    page: int | None = None
    resources: tuple[str, ...] = ()   # IRIs of the graph's resources it concerns
    subject: str = ""                 # the standard number or term it is about, for the explorer's links

    @property
    def title(self) -> str:
        return CHECK_TITLES[self.check]

    def to_dict(self) -> dict:
        """The finding as JSON-able dict, with the check's title and the severity's Chinese label."""
        return {**asdict(self), "resources": list(self.resources), "title": self.title,
                "severity_label": SEVERITY_LABELS[self.severity]}


def sort_key(f: DraftFinding) -> tuple:
    """Severity first, then the draft's order."""
    return (SEVERITY_ORDER.index(f.severity), f.line or 0, f.check)
