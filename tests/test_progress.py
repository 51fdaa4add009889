"""Progress on stderr: said for a step that takes a while on a terminal, never into a pipe."""
import io
import sys
import time

from app import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_step_on_a_terminal_shows_its_seconds_and_ends_with_the_time_taken(monkeypatch):
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.1)
    with progress.step("正在建立检索索引"):
        time.sleep(1.2)
    text = err.getvalue()
    assert "\r正在建立检索索引… 1 秒" in text
    assert text.endswith("正在建立检索索引…完成（1.2 秒）\n")


def test_a_quick_step_says_nothing(monkeypatch):
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    with progress.step("正在构建图谱"):
        pass
    assert err.getvalue() == ""


def test_nothing_is_said_into_a_pipe_however_long_the_step(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    with progress.step("正在构建图谱"):
        time.sleep(0.7)
    assert err.getvalue() == ""
    assert progress.documents_progress([1, 2], 2) == [1, 2]
