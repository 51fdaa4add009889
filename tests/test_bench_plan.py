"""`cdtkg bench` work-programme figures: the synthetic plan list is a sheet the importer reads cleanly."""
from app.bench_plan import STAGES, synthetic_sheet
from loaders.plan_sheet import read_plan_sheet


def test_the_synthetic_plan_list_is_read_as_projects_with_known_stages_and_no_errors(tmp_path):
    sheet = read_plan_sheet(synthetic_sheet(tmp_path / "计划.xlsx", ["数据资源目录", "城市智能中枢"], n=90))
    assert len(sheet.rows) == 90
    assert {r.stage for r in sheet.rows} == set(STAGES)
    assert len({r.plan_number for r in sheet.rows}) == 90
    assert not [p for p in sheet.problems if p.severity.value == "error"]
