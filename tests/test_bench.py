"""`cdtkg bench`: build figures measured in fresh processes, named by figure and unit."""
from pathlib import Path

from app.bench import bench_build

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def test_cold_and_warm_build_figures_are_named_by_figure_and_unit():
    figures: dict = {}
    bench_build(CORPUS, figures)
    assert {"build_cold_s", "build_warm_s", "triples", "build_peak_mb", "checks_ms"} <= set(figures)
    documents = {k for k in figures if k.startswith("document_")}
    # 5 documents + the two cross-document steps (alignment and coverage; the plan list's projects)
    assert len(documents) == 7 and all(k.endswith("_s") for k in documents)
    assert all(isinstance(v, (int, float)) and v > 0 for v in figures.values())
    assert figures["triples"] > 25_000


def test_the_query_benchmark_times_every_named_query_with_its_example():
    from queries.benchmark import runnable
    from queries.library import named_queries

    texts, skipped = runnable()
    assert skipped == [] and set(texts) == set(named_queries())


def test_adding_and_removing_one_document_is_measured_in_wall_and_cpu_seconds_and_parses_one():
    from app.bench import bench_change_one

    figures: dict = {}
    bench_change_one(CORPUS, figures)
    for step in ("add_one", "remove_one"):
        for part in ("", "_build", "_index"):
            assert figures[f"{step}{part}_s"] > 0 and figures[f"{step}{part}_cpu_s"] > 0
    assert figures["add_one_parsed"] == 1 and figures["remove_one_parsed"] == 0
    assert figures["add_one_records_reindexed"] > 0
