"""Score `cdtkg ask` and `cdtkg search` on sets written by readers who saw only the documents.

A question set (`questions.tsv`: id, document, kind, question, answerable, expect,
source) counts a `yes` question right when it is answered, every `expect` piece is
in the answer sentence or its items, and the answer names each source document;
a `no` question is right when it is refused. Texts are compared after folding
widths, dashes, spaces and traditional characters. A search set (`search.tsv`:
id, query, relevant, why) gives success@5 and MRR, each `relevant` form
(`条款 <document> <clause>`, `术语 <term>`, `标准 <number>`, `框架节点 <notation>`,
`文档 <document>`) resolved against the hits.

    python -m queries.ask.blind_sets --questions FILE [--search FILE] --corpus DIR [--json]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from loaders.standard_numbers import is_placeholder

from ..normalize import fold, to_simplified
from .intents import INDEX_DIR, template

SEPARATOR = "‖"
DOC_SEPARATOR = re.compile(r"\s*[；;+＋]\s*")   # 技术参考模型；成熟度模型 (round 7 wrote 技术参考模型+成熟度模型)
QUESTION_COLUMNS = ("id", "document", "kind", "question", "answerable", "expect", "source")
SEARCH_COLUMNS = ("id", "query", "relevant", "why")
TOP = 5
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d_~～]")
_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


def norm(text: str) -> str:
    """The comparison form of a text: widths folded, one dash, no spaces, simplified, lower case."""
    text = to_simplified(fold(text or "")).lower()
    return _SPACE.sub("", _DASHES.sub("-", text))


# --- reading the sets ----------------------------------------------------------------------------

@dataclass(frozen=True)
class BlindQuestion:
    id: str
    documents: tuple[str, ...]     # empty for a question the documents cannot answer
    kind: str
    question: str
    answerable: bool
    expect: tuple[str, ...]
    source: str
    line: int


@dataclass(frozen=True)
class SearchJudgment:
    id: str
    query: str
    relevant: tuple[str, ...]
    why: str
    line: int


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
    """The data rows of a TSV file with a header line naming `columns`; raises ValueError
    naming the file and line of a malformed row."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    rows, header = [], None
    for no, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            missing = [c for c in columns if c not in header]
            if missing:
                raise ValueError(f"{path.name} 第 {no} 行：表头缺少列 {'、'.join(missing)}（应有 {'、'.join(columns)}）")
            continue
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        rows.append((no, dict(zip(header, cells))))
    if header is None:
        raise ValueError(f"{path.name}：文件是空的，没有表头")
    return rows


def read_questions(path: Path) -> list[BlindQuestion]:
    """The questions of a questions.tsv; raises ValueError naming a malformed line."""
    out = []
    for no, row in _rows(path, QUESTION_COLUMNS):
        answerable = row["answerable"].lower()
        if answerable not in ("yes", "no"):
            raise ValueError(f"{Path(path).name} 第 {no} 行：answerable 应为 yes 或 no，这里是“{row['answerable']}”")
        if not row["question"]:
            raise ValueError(f"{Path(path).name} 第 {no} 行：问题是空的")
        docs = tuple(d.strip() for d in DOC_SEPARATOR.split(row["document"]) if d.strip() and d.strip() != "-")
        expect = tuple(e.strip() for e in row["expect"].split(SEPARATOR) if e.strip())
        if answerable == "yes" and not expect:
            raise ValueError(f"{Path(path).name} 第 {no} 行：可回答的问题应有 expect")
        out.append(BlindQuestion(row["id"], docs, row["kind"] or "?", row["question"], answerable == "yes",
                                 expect, row["source"], no))
    return out


def read_search(path: Path) -> list[SearchJudgment]:
    """The judgments of a search.tsv; raises ValueError naming a malformed line."""
    out = []
    for no, row in _rows(path, SEARCH_COLUMNS):
        relevant = tuple(r.strip() for r in row["relevant"].split(" | ") if r.strip())
        if not row["query"] or not relevant:
            raise ValueError(f"{Path(path).name} 第 {no} 行：应有 query 和 relevant")
        out.append(SearchJudgment(row["id"], row["query"], relevant, row["why"], no))
    return out


# --- documents as the sets name them -------------------------------------------------------------



