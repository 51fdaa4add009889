"""`cdtkg app`: build what the explorer needs, then serve app/explorer.py with Streamlit."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import webbrowser
from pathlib import Path

from loaders import build as graph_build
from loaders.build_counts import document_count
from loaders.problems import BuildError, CdtkgError

from .progress import built, indexed, step

EXPLORER = Path(__file__).resolve().parent / "explorer.py"


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def prepare(corpus: Path) -> None:
    """Build the graph and the search index of `corpus` if needed, telling the user what happens.

    A failed build keeps the last good one: the explorer shows that, with the reason."""
    try:
        summary = built(corpus)
        print(f"图谱就绪：{document_count(summary.documents)} 份文档，{summary.triples} 个三元组"
              + ("（沿用上次构建）" if summary.reused else f"（构建用时 {summary.seconds:.1f} 秒）"), file=sys.stderr)
    except BuildError as e:
        if not (graph_build.build_root(corpus) / "current" / graph_build.GRAPH_FILE).is_file():
            raise
        print(f"注意：{e} 探索界面将显示上一次成功的构建。", file=sys.stderr)
    try:
        indexed(corpus)
    except CdtkgError as e:  # search is one page of many: the rest still works
        print(f"注意：检索索引不可用（{e}）；搜索页会再试一次。", file=sys.stderr)


def check_built(corpus: Path) -> None:
    """For a read-only explorer: make sure a build of `corpus` and its search index exist, writing nothing."""
    if not (graph_build.build_root(corpus) / "current" / graph_build.GRAPH_FILE).is_file():
        raise CdtkgError(f"只读模式不会构建图谱，而语料 {corpus} 还没有构建：请先运行 `cdtkg build --corpus {corpus}`，"
                         "再以 --read-only 启动。")
    print("只读模式：使用已有的构建，界面不提供重新构建。", file=sys.stderr)


def command(corpus: Path, port: int, host: str, read_only: bool = False) -> list[str]:
    """Return the `streamlit run` command line that serves the explorer (through `run_streamlit`).

    Always headless, with no e-mail prompt, no usage statistics and no welcome banner: Streamlit's
    first-run prompt waits for a keyboard (and exits 255 without one), and its banner would print a
    second URL. `serve` prints the one URL and opens the browser itself."""
    return [sys.executable, "-m", "app.explorer_server", "run", str(EXPLORER),
            "--server.port", str(port), "--server.address", host,
            "--server.headless", "true", "--server.showEmailPrompt", "false",
            "--logger.hideWelcomeMessage", "true", "--logger.level", "warning",
            "--server.fileWatcherType", "none", "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--client.showErrorDetails", "none",
            "--", "--corpus", str(corpus), *(["--read-only"] if read_only else [])]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def wait_until_served(proc: subprocess.Popen, url: str, seconds: float = 120.0) -> bool:
    """Wait until the server at `url` answers its health check; returns False when it exited first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if _healthy(url):
            return True
        time.sleep(0.3)
    return False


def has_display() -> bool:
    """True where a browser can be shown: macOS and Windows always, elsewhere with X11 or Wayland."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def serve(corpus: Path, port: int = 8501, host: str = "127.0.0.1", browser: bool = True,
          read_only: bool = False) -> int:
    """Prepare `corpus`, serve the explorer, print its URL once it answers and wait until interrupted;
    returns 0 when stopped with Ctrl+C (whether it reached us or only the server), else 1 (the server failed)."""
    corpus = Path(corpus).resolve()
    if not corpus.is_dir():
        raise CdtkgError(f"语料目录不存在：{corpus}")
    if not 0 < port < 65536:
        raise CdtkgError(f"端口应在 1–65535 之间（收到 {port}）。")
    if not _port_free(host, port):
        raise CdtkgError(f"端口 {port} 已被占用：用 --port 换一个端口，例如 `cdtkg app --port {port + 1}`。")
    if read_only:
        check_built(corpus)
    else:
        prepare(corpus)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    url = f"http://{shown}:{port}/"
    local = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/"
    env = {**os.environ, "CDTKG_CORPUS": str(corpus)}
    proc = subprocess.Popen(command(corpus, port, host, read_only), env=env, stdin=subprocess.DEVNULL)
    try:
        with step("正在启动探索界面"):
            served = wait_until_served(proc, local)
        if not served:
            stop(proc)
            raise BuildError(f"探索界面没能启动（Streamlit 退出码 {proc.returncode}）；上面是它的输出。"
                             f"端口 {port} 可能刚被占用：换一个端口再试，例如 `cdtkg app --port {port + 1}`。")
        print(f"探索界面：{url}  （按 Ctrl+C 停止）", file=sys.stderr, flush=True)
        if browser and has_display():
            webbrowser.open(url)
        proc.wait()
        if proc.returncode == 0:   # Streamlit exits 0 only when asked to stop: Ctrl+C reached it before us
            return 0
        raise BuildError(f"探索界面意外停止（Streamlit 退出码 {proc.returncode}）。")
    except KeyboardInterrupt:
        stop(proc)
        return 0


def stop(proc: subprocess.Popen, sig: int = signal.SIGINT, seconds: float = 10.0, group: bool = False) -> None:
    """Stop `proc` with `sig` (its whole process group when `group`: it was started in a session of
    its own), killing it after `seconds`; returns once it has exited."""
    if proc.poll() is not None:
        return
    send = (lambda s: os.killpg(proc.pid, s)) if group else proc.send_signal
    send(sig)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        proc.wait()


def run_streamlit(argv: list[str]) -> None:
    """Run the Streamlit command line `argv` with the legacy `pages/` folder behaviour off.

    Streamlit treats a `pages/` folder beside the entry file as an old-style multipage app
    until the entry file first calls st.navigation; app/pages/ holds our st.Page modules,
    so without this the very first request would bypass explorer.py."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", *argv]
    cli.main()


if __name__ == "__main__":
    run_streamlit(sys.argv[1:])
