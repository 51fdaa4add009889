"""What the bundled corpus answers, kept as committed snapshots: a change that should not change behaviour shows none.

Three files under tests/snapshots/, each compared line for line with what the session's build gives now:

- `named_queries.tsv`: the rows of every named query (queries/*.rq) run with its `# example:`, sorted;
- `ask.tsv`: the intent and answer of every question of the tuning set (tests/ask_questions.tsv);
- `search.tsv`: the top ten of every judged search query (tests/search_judgments.tsv), by resource.

A text longer than LONG is kept as its start and a hash of the whole (a change anywhere in it still shows), and
so is a row longer than ROW, so the files hold ids and labels, not passages; an IRI of the corpus is written
`cdtr:…`, percent-decoded. What the store's order decides is left out, since two builds of the same graph
order it differently: the parts of a list cell (`…；…`) are sorted, as SPARQL does not fix the order
GROUP_CONCAT joins in; a column a query fills with SAMPLE holds any one of its group's values and is kept as
`~`; and an answer is kept as its items (else its sentence) with their parts sorted, and without the sources
it names, of which it shows the first found. `pytest --update-snapshots tests/test_snapshots.py` rewrites the files; an intended
change is then a diff to review and commit.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from loaders.build import DEFAULT_CORPUS
from loaders.vocab import CDTR_IRI
from queries import search_quality as sq
from queries.ask.evaluation import QUESTION_SET, read_cases
from queries.library import named_queries
from queries.search import open_search

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
LONG, ROW = 24, 80


def shortened(text: str, most: int) -> str:
    """`text`, or when longer than `most` its start and a hash of the whole."""
    if len(text) <= most:
        return text
    return f"{text[:most - 12]}…#{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def resource(iri: str) -> str:
    """An IRI as the judged set writes it: `cdtr:` and percent-decoded."""
    iri = unquote(iri)
    return "cdtr:" + iri[len(CDTR_IRI):] if iri.startswith(CDTR_IRI) else iri


def cell(value) -> str:
    """One value as a snapshot keeps it: unbound `-`, an IRI of the corpus as `cdtr:…`, a list cell with its parts
    sorted, a long text shortened."""
    if value is None:
        return "-"
    text = resource(" ".join(str(value).split()))
    if "；" in text:
        text = "；".join(sorted(text.split("；")))
    return shortened(text, LONG) if not text.startswith("cdtr:") else text


def sampled(text: str) -> set[str]:
    """The columns a query's text fills with SAMPLE (`(SAMPLE(?x) AS ?name)`)."""
    return set(re.findall(r"(?i)\bSAMPLE\s*\(\s*(?:DISTINCT\s+)?[?$]\w+\s*\)\s*AS\s+[?$](\w+)", text))


def parts(answer) -> str:
    """An answer as the snapshot keeps it: its items, else its sentence, as the sorted pieces between the
    separators and brackets of a list (`；`, `：`, `、`, `（…）`, a new item), shortened."""
    pieces = re.split(r"[；：、（）()\n]", "\n".join(answer.items) or answer.answer)
    return shortened("；".join(sorted(p.strip() for p in pieces if p.strip())), LONG * 2)


def row(values) -> str:
    return shortened("\t".join(cell(v) for v in values), ROW)


def example(query) -> dict:
    return dict(pair.split("=", 1) for pair in query.meta.get("example", []))


def compare(request, name: str, lines: list[str]) -> None:
    """Fail with the difference when `lines` are not those of the snapshot `name`; with --update-snapshots, write them."""
    path = SNAPSHOTS / name
    text = "\n".join(lines) + "\n"
    if request.config.getoption("--update-snapshots"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} is missing: run `pytest --update-snapshots tests/test_snapshots.py` and commit it"
    kept = path.read_text(encoding="utf-8")
    if kept != text:
        diff = list(difflib.unified_diff(kept.splitlines(), lines, "snapshot", "now", lineterm="", n=0))
        pytest.fail(f"{name} differs from what the build gives now ({len(diff)} lines of diff; an intended change: "
                    f"rerun with --update-snapshots and commit):\n" + "\n".join(diff[:60]))


def test_every_named_query_returns_the_rows_of_its_snapshot(request, engine):
    lines = []
    for name, query in sorted(named_queries().items()):
        result = engine.named(name, example(query))
        lines.append("\t".join([f"## {name}", *result.variables]))
        any_of = sampled(query.text)
        lines += sorted(row("~" if k in any_of else v for k, v in r.items()) for r in result.records())
    compare(request, "named_queries.tsv", lines)


def test_every_question_of_the_tuning_set_gets_the_answer_of_its_snapshot(request, asker):
    lines = []
    for case in read_cases(QUESTION_SET):
        answer = asker.ask(case.question)
        lines.append("\t".join([cell(case.question),
                                 (answer.intent or "-") if answer.answered else "✗",
                                 parts(answer) if answer.answered else "-"]))
    compare(request, "ask.tsv", lines)


@pytest.fixture(scope="module")
def search():
    return open_search(DEFAULT_CORPUS)


def test_every_judged_search_query_gives_the_top_ten_of_its_snapshot(request, search):
    lines = []
    for judgment in sq.load_judgments():
        hits = search.search(judgment.query, limit=sq.TOP).hits
        lines.append("\t".join([judgment.query, *(resource(h.iri) for h in hits)]))
    compare(request, "search.tsv", lines)
