"""End to end in a real browser: `cdtkg app` serves the explorer; a headless Chromium (Debian's
package, driven by Playwright's Python package — never a downloaded browser) opens the overview,
searches from the sidebar, opens a hit and reads what is on screen."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest

from loaders.build import DEFAULT_CORPUS, build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 120_000


def _ensure_chromium() -> None:
    """Install Debian's chromium and chromium-driver when missing (as root); skip otherwise."""
    if CHROMIUM.exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("需要 Debian 的 chromium 软件包：以 root 运行测试（会自动 apt-get 安装），"
                    "或先 `apt-get install chromium chromium-driver`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"], check=True, env=env,
                   capture_output=True)
    assert CHROMIUM.exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"`cdtkg app` exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("`cdtkg app` did not start in time")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`cdtkg app` on a free loopback port, stopped (by its process id) after the tests."""
    _ensure_chromium()
    build(DEFAULT_CORPUS)
    port = _free_port()
    cdtkg = Path(sys.executable).with_name("cdtkg")
    cmd = [str(cdtkg)] if cdtkg.exists() else [sys.executable, "-m", "app.cli"]
    # the server's output goes to a file: an unread pipe fills up and stalls the server
    log = tmp_path_factory.mktemp("app") / "cdtkg-app.log"
    proc = subprocess.Popen([*cmd, "app", "--port", str(port), "--host", "127.0.0.1", "--no-browser",
                             "--corpus", str(DEFAULT_CORPUS)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def browser_page(server, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, locale="zh-CN")
        try:
            yield context.new_page()
        finally:
            context.close()


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
    assert page.get_by_role("link", name="↑ 上级：数据流通利用设施").is_visible()


def test_a_shared_link_opens_the_page_with_its_state(server, browser_page):
    page = browser_page
    page.goto(server + "terms?term=%E5%9F%8E%E5%B8%82%E6%95%B0%E5%AD%97%E5%BA%95%E5%BA%A7")
    page.get_by_role("heading", name="城市数字底座 · city digital foundation").wait_for(timeout=WAIT_MS)
    # the definitions stream in after the heading: wait for them before counting
    page.locator("mark").nth(2).wait_for(timeout=WAIT_MS)
    assert page.get_by_text("20250317-T-469", exact=True).count() == 1
    assert page.locator("mark").count() > 2