class DocumentNames:
    """Every name of every document of a graph, to resolve `T/SZS 4042-2021`, `成熟度模型`
    or `技术参考模型（征求意见稿）` and to tell whether an answer names it."""

    def __init__(self, graph):
        self.names: dict[str, set[str]] = defaultdict(set)
        self.titles: dict[str, list[str]] = defaultdict(list)
        self.ingested: set[str] = set()
        for r in graph.run(template("documents", INDEX_DIR)).records():
            d = str(r["d"])
            if r.get("ingested"):
                self.ingested.add(d)
            for key in ("num", "plan"):
                if r.get(key) and not is_placeholder(str(r[key])):
                    self.names[d].add(norm(str(r[key])))
            if r.get("title"):
                title = norm(str(r["title"]))
                self.names[d].add(title)
                self.titles[d].append(title)

    def resolve(self, name: str) -> set[str]:
        """The documents a set's `document` cell names: by number, else by the title that ends
        with it (技术参考模型 is the model, not its 编制说明), else every title containing it;
        a document of the corpus before one it only cites."""
        found = self._resolve(name)
        return (found & self.ingested) or found

    def _resolve(self, name: str) -> set[str]:
        key = norm(name)
        by_number = {d for d, names in self.names.items() if key in names}
        if by_number:
            return by_number
        short = norm(_BRACKETED.sub("", name)) or key
        ends = {d for d, ts in self.titles.items() if any(_BRACKETED.sub("", t).endswith(short) for t in ts)}
        return ends or {d for d, ts in self.titles.items() if any(short in t for t in ts)}

    def split_clause(self, text: str) -> tuple[str, str]:
        """`技术参考模型（征求意见稿） 7.3.1 a) 3)` → (document, clause): the shortest start that
        names a document (a number may hold a space: T/SZS 4042-2021), the rest the clause."""
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        for i in spaces:
            if self.resolve(text[:i]):
                return text[:i], text[i + 1:].strip()
        doc, _, clause = text.rpartition(" ")
        return doc, clause

    def named_in(self, name: str, text: str, source_iris: list[str]) -> bool:
        """Whether an answer (its folded `text` and its sources' IRIs) names the document `name`."""
        if norm(_BRACKETED.sub("", name)) in text or norm(name) in text:
            return True
        docs = self.resolve(name)
        if any(iri in docs or any(iri.startswith(d + "/") for d in docs) for iri in source_iris):
            return True
        return any(n and n in text for d in docs for n in self.names[d])


# --- scoring questions ---------------------------------------------------------------------------

@dataclass
class QuestionReport:
    """Right / content-only / total per kind, the failures, and the timings."""

    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))
    failures: list[dict] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)

    def _sum(self, i: int, which=None) -> int:
        return sum(v[i] for k, v in self.per_kind.items() if which is None or which(k))

    @property
    def total(self) -> int:
        return self._sum(2)

    @property
    def right(self) -> int:
        return self._sum(0)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    def figures(self) -> dict:
        """The headline figures: accuracy, with and without the source check, and per kind."""
        content = self._sum(1)
        return {
            "questions": self.total, "right": self.right, "accuracy": round(self.accuracy, 4),
            "content_right": content, "content_accuracy": round(content / self.total, 4) if self.total else 0.0,
            "per_kind": {k: {"right": v[0], "content": v[1], "total": v[2]} for k, v in sorted(self.per_kind.items())},
        }

    def table(self) -> str:
        rows = sorted(self.per_kind.items(), key=lambda kv: (kv[1][0] / kv[1][2], kv[0]))
        width = max((len(k) for k in self.per_kind), default=10)
        lines = [f"{'kind':<{width}}  right/total  (内容对)"]
        lines += [f"{k:<{width}}  {r:>3}/{n:<3} {r / n:6.1%}  ({c})" for k, (r, c, n) in rows]
        lines.append(f"{'总计 total':<{width}}  {self.right:>3}/{self.total:<3} {self.accuracy:6.1%}  ({self._sum(1)})")
        return "\n".join(lines)


def judge(answer, q: BlindQuestion, names: DocumentNames) -> tuple[bool, str | None]:
    """(content right, why the answer is wrong or None when it is right)."""
    if not q.answerable:
        if answer.answered:
            return False, f"不该回答，却答了（{answer.intent}）：{answer.answer[:60]}"
        return True, None
    if not answer.answered:
        return False, f"没有回答：{answer.reason[:80]}"
    shown = norm(answer.answer + "\n" + "\n".join(answer.items))
    missing = [e for e in q.expect if norm(e) not in shown]
    if missing:
        return False, f"答案里没有：{'、'.join(missing)}（答：{answer.answer[:80]}）"
    cited = norm(answer.answer + "\n" + "\n".join(answer.items) + "\n"
                 + "\n".join(f"{s.get('document', '')} {s.get('locator', '')}" for s in answer.sources))
    iris = [str(s.get("iri") or "") for s in answer.sources]
    unnamed = [d for d in q.documents if not names.named_in(d, cited, iris)]
    if unnamed:
        return True, f"内容对，但没有注明出处 {'、'.join(unnamed)}"
    return True, None


