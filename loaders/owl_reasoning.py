"""The OWL check of a build: HermiT (bundled with owlready2) on the graph and the ontology together.

HermiT accepts only the OWL 2 datatype map, and xsd:date, xsd:gYear and
xsd:gYearMonth are not in it (the dates of standards are written that way;
the shapes check them). So the reasoner reads a projection of the graph: each
such literal becomes a plain string of the same text — the ontology gives
those properties the range rdfs:Literal, so nothing a reasoner could conclude
changes — and every resource is declared an owl:NamedIndividual, which
owlready2 needs to reason over it. A user opening `cdtkg export -o x.owl` in
Protégé meets the same wall: the README says so.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from rdflib import OWL, RDF, XSD, Graph, Literal

from .problems import CdtkgError
from .validation import VIOLATION, ValidationReport, ValidationResult
from .vocab import CDTR_IRI

OUTSIDE_OWL2 = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonthDay, XSD.gDay, XSD.gMonth, XSD.time,
                          XSD.duration})
SHAPE = "owl:hermit"
SHAPE_NAME = "OWL 推理（HermiT）"


def reasoner_projection(graph: Graph) -> tuple[Graph, int]:
    """Return the graph HermiT can read (see the module docstring) and how many literals were retyped."""
    out, retyped = Graph(), 0
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in OUTSIDE_OWL2:
            o, retyped = Literal(str(o)), retyped + 1
        out.add((s, p, o))
    for s in {s for s in out.subjects(RDF.type) if str(s).startswith(CDTR_IRI)}:
        out.add((s, RDF.type, OWL.NamedIndividual))
    return out, retyped


def reason(graph: Graph) -> tuple[ValidationReport, int]:
    """Run HermiT on `graph` (the build with its ontology); return a report of its findings — the graph
    inconsistent, or each unsatisfiable class — and how many literals the projection retyped.

    Raises CdtkgError when Java, which HermiT runs on, is missing.
    """
    import owlready2

    if shutil.which("java") is None:
        raise CdtkgError("OWL 推理需要 Java（HermiT 推理机运行在 Java 上）：请先安装，如 "
                         "`apt-get install default-jre-headless`，再运行 `cdtkg validate --owl`。")
    projection, retyped = reasoner_projection(graph)
    report = ValidationReport()
    with tempfile.TemporaryDirectory(prefix="cdtkg-owl-") as folder:
        path = Path(folder) / "graph.owl"
        projection.serialize(path, format="xml")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as e:
            report.extend([ValidationResult(
                severity=VIOLATION, shape=SHAPE, shape_name=SHAPE_NAME, focus="", label="整个图谱",
                message=f"图谱与本体矛盾（HermiT：{_reason_of(e)}）：常见原因是某个值不符合属性的值域"
                        "（如要求整数的属性给了文字）。先运行 `cdtkg validate` 按形状逐条查找。",
                source="owl")])
            return report, retyped
        except owlready2.OwlReadyJavaError as e:
            raise CdtkgError(f"HermiT 推理机运行失败：{_reason_of(e)}") from e
        report.extend(ValidationResult(
            severity=VIOLATION, shape=SHAPE, shape_name=SHAPE_NAME, focus=c.iri,
            label=_label(c), kind="类", message="这个类不可满足：按本体的公理，它不可能有任何实例。",
            source="owl") for c in world.inconsistent_classes())
    return report, retyped


def _label(cls) -> str:
    labels = [str(l) for l in getattr(cls, "label", []) if getattr(l, "lang", "") == "zh"]
    return labels[0] if labels else cls.name


def _reason_of(error: Exception) -> str:
    """The last meaningful line of the reasoner's output."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(error).__name__


def report_for(graph_file: Path) -> tuple[ValidationReport, int]:
    """`reason` on the N-Triples build file `graph_file`."""
    graph = Graph()
    graph.parse(graph_file, format="nt")
    return reason(graph)
