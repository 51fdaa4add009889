"""A shared SPARQL 1.1 endpoint, for committees that host one: query it, and push the graph to it.

Queries go over the SPARQL 1.1 Protocol (HTTP POST, JSON results); the graph
goes over the SPARQL 1.1 Graph Store HTTP Protocol (PUT replaces the named
graph, POST adds to it). Every request carries a deadline; an unreachable or
failing endpoint becomes an EndpointError with a message in Chinese saying
what to check, never a traceback.
Parameters are bound as on the embedded store (queries/binding.py).
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pyoxigraph as ox

from loaders.problems import CdtkgError, QueryError
from loaders.vocab import CDTR_IRI

from .binding import XSD_STRING, inject_values
from .runner import QueryTimeout, Term
from .sparql_guard import ScreenedQuery

DEFAULT_GRAPH = CDTR_IRI + "graph"
PASSWORD_ENV = "CDTKG_ENDPOINT_PASSWORD"
_CHUNK = 64 * 1024


class EndpointError(CdtkgError):
    """The endpoint could not be reached or refused the request."""

    exit_code = 1


def check_url(url: str) -> str:
    """The endpoint URL, checked to be http(s) with a host; a bad one raises CdtkgError (exit 2)."""
    parsed = urlparse(url or "")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise CdtkgError(f"端点地址 {url!r} 无效：应为 http:// 或 https:// 开头的 SPARQL 端点地址，"
                         "如 http://localhost:8890/sparql。")
    return url


def check_graph(graph: str) -> str:
    """The graph IRI, checked to be an absolute IRI; a bad one raises CdtkgError (exit 2)."""
    try:
        ox.NamedNode(graph)
    except ValueError:
        graph = None
    if not graph or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", graph):
        raise CdtkgError("--graph 应为完整的 IRI，如 https://w3id.org/cdtkg/resource/graph。")
    return graph


def _requests():
    try:
        import requests
    except ImportError as e:  # pragma: no cover - requests ships with the dependencies
        raise CdtkgError("需要 Python 包 requests 才能访问 SPARQL 端点：pip install requests") from e
    return requests


def _auth(user: str | None, password: str | None, challenge: str = ""):
    """The requests auth object for `user`: Digest when the server's challenge asks for it, else Basic."""
    if not user:
        return None
    requests = _requests()
    if password is None:
        password = os.environ.get(PASSWORD_ENV, "")
    if "digest" in challenge.lower():
        return requests.auth.HTTPDigestAuth(user, password)
    return requests.auth.HTTPBasicAuth(user, password)


def _challenge(url: str, params: dict | None = None) -> str:
    """The WWW-Authenticate challenge `url` answers a body-less request with ('' when none).

    Asked before sending a large body: a server that gets the wrong scheme
    (Virtuoso given Basic) answers 401 without saying which one it wants.
    """
    requests = _requests()
    try:
        response = requests.head(url, params=params, timeout=10.0, allow_redirects=True)
    except requests.exceptions.RequestException:
        return ""
    return response.headers.get("WWW-Authenticate", "") if response.status_code == 401 else ""


def _describe_failure(url: str, e: Exception) -> str:
    requests = _requests()
    if isinstance(e, requests.exceptions.SSLError):
        return f"与端点 {url} 建立 HTTPS 连接失败（证书问题）：{e.__class__.__name__}。"
    if isinstance(e, requests.exceptions.ConnectionError):
        return (f"无法连接 SPARQL 端点 {url}：请检查地址和端口是否正确、服务是否已启动、网络是否可达；"
                "不用端点时去掉 --endpoint 即查询内置图谱。")
    return f"访问端点 {url} 失败：{e.__class__.__name__}: {e}"


def _server_message(response) -> str:
    text = (response.content or b"").decode("utf-8", "replace").strip()
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text)
    return text[:300]


