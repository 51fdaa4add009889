"""Answer tables: the rows of a corpus-wide question, worked out once per build.

An ask template whose header has a `# table:` line is run by the build with no
parameter bound (the question asked of every document: 规范性引用文件有遗漏吗) and
its rows are kept beside the graph (`tables/<name>.srj`, SPARQL results JSON,
with the hash of the query text that made them). Asked that way, such a query
reads its table instead of walking the whole union again: at ×100 the rows of
every document cost seconds to find and nothing to read. Asked of one document
(a parameter bound to one value, among the query's columns), the table's rows
holding that value are the answer: each run of the query cost 7 ms at ×10, and a
question naming a document ten copies share runs it eight times.

The table is written into the build's folder before that folder is swapped in,
so a table and the graph it was worked out from are always one build's; a
table whose query text has changed since is not read (queries/graph.py).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from .rdf_terms import term_of
from .sparql_header import read_header

ASK_TEMPLATES = Path(__file__).resolve().parent.parent / "queries" / "ask"
TABLES_DIR = "tables"


def query_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def tabled_templates(directory: Path = ASK_TEMPLATES) -> list[Path]:
    """The templates of `directory` whose header asks for a build-time table, in name order."""
    return [p for p in sorted(Path(directory).glob("*.rq"))
            if read_header(p.read_text(encoding="utf-8")).get("table")]


def write_tables(store: ox.Store, folder: Path, directory: Path = ASK_TEMPLATES) -> dict[str, int]:
    """Run each tabled template of `directory` unbound on `store` and write its rows under `folder`;
    returns the rows of each by name."""
    out = Path(folder) / TABLES_DIR
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for path in tabled_templates(directory):
        text = path.read_text(encoding="utf-8")
        try:
            results = json.loads(store.query(text).serialize(format=ox.QueryResultsFormat.JSON))
        except (SyntaxError, ValueError, OSError):   # no table: asked, the query runs and reports its error
            continue
        counts[path.stem] = len(results["results"]["bindings"])
        results["cdtkg"] = {"query": query_hash(text)}
        (out / f"{path.stem}.srj").write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    return counts


def read_tables(folder: Path) -> dict[str, tuple[str, list[str], list[list]]]:
    """The tables of the build `folder` by template name: the hash of the query text that made each,
    its variables and its rows (loaders/rdf_terms.py's terms, None when unbound), as a query's result holds them."""
    tables = {}
    for path in sorted((Path(folder) / TABLES_DIR).glob("*.srj")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            made_by = data.pop("cdtkg", {}).get("query", "")
            solutions = ox.parse_query_results(json.dumps(data).encode("utf-8"), format=ox.QueryResultsFormat.JSON)
        except (OSError, ValueError, SyntaxError):   # a damaged table is not read: the query runs
            continue
        variables = [v.value for v in solutions.variables]
        tables[path.stem] = (made_by, variables, [[term_of(s[v]) for v in variables] for s in solutions])
    return tables
