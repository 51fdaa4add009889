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
    with progress.step("正在构建图谱") as say:
        say("：第 1/5 份文档")
        time.sleep(1.2)
    text = err.getvalue()
    assert "\r正在构建图谱：第 1/5 份文档… 1 秒" in text
    assert "\r正在构建图谱…完成（1.2 秒）" in text and text.endswith("\n")


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
    with progress.step("正在构建图谱") as say:
        say("：第 1/5 份文档")
        time.sleep(0.7)
    assert err.getvalue() == ""


def test_the_first_build_of_a_corpus_says_which_document_it_parses(monkeypatch, tmp_path):
    import shutil
    from pathlib import Path

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    manifest = Path(__file__).resolve().parent.parent / "corpus" / "manifest.csv"
    rows = manifest.read_text(encoding="utf-8").splitlines()
    (corpus / "manifest.csv").write_text("\n".join([rows[0], *[r for r in rows if r.startswith("tszs-")]]) + "\n",
                                         encoding="utf-8")
    shutil.copy(manifest.parent / "tszs-4042-2021-top-level-design-guide.txt", corpus)
    summary = progress.built(corpus)
    assert summary.triples > 0
    assert "正在构建图谱（首次使用或语料有变化）：第 1/1 份文档…" in err.getvalue()