def _http_error(url: str, response, what: str) -> EndpointError:
    status = response.status_code
    if status in (401, 403):
        return EndpointError(f"端点 {url} 拒绝了{what}（HTTP {status}）：需要有权限的账号，"
                             f"请用 --user 和 --password（或环境变量 {PASSWORD_ENV}）提供。")
    if status == 404:
        return EndpointError(f"端点地址 {url} 不存在（HTTP 404）：请检查路径，SPARQL 端点通常以 /sparql 结尾。")
    detail = _server_message(response)
    return EndpointError(f"端点 {url} {what}失败（HTTP {status}）：{detail or response.reason}")


def _term(binding: dict) -> Term:
    kind = binding.get("type")
    value = binding.get("value", "")
    if kind == "uri":
        return Term("uri", value)
    if kind == "bnode":
        return Term("bnode", value)
    lang = binding.get("xml:lang")
    dt = binding.get("datatype")
    if lang or dt == XSD_STRING:
        dt = None
    return Term("literal", value, dt, lang)


class EndpointBackend:
    """A SPARQL 1.1 endpoint reached over HTTP, optionally restricted to one named graph."""

    def __init__(self, url: str, graph: str | None = None, user: str | None = None, password: str | None = None):
        self.url = check_url(url)
        self.graph = check_graph(graph) if graph else None
        self.user, self.password = user, password
        self._challenge: str | None = None
        self.source = f"SPARQL 端点 {url}" + (f"（图 <{graph}>）" if graph else "")

    def _post(self, data: dict, accept: str, timeout: float, what: str):
        requests = _requests()
        deadline = time.monotonic() + timeout
        if self.user and self._challenge is None:
            self._challenge = _challenge(self.url)
        auth = _auth(self.user, self.password, self._challenge or "")
        try:
            response = requests.post(self.url, data=data, headers={"Accept": accept}, auth=auth,
                                     timeout=(min(timeout, 10.0), timeout), stream=True)
            body = bytearray()
            for chunk in response.iter_content(_CHUNK):
                body.extend(chunk)
                if time.monotonic() > deadline:
                    response.close()
                    raise requests.exceptions.ReadTimeout()
        except requests.exceptions.Timeout:
            raise QueryTimeout(f"端点 {self.url} 在 {timeout:g} 秒内没有{what}完毕，已停止等待。"
                               "请缩小查询范围，或用 --timeout 放宽时限。") from None
        except requests.exceptions.RequestException as e:
            raise EndpointError(_describe_failure(self.url, e)) from None
        response._content = bytes(body)
        if response.status_code >= 400:
            if response.status_code in (400, 500) and what == "返回结果":
                raise QueryError(f"端点拒绝了这条查询（HTTP {response.status_code}）：{_server_message(response)}")
            raise _http_error(self.url, response, what)
        return response

    def execute(self, query: ScreenedQuery, bindings, limit: int | None, timeout: float, trusted: bool = False):
        limit = limit if limit is not None else sys.maxsize     # every row
        text = inject_values(query.text_with_prefixes(), bindings, typed_strings=True, opening=False)
        data = {"query": text}
        if self.graph:
            data["default-graph-uri"] = self.graph
        if query.form in ("SELECT", "ASK"):
            response = self._post(data, "application/sparql-results+json", timeout, "返回结果")
            try:
                doc = json.loads(response.content.decode("utf-8"))
            except ValueError:
                raise EndpointError(f"端点 {self.url} 返回的不是 SPARQL JSON 结果："
                                    f"{_server_message(response)[:120]}") from None
            if query.form == "ASK":
                return [], [], bool(doc.get("boolean")), False
            variables = list(doc.get("head", {}).get("vars", []))
            bindings_out = doc.get("results", {}).get("bindings", [])
            truncated = len(bindings_out) > limit or "X-SPARQL-MaxRows" in response.headers
            rows = [[_term(b[v]) if v in b else None for v in variables] for b in bindings_out[:limit]]
            return variables, rows, None, truncated
        response = self._post(data, "application/n-triples, text/turtle;q=0.9", timeout, "返回结果")
        kind = response.headers.get("Content-Type", "").split(";")[0].strip()
        fmt = ox.RdfFormat.TURTLE if "turtle" in kind else ox.RdfFormat.N_TRIPLES
        try:
            triples = list(ox.parse(response.content, format=fmt))
        except SyntaxError as e:
            raise EndpointError(f"端点 {self.url} 返回的 RDF 无法解析：{e}") from None
        from .runner import term_of

        rows = [[term_of(t.subject), term_of(t.predicate), term_of(t.object)] for t in triples[:limit]]
        return ["subject", "predicate", "object"], rows, None, len(triples) > limit


