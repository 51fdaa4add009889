"""Other names people use for the field's notions: the curated table corpus/synonyms_curated.csv
(colloquial names such as 城市大脑, English renderings; each row with its rationale) and the old
names the graph records where an edition renamed a thing (cdt:oldLabel of a cdt:Change).

Question answering names the thing also by these (queries/ask/label_index.py); search reads a
query's alias as the name it stands for (queries/search.py).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from loaders.problems import CdtkgError

from .library import QUERY_DIR, parse_header
from .normalize import compact, fold, to_simplified

SYNONYMS_FILE = "synonyms_curated.csv"
COLUMNS = ("alias", "canonical", "rationale")
OLD_NAMES = QUERY_DIR / "ask" / "index" / "old_names.rq"



@dataclass(frozen=True)
class Synonym:
    alias: str
    canonical: str
    rationale: str
    line: int


def read_synonyms(corpus: Path | None) -> list[Synonym]:
    """The rows of `corpus`/synonyms_curated.csv (none when the corpus has no such table);
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
            out.append(Synonym(alias, canonical, why, no))
    return out


def old_names(graph) -> list[tuple[str, str, str | None]]:
    """(old name, new name, the renamed thing's IRI or None) of every rename the graph records."""
    return [(str(r["old"]), str(r["new"]), str(r["thing"]) if r.get("thing") else None)
            for r in graph.run(parse_header(OLD_NAMES)).records()]


def alias_key(text: str) -> str:
    """The form an alias is looked for in a query: folded, simplified, lower case."""
    return to_simplified(fold(text)).lower()


def expand_query(text: str, pairs: list[tuple[str, str]]) -> str:
    """`text` (a folded, lower-case query) with each alias it contains followed by the name it
    stands for (`城市大脑` → `城市大脑 城市智能中枢`); the longest alias first, each once."""
    for alias, canonical in sorted(pairs, key=lambda p: -len(p[0])):
        if alias and alias in text and canonical not in text:
            text = text.replace(alias, f"{alias} {canonical}", 1)
    return text


def exact_keys(text: str, pairs: list[tuple[str, str]]) -> list[str]:
    """The compact keys of the names a whole query stands for, when the query is one alias."""
    key = compact(text)
    return [compact(c) for a, c in pairs if compact(a) == key]
