"""The counts a user reads about a build — documents, findings by severity — computed once here so
`build`, `stats`, `validate` and the explorer say the same numbers."""
from __future__ import annotations

from dataclasses import dataclass

CORPUS_WIDE = "corpus"   # the kind of the build's record for the cross-document step, not a document


@dataclass(frozen=True)
class BuildCounts:
    documents: int        # documents of the manifest in the build
    violations: int
    warnings: int         # every warning: shapes, drafting checks and parse problems
    parse_warnings: int   # of the warnings, those met while parsing
    infos: int


def document_count(documents: list[dict]) -> int:
    """The number of documents among a build's records (BuildSummary.documents), leaving out its
    cross-document step."""
    return sum(1 for d in documents if d.get("kind") != CORPUS_WIDE)


def build_counts(summary) -> BuildCounts:
    """The counts of one build — a BuildSummary or its JSON form (summary.json) — from its
    validation report, which holds the parse problems too."""
    if not isinstance(summary, dict):
        summary = {"documents": summary.documents, "validation": summary.validation}
    validation = summary.get("validation") or {}
    results = validation.get("results", [])
    return BuildCounts(
        documents=document_count(summary.get("documents", [])),
        violations=int(validation.get("violations", 0)),
        warnings=int(validation.get("warnings", 0)),
        parse_warnings=sum(1 for r in results if r.get("severity") == "warning" and r.get("source") == "parser"),
        infos=int(validation.get("infos", 0)),
    )
