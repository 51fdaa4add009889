"""The SHACL shapes (ontology/shapes.ttl) evaluated directly on an rdflib graph, without pySHACL.

pySHACL spends about 0.1 ms of bookkeeping per focus node and shape, and on a sh:or it writes a result
with a generated message for every member that fails and then drops it: on the 10,000 projects of a
plan list that was most of a rebuild. The shapes use a handful of core constraint kinds (`KNOWN`); this
module reads each shape's constraints from the shapes graph and evaluates them as pySHACL does (the
same focus nodes, the same results with the same messages), so the shapes stay the one statement of the
rules. A shape using a kind not evaluated here makes `unknown_constraints` name it, and `validate_core`
hand the graph to pySHACL instead (tests/test_shape_evaluator.py fails on such a shape).
"""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import XSD

from .validation import SH, Found, ValidationReport, ontology_axioms, report_of, shapes_graph, validate

_TYPED = ("^", RDF.type)
_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
# Predicates of a shape that constrain its value nodes, with the component a result of each names.
KNOWN = {
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent, SH.lessThan: SH.LessThanConstraintComponent,
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
}
# Predicates of a shape that say how, not what: they constrain nothing by themselves.
_DESCRIPTIVE = {SH.message, SH.severity, SH.name, SH.description, SH.path, SH.property, SH.order, SH.group,
                SH.flags, SH.qualifiedMinCount, *_TARGETS}
_STRING_TYPES = (None, RDF.langString, XSD.string)
# The Python value a well-typed literal of each datatype has (as pySHACL checks it); other datatypes pass.
_PYTHON_TYPES = {XSD.string: str, RDF.langString: str, XSD.integer: int, XSD.boolean: bool, XSD.date: dt.date,
                 XSD.dateTime: dt.datetime, XSD.time: dt.time, XSD.float: float, XSD.decimal: Decimal}


def _shape_nodes(shapes: Graph) -> set:
    """Every shape of `shapes`: those with targets, their property shapes, and the shapes inside
    sh:or, sh:not and sh:qualifiedValueShape, at any depth."""
    todo = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    todo |= set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    seen = set()
    while todo:
        shape = todo.pop()
        seen.add(shape)
        inner = [*shapes.objects(shape, SH.property), *shapes.objects(shape, SH["not"]),
                 *shapes.objects(shape, SH.qualifiedValueShape)]
        for members in shapes.objects(shape, SH["or"]):
            inner += list(Collection(shapes, members))
        todo |= set(inner) - seen
    return seen


def unknown_constraints(shapes: Graph) -> list[tuple[str, str]]:
    """(shape, what) for each constraint of `shapes` this module does not evaluate as pySHACL does:
    a SHACL predicate not in KNOWN, a path other than a property or its inverse, a pattern flag other
    than i or m, or a shape giving results without a message of its own (pySHACL would make one up)."""
    out = []
    for shape in _shape_nodes(shapes):
        for p in set(shapes.predicates(shape, None)):
            if str(p).startswith(str(SH)) and p not in KNOWN and p not in _DESCRIPTIVE:
                out.append((str(shape), str(p)))
        for path in shapes.objects(shape, SH.path):
            if not isinstance(path, URIRef) and not isinstance(shapes.value(path, SH.inversePath), URIRef):
                out.append((str(shape), "sh:path（只支持属性及其逆）"))
        for flags in shapes.objects(shape, SH.flags):
            if set(str(flags).lower()) - set("im"):
                out.append((str(shape), f"sh:flags {flags}"))
    for shape in _reported_shapes(shapes):
        if (shape, SH.message, None) not in shapes and any(p in KNOWN for p in shapes.predicates(shape, None)):
            out.append((str(shape), "sh:message（缺少）"))
    return sorted(out)


def _reported_shapes(shapes: Graph) -> set:
    """The shapes whose own results are reported: shapes with targets and their property shapes."""
    targeted = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    return targeted | {p for s in targeted for p in shapes.objects(s, SH.property)}


@dataclass(frozen=True)
class _Constraint:
    kind: URIRef            # the parameter (sh:minCount …)
    value: object           # its value, read once (an int, a set of terms, a compiled pattern, a shape …)


@dataclass(frozen=True)
class _Shape:
    node: object            # its IRI or blank node in the shapes graph
    path: object            # None for a node shape; a property, or ("^", property) for an inverse path
    constraints: tuple
    properties: tuple       # the property shapes of a node shape (sh:property)
    severity: URIRef
    message: str


