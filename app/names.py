"""Where a name shown in a table leads: the resource page of the standard or document it names (by its
number, plan number or title, as the named queries print them)."""
from __future__ import annotations

from typing import Iterable

from app import resources


def document_targets(names: Iterable) -> list:
    """Return, for each name, the resource page of the one standard or document it names (None for an
    empty cell, or a name no resource or more than one resource bears)."""
    rows = resources.named("app_standard_names")
    counts = rows["name"].value_counts()
    by_name = {n: r for n, r in zip(rows["name"], rows["resource"]) if counts[n] == 1}
    return [("resource", {"iri": by_name[n]}) if isinstance(n, str) and n in by_name else None for n in names]
