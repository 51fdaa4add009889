"""The header of a .rq file: a block of `# key: value` comment lines at its top.

    # title:    条款引用某标准的位置 / Clauses citing a standard
    # param:    ?number (string, required) 标准号，任意写法

Named queries (queries/library.py), ask templates, checks (loaders/checks.py) and
the queries the loaders run on the union (loaders/sparql/, read by `loader_query`)
all open with one; this is the one reader of it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

LOADER_QUERIES = Path(__file__).resolve().parent / "sparql"

_HEADER = re.compile(r"^#\s*([\w-]+)\s*:\s*(.*)$")


def read_header(text: str) -> dict[str, list[str]]:
    """Return the header of the query `text`: each key (lower case) with its values in order."""
    meta: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if m:
            meta.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
    return meta


@lru_cache(maxsize=None)
def loader_query(name: str) -> str:
    """The text of `loaders/sparql/<name>.rq`, a query a loader runs on the union (read once a process)."""
    return (LOADER_QUERIES / f"{name}.rq").read_text(encoding="utf-8")