def score_questions(asker, questions: list[BlindQuestion], keep_answers: bool = False) -> QuestionReport:
    """Ask every question and score it (timings in ms)."""
    names = DocumentNames(asker.graph)
    report = QuestionReport()
    for q in questions:
        started = time.perf_counter()
        answer = asker.ask(q.question)
        report.millis.append((time.perf_counter() - started) * 1000)
        content, why = judge(answer, q, names)
        tally = report.per_kind[q.kind]
        tally[2] += 1
        tally[1] += content
        tally[0] += why is None
        if why is not None:
            report.failures.append({"id": q.id, "line": q.line, "kind": q.kind, "question": q.question, "why": why,
                                    "intent": answer.intent})
        if keep_answers:
            report.answers.append({"id": q.id, "answered": answer.answered, "intent": answer.intent,
                                   "answer": answer.answer, "ok": why is None})
    return report


# --- scoring search ------------------------------------------------------------------------------

_DOCUMENT_KINDS = {"标准", "技术文件", "建设指南", "编制说明", "文档", "政策文件"}
_TERM_KINDS = {"术语条目", "概念", "缩略语"}


_NUMBERING_PUNCTUATION = re.compile(r"、|\.(?!\d)")


def _clause_key(text: str) -> str:
    """A clause number as compared: the comparison form without the punctuation that ends a
    numeral (`三、（一）1.` and `三（一）1` are one clause; 7.3.1 keeps its dots)."""
    return _NUMBERING_PUNCTUATION.sub("", norm(text))


def relevant_hit(spec: str, hit, names: DocumentNames) -> bool:
    """Whether a search hit is what one `relevant` form of a judgment names."""
    kind, _, rest = spec.strip().partition(" ")
    rest = rest.strip()
    label, locator, document = norm(hit.label), norm(hit.locator), norm(hit.document)
    iri = str(hit.iri)
    if kind == "条款":
        doc, clause = names.split_clause(rest)
        clause, locator = _clause_key(clause), _clause_key(locator)
        at = locator == clause or (locator.startswith(clause) and not re.match(r"[0-9.]", locator[len(clause):]))
        if not at:
            return False
        docs = names.resolve(doc)
        return any(iri.startswith(d + "/") for d in docs) or names.named_in(doc, document, [])
    if kind == "术语":
        return hit.kind in _TERM_KINDS and label == norm(rest)
    if kind == "标准":
        want = norm(rest)
        return hit.kind in _DOCUMENT_KINDS and (label.startswith(want) or document == want)
    if kind == "框架节点":
        return hit.kind in ("标准体系框架节点", "标准体系部分") and iri.rsplit("/", 1)[-1] == rest
    if kind == "文档":
        docs = names.resolve(rest)
        return iri in docs
    return False


@dataclass
class SearchReport:
    judged: int = 0
    successes: int = 0
    reciprocal: float = 0.0
    failures: list[dict] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)

    def figures(self) -> dict:
        n = self.judged or 1
        return {"search_judged": self.judged, "success_at_5": round(self.successes / n, 4),
                "mrr": round(self.reciprocal / n, 4)}


def score_search(search, judgments: list[SearchJudgment], names: DocumentNames) -> SearchReport:
    """success@5 and MRR (over the top 5) of `search` on the judgments."""
    report = SearchReport()
    for j in judgments:
        started = time.perf_counter()
        try:
            hits = search.search(j.query, limit=TOP).hits
        except Exception as e:  # a refused query counts as a miss, with its reason
            hits = []
            report.failures.append({"id": j.id, "query": j.query, "why": str(e)})
        report.millis.append((time.perf_counter() - started) * 1000)
        report.judged += 1
        rank = next((i for i, h in enumerate(hits[:TOP], start=1)
                     if any(relevant_hit(spec, h, names) for spec in j.relevant)), None)
        if rank:
            report.successes += 1
            report.reciprocal += 1 / rank
        elif not any(f["id"] == j.id for f in report.failures):
            report.failures.append({"id": j.id, "query": j.query, "why": "前 5 条里没有：" + " | ".join(j.relevant),
                                    "top": [f"[{h.kind}] {h.label[:30]} {h.document[:20]} {h.locator}" for h in hits]})
    return report


