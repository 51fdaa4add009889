"""How parameters reach a query: typed from the query's header, bound as a VALUES block.

pyoxigraph's own `substitutions` only accept variables of the SELECT
projection, and an HTTP endpoint takes no bindings at all, so every engine
gets the same thing: a one-row VALUES block in the query's outer WHERE
group. Its terms are serialized by pyoxigraph (literals escaped, IRIs
validated), so a value can never change the structure of the query — it is
bound, never spliced.

A VALUES block joins with its whole group, so a parameter reaches the outer
group's triple patterns and FILTERs (FILTER EXISTS included) wherever they
stand; a named query uses its parameters only there — not in BIND or
OPTIONAL, which see only what comes before them. Where the block stands is
then the engine's affair, and each wants it elsewhere: pyoxigraph starts
from a block that opens the group (one row, so every pattern is looked up
with the parameter in place), but evaluates the group's OPTIONALs over the
whole graph before joining a block that closes it (0.1 ms against 550 ms at
--scale 100); Virtuoso plans some queries badly (seconds instead of
milliseconds) when the block opens the group. So the embedded engine opens
the group with it and an endpoint closes the group with it.

A parameter is a constant of the whole query, and a sub-SELECT sees nothing
of the group around it, so each group gets a block of the parameters it names
itself: the outer group, and every sub-SELECT that names one. That lets a
query pick its few resources first in a sub-SELECT and join the rest to them.
(A block naming a variable that only a sub-SELECT uses would be harmless
SPARQL, but Virtuoso hangs on it.)

For the embedded engine, each UNION branch and FILTER (NOT) EXISTS group that
names a parameter opens with the block too: pyoxigraph never evaluates a union
of several patterns once per row of what it joins (it builds the whole union
and joins after), so without the block there a branch such as
`{ ?entity cdt:specifiedBy ?clause . ?source cdt:inClause ?clause }` walked
every clause of the corpus — `requirements` took 100 ms at ×10 for 30 rows,
1.5 ms with it. Joining the one-row block again inside changes no answer (a
join distributes over a union). OPTIONAL groups keep without it: a block there
changes the order pyoxigraph returns rows in, and so what a LIMIT 1 or a
SAMPLE picks; MINUS groups too, where a bound variable changes what is removed.
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

import pyoxigraph as ox

from loaders import ids
from loaders.problems import CdtkgError, QueryError
from loaders.standard_numbers import find_numbers, find_plan_numbers
from loaders.vocab import XSD_IRI

from .library import NamedQuery
from .sparql_guard import DEFAULT_PREFIXES, blank_out

XSD_INTEGER = ox.NamedNode(XSD_IRI + "integer")


def bind_value(type_: str, raw) -> ox.NamedNode | ox.Literal:
    """The RDF term of a parameter value of the declared type (`integer`, `iri`, `number`, `lang`, else a string)."""
    try:
        if type_ == "integer":
            return ox.Literal(str(int(raw)), datatype=XSD_INTEGER)
        if type_ == "iri":
            return ox.NamedNode(str(raw))
        if type_ == "number":  # a standard number in any spelling → its node
            return ox.NamedNode(str(ids.standard_iri(str(raw))))
        if type_ == "lang":
            return ox.Literal(str(raw), language="zh")
        return ox.Literal(str(raw))
    except (ValueError, TypeError) as e:
        raise CdtkgError(f"参数值 {raw!r} 不是合法的 {type_}：{e}") from e


def _expand(raw: str) -> str:
    """A prefixed IRI given as a parameter (`cdtr:std/GB-T-22239-2019`) written out in full."""
    prefix, sep, local = raw.partition(":")
    if sep and prefix in DEFAULT_PREFIXES and not local.startswith("//"):
        return DEFAULT_PREFIXES[prefix] + local
    return raw


def bind_declared(query: NamedQuery, params: dict[str, str] | None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed bindings for a query with a header: defaults filled, unknown or missing parameters refused."""
    params = {k: v for k, v in (params or {}).items()}
    known = {p.name for p in query.params}
    unknown = sorted(set(params) - known)
    if unknown:
        listed = "、".join(p.name for p in query.params) or "（无）"
        raise CdtkgError(f"查询 {query.name} 没有参数 {'、'.join(unknown)}；它的参数是：{listed}。"
                         f"用 `cdtkg queries` 查看每个查询的参数。")
    bindings = {}
    for p in query.params:
        raw = params.get(p.name, p.default)
        if isinstance(raw, (list, tuple)):   # several values: one VALUES row each
            bindings[p.name] = [_typed(p, str(v).strip()) for v in raw]
            continue
        if raw is None or str(raw).strip() == "":
            if p.required:
                raise CdtkgError(f"查询 {query.name} 需要参数 {p.name}（{p.doc}）：请加 --param {p.name}=…")
            continue
        bindings[p.name] = _typed(p, str(raw).strip())
    return bindings


