"""loaders/build.py: one more document costs one document — a corpus changed one document (or one plan list) at a
time is built incrementally, parses only what changed, and gives the graph of a full rebuild."""
import json
from pathlib import Path

import pytest

from loaders import build as B
from loaders.manifest import read_manifest, write_manifest

from built import current_graph, parsed_during


@pytest.fixture(scope="module")
def steps(tmp_path_factory, copy_corpus):
    """A copy of the real corpus built once, then changed one document at a time — added, edited,
    removed — and built incrementally after each step, then with --force (everything again; after the removal
    the corpus is the first one, and its first build is the full one):
    {step: (ids parsed by the incremental build, its graph, the --force graph, the added id)},
    and the graph before the first step."""
    from loaders.synthetic_corpus import add_variant

    mp = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("steps")
    mp.setenv("CDTKG_HOME", str(root))
    corpus = copy_corpus(root / "corpus")
    first = B.build(corpus)
    before = current_graph(corpus)
    tables_before = answer_tables(corpus)
    added = []

    def add():
        added.append(add_variant(corpus, "gbt-maturity-model-ctmm-draft", 1))

    def edit():
        path = corpus / added[0].file
        path.write_text(path.read_text(encoding="utf-8").replace("成熟度", "成熟程度", 3), encoding="utf-8")

    def remove():
        write_manifest(corpus, [e for e in read_manifest(corpus) if e.id != added[0].id])

    out = {}
    for name, change in (("add", add), ("edit", edit), ("remove", remove)):
        change()
        summaries = []
        parsed = parsed_during(mp, lambda: summaries.append(B.build(corpus)))
        incremental = current_graph(corpus)
        made = [answer_tables(corpus)]
        if name == "remove":   # the corpus is the first one again, whose first build was a full one
            summaries.append(first)
            out[name] = (parsed, incremental, before, added[0].id)
            made.append(tables_before)
        else:
            summaries.append(B.build(corpus, force=True))
            out[name] = (parsed, incremental, current_graph(corpus), added[0].id)
            made.append(answer_tables(corpus))
        out[f"{name} findings"] = [findings(s) for s in summaries]
        out[f"{name} tables"] = made
    out["before"] = before
    yield out
    mp.undo()


def answer_tables(corpus: Path) -> dict[str, list[str]]:
    """The answer tables of the current build (loaders/answer_tables.py), each as its sorted rows."""
    from loaders.answer_tables import read_tables

    return {name: sorted(map(repr, rows)) for name, (_, _, rows) in read_tables(B.build_root(corpus) / "current").items()}


def findings(summary) -> list[str]:
    """The validation results a build recorded (shapes, parse problems, checks), each as sorted JSON."""
    return sorted(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in summary.validation.get("results", []))


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_the_incremental_findings_are_those_of_a_full_rebuild(steps, step):
    incremental, forced = steps[f"{step} findings"]
    assert incremental == forced and any('"check:' in r for r in forced)


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_the_incremental_answer_tables_are_those_of_a_full_rebuild(steps, step):
    incremental, forced = steps[f"{step} tables"]
    assert incremental == forced and "missing_references" in forced


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_a_change_to_one_document_parses_that_document_alone(steps, step):
    parsed, _, _, added = steps[step]
    assert parsed == ([] if step == "remove" else [added])


@pytest.mark.parametrize("step", ["add", "edit", "remove"])
def test_the_incremental_graph_is_the_graph_of_a_full_rebuild(steps, step):
    from rdflib.compare import isomorphic

    _, incremental, forced, _ = steps[step]
    assert len(incremental) == len(forced)
    assert isomorphic(incremental, forced)


def test_removing_the_added_document_gives_back_the_graph_before_it(steps):
    from rdflib.compare import isomorphic

    _, after_remove, _, _ = steps["remove"]
    _, added, _, _ = steps["add"]
    assert len(added) > len(after_remove)
    assert isomorphic(after_remove, steps["before"])


def test_a_plan_list_is_made_into_projects_again_only_when_it_or_the_nodes_it_names_change(
        tmp_path, copy_corpus, monkeypatch):
    """The projects of an imported plan list are a derivation of their own: adding a document they do not
    name keeps them; importing another list makes them again; the two builds in turn give the graph of a full
    rebuild (one document added alone: the steps above)."""
    from rdflib.compare import isomorphic

    from loaders import plan_projects
    from loaders.plan_import import import_plan
    from loaders.synthetic_corpus import add_variant

    fixtures = Path(__file__).resolve().parent / "fixtures"
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    import_plan(corpus, fixtures / "plan_national.csv")
    B.build(corpus)
    made = []
    real = plan_projects.load_plan_projects
    monkeypatch.setattr(plan_projects, "load_plan_projects", lambda graph, c: made.append(c) or real(graph, c))
    for change, makes in ((lambda: add_variant(corpus, "gbt-technical-reference-model-explanatory-note", 2), []),
                          (lambda: import_plan(corpus, fixtures / "plan_committee.csv"), [corpus])):
        change()
        made.clear()
        B.build(corpus)
        assert made == makes
    incremental = current_graph(corpus)
    B.build(corpus, force=True)
    assert isomorphic(incremental, current_graph(corpus))
