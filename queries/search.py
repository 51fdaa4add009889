"""Search the graph: a query in, ranked hits with a highlighted snippet out.

Ranking is tantivy's BM25 over the fields of queries/search_index.py with
query-time boosts: a whole-label match above a label word, a label word above
body text; a standard number typed in any spelling finds the standard itself
first, then the clauses and provisions that cite it. Filters by kind (any name
of a class: 条款, Clause, 模型要素 — subclasses included) and by document
(standard number in any spelling, plan number, or part of a title); paging.

Whatever the input — query syntax characters, unbalanced quotes, control
characters, an empty or a 10,000-character query — the answer is results or
a CdtkgError with a Chinese message: user text never reaches a query parser.
"""
from __future__ import annotations

import json
import re
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from loaders.han import HAN
from loaders.locations import DEFAULT_CORPUS
from loaders.problems import CdtkgError
from loaders.standard_numbers import base_number

from .normalize import (MAX_QUERY_CHARS, NormalizedQuery, code_key, compact, normalize_query, number_keys,
                        same_text_key)
from .search_index import META_FILE, ensure_index, index_dir, key, require_index
from .segmenter import segmenter, stem
from .synonyms import Aliases, alias_key, read_synonyms

# Query-time boosts (BM25 per field, multiplied; the keys score flat); tuned on tests/search_judgments.tsv.
W_EXACT = 20.0          # the whole query is one of the resource's names
W_LABEL = 2.0           # a query word in a name, the kind or the locator (表17 态势感知 一级)
W_BODY = 1.0            # a query word in the text
W_CODE = 20.0           # a clause number, notation or locator typed as such
W_OWN_NUMBER = 30.0     # the resource is the standard the query names
W_OWN_BASE = 20.0       # … another edition of it
W_EDITION = 1.0         # … a dated edition of the undated number the query names
W_CITED_NUMBER = 8.0    # the resource cites it
W_CITED_BASE = 6.0
COVERAGE_FLOOR = 0.35   # a hit matching one of two query words keeps 0.35 + 0.65 × ½ of its score
PHRASE_BONUS = 3.0      # a hit holding the whole query of several words as written
RERANK_WINDOW = 50      # hits re-ranked by coverage before paging
MAX_LIMIT = 100
MAX_KEPT_RECORDS = 20000   # stored records an open index keeps decoded (a search reads its first 50 hits' each time)
OPEN_ATTEMPTS = 5     # tries to open an index another process is replacing
SNIPPET_CHARS = 90
NOTHING_TO_LOOK_UP = "查询里只有常用虚词或单个字母数字，没有可搜索的词。"
CLAUSE_KIND = "条款"
MARK = "**"             # highlighted words are **marked** (Markdown bold)
FRONT_MATTER_KINDS = frozenset({"组织", "人员", "主体"})  # who drafted, not what the documents say


@dataclass
class Hit:
    """One search result."""

    iri: str
    kind: str
    label: str
    document: str
    locator: str
    score: float
    snippet: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class SearchResults:
    """One page of results for a query."""

    query: str
    hits: list[Hit]
    total: int
    page: int
    pages: int
    notes: list[str] = field(default_factory=list)
    first_rank: int = 1     # the rank of this page's first hit
    total_exact: bool = True

    def to_json(self) -> dict:
        """The JSON form: {"query", "results": [{"iri", "kind", "label", "document", "locator",
        "score", "snippet"}], "total", "page", "pages", "notes"}."""
        return {"query": self.query, "results": [h.to_json() for h in self.hits], "total": self.total,
                "total_exact": self.total_exact, "page": self.page, "pages": self.pages, "notes": self.notes}

    def render_text(self, color: bool = False) -> str:
        """The readable form for a terminal: one block per hit (kind, label; document, locator,
        score; snippet), marks shown in bold red when `color`."""
        count = f"{'共' if self.total_exact else '约'} {self.total} 条结果"
        lines = [f"「{self.query.strip()}」{count}" + (f"，第 {self.page}/{self.pages} 页" if self.pages > 1 else "")]
        lines += [f"注意：{n}" for n in self.notes]
        if not self.hits:
            lines.append("没有找到匹配的内容。试试更短的词、去掉筛选条件，或换用标准号、英文术语。"
                         if self.total == 0 else "这一页没有结果（页码超出范围）。")
        width = len(str(self.first_rank + len(self.hits)))
        for n, h in enumerate(self.hits, start=self.first_rank):
            place = " · ".join(x for x in (h.document, h.locator) if x)
            lines.append(f"{n:>{width}}. [{h.kind}] {h.label}")
            lines.append(f"{'':>{width}}  {place}{' · ' if place else ''}得分 {h.score:g}")
            if h.snippet:
                lines.append(f"{'':>{width}}  {_marked(h.snippet, color)}")
        return "\n".join(lines)