def _typed(p, raw: str) -> ox.NamedNode | ox.Literal:
    """The term of the value `raw` of the declared parameter `p`."""
    if p.type == "integer" and not raw.lstrip("+-").isdigit():
        raise CdtkgError(f"参数 {p.name} 应为整数，收到 {raw!r}。")
    if p.type == "number":
        return _number_node(p.name, raw)
    if p.type == "string":
        return ox.Literal(normalized_number(raw) or raw)
    return bind_value(p.type, _expand(raw) if p.type == "iri" else raw)


def normalized_number(raw: str) -> str | None:
    """The normalized standard or plan number when `raw` is one number and nothing else
    (`gb/t 34678—2017` → `GB/T 34678-2017`), else None."""
    found = find_numbers(raw)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(raw.strip()):
        return found[0].number
    plans = find_plan_numbers(raw)
    if len(plans) == 1 and plans[0] == raw.strip():
        return plans[0]
    return None


def _number_node(name: str, raw: str) -> ox.NamedNode:
    """The node of a standard named by its number (any spelling) or by its plan number."""
    number = normalized_number(raw)
    if number is None:
        raise CdtkgError(f"参数 {name} 应为一个标准号（如 GB/T 22239-2019，写法不限）或计划号（如 20250317-T-469），"
                         f"收到 {raw!r}。")
    if find_plan_numbers(number) == [number]:
        return ox.NamedNode(str(ids.plan_iri(number)))
    return ox.NamedNode(str(ids.standard_iri(number)))


_LANG_LITERAL = re.compile(r'^"(.*)"@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$', re.S)
_TYPED_LITERAL = re.compile(r'^"(.*)"\^\^<([^<>"\s]+)>$', re.S)


def bind_adhoc(text: str, params: dict[str, str] | None) -> dict[str, ox.NamedNode | ox.Literal]:
    """Bindings for a query without a header, written as in SPARQL: `<iri>` (or `<cdtr:…>`),
    `"text"@zh`, `"5"^^<http://www.w3.org/2001/XMLSchema#integer>`; anything else is a plain string."""
    bindings = {}
    for name, raw in (params or {}).items():
        if not re.search(rf"[?$]{re.escape(name)}(?![\w])", text):
            raise CdtkgError(f"查询中没有变量 ?{name}，无法绑定参数 {name}。")
        raw = str(raw)
        lang, typed = _LANG_LITERAL.match(raw), _TYPED_LITERAL.match(raw)
        if raw.startswith("<") and raw.endswith(">"):
            bindings[name] = bind_value("iri", _expand(raw[1:-1]))
        elif lang:
            bindings[name] = ox.Literal(lang.group(1), language=lang.group(2).lower())
        elif typed:
            try:
                bindings[name] = ox.Literal(typed.group(1), datatype=ox.NamedNode(_expand(typed.group(2))))
            except ValueError as e:
                raise CdtkgError(f"参数 {name} 的数据类型 IRI 无效：{e}") from e
        else:
            bindings[name] = ox.Literal(raw)
    return bindings


XSD_STRING = XSD_IRI + "string"


def sparql_term(term: ox.NamedNode | ox.Literal, typed_strings: bool = False) -> str:
    """The term in SPARQL syntax, escaped by pyoxigraph; with `typed_strings`, a plain string is
    written `"…"^^xsd:string` — the same RDF term, which Virtuoso keeps as Unicode where it
    would turn the characters of a plain literal outside Latin-1 into `?`."""
    text = str(term)
    if (typed_strings and isinstance(term, ox.Literal) and term.language is None
            and term.datatype.value == XSD_STRING and not text.endswith(">")):
        return f"{text}^^<{XSD_STRING}>"
    return text


def inject_values(text: str, bindings: dict[str, ox.NamedNode | ox.Literal], typed_strings: bool = False,
                  opening: bool = True) -> str:
    """The query with `bindings` as a one-row VALUES block opening every group of its WHERE clause
    that names one of them — union branches, OPTIONAL and EXISTS groups, sub-SELECTs — except MINUS
    groups; with `opening=False` (an endpoint), closing only the outer WHERE group and each
    sub-SELECT's WHERE group that names one.

    Raises QueryError when the query has no WHERE group to bind into.
    """
    if not bindings:
        return text
    places = _places(text, tuple(bindings), opening)
    for place in sorted(places, reverse=True):
        names = places[place]
        rows = itertools.product(*([v] if not isinstance(v, list) else v for v in (bindings[n] for n in names)))
        block = (f"VALUES ({' '.join('?' + n for n in names)}) "
                 f"{{ {' '.join('(' + ' '.join(sparql_term(t, typed_strings) for t in row) + ')' for row in rows)} }}\n")
        text = text[:place] + block + text[place:]
    return text


