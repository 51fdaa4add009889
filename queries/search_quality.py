"""How good search is, measured: the judged set, MRR and recall@5, and a baseline.

The judged set (tests/search_judgments.tsv) lists queries and the resources that
must come first. The baseline is tantivy's default analyzer and query parser
over the same indexed content, so `cdtkg bench` can show
what segmentation and normalization add.
"""
from __future__ import annotations

import csv
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote

from loaders.vocab import CDTR_IRI

from .search import W_LABEL, Search

JUDGMENTS = Path(__file__).resolve().parent.parent / "tests" / "search_judgments.tsv"
KIND_SEPARATOR = "："
TOP = 10


@dataclass(frozen=True)
class Judgment:
    """One judged query: the resources any of which must come first."""

    query: str
    relevant: tuple[str, ...]
    requires: tuple[str, ...]
    category: str
    why: str
    line: int


@dataclass(frozen=True)
class Found:
    """What a judgment is compared with: a hit, or any indexed resource."""

    iri: str
    kind: str
    label: str


def load_judgments(path: Path = JUDGMENTS) -> list[Judgment]:
    """Return the judgments of a TSV file (comment lines start with #; the first row is the header)."""
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, start=1) if line.strip() and not line.startswith("#")]
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (n, _), row in zip(lines[1:], reader):
        relevant = tuple(x.strip() for x in (row.get("relevant") or "").split(" | ") if x.strip())
        requires = tuple(x.strip() for x in (row.get("requires") or "").split(",") if x.strip())
        rows.append(Judgment(row["query"], relevant, requires, row.get("category") or "", row.get("why") or "", n))
    return rows


def matches(spec: str, found: Found) -> bool:
    """True when `found` is the resource `spec` names (`cdtr:…` IRI, or `种类：标签`)."""
    if spec.startswith("cdtr:"):
        return unquote(found.iri) == CDTR_IRI + spec[len("cdtr:"):]
    kind, _, label = spec.partition(KIND_SEPARATOR)
    return found.kind == kind and found.label == label


@dataclass
class Evaluation:
    """The figures of one search function on the judged set."""

    mrr: float
    recall_at_5: float
    judged: int
    per_query: list[dict] = field(default_factory=list)
    skipped: list[Judgment] = field(default_factory=list)
    unknown: list[tuple[Judgment, str]] = field(default_factory=list)   # specs naming nothing indexed

    def failures(self) -> list[dict]:
        """The judged queries whose first hit is not relevant."""
        return [q for q in self.per_query if q["rank"] != 1]


def evaluate(search: Callable[[str], list[Found]], judgments: Iterable[Judgment],
             present_kinds: set[str], universe: list[Found]) -> Evaluation:
    """Run every judgment whose required classes are present; return MRR (over the top 10)
    and recall@5 (share of relevant resources in the top 5, of at most 5)."""
    per_query, skipped, unknown = [], [], []
    for j in judgments:
        if any(r not in present_kinds for r in j.requires):
            skipped.append(j)
            continue
        unknown += [(j, s) for s in j.relevant if not any(matches(s, f) for f in universe)]
        hits = search(j.query)[:TOP]
        rank = next((i for i, h in enumerate(hits, start=1) if any(matches(s, h) for s in j.relevant)), None)
        found5 = sum(1 for s in j.relevant if any(matches(s, h) for h in hits[:5]))
        per_query.append({
            "query": j.query, "category": j.category, "rank": rank,
            "recall_at_5": found5 / min(len(j.relevant), 5) if j.relevant else 0.0,
            "first": f"{hits[0].kind}：{hits[0].label}" if hits else "",
        })
    n = len(per_query)
    mrr = sum(1 / q["rank"] for q in per_query if q["rank"]) / n if n else 0.0
    recall = sum(q["recall_at_5"] for q in per_query) / n if n else 0.0
    return Evaluation(round(mrr, 4), round(recall, 4), n, per_query, skipped, unknown)


