"""RDF terms of a query result as plain, engine-neutral values: the one converter every reader uses."""
from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox

from .vocab import XSD_IRI as XSD

_INTEGER_TYPES = tuple(XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                         "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                         "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))
_FLOAT_TYPES = tuple(XSD + t for t in ("decimal", "double", "float"))
_STRING = XSD + "string"


class Term(NamedTuple):
    """One RDF term of a result, engine-neutral: kind is uri, literal, bnode or triple."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def python(self):
        """The term as a plain value: numbers and booleans typed, everything else a str."""
        if self.kind == "literal" and self.datatype:
            try:
                if self.datatype in _INTEGER_TYPES:
                    return int(self.value)
                if self.datatype in _FLOAT_TYPES:
                    return float(self.value)
                if self.datatype == XSD + "boolean":
                    return self.value in ("true", "1")
            except ValueError:
                return self.value
        return self.value


_new = tuple.__new__   # a Term without NamedTuple's keyword-handling constructor: a result has 100,000s of them


def term_of(node) -> Term | None:
    """A pyoxigraph term as a Term (None stays None)."""
    kind = type(node)
    if kind is ox.NamedNode:
        return _new(Term, ("uri", node.value, None, None))
    if kind is ox.Literal:
        lang = node.language
        if lang:
            return _new(Term, ("literal", node.value, None, lang))
        dt = node.datatype.value
        return _new(Term, ("literal", node.value, None if dt == _STRING else dt, None))
    if node is None:
        return None
    if kind is ox.BlankNode:
        return Term("bnode", node.value)
    return Term("triple", str(node))
