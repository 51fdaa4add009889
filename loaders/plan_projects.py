"""The committee's work programme in the graph: one node per project of the imported plan list.

`load_plan_projects(graph, corpus)` reads corpus/plan_projects.csv (kept by
`cdtkg plan import`, see loaders/plan_import.py) against the union of the
documents and adds each project: plan number or the committee's own code,
name, kind of deliverable, stage (a concept of cdt:ProjectStages) with its
date, start, cycle and due date, and the departments, responsible bodies and
drafting units it names.

A project and a standard are one node when they are the same standard: the
node already in the graph with the standard number the list gives, else the
one with its plan number (a draft added with that plan number), else the
node `ids` mints for the number, the plan number, or the committee's code.
Mapping projects to framework nodes and topics is loaders/coverage.py's work
(`project_documents` gives it the projects).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, XSD

from . import ids
from .organizations import aliases_for, canonical_organization, split_organization_list
from .plan_sheet import PlanSheet, ProjectRow, read_plan_sheet
from .problems import CdtkgError, LoadResult
from .sparql_header import loader_query
from .standard_numbers import base_number
from .vocab import CDT, zh

PLAN_FILE = "plan_projects.csv"
STAGE_TERMS = {
    "预研": CDT.StagePreliminary, "立项": CDT.StageApproved, "起草": CDT.StageDrafting,
    "征求意见": CDT.StageConsultation, "送审": CDT.StageReview, "报批": CDT.StageApproval,
    "发布": CDT.StagePublished, "终止": CDT.StageTerminated, "延期": CDT.StagePostponed,
}
# The status a project's stage implies for a node no document describes.
STAGE_STATUS = {"预研": CDT.Planned, "立项": CDT.Planned, "延期": CDT.Planned, "起草": CDT.Draft,
                "征求意见": CDT.Draft, "送审": CDT.Draft, "报批": CDT.Draft, "发布": CDT.Published}



@dataclass(frozen=True)
class Project:
    """A row of the plan list and the node it is in the graph."""

    row: ProjectRow
    iri: URIRef
    existing: bool          # the node was already in the graph (an ingested or cited standard)
    status: URIRef | None   # its status there


def read_stored(corpus: Path) -> PlanSheet | None:
    """The plan list kept in `corpus` (None when none was imported)."""
    path = Path(corpus) / PLAN_FILE
    if not path.is_file():
        return None
    stat = path.stat()
    return _read_kept(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _read_kept(path: Path, mtime_ns: int, size: int) -> PlanSheet:
    """The plan list at `path` as it was at (`mtime_ns`, `size`): a build reads it for the projects and for
    their coverage, and 10,000 rows take seconds to read."""
    return read_plan_sheet(path)


def resolve(sheet: PlanSheet, graph: Graph) -> list[Project]:
    """Each project of `sheet` with its node: the graph's node with its number, else with its plan
    number, else the node minted for it."""
    by_number, by_plan, status = {}, {}, {}
    for r in graph.query(loader_query("plan_existing")):
        if r["number"] is not None:
            by_number.setdefault(str(r["number"]), r["s"])
        if r["plan"] is not None:
            by_plan.setdefault(str(r["plan"]), r["s"])
        if r["status"] is not None:
            status[r["s"]] = r["status"]
    out = []
    for row in sheet.rows:
        node = by_number.get(row.number) or by_plan.get(row.plan_number)
        existing = node is not None
        if node is None:
            if row.number:
                node = ids.standard_iri(row.number)
            elif row.plan_number:
                node = ids.plan_iri(row.plan_number)
            else:
                node = ids.project_iri(row.code or row.name)
        out.append(Project(row, node, existing, status.get(node)))
    return out


def project_documents(graph: Graph, corpus: Path) -> list[tuple[URIRef, str, str, str]]:
    """(node, name, number, plan number) of every imported project (for loaders/coverage.py)."""
    sheet = read_stored(corpus)
    if sheet is None:
        return []
    return [(p.iri, p.row.name, p.row.number, p.row.plan_number) for p in resolve(sheet, graph)]


def inputs(store, graphs: list, corpus: Path) -> str:
    """What the projects of the kept plan list read of the documents held in `graphs` (named graphs of the
    pyoxigraph `store`): the nodes with the numbers and plan numbers the list names, and the organizations
    it names — as one text, so that a build makes the projects again only when one of these changed."""
    sheet = read_stored(corpus)
    if sheet is None:
        return ""
    aliases = aliases_for(corpus)
    numbers = ({r.number for r in sheet.rows} | {r.plan_number for r in sheet.rows}) - {""}
    names = {canonical_organization(n, aliases)[0] for r in sheet.rows
             for n in (r.department, r.responsible, r.proposer, *split_organization_list(r.drafters)) if n}
    # sets: the same node typed or named by several documents is one input
    rows = sorted({" ".join(str(row[v]) for v in ("s", "number", "plan", "status"))
                   for row in store.query(loader_query("plan_existing"), default_graph=graphs)
                   if {str(getattr(row["number"], "value", "")), str(getattr(row["plan"], "value", ""))} & numbers})
    rows += sorted({f"{row['s']} {row['name']}" for row in store.query(loader_query("plan_agents"), default_graph=graphs)
                    if canonical_organization(row["name"].value, aliases)[0] in names})
    return "\n".join(rows)


class _Agents:
    """Organizations by name: the graph's own (a committee printed with its TC number), else minted."""

    def __init__(self, graph: Graph, corpus: Path, out: Graph):
        self.aliases = aliases_for(corpus)
        self.out = out
        self.known: dict[str, URIRef] = {}
        for r in graph.query(loader_query("plan_agents")):
            self.known.setdefault(canonical_organization(str(r["name"]), self.aliases)[0], r["s"])
        self.named: dict[str, URIRef] = {}   # a body names thousands of projects: its facts are added once

    def __call__(self, name: str) -> URIRef:
        if name in self.named:
            return self.named[name]
        key, forms = canonical_organization(name, self.aliases)
        node = self.named[name] = self.known.get(key) or ids.organization_iri(key)
        self.out.add((node, RDF.type, FOAF.Organization))
        for form in forms:
            self.out.add((node, FOAF.name, zh(form)))
        return node


