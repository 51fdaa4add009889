"""`cdtkg app`: build what the explorer needs, then serve app/explorer.py with Streamlit."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from loaders import build as graph_build
from loaders.problems import BuildError, CdtkgError

EXPLORER = Path(__file__).resolve().parent / "explorer.py"


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def prepare(corpus: Path, say=print) -> None:
    """Build the graph and the search index of `corpus` if needed, telling the user what happens.

    A failed build keeps the last good one: the explorer shows that, with the reason."""
    say(f"正在准备图谱（{corpus}）：首次运行或语料有变化时需要一点时间…", file=sys.stderr)
    try:
        summary = graph_build.build(corpus)
        documents = [d for d in summary.documents if d.get("kind") != "corpus"]
        say(f"图谱就绪：{len(documents)} 份文件，{summary.triples} 个三元组"
            + ("（沿用上次构建）" if summary.reused else f"（构建用时 {summary.seconds:.1f} 秒）"), file=sys.stderr)
    except BuildError as e:
        if not (graph_build.build_root(corpus) / "current" / graph_build.GRAPH_FILE).is_file():
            raise
        say(f"注意：{e} 探索界面将显示上一次成功的构建。", file=sys.stderr)
    try:
        from queries.search_index import ensure_index

        say("正在准备检索索引…", file=sys.stderr)
        ensure_index(corpus)
    except CdtkgError as e:  # search is one page of many: the rest still works
        say(f"注意：检索索引不可用（{e}）；搜索页会再试一次。", file=sys.stderr)


def check_built(corpus: Path, say=print) -> None:
    """For a read-only explorer: make sure a build of `corpus` and its search index exist, writing nothing."""
    if not (graph_build.build_root(corpus) / "current" / graph_build.GRAPH_FILE).is_file():
        raise CdtkgError(f"只读模式不会构建图谱，而语料 {corpus} 还没有构建：请先运行 `cdtkg build --corpus {corpus}`，"
                         "再以 --read-only 启动。")
    say("只读模式：使用已有的构建，界面不提供重新构建。", file=sys.stderr)


def command(corpus: Path, port: int, host: str, browser: bool, read_only: bool = False) -> list[str]:
    """Return the `streamlit run` command line that serves the explorer (through `run_streamlit`)."""
    return [sys.executable, "-m", "app.explorer_server", "run", str(EXPLORER),
            "--server.port", str(port), "--server.address", host,
            "--server.headless", "false" if browser else "true",
            "--server.fileWatcherType", "none", "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
            "--client.showErrorDetails", "none",
            "--", "--corpus", str(corpus), *(["--read-only"] if read_only else [])]


def serve(corpus: Path, port: int = 8501, host: str = "127.0.0.1", browser: bool = True, read_only: bool = False) -> int:
    """Prepare `corpus` and serve the explorer until interrupted; returns Streamlit's exit code."""
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
    print(f"探索界面：http://{shown}:{port}/  （按 Ctrl+C 停止）", file=sys.stderr, flush=True)
    env = {**os.environ, "CDTKG_CORPUS": str(corpus)}
    proc = subprocess.Popen(command(corpus, port, host, browser, read_only), env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        return 0


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