class _Compiled:
    """The shapes graph read once into constraints, each reported shape with the targets it is run on:
    a node shape with its own, a property shape with those of every node shape holding it (as
    `validation.runnable_shapes` gives them to pySHACL, so a node two of them reach is checked once)."""

    def __init__(self, shapes: Graph):
        self.graph = shapes
        self.cache: dict = {}
        targets: dict = {}
        node_shapes = {s for t in _TARGETS for s in shapes.subjects(t, None)}
        for s in node_shapes:
            own = {(t, c) for t in _TARGETS for c in shapes.objects(s, t)}
            targets.setdefault(s, set()).update(own)
            for prop in shapes.objects(s, SH.property):
                targets.setdefault(prop, set()).update(own)
        self.targeted = []
        for node in sorted(targets, key=str):
            shape = self.shape(node)
            if node in node_shapes:
                shape = _Shape(shape.node, shape.path, shape.constraints, (), shape.severity, shape.message)
            self.targeted.append((shape, sorted(targets[node], key=str)))

    def shape(self, node) -> _Shape:
        if node in self.cache:
            return self.cache[node]
        g = self.graph
        path = g.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            path = ("^", g.value(path, SH.inversePath))
        constraints = []
        for kind in KNOWN:
            for value in g.objects(node, kind):
                constraints.append(_Constraint(kind, self._parameter(node, kind, value)))
        messages = sorted(g.objects(node, SH.message), key=lambda m: (not (m.language or "").startswith("zh"),
                                                                      m.language is not None, str(m)))
        shape = _Shape(node, path, tuple(constraints), (), g.value(node, SH.severity) or SH.Violation,
                       str(messages[0]) if messages else "")
        self.cache[node] = shape   # before the property shapes, which may name it again
        shape = _Shape(shape.node, shape.path, shape.constraints,
                       tuple(self.shape(p) for p in sorted(g.objects(node, SH.property), key=str)),
                       shape.severity, shape.message)
        self.cache[node] = shape
        return shape

    def _parameter(self, node, kind, value):
        g = self.graph
        if kind in (SH["in"], SH.languageIn):
            items = list(Collection(g, value))
            return frozenset(str(i).lower() for i in items) if kind == SH.languageIn else frozenset(items)
        if kind == SH["or"]:
            return tuple(self.shape(m) for m in Collection(g, value))
        if kind == SH["not"]:
            return self.shape(value)
        if kind == SH.qualifiedValueShape:
            least = g.value(node, SH.qualifiedMinCount)
            return self.shape(value), int(least) if least is not None else 0
        if kind == SH.pattern:
            flags = str(g.value(node, SH.flags) or "").lower()
            return re.compile(str(value), (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
        if kind in (SH.minCount, SH.maxCount, SH.minLength):
            return int(value)
        if kind == SH.uniqueLang:
            return bool(value.toPython())
        return value


class _Data:
    """The data graph as the shapes read it, indexed once: values by property, subjects by type."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.forward: dict = {}
        for s, p, o in graph:
            self.forward.setdefault(p, {}).setdefault(s, []).append(o)
        self.inverse: dict = {}
        self.below: dict = {}

    def values(self, focus, path) -> list:
        if path is None:
            return [focus]
        if isinstance(path, tuple):
            if path[1] not in self.inverse:
                index: dict = {}
                for s, objects in self.forward.get(path[1], {}).items():
                    for o in objects:
                        index.setdefault(o, []).append(s)
                self.inverse[path[1]] = index
            return self.inverse[path[1]].get(focus, [])
        return self.forward.get(path, {}).get(focus, [])

    def classes_of(self, cls) -> set:
        """`cls` and every class below it."""
        if cls not in self.below:
            self.below[cls] = {cls, *self.graph.transitive_subjects(RDFS.subClassOf, cls)}
        return self.below[cls]

    def is_a(self, node, cls) -> bool:
        if isinstance(node, Literal):
            return False
        below = self.classes_of(cls)
        return any(t in below for t in self.values(node, RDF.type))

    def focus_nodes(self, targets) -> set:
        out = set()
        for kind, c in targets:
            if kind == SH.targetClass:
                for cls in self.classes_of(c):
                    out.update(self.values(cls, _TYPED))
            elif kind == SH.targetSubjectsOf:
                out.update(self.forward.get(c, {}))
            elif kind == SH.targetObjectsOf:
                out.update(o for objects in self.forward.get(c, {}).values() for o in objects)
            else:
                out.add(c)
        return out


def _datatype_ok(v, datatype) -> bool:
    if not isinstance(v, Literal):
        return False
    if v.datatype == datatype:
        if getattr(v, "ill_typed", None) is True:
            return False
        expected = _PYTHON_TYPES.get(datatype)
        return expected is None or isinstance(v.value, expected)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype:
        return v.datatype is not None
    if v.datatype is None and v.language is None and datatype == XSD.string:
        return isinstance(v.value, str)
    if datatype == RDF.langString and v.language:
        return isinstance(v.value, str)
    return False


def _text(v) -> str:
    if isinstance(v, Literal) and v.value is not None and v.datatype in _STRING_TYPES:
        return str(v.value)
    return str(v)


def _in_range(v, bound, least: bool) -> bool:
    if not isinstance(v, Literal) or isinstance(v.value, str) != isinstance(bound.value, str):
        return False
    try:
        cmp = compare_literal(v, bound)
    except (TypeError, NotImplementedError):
        return False
    return cmp >= 0 if least else cmp <= 0


def _less_than(v, other) -> bool:
    def plain(x):
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    (a, a_text), (b, b_text) = plain(v), plain(other)
    if a_text != b_text:
        return False
    try:
        return bool(a < b)
    except TypeError:
        return False


def _failures(c: _Constraint, focus, values: list, data: _Data) -> list:
    """The value nodes that fail constraint `c` (None for a failure of the focus node as a whole)."""
    return _CHECKS[c.kind](c.value, focus, values, data)


def _unique_lang(unique, focus, values, data) -> list:
    if not unique:
        return []
    langs = [v.language.lower() for v in values if isinstance(v, Literal) and v.language]
    return [None] * len({lang for lang in langs if langs.count(lang) > 1})


def _each(test):
    """A check failing each value node `test` rejects."""
    return lambda p, focus, values, data: [v for v in values if not test(v, p, data)]


_KINDS_OF_BNODE = frozenset((SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI))
_KINDS_OF_LITERAL = frozenset((SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral))
_KINDS_OF_IRI = frozenset((SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI))


def _node_kind(v, kind, data) -> bool:
    if isinstance(v, BNode):
        return kind in _KINDS_OF_BNODE
    return kind in (_KINDS_OF_LITERAL if isinstance(v, Literal) else _KINDS_OF_IRI)


def _language_in(v, languages, data) -> bool:
    return isinstance(v, Literal) and bool(v.language) and (
        "*" in languages or v.language.lower() in languages or v.language.split("-")[0].lower() in languages)


_CHECKS = {
    SH.minCount: lambda n, focus, values, data: [None] if len(values) < n else [],
    SH.maxCount: lambda n, focus, values, data: [None] if len(values) > n else [],
    SH.hasValue: lambda term, focus, values, data: [] if term in values else [None],
    SH.uniqueLang: _unique_lang,
    SH.qualifiedValueShape: lambda p, focus, values, data:
        [None] if sum(1 for v in values if _conforms(v, p[0], data)) < p[1] else [],
    SH.lessThan: lambda other, focus, values, data:
        [v for v in values for o in data.values(focus, other) if not _less_than(v, o)],
    SH.datatype: _each(lambda v, p, d: _datatype_ok(v, p)),
    SH["class"]: _each(lambda v, p, d: d.is_a(v, p)),
    SH.nodeKind: _each(_node_kind),
    SH["in"]: _each(lambda v, p, d: v in p),
    SH.pattern: _each(lambda v, p, d: not isinstance(v, BNode) and p.search(_text(v)) is not None),
    SH.minLength: _each(lambda v, p, d: p == 0 or (not isinstance(v, BNode) and len(_text(v)) >= p)),
    SH.languageIn: _each(_language_in),
    SH.minInclusive: _each(lambda v, p, d: _in_range(v, p, least=True)),
    SH.maxInclusive: _each(lambda v, p, d: _in_range(v, p, least=False)),
    SH["or"]: _each(lambda v, p, d: any(_conforms(v, m, d) for m in p)),
    SH["not"]: _each(lambda v, p, d: not _conforms(v, p, d)),
}


def _conforms(node, shape: _Shape, data: _Data) -> bool:
    values = data.values(node, shape.path)
    return (all(not _failures(c, node, values, data) for c in shape.constraints)
            and all(_conforms(node, p, data) for p in shape.properties))


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    return _Compiled(shapes_graph())


@lru_cache(maxsize=1)
def _unknown() -> tuple:
    return tuple(unknown_constraints(shapes_graph()))


def findings(data: Graph) -> list[Found]:
    """Every result of the shapes on `data` (the ontology's axioms mixed in as `validate` mixes them)."""
    compiled = _compiled()
    found = []
    view = _Data(data)
    for shape, targets in compiled.targeted:
        focus_nodes = view.focus_nodes(targets)
        for focus in focus_nodes:
            values = view.values(focus, shape.path)
            for c in shape.constraints:
                for v in _failures(c, focus, values, view):
                    found.append(Found(shape.severity, shape.node, KNOWN[c.kind], focus, _path_term(shape), v,
                                       shape.message))
    return found


def _path_term(shape: _Shape):
    if shape.path is None or not isinstance(shape.path, tuple):
        return shape.path
    return shapes_graph().value(shape.node, SH.path)


def validate_core(data: Graph) -> ValidationReport:
    """The report `validation.validate` gives on `data`, worked out by this module (by pySHACL when a
    shape uses a constraint it does not evaluate)."""
    if _unknown():
        return validate(data)
    started = time.perf_counter()
    mixed_in = [t for t in ontology_axioms() if t not in data]
    data.addN((s, p, o, data) for s, p, o in mixed_in)
    try:
        found = findings(data)
    finally:
        for t in mixed_in:
            data.remove(t)
    report = report_of(data, found, shapes_graph())
    report.seconds = time.perf_counter() - started
    return report