# --- the two search functions compared ---------------------------------------------
def present_kinds(search: Search) -> set[str]:
    """Local names of the classes that have indexed records (their own or a subclass's)."""
    return {k["local"] for k in search.kinds if k["count"]}


def universe(search: Search) -> list[Found]:
    """Every indexed resource."""
    return [Found(stored["iri"], stored["hit"]["kind"], stored["hit"]["label"])
            for stored in search.stored_records()]


def ranked(search: Search) -> Callable[[str], list[Found]]:
    """The search under test, as a function of the query."""
    def run(query: str) -> list[Found]:
        return [Found(h.iri, h.kind, h.label) for h in search.search(query, limit=TOP).hits]
    return run


class Baseline:
    """tantivy's default analyzer (words split at anything not a letter or digit, lower case)
    and its query parser over the same records, in an index held in memory."""

    def __init__(self, search: Search):
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("iri", stored=True, tokenizer_name="raw")
        builder.add_text_field("label", tokenizer_name="default")
        builder.add_text_field("body", tokenizer_name="default")
        builder.add_text_field("kind", stored=True, tokenizer_name="raw")
        builder.add_text_field("shown", stored=True, tokenizer_name="raw")
        ix = tantivy.Index(builder.build())
        started = time.perf_counter()
        writer = ix.writer(num_threads=1)
        for stored in search.stored_records():
            hit = stored["hit"]
            writer.add_document(tantivy.Document(iri=stored["iri"], label=" ".join(hit["labels"]), body=hit["body"],
                                                 kind=hit["kind"], shown=hit["label"]))
        writer.commit()
        writer.wait_merging_threads()
        ix.reload()
        self.build_seconds = round(time.perf_counter() - started, 3)
        self._ix = ix
        self._searcher = ix.searcher()

    def __call__(self, query: str) -> list[Found]:
        try:
            q, _ = self._ix.parse_query_lenient(query, ["label", "body"], field_boosts={"label": W_LABEL})
            results = self._searcher.search(q, limit=TOP).hits
        except Exception:  # the baseline has no input safety of its own: a failure is no result
            return []
        found = []
        for _, address in results:
            doc = self._searcher.doc(address)
            found.append(Found(doc.get_first("iri"), doc.get_first("kind"), doc.get_first("shown")))
        return found

    def close(self) -> None:
        self._searcher = self._ix = None


def latencies_ms(search: Search, queries: list[str], rounds: int = 5) -> dict:
    """Warm search latency over `queries` (each run once to warm up, then `rounds` times): p50, p95."""
    for q in queries:
        search.search(q)
    times = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            search.search(q)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": round(statistics.median(times), 2), "p95": round(times[int(0.95 * (len(times) - 1))], 2)}


def measure(corpus: Path, judged: bool = True) -> dict:
    """The figures `cdtkg bench` reports for `corpus` (best run in a fresh process, so the index
    build includes loading jieba): index build time, and — over the judged queries — MRR and
    recall@5 of search and of the baseline (when `judged`), and warm search latency."""
    from loaders.build import build

    from .search_index import ensure_index

    build(Path(corpus))     # the graph first: its time is the build's figure, not the index's
    started = time.perf_counter()
    directory, _ = ensure_index(Path(corpus))
    figures = {"index_build_s": round(time.perf_counter() - started, 3)}
    search = Search(directory)
    judgments = load_judgments()
    figures["index_records"] = len(search.stored_records())
    if judged:
        kinds, everything = present_kinds(search), universe(search)
        ours = evaluate(ranked(search), judgments, kinds, everything)
        baseline = Baseline(search)
        theirs = evaluate(baseline, judgments, kinds, everything)
        baseline.close()
        figures.update({"search_judged": ours.judged, "search_mrr": ours.mrr, "search_recall_at_5": ours.recall_at_5,
                        "search_baseline_mrr": theirs.mrr, "search_baseline_recall_at_5": theirs.recall_at_5})
    latency = latencies_ms(search, [j.query for j in judgments])
    figures.update({"search_p50_ms": latency["p50"], "search_p95_ms": latency["p95"]})
    search.close()
    return figures
