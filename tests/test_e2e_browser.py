"""End to end in a real browser: `cdtkg app` serves the explorer; a headless Chromium (Debian's
package, driven by Playwright's Python package — never a downloaded browser) walks through it as its
users do: searches, follows links, presses Back, types SPARQL, clicks table cells.

Every test fails when the browser asks any host but the app's own for anything (fonts, icons,
telemetry) or when the server log holds a traceback. Each page's height at 1024 and 1440 px goes to heights.tsv,
and when CDTKG_E2E_SCREENSHOTS names a folder, whole-page screenshots of every page at both widths go there for a
person to look at (otherwise heights.tsv goes to e2e-pages/ in pytest's temporary folder)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest

from app.explorer_server import stop, wait_until_served
from app.widgets import PAGES as EXPLORER_PAGES
from loaders.build import DEFAULT_CORPUS, build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 120_000


CJK_FONT = "fonts-noto-cjk"


def _ensure_chromium() -> None:
    """Install Debian's chromium, chromium-driver and a Chinese font when missing (as root); skip otherwise."""
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if CHROMIUM.exists() and fonts.strip():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("需要 Debian 的 chromium 软件包：以 root 运行测试（会自动 apt-get 安装），"
                    "或先 `apt-get install chromium chromium-driver`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium", "chromium-driver", CJK_FONT], check=True, env=env,
                   capture_output=True)
    assert CHROMIUM.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _serving(corpus: Path, log: Path):
    """`cdtkg app` on `corpus` on a free loopback port, its output in `log`; yield its address (a Served),
    stop it (by its process id) after."""
    port = _free_port()
    cdtkg = Path(sys.executable).with_name("cdtkg")
    cmd = [str(cdtkg)] if cdtkg.exists() else [sys.executable, "-m", "app.cli"]
    # the server's output goes to a file: an unread pipe fills up and stalls the server
    proc = subprocess.Popen([*cmd, "app", "--port", str(port), "--host", "127.0.0.1", "--no-browser",
                             "--corpus", str(corpus)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_until_served(proc, url, 180), f"`cdtkg app` did not start (exit code {proc.returncode}): " \
                                                  f"{log.read_text()[-2000:]}"
        yield Served(url, log)
    finally:
        stop(proc, seconds=20, group=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`cdtkg app` on the bundled corpus."""
    _ensure_chromium()
    build(DEFAULT_CORPUS)
    with _serving(DEFAULT_CORPUS, tmp_path_factory.mktemp("app") / "cdtkg-app.log") as url:
        yield url


class Served(str):
    """The app's address (a str), with the file its server writes its log to."""

    def __new__(cls, url: str, log: Path):
        self = super().__new__(cls, url)
        self.log = log
        return self


@pytest.fixture(scope="module")
def browser_context(server, tmp_path_factory):
    """One Chromium profile for the module; every request to a host but the app's (or another app a test
    serves and adds to `.own`) is refused and recorded."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    outside: list[str] = []
    own = [str(server), "data:", "blob:"]

    def gate(route):
        if route.request.url.startswith(tuple(own)):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
        context.route("**/*", gate)
        context.outside, context.own = outside, own
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def browser_page(browser_context):
    return browser_context.pages[0] if browser_context.pages else browser_context.new_page()


@pytest.fixture(autouse=True)
def nothing_leaves_and_nothing_breaks(request):
    """After each test: no request left for another host, and the server logged no traceback."""
    yield
    if "server" not in request.fixturenames:
        return
    server = request.getfixturevalue("server")
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[log.index("Traceback") - 200:][:3000]
    if "browser_context" in request.fixturenames:
        outside = request.getfixturevalue("browser_context").outside
        assert not outside, f"the browser asked other hosts: {outside}"


def settled(page, timeout: int = WAIT_MS) -> None:
    """Wait until Streamlit has finished running the page (its status widget gone, no stale elements)."""
    page.wait_for_load_state("domcontentloaded")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning' && "
        "!document.querySelector('[data-testid=\"stStatusWidget\"]') && "
        "document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=timeout)
    page.wait_for_timeout(300)


def test_overview_search_and_a_hit_in_a_real_browser(server, browser_page):
    page = browser_page
    page.goto(server)
    page.get_by_role("heading", name="城市全域数字化转型标准体系知识图谱").wait_for(timeout=WAIT_MS)
    page.get_by_text("体系节点", exact=True).wait_for(timeout=WAIT_MS)
    page.get_by_text("67", exact=True).first.wait_for(timeout=WAIT_MS)
    page.get_by_text("2027 年目标进展").wait_for(timeout=WAIT_MS)

    box = page.get_by_placeholder("术语、条款、标准号…")
    box.fill("可信数据空间")
    box.press("Enter")
    page.wait_for_url("**/search?q=*", timeout=WAIT_MS)
    assert unquote(page.url).endswith("/search?q=可信数据空间")
    first = page.get_by_role("link", name="1. 【组成要素】可信数据空间")
    first.wait_for(timeout=WAIT_MS)
    # Streamlit streams the page element by element: wait for the highlighted snippet itself
    page.locator("mark", has_text="可信数据空间").first.wait_for(timeout=WAIT_MS)

    first.click()
    page.wait_for_url("**/reference_model?element=*", timeout=WAIT_MS)
    assert unquote(page.url).endswith("/reference_model?element=可信数据空间")
    page.get_by_role("heading", name="可信数据空间").wait_for(timeout=WAIT_MS)
    page.get_by_text("组成要素 · 属于 数据流通利用设施", exact=False).wait_for(timeout=WAIT_MS)
    assert page.get_by_text("组成要素 · 属于 数据流通利用设施", exact=False).count() == 1
    assert page.get_by_role("button", name="↑ 上级：数据流通利用设施").is_visible()


def test_a_shared_link_opens_the_page_with_its_state(server, browser_page):
    page = browser_page
    page.goto(server + "terms?term=%E5%9F%8E%E5%B8%82%E6%95%B0%E5%AD%97%E5%BA%95%E5%BA%A7")
    page.get_by_role("heading", name="城市数字底座 · city digital foundation").wait_for(timeout=WAIT_MS)
    # the definitions stream in after the heading: wait for them before counting
    page.locator("mark").nth(2).wait_for(timeout=WAIT_MS)
    assert page.get_by_text("20250317-T-469", exact=True).count() == 1
    assert page.locator("mark").count() > 2


# --- 1. SPARQL: what is typed is what runs ----------------------------------------------------------------
def _editor_run(page, query: str) -> None:
    """Replace the text of the SPARQL editor with `query` and press its 运行 button."""
    frame = page.frame_locator("iframe[title*='code_editor']").first
    editor = frame.get_by_role("textbox").first
    editor.wait_for(state="attached", timeout=WAIT_MS)
    frame.locator(".ace_content").first.click()
    editor.press("Control+a")
    editor.press("Delete")
    editor.type(query)
    frame.get_by_text("运行", exact=True).click()


def test_each_press_of_run_runs_the_query_typed_then(server, browser_page):
    page = browser_page
    page.goto(server + "sparql?mode=%E8%87%AA%E5%B7%B1%E5%86%99+SPARQL")
    page.get_by_role("heading", name="SPARQL 查询").wait_for(timeout=WAIT_MS)
    for n in (3, 5, 2):
        _editor_run(page, f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}")
        page.get_by_text(f"SELECT · {n} 行", exact=False).wait_for(timeout=WAIT_MS)
        assert f"LIMIT+{n}" in page.url or f"LIMIT%20{n}" in page.url
    _editor_run(page, "SELECT ?s WHERE { ?s ?p }")
    page.get_by_text("查询出错", exact=False).wait_for(timeout=WAIT_MS)
    assert "第 1 行" in page.get_by_text("查询出错", exact=False).first.inner_text()


# --- 2. every view is an address; Back restores it ------------------------------------------------------------
def test_clicks_inside_a_page_change_the_address_and_back_restores_the_view(server, browser_page):
    page = browser_page
    page.goto(server + "framework?node=B")
    page.get_by_role("heading", name="B 数字底座").wait_for(timeout=WAIT_MS)
    page.get_by_role("button", name="B.1 城市数字基础设施").first.click()
    page.wait_for_url("**/framework?node=B.1", timeout=WAIT_MS)
    page.get_by_role("heading", name="B.1 城市数字基础设施").wait_for(timeout=WAIT_MS)
    page.go_back()
    page.wait_for_url("**/framework?node=B", timeout=WAIT_MS)
    page.get_by_role("heading", name="B 数字底座").wait_for(timeout=WAIT_MS)

    page.goto(server + "terms?term=%E6%95%B0%E5%AD%97%E5%AD%AA%E7%94%9F")
    page.get_by_role("heading", name="数字孪生 · digital twin").wait_for(timeout=WAIT_MS)
    box = page.get_by_placeholder("术语、条款、标准号…")
    box.fill("一表通")
    box.press("Enter")
    page.wait_for_url("**/search?q=*", timeout=WAIT_MS)
    page.go_back()
    page.wait_for_url("**/terms?term=*", timeout=WAIT_MS)
    page.get_by_role("heading", name="数字孪生 · digital twin").wait_for(timeout=WAIT_MS)


# The six pages whose view Back once restored empty or reset, each with a text its view shows.
RESTORED = [("search?q=%E6%95%B0%E6%8D%AE%E6%B2%BB%E7%90%86", "条结果"),
            ("gaps?verdict=%E7%BC%BA%E5%8F%A3", re.compile(r"显示 \d+ / 67 个节点")),
            ("terms?term=%E6%95%B0%E5%AD%97%E5%AD%AA%E7%94%9F", "数字孪生 · digital twin"),
            ("ask?q=%E4%BB%80%E4%B9%88%E6%98%AF%E5%9F%8E%E5%B8%82%E6%99%BA%E8%83%BD%E4%B8%AD%E6%9E%A2%EF%BC%9F",
             "城市智能中枢（city intelligent center）：综合应用"),
            ("standards?view=%E6%A0%87%E5%87%86&standard=GB%2FT+34678", "份文件引用"),
            ("maturity?view=%E8%83%BD%E5%8A%9B%E9%A1%B9&item=%E6%84%9F%E7%9F%A5%E8%AE%BE%E6%96%BD", "能力域：")]


@pytest.mark.parametrize("address, shown", RESTORED)
def test_back_from_another_page_restores_the_view_left(server, browser_page, address, shown):
    page = browser_page
    page.goto(server + address)
    page.get_by_text(shown).first.wait_for(timeout=WAIT_MS)
    settled(page)
    page.get_by_role("link", name="标准体系").first.click()           # the sidebar's navigation, in the same tab
    page.wait_for_url("**/framework", timeout=WAIT_MS)
    page.get_by_role("heading", name="标准体系").wait_for(timeout=WAIT_MS)
    settled(page)
    page.go_back()
    page.wait_for_url("**/" + address.split("?")[0] + "?*", timeout=WAIT_MS)
    assert page.url.endswith(address)
    page.get_by_text(shown).first.wait_for(timeout=WAIT_MS)


def _first_grid(page):
    """Return the first table of the page shown in `page`, once drawn and the page settled."""
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=WAIT_MS)
    settled(page)
    return grid


def _click_first_cell(page, grid) -> str:
    """Click the first row's first column of the table `grid` (a link column is pinned first); return the
    cell's text (from the grid's accessible copy of the table)."""
    grid.scroll_into_view_if_needed()
    cell = grid.locator("[data-testid='glide-cell-0-0']")
    cell.wait_for(state="attached", timeout=WAIT_MS)
    text = cell.text_content()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 25, box["y"] + 35 + 17)
    return text


def test_a_table_cell_opens_its_page_in_the_same_tab(server, browser_context, browser_page):
    page = browser_page
    page.goto(server + "gaps?verdict=%E7%BC%BA%E5%8F%A3")
    _click_first_cell(page, _first_grid(page))                    # first row, first (编号) column
    page.wait_for_url("**/framework?node=*", timeout=WAIT_MS)
    assert len(browser_context.pages) == 1


GBT_34678 = "resource?iri=https%3A%2F%2Fw3id.org%2Fcdtkg%2Fresource%2Fstd%2FGB-T-34678-2017"


def test_a_resource_page_opens_the_resources_it_names_in_the_same_tab_and_back_returns(server, browser_context,
                                                                                      browser_page):
    page = browser_page
    page.goto(server + GBT_34678)
    page.get_by_role("heading", name="GB/T 34678-2017").wait_for(timeout=WAIT_MS)
    page.get_by_text("被 3 份文件引用，共 8 处。").wait_for(timeout=WAIT_MS)
    _click_first_cell(page, _first_grid(page))                    # 代替关系: 被代替为 20250317-T-469, its 标准号
    page.wait_for_url("**/resource?iri=*plan-20250317-T-469", timeout=WAIT_MS)
    page.get_by_role("heading", name="城市全域数字化转型 技术参考模型").wait_for(timeout=WAIT_MS)
    page.get_by_text("起草单位（46）").wait_for(timeout=WAIT_MS)
    assert len(browser_context.pages) == 1
    page.go_back()
    page.wait_for_url("**/resource?iri=*GB-T-34678-2017", timeout=WAIT_MS)
    page.get_by_role("heading", name="GB/T 34678-2017").wait_for(timeout=WAIT_MS)


def test_back_pressed_before_the_page_opened_has_finished_returns_to_the_page_left(server, browser_page):
    # Back racing the run of the page a cell opened: once the cell's selection was sent again with the address
    # left and opened the other page again; then the page opened stayed drawn under the address Back returned to
    page = browser_page
    for n in range(4):
        page.goto(server + GBT_34678)
        page.get_by_text("被 3 份文件引用，共 8 处。").wait_for(timeout=WAIT_MS)
        _click_first_cell(page, _first_grid(page))
        page.wait_for_url("**/resource?iri=*plan-20250317-T-469", timeout=WAIT_MS)
        page.wait_for_timeout(n * 200)                       # Back at different moments of the other page's run
        page.go_back()
        page.wait_for_url("**/resource?iri=*GB-T-34678-2017", timeout=WAIT_MS)
        settled(page)
        page.get_by_role("heading", name="GB/T 34678-2017").wait_for(timeout=WAIT_MS)
        assert page.url.endswith("GB-T-34678-2017"), page.url


def test_an_address_changed_while_the_page_opened_is_drawn_gets_its_own_view(server, browser_page):
    # Back's request for the view it returns to, lost while the page a cell opened is being drawn: the address
    # is changed as Back changes it, but no request follows. Once the page opened is drawn, the browser finds
    # that its address shows another view and asks for that one (the page opened stayed drawn under it).
    # The address is changed back in the very step that opens the view, so the run drawing it is still to come
    # (changed after the opening, on a fast machine the view was sometimes drawn before it: no loss to mend).
    page = browser_page
    page.goto(server + GBT_34678)
    page.get_by_text("被 3 份文件引用，共 8 处。").wait_for(timeout=WAIT_MS)
    page.evaluate("""back => { const push = history.pushState.bind(history);
        history.pushState = (state, title, to) => { push(state, title, to); history.pushState = push;
                                                    window.cdtkgOpened = String(to); history.replaceState({}, '', back); }; }""",
                  server + GBT_34678)
    _click_first_cell(page, _first_grid(page))
    page.wait_for_function("() => (window.cdtkgOpened || '').includes('plan-20250317-T-469')", timeout=WAIT_MS)
    settled(page)
    page.get_by_role("heading", name="GB/T 34678-2017").wait_for(timeout=WAIT_MS)
    page.get_by_text("被 3 份文件引用，共 8 处。").wait_for(timeout=WAIT_MS)
    assert page.url.endswith("GB-T-34678-2017"), page.url


def test_a_name_in_the_maturity_matrix_opens_its_resource_page_in_the_same_tab(server, browser_context, browser_page):
    page = browser_page
    page.goto(server + "maturity")
    item = _click_first_cell(page, _first_grid(page))                             # the first item, 战略制定
    page.wait_for_url("**/resource?iri=*", timeout=WAIT_MS)
    page.locator("h1", has_text=item).wait_for(timeout=WAIT_MS)
    assert len(browser_context.pages) == 1
    page.go_back()
    page.wait_for_url("**/maturity", timeout=WAIT_MS)


def test_a_roadmap_topic_in_the_progress_table_opens_its_resource_page(server, browser_context, browser_page):
    page = browser_page
    page.goto(server + "gaps")
    page.get_by_text("工作计划对 2027 年目标的进展").wait_for(timeout=WAIT_MS)
    settled(page)
    grid = page.locator("[data-testid='stDataFrame']").nth(1)       # after the gap table: one row per 2027 topic
    grid.scroll_into_view_if_needed()
    grid.locator("th", has_text="方向 ›").wait_for(state="attached", timeout=WAIT_MS)
    topic = _click_first_cell(page, grid)                            # 术语, the first topic
    page.wait_for_url("**/resource?iri=*", timeout=WAIT_MS)
    page.locator("h1", has_text=topic).wait_for(timeout=WAIT_MS)
    assert len(browser_context.pages) == 1


# --- 5. charts people can read ------------------------------------------------------------------------------------
AXIS_LABELS = """e => [...e.querySelectorAll('.role-axis')].map(axis => [...axis.querySelectorAll('.role-axis-label text')]
    .filter(t => t.textContent && getComputedStyle(t).opacity !== '0')
    .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; }))"""
# every text a chart draws: its title, axis titles and labels, legend title and labels
CHART_TEXTS = """e => [...e.querySelectorAll('text')].filter(t => t.textContent && getComputedStyle(t).opacity !== '0')
    .map(t => { const r = t.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, t.textContent]; })"""


@pytest.mark.parametrize("width", [1024, 1440])
def test_no_chart_text_overlaps_another_is_cut_off_or_english(server, browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    try:
        for address in ("gaps?tab=%E5%9B%BE%E8%A1%A8", ""):
            page.goto(server + address)
            page.locator("h1").first.wait_for(timeout=WAIT_MS)
            settled(page)
            charts = page.locator("[data-testid='stVegaLiteChart']")
            charts.nth(1).wait_for(state="attached", timeout=WAIT_MS)         # the gaps: by part and by topic
            for i in range(charts.count()):
                chart = charts.nth(i)
                chart.scroll_into_view_if_needed()
                chart.locator(".role-axis-label text").first.wait_for(state="attached", timeout=WAIT_MS)
                frame = chart.bounding_box()
                words = chart.evaluate("e => [...e.querySelectorAll('text, [aria-label]')].map(t => "
                                       "t.textContent + ' ' + (t.getAttribute('aria-label') || '')).join(' ')")
                assert not re.search(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|month)\b", words), words[:300]
                for left, top, right, bottom, text in chart.evaluate(CHART_TEXTS):
                    # (3 px: a rotated axis title's box is its glyphs' box turned, wider than what is drawn)
                    assert left >= frame["x"] - 3 and right <= frame["x"] + frame["width"] + 3, (address, i, width, text)
                    assert not text.endswith("…"), (address, i, width, text)
                for labels in chart.evaluate(AXIS_LABELS):
                    for n, a in enumerate(labels):
                        for b in labels[n + 1:]:
                            apart = a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5
                            assert apart, (address, i, width, a[4], b[4])
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_heat_map_cell_opens_its_node_in_the_same_tab(server, browser_context, browser_page):
    page = browser_page
    page.goto(server)
    page.get_by_text("A–E 标准体系覆盖热图").wait_for(timeout=WAIT_MS)
    settled(page)
    cell = page.locator("[data-testid='stVegaLiteChart'] path[aria-roledescription='rect mark']").first  # a node
    cell.wait_for(state="attached", timeout=WAIT_MS)
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/framework?node=*", timeout=WAIT_MS)
    node = unquote(page.url.rsplit("node=", 1)[1])
    page.get_by_role("heading", name=re.compile("^" + re.escape(node) + " ")).wait_for(timeout=WAIT_MS)
    assert len(browser_context.pages) == 1


# --- 3. a search lands on the hit --------------------------------------------------------------------------------
def test_a_search_hit_opens_its_clause_with_the_item_in_view_and_marked(server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1024, "height": 768})
    try:
        page.goto(server + "search?q=%E6%95%B0%E6%8D%AE%E5%85%B1%E4%BA%AB%E4%BA%A4%E6%8D%A2")
        item = re.compile(r"^\d+\. 【列项】")      # the first hit on a list item, wherever it ranks
        first = page.get_by_role("button", name=item).or_(page.get_by_role("link", name=item))
        first.first.click()
        page.wait_for_url("**/standards?*clause=*", timeout=WAIT_MS)
        hit = page.locator(".cdtkg-hit").first
        hit.wait_for(timeout=WAIT_MS)
        settled(page)
        box = hit.bounding_box()
        assert box and 0 <= box["y"] < 768, box
        assert hit.locator("mark").count() >= 1
        assert "相关度" not in page.content()
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# --- 9. undated numbers --------------------------------------------------------------------------------------------
def test_an_undated_number_is_cited_and_an_unknown_one_not_found(server, browser_page):
    page = browser_page
    page.goto(server + "standards?view=%E6%A0%87%E5%87%86&standard=GB%2FT+34678")
    page.get_by_text("份文件引用", exact=False).wait_for(timeout=WAIT_MS)
    assert page.get_by_text("没有条款引用", exact=False).count() == 0
    page.goto(server + "standards?view=%E6%A0%87%E5%87%86&standard=GB%2FT+99999")
    page.get_by_text("没有找到标准", exact=False).wait_for(timeout=WAIT_MS)


# --- 4. key columns in view at 1024 px --------------------------------------------------------------------------
# The grid is drawn on a canvas, but its accessible copy of the table holds only the columns drawn in view
# (`aria-colcount` counts them all): a column is wholly in view when the column after it is drawn too.
DRAWN_HEADINGS = """e => [Number(e.querySelector('table').getAttribute('aria-colcount')),
    [...e.querySelectorAll('th')].map(t => t.textContent)]"""
KEY_COLUMNS = [("gaps", 0, ["编号 ›", "名称 ›", "结论"]),
               ("standards", 0, ["标准 ›", "名称", "状态"]),
               ("terms", 0, ["术语 ›", "定义"]),                          # the definition wrapped beside its term
               ("maturity", 0, ["能力项 ›", "一级（基础级）"]),              # one level at a time, each feature whole
               ("maturity?level=%E4%BA%94%E7%BA%A7%EF%BC%88%E5%BC%95%E9%A2%86%E7%BA%A7%EF%BC%89", 0,
                ["能力项 ›", "五级（引领级）"]),
               ("standards?view=%E6%A0%87%E5%87%86&standard=GB%2FT+34678", 0, ["文件 ›", "位置 ›"]),
               ("maturity?view=%E8%87%AA%E8%AF%84", 1, ["能力项 ›", "要点", "内容"])]            # what is missing, wrapped


def test_the_key_columns_of_each_table_are_wholly_in_view_at_1024_px(server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1024, "height": 768})
    try:
        for address, n, key in KEY_COLUMNS:
            page.goto(server + address)
            page.locator("h1").first.wait_for(timeout=WAIT_MS)
            settled(page)
            grid = page.locator("[data-testid='stDataFrame']").nth(n)
            grid.locator("th").first.wait_for(state="attached", timeout=WAIT_MS)
            grid.scroll_into_view_if_needed()
            columns, drawn = grid.evaluate(DRAWN_HEADINGS)
            assert drawn[:len(key)] == key, (address, drawn)
            assert len(drawn) > len(key) or len(drawn) == columns, (address, drawn)
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# The first column's text in a picture of a grid: where the column ends (its right border, a light line down
# the rows) and the rightmost dark pixel of its text. Cut text runs up to 2 px short of the border.
def _first_column_edges(png: bytes) -> tuple[int, int]:
    from io import BytesIO

    from PIL import Image

    im = Image.open(BytesIO(png)).convert("L")
    width, height = im.size
    px, top = im.load(), 40                                     # below the headings
    border = next(x for x in range(12, width)
                  if sum(1 for y in range(top, height) if 195 <= px[x, y] < 248) > 0.8 * (height - top))
    right = max((x for y in range(top, height) for x in range(border) if px[x, y] < 190), default=0)
    return border, right


# Names a table must show whole at 1024 px, by the address of its page: deep notations, the longest items' names
WHOLE_NAMES = [("gaps", {"A", "B.2.1.1.1", "B.2.1.3.1"}),
               ("maturity", {"战略制定", "数据流通利用设施", "数智赋能产业升级"})]


@pytest.mark.parametrize("address, names", WHOLE_NAMES)
def test_the_names_of_the_first_column_are_whole_at_1024_px(server, browser_page, address, names):
    page = browser_page
    page.set_viewport_size({"width": 1024, "height": 768})
    try:
        page.goto(server + address)
        grid = _first_grid(page)
        grid.scroll_into_view_if_needed()
        box = grid.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 100)
        seen: set[str] = set()
        for _ in range(12):                              # the grid draws only the rows in view: scroll through
            shown = grid.evaluate("e => [...e.querySelectorAll('td[aria-colindex=\"1\"]')].map(t => t.textContent)")
            border, right = _first_column_edges(grid.screenshot())
            assert border - right >= 6, (shown, border, right)
            seen.update(shown)
            if names <= seen:
                break
            page.mouse.wheel(0, 350)
            page.wait_for_timeout(400)
        assert names <= seen, seen
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


# --- screenshots and the length of every page -------------------------------------------------------------------
PAGES = ["", "framework", "framework?node=B.2.1", "gaps", "gaps?verdict=%E7%BC%BA%E5%8F%A3",
         "gaps?tab=%E5%9B%BE%E8%A1%A8", "terms",
         "terms?term=%E5%9F%8E%E5%B8%82%E6%95%B0%E5%AD%97%E5%BA%95%E5%BA%A7", "standards",
         "standards?view=%E6%A0%87%E5%87%86&standard=GB%2FT+34678", "standards?view=%E6%96%87%E4%BB%B6",
         "standards?view=%E8%B5%B7%E8%8D%89%E6%A3%80%E6%9F%A5", "maturity", "maturity?view=%E8%83%BD%E5%8A%9B%E9%A1%B9",
         "maturity?view=%E8%87%AA%E8%AF%84", "reference_model", "reference_model?element=%E7%AE%97%E5%8A%9B%E8%AE%BE%E6%96%BD",
         "search?q=%E6%95%B0%E6%8D%AE", "ask?q=%E4%BB%80%E4%B9%88%E6%98%AF%E5%9F%8E%E5%B8%82%E6%99%BA%E8%83%BD%E4%B8%AD%E6%9E%A2%EF%BC%9F",
         "sparql", "sparql?mode=%E8%87%AA%E5%B7%B1%E5%86%99+SPARQL", "changes", "draft_check",
         "resource?iri=https%3A%2F%2Fw3id.org%2Fcdtkg%2Fresource%2Fstd%2Fplan-20250317-T-469"]
# About three screens: a page longer than this wants its sections folded, tabbed or paged.
LONGEST_PAGE_PX = 3000
# The app scrolls its main area, not the document: a full-page screenshot would stop at the window.
MAIN_HEIGHT = "() => Math.ceil(document.querySelector('[data-testid=\"stMain\"]').scrollHeight)"


# True once every chart and diagram has drawn and the main area's height has not moved for 300 ms, false if that has
# not happened in 30 s (a wait on the page's state, not a fixed pause: charts draw after the script's run ends, at a
# pace the machine's load sets).
LAYOUT_STILL = """async () => {
    const main = document.querySelector('[data-testid="stMain"]');
    const drawn = () => [...document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stGraphVizChart"]')]
        .every(e => e.querySelector('canvas, svg'));
    let last = -1, still = 0;
    for (let i = 0; i < 300 && still < 3; i++) {
        await new Promise(r => setTimeout(r, 100));
        const h = main.scrollHeight;
        if (h === last && drawn()) still++; else { still = 0; last = h; }
    }
    return still === 3;
}"""


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    """The folder heights.tsv goes to, and the pages' screenshots when CDTKG_E2E_SCREENSHOTS names it (they are
    taken only when someone will look at them: a whole page's picture costs the browser more than its checks)."""
    folder = Path(os.environ.get("CDTKG_E2E_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "e2e-pages")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\npage heights{' and screenshots' if PHOTOGRAPHED else ''}: {folder}")
    return folder


PHOTOGRAPHED = bool(os.environ.get("CDTKG_E2E_SCREENSHOTS"))


def _shot_name(address: str, width: int) -> str:
    name = re.sub(r"[^\w.-]+", "_", unquote(address)).strip("_") or "overview"
    return f"{name[:60]}-{width}.png"


WIDTHS = (1024, 1440)


def _opened(page, server: str, address: str) -> str:
    """Open `address` and wait until it has run and drawn; returns the main area's text, checked for what no page
    may show (a traceback, 内部错误, None/nan, English page furniture) and for its title."""
    page.goto(server + address)
    page.locator("h1").first.wait_for(timeout=WAIT_MS)
    settled(page)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=WAIT_MS)
    assert page.evaluate(LAYOUT_STILL), address     # charts and diagrams draw after the run ends
    body = page.locator("[data-testid='stMain']").inner_text()
    assert "Traceback" not in body and "内部错误" not in body, address
    assert page.title().startswith(EXPLORER_PAGES[address.split("?")[0] or "overview"] + " · "), (address, page.title())
    assert not [w for w in ("None", " nan", "Show data", "--timeout") if w in body], address
    side = page.locator("[data-testid='stSidebar']").inner_text()
    assert not re.search(r"\b(?:View|more|less)\b", side), (address, side[:300])
    return body


def test_every_page_renders_whole_at_each_width_no_longer_than_three_screens_and_is_photographed_when_asked(
        server, browser_page, screenshots):
    """Each page is opened once and laid out at each width in turn (a width changes the layout, never the run)."""
    page = browser_page
    heights = {}
    try:
        for address in PAGES:
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            _opened(page, server, address)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                assert page.evaluate(LAYOUT_STILL), (address, width)
                page.evaluate(FONTS_SETTLED)
                words = [(name, round(w)) for name, w, size in page.evaluate(ICON_TEXTS) if w > 1.5 * size]
                assert not words, (address, width, words)       # an icon drawn as its name in a text font
                heights[width, address] = page.evaluate(MAIN_HEIGHT)
                page.set_viewport_size({"width": width, "height": heights[width, address]})  # the whole page in view
                assert page.evaluate(LAYOUT_STILL), (address, width)
                if PHOTOGRAPHED:
                    page.screenshot(path=str(screenshots / _shot_name(address, width)))
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})
        with (screenshots / "heights.tsv").open("a", encoding="utf-8") as f:
            f.writelines(f"{w}\t{h}\t{unquote(a) or '/'}\n" for (w, a), h in heights.items())
    assert not {k: h for k, h in heights.items() if h > LONGEST_PAGE_PX}, heights