@lru_cache(maxsize=1024)
def _places(text: str, names: tuple[str, ...], opening: bool) -> dict[int, list[str]]:
    """Where inject_values puts a VALUES block for the parameters `names` (in their order) in `text`:
    offset → the names bound there. It depends on the text and the names alone, so a template run
    again (every question runs some) is read once."""
    blank = blank_out(text)
    at = _outer_group(blank)
    if at is None:
        raise QueryError("这条查询没有 WHERE { … } 部分，无法绑定参数。")
    groups = _groups(blank, at)
    selects = [(keyword, close) for keyword, _, close, kind in groups if kind == "select"]
    places = {}
    for first, start, close, kind in groups:   # first: where the group's query begins (its projection counts)
        if kind not in BOUND_KINDS or (not opening and kind not in ("outer", "select")):
            continue
        own = blank[first:close]
        for keyword, end in selects:   # a sub-SELECT's variables are its own, not its group's
            if start < keyword and end <= close:
                own = own[:keyword - first] + " " * (end - keyword) + own[end - first:]
        named = [n for n in names if re.search(rf"[?$]{re.escape(n)}(?![\w])", own)]
        if named:
            places[start + 1 if opening else close] = named
    return places


_DATA_BLOCK = re.compile(r"(?i)\bVALUES\s*(?:[?$]\w+|\([^()]*\))\s*$")
_BEFORE = re.compile(r"(?i)\b(MINUS|OPTIONAL|EXISTS|UNION)\s*$")
_SUB_SELECT = re.compile(r"\s*SELECT\b", re.I)
_UNION_AFTER = re.compile(r"\s*UNION\b", re.I)
BOUND_KINDS = {"outer", "select", "union", "exists"}


def _groups(blank: str, outer: int) -> list[tuple[int, int, int, str]]:
    """Each group of the WHERE group opening at `outer` of the blanked query `blank`, itself first:
    (where its query begins, the offset of its `{`, of its `}`, its kind). The kind is `outer`,
    `select` (a sub-SELECT's WHERE group, which begins at its SELECT keyword), `minus` (a MINUS
    group or any group inside one), `optional`, `exists`, `union` (a branch) or `group`; a VALUES
    data block is no group."""
    found = [(0, outer, _closing_brace(blank, outer), "outer")]
    minus_until = -1
    for m in re.finditer(r"(?i)\bSELECT\b|\{", blank[outer + 1:_closing_brace(blank, outer)]):
        at = outer + 1 + m.start()
        if m.group() != "{":
            opening = blank.index("{", at)
            found.append((at, opening, _closing_brace(blank, opening), "minus" if at < minus_until else "select"))
            continue
        if (any(start == at for _, start, _, _ in found) or _DATA_BLOCK.search(blank, max(0, at - 300), at)
                or _SUB_SELECT.match(blank, at + 1)):
            continue
        close = _closing_brace(blank, at)
        before = _BEFORE.search(blank, max(0, at - 20), at)
        kind = before.group(1).lower() if before else "group"
        if kind == "minus":
            minus_until = max(minus_until, close)
        elif kind == "group" and _UNION_AFTER.match(blank, close + 1):
            kind = "union"
        found.append((at, at, close, "minus" if at < minus_until else kind))
    return found


_BRACE = re.compile(r"[{}]")


def _closing_brace(blank: str, opening: int) -> int:
    """Offset of the `}` that closes the brace opened at `opening` in the blanked query `blank`."""
    depth = 0
    for m in _BRACE.finditer(blank, opening):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return m.start()
    raise QueryError("查询的花括号没有配对，无法绑定参数。")


def _outer_group(blank: str) -> int | None:
    """Offset of the `{` that opens the outer WHERE group of the blanked query `blank` (None when there is none)."""
    depth, seen_where = 0, False
    form = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", blank)
    if not form:
        return None
    start = form.start()
    is_construct = form.group(1).upper() == "CONSTRUCT"
    for m in re.finditer(r"(?i)\bWHERE\b|[{}]", blank[start:]):
        token = m.group(0)
        if token == "{":
            if depth == 0 and (seen_where or not is_construct):
                return start + m.start()
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            seen_where = True
    return None
