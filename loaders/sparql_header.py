"""The header of a .rq file: a block of `# key: value` comment lines at its top.

    # title:    条款引用某标准的位置 / Clauses citing a standard
    # param:    ?number (string, required) 标准号，任意写法

Named queries (queries/library.py), ask templates and checks (loaders/checks.py)
all open with one; this is the one reader of it.
"""
from __future__ import annotations

import re

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