# Pages that between them hold every kind of icon the explorer draws: the sidebar's page icons (every page), folded
# sections, tabs, alerts, tables' toolbars and download buttons.
ICON_PAGES = ["", "gaps?verdict=%E7%BC%BA%E5%8F%A3", "terms?term=%E5%9F%8E%E5%B8%82%E6%95%B0%E5%AD%97%E5%BA%95%E5%BA%A7",
              "maturity?view=%E8%87%AA%E8%AF%84", "sparql", "draft_check"]


def test_with_the_icon_font_refused_every_icon_is_a_blank_never_its_name(server, browser_page):
    """The icon font refused, as when it is slow to arrive on a loaded server (after three seconds the browser showed
    each icon's name in a text font): every icon is then a blank (app/icon_font.py). The fallback is one rule the
    sidebar puts in every page's head, so the pages holding each kind of icon stand for all."""
    page = browser_page
    refused = []
    page.route("**/MaterialSymbols*", lambda route: (refused.append(route.request.url), route.abort()))
    try:
        page.set_viewport_size({"width": WIDTHS[-1], "height": 900})
        for address in ICON_PAGES:
            _opened(page, server, address)
            page.wait_for_function(ICON_RULE_IN_HEAD, timeout=WAIT_MS)
            page.evaluate(FONTS_SETTLED)
            icons = page.evaluate(ICON_TEXTS)
            assert icons, address
            assert not [(name, round(w)) for name, w, _ in icons if w > 1], address    # each icon a blank
    finally:
        page.unroute("**/MaterialSymbols*")
        page.set_viewport_size({"width": 1280, "height": 900})
    assert refused                                             # the font was asked for, and refused


