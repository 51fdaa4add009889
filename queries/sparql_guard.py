"""Screen user SPARQL before any engine sees it: read-only, no SERVICE, no FROM.

Engines cannot be trusted to stay inside the graph: rdflib loads the graphs
named in FROM / FROM NAMED (a `file://` IRI reads a local file, `http://` is
fetched), and both rdflib and pyoxigraph execute SERVICE clauses. So every
query a user types is parsed with rdflib's parser and its parse tree is
inspected here, and only a query that passes is handed to an engine:

- UPDATE forms (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are refused;
- SERVICE is refused wherever it appears (nested groups, OPTIONAL, MINUS,
  FILTER EXISTS, subqueries, a variable endpoint);
- FROM and FROM NAMED are refused, not ignored: silently dropping them would
  answer a different question than the one asked. The graph is the dataset.

A syntax error becomes a QueryError with line, column and a hint in Chinese.
The well-known prefixes (cdt:, cdtr:, skos:, dcterms:, foaf:, rdf:, rdfs:,
owl:, xsd:) may be used without a PREFIX line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyparsing
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from loaders.problems import QueryError
from loaders.vocab import PREFIXES as DEFAULT_PREFIXES

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
         "DescribeQuery": "DESCRIBE"}
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")

# Lexical pieces that may contain keywords without being keywords.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_WORD = re.compile(r"[A-Za-z_][\w-]*")


class RefusedQuery(QueryError):
    """A query that parses but is not allowed to run (update, SERVICE, FROM)."""


@dataclass(frozen=True)
class ScreenedQuery:
    """A query that passed the screen: its text, form and the prefixes it declares itself."""

    text: str
    form: str                                  # SELECT | ASK | CONSTRUCT | DESCRIBE
    declared_prefixes: frozenset[str] = field(default_factory=frozenset)

    def text_with_prefixes(self) -> str:
        """The query text with PREFIX lines for the default prefixes it uses but does not declare.

        For engines that take no prefix table (a remote endpoint); the lines go
        first, so line numbers of the user's text shift by their count.
        """
        missing = [p for p in DEFAULT_PREFIXES if p not in self.declared_prefixes
                   and re.search(rf"(?<![\w:]){re.escape(p)}:", blank_out(self.text))]
        head = "".join(f"PREFIX {p}: <{DEFAULT_PREFIXES[p]}>\n" for p in missing)
        return head + self.text


def blank_out(text: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces (same length, same lines)."""
    return _SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character `offset`."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _find(text: str, pattern: str) -> tuple[int | None, int | None]:
    """Line and column of the first match of `pattern` outside strings, IRIs and comments."""
    m = re.search(pattern, blank_out(text), re.IGNORECASE)
    return _position(text, m.start()) if m else (None, None)


def _keyword_at(text: str, keyword: str) -> tuple[int | None, int | None]:
    """Line and column of the first `keyword` used as a keyword (not inside a name)."""
    return _find(text, rf"(?<![\w?$:]){re.escape(keyword)}(?![\w:])")


def _first_keyword(text: str) -> str:
    """The first keyword after the prologue (PREFIX/BASE declarations), upper-cased."""
    blank = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+[\w-]*:|BASE)\s*)*", "", blank_out(text))
    m = _WORD.search(blank)
    return m.group(0).upper() if m else ""


