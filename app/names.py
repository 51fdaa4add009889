"""Where a name shown in a table leads: the resource page of the standard or document it names (by its
number, plan number or title, as the named queries print them), or of the one resource of a class that
bears it as its label (a roadmap topic, a capability domain or subdomain)."""
from __future__ import annotations

from typing import Iterable

from app import resources
from loaders.vocab import CDT_IRI


def _targets(rows, names: Iterable) -> list:
    """The resource page of each name that exactly one resource of `rows` (?resource ?name) bears."""
    counts = rows["name"].value_counts() if not rows.empty else {}
    by_name = {n: r for n, r in zip(rows["name"], rows["resource"]) if counts[n] == 1} if not rows.empty else {}
    return [("resource", {"iri": by_name[n]}) if isinstance(n, str) and n in by_name else None for n in names]


def document_targets(names: Iterable) -> list:
    """Return, for each name, the resource page of the one standard or document it names (None for an
    empty cell, or a name no resource or more than one resource bears)."""
    return _targets(resources.named("app_standard_names"), names)


def label_targets(names: Iterable, cls: str) -> list:
    """Return, for each name, the resource page of the one resource of vocabulary class `cls` (local name,
    e.g. RoadmapTopic) labelled so (None for an empty cell, or a label no resource or several bear)."""
    return _targets(resources.named("app_class_names", **{"class": CDT_IRI + cls}), names)


def iri_targets(iris: Iterable) -> list:
    """Return the resource page of each IRI (None for an empty cell)."""
    return [("resource", {"iri": i}) if isinstance(i, str) and i else None for i in iris]


def node_name_targets(notations: Iterable, column: str) -> list:
    """Return, for each framework node (by notation), the name and resource page of each thing its row of the
    gap table names in `column` — planned, covering or topics (queries/app_node_names.rq) — as a list (None
    for a node naming nothing there)."""
    rows = resources.named("app_node_names")
    by_node: dict[str, list] = {}
    if not rows.empty:
        mine = rows[rows["column"] == column]
        for notation, name, iri in zip(mine["notation"], mine["name"], mine["resource"]):
            by_node.setdefault(notation, []).append((name, ("resource", {"iri": iri})))
    return [by_node.get(n) for n in notations]