# --- 8. no icon shows its English name ---------------------------------------------------------------------------
# Streamlit draws an icon as a word (`keyboard_arrow_right`) in its Material Symbols font; the width of each icon's
# text as laid out: one glyph of the icon font, or nothing (app/icon_font.py), never a word in a text font.
ICON_TEXTS = """() => [...document.querySelectorAll('[data-testid="stIconMaterial"]')].map(e => {
    const r = document.createRange(); r.selectNodeContents(e);
    return [e.textContent, r.getBoundingClientRect().width, parseFloat(getComputedStyle(e).fontSize)]; })"""


# The icons' fallback put in the document's head by the script of the sidebar
ICON_RULE_IN_HEAD = "() => document.head.querySelector('#cdtkg-icon-fallback')"
# Every font the page uses loaded or failed, the icons' blank one included (app/icon_font.py).
FONTS_SETTLED = """() => document.fonts.load('16px "cdtkg blank"').then(() => document.fonts.ready).then(() => true)"""


# --- 10. the rebuild button and the 变更 page -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def rebuildable(tmp_path_factory, copy_corpus):
    """`cdtkg app` (with its rebuild button) on a built copy of the corpus in a build home of its own."""
    _ensure_chromium()
    home = tmp_path_factory.mktemp("rebuild-home")
    mp = pytest.MonkeyPatch()
    mp.setenv("CDTKG_HOME", str(home))                       # the server started below inherits it
    try:
        corpus = copy_corpus(home / "corpus")
        build(corpus)
        with _serving(corpus, home / "cdtkg-app.log") as url:
            yield url, corpus
    finally:
        mp.undo()


