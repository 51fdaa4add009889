"""Validate a graph against ontology/shapes.ttl and report the findings in a drafter's words.

`validate(graph)` runs pySHACL on the in-memory rdflib graph (no inference,
core constraints only, the ontology mixed in so that sh:targetClass reaches
subclasses) and returns a `ValidationReport`. Each result names the offending
resource by its label and its place in the source document (document number or
title + locator + line), not only by its IRI.

Results of the check queries (ontology/checks/*.rq, each returning
`?resource ?label ?locator ?message`) join the same report through
`check_result()` and `ValidationReport.extra_results`.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Iterable, Mapping, NamedTuple
from urllib.parse import unquote

from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from .document_names import NAMING_PROPERTIES, document_name_of, resource_name
from .locations import ONTOLOGY, SHAPES, build_home
from .vocab import CDT, CDTSH_IRI, PREFIXES, SH_IRI

ONTOLOGY_FILE, SHAPES_FILE = ONTOLOGY, SHAPES

SH = Namespace(SH_IRI)

VIOLATION, WARNING, INFO = "violation", "warning", "info"
SEVERITIES = (VIOLATION, WARNING, INFO)
SEVERITY_ZH = {VIOLATION: "违规", WARNING: "警告", INFO: "提示"}
_SEVERITY_OF = {SH.Violation: VIOLATION, SH.Warning: WARNING, SH.Info: INFO}
SHACL_SOURCE = "shacl"

# The prefixes a finding's path and class are shortened with: the vocabulary's and the shapes'; a resource's
# IRI (cdtr:) is shown whole.
_PREFIXES = {**{p: PREFIXES[p] for p in ("cdt", "skos", "dcterms", "foaf", "rdfs", "rdf")}, "cdtsh": CDTSH_IRI}
# Where a resource's identifier and name are found, most telling first.
_DOCUMENT_PROPS = (CDT.sourceDocument, CDT.inDocument, CDT.contributionTo)
_SNIPPET = 24
_SHOW_VALUES = {SH.MaxCountConstraintComponent, SH.UniqueLangConstraintComponent}


@dataclass(frozen=True)
class ValidationResult:
    """One finding: which rule, which resource (by label and place), what is wrong."""

    severity: str                 # "violation" | "warning" | "info"
    shape: str                    # the shape's IRI, or "check:<name>" for a check query
    shape_name: str               # the rule's Chinese name
    focus: str                    # IRI of the offending resource
    label: str = ""               # e.g. "7.2.9 数据安全"
    kind: str = ""                # Chinese class name, e.g. "条款"
    document: str = ""            # number or title of its document
    locator: str = ""             # e.g. "7.2.9 c)"
    source_line: int | None = None
    path: str = ""                # e.g. "cdt:number"
    value: str = ""               # the offending value, when there is one
    message: str = ""
    source: str = SHACL_SOURCE    # "shacl" or the check's name

    def place(self) -> str:
        """Return where the resource is, for a reader: `GB/T 34678-2017 7.2.9 c)，第 120 行`."""
        where = " ".join(p for p in (self.document, self.locator) if p)
        if self.source_line:
            where = f"{where}，第 {self.source_line} 行" if where else f"第 {self.source_line} 行"
        return where


@dataclass
class ValidationReport:
    """SHACL results plus the results of check queries, with counts and renderings."""

    results: list[ValidationResult] = field(default_factory=list)
    extra_results: list[ValidationResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def all_results(self) -> list[ValidationResult]:
        return [*self.results, *self.extra_results]

    def count(self, severity: str) -> int:
        return sum(1 for r in self.all_results if r.severity == severity)

    @property
    def violations(self) -> int:
        return self.count(VIOLATION)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    @property
    def infos(self) -> int:
        return self.count(INFO)

    @property
    def conforms(self) -> bool:
        """True when nothing is at violation severity (warnings and infos do not fail)."""
        return self.violations == 0

    def extend(self, extra: Iterable[ValidationResult]) -> "ValidationReport":
        """Append results of check queries; returns the report."""
        self.extra_results.extend(extra)
        return self

    def merge(self, other: "ValidationReport") -> "ValidationReport":
        """Add another report's results (e.g. of another document's graph); returns self."""
        self.results.extend(other.results)
        self.extra_results.extend(other.extra_results)
        self.seconds += other.seconds
        return self

    def groups(self) -> list[tuple[str, str, list[ValidationResult]]]:
        """Return (severity, shape name, results) groups: violations first, then by shape name."""
        by_key: dict[tuple[str, str, str], list[ValidationResult]] = {}
        for r in self.all_results:
            by_key.setdefault((r.severity, r.shape_name or r.shape, r.shape), []).append(r)
        order = {s: i for i, s in enumerate(SEVERITIES)}
        keys = sorted(by_key, key=lambda k: (order.get(k[0], len(order)), k[1], k[2]))
        return [(k[0], k[1], sorted(by_key[k], key=_reading_order)) for k in keys]

    def to_json(self) -> str:
        """Return the report as JSON: conforms, counts, and every result (check results included)."""
        return json.dumps({
            "conforms": self.conforms,
            "violations": self.violations,
            "warnings": self.warnings,
            "infos": self.infos,
            "seconds": round(self.seconds, 3),
            "results": [asdict(r) for r in self.all_results],
        }, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "ValidationReport":
        """Rebuild a report written by `to_json` (SHACL results and check results kept apart)."""
        data = json.loads(text)
        names = {f.name for f in fields(ValidationResult)}
        results = [ValidationResult(**{k: v for k, v in r.items() if k in names}) for r in data.get("results", [])]
        return cls(
            results=[r for r in results if r.source == SHACL_SOURCE],
            extra_results=[r for r in results if r.source != SHACL_SOURCE],
            seconds=float(data.get("seconds", 0.0)),
        )

    def render_text(self) -> str:
        """Return a Chinese report grouped by severity and rule, each resource named by label and place."""
        counts = "，".join(f"{SEVERITY_ZH[s]} {self.count(s)} 处" for s in SEVERITIES)
        head = "校验通过" if self.conforms else "校验未通过"
        lines = [f"{head}：{counts}。"]
        if not self.all_results:
            return lines[0]
        current = None
        for severity, name, results in self.groups():
            if severity != current:
                current = severity
                lines.append("")
                lines.append(f"【{SEVERITY_ZH.get(severity, severity)}】")
            path = results[0].path
            title = f"{name}（{path}）" if path else name
            lines.append(f"■ {title}：{len(results)} 处")
            messages = {r.message for r in results}
            shared = len(messages) == 1
            if shared and results[0].message:
                lines.append(f"  问题：{results[0].message}")
            for r in results:
                lines.append("  - " + _describe_result(r, with_message=not shared))
        return "\n".join(lines)


def _reading_order(r: ValidationResult):
    return (r.document, r.source_line if r.source_line is not None else 1 << 30, r.locator, r.focus)


def _describe_result(r: ValidationResult, with_message: bool) -> str:
    who = f"{r.kind}「{r.label}」" if r.kind else (f"「{r.label}」" if r.label else "")
    text = who
    place = r.place()
    if place:
        text += f"（{place}）" if text else place
    if r.value and r.value != r.focus:
        text += f"，取值“{r.value}”"
    if with_message and r.message:
        text += f"：{r.message}" if text else r.message
    if not r.label and r.focus:
        text += f"<{r.focus}>"
    return text


# --- graphs ----------------------------------------------------------------------
@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology (cdt.ttl), parsed once."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@lru_cache(maxsize=1)
def ontology_axioms() -> Graph:
    """The ontology's axioms as pySHACL mixes them into a data graph (classes, properties,
    subclass links), worked out once: pySHACL's own mixing walks the ontology again for every
    graph it validates, about a second each. Kept beside the builds, under a hash of the
    ontology and pySHACL's version, since it is about a second even once."""
    import hashlib

    import pyshacl
    from pyshacl.rdfutil.inoculate import inoculate


    key = hashlib.sha256(ONTOLOGY_FILE.read_bytes() + pyshacl.__version__.encode()).hexdigest()[:16]
    cached = build_home() / f"ontology-axioms.{key}.nt"
    if cached.is_file():
        try:
            return Graph().parse(cached, format="nt")
        except Exception:   # a file cut short: work them out again
            pass
    axioms = inoculate(Graph(), ontology_graph())
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.tmp")
    axioms.serialize(tmp, format="nt", encoding="utf-8")
    tmp.replace(cached)
    return axioms


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes (shapes.ttl), parsed once."""
    return Graph().parse(SHAPES_FILE, format="turtle")


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)


@lru_cache(maxsize=1)
def runnable_shapes() -> Graph:
    """The shapes as pySHACL runs them: each sh:property shape carries its node shape's targets.

    Same constraints, same results, same source shapes: a property shape
    reached through sh:property is evaluated by pySHACL once per focus node
    (about 0.1 ms each, 2.5 s on 26k triples), a property shape with its own
    targets once for all of them (0.9 s). The members of sh:or, sh:and,
    sh:xone and sh:not carry a message: pySHACL drops their own results, yet
    writes a generic message for each one that fails unless the shape has one
    (a sh:or over 10,000 plan projects fails a member for most of them).
    shapes.ttl stays in the usual node-shape form for readers and other SHACL
    tools.
    """
    source = shapes_graph()
    run = Graph()
    for triple in source:
        run.add(triple)
    for node_shape, prop_shape in list(run.subject_objects(SH.property)):
        targets = [(t, c) for t in _TARGETS for c in run.objects(node_shape, t)]
        if not targets:
            continue
        for t, c in targets:
            run.add((prop_shape, t, c))
        run.remove((node_shape, SH.property, prop_shape))
    members = set(run.objects(None, SH["not"]))
    for logical in (SH["or"], SH["and"], SH.xone):
        for members_list in run.objects(None, logical):
            members.update(Collection(run, members_list))
    for member in members:
        if (member, SH.message, None) not in run:
            run.add((member, SH.message, Literal("（逻辑约束的成员）", lang="zh")))
    return run


@lru_cache(maxsize=1)
def _class_labels() -> dict[URIRef, str]:
    onto = ontology_graph()
    labels = {}
    for s, o in onto.subject_objects(RDFS.label):
        if isinstance(o, Literal) and o.language == "zh":
            labels[s] = str(o)
    return labels


@lru_cache(maxsize=1)
def _superclasses() -> dict[URIRef, set[URIRef]]:
    onto = ontology_graph()
    supers: dict[URIRef, set[URIRef]] = {}
    for cls in set(onto.subjects(RDFS.subClassOf, None)):
        supers[cls] = {c for c in onto.transitive_objects(cls, RDFS.subClassOf) if c != cls}
    return supers


@lru_cache(maxsize=1)
def _shape_names() -> dict[str, str]:
    shapes = shapes_graph()
    names = {}
    for prop in (RDFS.label, SH.name):
        for s, o in shapes.subject_objects(prop):
            if isinstance(o, Literal) and o.language == "zh" and isinstance(s, URIRef):
                names.setdefault(str(s), str(o))
    return names


# --- describing a resource -----------------------------------------------------------
def _pick(graph: Graph, node, props) -> str:
    """The first value of `props` on `node`, preferring @zh, then untagged, then any."""
    for p in props:
        values = sorted((o for o in graph.objects(node, p) if isinstance(o, Literal)), key=str)
        if not values:
            continue
        for v in values:
            if (v.language or "").startswith("zh"):
                return str(v)
        for v in values:
            if v.language is None:
                return str(v)
        return str(values[0])
    return ""


def _tail(iri: str) -> str:
    return unquote(str(iri).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def resource_label(graph: Graph, node) -> str:
    """Return a reader's name for `node` (loaders.document_names.resource_name: `7.2.9 数据安全`, a document
    as `GB/T 34678-2017《智慧城市 技术参考模型》`), else a text snippet, else the end of its IRI."""
    name = resource_name(naming_facts(graph, node))
    if name:
        return name
    text = _pick(graph, node, (CDT.text, SKOS.definition))
    if text:
        return text if len(text) <= _SNIPPET else text[:_SNIPPET] + "…"
    return _tail(node)


def naming_facts(graph: Graph, node) -> dict[str, list[tuple[str, str]]]:
    """The facts that name `node` in `graph`, in the form loaders.document_names.resource_name reads."""
    facts: dict[str, list[tuple[str, str]]] = {}
    for prop in NAMING_PROPERTIES:
        for o in graph.objects(node, URIRef(prop)):
            if isinstance(o, Literal):
                facts.setdefault(prop, []).append((str(o), o.language or ""))
    for status in graph.objects(node, CDT.status):
        facts.setdefault(str(CDT.status), []).append((str(status).rsplit("#", 1)[-1], ""))
    types = set(graph.objects(node, RDF.type))
    supers = _superclasses()
    if CDT.Document in types | set().union(*(supers.get(t, set()) for t in types)):
        facts["document"] = []
    return facts


def resource_kind(graph: Graph, node) -> str:
    """Return the Chinese names of `node`'s most specific classes (`标准`, not `标准、文档`)."""
    types = set(graph.objects(node, RDF.type))
    supers = _superclasses()
    implied = set().union(*(supers.get(t, set()) for t in types)) if types else set()
    labels = _class_labels()
    names = sorted({labels[t] for t in types - implied if t in labels})
    return "、".join(names)


