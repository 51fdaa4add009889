"""jieba's default dictionary read from the pickled table: the same table, the same cuts as jieba's own load."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = "城市全域数字化转型技术参考模型规定了城市数字化转型的总体框架和数据流通利用设施"

OURS = f"""
import json, sys, time
from loaders.jieba_dictionary import default_tokenizer
import jieba
dt = default_tokenizer()
print(json.dumps({{"n": len(dt.FREQ), "total": dt.total, "cut": jieba.lcut({TEXT!r}),
                  "search": jieba.lcut_for_search({TEXT!r})}}))
"""
JIEBAS = OURS.replace("from loaders.jieba_dictionary import default_tokenizer", "").replace(
    "dt = default_tokenizer()", "jieba.setLogLevel(60); jieba.initialize(); dt = jieba.dt")


def _run(code: str, home: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={"CDTKG_HOME": str(home), "PATH": ""},
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_pickled_table_cuts_as_jieba_does_and_a_damaged_one_is_made_again(tmp_path):
    theirs = _run(JIEBAS, tmp_path / "unused")
    first = _run(OURS, tmp_path)                 # jieba reads its dictionary; the table is pickled
    [table] = tmp_path.glob("jieba-dictionary.*.pickle")
    second = _run(OURS, tmp_path)                # read from the pickle
    assert first == second == theirs
    table.write_bytes(table.read_bytes()[:1000])  # cut short (a full disk, an interrupted write)
    assert _run(OURS, tmp_path) == theirs
    assert table.stat().st_size > 1000
