"""The README stays true: its two set-up commands, and every subcommand documented with an example."""
import argparse
import re
from pathlib import Path

from app.cli import _parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def subcommands() -> set[str]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


def test_the_readme_opens_with_the_two_setup_commands():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert block[0].endswith("cdtkg app")
    assert "pytest" in block[1] and "'.[test]'" in block[1]


def test_ci_runs_exactly_the_readmes_test_command():
    test_command = re.search(r"```bash\n.*?\n(.*?)\n```", README, re.S).group(1).strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_every_subcommand_is_in_the_readme_with_an_example_and_nothing_else_is():
    documented = set(re.findall(r"^\| `cdtkg (\w+)` \|", README, re.M))
    assert documented == subcommands()
    for name in documented:
        row = re.search(rf"^\| `cdtkg {name}` \|.*\| `cdtkg {name}[^`]*` \|$", README, re.M)
        assert row, f"README row for `cdtkg {name}` has no example"


# --- the README's commands, run ------------------------------------------------------------------
import os  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

import pytest  # noqa: E402

from app.cli import main  # noqa: E402
from app.explorer_server import stop, wait_until_served  # noqa: E402

SMALL = ROOT / "tests" / "fixtures" / "gbt_small_standard.txt"
# Examples that need a server or run for minutes: `app` has its own test below, `push` needs an
# endpoint (tests/test_endpoint_virtuoso.py), `bench` takes minutes (tests/test_bench.py).
NOT_RUN_HERE = {"app", "push", "bench"}
# `check` exits 1 when the draft has findings, which is its purpose, not a failure.
SUCCESS = {"check": {0, 1}}


def examples() -> list[tuple[str, list[str]]]:
    """(command, argv) of every example of the README's command table, in table order."""
    rows = re.findall(r"^\| `cdtkg (\w+)` \|.*\| `(cdtkg [^`]*)` \|$", README, re.M)
    return [(name, shlex.split(example)[1:]) for name, example in rows]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status
    except OSError:
        return 0


def test_every_example_of_the_command_table_runs_and_succeeds(tmp_path, monkeypatch, capsys, copy_corpus):
    """Each example needing no server, run as written in a folder holding the files it names, on a
    copy of the bundled corpus with its own build home."""
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = copy_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "新标准.txt").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(ROOT / "tests" / "fixtures" / "plan_national.csv", tmp_path / "2026计划.csv")
    ran = []
    for name, argv in examples():
        if name in NOT_RUN_HERE:
            continue
        capsys.readouterr()
        code = main([*argv, "--corpus", str(corpus)])
        out, err = capsys.readouterr()
        assert code in SUCCESS.get(name, {0}), f"`cdtkg {shlex.join(argv)}` exited {code}: {err.strip()}"
        assert "内部错误" not in err
        ran.append(name)
    assert set(ran) == subcommands() - NOT_RUN_HERE
    assert (tmp_path / "cdtkg.ttl").stat().st_size > 0 and (tmp_path / "项目清单.xlsx").stat().st_size > 0
    assert (tmp_path / "意见.xlsx").stat().st_size > 0


def test_the_first_commands_app_step_serves_the_explorer_on_a_fresh_machine_without_a_terminal(tmp_path):
    """`.venv/bin/cdtkg app` as the README's first command runs it, with stdin closed, a HOME where
    Streamlit never ran and no display: it answers /_stcore/health and the main page, prints one URL,
    and never shows Streamlit's first-run prompt."""
    first = re.search(r"```bash\n(.*?)\n", README).group(1)
    step = shlex.split(first.split("&&")[-1])
    assert step[0] == ".venv/bin/cdtkg" and step[1:] == ["app"]
    cdtkg = Path(sys.executable).with_name("cdtkg")
    cmd = [str(cdtkg)] if cdtkg.exists() else [sys.executable, "-m", "app.cli"]
    port = _free_port()   # the README's default port may be taken on a shared machine
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["HOME"] = str(tmp_path / "home")
    (tmp_path / "home").mkdir()
    log = tmp_path / "app.log"
    proc = subprocess.Popen([*cmd, *step[1:], "--port", str(port)], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_until_served(proc, url, 300), f"`cdtkg app` did not start (exit code {proc.returncode}): " \
                                                  f"{log.read_text()[-2000:]}"
        assert _get(url) == 200
        deadline = time.monotonic() + 10
        while "探索界面：" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop(proc, seconds=20, group=True)
    text = log.read_text()
    assert proc.returncode == 0
    assert re.findall(r"https?://\S+", text) == [f"http://localhost:{port}/"]
    assert "Welcome to Streamlit" not in text and "email" not in text.lower()
    assert not (tmp_path / "home" / ".streamlit" / "credentials.toml").exists()