def document_label(graph: Graph, doc, names: dict | None = None) -> str:
    """Return a document's short name, as a place is given (loaders.document_names: its number, else its
    plan number, else its title), else the end of its IRI. `names`, when given, keeps the names worked out
    for the same `graph` (the checks name a few documents for hundreds of findings)."""
    if names is not None and doc in names:
        return names[doc]
    name = document_name_of(naming_facts(graph, doc), short=True) or _tail(doc)
    if names is not None:
        names[doc] = name
    return name


def resource_place(graph: Graph, node, names: dict | None = None) -> tuple[str, str, int | None]:
    """Return (document label, locator, source line) of `node`, as far as the graph says (`names`: as
    document_label keeps them)."""
    doc = next((d for p in _DOCUMENT_PROPS for d in graph.objects(node, p)), None)
    if doc is None:
        clause = next(graph.objects(node, CDT.inClause), None)
        doc = next(graph.objects(clause, CDT.inDocument), None) if clause is not None else None
    locator = _pick(graph, node, (CDT.locator,))
    lines = [int(o) for o in graph.objects(node, CDT.sourceLine) if isinstance(o, Literal) and _is_int(o)]
    return (document_label(graph, doc, names) if doc is not None else "", locator, min(lines) if lines else None)


def _is_int(lit: Literal) -> bool:
    try:
        int(lit)
        return True
    except (TypeError, ValueError):
        return False