def graph_store_candidates(url: str, authenticated: bool) -> list[str]:
    """Where a Graph Store endpoint may live next to the SPARQL endpoint `url`, most likely first.

    Virtuoso serves it at /sparql-graph-crud (-auth with a login), Fuseki at
    …/data beside …/sparql, Oxigraph at /store beside /query; some servers
    take it at the query URL itself.
    """
    base = url.rstrip("/")
    out = []
    if base.endswith("/sparql"):
        out += [base + "-graph-crud-auth", base + "-graph-crud"] if authenticated else [base + "-graph-crud",
                                                                                        base + "-graph-crud-auth"]
        out.append(base[: -len("/sparql")] + "/data")
    if base.endswith("/query"):
        out.append(base[: -len("/query")] + "/store")
    out.append(base)
    return list(dict.fromkeys(out))


def push(graph_file: Path, url: str, graph: str = DEFAULT_GRAPH, user: str | None = None,
         password: str | None = None, store_url: str | None = None, replace: bool = True,
         timeout: float = 300.0) -> tuple[str, int | None]:
    """Load the N-Triples file `graph_file` into `graph` at the endpoint (PUT replaces, POST adds).

    Returns the Graph Store URL used and the triple count the endpoint reports
    for the graph afterwards (None when it cannot be asked).
    """
    requests = _requests()
    check_url(url)
    check_graph(graph)
    body = Path(graph_file).read_bytes()
    method = "PUT" if replace else "POST"
    candidates = [check_url(store_url)] if store_url else graph_store_candidates(url, bool(user))
    last = None
    for target in candidates:
        # Virtuoso names the graph `graph-uri`; the Graph Store protocol says `graph`
        params = {"graph-uri": graph} if "graph-crud" in target else {"graph": graph}
        try:
            auth = _auth(user, password, _challenge(target, params)) if user else None
            response = requests.request(method, target, params=params, data=body,
                                        headers={"Content-Type": "application/n-triples"},
                                        auth=auth, timeout=(10.0, timeout))
        except requests.exceptions.Timeout:
            raise EndpointError(f"上传到 {target} 超过 {timeout:g} 秒仍未完成：请检查端点负载或网络。") from None
        except requests.exceptions.RequestException as e:
            raise EndpointError(_describe_failure(target, e)) from None
        if response.status_code in (200, 201, 204):
            return target, _count(url, graph, user, password)
        last = response
        if response.status_code not in (404, 405):  # the right place, but it said no
            raise _http_error(target, response, "接收图谱")
    assert last is not None
    raise EndpointError(f"在 {url} 旁没有找到 SPARQL Graph Store 端点（试过：{'、'.join(candidates)}）："
                        "请用 --store URL 指定图存储协议的地址。")


def _count(url: str, graph: str, user, password) -> int | None:
    """The number of triples the endpoint holds in `graph` (None when it cannot say)."""
    from .sparql_guard import screen

    backend = EndpointBackend(url, None, user, password)
    try:
        _, rows, _, _ = backend.execute(screen("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
                                        {"g": ox.NamedNode(graph)}, 1, 60.0)
    except CdtkgError:
        return None
    return rows[0][0].python() if rows and rows[0] and rows[0][0] else None
