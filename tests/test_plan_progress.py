"""Progress of the work programme toward the 2027 target: the counting rules on hand-made rows, and end to
end through the command line and the explorer (AppTest): the figures change when a project moves stage
in the imported sheet and when a draft with its plan number is added."""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from app.cli import main
from queries.plan_progress import DEADLINE, items, programme

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
NATIONAL = FIXTURES / "plan_national.csv"
APP = ROOT / "app" / "explorer.py"
TODAY = dt.date(2026, 12, 6)


# --- the counting rules ------------------------------------------------------------------------------------------
def _item(iri, **r):
    return {"iri": iri, "name": iri, "ingested": "false", **r}


def _topic(label, order):
    return {"label": label, "order": order, "minimum": 30}


def _run(item_rows, target_rows, topics=("参考架构", "数字孪生")):
    tables = {"plan_items": item_rows, "plan_item_targets": target_rows,
              "plan_topics": [_topic(t, i) for i, t in enumerate(topics, 1)]}
    return programme(lambda name, **params: tables[name], TODAY)


def _maps(iri, topic):
    return {"iri": iri, "targetKind": "topic", "label": topic, "year": 2027, "method": "derived", "score": 0.8}


def test_a_drafts_own_text_moves_a_listed_project_on_but_never_back():
    [item] = items([_item("a", stage="立项", status="Draft", draftStage="征求意见稿", ingested="true")], [])
    assert item.stage == "征求意见"
    [item] = items([_item("a", stage="报批", status="Draft", draftStage="征求意见稿", ingested="true")], [])
    assert item.stage == "报批"
    [item] = items([_item("a", stage="终止", status="Draft", ingested="true")], [])
    assert item.state == "已终止"


def test_only_international_national_standards_and_technical_documents_count():
    p = _run([_item("gb", kind="国家标准", stage="发布"), _item("t", kind="团体标准", stage="发布"),
              _item("z", kind="国家标准化指导性技术文件", stage="起草", due="2027-06-30")],
             [_maps("gb", "参考架构"), _maps("t", "参考架构"), _maps("z", "数字孪生")])
    assert (p.published, p.in_progress, p.remaining) == (1, {"起草": 1}, 28)
    assert [i.iri for i in p.not_counted] == ["t"]
    assert [(t.topic, t.state, t.published) for t in p.topics] == [("参考架构", "已有发布", 1), ("数字孪生", "在编", 0)]


def test_a_project_due_after_2027_cannot_count_and_a_project_past_its_cycle_is_late():
    p = _run([_item("later", kind="国家标准", stage="立项", due="2028-03-01"),
              _item("late", kind="国家标准", stage="送审", due="2026-06-01"),
              _item("ok", kind="国家标准", stage="预研", due="2027-10-01")],
             [_maps("later", "数字孪生")])
    assert [i.iri for i in p.after_deadline] == ["later"] and [i.iri for i in p.late] == ["late"]
    assert (p.in_progress_total, p.proposed, p.remaining) == (1, 1, 29)
    assert p.topics[1].state == "在编但到期晚于2027年底"
    assert p.topics_without_project == ["参考架构"]
    assert p.headline() == ("已发布 0 项，在编 1 项（送审 1），预研 1 项；另有 1 项到期晚于 2027 年底，不能计入。"
                            "目标至少 30 项，还差 29 项")


def test_the_burn_up_runs_monthly_to_the_end_of_2027_against_the_target():
    p = _run([_item("a", kind="国家标准", stage="发布", stageDate="2026-03-10", start="2025-01-01"),
              _item("b", kind="国家标准", stage="起草", due="2027-05-01")], [])
    series = p.burn_up()
    assert series[0]["month"] == "2025-01-01" and series[-1]["month"] == "2027-12-01"
    by_month = {s["month"]: s for s in series}
    assert by_month["2026-02-01"]["已发布"] == 0 and by_month["2026-03-01"]["已发布"] == 1
    assert by_month["2027-04-01"]["按计划完成"] == 1 and by_month["2027-05-01"]["按计划完成"] == 2
    assert {s["目标"] for s in series} == {30} and DEADLINE == dt.date(2027, 12, 31)