def _short(node, graph: Graph | None = None) -> str:
    """A prefixed name for an IRI (`cdt:number`), `^p` for an inverse path, the text of a literal."""
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, BNode) and graph is not None:
        inverse = next(graph.objects(node, SH.inversePath), None)
        if inverse is not None:
            return "^" + _short(inverse)
        return ""
    text = str(node)
    for prefix, ns in _PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


# --- results --------------------------------------------------------------------------
def _result_of(data: Graph, severity: str, shape: str, shape_name: str, focus, path: str,
               value: str, message: str, source: str, documents: dict | None = None) -> ValidationResult:
    document, locator, line = resource_place(data, focus, documents)
    return ValidationResult(
        severity=severity, shape=shape, shape_name=shape_name, focus=str(focus),
        label=resource_label(data, focus), kind=resource_kind(data, focus),
        document=document, locator=locator, source_line=line,
        path=path, value=value, message=message, source=source,
    )


def check_result(check: str, severity: str, row: Mapping, graph: Graph | None = None,
                 name: str = "", names: dict | None = None) -> ValidationResult:
    """Turn one row of a check query (`?resource ?label ?locator ?message`) into a result.

    `severity` is "violation", "warning" or "info" (the check's row in the
    severity table); with `graph`, the resource's kind, document and line are
    filled in from it and a missing label or locator too (`names`: the documents' names worked out for
    `graph` so far, see document_label).
    """
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r} (use {', '.join(SEVERITIES)})")
    resource = row.get("resource")
    label = str(row.get("label") or "")
    locator = str(row.get("locator") or "")
    kind = document = ""
    line = None
    if graph is not None and resource is not None:
        node = URIRef(str(resource)) if not isinstance(resource, (URIRef, BNode)) else resource
        document, found_locator, line = resource_place(graph, node, names)
        kind = resource_kind(graph, node)
        label = label or resource_label(graph, node)
        locator = locator or found_locator
    return ValidationResult(
        severity=severity, shape=f"check:{check}", shape_name=name or check,
        focus=str(resource or ""), label=label or _tail(str(resource or "")), kind=kind,
        document=document, locator=locator, source_line=line,
        message=str(row.get("message") or ""), source=check,
    )


