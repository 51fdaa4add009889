"""`cdtkg bench` page figures (app/bench_pages.py): each page timed to fully rendered in headless Chromium,
first and warm visit and as a shared link, beside the targets. Only the figures' presence is asserted here;
the timings themselves are read in `cdtkg bench`, on the machine that matters."""
from __future__ import annotations

import pytest

from app.bench_pages import CHROMIUM, measure
from loaders.build import DEFAULT_CORPUS, build


@pytest.fixture(scope="module", autouse=True)
def built():
    if not CHROMIUM.exists():
        pytest.skip(f"需要 Debian 的 Chromium（{CHROMIUM}）：apt-get install -y chromium chromium-driver")
    build(DEFAULT_CORPUS)


def test_each_page_measured_has_a_first_a_warm_and_a_shared_link_time_beside_the_targets():
    figures = measure(DEFAULT_CORPUS, ["overview", "gaps", "maturity"])
    for page in ("overview", "gaps", "maturity"):
        for visit in ("first", "warm", "load"):
            value = figures[f"page_{page}_{visit}_ms"]
            assert isinstance(value, float) and value > 0, (page, visit, value)
    assert figures["page_startup_ms"] > 0
    assert (figures["page_first_target_ms"], figures["page_warm_target_ms"]) == (1500, 500)
    assert figures["page_warm_max_ms"] == max(figures[f"page_{p}_warm_ms"] for p in ("overview", "gaps", "maturity"))
    over = figures["page_warm_over_target"]
    assert over == "无" or set(over.split("、")) <= {"overview", "gaps", "maturity"}


def test_the_progress_pages_are_timed_under_their_own_names_for_the_plan_bench():
    from app.bench_plan import pages

    figures = pages(DEFAULT_CORPUS)
    for page in ("overview", "gaps"):
        assert {f"plan_page_{page}_{v}_ms" for v in ("first", "warm", "load")} <= set(figures)
    assert figures["plan_page_target_ms"] == 1500
    assert not any(k.startswith("page_") for k in figures)
