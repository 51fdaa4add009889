"""Other names people use for the field's notions: the curated table corpus/synonyms_curated.csv
(colloquial names such as 城市大脑, English renderings; each row with its rationale) and the old
names the graph records where an edition renamed a thing (cdt:oldLabel of a cdt:Change).

Question answering names the thing also by these (queries/ask/label_index.py); search reads a
query's alias as the name it stands for (queries/search.py).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from loaders.problems import CdtkgError

from .library import QUERY_DIR, parse_header
from .normalize import compact, fold, to_simplified

SYNONYMS_FILE = "synonyms_curated.csv"
COLUMNS = ("alias", "canonical", "rationale")
# Provenance: what kind of other name it is (俗称, 简称, 英文, 近义) and the clauses that attest it.
# Rows written before these columns existed are still read (both empty).
PROVENANCE = ("kind", "source")
OLD_NAMES = QUERY_DIR / "ask" / "index" / "old_names.rq"



@dataclass(frozen=True)
class Synonym:
    alias: str
    canonical: str
    rationale: str
    line: int
    kind: str = ""
    source: str = ""


def read_synonyms(corpus: Path | None) -> list[Synonym]:
    """The rows of `corpus`/synonyms_curated.csv (none when the corpus has no such table), with
    their provenance (kind and source) where the table gives it;
    raises CdtkgError naming the line of a row without alias, canonical or rationale."""
    if corpus is None:
        return []
    path = Path(corpus) / SYNONYMS_FILE
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or any(c not in reader.fieldnames for c in COLUMNS):
            raise CdtkgError(f"{path.name} 的表头应为 {','.join(COLUMNS)}")
        for no, row in enumerate(reader, start=2):
            alias, canonical, why = ((row.get(c) or "").strip() for c in COLUMNS)
            if not (alias and canonical and why):
                raise CdtkgError(f"{path.name} 第 {no} 行：别名、规范名称和理由都不能为空")
            kind, source = ((row.get(c) or "").strip() for c in PROVENANCE)
            out.append(Synonym(alias, canonical, why, no, kind, source))
    return out


def old_names(graph) -> list[tuple[str, str, str | None]]:
    """(old name, new name, the renamed thing's IRI or None) of every rename the graph records."""
    return [(str(r["old"]), str(r["new"]), str(r["thing"]) if r.get("thing") else None)
            for r in graph.run(parse_header(OLD_NAMES)).records()]


def alias_key(text: str) -> str:
    """The form an alias is looked for in a query: folded, simplified, lower case."""
    return to_simplified(fold(text)).lower()


class Aliases:
    """Alias → name pairs made ready for many queries: patterns compiled and keys compacted once."""

    def __init__(self, pairs: list[tuple[str, str]]):
        self.pairs = list(pairs)
        self._ordered = [(_alias_pattern(a), c) for a, c in sorted(self.pairs, key=lambda p: -len(p[0])) if a]
        self._exact: dict[str, list[str]] = {}
        for alias, canonical in self.pairs:
            self._exact.setdefault(compact(alias), []).append(compact(canonical))

    def expand(self, text: str) -> str:
        """`text` (a folded, lower-case query) with each alias it contains followed by the name it
        stands for (`城市大脑` → `城市大脑 城市智能中枢`); the longest alias first, each once; an
        alias in Latin letters only as whole words, a plural included (`ai` is not in `detail`)."""
        for pattern, canonical in self._ordered:
            if canonical in text:
                continue
            m = pattern.search(text)
            if m:
                text = f"{text[:m.end()]} {canonical}{text[m.end():]}"
        return text

    def exact(self, text: str) -> list[str]:
        """The compact keys of the names a whole query stands for, when the query is one alias."""
        return self._exact.get(compact(text), [])


def _alias_pattern(alias: str) -> re.Pattern:
    if not alias.isascii():
        return re.compile(re.escape(alias))
    return re.compile(rf"(?<![a-z0-9]){re.escape(alias)}(?:e?s)?(?![a-z0-9])")


def expand_query(text: str, pairs: list[tuple[str, str]]) -> str:
    """`text` read with the aliases of `pairs` (see Aliases.expand)."""
    return Aliases(pairs).expand(text)