class Found(NamedTuple):
    """One result of the shapes as an evaluator gives it, before it is named in a reader's words."""

    severity: URIRef        # sh:Violation, sh:Warning or sh:Info
    shape: object           # the shape whose constraint failed
    component: URIRef       # the constraint component (sh:MinCountConstraintComponent …)
    focus: object
    path: object            # None, a property, or the blank node of an inverse path
    value: object           # the failing value node, or None
    message: str


def report_of(data: Graph, found: Iterable[Found], paths: Graph,
              extra_results: Iterable[ValidationResult] = ()) -> ValidationReport:
    """The report of the results `found` on `data`, each resource named by its label and place
    (`paths`: the graph a blank-node path is described in)."""
    names = _shape_names()
    shapes = shapes_graph()
    results, documents = [], {}    # documents: each one's name, worked out once for all its results
    for severity, shape, component, focus, path, value, message in found:
        if value is None and isinstance(path, URIRef) and component in _SHOW_VALUES:
            # "two titles" means little without the two titles
            value = Literal("；".join(sorted(str(o) for o in data.objects(focus, path))[:4]))
        results.append(_result_of(
            data, _SEVERITY_OF.get(severity, VIOLATION),
            shape=str(shape) if isinstance(shape, URIRef) else "",
            shape_name=names.get(str(shape), "") or _short(component),
            focus=focus,
            path=_short(path, paths) or _short(path, shapes) if path is not None else "",
            value=_short(value) if value is not None and value != focus else "",
            message=message,
            source=SHACL_SOURCE,
            documents=documents,
        ))
    results.sort(key=lambda x: (SEVERITIES.index(x.severity), x.shape_name, _reading_order(x)))
    return ValidationReport(results=results, extra_results=list(extra_results))


