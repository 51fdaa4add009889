"""The validation report of a whole corpus: per-document shapes, parse problems and check queries."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from .validation import INFO, VIOLATION, WARNING, ValidationReport, ValidationResult

_SEVERITY = {"error": VIOLATION, "warning": WARNING, "info": INFO}


def report_from_records(records: list[dict], store: ox.Store) -> ValidationReport:
    """Merge the documents' shape results and parse problems, then run the check queries on `store`."""
    report = ValidationReport()
    for rec in records:
        report.merge(ValidationReport.from_json(json.dumps(rec["validation"])))
        report.extend(
            ValidationResult(
                severity=_SEVERITY[p["severity"]], shape="parse", shape_name="解析问题",
                focus=rec.get("iri", ""), label=rec.get("file", ""), document=rec.get("file", ""),
                source_line=p.get("line"),
                message=p["message"], source="parser",
            )
            for p in rec["problems"]
        )
    try:
        from .checks import run_checks
    except ImportError:
        return report
    return report.extend(run_checks(store))


def validate_corpus(corpus: Path) -> ValidationReport:
    """Validate `corpus` as the build would (reusing cached documents); returns the full report."""
    from .build import assemble_union, corpus_lock, release_union

    with corpus_lock(Path(corpus)):
        try:
            union, records = assemble_union(Path(corpus))
            report = report_from_records(records, union.store)
        finally:
            union = None
            release_union()
    return name_documents(report, corpus)


def name_documents(report: ValidationReport, corpus: Path) -> ValidationReport:
    """Name the document of each parse problem as readers know it (number《title》), keeping its
    file as the place the problem is at; returns `report`."""
    from .document_names import entry_name
    from .manifest import read_manifest

    names = {e.file: entry_name(e) for e in read_manifest(corpus)}

    def named(r: ValidationResult) -> ValidationResult:
        return replace(r, label=names[r.label]) if r.source == "parser" and r.label in names else r

    report.results = [named(r) for r in report.results]
    report.extra_results = [named(r) for r in report.extra_results]
    return report
