"""`cdtkg check DRAFT`: review a draft against GB/T 1.1—2020 and the whole graph, without adding it.

`check_draft(draft, corpus)` reads the draft's graph (the standard loader, in memory), loads the
current build of `corpus` read-only beside it (never building), runs the drafting checks of
ontology/checks/ and queries/draft_checks/ on the union for the draft alone, adds the rules of
checks_gbt11 and the comparison of requirements with the rest of the corpus, and returns a
DraftReport. Nothing is written: the union is thrown away.
"""
from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from loaders import ids
from loaders.locations import GRAPH_FILE, build_root
from loaders.checks import read_checks, run_check
from loaders.draft_source import DraftRefused, DraftText
from loaders.gbt_document import load_gbt_text
from loaders.engineering_standard import read_structure
from loaders.manifest import Entry
from loaders.pdf_text import physical_lines
from loaders.vocab import CDT, CDT_IRI

from .checks_engineering import check_engineering
from .checks_gbt11 import GBT11, check_structure
from .draft_finding import SEVERITY_LABELS, SEVERITY_ORDER, DraftFinding, sort_key
from .graph import Graph
from .library import parse_header
from .runner import EmbeddedBackend

DRAFT_ID = "draft-under-check"
DRAFT_CHECKS_DIR = Path(__file__).resolve().parent / "draft_checks"
DRAFT_CONTEXT_DIR = Path(__file__).resolve().parent / "draft_context"

# The corpus checks that apply to one document as they stand, with their severity in a draft check and
# the basis a drafter can look up.
CORPUS_CHECKS = {
    "cited_not_listed": ("error", f"{GBT11} 8.6、8.12（规范性引用的文件列入第 2 章，资料性引用的文件列入参考文献）"),
    "listed_not_cited": ("warning", f"{GBT11} 8.6（第 2 章只列出正文中规范性引用的文件）"),
    "term_source_not_listed": ("error", f"{GBT11} 8.7（引导语中界定术语的文件是规范性引用文件）"),
    "superseded_citation": ("warning", "图谱：{message}"),
}


@dataclass
class DraftReport:
    name: str
    findings: list[DraftFinding]
    problems: list[str] = field(default_factory=list)   # what the reader met (lines skipped…)
    graph_used: bool = True       # False: no build of the corpus, only GB/T 1.1 was checked
    seconds: float = 0.0
    clauses: int = 0
    clause_texts: dict[str, str] = field(default_factory=dict)   # the draft's text by locator, for the explorer
    rules: str = "GB/T 1.1"       # the drafting rules the draft was read and checked by

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.severity] = out.get(f.severity, 0) + 1
        return out

    def by_severity(self) -> list[tuple[str, list[tuple[int, DraftFinding]]]]:
        """Return the findings grouped by severity, most severe first and empty groups left out,
        each with its number counted from 1 across the groups."""
        groups, n = [], 0
        for severity in SEVERITY_ORDER:
            group = [f for f in self.findings if f.severity == severity]
            if group:
                groups.append((severity, list(enumerate(group, start=n + 1))))
                n += len(group)
        return groups

    def to_dict(self) -> dict:
        """The report as JSON-able dict: the file, counts by severity, every finding, the reader's problems."""
        return {"file": self.name, "clauses": self.clauses, "graph_used": self.graph_used,
                "seconds": round(self.seconds, 3), "counts": self.counts(),
                "findings": [f.to_dict() for f in self.findings], "problems": self.problems}


def draft_entry(name: str) -> Entry:
    """The manifest entry a draft under check is read with (never written to the manifest)."""
    return Entry(id=DRAFT_ID, file=name, kind="standard", title="", number="", plan_number="",
                 status="Draft", source_file=name, source="cdtkg check")


def corpus_store(corpus: Path) -> ox.Store | None:
    """The current build of `corpus` in a fresh in-memory store, or None when it was never built."""
    graph = build_root(corpus) / "current" / GRAPH_FILE
    if not graph.is_file():
        return None
    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    return store


def check_draft(draft: DraftText, corpus: Path, store: ox.Store | None = None) -> DraftReport:
    """Every finding on `draft`, grouped by severity then in the draft's order.

    `store` (the corpus build, from corpus_store) may be given to check many drafts against one load;
    it is not changed. Raises DraftRefused when the text has no GB/T 1.1 clauses at all.
    """
    started = time.perf_counter()
    structure = read_structure(physical_lines(draft.text))   # GB/T 1.1 or engineering-construction rules
    if not any(c.kind == "chapter" for c in structure.clauses):
        raise DraftRefused(f"{draft.name}：没有识别出任何章条（如“1 范围”“2 规范性引用文件”）；"
                           "这不像按 GB/T 1.1 起草的标准草案，或文件的文字无法提取。")
    entry = draft_entry(draft.name)
    result = load_gbt_text(draft.text, entry, Path(corpus) / draft.name)
    findings = check_engineering(structure) if structure.rules == "engineering" else check_structure(structure)
    if store is None:
        store = corpus_store(corpus)
    graph_used = store is not None
    if graph_used:
        findings += graph_findings(store, result.graph, _draft_node(result.graph, entry))
    findings = [_with_page(f, draft) for f in _dedupe(findings)]
    findings.sort(key=sort_key)
    texts = {c.locator: "\n".join(b.text for b in c.blocks) for c in structure.clauses}
    return DraftReport(draft.name, findings, [str(p) for p in result.problems if p.severity.value != "info"],
                       graph_used, time.perf_counter() - started, len(structure.clauses), texts,
                       "工程建设标准编写规定" if structure.rules == "engineering" else "GB/T 1.1")


