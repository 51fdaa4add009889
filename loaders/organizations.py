"""Organizations: one organization, however many ways its name is printed.

A drafting unit is printed differently from one document to the next:
full-width or half-width parentheses, stray spaces from line breaks,
`国家发展和改革委员会` or `国家发展改革委`, with or without a second name in
parentheses (一个机构两块牌子). `canonical_organization()` folds these by
general rules first, then by the curated table corpus/organization_aliases.csv
for what no rule can see (`中国联通` is the brand of `中国联合网络通信有限公司`).
The key it returns is what `ids.organization_iri()` is minted from.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .problems import Problem, Severity
from .han import HAN

ALIASES_FILE = "organization_aliases.csv"
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ALIAS_COLUMNS = ("alias", "canonical", "rationale")

_OPEN, _CLOSE = "（(", "）)"
# How an organization's name ends: a second name in trailing parentheses must
# end like this too, which tells it from a place (`赛西（深圳）…`, `（筹）`).
_ORG_END = re.compile(
    r"(?:公司|集团|中心|研究院|设计院|学院|院|研究所|所|局|委员会|委|厅|部|办公室|办|"
    r"联合会|协会|学会|促进会|会|大学|学校|研究室|室|工作组|组|站|馆|处|社|圈)$"
)
# Spellings of one government body (the National Development and Reform Commission).
_BODY_SPELLINGS = (
    ("发展和改革委员会", "发展改革委"),
    ("发展改革委员会", "发展改革委"),
    ("发改委", "发展改革委"),
)
_CJK_OR_PAREN = rf"[\u3000-\u303f{HAN}\uff00-\uffef（）《》]"


@dataclass
class AliasTable:
    """The curated aliases (normalized alias → normalized canonical) and the problems reading them."""

    mapping: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _squeeze(text: str) -> str:
    """Drop the spaces next to a Chinese character or parenthesis (debris of broken lines)."""
    return re.sub(rf"\s+(?={_CJK_OR_PAREN})|(?<={_CJK_OR_PAREN})\s+", "", text)


def printed_form(name: str) -> str:
    """Return `name` as printed, tidied: outer and line-break spaces removed, parentheses full-width.

    Spaces between two Latin words are kept (`Co., Ltd.`), and so is the space
    between the elements of a quoted standard title (`《智慧城市 技术参考模型》编制组`);
    any other space is debris from a broken line.
    """
    t = unicodedata.normalize("NFKC", name).replace("\u3000", " ").strip()
    t = t.replace("(", "（").replace(")", "）")
    t = re.sub(r"\s+", " ", t)
    t = re.sub(r"《[^》]*》", lambda m: m.group(0).replace(" ", "\x00"), t)
    t = _squeeze(t).replace("\x00", " ")
    return t.strip("、，,;；。 ")


def _normal(name: str) -> str:
    """The comparison form of a name: no spaces next to Chinese, one spelling per body, Latin case folded."""
    t = _squeeze(printed_form(name))
    for old, new in _BODY_SPELLINGS:
        t = t.replace(old, new)
    return t.casefold()


def split_alternative(name: str) -> tuple[str, str | None]:
    """Split `甲中心（乙中心）` into ('甲中心', '乙中心'); a name without a second name gives (name, None).

    Only a trailing parenthesised group that itself reads as an organization's
    name counts; `丰图科技（深圳）有限公司` and `某大学（筹）` keep their parentheses.
    """
    t = printed_form(name)
    if not t.endswith("）"):
        return t, None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] == "）":
            depth += 1
        elif t[i] == "（":
            depth -= 1
            if depth == 0:
                main, alt = t[:i], t[i + 1 : -1]
                if len(main) >= 4 and len(alt) >= 4 and _ORG_END.search(main) and _ORG_END.search(alt):
                    return main, alt
                return t, None
    return t, None


def split_organization_list(text: str) -> list[str]:
    """Return the names of a `、`-separated list, in printed order; a `、` inside parentheses does not split."""
    names, depth, current = [], 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in "、，," and depth == 0:
            names.append("".join(current))
            current = []
        else:
            current.append(ch)
    names.append("".join(current))
    return [n for n in (printed_form(n) for n in names) if n]


def read_aliases(path: Path) -> AliasTable:
    """Read an alias table (columns alias, canonical, rationale); bad rows become problems, not errors."""
    table = AliasTable()
    path = Path(path)
    if not path.is_file():
        return table
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ALIAS_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            table.problems.append(Problem(Severity.ERROR, path.name, 1, f"机构别名表缺少列 {', '.join(missing)}"))
            return table
        for line, row in enumerate(reader, start=2):
            alias, canonical = (row["alias"] or "").strip(), (row["canonical"] or "").strip()
            if not alias or not canonical:
                table.problems.append(Problem(Severity.WARNING, path.name, line, "别名或规范名称为空，此行已忽略"))
                continue
            if not (row["rationale"] or "").strip():
                table.problems.append(Problem(Severity.WARNING, path.name, line, f"别名 {alias} 没有写明依据（rationale）"))
            key = _normal(split_alternative(alias)[0])
            target = _normal(split_alternative(canonical)[0])
            if key == target:
                table.problems.append(Problem(Severity.INFO, path.name, line, f"别名 {alias} 按通用规则已与 {canonical} 相同，可删去此行"))
                continue
            if key in table.mapping and table.mapping[key] != target:
                table.problems.append(Problem(Severity.WARNING, path.name, line, f"别名 {alias} 重复，指向不同的规范名称；保留先出现的一行"))
                continue
            table.mapping[key] = target
    for key in list(table.mapping):
        if _resolve(key, table.mapping) is None:
            table.problems.append(Problem(Severity.ERROR, path.name, None, f"别名 {key} 循环指向自身；请修改别名表"))
            del table.mapping[key]
    return table


@lru_cache(maxsize=16)
def _aliases_cached(path: str, mtime: float) -> AliasTable:
    return read_aliases(Path(path))


def aliases_for(corpus: Path) -> AliasTable:
    """Return the alias table of a corpus folder (empty when it has none); re-read when the file changes."""
    path = Path(corpus) / ALIASES_FILE
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    return _aliases_cached(str(path.resolve()), mtime)


def _resolve(key: str, mapping: Mapping[str, str]) -> str | None:
    """Follow aliases to the end; None when they loop."""
    seen = {key}
    while key in mapping:
        key = mapping[key]
        if key in seen:
            return None
        seen.add(key)
    return key


def canonical_organization(
    name: str, aliases: AliasTable | Mapping[str, str] | None = None
) -> tuple[str, list[str]]:
    """Return (key, forms) for a printed organization name.

    `key` is the same for every printing of one organization and deterministic:
    the main name (without a parenthesised second name) in comparison form,
    resolved through the alias table. `forms` are the names as printed, tidied:
    the whole printed name first, then, if it carries a second name in
    parentheses, the main name and the second name on their own.
    `aliases` defaults to the table in the project's corpus/.
    """
    if aliases is None:
        aliases = aliases_for(DEFAULT_CORPUS)
    mapping = aliases.mapping if isinstance(aliases, AliasTable) else aliases
    whole = printed_form(name)
    main, alt = split_alternative(whole)
    forms = [whole] + ([main, alt] if alt else [])
    key = _normal(main)
    if key not in mapping and alt and _normal(alt) in mapping:
        key = _normal(alt)  # only the second name is known to the table
    key = _resolve(key, mapping) or key
    return key, forms
