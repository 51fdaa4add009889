"""`cdtkg ask` on the question set with hand-checked answers (tests/ask_questions.tsv; queries/ask/evaluation.py).

The set has every intent in several phrasings, English and traditional-character
questions, and questions outside the corpus. Accuracy is reported per intent;
the test fails below 95 % overall.
"""
import pytest

from queries.ask import asker_for
from queries.ask.evaluation import QUESTION_SET, UNANSWERABLE, Case, check, evaluate, read_cases
from built import built_graph

MIN_ACCURACY = 0.95


@pytest.fixture(scope="module")
def cases():
    return read_cases(QUESTION_SET)


@pytest.fixture(scope="module")
def report(cases):
    return evaluate(asker_for(built_graph()), cases)


def test_the_set_is_large_and_varied_enough(cases):
    assert len(cases) >= 120
    groups = {c.group for c in cases}
    assert len(groups) >= 50
    assert sum(c.group == UNANSWERABLE for c in cases) >= 15
    assert sum(c.question.isascii() for c in cases) >= 10  # English questions


def test_accuracy_per_intent_is_reported_and_the_total_is_at_least_95_percent(report, capsys):
    with capsys.disabled():
        print("\n" + report.table())
        for line in report.failures:
            print("  ✗ " + line)
        for line in report.skipped:
            print("  – 跳过 " + line)
    assert report.accuracy >= MIN_ACCURACY, "\n".join(report.failures)


def test_no_intent_is_mostly_wrong(report):
    weak = {k: f"{ok}/{n}" for k, (ok, n) in report.per_intent.items() if ok / n < 0.5}
    assert weak == {}


def test_a_wrong_answer_is_told_from_a_right_one(report):
    class Fake:
        answered, intent, answer, items, reason = True, "definition", "城市智能中枢：综合应用新一代信息技术", [], ""

    case = Case(("definition",), "什么是城市智能中枢？", ("综合应用新一代信息技术", "3.4"), "", 1)
    assert check(Fake(), case) == "答案里没有：3.4（答：城市智能中枢：综合应用新一代信息技术）"
    Fake.answer += "（城市全域数字化转型 技术参考模型 3.4）"
    assert check(Fake(), case) is None
    Fake.intent = "describe"
    assert check(Fake(), case) == "意图是 describe，应为 definition"
    assert check(Fake(), Case((UNANSWERABLE,), "?", (), "", 1)).startswith("不该回答，却答了（describe）")


def test_the_bench_times_the_blind_rounds_questions_too(tmp_path):
    """`cdtkg bench` reports latency over what readers asked (every blind round's questions on the bundled
    documents), not only over the set the rules were tuned on."""
    from queries.ask.evaluation import BLIND_SETS, blind_questions, measure
    from loaders.build import DEFAULT_CORPUS

    rounds = sorted(BLIND_SETS.glob("round*/ask_bundled.tsv"))
    assert len(rounds) >= 8 and len(blind_questions()) >= 90 * len(rounds) // 2
    header = "id\tdocument\tkind\tquestion\tanswerable\texpect\tsource\n"
    (tmp_path / "round1").mkdir()
    (tmp_path / "round1" / "ask_bundled.tsv").write_text(
        header + "q1\t成熟度模型\tterm\t什么是城市智能中枢？\tyes\t城市智能中枢\t3.1\n"
        "q2\t-\toutside\t深圳的成熟度是几级？\tno\t\t\n", encoding="utf-8")
    tuned = tmp_path / "tuned.tsv"
    tuned.write_text("definition\t什么是城市智能中枢？\t城市智能中枢\n", encoding="utf-8")
    built_graph()
    figures = measure(DEFAULT_CORPUS, tuned, tmp_path)
    assert figures["ask_questions"] == 1 and figures["ask_blind_questions"] == 2
    assert 0 < figures["ask_p50_ms"] <= figures["ask_p95_ms"]
    assert 0 < figures["ask_blind_cpu_p50_ms"] <= figures["ask_blind_cpu_p95_ms"]
    assert blind_questions(tmp_path / "nothing here") == []
