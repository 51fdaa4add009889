"""Drafting checks: the queries of ontology/checks/*.rq, run on the union store, reported with the shapes.

A check is a SPARQL SELECT in the manner of ROBOT's report queries: one row per
finding, with `?resource ?label ?locator ?message` and `?document`. Its file
opens with `# title:`, `# problem:` and `# solution:` lines a drafter can act
on; its severity (error, warning or info) is a row of ontology/checks/severity.tsv.
SHACL runs one query per focus node for a sh:sparql constraint, far too slow
on the whole graph; these run once each on pyoxigraph.

`run_checks(store)` returns the findings as validation.ValidationResult, ready
for `ValidationReport.extend` (an `error` check gives violations, which fail
the build).
"""
from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .problems import CdtkgError, QueryError
from .rdf_terms import term_of
from .sparql_header import read_header
from .validation import INFO, VIOLATION, WARNING, ValidationResult, check_result, document_label

CHECKS_DIR = Path(__file__).resolve().parent.parent / "ontology" / "checks"
SEVERITY_FILE = "severity.tsv"
LEVELS = {"error": VIOLATION, "warning": WARNING, "info": INFO}
HEADER_KEYS = ("title", "problem", "solution")
COLUMNS = ("resource", "label", "locator", "message", "document")


@dataclass(frozen=True)
class Check:
    name: str            # the file stem, e.g. "cited_not_listed"
    path: Path
    title: str           # "中文 / English"
    problem: str
    solution: str
    severity: str        # "error" | "warning" | "info"
    query: str

    @property
    def title_zh(self) -> str:
        return self.title.split(" / ")[0].strip()


def read_severities(path: Path) -> dict[str, str]:
    """The severity of each check named in the table at `path` (tab-separated: check, severity)."""
    levels = {}
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.reader(f, delimiter="\t"), start=1):
            if not row or row[0].startswith("#") or (line == 1 and row[0] == "check"):
                continue
            if len(row) != 2 or row[1].strip() not in LEVELS:
                raise CdtkgError(f"{path.name}:{line}: 应为“检查名<TAB>error|warning|info”，实为 {row!r}")
            levels[row[0].strip()] = row[1].strip()
    return levels


def read_checks(directory: Path = CHECKS_DIR) -> list[Check]:
    """Every check of `directory`, in name order.

    Raises CdtkgError when a file lacks a title, problem or solution line or a
    severity, or the severity table names a check that has no file.
    """
    directory = Path(directory)
    levels = read_severities(directory / SEVERITY_FILE)
    checks = []
    for path in sorted(directory.glob("*.rq")):
        meta = {k: " ".join(v) for k, v in read_header(path.read_text(encoding="utf-8")).items()}
        missing = [k for k in HEADER_KEYS if not meta.get(k)]
        if missing:
            raise CdtkgError(f"{path.name}: 缺少 {'、'.join(f'`# {k}:`' for k in missing)} 头")
        if path.stem not in levels:
            raise CdtkgError(f"{path.name}: {SEVERITY_FILE} 中没有它的严重程度")
        checks.append(Check(path.stem, path, meta["title"], meta["problem"], meta["solution"],
                            levels[path.stem], path.read_text(encoding="utf-8")))
    orphans = sorted(set(levels) - {c.name for c in checks})
    if orphans:
        raise CdtkgError(f"{SEVERITY_FILE} 列出的检查没有对应的 .rq 文件：{'、'.join(orphans)}")
    return checks


def run_check(store: ox.Store, check: Check) -> list[dict]:
    """The rows of one check on `store`: dicts of COLUMNS as plain values (loaders/rdf_terms.py; IRIs as str,
    None when unbound)."""
    try:
        solutions = store.query(check.query)
    except SyntaxError as e:
        raise QueryError(f"检查 {check.path.name} 不是合法的 SPARQL：{e}") from e
    names = [v.value for v in solutions.variables]
    absent = [c for c in COLUMNS if c not in names]
    if absent:
        raise QueryError(f"检查 {check.path.name} 没有返回 {'、'.join('?' + c for c in absent)}")
    return [{c: (term.python() if (term := term_of(row[c])) else None) for c in COLUMNS} for row in solutions]


def run_checks(store: ox.Store, checks: list[Check] | None = None) -> list[ValidationResult]:
    """Run every check on `store`; returns one ValidationResult per finding, in check then row order.

    The message is the row's own message followed by the check's solution; the
    resource's kind, document and source line are filled in from the store.
    """
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    results, names = [], {}     # names: each document's, worked out once for all findings
    for check in read_checks() if checks is None else checks:
        described: dict = {}    # resource → how the graph describes it: rows of one check share resources (pairs)
        for row in run_check(store, check):
            message = f"{row['message'] or check.problem} 处理：{check.solution}"
            if row["resource"] not in described:
                described[row["resource"]] = check_result(check.name, LEVELS[check.severity],
                                                          {"resource": row["resource"]}, graph, name=check.title_zh,
                                                          names=names)
            found = described[row["resource"]]
            result = dataclasses.replace(found, label=str(row["label"] or "") or found.label,
                                         locator=str(row["locator"] or "") or found.locator, message=message)
            if not result.document and row["document"]:
                result = dataclasses.replace(result, document=document_label(graph, URIRef(row["document"]), names))
            results.append(result)
    return results