# --- end to end --------------------------------------------------------------------------------------------------
def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def figures(capsys, corpus: Path) -> dict[str, dict]:
    """The rows of `cdtkg gaps --plan` by topic, and the headline."""
    code, out, err = cli(capsys, "gaps", "--plan", "--corpus", str(corpus), "--format", "csv", "--on", TODAY.isoformat())
    assert code == 0, err
    rows = {r["方向"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    rows["headline"] = err.splitlines()[0]
    return rows


def overview_headline(corpus: Path, monkeypatch) -> str:
    monkeypatch.setenv("CDTKG_CORPUS", str(corpus))
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [progress] = at.get("progress")
    return progress.proto.text


@pytest.fixture
def corpus(tmp_path, monkeypatch, copy_corpus) -> Path:
    monkeypatch.setenv("CDTKG_HOME", str(tmp_path / "home"))
    return copy_corpus(tmp_path / "corpus")


def test_the_2027_figures_follow_the_sheet_and_the_drafts_through_the_cli_and_the_explorer(corpus, capsys, tmp_path,
                                                                                         monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

    code, out, err = cli(capsys, "plan", "import", str(NATIONAL), "--corpus", str(corpus))
    assert code == 0 and "已导入 7 个项目" in out
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    before = figures(capsys, corpus)
    assert before["headline"].startswith("已发布 0 项，在编 6 项（立项 1、起草 2、征求意见 2、送审 1）")
    assert before["智能中枢"]["在编各阶段"] == "送审 1"
    assert before["数字孪生"]["在编各阶段"] == "立项 1"
    assert "已发布 0 项，在编 6 项" in overview_headline(corpus, monkeypatch)

    # the secretariat's next version of the list: 城市智能中枢 参考架构 is published
    moved = tmp_path / "计划（第二版）.csv"
    moved.write_text(NATIONAL.read_text(encoding="utf-8").replace("2025-06-01,送审", "2025-06-01,已发布"),
                     encoding="utf-8-sig")
    code, out, err = cli(capsys, "plan", "import", str(moved), "--corpus", str(corpus))
    assert "阶段变化 1 项" in out and "20259902-T-469 城市智能中枢 参考架构：送审 → 发布" in out
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    after = figures(capsys, corpus)
    assert after["headline"].startswith("已发布 1 项，在编 5 项")
    assert (after["智能中枢"]["状态"], after["智能中枢"]["已发布"]) == ("已有发布", "1")
    assert "已发布 1 项，在编 5 项" in overview_headline(corpus, monkeypatch)
    from queries.changes import changes_since_previous

    [(old, new)] = changes_since_previous(corpus).aspect("plan_projects").changed
    assert (old["project"], old["stage"], new["stage"]) == ("20259902-T-469", "送审", "发布")

    # a draft with the plan number of a project listed at 立项 is added: the project is being drafted
    code, out, err = cli(capsys, "add", str(FIXTURES / "gbt_small_standard.txt"), "--corpus", str(corpus),
                         "--kind", "standard", "--plan-number", "20269901-T-469",
                         "--title", "城市全域数字化转型 数字孪生 通用要求")
    assert code == 0, err
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    drafted = figures(capsys, corpus)
    assert drafted["数字孪生"]["在编各阶段"] == "起草 1"
    assert drafted["headline"].startswith("已发布 1 项，在编 5 项（起草 3、征求意见 2）")
    assert "在编 5 项（起草 3、征求意见 2）" in overview_headline(corpus, monkeypatch)


def test_the_sheet_goes_back_with_its_framework_nodes_and_no_live_formula(corpus, capsys, tmp_path):
    hostile = tmp_path / "带公式.csv"
    hostile.write_text(NATIONAL.read_text(encoding="utf-8").replace(
        ",测试数据（虚构项目）\n", ',"=HYPERLINK(""http://example.invalid"",""点我"")"\n', 1), encoding="utf-8")
    code, out, err = cli(capsys, "plan", "import", str(hostile), "--corpus", str(corpus))
    assert code == 0 and "是公式" in err
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    target = tmp_path / "回交.xlsx"
    code, out, err = cli(capsys, "gaps", "--plan", "--corpus", str(corpus), "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    ws = load_workbook(target).worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:12] == ["序号", "计划号", "项目名称", "制修订", "标准性质", "项目周期", "主管部门", "归口单位", "起草单位",
                           "下达日期", "阶段", "备注"]
    assert header[12:] == ["体系节点", "路线图方向", "覆盖依据", "进展"]
    rows = {r[1].value: {h: c for h, c in zip(header, r)} for r in ws.iter_rows(min_row=2)}
    trm = rows["20250317-T-469"]
    assert trm["体系节点"].value == "A.2 参考架构" and trm["路线图方向"].value == "参考架构"
    assert "人工映射" in trm["覆盖依据"].value
    formula = [c for r in ws.iter_rows(min_row=2) for c in r if str(c.value).startswith("=HYPERLINK")]
    assert formula and all(c.data_type == "s" for c in formula)
    # and the projects' names are searchable
    code, out, err = cli(capsys, "search", "数字孪生 通用要求", "--corpus", str(corpus), "--json")
    assert code == 0 and "20269901-T-469" in out


def test_a_refused_sheet_leaves_the_corpus_and_the_last_build_unchanged(corpus, capsys, tmp_path):
    assert cli(capsys, "plan", "import", str(NATIONAL), "--corpus", str(corpus))[0] == 0
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    from loaders.build import GRAPH_FILE, build_root

    graph = build_root(corpus) / "current" / GRAPH_FILE
    snapshot = {p.name: p.read_bytes() for p in corpus.iterdir()}, graph.read_bytes()
    big = tmp_path / "大.csv"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    bomb = tmp_path / "炸弹.xlsx"
    import zipfile

    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (80 * 1024 * 1024))
    for bad, says in ((big, "超过计划表的上限"), (bomb, "压缩炸弹"), (FIXTURES / "gbt_small_standard.txt", "没有找到项目清单")):
        code, out, err = cli(capsys, "plan", "import", str(bad), "--corpus", str(corpus))
        assert code == 2 and says in err and "内部错误" not in err
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    assert ({p.name: p.read_bytes() for p in corpus.iterdir()}, graph.read_bytes()) == snapshot


def test_the_gaps_page_keeps_the_returned_sheet_folded_until_the_secretary_opens_it(corpus, capsys, monkeypatch):
    assert cli(capsys, "plan", "import", str(NATIONAL), "--corpus", str(corpus))[0] == 0
    assert cli(capsys, "build", "--corpus", str(corpus))[0] == 0
    monkeypatch.setenv("CDTKG_CORPUS", str(corpus))
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    at.switch_page("pages/gaps.py").run()
    assert not at.exception, [e.value for e in at.exception]
    [sheet] = [e for e in at.main.expander if e.proto.label.startswith("项目清单")]
    assert "7 项" in sheet.proto.label and not sheet.dataframe        # folded: not worked out, not drawn
    assert [b.label for b in at.get("download_button") if b.label.startswith("下载项目清单")]
    at.session_state["g-plan-sheet-open"] = True
    at.run()
    [sheet] = [e for e in at.main.expander if e.proto.label.startswith("项目清单")]
    [frame] = [d.value for d in sheet.dataframe]
    assert len(frame) == 7 and {"体系节点", "路线图方向", "覆盖依据"} <= set(frame.columns)