def p95(millis: list[float]) -> float:
    ordered = sorted(millis)
    return round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 2) if ordered else 0.0


def threshold_curve(asker, questions) -> list[tuple[float, int, int]]:
    """(threshold, right, total) over blind-format `questions` for thresholds 0.10…1.00: each
    question is asked once with every passage answer allowed; a passage answer counts as
    right at threshold t when its confidence reaches t and it is right, and a question it
    answers counts as right below t when it should have been refused."""
    from . import pipeline

    names = DocumentNames(asker.graph)
    fixed, passage = 0, []   # right answers no threshold changes; (confidence, right, refusal right)
    saved = pipeline.PASSAGE_THRESHOLD
    pipeline.PASSAGE_THRESHOLD = 0.0
    try:
        for q in questions:
            answer = asker.ask(q.question)
            right = judge(answer, q, names)[1] is None
            if answer.intent == "passage":
                passage.append((answer.confidence, right, not q.answerable))
            else:
                fixed += right
    finally:
        pipeline.PASSAGE_THRESHOLD = saved
    curve = []
    for step in range(10, 101, 5):
        t = step / 100
        right = fixed + sum(r for c, r, _ in passage if c >= t) + sum(no for c, _, no in passage if c < t)
        curve.append((t, right, len(questions)))
    return curve


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m queries.ask.blind_sets",
                                description="用盲测题集给 cdtkg ask / search 打分 / score ask and search on a blind set")
    p.add_argument("--questions", type=Path, help="questions.tsv")
    p.add_argument("--search", type=Path, help="search.tsv")
    p.add_argument("--corpus", type=Path, default=None, help="语料目录（默认 corpus/）")
    p.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    p.add_argument("--failures", action="store_true", help="列出答错的题")
    p.add_argument("--curve", action="store_true", help="列出各个段落答案门槛下答对的题数")
    args = p.parse_args(argv)
    if not args.questions and not args.search:
        p.error("请给出 --questions 或 --search")
    from loaders.build import DEFAULT_CORPUS
    from loaders.problems import CdtkgError

    from ..graph import Graph
    from .pipeline import Asker

    corpus = args.corpus or DEFAULT_CORPUS
    out: dict = {}
    try:
        questions = read_questions(args.questions) if args.questions else []
        judgments = read_search(args.search) if args.search else []
        from ..search_index import ensure_index

        graph = Graph.open(corpus)
        ensure_index(corpus)  # passage answers and suggestions read the search index
        names = DocumentNames(graph)
        if questions:
            asker = Asker(graph)
            for q in questions[:20]:  # warm-up: templates parsed, jieba loaded
                asker.ask(q.question)
            report = score_questions(asker, questions)
            if args.curve:
                out["curve"] = [{"threshold": t, "right": r, "total": n} for t, r, n in threshold_curve(asker, questions)]
            out["ask"] = {**report.figures(), "ask_p95_ms": p95(report.millis)}
            out["ask_failures"] = report.failures
        if judgments:
            from ..search import Search

            search = Search.for_corpus(corpus)
            for j in judgments[:10]:  # warm-up: synonyms worked out, segmenter loaded
                search.search(j.query, limit=TOP)
            report_s = score_search(search, judgments, names)
            out["search"] = {**report_s.figures(), "search_p95_ms": p95(report_s.millis)}
            out["search_failures"] = report_s.failures
    except (ValueError, OSError, CdtkgError) as e:
        print(f"blind_sets: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if "ask" in out:
        print(report.table())
        print(f"ask p95 {out['ask']['ask_p95_ms']} ms")
        if args.failures:
            for f in out["ask_failures"]:
                print(f"  ✗ {f['id']} [{f['kind']}] {f['question']} → {f['why']}")
    if "search" in out:
        s = out["search"]
        print(f"search: success@5 {s['success_at_5']:.1%}  MRR {s['mrr']:.3f}  ({s['search_judged']} 条)  "
              f"p95 {s['search_p95_ms']} ms")
        if args.failures:
            for f in out["search_failures"]:
                print(f"  ✗ {f['id']} {f['query']} → {f['why']} {f.get('top', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
