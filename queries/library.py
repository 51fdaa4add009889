"""The named SPARQL queries of queries/*.rq and their headers.

A header is a block of `# key: value` comment lines at the top of the file:

    # title:    条款引用某标准的位置 / Clauses citing a standard
    # purpose:  every clause or provision that cites a standard, with the cited locator
    # param:    ?number (string, required) 标准号，任意写法
    # param:    ?limit (integer, default: 100) 最多返回行数
    # returns:  ?document ?locator ?text ?citedLocator
    # used-by:  app/pages/standards.py, `cdtkg query citations_of_standard`
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from loaders.problems import CdtkgError
from loaders.sparql_header import read_header

QUERY_DIR = Path(__file__).resolve().parent
_PARAM = re.compile(
    r"^\?(?P<name>\w+)\s*\((?P<type>\w+)\s*(?:,\s*(?P<req>required)|,\s*default:\s*(?P<default>[^)]*))?\)\s*(?P<doc>.*)$"
)
PARAM_TYPES = ("string", "integer", "iri", "number", "lang")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str            # file stem, e.g. "citations_of_standard"
    path: Path
    title: str
    purpose: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    text: str
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def title_zh(self) -> str:
        return self.title.split(" / ")[0]


def parse_header(path: Path) -> NamedQuery:
    """Return the NamedQuery of one .rq file; a malformed header raises CdtkgError naming the line."""
    text = path.read_text(encoding="utf-8")
    meta = read_header(text)
    params = []
    for raw in meta.get("param", []):
        m = _PARAM.match(raw)
        if not m or m.group("type") not in PARAM_TYPES:
            raise CdtkgError(f"{path.name}: 参数声明格式不对：{raw!r}（应如 `?number (string, required) 说明`）")
        params.append(Param(m.group("name"), m.group("type"), bool(m.group("req")),
                            (m.group("default") or "").strip() or None, m.group("doc")))
    if "title" not in meta:
        raise CdtkgError(f"{path.name}: 缺少 `# title:` 头")
    return NamedQuery(
        name=path.stem, path=path, title=meta["title"][0],
        purpose=" ".join(meta.get("purpose", [])), params=tuple(params),
        returns=tuple(" ".join(meta.get("returns", [])).split()), text=text,
        meta={k: v for k, v in meta.items() if k not in ("title", "purpose", "param", "returns")},
    )


@lru_cache(maxsize=1)
def _all(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    return {p.stem: parse_header(p) for p in sorted(directory.glob("*.rq"))}


def named_queries(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """Every named query of `directory` by name (checks live in checks/, not listed here)."""
    return _all(directory)


def is_internal(name: str) -> bool:
    """True for a query only the explorer runs (app_*: its parameters are IRIs a user never types)."""
    return name.startswith("app_")


def named_query(name: str) -> NamedQuery:
    """The named query `name`; an unknown name raises CdtkgError listing close names."""
    queries = named_queries()
    if name in queries:
        return queries[name]
    public = [n for n in queries if not is_internal(n)]
    close = [n for n in public if name.lower() in n or n in name.lower()]
    close = list(dict.fromkeys([*close, *difflib.get_close_matches(name.lower(), public, n=3, cutoff=0.6)]))[:5]
    hint = f"；相近的有：{', '.join(close)}" if close else "；用 `cdtkg queries` 查看全部"
    raise CdtkgError(f"没有名为 {name!r} 的查询{hint}")
