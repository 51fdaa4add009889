"""Turn the rows of a template into an answer sentence, its items and its sources."""
from __future__ import annotations

import re
import string


from .label_index import LabelIndex

MAX_ITEMS_IN_SENTENCE = 12
REFUSAL = "✗"   # a no-result form starting with it refuses: the graph does not hold that fact
MAX_SOURCES = 30
_EMPTY_BRACKETS = re.compile(r"（\s*[，、：]?\s*）|\(\s*\)|《\s*》")
_SPACES = re.compile(r"[ \t]{2,}")


class _Row(dict):
    def __missing__(self, key):  # a column a row lacks renders as nothing
        return ""


def tidy(text: str) -> str:
    """Drop what empty placeholders leave behind: empty brackets, doubled spaces, dangling marks."""
    text = _EMPTY_BRACKETS.sub("", text)
    text = re.sub(r"\s+([，。；：、）])", r"\1", text)
    text = re.sub(r"([（《])\s+", r"\1", text)
    text = re.sub(r"\s+（", "（", text)
    text = _SPACES.sub(" ", text).strip()
    return re.sub(r"[：，；、\s]+$", "", text)


def fill(template: str, values: dict) -> str:
    """`template` with {name} placeholders filled from `values` (missing ones empty)."""
    row = _Row({k: "" if v is None else v for k, v in values.items()})
    return tidy(string.Formatter().vformat(template, (), row))


def row_values(row: dict, index: LabelIndex, english: bool) -> dict:
    """A result row plus {document}: its document as users name it."""
    values = dict(row)
    values["document"] = index.doc_label(row.get("doc"), english)
    return values


def items_of(runs: list[list[dict]], item_format: str, join: str | None, index: LabelIndex,
             english: bool) -> list[str]:
    """The individual answers: one per row, or one per run when the template joins its rows."""
    items: list[str] = []
    for rows in runs:
        texts = [fill(item_format, row_values(r, index, english)) for r in rows]
        texts = [t for t in texts if t]
        if join is not None and texts:
            texts = [join.join(texts)]
        for t in texts:
            if t not in items:
                items.append(t)
    return items


def sources_of(rows: list[dict], index: LabelIndex, english: bool) -> list[dict]:
    """Where the answer comes from: document, locator and the IRI of each distinct source."""
    out, seen = [], set()
    for r in rows:
        document = index.doc_label(r.get("doc"), english)
        locator = str(r.get("locator") or "")
        key = (document, locator)
        if key in seen or not (document or locator):
            continue
        seen.add(key)
        out.append({"document": document, "locator": locator, "iri": str(r.get("source") or r.get("doc") or "")})
        if len(out) >= MAX_SOURCES:
            break
    return out


_BUILT_IN = {"entity", "n", "items", "item", "document", "locator"}


def says_something(phrasing: str, runs: list[list[dict]], optional: frozenset[str] = frozenset()) -> bool:
    """Whether the first row fills the columns the phrasing is about: `{plan}` of a standard
    without a plan number says nothing, and counts as no result. `optional` columns (a
    definition's source note) only add to an answer."""
    rows = [r for run in runs for r in run]
    if not rows:
        return False
    one = phrasing.split(" || ")[0]
    asked = [n for n in re.findall(r"\{(\w+)\}", one) if n not in _BUILT_IN and n not in optional and n in rows[0]]
    return not asked or all(rows[0].get(n) not in (None, "") for n in asked)


def has_none_form(phrasing: str) -> bool:
    """Whether a phrasing says what to answer when nothing is found (a third ` || ` form)."""
    return len(phrasing.split(" || ")) >= 3


def sentence(phrasing: str, n: int, items: list[str], first: dict, names: dict, english: bool) -> str:
    """The answer sentence: the one-result, several-results or no-result form of `phrasing`."""
    forms = phrasing.split(" || ")
    one, many, none = (forms + ["", ""])[:3]
    chosen = none if n == 0 else (many if (n > 1 and many) else one)
    sep = "; " if english else "；"
    shown = sep.join(items[:MAX_ITEMS_IN_SENTENCE])
    if len(items) > MAX_ITEMS_IN_SENTENCE:
        shown += " etc." if english else " 等"
    values = {**first, **names, "n": n, "items": shown}
    return fill(chosen, values)