def validate(data: Graph, extra_results: Iterable[ValidationResult] = ()) -> ValidationReport:
    """Validate `data` against the shapes; returns the report (the graph is not modified).

    The ontology's axioms are mixed into the data for the run, so that
    sh:targetClass cdt:Document also selects every cdt:Standard; no inference
    is made (RDFS/OWL entailment would add nothing the shapes need).
    """
    started = time.perf_counter()
    # The axioms join the data for the run and leave it after: copying a document's graph
    # for pySHACL costs more than validating it.
    mixed_in = [t for t in ontology_axioms() if t not in data]
    data.addN((s, p, o, data) for s, p, o in mixed_in)
    try:
        _, results_graph, _ = shacl_validate(
            data,
            shacl_graph=runnable_shapes(),
            inplace=True,
            inference="none",
            advanced=False,
            abort_on_first=False,
            allow_warnings=True,
            allow_infos=True,
        )
    finally:
        for t in mixed_in:
            data.remove(t)
    found = [Found(results_graph.value(r, SH.resultSeverity), results_graph.value(r, SH.sourceShape),
                   results_graph.value(r, SH.sourceConstraintComponent), results_graph.value(r, SH.focusNode),
                   results_graph.value(r, SH.resultPath), results_graph.value(r, SH.value),
                   _pick(results_graph, r, (SH.resultMessage,)))
             for r in results_graph.subjects(RDF.type, SH.ValidationResult)]
    report = report_of(data, found, results_graph, extra_results)
    report.seconds = time.perf_counter() - started
    return report
