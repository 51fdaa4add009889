"""The drafting findings of the checks in ontology/checks/ (loaders/checks.py), as a checklist per
document: what a drafter has to fix, where, and how."""
from __future__ import annotations

from dataclasses import dataclass

from loaders.checks import read_checks

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Finding:
    document: str        # the document's number or title
    check: str           # the check's Chinese title
    severity: str        # 错误 / 警告 / 提示
    label: str           # what the finding is about (the cited standard, the term…)
    locator: str
    message: str
    solution: str

    def as_row(self) -> dict:
        return {"document": self.document, "check": self.check, "severity": self.severity, "label": self.label,
                "locator": self.locator, "message": self.message, "solution": self.solution}


def findings(graph) -> list[Finding]:
    """Return every finding of the drafting checks (loaders/checks.py) the build recorded for `graph`,
    by document, then check, then place."""
    checks = {check.name: check for check in read_checks()}
    out = []
    for result in graph.validation_results():
        check = checks.get(result.get("shape", "").removeprefix("check:"))
        if check is None:
            continue
        message = result.get("message") or check.problem
        message = message.removesuffix(f" 处理：{check.solution}")
        out.append(Finding(result.get("document") or "", check.title_zh, SEVERITY_LABELS[check.severity],
                           result.get("label") or "", result.get("locator") or "", message, check.solution))
    return sorted(out, key=lambda f: (f.document, f.check, f.locator, f.label))
