"""Measure `cdtkg ask` on a set of questions with known answers (tests/ask_questions.tsv).

A question counts as answered right when the answer (or its absence) is what
the set expects: the intent named, and every expected piece of text in the
answer sentence or its items. Questions about parts of the graph that do not
exist yet (`requires`) are skipped, and reported as such.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .intents import INDEX_DIR, template
from .label_index import expand, match_key

UNANSWERABLE = "unanswerable"
SEPARATOR = "‖"


@dataclass(frozen=True)
class Case:
    intents: tuple[str, ...]      # accepted intents; ("unanswerable",) = must not be answered
    question: str
    expect: tuple[str, ...]
    requires: str
    line: int

    @property
    def group(self) -> str:
        return self.intents[0]


@dataclass
class Report:
    """Per-intent accuracy, the failures with their reasons, the skipped questions and the timings."""

    per_intent: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    millis: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(n for _, n in self.per_intent.values())

    @property
    def correct(self) -> int:
        return sum(ok for ok, _ in self.per_intent.values())

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def table(self) -> str:
        """Accuracy per intent, worst first, as lines of text."""
        rows = sorted(self.per_intent.items(), key=lambda kv: (kv[1][0] / kv[1][1], kv[0]))
        width = max((len(k) for k in self.per_intent), default=10)
        lines = [f"{k:<{width}}  {ok:>3}/{n:<3} {ok / n:6.1%}" for k, (ok, n) in rows]
        lines.append(f"{'总计 total':<{width}}  {self.correct:>3}/{self.total:<3} {self.accuracy:6.1%}")
        return "\n".join(lines)


def read_cases(path: Path) -> list[Case]:
    """The questions of a TSV set; raises ValueError naming a malformed line."""
    cases = []
    for no, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = raw.split("\t")
        if cols[0] == "intent":
            continue
        if len(cols) < 3 or not cols[0].strip() or not cols[1].strip():
            raise ValueError(f"{Path(path).name} 第 {no} 行：应有 意图、问题、期望 三列（Tab 分隔）")
        intents = tuple(i.strip() for i in cols[0].split("/") if i.strip())
        expect = tuple(e.strip() for e in cols[2].split(SEPARATOR) if e.strip() and e.strip() != "—")
        requires = cols[3].strip() if len(cols) > 3 else ""
        cases.append(Case(intents, cols[1], expect, requires, no))
    return cases


def has_class(graph, prefixed: str) -> bool:
    """Whether the graph holds any resource of the class `prefixed` (cdt:CoverageMapping)."""
    rows = graph.run(template("has_class", INDEX_DIR), {"class": expand(prefixed)}).records()
    return bool(rows)


def check(answer, case: Case) -> str | None:
    """Why `answer` is wrong for `case`, or None when it is right."""
    if case.intents == (UNANSWERABLE,):
        return None if not answer.answered else f"不该回答，却答了（{answer.intent}）：{answer.answer[:60]}"
    if not answer.answered:
        return f"没有回答：{answer.reason}"
    if answer.intent not in case.intents and answer.intent.split("/")[-1] not in case.intents:
        return f"意图是 {answer.intent}，应为 {'/'.join(case.intents)}"
    text = match_key(answer.answer + "\n" + "\n".join(answer.items))
    missing = [e for e in case.expect if match_key(e) not in text]
    if missing:
        return f"答案里没有：{'、'.join(missing)}（答：{answer.answer[:80]}）"
    return None


def evaluate(asker, cases: list[Case]) -> Report:
    """Ask every case of `cases` and score the answers (timings in ms per question)."""
    report = Report()
    present: dict[str, bool] = {}
    for case in cases:
        if case.requires:
            if case.requires not in present:
                present[case.requires] = has_class(asker.graph, case.requires)
            if not present[case.requires]:
                report.skipped.append(f"第 {case.line} 行 {case.question}（图谱中还没有 {case.requires}）")
                continue
        started = time.perf_counter()
        answer = asker.ask(case.question)
        report.millis.append((time.perf_counter() - started) * 1000)
        why = check(answer, case)
        tally = report.per_intent[case.group]
        tally[1] += 1
        if why is None:
            tally[0] += 1
        else:
            report.failures.append(f"第 {case.line} 行 [{case.group}] {case.question} → {why}")
    return report


QUESTION_SET = Path(__file__).resolve().parents[2] / "tests" / "ask_questions.tsv"
# the questions readers wrote about the bundled documents, one set per blind round (tests/blind/round*/)
BLIND_SETS = Path(__file__).resolve().parents[2] / "tests" / "blind"


def blind_questions(folder: Path = BLIND_SETS) -> list[str]:
    """The questions of every blind round's set on the bundled documents (`round*/ask_bundled.tsv`),
    round by round; [] where the folder is absent (an installed copy without the tests)."""
    from .blind_sets import read_questions

    return [q.question for path in sorted(Path(folder).glob("round*/ask_bundled.tsv"))
            for q in read_questions(path)]


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def _timed(asker, questions: list[str]) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of asking each question."""
    wall, cpu = [], []
    for q in questions:
        started, ticks = time.perf_counter(), time.process_time()
        asker.ask(q)
        cpu.append((time.process_time() - ticks) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def measure(corpus: Path, questions: Path = QUESTION_SET, blind: Path = BLIND_SETS) -> dict:
    """The `cdtkg bench` figures of question answering on `corpus`: warm latency per question
    (wall and CPU ms, p50 and p95, after one pass over every question that loads the index and
    jieba) over the question set and the blind rounds' questions together — what readers asked,
    not only what the rules were tuned on — each part's p95 too, and accuracy on the question set."""
    from statistics import median

    from ..graph import Graph
    from .pipeline import Asker

    started = time.perf_counter()
    asker = Asker(Graph.open(Path(corpus)))
    figures = {"ask_index_build_s": round(time.perf_counter() - started, 3)}
    cases = read_cases(questions)
    asked = blind_questions(blind)
    for q in [case.question for case in cases] + asked:  # warm-up: every template parsed, every query plan cached
        asker.ask(q)
    report = evaluate(asker, cases)
    wall, cpu = _timed(asker, asked)
    everything = sorted(report.millis + wall)
    cpu_all = sorted(cpu)   # (evaluate times the question set by the wall clock only)
    figures.update({
        "ask_p50_ms": round(median(everything), 2),
        "ask_p95_ms": round(_percentile(everything, 0.95), 2),
        "ask_tuned_p95_ms": round(_percentile(sorted(report.millis), 0.95), 2),
        "ask_blind_p95_ms": round(_percentile(sorted(wall), 0.95), 2),
        "ask_blind_cpu_p50_ms": round(median(cpu_all), 2) if cpu_all else 0.0,
        "ask_blind_cpu_p95_ms": round(_percentile(cpu_all, 0.95), 2),
        "ask_accuracy": round(report.accuracy, 4),
        "ask_questions": report.total,
        "ask_blind_questions": len(asked),
        "ask_skipped": len(report.skipped),
    })
    return figures