def _walk(node):
    """Every CompValue in a parse tree, depth first."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple, pyparsing.ParseResults)):
        for item in node:
            yield from _walk(item)


def _unbalanced(text: str) -> tuple[str, int] | None:
    """The first unmatched bracket as (character, offset), or None when all pair up."""
    pairs = {")": "(", "}": "{", "]": "["}
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(blank_out(text)):
        if ch in "({[":
            stack.append((ch, i))
        elif ch in pairs:
            if not stack or stack[-1][0] != pairs[ch]:
                return ch, i
            stack.pop()
    return stack[-1] if stack else None


def _syntax_error(text: str, error: pyparsing.ParseBaseException) -> QueryError:
    bad = _unbalanced(text)
    if bad:
        ch, offset = bad
        line, col = _position(text, offset)
        closing = {"(": ")", "{": "}", "[": "]"}
        hint = (f"这个“{ch}”没有配对的“{closing[ch]}”" if ch in closing
                else f"多出一个“{ch}”，前面没有与它配对的括号")
        return QueryError(f"SPARQL 语法错误：{hint}。检查括号是否成对。", line, col)
    line_text = error.line or ""
    snippet = (line_text[error.col - 1:] if error.col and error.col <= len(line_text) else line_text).strip()[:40]
    return QueryError(
        f"SPARQL 语法错误：无法理解“{snippet}”附近的内容。提示：三元组之间用“.”分隔，变量以 ? 开头，"
        f"IRI 写成 <…> 或 前缀:名称，字符串加引号；关键字拼写（SELECT、WHERE、FILTER、OPTIONAL）是否正确。",
        error.lineno, error.col,
    )


def screen(text: str) -> ScreenedQuery:
    """Check one user query; return it screened, or raise QueryError / RefusedQuery saying why.

    Raises RefusedQuery for an update, a SERVICE clause or a FROM / FROM NAMED
    clause, and QueryError (with line and column) for a syntax error.
    """
    if not text or not text.strip():
        raise QueryError("查询为空：请给出一条 SELECT、ASK、CONSTRUCT 或 DESCRIBE 查询。")
    try:
        parsed = parseQuery(text)
    except pyparsing.ParseBaseException as e:
        first = _first_keyword(text)
        if first in UPDATE_KEYWORDS or _parses_as_update(text):
            line, col = _keyword_at(text, first) if first else (None, None)
            raise RefusedQuery(
                f"拒绝执行：{first or '更新'} 是修改数据的 SPARQL Update 操作，这里只允许只读查询"
                "（SELECT、ASK、CONSTRUCT、DESCRIBE）。要修改图谱，请修改语料后重新 `cdtkg build`。",
                line, col) from None
        raise _syntax_error(text, e) from None
    except Exception as e:  # rdflib raises plain exceptions for a few malformed inputs
        raise QueryError(f"SPARQL 语法错误：{e}。") from None

    query = parsed[1]
    for node in _walk(parsed):
        if node.name == "ServiceGraphPattern":
            line, col = _keyword_at(text, "SERVICE")
            raise RefusedQuery(
                "拒绝执行：查询含 SERVICE（联邦查询会访问外部地址）。这里只查询本图谱，请删去 SERVICE 子句；"
                "要查询共享端点，请用 --endpoint URL。", line, col)
    if dict.get(query, "datasetClause"):
        line, col = _keyword_at(text, "FROM")
        raise RefusedQuery(
            "拒绝执行：查询含 FROM / FROM NAMED。本工具不读取外部文件或网址，查询的数据集就是已构建的图谱："
            "请删去 FROM 子句（命名图请用 GRAPH ?g { … }）。", line, col)
    try:
        translateQuery(parsed, initNs=DEFAULT_PREFIXES)
    except Exception as e:
        raise _translation_error(text, e) from None
    declared = frozenset(str(d["prefix"] or "") for d in parsed[0] if getattr(d, "name", "") == "PrefixDecl")
    return ScreenedQuery(text=text, form=FORMS[query.name], declared_prefixes=declared)


@lru_cache(maxsize=512)
def own(text: str) -> ScreenedQuery:
    """Return one of the project's own queries (its library, ask templates, checks) as `screen` would,
    reading its form and declared prefixes from the text without rdflib's parser, which takes some 80 ms a
    query: the tests screen every one of them fully (tests/test_sparql_guard.py), users' queries go to `screen`."""
    form = _first_keyword(text)
    if form not in FORMS.values():
        raise QueryError(f"不是一条 SELECT、ASK、CONSTRUCT 或 DESCRIBE 查询（以“{form}”开头）。")
    declared = frozenset(re.findall(r"(?i)\bPREFIX\s+([\w-]*):", blank_out(text)))
    return ScreenedQuery(text=text, form=form, declared_prefixes=declared)


def _parses_as_update(text: str) -> bool:
    try:
        parseUpdate(text)
        return True
    except Exception:
        return False


def _translation_error(text: str, error: Exception) -> QueryError:
    message = str(error)
    m = re.match(r"Unknown namespace prefix\s*:\s*(\S+)", message)
    if m:
        prefix = m.group(1)
        line, col = _find(text, rf"(?<![\w?$:]){re.escape(prefix)}:")
        known = "、".join(f"{p}:" for p in DEFAULT_PREFIXES)
        return QueryError(f"未声明的前缀 {prefix}:。请在查询开头加 `PREFIX {prefix}: <…>`；"
                          f"无需声明即可使用的前缀有 {known}。", line, col)
    return QueryError(f"查询无法执行：{message}。检查 GROUP BY 与 SELECT 中的变量、聚合函数的写法。")