# Each heading of a coverage change over what its cells hold: a standard, a framework node or 2027 topic, …
COVERAGE_CELLS = {"标准": re.compile(r"^(?![A-E](?:\.\d+)* |\d{4} |人工整理|自动对齐|部分覆盖|已覆盖).+"),
                  "覆盖对象": re.compile(r"^(?:[A-E](?:\.\d+)* |\d{4} )"),
                  "映射方式": re.compile(r"^(?:人工整理|自动对齐)$")}


def test_the_rebuild_button_shows_it_is_building_and_the_changes_page_then_compares_the_builds(
        rebuildable, browser_context, browser_page):
    url, corpus = rebuildable
    browser_context.own.append(url)
    page = browser_page
    page.goto(url + "changes")
    page.get_by_text("还没有可比较的上一次构建", exact=False).wait_for(timeout=WAIT_MS)
    settled(page)
    table = corpus / "coverage_curated.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")     # its first coverage mapping removed
    page.get_by_role("button", name="重新构建图谱").click()
    page.get_by_text("正在构建图谱", exact=False).first.wait_for(timeout=5000)   # at once, not after the build
    page.get_by_text("构建完成", exact=False).first.wait_for(timeout=WAIT_MS)
    settled(page)
    page.goto(url + "changes?aspect=%E8%A6%86%E7%9B%96%E5%85%B3%E7%B3%BB")   # 覆盖关系
    page.get_by_text("上一次构建：", exact=False).wait_for(timeout=WAIT_MS)
    page.get_by_text("删除", exact=True).wait_for(timeout=WAIT_MS)
    settled(page)
    grid = page.locator("[data-testid='stDataFrame']").nth(1)          # after the summary: the mapping removed
    grid.locator("td").first.wait_for(state="attached", timeout=WAIT_MS)
    headings, rows = grid.evaluate("""e => [[...e.querySelectorAll('th')].map(t => t.textContent.replace(' ›', '')),
        [...e.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')].map(t => t.textContent))]""")
    assert "目标标准数" not in headings and set(COVERAGE_CELLS) <= set(headings), headings
    assert rows, headings
    for row in rows:
        for heading, value in zip(headings, row):
            if heading in COVERAGE_CELLS:
                assert COVERAGE_CELLS[heading].match(value), (heading, value, row)
