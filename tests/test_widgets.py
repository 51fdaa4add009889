"""The explorer's shared building blocks (app/widgets.py) that work without a page: charts drawn as files."""
from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from app.widgets import chart_image

TOPICS = pd.DataFrame({"方向": ["参考架构", "城市数字底座", "数据资源"], "数量": [3, 4, 1]})


def a_bar_chart() -> alt.Chart:
    return alt.Chart(TOPICS).mark_bar().encode(x=alt.X("数量:Q", title="项目与标准数"), y=alt.Y("方向:N", title=None))


def test_a_chart_is_drawn_as_svg_with_its_chinese_labels_as_text():
    svg = chart_image(a_bar_chart(), "svg").decode("utf-8")
    assert svg.startswith("<svg")
    for label in ("参考架构", "城市数字底座", "数据资源", "项目与标准数"):
        assert label in svg
    # drawn on the server: nothing in the file is fetched from elsewhere
    assert not re.search(r"(href|src)=\"https?://", svg)


def test_a_chart_sized_to_its_container_on_screen_is_drawn_800_px_wide():
    svg = chart_image(a_bar_chart().properties(width="container"), "svg").decode("utf-8")
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
    assert 800 <= width < 1000


def test_a_chart_is_drawn_as_png_at_twice_the_screen_resolution():
    small = chart_image(a_bar_chart().properties(width=300, height=100), "png")
    assert small[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(small[16:20], "big")
    assert width >= 600


def test_an_unknown_image_format_is_refused():
    with pytest.raises(ValueError, match="不支持"):
        chart_image(a_bar_chart(), "gif")