def _date(day) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def add_project(g: Graph, p: Project, agents: _Agents, locator: str) -> None:
    """Add the facts of one project to `g`."""
    row, node = p.row, p.iri
    technical = row.kind == "国家标准化指导性技术文件"
    if row.number:
        g.add((node, CDT.standardNumber, Literal(row.number)))
        g.add((node, CDT.baseNumber, Literal(base_number(row.number))))
    g.add((node, RDF.type, CDT.StandardsProject))
    g.add((node, RDF.type, CDT.Document))
    if not p.existing:
        g.add((node, RDF.type, CDT.TechnicalDocument if technical else CDT.Standard))
        if row.plan_number:
            g.add((node, CDT.planNumber, Literal(row.plan_number)))
        status = STAGE_STATUS.get(row.stage)
        if status is not None and (node, CDT.status, None) not in g:
            g.set((node, CDT.status, status))
    g.add((node, DCTERMS.title, zh(row.name)))
    g.add((node, CDT.projectName, zh(row.name)))
    for value, prop, term in ((row.code, CDT.projectCode, Literal), (row.kind, CDT.deliverableKind, zh),
                              (row.stage, CDT.projectStage, STAGE_TERMS.__getitem__),
                              (row.stage_date, CDT.stageDate, _date), (row.start, CDT.startDate, _date),
                              (row.due, CDT.dueDate, _date), (row.department, CDT.competentDepartment, agents),
                              (row.responsible, CDT.responsibleBody, agents), (row.proposer, CDT.proposedBy, agents)):
        if value:
            g.add((node, prop, term(value)))
    if row.cycle_months is not None:
        g.add((node, CDT.cycleMonths, Literal(row.cycle_months, datatype=XSD.integer)))
    for name in split_organization_list(row.drafters):
        g.add((node, CDT.draftedBy, agents(name)))
    g.add((node, CDT.sourceLine, Literal(row.line, datatype=XSD.integer)))
    g.add((node, CDT.locator, Literal(locator)))


def load_plan_projects(graph: Graph, corpus: Path) -> LoadResult:
    """The projects of the imported plan list of `corpus` (nothing when none was imported)."""
    result = LoadResult()
    try:
        sheet = read_stored(corpus)
    except CdtkgError as e:
        result.error(PLAN_FILE, None, f"{e}（重新运行 `cdtkg plan import` 导入计划表）")
        return result
    if sheet is None:
        return result
    for problem in sheet.problems:
        result.problems.append(problem)
    agents = _Agents(graph, corpus, result.graph)
    for p in resolve(sheet, graph):
        add_project(result.graph, p, agents, f"{p.row.sheet}:{p.row.line}")
    return result
