"""The validation report of a whole corpus: per-document shapes, parse problems and check queries."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from .checks import run_checks
from .document_names import entry_name
from .manifest import read_manifest
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
    return report.extend(run_checks(store))


def recorded_report(summary: dict, corpus: Path) -> ValidationReport:
    """The validation report a build recorded in its `summary` (current or failed), with the parse
    problems of the documents it left out, each document named as readers know it."""
    report = ValidationReport.from_json(json.dumps(summary.get("validation") or {"results": []}))
    report.extend(
        ValidationResult(severity=_SEVERITY[p["severity"]], shape="parse", shape_name="解析问题",
                         focus="", label=doc["file"], document=doc["file"], source_line=p.get("line"),
                         message=p["message"], source="parser")
        for doc in summary.get("left_out", []) for p in doc.get("problems", []))
    return name_documents(report, corpus)


def name_documents(report: ValidationReport, corpus: Path) -> ValidationReport:
    """Name the document of each parse problem as readers know it (number《title》), keeping its
    file as the place the problem is at; returns `report`."""
    names = {e.file: entry_name(e) for e in read_manifest(corpus)}

    def named(r: ValidationResult) -> ValidationResult:
        return replace(r, label=names[r.label]) if r.source == "parser" and r.label in names else r

    report.results = [named(r) for r in report.results]
    report.extra_results = [named(r) for r in report.extra_results]
    return report