def _draft_node(graph, entry: Entry) -> URIRef:
    """The draft's node: the standard its cover names, when it prints a number, else the entry's own."""
    return next(graph.subjects(CDT.sourceFile, Literal(entry.file)), ids.entry_iri(entry))


def _with_page(f: DraftFinding, draft: DraftText) -> DraftFinding:
    page = draft.page_of(f.line)
    return f if page is None else dataclasses.replace(f, page=page)


def _dedupe(findings: list[DraftFinding]) -> list[DraftFinding]:
    seen, out = set(), []
    for f in findings:
        key = (f.check, f.clause, f.problem)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def graph_findings(store: ox.Store, draft_graph, draft: URIRef) -> list[DraftFinding]:
    """The findings of the graph checks on the union of `store` and the draft's graph, for the draft alone."""
    union = ox.Store()
    union.bulk_extend(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    union.load(draft_graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph(EmbeddedBackend(union, "草案与语料"))
    same = {row["doc"] for row in _run(graph, "editions_of_draft", draft)}
    out = []
    checks = {c.name: c for c in read_checks()}
    for name, (severity, basis) in CORPUS_CHECKS.items():
        check = checks[name]
        for row in run_check(union, check):
            if row["document"] != str(draft):
                continue
            if name == "superseded_citation" and _in_front_matter(row["locator"]):
                continue   # 本文件代替 GB/T … names the replaced edition on purpose
            out.append(_graph_finding(union, name, severity, row, check.solution,
                                      basis.format(message=row["message"])))
    for check in read_checks(DRAFT_CHECKS_DIR):
        rows = graph.run(parse_header(check.path), {"draft": str(draft)}).records()
        if check.name == "term_used_undefined":
            out += terms_used_undefined(rows, check, draft_graph, draft)
            continue
        for row in rows:
            if row.get("other") in same:
                continue   # an earlier edition of this very draft in the corpus
            out.append(_graph_finding(union, check.name, check.severity, row, check.solution, row["basis"]))
    out += restated_requirements(graph, draft, same)
    return out


def _run(graph: Graph, name: str, draft: URIRef | None = None) -> list[dict]:
    """The rows of the query `name` of queries/draft_context/ on `graph`, for `draft` where it takes one."""
    query = parse_header(DRAFT_CONTEXT_DIR / f"{name}.rq")
    return graph.run(query, {"draft": str(draft)} if draft is not None else None).records()


def terms_used_undefined(rows: list[dict], check, draft_graph, draft: URIRef) -> list[DraftFinding]:
    """Terms that a standard the draft cites defines (the candidate `rows` of the check), used in the draft's
    clauses without the draft defining them; one finding per term, where it is first used."""
    candidates: dict[str, tuple[str, str]] = {}
    for row in rows:
        candidates.setdefault(str(row["label"]), (str(row["entryNumber"]), str(row["where"])))
    if not candidates:
        return []
    own = sorted({str(o) for e in draft_graph.subjects(CDT.inDocument, draft)
                  for o in draft_graph.objects(e, SKOS.prefLabel) if getattr(o, "language", None) == "zh"},
                 key=len, reverse=True)
    texts = []
    for node, text in draft_graph.subject_objects(CDT.text):
        locator = str(draft_graph.value(node, CDT.locator) or "")
        if not locator or locator.split()[0] in ("前言", "引言", "参考文献"):
            continue
        line = draft_graph.value(node, CDT.sourceLine)
        plain = str(text)
        for label in own:   # a defined term that contains the candidate is not a use of it
            plain = plain.replace(label, "\x00")
        texts.append((int(line) if line is not None else 0, locator, plain, str(node)))
    texts.sort()
    out = []
    for term, (number, where) in candidates.items():
        use = next((t for t in texts if term in t[2]), None)
        if use is None:
            continue
        out.append(DraftFinding(check.name, check.severity, use[1], use[0] or None,
                                f"使用了术语“{term}”，本文件没有界定，而引用的 {where} 在 {number} 界定了它。",
                                check.solution, f"图谱：{where} {number}“{term}”", resources=(use[3],), subject=term))
    return out


def _in_front_matter(locator: str | None) -> bool:
    return bool(locator) and locator.split()[0] in ("前言", "引言")


def _source_line(store: ox.Store, resource: str | None) -> int | None:
    """The draft line of a resource: its own, else that of the text holding it (a citation's clause)."""
    if not resource:
        return None
    node = ox.NamedNode(resource)
    for q in store.quads_for_pattern(node, ox.NamedNode(CDT_IRI + "sourceLine"), None, None):
        return int(q.object.value)
    for q in store.quads_for_pattern(node, ox.NamedNode(CDT_IRI + "fromText"), None, None):
        return _source_line(store, q.object.value)
    return None


def _graph_finding(store, name, severity, row, solution, basis) -> DraftFinding:
    locator = (row.get("locator") or "").strip()
    clause = locator or "（全文）"
    return DraftFinding(name, severity, clause, _source_line(store, row.get("resource")),
                        row.get("message") or "", solution, basis or "",
                        resources=tuple(r for r in (row.get("resource"),) if r), subject=row.get("label") or "")


# --- requirements another standard already sets ----------------------------------------------------------
RESTATED_SHARE = 0.7   # share of character pairs two requirements have in common (Dice) to count as the same
_NOISE = re.compile(r"[\s，。；：、,.;:（）()“”\"'——\-]")


def _pair_set(text: str) -> frozenset[str]:
    t = _NOISE.sub("", text)
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


def restated_requirements(graph: Graph, draft: URIRef, same: set[str]) -> list[DraftFinding]:
    """Draft requirements (应/宜 forms) that say what a requirement of another corpus standard says, with the
    same modality: candidates for citing that standard instead."""
    mine, theirs = [], []
    for row in _run(graph, "requirements"):
        doc = row["doc"]
        entry = (row["provision"], str(row["text"]), str(row["modality"]), str(row["locator"]), doc)
        if doc == str(draft):
            mine.append(entry)
        elif doc not in same:
            theirs.append(entry)
    index: dict[str, list[tuple]] = {}
    for e in theirs:
        if len(e[1]) >= 12:
            index.setdefault(e[2], []).append((_pair_set(e[1]), e))
    out = []
    for prov, text, modality, locator, _ in mine:
        if len(text) < 12:
            continue
        pairs = _pair_set(text)
        best, best_score = None, 0.0
        for other_pairs, other in index.get(modality, ()):
            score = 2 * len(pairs & other_pairs) / (len(pairs) + len(other_pairs) or 1)
            if score > best_score:
                best, best_score = other, score
        if best is not None and best_score >= RESTATED_SHARE:
            where = graph.labels([best[4]], short=True).get(best[4], best[4])
            out.append(DraftFinding(
                "restated_requirement", "info", locator, _source_line(graph.store, prov),
                f"这条要求与 {where} {best[3]} 的要求基本相同：“{best[1][:60]}”。",
                f"考虑改为引用：“应符合 {where} 中 {best[3].split()[0]} 的规定”，并在第 2 章列出该文件；"
                "确需不同时，写明与之不同之处。",
                f"图谱：{where} {best[3]}（相同助动词，文字相似度 {best_score:.0%}）",
                resources=(prov, best[0]), subject=where))
    return out


# --- reports -------------------------------------------------------------------------------------------------
def render_text(report: DraftReport) -> str:
    """The report for a terminal: a summary line, then the findings by severity, each with what to do and why."""

    counts = report.counts()
    head = (f"草案检查：{report.name}（{report.clauses} 个章条，用时 {report.seconds:.2f} 秒）"
            + ("" if report.graph_used else "\n注意：语料尚未构建，只按编写规则（GB/T 1.1，或工程建设标准的编写规定）检查；"
                                             "运行 `cdtkg build` 后可对照图谱检查。"))
    if not report.findings:
        return head + "\n没有发现问题。"
    lines = [head, "发现 " + "，".join(f"{SEVERITY_LABELS[s]} {counts[s]} 条" for s in SEVERITY_ORDER if s in counts) + "。"]
    for severity, group in report.by_severity():
        lines.append(f"\n{SEVERITY_LABELS[severity]}（{len(group)} 条）")
        for n, f in group:
            where = f.clause + (f"，第 {f.page} 页" if f.page else "") + (f"，第 {f.line} 行" if f.line else "")
            lines.append(f"{n:>3}. [{where}] {f.title}：{f.problem}")
            lines.append(f"     建议：{f.suggestion}")
            lines.append(f"     依据：{f.basis}")
    return "\n".join(lines)


COMMENT_SHEET_COLUMNS = ("序号", "章条编号", "问题", "建议", "依据")


def comment_sheet(report: DraftReport) -> bytes:
    """The findings as an xlsx shaped like a comment-handling sheet (序号, 章条编号, 问题, 建议, 依据)."""
    import pandas as pd

    from .result_formats import frame_result, to_xlsx

    rows = []
    for n, f in enumerate(report.findings, start=1):
        where = f.clause + (f"（第 {f.page} 页）" if f.page else "")
        rows.append((n, where, f"【{SEVERITY_LABELS[f.severity]}】{f.title}：{f.problem}", f.suggestion, f.basis))
    frame = pd.DataFrame(rows, columns=list(COMMENT_SHEET_COLUMNS))
    result = frame_result(frame, title=f"{report.name} 草案检查意见")
    result = dataclasses.replace(result, name="check", source=f"cdtkg check {report.name}")
    return to_xlsx(result)