class Search:
    """An open search index: opened once, queried many times (thread-safe)."""

    def __init__(self, directory: Path, corpus: Path | None = None):
        self.directory = Path(directory)
        self._curated_rows = [(alias_key(s.alias), alias_key(s.canonical)) for s in read_synonyms(corpus)]
        self._lock = threading.Lock()
        self._open()

    def _open(self) -> None:
        import tantivy

        self._stamp = self._meta_stamp()
        self._read_meta()
        for attempt in range(OPEN_ATTEMPTS):   # a build may be putting a new index in place this instant
            try:
                self._ix = tantivy.Index.open(str(self.directory / "index"))
                break
            except ValueError:
                if attempt == OPEN_ATTEMPTS - 1:
                    raise
                time.sleep(0.1)
        self._schema = self._ix.schema
        self._searcher = self._ix.searcher()
        self._read: dict = {}   # the stored fields read from this searcher, by address and by IRI

    def _meta_stamp(self):
        try:
            st = (self.directory / META_FILE).stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    @classmethod
    def for_corpus(cls, corpus: Path = DEFAULT_CORPUS) -> "Search":
        """Bring the search index of the current build of `corpus` up to date and open it."""
        directory, _ = ensure_index(Path(corpus))
        return cls(directory, corpus)

    def _read_meta(self) -> None:
        meta = require_index(self.directory)
        self.meta = meta
        self.documents: list[dict] = meta.get("documents", [])
        self.kinds: list[dict] = meta.get("kinds", [])
        self._words: list[str] = meta.get("words", [])
        self._segmenter = None
        self.synonyms = [(alias_key(o), alias_key(n)) for o, n in meta.get("graph_names", [])]
        self._pairs = None

    def _refresh(self) -> None:
        """Follow an index another process updated (call with the lock held): the metadata is
        written after every commit."""
        if self._meta_stamp() != self._stamp:
            self._open()

    def close(self) -> None:
        self._searcher = self._ix = None

    def _load(self, address) -> dict:
        doc = self._searcher.doc(address)
        return {"iri": doc.get_first("iri"), "hit": json.loads(bytes(doc.get_first("hit")).decode("utf-8"))}

    def _kept(self, key, read):
        """What `read()` gives, kept for this searcher under `key` (a question reads the same records
        many times: each search's window, each passage's text); call with the lock held."""
        if key not in self._read:
            if len(self._read) > MAX_KEPT_RECORDS:
                self._read.clear()
            self._read[key] = read()
        return self._read[key]

    def _stored(self, address) -> dict:
        return self._kept((address.segment_ord, address.doc), lambda: self._load(address))

    def _by_iri(self, iri: str) -> dict | None:
        import tantivy

        def read():
            found = self._searcher.search(tantivy.Query.term_query(self._schema, "iri", iri), limit=1, count=False).hits
            return self._stored(found[0][1]) if found else None
        return self._kept(("iri", iri), read)

    def stored_records(self) -> list[dict]:
        """Every indexed record's stored fields: {"iri", "hit": {kind, label, document, locator, body, labels}}."""
        import tantivy

        with self._lock:
            self._refresh()
            n = self._searcher.num_docs
            if not n:
                return []
            hits = self._searcher.search(tantivy.Query.all_query(), limit=n, count=False).hits
            return [self._load(address) for _, address in sorted(hits, key=lambda h: (h[1].segment_ord, h[1].doc))]

    def frequency(self, word: str) -> int:
        """How many records hold `word` (in a name or the text): rare words say more."""
        term = stem(word.lower())
        with self._lock:
            return self._searcher.doc_freq("label", term) + self._searcher.doc_freq("body", term)

    def in_content(self, word: str, names: frozenset[str] = frozenset()) -> bool:
        """Whether the documents' content uses `word` — not only inside the `names` given (the
        organisations that drafted them: 赛西（深圳）…), nor as the name of a person or body."""
        try:
            hits = self.search(word, limit=30, snippets=False).hits
        except CdtkgError:
            return False
        for h in hits:
            if h.kind in FRONT_MATTER_KINDS:
                continue
            text = compact(h.label + " " + self.full_text(h.iri))
            for name in names:
                text = text.replace(name, "")
            if compact(word) in text:
                return True
        return False

    def record(self, iri: str) -> dict | None:
        """The stored fields of one record ({kind, label, document, locator, body, labels}), or None."""
        with self._lock:
            stored = self._by_iri(iri)
        return (stored or {}).get("hit")

    def full_text(self, iri: str) -> str:
        """The indexed text of one record (its body as stored), or '' when it is not indexed."""
        return str((self.record(iri) or {}).get("body") or "")

    @property
    def segmenter(self):
        if self._segmenter is None:
            self._segmenter = segmenter(self._words)
        return self._segmenter

    # --- filters -------------------------------------------------------------------
    def kind_keys(self, kind: str) -> list[str]:
        """The class keys a kind filter names: by Chinese, English or local name, exactly, else
        as part of a Chinese name; raises CdtkgError listing the kinds when nothing matches."""
        want = (kind or "").strip().lower()
        exact = [k["key"] for k in self.kinds
                 if want in {k["zh"].lower(), k["en"].lower(), k["local"].lower(), k["key"].lower()}]
        if exact:
            return exact
        partial = [k["key"] for k in self.kinds if want and want in k["zh"].lower()]
        if partial:
            return partial
        names = "、".join(k["zh"] or k["local"] for k in self.kinds if k["own"])
        raise CdtkgError(f"没有名为「{kind}」的类型。可用的类型：{names}")

    def document_iris(self, doc: str) -> list[str]:
        """The documents a document filter names: a standard number in any spelling, a plan
        number, an IRI or part of a title or file name; raises CdtkgError when none matches."""
        want = (doc or "").strip()
        nq = normalize_query(want)
        found = [d["iri"] for d in self.documents if d["iri"] == want]
        for n in nq.numbers:
            keys = number_keys(n)
            found += [d["iri"] for d in self.documents if keys and keys[0] in d["number_keys"]]
            if not found and len(keys) > 1:
                found += [d["iri"] for d in self.documents if keys[1] in d["number_keys"]]
        found += [d["iri"] for d in self.documents if set(nq.plan_numbers) & set(d["plans"])]
        key = compact(want)
        if not found and key:
            found = [d["iri"] for d in self.documents if any(k == key for k in d["keys"])]
            found = found or [d["iri"] for d in self.documents if any(key in k for k in d["keys"])]
        if not found:
            ingested = "；".join(d["display"] for d in self.documents if d.get("ingested"))
            raise CdtkgError(f"没有找到文档「{doc}」。可用标准号、计划号或标题的一部分，例如：{ingested}")
        return list(dict.fromkeys(found))

    def _filter(self, kind: str | None, doc: str | None):
        """The query the hits must also match (scoring nothing), or None."""
        import tantivy

        parts = []
        if kind:
            parts.append([key("kind", k) for k in self.kind_keys(kind)])
        if doc:
            parts.append([key("doc", d) for d in self.document_iris(doc)])
        if not parts:
            return None
        terms = [tantivy.Query.term_set_query(self._schema, "filters", values) for values in parts]
        return tantivy.Query.const_score_query(
            tantivy.Query.boolean_query([(tantivy.Occur.Must, t) for t in terms]), 0.0)

    # --- the query -----------------------------------------------------------------
    def _expansions(self) -> list[tuple[str, str]]:
        """Alias → name pairs a query is read with: the graph's other names (old names, English
        labels, abbreviations), and the curated synonyms whose alias the documents never use
        (单点登录 is found as written). Worked out on first use, by searching each alias with the
        graph's names alone."""
        if self._pairs is None:
            self._pairs = Aliases(self.synonyms)
            curated = [(a, c) for a, c in self._curated_rows if not self._used(a)]
            self._pairs = Aliases(self.synonyms + curated)
        return self._pairs.pairs

    def _used(self, alias: str) -> bool:
        """Whether some record's name or text holds `alias` as written."""
        want = compact(alias)
        try:
            hits = self.search(alias, limit=5, snippets=False).hits
        except CdtkgError:
            return False
        return any(want in compact(h.label + " " + self.full_text(h.iri)) for h in hits)

    def _known(self, term: str) -> bool:
        return bool(self._searcher.doc_freq("label", term) or self._searcher.doc_freq("body", term))

    def build_query(self, nq: NormalizedQuery):
        """Return the tantivy query for a normalized query (never parsed from user text), the
        groups of terms it looks for (one per query word or number) and the words looked up
        as written (to mark in snippets); the query is None when there is nothing to look up."""
        import tantivy

        schema = self._schema

        def term(field: str, value: str, boost: float):
            """A text term scored by BM25 times `boost`; a key scored `boost` flat."""
            found = tantivy.Query.term_query(schema, field, value, index_option="freq" if field in ("label", "body") else "basic")
            if field == "keys":
                return tantivy.Query.const_score_query(found, boost)
            return tantivy.Query.boost_query(found, boost)

        clauses, groups, looked_up = [], [], set()
        if nq.text:
            aliases = self._pairs if self._pairs is not None else Aliases(self.synonyms)
            for name in aliases.exact(nq.text):
                clauses.append(term("keys", key("exact", name), boost=W_EXACT))
            for words in self.segmenter.query_words(aliases.expand(nq.text), self._known):
                looked_up.update(words)
                group = {stem(w) for w in words}
                groups.append(group)
                for t in group:
                    clauses += [term("label", t, boost=W_LABEL), term("body", t, boost=W_BODY)]
            if nq.exact:
                clauses.append(term("keys", key("exact", nq.exact), boost=W_EXACT))
            if code_key(nq.text):
                clauses.append(term("keys", key("code", code_key(nq.text)), boost=W_CODE))
        for number in nq.numbers:
            keys = number_keys(number)
            if not keys:
                continue
            clauses += [term("keys", key("own", keys[0]), boost=W_OWN_NUMBER),
                        term("keys", key("cited", keys[0]), boost=W_CITED_NUMBER)]
            if len(keys) > 1 and not keys[1].startswith("#"):   # a dated number: other editions next
                clauses += [term("keys", key("own", keys[1]), boost=W_OWN_BASE),
                            term("keys", key("cited", keys[1]), boost=W_CITED_BASE)]
            else:   # an undated number means its editions (GB/T 1.1: the latest applies) before the bare node
                clauses.append(term("keys", key("edition", keys[0]), boost=W_EDITION))
            groups.append({key(field, k) for field in ("own", "cited") for k in keys[:2]})
        for plan in nq.plan_numbers:
            clauses += [term("keys", key("own", plan.lower()), boost=W_OWN_NUMBER),
                        term("keys", key("cited", plan.lower()), boost=W_CITED_NUMBER)]
            groups.append({key(field, plan.lower()) for field in ("own", "cited")})
        for digits in nq.bare_numbers:
            clauses += [term("keys", key("own", "#" + digits), boost=W_OWN_BASE),
                        term("keys", key("cited", "#" + digits), boost=W_CITED_BASE)]
        if not clauses:
            return None, [], looked_up
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, c) for c in clauses]) if len(clauses) > 1 else clauses[0]
        return query, groups, looked_up

    def search(self, query: str, kind: str | None = None, doc: str | None = None,
               limit: int = 10, page: int = 1, snippets: bool = True) -> SearchResults:
        """Return page `page` of the hits for `query` (best first, `limit` per page); `snippets` False leaves
        the hits' snippets empty (`cdtkg ask` reads the records, not excerpts of them).

        Raises CdtkgError (with a Chinese message) for an empty query, an unknown kind or
        document, or a limit or page out of range.
        """
        if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
            raise CdtkgError(f"每页条数应在 1 到 {MAX_LIMIT} 之间（收到 {limit!r}）。")
        if not isinstance(page, int) or page < 1:
            raise CdtkgError(f"页码应从 1 开始（收到 {page!r}）。")
        self._expansions()
        nq = normalize_query(query)
        notes = [f"查询超过 {MAX_QUERY_CHARS} 字，只用了前 {MAX_QUERY_CHARS} 字。"] if nq.truncated else []
        if nq.empty:
            raise CdtkgError("请输入要搜索的词语、标准号或英文术语（查询为空，或只含标点和空白）。")
        import tantivy

        with self._lock:
            self._refresh()
            filt = self._filter(kind, doc)
            q, groups, words = self.build_query(nq)
            if q is None:
                return SearchResults(query, [], 0, page, 0, notes + [NOTHING_TO_LOOK_UP])
            if filt is not None:
                q = tantivy.Query.boolean_query([(tantivy.Occur.Must, q), (tantivy.Occur.Must, filt)])
            results = self._searcher.search(q, limit=max(page * limit, RERANK_WINDOW), count=True)
            phrase = nq.exact if len(groups) > 1 and not _HAN_APART.search(nq.raw) else ""   # words typed apart are no phrase
            total = results.count
            ranked = []
            for n, (score, address) in enumerate(results.hits):
                stored = self._stored(address)
                factor = _covered(stored["hit"], groups) * _phrase(stored["hit"], phrase)
                ranked.append((factor * score, n, stored["iri"], stored["hit"]))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        ranked = _named_first(ranked, nq.text)
        ranked, shown_twice = _distinct(ranked)
        total -= shown_twice
        if total == 0 and not groups:
            notes.append(NOTHING_TO_LOOK_UP)
        marked = _pattern(sorted(words | {nq.text.replace(" ", "")} - {""}, key=len, reverse=True)) if snippets else None
        hits = [Hit(iri, stored["kind"], stored["label"], stored["document"], stored["locator"],
                    round(float(score), 3), snippet(stored, marked, nq.numbers) if snippets else "")
                for score, _, iri, stored in ranked[(page - 1) * limit: page * limit]]
        return SearchResults(query, hits, total, page, -(-total // limit), notes, (page - 1) * limit + 1)


# Among hits named exactly as the query, what a reader looks for first: the definition, then the clause that
# sets the thing out, then the rest (a capability item, an activity of a table) in their order.
NAMED_FIRST = {"术语条目": 0, CLAUSE_KIND: 1}


def _named_first(ranked: list, text: str) -> list:
    """`ranked` with the hits whose name is the whole query reordered among their own places by NAMED_FIRST
    (数据治理: the term entries before the capability item of that name; 运营模式: clause 11.4 before the
    activity of table A.7)."""
    want = compact(text or "")
    if not want:
        return ranked
    places = [i for i, r in enumerate(ranked[:RERANK_WINDOW]) if compact(r[3].get("label") or "") == want]
    if len(places) < 2:
        return ranked
    named = sorted((ranked[i] for i in places), key=lambda r: NAMED_FIRST.get(r[3].get("kind"), len(NAMED_FIRST)))
    out = list(ranked)
    for i, r in zip(places, named):
        out[i] = (ranked[i][0],) + tuple(r[1:])   # each place keeps its score: the list still reads best first
    return out


def _distinct(ranked: list) -> tuple[list, int]:
    """The ranked hits without those showing the same text as a better one of the same document
    (a level feature and its single list item, a provision indexed twice); returns them and how
    many were dropped. Where a clause and the notion it sets out (a framework node, a model
    element) show the same text, the notion is shown, in the better one's place: its page says
    more (notation, parts, planned standards) and links to the clause."""
    kept, seen = [], {}
    for r in ranked:
        stored = r[3]
        # the same words in two documents are two sources: both are shown
        text = (stored.get("document") or "", stored.get("same") or same_text_key(stored.get("label") or "", stored.get("body") or ""))
        if text in seen:
            at = seen[text]
            if kept[at][3].get("kind") == CLAUSE_KIND and stored.get("kind") != CLAUSE_KIND:
                kept[at] = (kept[at][0], kept[at][1], r[2], stored)
            continue
        seen[text] = len(kept)
        kept.append(r)
    return kept, len(ranked) - len(kept)


# Chinese words typed apart (适老化 无障碍) are two things asked for; a space beside Latin letters or digits is how
# such words are written (AI Agent, AI Agent 编排) and keeps the query one phrase.
_HAN_APART = re.compile(rf"[{HAN}]\s+[{HAN}]")


def _phrase(stored: dict, phrase: str) -> float:
    """The phrase factor of a hit: PHRASE_BONUS when its name or text holds the query of several
    words as written (一网通办 read as 一网通 + 办 is still found whole), else 1."""
    return PHRASE_BONUS if phrase and phrase in stored.get("flat", "") else 1.0


def _covered(stored: dict, groups: list[set[str]]) -> float:
    """The coverage factor of a hit: 1 when it matches every query word (or there is one)."""
    if len(groups) < 2:
        return 1.0
    terms = stored.get("terms", "")
    share = sum(1 for g in groups if any(f" {t} " in terms for t in g)) / len(groups)
    return COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * share


def search_batch(search: "Search", queries, **options):
    """Yield one JSON object per query (blank lines included, so output lines match input
    lines); a query that cannot be run gives {"query", "results": [], "error"}."""
    for line in queries:
        query = line.rstrip("\r\n")
        try:
            yield search.search(query, **options).to_json()
        except CdtkgError as e:
            yield {"query": query, "results": [], "error": str(e)}


def _marked(snippet: str, color: bool) -> str:
    if not color:   # a pipe or a file: the words as they are, without the marks
        return snippet.replace(MARK, "")
    return re.sub(re.escape(MARK) + r"(.+?)" + re.escape(MARK), "\033[1;31m\\1\033[0m", snippet)


# --- snippets ----------------------------------------------------------------------
_ENGLISH = re.compile(r"^[a-z]{4,}$")


def _pattern(words: list[str]) -> re.Pattern | None:
    """A regex finding any of `words` in original text (case-insensitive, stray spaces allowed;
    an English word by its stem, so `twins` marks `twin`)."""
    return _pattern_of(tuple(words))


@lru_cache(maxsize=256)
def _pattern_of(words: tuple[str, ...]) -> re.Pattern | None:
    alternatives = [re.escape(stem(w)) + "[a-z]*" if _ENGLISH.match(w) else r"\s*".join(re.escape(ch) for ch in w)
                    for w in words if w.strip()]
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _number_spans(text: str, numbers: list[str]) -> list[tuple[int, int]]:
    """Spans of `text` where any edition of the standards `numbers` name is written, in any spelling."""
    spans = []
    for base in {base_number(n) for n in numbers}:
        body = "".join(r"\s*/?\s*" if ch == "/" else r"\s*" if ch == " " else re.escape(ch) for ch in base)
        pattern = re.compile(rf"(?<![\w/]){body}(?:\s*[-—–－‐‑:：]\s*(?:\d{{4}}|[xX]{{4}}))?(?![\d.])", re.I)
        spans += [m.span() for m in pattern.finditer(text)]
    return spans


def snippet(stored: dict, words: list[str] | re.Pattern | None, numbers: list[str], width: int = SNIPPET_CHARS) -> str:
    """Return a short excerpt of the hit's text around the first match of `words` (or of their
    pattern, see _pattern), matches **marked**."""
    pattern = words if words is None or isinstance(words, re.Pattern) else _pattern(words)
    best = None
    # the text with the longest marked match wins (a label naming the whole query beats a
    # body mentioning one of its parts); the body wins ties
    for text in (stored.get("body", "").replace("\n", " / "), " / ".join(stored.get("labels", []))):
        spans = set(_number_spans(text, numbers)) | ({m.span() for m in pattern.finditer(text)} if pattern else set())
        longest = max((e - s for s, e in spans), default=0)
        if longest and (best is None or longest > best[0]):
            best = (longest, text, sorted(spans))
    if best:
        return _excerpt(best[1], best[2], width)
    text = stored.get("body", "").replace("\n", " / ") or " / ".join(stored.get("labels", []))
    return text[:width] + ("…" if len(text) > width else "")


def _excerpt(text: str, spans: list[tuple[int, int]], width: int) -> str:
    first = spans[0][0]
    start = max(0, min(first - width // 4, len(text) - width))
    end = min(len(text), start + width)
    out, pos = [], start
    for s, e in spans:
        if e <= pos or s >= end:
            continue
        s = max(s, pos)
        e = min(e, end)
        out.append(text[pos:s])
        out.append(f"{MARK}{text[s:e]}{MARK}")
        pos = e
    out.append(text[pos:end])
    body = "".join(out).replace(MARK + MARK, "")
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


_SEARCHES: dict[str, Search] = {}
_SEARCHES_LOCK = threading.Lock()


def open_search(corpus: Path = DEFAULT_CORPUS) -> Search:
    """The process-wide Search of the current build of `corpus`, its index updated when the build changed."""
    directory, update = ensure_search_index(Path(corpus))
    key = str(directory)
    with _SEARCHES_LOCK:
        current = _SEARCHES.get(key)
        if current is None or update is not None:
            if current is not None:
                current.close()
            current = _SEARCHES[key] = _healing(Path(corpus), lambda: Search(directory, Path(corpus)))
    return current


def ensure_search_index(corpus: Path = DEFAULT_CORPUS):
    """ensure_index (the index folder and what was updated), building a damaged index again."""
    return _healing(Path(corpus), lambda: ensure_index(Path(corpus)))


def _healing(corpus: Path, step):
    """Return step(); when the index of `corpus` is damaged (cut short by a full disk or a kill),
    delete it, build it again and return step() once more."""
    try:
        return step()
    except CdtkgError:
        raise
    except Exception:   # a damaged index fails in many ways (ValueError, OSError…) on opening or reading
        shutil.rmtree(index_dir(corpus) / "index", ignore_errors=True)
        ensure_index(corpus)
        return step()


def search(query: str, corpus: Path = DEFAULT_CORPUS, **options) -> SearchResults:
    """Search the graph of `corpus` (see Search.search for the options)."""
    return open_search(corpus).search(query, **options)
