"""The drafting findings of the checks in queries/checks/ (loaders/checks.py), as a checklist per
document: what a drafter has to fix, where, and how."""
from __future__ import annotations

from dataclasses import dataclass

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


def findings(engine) -> list[Finding]:
    """Return every finding of every drafting check on the graph behind `engine`, by document,
    then check, then place."""
    from loaders.checks import read_checks, run_check

    names = {row["document"]: row["designation"] for row in engine.run_named("app_documents").rows}
    out = []
    for check in read_checks():
        for row in run_check(engine.store, check):
            doc = str(row["document"]) if row["document"] is not None else ""
            out.append(Finding(names.get(doc, doc), check.title_zh, SEVERITY_LABELS[check.severity],
                               str(row["label"] or ""), str(row["locator"] or ""),
                               str(row["message"] or check.problem), check.solution))
    return sorted(out, key=lambda f: (f.document, f.check, f.locator, f.label))
